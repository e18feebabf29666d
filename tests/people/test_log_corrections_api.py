"""Correcting logs (docs/api.md, "Added in turn 2"): GET/PATCH/DELETE /athletes/{id}/<kind>/{log_id}/ for every log
kind. Who may, validation as on creation (the field named, nothing changed), and what follows a correction: the
day summary's water and load on both days a log moves between, meal items replaced whole, the recovery check
owed and re-run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.errors import ServiceError
from intake import log_services as intake_services
from intake.models import Food, Meal, MealItem, SupplementLog, WaterLog
from people.logs import local_today
from people.models import AthleteProfile
from recovery.models import RecoveryStatus
from tests.world import MONDAY, generate, sessions_of
from trainer.celery import app as celery_app
from training import services as plan_services
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

pytestmark = pytest.mark.django_db

MODELS = {
    "workouts": WorkoutLog,
    "water": WaterLog,
    "meals": Meal,
    "supplements": SupplementLog,
    "checkins": WellnessCheckIn,
    "cramps": CrampEpisode,
}
KINDS = list(MODELS)


def food(ndb: str) -> int:
    return Food.objects.get(ndb_no=ndb).pk


BANANA, MILK = "09040", "01211"


def instant_on(athlete: AthleteProfile, day: dt.date) -> dt.datetime:
    """A moment of the athlete's local `day` that is not in the future: now for today, noon before."""
    if day == local_today(athlete):
        return timezone.now() - dt.timedelta(seconds=1)
    return dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(athlete.time_zone))


def body(kind: str, athlete: AthleteProfile, day: dt.date | None = None) -> dict:
    """A valid new log of `kind` on the athlete's local `day` (today by default)."""
    day = day or local_today(athlete)
    at = instant_on(athlete, day).isoformat()
    return {
        "workouts": {"date": day.isoformat(), "minutes": 45, "rpe": 6, "completed": True, "warmup_done": True},
        "water": {"water_ml": 300, "at": at},
        "meals": {"items": [{"food": food(BANANA), "grams": 118}], "at": at, "notes": "breakfast"},
        "supplements": {"magnesium_mg": 200, "at": at},
        "checkins": {"date": day.isoformat(), "sleep": 2, "fatigue": 3, "stress": 2, "soreness": 4},
        "cramps": {"at": at, "location": "behind_knee", "side": "left", "severity": 6, "duration_minutes": 2,
                   "context": "during_exercise"},
    }[kind]  # fmt: skip


