"""The athlete's published weeks as an iCalendar feed that a real parser reads back."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from tests.conftest import client_for
from tests.factories import AthleteFactory
from tests.plans.conftest import MONDAY, generate, sessions_of
from trainer.models import CALENDAR_LINK_DAYS, AthleteProfile

pytestmark = pytest.mark.django_db


def feed_path(client, athlete) -> str:
    url = client.get(f"/api/v1/athletes/{athlete.pk}/").json()["calendar_url"]
    return "/" + url.split("/", 3)[3]


def test_feed_lists_published_sessions_in_local_time(coach_client, athlete) -> None:
    draft = generate(coach_client, athlete, MONDAY + dt.timedelta(days=7))
    plan = generate(coach_client, athlete)
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    response = Client().get(feed_path(coach_client, athlete))  # no login: the token is the credential
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    published = sessions_of(plan)
    assert len(events) == len(published)
    assert not {f"session-{s['id']}" for _, s in sessions_of(draft)} & {str(e["uid"]).split("@")[0] for e in events}
    by_uid = {str(e["uid"]).split("@")[0]: e for e in events}
    for day, session in published:
        event = by_uid[f"session-{session['id']}"]
        start = event.decoded("dtstart")
        assert start.tzinfo is not None
        local = start.astimezone(ZoneInfo(athlete.time_zone))
        assert local.date().isoformat() == day["date"]
        assert (local.hour, local.minute) == (7, 0)  # the athlete's preferred time
        assert event.decoded("dtend") - start == dt.timedelta(minutes=session["planned_minutes"])
        description = str(event["description"])
        assert "Warmup" in description and "Stretching" in description
        assert str(event["summary"]) == session["title"]


def test_rotating_the_token_revokes_the_old_feed(coach_client, athlete) -> None:
    old = feed_path(coach_client, athlete)
    assert Client().get(old).status_code == 200
    me = client_for(athlete.user)
    new_url = me.post(f"/api/v1/athletes/{athlete.pk}/calendar-token/").json()["calendar_url"]
    assert Client().get(old).status_code == 404
    assert Client().get("/" + new_url.split("/", 3)[3]).status_code == 200


def test_an_unknown_token_is_404() -> None:
    assert Client().get("/calendar/not-a-token.ics").status_code == 404


def test_a_link_is_signed_and_stable(coach_client, athlete) -> None:
    path = feed_path(coach_client, athlete)
    assert feed_path(coach_client, athlete) == path  # the calendar app keeps polling one address
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    other_athlete = signing.Signer(salt="another.salt").sign_object(
        [athlete.pk + 1, athlete.calendar_token, "2099-01-01"]
    )
    for bad in (token[:-2] + ("xy" if token[-2:] != "xy" else "zw"), other_athlete, athlete.calendar_token):
        assert Client().get(f"/calendar/{bad}.ics").status_code == 404, bad


def test_a_link_expires_after_a_year(coach_client, athlete) -> None:
    assert athlete.calendar_link_expires_on == timezone.localdate() + dt.timedelta(days=CALENDAR_LINK_DAYS)
    AthleteProfile.objects.filter(pk=athlete.pk).update(calendar_link_expires_on=timezone.localdate())
    path = feed_path(coach_client, athlete)
    assert Client().get(path).status_code == 200  # its last day
    AthleteProfile.objects.filter(pk=athlete.pk).update(
        calendar_link_expires_on=timezone.localdate() - dt.timedelta(days=1)
    )
    expired = Client().get(feed_path(coach_client, athlete))
    assert expired.status_code == 410
    assert "expired" in expired.content.decode() and "new one" in expired.content.decode()
    me = client_for(athlete.user)
    fresh = me.post(f"/api/v1/athletes/{athlete.pk}/calendar-token/").json()["calendar_url"]
    assert Client().get("/" + fresh.split("/", 3)[3]).status_code == 200


def test_team_fixtures_are_events_once_whether_planned_or_not(coach_client, coach) -> None:
    player = AthleteFactory(coaches=[coach], sport="soccer", time_zone="America/Los_Angeles")
    saturdays = [MONDAY + dt.timedelta(days=5, weeks=i) for i in range(3)]
    body = {"dates": [d.isoformat() for d in saturdays], "start_time": "15:00", "minutes": 90, "kind": "match"}
    assert coach_client.post(f"/api/v1/athletes/{player.pk}/fixtures/", body, format="json").status_code == 201
    plan = generate(coach_client, player)
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    events = list(Calendar.from_ical(Client().get(feed_path(coach_client, player)).content).walk("VEVENT"))
    matches = [e for e in events if str(e["summary"]) == "Match"]
    # the first Saturday through its published week, its FIFA 11+ warm-up 20 minutes before kick-off; the two
    # after it as fixtures at kick-off: no duplicate
    zone = ZoneInfo(player.time_zone)
    assert sorted(e.decoded("dtstart").astimezone(zone) for e in matches) == [
        dt.datetime.combine(saturdays[0], dt.time(14, 40), tzinfo=zone),
        *(dt.datetime.combine(d, dt.time(15), tzinfo=zone) for d in saturdays[1:]),
    ]
    [planned] = [e for e in matches if str(e["uid"]).startswith("session-")]
    assert "Kick-off at 15:00" in str(planned["description"])
