"""POST /athletes/{id}/workouts/import/ (docs/api.md, "Added in turn 2", Workout files): real FIT, TCX and GPX files
made in the test, matched to the planned session of the athlete's local day, heart-rate load from the profile
and check-ins, RPE given later; duplicates 409; bad files 400 with one sentence and nothing stored; who may."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from fit_tool.profile.profile_type import Sport
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from people.logs import local_today
from tests.conftest import client_for
from tests.factories import AthleteFactory, CheckInFactory, CoachFactory
from tests.plans.test_plan_compliance_api import by_id, log, monday_of, published, unique_slots
from tests.training.workout_file_makers import Track, fit_file, gpx_file, tcx_file
from training import trimp
from training.models import WorkoutLog
from training.workout_files import MAX_FILE_BYTES

pytestmark = pytest.mark.django_db


def steady(i: int) -> int:
    return 150 + (i // 60) % 5


def upload(client, athlete, data: bytes, name: str = "workout.fit"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/api/v1/athletes/{athlete.pk}/workouts/import/",
        {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")},
        format="multipart",
    )


def local_start(athlete, day: str, hour: int, minute: int = 0) -> dt.datetime:
    """An instant on the athlete's local `day`, as a watch records it (UTC)."""
    local = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), ZoneInfo(athlete.time_zone))
    return local.astimezone(dt.UTC)


@pytest.fixture
def past_plan(coach_client, athlete) -> dict:
    return published(coach_client, athlete, monday_of(local_today(athlete)) - dt.timedelta(days=14))


def a_run(plan: dict) -> dict:
    return next(s for s in unique_slots(plan) if s["modality"] == "run")


def test_a_fit_run_does_its_planned_session_with_heart_rate_load_and_waits_for_the_rpe(
    coach_client, athlete, past_plan
) -> None:
    session = a_run(past_plan)
    day = dt.date.fromisoformat(session["date"])
    for offset, resting in ((1, 50), (3, 54), (40, 70)):  # the one 40 days back is too old to count
        CheckInFactory(
            athlete=athlete, date=day - dt.timedelta(days=offset), sleep=3, fatigue=3, stress=3, soreness=3,
            resting_hr_bpm=resting,
        )  # fmt: skip
    # 00:30 local is still the evening before in UTC: the athlete's own day decides the match.
    track = Track(local_start(athlete, session["date"], 0, 30), 40 * 60, heart_rate=steady)
    assert track.start.date() < day
    me = client_for(athlete.user)

    response = upload(me, athlete, fit_file(track, Sport.RUNNING))

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["session"] == session["id"] and body["date"] == session["date"] and body["modality"] == "run"
    assert body["source"] == "file" and body["minutes"] == 40
    assert (body["rpe"], body["load"]) == (None, None)
    assert body["distance_m"] == track.total_distance_m and body["elevation_gain_m"] == round(track.gain_m)
    assert (body["avg_hr_bpm"], body["max_hr_bpm"]) == (track.avg_hr, track.max_hr)
    # HR_rest: the median of the last month's check-ins (50, 54) = 52; HR_max: 208 - 0.7 x age; a woman.
    max_hr = trimp.tanaka_max_hr(athlete.age_on(day))
    assert body["trimp"] == round(trimp.banister_trimp(40, track.avg_hr, 52, max_hr, "female"), 1)
    samples = [(0.0 if i == track.seconds else 1.0, track.bpm(i)) for i in track.samples]
    assert body["trimp_edwards"] == round(trimp.edwards_trimp(samples, max_hr), 1)

    plan = by_id(coach_client.get(f"/api/v1/plans/{past_plan['id']}/").json())
    assert plan[session["id"]]["workout"] == {
        "id": body["id"], "date": session["date"], "minutes": 40, "rpe": None, "load": None,
    }  # fmt: skip
    assert plan[session["id"]]["completion"] in ("done", "partial")
    assert me.get(f"/api/v1/athletes/{athlete.pk}/load/").status_code == 200

    # The RPE given later: the session RPE load follows.
    patched = me.patch(f"/api/v1/athletes/{athlete.pk}/workouts/{body['id']}/", {"rpe": 6}, format="json")
    assert patched.status_code == 200, patched.content
    assert (patched.json()["rpe"], patched.json()["load"]) == (6, 240)
    assert patched.json()["trimp"] == body["trimp"]
    cleared = me.patch(f"/api/v1/athletes/{athlete.pk}/workouts/{body['id']}/", {"rpe": None}, format="json")
    assert cleared.status_code == 400 and "rpe" in cleared.json()