def new_log(client, athlete: AthleteProfile, kind: str, day: dt.date | None = None, **extra) -> dict:
    response = client.post(
        f"/api/v1/athletes/{athlete.pk}/{kind}/", {**body(kind, athlete, day), **extra}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def path_of(athlete: AthleteProfile, kind: str, log_id: int) -> str:
    return f"/api/v1/athletes/{athlete.pk}/{kind}/{log_id}/"


# A valid correction of each kind, and what the answer then shows.
CHANGES = {
    "workouts": ({"minutes": 60}, {"minutes": 60, "load": 360}),
    "water": ({"water_ml": 450}, {"water_ml": 450}),
    "meals": ({"notes": "after the long run"}, {"notes": "after the long run"}),
    "supplements": ({"magnesium_mg": 300}, {"magnesium_mg": 300}),
    "checkins": ({"soreness": 6}, {"soreness": 6, "hooper_index": 13}),
    "cramps": ({"severity": 3, "side": "right"}, {"severity": 3, "side": "right"}),
}


def stored(kind: str, log_id: int) -> dict:
    row = MODELS[kind].objects.filter(pk=log_id).values().first()
    if row is not None and kind == "meals":
        row["items"] = list(MealItem.objects.filter(meal_id=log_id).values_list("food_id", "grams"))
    return row


def day_summary(client, athlete: AthleteProfile, day: dt.date) -> dict:
    response = client.get(f"/api/v1/athletes/{athlete.pk}/days/{day.isoformat()}/")
    assert response.status_code == 200, response.content
    return response.json()


def owed_since(athlete: AthleteProfile) -> dt.datetime | None:
    return AthleteProfile.objects.values_list("recovery_owed_since", flat=True).get(pk=athlete.pk)


def settle(athlete: AthleteProfile) -> None:
    AthleteProfile.objects.filter(pk=athlete.pk).update(recovery_owed_since=None)


# --- who may --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ["athlete_a", "coach_a", "staff"])
def test_the_athlete_their_coach_and_staff_read_correct_and_delete(roster, kind: str, role: str) -> None:
    a, client = roster.athlete_a, roster.clients[role]
    row = new_log(roster.clients["athlete_a"], a, kind)
    path = path_of(a, kind, row["id"])
    [listed] = client.get(f"/api/v1/athletes/{a.pk}/{kind}/").json()["results"]
    got = client.get(path)
    assert got.status_code == 200
    assert got.json() == listed == row  # the log as the list (and the create) returns it
    change, shown = CHANGES[kind]
    patched = client.patch(path, change, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json() == patched.json() | shown
    assert client.get(path).json() == patched.json()
    assert client.get(f"/api/v1/athletes/{a.pk}/{kind}/").json()["results"] == [patched.json()]
    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404
    assert stored(kind, row["id"]) is None


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("role", "expected"), [("athlete_b", 404), ("coach_b", 404), ("anonymous", 401)])
def test_anyone_else_gets_nothing_and_changes_nothing(roster, kind: str, role: str, expected: int) -> None:
    a, client = roster.athlete_a, roster.clients[role]
    row = new_log(roster.clients["athlete_a"], a, kind)
    path = path_of(a, kind, row["id"])
    before = stored(kind, row["id"])
    assert client.get(path).status_code == expected
    assert client.patch(path, CHANGES[kind][0], format="json").status_code == expected
    assert client.delete(path).status_code == expected
    assert stored(kind, row["id"]) == before


@pytest.mark.parametrize("kind", KINDS)
def test_another_athletes_log_is_not_found_like_a_missing_one(roster, kind: str) -> None:
    a, b = roster.athlete_a, roster.athlete_b
    theirs = new_log(roster.clients["athlete_b"], b, kind)
    before = stored(kind, theirs["id"])
    for role in ("athlete_a", "coach_a", "staff"):  # staff sees both athletes, but the log is b's, not a's
        client = roster.clients[role]
        foreign = client.get(path_of(a, kind, theirs["id"]))
        missing = client.get(path_of(a, kind, theirs["id"] + 10_000))
        assert foreign.status_code == missing.status_code == 404
        assert foreign.json() == missing.json()  # nothing tells a foreign log from none
        assert client.patch(path_of(a, kind, theirs["id"]), CHANGES[kind][0], format="json").status_code == 404
        assert client.delete(path_of(a, kind, theirs["id"])).status_code == 404
    assert stored(kind, theirs["id"]) == before
    assert roster.clients["coach_b"].get(path_of(b, kind, theirs["id"])).status_code == 200


@pytest.mark.parametrize("kind", KINDS)
def test_put_is_not_offered(roster, kind: str) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    row = new_log(client, a, kind)
    assert client.put(path_of(a, kind, row["id"]), body(kind, a), format="json").status_code == 405


# --- validation as on creation --------------------------------------------------------------------------


def _tomorrow(athlete: AthleteProfile) -> str:
    return (local_today(athlete) + dt.timedelta(days=1)).isoformat()


def _future(athlete: AthleteProfile) -> str:
    return (timezone.now() + dt.timedelta(hours=2)).isoformat()


BAD = [
    ("workouts", lambda a: {"minutes": 0}, "minutes"),
    ("workouts", lambda a: {"minutes": 5000}, "minutes"),
    ("workouts", lambda a: {"rpe": 11}, "rpe"),
    ("workouts", lambda a: {"date": _tomorrow(a)}, "date"),
    ("workouts", lambda a: {"date": (local_today(a) - dt.timedelta(days=800)).isoformat()}, "date"),
    ("workouts", lambda a: {"modality": "skydiving"}, "modality"),
    ("workouts", lambda a: {"minutes": None}, "minutes"),
    ("water", lambda a: {"water_ml": 0}, "water_ml"),
    ("water", lambda a: {"water_ml": 2500}, "water_ml"),
    ("water", lambda a: {"water_ml": "lots"}, "water_ml"),
    ("water", lambda a: {"water_fl_oz": 8}, "water_fl_oz"),  # a metric athlete
    ("water", lambda a: {"at": _future(a)}, "at"),
    ("water", lambda a: {"at": None}, "at"),
    ("meals", lambda a: {"items": []}, "items"),
    ("meals", lambda a: {"items": [{"food": 99999999, "grams": 100}]}, "items"),
    ("meals", lambda a: {"items": [{"food": food(BANANA), "grams": 0}]}, "items"),
    ("meals", lambda a: {"items": [{"food": True, "grams": 10}]}, "items"),
    ("meals", lambda a: {"items": [{"food": food(BANANA), "grams": 10}] * 51}, "items"),
    ("meals", lambda a: {"items": "banana"}, "items"),
    ("meals", lambda a: {"at": _future(a)}, "at"),
    ("meals", lambda a: {"notes": "x" * 301}, "notes"),
    ("supplements", lambda a: {"magnesium_mg": 999_999}, "magnesium_mg"),
    ("supplements", lambda a: {"magnesium_mg": None}, "non_field_errors"),  # it was the only mineral
    ("supplements", lambda a: {"at": _future(a)}, "at"),
    ("checkins", lambda a: {"sleep": 8}, "sleep"),
    ("checkins", lambda a: {"resting_hr_bpm": 400}, "resting_hr_bpm"),
    ("checkins", lambda a: {"date": _tomorrow(a)}, "date"),
    ("checkins", lambda a: {"morning_mass_lb": 150}, "morning_mass_lb"),  # a metric athlete
    ("checkins", lambda a: {"morning_mass_kg": 900}, "morning_mass_kg"),
    ("cramps", lambda a: {"severity": 11}, "severity"),
    ("cramps", lambda a: {"side": "middle"}, "side"),
    ("cramps", lambda a: {"duration_minutes": -1}, "duration_minutes"),
    ("cramps", lambda a: {"at": _future(a)}, "at"),
]


@pytest.mark.parametrize(("kind", "change", "field"), BAD)
def test_a_bad_correction_names_the_field_and_changes_nothing(roster, kind: str, change, field: str) -> None:
    a, client = roster.athlete_a, roster.clients["coach_a"]
    row = new_log(roster.clients["athlete_a"], a, kind)
    before = stored(kind, row["id"])
    settle(a)
    response = client.patch(path_of(a, kind, row["id"]), change(a), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert stored(kind, row["id"]) == before
    assert owed_since(a) is None  # a refused correction owes no recovery check


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("payload", [[], "x", 7, [{"minutes": 5}]])
def test_a_body_that_is_no_object_is_a_400(roster, kind: str, payload) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    row = new_log(client, a, kind)
    before = stored(kind, row["id"])
    response = client.patch(path_of(a, kind, row["id"]), payload, format="json")
    assert response.status_code == 400
    assert stored(kind, row["id"]) == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_log_moves_to_another_day_with_its_date_or_time_alone(roster, kind: str) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    row = new_log(client, a, kind)
    yesterday = local_today(a) - dt.timedelta(days=1)
    field = "date" if kind in {"workouts", "checkins"} else "at"
    value = yesterday.isoformat() if field == "date" else instant_on(a, yesterday).isoformat()
    moved = client.patch(path_of(a, kind, row["id"]), {field: value}, format="json")
    assert moved.status_code == 200, moved.content
    unchanged = {k: v for k, v in row.items() if k not in {field, "updated_at"}}
    assert moved.json() == moved.json() | unchanged  # the rest as it was
    day = yesterday.isoformat()
    listed = client.get(f"/api/v1/athletes/{a.pk}/{kind}/?from={day}&to={day}").json()["results"]
    assert [r["id"] for r in listed] == [row["id"]]


def test_a_checkin_cannot_move_onto_a_day_that_has_one(roster) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    today, yesterday = local_today(a), local_today(a) - dt.timedelta(days=1)
    first = new_log(client, a, "checkins", yesterday)
    second = new_log(client, a, "checkins", today)
    refused = client.patch(path_of(a, "checkins", second["id"]), {"date": yesterday.isoformat()}, format="json")
    assert refused.status_code == 400
    assert "date" in refused.json()
    assert WellnessCheckIn.objects.get(pk=second["id"]).date == today
    moved = client.patch(
        path_of(a, "checkins", first["id"]), {"date": (yesterday - dt.timedelta(days=1)).isoformat()}, format="json"
    )
    assert moved.status_code == 200
    assert moved.json()["date"] == (yesterday - dt.timedelta(days=1)).isoformat()


def test_imperial_alternatives_are_accepted_as_on_creation(roster) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    a.units = "imperial"
    a.save()
    water = new_log(client, a, "water")
    patched = client.patch(path_of(a, "water", water["id"]), {"water_fl_oz": 16}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["water_ml"] == 473
    assert "water_fl_oz" not in patched.json()
    checkin = new_log(client, a, "checkins")
    patched = client.patch(path_of(a, "checkins", checkin["id"]), {"morning_mass_lb": 132.3}, format="json")
    assert patched.status_code == 200, patched.content
    assert patched.json()["morning_mass_kg"] == pytest.approx(60.0, abs=0.1)


def test_a_workout_keeps_its_session_within_a_week(roster) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    plan = generate(roster.clients["coach_a"], a, MONDAY - dt.timedelta(days=7))  # this week: near today
    _, session = sessions_of(plan)[0]
    row = new_log(client, a, "workouts", modality="")
    path = path_of(a, "workouts", row["id"])
    linked = client.patch(path, {"session": session["id"]}, format="json")  # the session alone
    assert linked.status_code == 200, linked.content
    assert linked.json()["session"] == session["id"]
    assert linked.json()["modality"] == session["modality"]  # taken from the session, as on creation
    far = (local_today(a) - dt.timedelta(days=30)).isoformat()
    refused = client.patch(path, {"date": far}, format="json")
    assert refused.status_code == 400
    assert "date" in refused.json()
    _, foreign = sessions_of(generate(roster.clients["coach_b"], roster.athlete_b))[0]
    refused = client.patch(path, {"session": foreign["id"]}, format="json")
    assert refused.status_code == 400
    assert "session" in refused.json()
    assert stored("workouts", row["id"])["session_id"] == session["id"]
    unlinked = client.patch(path, {"session": None, "date": far}, format="json")
    assert unlinked.status_code == 200, unlinked.content
    assert unlinked.json()["session"] is None and unlinked.json()["date"] == far


def test_a_deleted_workout_leaves_its_session_undone(roster) -> None:
    a, coach = roster.athlete_a, roster.clients["coach_a"]
    plan = generate(coach, a, MONDAY - dt.timedelta(days=7))
    _, session = sessions_of(plan)[0]
    row = new_log(roster.clients["athlete_a"], a, "workouts", session=session["id"])

    def linked() -> dict | None:
        days = coach.get(f"/api/v1/plans/{plan['id']}/").json()["days"]
        [found] = [s for day in days for s in day["sessions"] if s["id"] == session["id"]]
        return found["workout"]

    assert linked()["id"] == row["id"]
    coach.patch(path_of(a, "workouts", row["id"]), {"minutes": 20}, format="json")
    assert linked()["minutes"] == 20
    assert coach.delete(path_of(a, "workouts", row["id"])).status_code == 204
    assert linked() is None


# --- the day follows ------------------------------------------------------------------------------------


def test_water_corrections_change_the_days_water_on_both_days(roster) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    today, yesterday = local_today(a), local_today(a) - dt.timedelta(days=1)
    first = new_log(client, a, "water")
    second = new_log(client, a, "water", water_ml=200)
    assert day_summary(client, a, today)["water"]["ml"] == 500
    assert client.patch(path_of(a, "water", first["id"]), {"water_ml": 450}, format="json").status_code == 200
    assert day_summary(client, a, today)["water"]["ml"] == 650
    moved = client.patch(path_of(a, "water", second["id"]), {"at": instant_on(a, yesterday).isoformat()}, format="json")
    assert moved.status_code == 200, moved.content
    assert day_summary(client, a, today)["water"]["ml"] == 450
    assert day_summary(client, a, yesterday)["water"]["ml"] == 200
    assert client.delete(path_of(a, "water", first["id"])).status_code == 204
    assert day_summary(client, a, today)["water"]["ml"] == 0
    assert [w["id"] for w in day_summary(client, a, yesterday)["logs"]["water"]] == [second["id"]]


def test_a_water_correction_counts_the_day_without_its_old_amount(roster) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    today, yesterday = local_today(a), local_today(a) - dt.timedelta(days=1)
    for _ in range(4):
        new_log(client, a, "water", yesterday, water_ml=2000)
    small = new_log(client, a, "water", yesterday, water_ml=1000)
    # 9,000 ml that day; raising the 1,000 ml log to 2,000 makes 10,000: allowed (its old amount is not counted).
    raised = client.patch(path_of(a, "water", small["id"]), {"water_ml": 2000}, format="json")
    assert raised.status_code == 200, raised.content
    # Moving another 500 ml onto that day would make 10,500 ml: implausible, as a new log would be.
    other = new_log(client, a, "water", today, water_ml=500)
    refused = client.patch(
        path_of(a, "water", other["id"]), {"at": instant_on(a, yesterday).isoformat()}, format="json"
    )
    assert refused.status_code == 400
    assert "hyponatraemia" in refused.json()["water_ml"][0]
    assert day_summary(client, a, today)["water"]["ml"] == 500
    assert day_summary(client, a, yesterday)["water"]["ml"] == 10_000


def test_workout_corrections_change_the_days_load_on_both_days(roster) -> None:
    a, client = roster.athlete_a, roster.clients["coach_a"]
    today, yesterday = local_today(a), local_today(a) - dt.timedelta(days=1)
    row = new_log(roster.clients["athlete_a"], a, "workouts")  # 45 min at RPE 6
    assert day_summary(client, a, today)["load"]["session_load"] == 270
    client.patch(path_of(a, "workouts", row["id"]), {"minutes": 60}, format="json")
    assert day_summary(client, a, today)["load"]["session_load"] == 360
    moved = client.patch(path_of(a, "workouts", row["id"]), {"date": yesterday.isoformat()}, format="json")
    assert moved.status_code == 200, moved.content
    assert day_summary(client, a, today)["load"]["session_load"] == 0
    assert day_summary(client, a, yesterday)["load"]["session_load"] == 360
    load = client.get(f"/api/v1/athletes/{a.pk}/load/?from={yesterday.isoformat()}&to={today.isoformat()}").json()
    assert [r["session_load"] for r in load["results"]] == [360, 0]
    assert client.delete(path_of(a, "workouts", row["id"])).status_code == 204
    assert day_summary(client, a, yesterday)["load"]["session_load"] == 0


def test_a_meals_items_are_replaced_as_a_whole(roster) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    today = local_today(a)
    meal = new_log(client, a, "meals")  # 118 g banana
    potassium_before = day_summary(client, a, today)["minerals"]["potassium"]["mg"]
    items = [{"food": food(MILK), "grams": 250}, {"food": food(BANANA), "grams": 200}]
    patched = client.patch(path_of(a, "meals", meal["id"]), {"items": items}, format="json")
    assert patched.status_code == 200, patched.content
    assert [(i["food"], i["grams"]) for i in patched.json()["items"]] == [(food(MILK), 250), (food(BANANA), 200)]
    assert patched.json()["notes"] == "breakfast"  # not sent, not changed
    assert MealItem.objects.filter(meal_id=meal["id"]).count() == 2
    assert client.get(path_of(a, "meals", meal["id"])).json() == patched.json()
    summary = day_summary(client, a, today)
    assert summary["minerals"]["potassium"]["mg"] == round(132 * 2.5 + 358 * 2) != potassium_before
    assert summary["water"]["ml"] == 220  # the milk is a drink: 88.13 g water per 100 g
    notes_only = client.patch(path_of(a, "meals", meal["id"]), {"notes": "lunch"}, format="json")
    assert len(notes_only.json()["items"]) == 2  # items not sent: kept
    assert client.delete(path_of(a, "meals", meal["id"])).status_code == 204
    assert not MealItem.objects.filter(meal_id=meal["id"]).exists()
    assert day_summary(client, a, today)["water"]["ml"] == 0


@pytest.mark.parametrize("food_id", [2**63, 2**70, -(2**70)])
def test_a_food_id_past_what_the_database_holds_is_no_food(roster, food_id: int) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    items = [{"food": food(BANANA), "grams": 10}, {"food": food_id, "grams": 10}]
    created = client.post(f"/api/v1/athletes/{a.pk}/meals/", {"items": items}, format="json")
    assert created.status_code == 400
    assert "There is no food" in str(created.json()["items"])
    meal = new_log(client, a, "meals")
    patched = client.patch(path_of(a, "meals", meal["id"]), {"items": items}, format="json")
    assert patched.status_code == 400
    assert "There is no food" in str(patched.json()["items"])


def test_meal_reads_and_writes_take_the_same_queries_for_any_number_of_items(roster) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    foods = list(Food.objects.filter(ndb_no__isnull=False).order_by("pk").values_list("pk", flat=True)[:12])
    meal = new_log(client, a, "meals")
    path = path_of(a, "meals", meal["id"])

    def queries(call) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = call()
        assert response.status_code in {200, 201}, response.content
        return len(captured)

    def items(n: int) -> list[dict]:
        return [{"food": pk, "grams": 50} for pk in foods[:n]]

    patch_one = queries(lambda: client.patch(path, {"items": items(1)}, format="json"))
    read_one = queries(lambda: client.get(path))
    patch_twelve = queries(lambda: client.patch(path, {"items": items(12)}, format="json"))
    read_twelve = queries(lambda: client.get(path))
    assert patch_one == patch_twelve
    assert read_one == read_twelve
    created_one = queries(lambda: client.post(f"/api/v1/athletes/{a.pk}/meals/", {"items": items(1)}, format="json"))
    created_twelve = queries(
        lambda: client.post(f"/api/v1/athletes/{a.pk}/meals/", {"items": items(12)}, format="json")
    )
    assert created_one == created_twelve


# --- the recovery check follows -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_correction_and_a_deletion_owe_a_recovery_check_and_publish_it(
    roster, kind: str, django_capture_on_commit_callbacks
) -> None:
    a, client = roster.athlete_a, roster.clients["coach_a"]
    row = new_log(roster.clients["athlete_a"], a, kind)
    settle(a)
    with django_capture_on_commit_callbacks() as published:
        assert client.patch(path_of(a, kind, row["id"]), CHANGES[kind][0], format="json").status_code == 200
    assert owed_since(a) is not None
    assert len(published) == 1  # the check, published once the correction commits
    settle(a)
    with django_capture_on_commit_callbacks() as published:
        assert client.delete(path_of(a, kind, row["id"])).status_code == 204
    assert owed_since(a) is not None
    assert len(published) == 1


@pytest.fixture
def checks_run(django_capture_on_commit_callbacks) -> Iterator[object]:
    """`with checks_run():` commits the block's work and runs the published recovery checks here and now."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield lambda: django_capture_on_commit_callbacks(execute=True)
    finally:
        celery_app.conf.task_always_eager = saved


def test_the_recovery_check_runs_again_after_a_correction_and_a_deletion(roster, checks_run) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    today = local_today(a)

    def status() -> tuple[str, set[str]]:
        row = RecoveryStatus.objects.get(athlete=a, date=today)
        return row.status, {r["code"] for r in row.reasons}

    with checks_run():
        row = new_log(client, a, "checkins", sleep=7, fatigue=6, stress=5, soreness=6)
    assert status()[0] == "red" and "poor_recovery" in status()[1]
    assert owed_since(a) is None
    with checks_run():
        fixed = client.patch(
            path_of(a, "checkins", row["id"]), {"sleep": 2, "fatigue": 2, "stress": 2, "soreness": 2}, format="json"
        )
    assert fixed.status_code == 200
    assert status()[0] != "red" and "poor_recovery" not in status()[1]
    assert owed_since(a) is None  # the check ran and paid the debt
    assert day_summary(client, a, today)["recovery"]["status"] == status()[0]
    with checks_run():
        client.patch(path_of(a, "checkins", row["id"]), {"sleep": 7, "fatigue": 6, "soreness": 6}, format="json")
    assert status()[0] == "red"
    with checks_run():
        assert client.delete(path_of(a, "checkins", row["id"])).status_code == 204
    assert "poor_recovery" not in status()[1]
    assert owed_since(a) is None


# --- the database still backs it ------------------------------------------------------------------------


def test_the_database_refuses_what_the_serializers_would(roster) -> None:
    """Services called without the serializers (a script, a future caller) still cannot store a broken log."""
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    rows = {kind: new_log(client, a, kind) for kind in KINDS}

    def row(kind: str):
        return MODELS[kind].objects.select_related("athlete").get(pk=rows[kind]["id"])

    broken = [
        ("workouts", lambda: plan_services.update_workout(workout=row("workouts"), data={"minutes": 0})),
        ("checkins", lambda: plan_services.update_checkin(checkin=row("checkins"), data={"sleep": 9})),
        ("cramps", lambda: plan_services.update_cramp(cramp=row("cramps"), data={"severity": 0})),
        ("water", lambda: intake_services.update_water(log=row("water"), data={"water_ml": 0})),
        ("supplements", lambda: intake_services.update_supplement(log=row("supplements"), data={"magnesium_mg": None})),
        (
            "meals",
            lambda: intake_services.update_meal(
                meal=row("meals"), data={"items": [{"food": Food.objects.get(ndb_no=BANANA), "grams": 0}]}
            ),
        ),
    ]
    for kind, write in broken:
        before = stored(kind, rows[kind]["id"])
        with pytest.raises((IntegrityError, ServiceError)):
            write()
        assert stored(kind, rows[kind]["id"]) == before, kind
