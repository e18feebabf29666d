"""The kept day summary (intake/day_cache.py): read again for one query, never stale after a write.

These tests read the cache as production does (DAY_SUMMARY_CHECK_KEPT off) and compare what they get with a summary
computed from the data; the rest of the suite runs with the check on, so any test that reads a kept summary after
a write checks the version moved."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from intake.day import day_record
from intake.day_cache import StaleSummary
from intake.day_json import day_json
from intake.hooks import day_load_and_recovery
from intake.models import WaterLog
from people.logs import local_today
from people.models import AthleteProfile
from people.services import api_token_for, data_changed
from recovery.services import run_check
from tests.factories import AthleteFactory, CoachFactory, PlanSessionFactory, PlanWeekFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings) -> tuple[AthleteProfile, APIClient, APIClient]:
    """An athlete whose check of today is stored (the usual case after the morning run), with token clients: the
    version comes with sign-in, as in production."""
    settings.DAY_SUMMARY_CHECK_KEPT = False
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach])
    run_check(athlete)
    return athlete, token_client(athlete.user), token_client(coach)


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")
    return client


def summary(client: APIClient, athlete: AthleteProfile, day: dt.date | None = None) -> dict:
    day = day or local_today(athlete)
    response = client.get(f"/api/v1/athletes/{athlete.pk}/days/{day.isoformat()}/")
    assert response.status_code == 200, response.content
    return response.json()


def computed(athlete: AthleteProfile, day: dt.date | None = None, drafts: bool = False) -> dict:
    """The summary from the data, past any cache, as JSON the way the view renders it."""
    fresh = AthleteProfile.objects.get(pk=athlete.pk)
    day = day or local_today(fresh)
    body = day_json(day_record(fresh, day, drafts=drafts), *day_load_and_recovery(fresh, day))
    return json.loads(JSONRenderer().render(body))


def test_a_kept_summary_costs_the_sign_in_only(kept, django_assert_num_queries) -> None:
    athlete, me, _ = kept
    first = summary(me, athlete)
    with django_assert_num_queries(1):  # the token with its user and profile: the data version comes with it
        again = summary(me, athlete)
    assert again == first == computed(athlete)
    assert first["recovery"]["checked_at"] is not None


def _water(athlete: AthleteProfile, me: APIClient, coach: APIClient) -> None:
    assert me.post(f"/api/v1/athletes/{athlete.pk}/water/", {"water_ml": 400}, format="json").status_code == 201


def _workout(athlete: AthleteProfile, me: APIClient, coach: APIClient) -> None:
    body = {"date": local_today(athlete).isoformat(), "modality": "run", "minutes": 40, "rpe": 6}
    assert me.post(f"/api/v1/athletes/{athlete.pk}/workouts/", body, format="json").status_code == 201


def _checkin(athlete: AthleteProfile, me: APIClient, coach: APIClient) -> None:
    body = {"date": local_today(athlete).isoformat(), "sleep": 1, "fatigue": 5, "stress": 5, "soreness": 5}
    assert me.post(f"/api/v1/athletes/{athlete.pk}/checkins/", body, format="json").status_code == 201


def _profile(athlete: AthleteProfile, me: APIClient, coach: APIClient) -> None:
    response = coach.patch(f"/api/v1/athletes/{athlete.pk}/", {"medical_flags": ["kidney_disease"]}, format="json")
    assert response.status_code == 200, response.content


def _recheck(athlete: AthleteProfile, me: APIClient, coach: APIClient) -> None:
    run_check(athlete, timezone.now() + dt.timedelta(seconds=1))


WRITES: dict[str, Callable[[AthleteProfile, APIClient, APIClient], None]] = {
    "water": _water,
    "workout": _workout,
    "check-in": _checkin,
    "profile": _profile,
    "recovery check": _recheck,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_write_shows_at_once(kept, write) -> None:
    athlete, me, coach = kept
    before = summary(me, athlete)
    assert summary(me, athlete) == before  # kept
    write(athlete, me, coach)
    after = summary(me, athlete)
    assert after != before
    assert after == computed(athlete)


def test_a_coachs_edit_of_a_session_shows_at_once(kept) -> None:
    athlete, me, coach = kept
    today = local_today(athlete)
    plan = PlanWeekFactory(athlete=athlete, week_start=today - dt.timedelta(days=today.weekday()), status="published")
    session = PlanSessionFactory(plan=plan, date=today, blocks=True)
    data_changed([athlete.pk])  # the factories write past the services
    before = summary(me, athlete)
    assert [s["planned_minutes"] for s in before["sessions"]] == [45]
    body = {"planned_minutes": 50, "override_reason": "test"}
    response = coach.patch(f"/api/v1/plans/{plan.pk}/sessions/{session.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    after = summary(me, athlete)
    assert [s["planned_minutes"] for s in after["sessions"]] == [50]
    assert after == computed(athlete)


def test_a_change_in_the_admin_shows_at_once(kept) -> None:
    athlete, me, _ = kept
    log = WaterLog.objects.create(athlete=athlete, at=timezone.now(), water_ml=300)
    AthleteProfile.objects.filter(pk=athlete.pk).update(data_version=99)  # as the log's service would have
    before = summary(me, athlete)
    staff = Client()
    staff.force_login(StaffFactory(is_superuser=True))
    url = f"/admin/intake/waterlog/{log.pk}/change/"
    form = {"athlete": athlete.pk, "at_0": log.at.date().isoformat(), "at_1": log.at.strftime("%H:%M:%S")}
    response = staff.post(url, form | {"water_ml": 900})
    assert response.status_code == 302, response.content[:2000]
    assert summary(me, athlete)["water"]["ml"] == before["water"]["ml"] + 600


def test_a_delete_of_several_in_the_admin_shows_at_once(kept) -> None:
    athlete, me, _ = kept
    logs = [WaterLog.objects.create(athlete=athlete, at=timezone.now(), water_ml=250) for _ in range(2)]
    AthleteProfile.objects.filter(pk=athlete.pk).update(data_version=99)
    assert summary(me, athlete)["water"]["ml"] == 500
    staff = Client()
    staff.force_login(StaffFactory(is_superuser=True))
    ids = [str(log.pk) for log in logs]
    form = {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    assert staff.post("/admin/intake/waterlog/", form).status_code == 302
    assert not WaterLog.objects.filter(pk__in=ids).exists()
    assert summary(me, athlete)["water"]["ml"] == 0


def test_today_without_a_stored_check_is_computed_every_time(settings, django_assert_max_num_queries) -> None:
    settings.DAY_SUMMARY_CHECK_KEPT = False
    athlete = AthleteFactory()
    me = token_client(athlete.user)
    first = summary(me, athlete)
    assert first["recovery"]["checked_at"] is None  # a live check, as of now: it changes without a write
    with django_assert_max_num_queries(30) as captured:
        summary(me, athlete)
    assert len(captured) > 10


def test_a_past_day_is_kept(settings, django_assert_num_queries) -> None:
    settings.DAY_SUMMARY_CHECK_KEPT = False
    athlete = AthleteFactory()
    me = token_client(athlete.user)
    yesterday = local_today(athlete) - dt.timedelta(days=1)
    first = summary(me, athlete, yesterday)
    assert first["recovery"]["checked_at"] is None  # as of that day's end: nothing but a write changes it
    with django_assert_num_queries(1):
        assert summary(me, athlete, yesterday) == first


def test_a_write_that_forgets_the_version_fails_the_suite(settings) -> None:
    """The net the rest of the suite relies on: with the check on, a kept summary that no longer matches the data
    is an error, not a stale answer."""
    settings.DAY_SUMMARY_CHECK_KEPT = True
    athlete = AthleteFactory()
    run_check(athlete)
    me = token_client(athlete.user)
    summary(me, athlete)
    WaterLog.objects.create(athlete=athlete, at=timezone.now(), water_ml=300)  # past the services: no new version
    with pytest.raises(StaleSummary):
        summary(me, athlete)


def test_a_sweat_test_shows_at_once(kept) -> None:
    athlete, me, _ = kept
    _workout(athlete, me, None)  # a training day: its water target counts the sweat of the session
    run_check(athlete, timezone.now() + dt.timedelta(seconds=1))
    before = summary(me, athlete)
    today = local_today(athlete).isoformat()
    body = {"date": today, "minutes": 60, "mass_before_kg": 70.0, "mass_after_kg": 68.8, "fluid_ml": 500}
    assert me.post(f"/api/v1/athletes/{athlete.pk}/sweat-tests/", body, format="json").status_code == 201
    after = summary(me, athlete)
    assert after["water"] != before["water"]
    assert after == computed(athlete)


def test_a_profile_read_earlier_never_writes_an_older_version_back(kept) -> None:
    """A profile saved from an instance read before a log keeps the log's version (and its owed check): a version
    that went back could name a summary kept before the save."""
    athlete, me, _ = kept
    stale = AthleteProfile.objects.get(pk=athlete.pk)
    _water(athlete, me, None)
    logged = AthleteProfile.objects.get(pk=athlete.pk)
    stale.mass_kg = 71
    stale.save()
    saved = AthleteProfile.objects.get(pk=athlete.pk)
    assert (saved.data_version, saved.recovery_owed_since) == (logged.data_version, logged.recovery_owed_since)
    assert saved.mass_kg == 71
