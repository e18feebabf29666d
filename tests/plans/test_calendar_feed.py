"""The athlete's published weeks as an iCalendar feed that a real parser reads back, strictly: valid RFC 5545
for every client, with a VTIMEZONE for each TZID and a SEQUENCE that grows when an event changes."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from people.models import CALENDAR_LINK_DAYS, AthleteProfile, User
from plans.models import PlanSession
from tests.conftest import client_for
from tests.factories import AthleteFactory
from tests.world import MONDAY, generate, sessions_of

pytestmark = pytest.mark.django_db


def feed_path(client, athlete) -> str:
    url = client.get(f"/api/v1/athletes/{athlete.pk}/").json()["calendar_url"]
    return "/" + url.split("/", 3)[3]


def strict(content: bytes) -> Calendar:
    """The feed read by icalendar, refusing anything RFC 5545 does not allow that a lenient reader would pass:
    bad line ends or folding, a value icalendar could not read, a required property missing, a TZID without its
    VTIMEZONE, a date-time that must be UTC and is not."""
    assert content.endswith(b"\r\n") and b"\n" not in content.replace(b"\r\n", b"")  # CRLF only, no bare CR/LF
    for line in content.split(b"\r\n"):
        assert len(line) <= 75, line  # folded at 75 octets (RFC 5545 3.1)
    calendar = Calendar.from_ical(content)
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    events = list(calendar.walk("VEVENT"))
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    for event in events:
        for name in ("uid", "dtstamp", "dtstart", "dtend", "sequence", "last-modified", "summary"):
            assert name in event, (name, event)
        for name in ("dtstamp", "last-modified"):
            assert event.decoded(name).utcoffset() == dt.timedelta(0), name  # UTC (RFC 5545 3.8.7.2, 3.8.7.3)
            assert event[name].to_ical().endswith(b"Z")
        assert event.decoded("dtend") > event.decoded("dtstart")
        assert isinstance(event.decoded("sequence"), int) and event.decoded("sequence") >= 0
    used = set(re.findall(rb";TZID=([^:;]+)", content))
    zones = {str(tz["tzid"]).encode(): tz for tz in calendar.walk("VTIMEZONE")}
    assert used <= set(zones), used - set(zones)  # a VTIMEZONE for each TZID (RFC 5545 3.2.19)
    for tz in zones.values():
        observances = [c for c in tz.subcomponents if c.name in ("STANDARD", "DAYLIGHT")]
        assert observances
        for observance in observances:
            assert {"dtstart", "tzoffsetfrom", "tzoffsetto"} <= {k.lower() for k in observance}
    assert calendar.get_missing_tzids() == set()
    return calendar


def strict_feed(client, athlete) -> Calendar:
    response = Client().get(feed_path(client, athlete))
    assert response.status_code == 200, response.content
    return strict(response.content)


def by_uid(calendar: Calendar) -> dict[str, dict]:
    return {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def revision(event) -> tuple[int, dt.datetime, dt.datetime]:
    return event.decoded("sequence"), event.decoded("last-modified"), event.decoded("dtstamp")


def test_feed_lists_published_sessions_in_local_time(coach_client, athlete) -> None:
    draft = generate(coach_client, athlete, MONDAY + dt.timedelta(days=7))
    plan = generate(coach_client, athlete)
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    response = Client().get(feed_path(coach_client, athlete))  # no login: the token is the credential
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = strict(response.content)
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
    events = list(strict_feed(coach_client, player).walk("VEVENT"))
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


# --- RFC 5545: time zones, revisions, escaped text --------------------------------------------------------------


def test_each_tzid_has_a_vtimezone_that_gives_the_zones_offsets(coach_client, coach) -> None:
    """Winter and summer fixtures in Los Angeles: the VTIMEZONE itself (not a lookup by name) gives each local
    time the offset zoneinfo gives it, on both sides of daylight saving time."""
    player = AthleteFactory(coaches=[coach], sport="soccer", time_zone="America/Los_Angeles")
    next_year = timezone.localdate().year + 1
    days = [dt.date(next_year, 1, 16), dt.date(next_year, 7, 17)]
    body = {"dates": [d.isoformat() for d in days], "start_time": "18:30", "minutes": 90, "kind": "match"}
    assert coach_client.post(f"/api/v1/athletes/{player.pk}/fixtures/", body, format="json").status_code == 201
    plan = generate(coach_client, player)
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    calendar = strict_feed(coach_client, player)
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert str(vtimezone["tzid"]) == "America/Los_Angeles"
    from_component = vtimezone.to_tz(lookup_tzid=False)
    zone = ZoneInfo("America/Los_Angeles")
    events = list(calendar.walk("VEVENT"))
    assert len(events) > 2
    for event in events:
        assert event["dtstart"].params["TZID"] == "America/Los_Angeles"
        local = event.decoded("dtstart").replace(tzinfo=None)
        assert local.replace(tzinfo=from_component).utcoffset() == local.replace(tzinfo=zone).utcoffset()
    offsets = {e.decoded("dtstart").utcoffset() for e in events if e.decoded("dtstart").date() in days}
    assert offsets == {dt.timedelta(hours=-8), dt.timedelta(hours=-7)}


def test_a_utc_athlete_needs_no_vtimezone(coach_client, coach) -> None:
    athlete = AthleteFactory(coaches=[coach], time_zone="UTC")
    plan = generate(coach_client, athlete)
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    calendar = strict_feed(coach_client, athlete)
    assert calendar.walk("VEVENT") and not calendar.walk("VTIMEZONE")
    assert all(e["dtstart"].to_ical().endswith(b"Z") for e in calendar.walk("VEVENT"))


def test_an_unchanged_feed_is_the_same_bytes(coach_client, athlete, django_assert_max_num_queries) -> None:
    plan = generate(coach_client, athlete)
    published_at = timezone.now()
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    path = feed_path(coach_client, athlete)
    with django_assert_max_num_queries(10):  # the first poll stores every event's revision in one query
        first = Client().get(path).content
    with django_assert_max_num_queries(6):  # later ones only read
        again = Client().get(path).content
    assert again == first
    for event in strict(first).walk("VEVENT"):
        sequence, last_modified, dtstamp = revision(event)
        assert sequence == 0
        assert last_modified == dtstamp and abs(dtstamp - published_at) < dt.timedelta(minutes=1)  # its publication


def test_a_session_moved_from_7_to_18_keeps_its_uid_and_gets_a_higher_sequence(coach_client, athlete) -> None:
    plan = generate(coach_client, athlete)
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    before = by_uid(strict_feed(coach_client, athlete))
    [(_, moved), *others] = sessions_of(plan)
    uid = f"session-{moved['id']}"
    assert before[uid].decoded("dtstart").hour == 7
    edited_at = timezone.now()
    url = f"/api/v1/plans/{plan['id']}/sessions/{moved['id']}/"
    assert coach_client.patch(url, {"start_time": "18:00"}, format="json").status_code == 200
    after = by_uid(strict_feed(coach_client, athlete))
    assert set(after) == set(before)  # the same UIDs: calendar apps move the event instead of adding one
    start = after[uid].decoded("dtstart")
    assert (start.hour, start.minute, start.date()) == (18, 0, before[uid].decoded("dtstart").date())
    sequence, last_modified, dtstamp = revision(after[uid])
    assert sequence == revision(before[uid])[0] + 1 == 1
    assert last_modified == dtstamp >= edited_at.replace(microsecond=0)
    for _, other in others:  # the other sessions did not change
        assert revision(after[f"session-{other['id']}"]) == revision(before[f"session-{other['id']}"])
    # polled again, nothing changed: the same revision; moved back, another one
    assert revision(by_uid(strict_feed(coach_client, athlete))[uid]) == (sequence, last_modified, dtstamp)
    assert coach_client.patch(url, {"start_time": "07:00"}, format="json").status_code == 200
    assert revision(by_uid(strict_feed(coach_client, athlete))[uid])[0] == 2


def test_a_new_preferred_time_moves_sessions_with_a_new_sequence(coach_client, athlete) -> None:
    """Sessions without a time of their own follow the athlete's preferred time: nothing about the session rows
    changes, and the feed still says each event changed."""
    plan = generate(coach_client, athlete)
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    before = by_uid(strict_feed(coach_client, athlete))
    me = client_for(athlete.user)
    assert (
        me.patch(f"/api/v1/athletes/{athlete.pk}/", {"preferred_session_time": "18:00"}, format="json").status_code
        == 200
    )
    after = by_uid(strict_feed(coach_client, athlete))
    assert set(after) == set(before)
    for uid, event in after.items():
        assert event.decoded("dtstart").hour == 18
        assert event.decoded("sequence") == before[uid].decoded("sequence") + 1


def test_a_moved_fixture_keeps_its_uid_and_gets_a_higher_sequence(coach_client, coach) -> None:
    player = AthleteFactory(coaches=[coach], sport="soccer", time_zone="Europe/Madrid")
    day = MONDAY + dt.timedelta(weeks=3, days=5)  # a week not planned: shown as the fixture itself
    body = {"date": day.isoformat(), "start_time": "11:00", "minutes": 90, "kind": "match", "title": "Derby"}
    created = coach_client.post(f"/api/v1/athletes/{player.pk}/fixtures/", body, format="json")
    assert created.status_code == 201, created.content
    uid = f"fixture-{created.json()['id']}"
    before = by_uid(strict_feed(coach_client, player))[uid]
    assert revision(before)[0] == 0
    url = f"/api/v1/athletes/{player.pk}/fixtures/{created.json()['id']}/"
    assert coach_client.patch(url, {"start_time": "17:00"}, format="json").status_code == 200
    after = by_uid(strict_feed(coach_client, player))[uid]
    assert after.decoded("dtstart").hour == 17
    assert revision(after)[0] == 1 and revision(after)[1] >= revision(before)[1]  # iCalendar counts seconds


def test_line_breaks_in_names_and_titles_are_escaped_not_a_500(coach_client, athlete) -> None:
    """Names and titles stored before they were checked for line breaks: the feed escapes them as TEXT."""
    plan = generate(coach_client, athlete)
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    name = "Ana\r\nBEGIN:VEVENT\nUID:forged"
    User.objects.filter(pk=athlete.user_id).update(name=name)
    [(_, session), *_] = sessions_of(plan)
    PlanSession.objects.filter(pk=session["id"]).update(title="Tempo\r\nEND:VCALENDAR\r\n;x,y\\")
    response = Client().get(feed_path(coach_client, athlete))
    assert response.status_code == 200
    calendar = strict(response.content)
    # an X- property is read back as written: the line holds TEXT escapes (RFC 5545 3.3.11), "\\n" for a break
    assert calendar["x-wr-calname"].to_ical() == b"Training plan: Ana\\nBEGIN:VEVENT\\nUID:forged"
    assert str(by_uid(calendar)[f"session-{session['id']}"]["summary"]) == "Tempo\nEND:VCALENDAR\n;x,y\\"
    assert len(calendar.walk("VEVENT")) == len(sessions_of(plan))  # nothing forged
    assert b"\r\nUID:forged" not in response.content and b"\r\nEND:VCALENDAR\r\n;" not in response.content