def test_tcx_and_gpx_files_match_too_and_a_second_run_that_day_is_unplanned(athlete, past_plan) -> None:
    session = a_run(past_plan)
    me = client_for(athlete.user)
    first = upload(me, athlete, tcx_file(Track(local_start(athlete, session["date"], 7), 1800), "Running"), "a.tcx")
    assert first.status_code == 201, first.content
    assert (first.json()["session"], first.json()["trimp"], first.json()["avg_hr_bpm"]) == (session["id"], None, None)
    second = upload(
        me, athlete, gpx_file(Track(local_start(athlete, session["date"], 18), 1200, heart_rate=steady), "running")
    )
    assert second.status_code == 201, second.content
    assert (second.json()["session"], second.json()["modality"]) == (None, "run")  # the session is done already
    assert second.json()["trimp"] is not None  # no check-ins: the stated resting default


def test_a_runners_ride_without_a_plan_is_cross_training_cycling(athlete) -> None:
    day = local_today(athlete) - dt.timedelta(days=1)
    ride = Track(local_start(athlete, day.isoformat(), 9), 3600, metres_per_second=8.0)
    response = upload(client_for(athlete.user), athlete, fit_file(ride, Sport.CYCLING))
    assert response.status_code == 201, response.content
    assert (response.json()["session"], response.json()["modality"]) == (None, "cycling")
    assert response.json()["distance_m"] == 28800.0


def test_a_measured_maximum_heart_rate_on_the_profile_replaces_the_estimate(athlete) -> None:
    """docs/domain.md §12: HR_max from the profile when measured; set through the athlete's own PATCH."""
    me = client_for(athlete.user)
    assert me.patch(f"/api/v1/athletes/{athlete.pk}/", {"max_hr_bpm": 250}, format="json").status_code == 400
    assert me.patch(f"/api/v1/athletes/{athlete.pk}/", {"max_hr_bpm": 182}, format="json").json()["max_hr_bpm"] == 182
    day = local_today(athlete) - dt.timedelta(days=1)
    track = Track(local_start(athlete, day.isoformat(), 7), 1800, heart_rate=steady)
    body = upload(me, athlete, fit_file(track, Sport.RUNNING)).json()
    assert body["trimp"] == round(trimp.banister_trimp(30, track.avg_hr, trimp.DEFAULT_REST_HR_BPM, 182, "female"), 1)
    assert body["trimp"] != round(
        trimp.banister_trimp(
            30, track.avg_hr, trimp.DEFAULT_REST_HR_BPM, trimp.tanaka_max_hr(athlete.age_on(day)), "female"
        ),
        1,
    )


def test_the_same_file_again_is_409_with_the_workout(coach_client, athlete) -> None:
    day = local_today(athlete) - dt.timedelta(days=2)
    data = fit_file(Track(local_start(athlete, day.isoformat(), 7), 1500, heart_rate=steady), Sport.RUNNING)
    first = upload(client_for(athlete.user), athlete, data)
    assert first.status_code == 201, first.content
    again = upload(coach_client, athlete, data, "renamed.fit")  # by the coach, under another name: the same file
    assert again.status_code == 409, again.content
    assert again.json() == {"detail": "This file was imported already.", "workout": first.json()["id"]}
    other = AthleteFactory()
    assert upload(client_for(other.user), other, data).status_code == 201  # another athlete's own copy is theirs
    assert WorkoutLog.objects.filter(athlete=athlete).count() == 1


def _good(athlete) -> bytes:
    day = local_today(athlete) - dt.timedelta(days=1)
    return fit_file(Track(local_start(athlete, day.isoformat(), 7), 1500, heart_rate=steady), Sport.RUNNING)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda a: b"", "empty"),
        (lambda a: _good(a)[:-100], "damaged or cut short"),
        (lambda a: _good(a)[:400] + b"\x00" + _good(a)[401:], "damaged or cut short"),
        (lambda a: b"%PDF-1.7\n" + b"x" * 500, "not a FIT, TCX or GPX"),
        (lambda a: b"\x00" * (MAX_FILE_BYTES + 1), "larger than 25 MB"),
        (
            lambda a: fit_file(Track(dt.datetime.now(dt.UTC) + dt.timedelta(days=2), 600), Sport.RUNNING),
            "in the future",
        ),
    ],
    ids=["empty", "truncated", "corrupt", "wrong-type", "huge", "future"],
)
def test_an_unreadable_file_is_400_with_one_sentence_and_nothing_stored(athlete, make, words: str) -> None:
    before = WorkoutLog.objects.count()
    response = upload(client_for(athlete.user), athlete, make(athlete))
    assert response.status_code == 400, response.content
    (sentence,) = response.json()["file"]
    assert words in sentence and sentence.endswith(".") and ". " not in sentence
    assert WorkoutLog.objects.count() == before


def test_no_file_is_400(athlete) -> None:
    response = client_for(athlete.user).post(f"/api/v1/athletes/{athlete.pk}/workouts/import/", {}, format="multipart")
    assert response.status_code == 400 and list(response.json()) == ["file"]


def test_who_may_import_is_who_may_log(coach_client, athlete) -> None:
    assert upload(coach_client, athlete, _good(athlete)).status_code == 201  # their coach
    stranger_coach, stranger = client_for(CoachFactory()), AthleteFactory()
    assert upload(stranger_coach, athlete, _good(athlete)).status_code == 404
    assert upload(client_for(stranger.user), athlete, _good(athlete)).status_code == 404
    from rest_framework.test import APIClient

    assert upload(APIClient(), athlete, _good(athlete)).status_code in (401, 403)
    assert WorkoutLog.objects.filter(athlete=athlete).count() == 1


def test_a_typed_in_workout_still_needs_its_rpe(athlete) -> None:
    me = client_for(athlete.user)
    day = (local_today(athlete) - dt.timedelta(days=1)).isoformat()
    for body in ({"date": day, "minutes": 30}, {"date": day, "minutes": 30, "rpe": None}):
        response = me.post(f"/api/v1/athletes/{athlete.pk}/workouts/", body, format="json")
        assert response.status_code == 400 and "rpe" in response.json()
    typed = log(me, athlete, date=day, minutes=30, modality="run")
    assert (typed["source"], typed["trimp"], typed["distance_m"]) == ("manual", None, None)


def test_a_workout_waiting_for_its_rpe_is_read_everywhere_without_a_load(coach_client, athlete) -> None:
    """The day summary, the load series, the roster and the recovery check all read a workout with no RPE: it
    adds minutes but no session RPE load until the athlete gives it."""
    from recovery.services import run_check

    day = local_today(athlete) - dt.timedelta(days=1)
    me = client_for(athlete.user)
    log(me, athlete, date=day.isoformat(), minutes=30, modality="run", rpe=4)
    imported = upload(me, athlete, _good(athlete))
    assert imported.status_code == 201, imported.content
    summary = me.get(f"/api/v1/athletes/{athlete.pk}/days/{day.isoformat()}/")
    assert summary.status_code == 200, summary.content
    load = me.get(f"/api/v1/athletes/{athlete.pk}/load/?from={day.isoformat()}&to={day.isoformat()}")
    assert load.status_code == 200, load.content
    assert load.json()["results"][0]["session_load"] == 120.0  # the typed-in workout's 4 x 30 only
    assert coach_client.get("/api/v1/roster/").status_code == 200
    assert run_check(athlete) is not None


@pytest.fixture(scope="module")
def real_files() -> list[bytes]:
    start = dt.datetime(2026, 6, 9, 7, 0, tzinfo=dt.UTC)
    track = Track(start, 900, heart_rate=steady)
    return [fit_file(track, Sport.RUNNING), tcx_file(track, "Running"), gpx_file(track, "running")]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_upload_is_answered_without_a_server_error(athlete, real_files, data) -> None:
    """Issue 18, item 6: random bytes, real files cut anywhere or with bytes flipped: 201, 400 or 409, never 5xx,
    and a refused file stores nothing."""
    kind = data.draw(st.sampled_from(["random", "cut", "flipped"]))
    if kind == "random":
        body = data.draw(st.binary(max_size=4096))
    else:
        original = data.draw(st.sampled_from(real_files))
        at = data.draw(st.integers(min_value=0, max_value=len(original) - 1))
        body = original[:at] if kind == "cut" else original[:at] + bytes([original[at] ^ 0xFF]) + original[at + 1 :]
    before = WorkoutLog.objects.count()
    response = upload(client_for(athlete.user), athlete, body, "upload.bin")
    assert response.status_code in (201, 400, 409), (kind, response.status_code, response.content[:200])
    if response.status_code != 201:
        assert WorkoutLog.objects.count() == before
