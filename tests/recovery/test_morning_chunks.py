"""The morning run in chunks (issue 16): a chunk of athletes costs a fixed number of queries whatever its size,
checks each athlete exactly as their own check would, and workers sharing overlapping chunks compute each athlete's
morning once (the claims of recovery.services.claim_mornings)."""

from __future__ import annotations

import datetime as dt
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
from celery.signals import task_postrun
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import Food
from people.models import AthleteProfile
from plans import services as plan_services
from plans.models import PlanAdjustment, PlanSession
from recovery import history, tasks
from recovery.models import CoachAlert, MorningClaim, RecoveryStatus
from recovery.services import CLAIM_LEASE, local_today, run_check, run_morning_chunk
from reminders.models import Delivery
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachFactory,
    CrampFactory,
    FixtureFactory,
    MealFactory,
    WaterFactory,
    WorkoutFactory,
)
from tests.world import MONDAY

# A chunk's queries whatever its size (recovery.services.run_morning_chunk, with two savepoints of the test's
# transaction): 1 read of the athletes, 3 for the claims, 11 for the inputs, the status read and its upsert, 1 to
# move the data versions the day summaries are kept under, the next hard sessions of those turning amber or red, 2
# for the alerts of those turning red, 1 to pay the debts; then, once it commits, 7 for the red days' emails (a
# savepoint, the coaches, the preferences, the insert, the ids, the rows, the release).
CHUNK_QUERIES = 31

# Each kind of athlete the chunks meet, in its own zone (the local todays of a chunk differ: UTC+14 to UTC-11).
KINDS = (
    "nothing",
    "steady",
    "cramp",
    "skipped_warmup",
    "dry",
    "fatigued",
    "flagged_spike",
    "far_east",
    "far_west",
    "team",
)
ZONES = {"far_east": "Pacific/Kiritimati", "far_west": "Pacific/Pago_Pago", "team": "America/New_York"}


def local_at(athlete, now: dt.datetime, days_back: int, hour: int = 12) -> dt.datetime:
    zone = ZoneInfo(athlete.time_zone)
    day = now.astimezone(zone).date() - dt.timedelta(days=days_back)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


def workouts(athlete, now: dt.datetime, days: int, minutes: Callable[[int], int] = lambda back: 45) -> None:
    today = now.astimezone(ZoneInfo(athlete.time_zone)).date()
    for back in range(1, days):
        if back % 2:
            WorkoutFactory(
                athlete=athlete, date=today - dt.timedelta(days=back), modality="run", minutes=minutes(back), rpe=4,
                warmup_done=True, stretching_done=True,
            )  # fmt: skip


def make_athlete(kind: str, coach, now: dt.datetime, owes: bool = False) -> AthleteProfile:
    """An athlete of one kind, their logs dated around `now` on their own clock."""
    extra = {"sport": "soccer"} if kind == "team" else {}
    if kind == "flagged_spike":
        extra["medical_flags"] = ["kidney_disease", "diabetes"]
    athlete = AthleteFactory(coaches=[coach], time_zone=ZONES.get(kind, "Europe/Berlin"), **extra)
    today = now.astimezone(ZoneInfo(athlete.time_zone)).date()
    if kind in ("steady", "far_east", "far_west", "team"):
        workouts(athlete, now, 30)
        for back in range(0, 7):
            for hour in (8, 12, 16):
                WaterFactory(athlete=athlete, at=local_at(athlete, now, back, hour=hour), water_ml=900)
    if kind == "cramp":
        CrampFactory(athlete=athlete, at=now - dt.timedelta(hours=2), severity=8, context="during_exercise")
    elif kind == "skipped_warmup":
        WorkoutFactory(
            athlete=athlete, date=today - dt.timedelta(days=42), modality="", minutes=40, rpe=4, completed=True,
            warmup_done=False, stretching_done=True,
        )  # fmt: skip
    elif kind == "dry":
        WaterFactory(athlete=athlete, at=local_at(athlete, now, 1), water_ml=500)
    elif kind == "fatigued":
        CheckInFactory(athlete=athlete, date=today, sleep=2, fatigue=7, stress=2, soreness=3)
    elif kind == "flagged_spike":
        workouts(athlete, now, 36, minutes=lambda back: 30 if back > 7 else 150)
    elif kind == "far_east":
        for back in range(1, 7):
            CheckInFactory(
                athlete=athlete, date=today - dt.timedelta(days=back), sleep=2, fatigue=2, stress=2, soreness=2,
                morning_mass_kg=62,
            )  # fmt: skip
        CheckInFactory(athlete=athlete, date=today, sleep=2, fatigue=2, stress=2, soreness=2, morning_mass_kg=60.5)
    elif kind == "far_west":
        banana = Food.objects.get(ndb_no="09040")
        for back in range(1, 4):
            MealFactory(athlete=athlete, at=local_at(athlete, now, back), items__food=banana, items__grams=150)
    elif kind == "team":
        for back, hour in ((1, 15), (-1, 18)):
            FixtureFactory(
                athlete=athlete, date=today - dt.timedelta(days=back), start_time=dt.time(hour), author=coach
            )
    if owes:
        AthleteProfile.objects.filter(pk=athlete.pk).update(recovery_owed_since=now - dt.timedelta(hours=1))
    return athlete


def make_athletes(count: int, coach, now: dt.datetime) -> list[AthleteProfile]:
    return [make_athlete(KINDS[i % len(KINDS)], coach, now, owes=i % 3 == 0) for i in range(count)]


def reloaded(athletes: list[AthleteProfile]) -> list[AthleteProfile]:
    """As a worker reads them (recovery.services.run_owed_check)."""
    return list(AthleteProfile.objects.select_related("user").filter(pk__in=[a.pk for a in athletes]).order_by("pk"))


# --- queries ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_chunk_of_20_and_one_of_40_cost_the_same_queries(django_capture_on_commit_callbacks) -> None:
    coach, now = CoachFactory(), timezone.now()
    athletes = make_athletes(60, coach, now)
    costs = []
    for chunk in (athletes[:20], athletes[20:]):
        # What runs once the chunk commits counts too: the red days' emails to athletes and coaches.
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            checked = run_morning_chunk([a.pk for a in chunk], now)
        assert sorted(checked) == sorted(a.pk for a in chunk)
        costs.append(len(queries.captured_queries))
    assert costs[0] == costs[1] <= CHUNK_QUERIES, costs
    statuses = set(RecoveryStatus.objects.values_list("status", flat=True))
    assert {"red", "amber", "green", "unknown"} <= statuses  # every branch of the write ran, and the alerts did
    assert CoachAlert.objects.exists()
    assert Delivery.objects.filter(kind="recovery_alert").count() >= 6  # 2 and 4 red athletes, each with a coach
    assert not AthleteProfile.objects.filter(recovery_owed_since__isnull=False).exists()  # each debt paid


@pytest.mark.django_db
def test_the_inputs_of_many_cost_what_the_inputs_of_one_do() -> None:
    coach, now = CoachFactory(), timezone.now()
    athletes = reloaded(make_athletes(20, coach, now))
    days = {a.pk: local_today(a, now) for a in athletes}
    with CaptureQueriesContext(connection) as one:
        history.recovery_input(athletes[0], days[athletes[0].pk], now)
    with CaptureQueriesContext(connection) as many:
        history.recovery_inputs(athletes, days, now)
    assert len(one.captured_queries) == len(many.captured_queries) == 11


# --- the same check, alone or in a chunk ----------------------------------------------------------------------


def planned_athlete(coach) -> tuple[AthleteProfile, PlanSession]:
    """An athlete with the coming week published, and its first hard session."""
    athlete = AthleteFactory(coaches=[coach], level="intermediate", weekly_minutes_target=300)
    plan = plan_services.publish_plan(plan_services.generate_plan(athlete=athlete, week_start=MONDAY, author=coach))
    hard = PlanSession.objects.filter(plan=plan, intensity="hard").order_by("date").first()
    return athlete, hard


def outcome(run: Callable[[], object]) -> dict[str, list]:
    """What a run stores and changes, rolled back after: statuses, adjustments, alerts and the sessions."""
    with transaction.atomic():
        run()
        got = {
            "statuses": list(
                RecoveryStatus.objects.order_by("athlete_id").values_list(
                    "athlete_id", "date", "status", "reasons", "checked_at"
                )
            ),
            "adjustments": list(
                PlanAdjustment.objects.order_by("plan__athlete_id").values_list(
                    "plan__athlete_id", "session_id", "kind", "status", "message"
                )
            ),
            "alerts": list(
                CoachAlert.objects.order_by("athlete_id", "coach_id").values_list(
                    "coach_id", "athlete_id", "date", "status", "message"
                )
            ),
            "sessions": list(
                PlanSession.objects.order_by("id").values_list("id", "date", "modality", "intensity", "planned_minutes")
            ),
            "owed": list(AthleteProfile.objects.order_by("pk").values_list("pk", "recovery_owed_since")),
        }
        transaction.set_rollback(True)
    return got


@pytest.mark.django_db
def test_a_chunk_checks_each_athlete_as_their_own_check_does() -> None:
    coach = CoachFactory()
    # Two athletes with a published week; `now` is the evening before the first one's first hard session, so a red
    # or amber check adapts it (recovery.services._next_hard_sessions) and the coach is told.
    red_planned, hard = planned_athlete(coach)
    zone = ZoneInfo(red_planned.time_zone)
    now = dt.datetime.combine(hard.date - dt.timedelta(days=1), dt.time(20), tzinfo=zone)
    CrampFactory(athlete=red_planned, at=now - dt.timedelta(hours=2), severity=8, context="during_exercise")
    amber_planned, _ = planned_athlete(coach)
    WorkoutFactory(
        athlete=amber_planned, date=now.date() - dt.timedelta(days=42), modality="", minutes=40, rpe=4,
        completed=True, warmup_done=False, stretching_done=True,
    )  # fmt: skip
    others = make_athletes(20, coach, now)
    # One already checked today, amber: a chunk that finds it red must still alert, as its own check would.
    RecoveryStatus.objects.create(athlete=others[4], date=local_today(others[4], now), status="amber", checked_at=now)
    athletes = reloaded([red_planned, amber_planned, *others])
    ids = [a.pk for a in athletes]

    days = {a.pk: local_today(a, now) for a in athletes}
    assert len(set(days.values())) >= 2  # the chunk spans local days
    batch = history.recovery_inputs(athletes, days, now)
    assert batch == {a.pk: history.recovery_input(a, days[a.pk], now) for a in athletes}

    def each_alone() -> None:
        for athlete in reloaded(athletes):
            run_check(athlete, now)

    chunked = outcome(lambda: run_morning_chunk(ids, now))
    one_by_one = outcome(each_alone)
    # The owed checks pay their debts in run_owed_check; the chunk pays them itself.
    one_by_one["owed"] = [(pk, None) for pk, _ in one_by_one["owed"]]
    assert chunked == one_by_one
    assert {s for _, _, s, _, _ in chunked["statuses"]} >= {"red", "amber", "green", "unknown"}
    assert {kind for _, _, kind, _, _ in chunked["adjustments"]} == {"cross_training", "easier"}
    assert chunked["alerts"]


# --- claims ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_claim_is_taken_over_only_when_its_worker_is_gone() -> None:
    coach, now = CoachFactory(), timezone.now()
    fresh, stale, stale_done, free = (make_athlete("steady", coach, now) for _ in range(4))
    old = now - CLAIM_LEASE - dt.timedelta(minutes=1)
    for athlete, at in ((fresh, now), (stale, old), (stale_done, old)):
        MorningClaim.objects.create(athlete=athlete, date=local_today(athlete, now), token=uuid.uuid4(), claimed_at=at)
    RecoveryStatus.objects.create(athlete=stale_done, date=local_today(stale_done, now), status="green", checked_at=old)
    checked = run_morning_chunk([a.pk for a in (fresh, stale, stale_done, free)], now)
    assert sorted(checked) == sorted([stale.pk, free.pk])
    assert run_morning_chunk([a.pk for a in (fresh, stale, stale_done, free)], now) == []  # all held now


@pytest.mark.django_db
def test_one_athletes_bad_data_costs_only_their_own_check() -> None:
    coach, now = CoachFactory(), timezone.now()
    athletes = make_athletes(5, coach, now)
    broken = athletes[2]
    AthleteProfile.objects.filter(pk=broken.pk).update(medical_flags=["no_such_flag"])  # past the validators
    checked = run_morning_chunk([a.pk for a in athletes], now)
    assert sorted(checked) == sorted(a.pk for a in athletes if a is not broken)
    assert not MorningClaim.objects.filter(athlete=broken).exists()  # given back, for the next beat to try again
    assert not RecoveryStatus.objects.filter(athlete=broken).exists()


@pytest.mark.django_db(transaction=True)
def test_two_chunks_at_once_split_their_athletes() -> None:
    """Two threads, each its own database connection, run the same chunk at the same moment."""
    coach, now = CoachFactory(), timezone.now()
    ids = [make_athlete(KINDS[i % 3], coach, now).pk for i in range(30)]
    start = threading.Barrier(2)
    checked: list[list[int]] = []

    def worker() -> None:
        try:
            start.wait()
            checked.append(run_morning_chunk(ids, now))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = checked
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(ids)
    assert RecoveryStatus.objects.count() == 30


# --- a real worker ----------------------------------------------------------------------------------------------


@pytest.fixture
def chunks_done() -> Iterator[list[int]]:
    """The return value (athletes checked) of every chunk task the worker finishes."""
    done: list[int] = []

    def record(sender=None, retval=None, **kwargs) -> None:
        if sender is not None and sender.name == "recovery.tasks.check_morning_chunk":
            done.append(retval)

    task_postrun.connect(record, weak=False)
    yield done
    task_postrun.disconnect(record)


def wait_until(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_two_chunk_tasks_for_overlapping_athletes_check_each_once(celery_worker, chunks_done) -> None:
    coach, now = CoachFactory(), timezone.now()
    ids = [make_athlete(KINDS[i % 4], coach, now).pk for i in range(20)]
    tasks.check_morning_chunk.delay(ids[:15])
    tasks.check_morning_chunk.delay(ids[5:])
    wait_until(lambda: len(chunks_done) == 2, 30)
    assert sorted(chunks_done) == [5, 15]  # the second found 10 of its 15 taken
    assert RecoveryStatus.objects.count() == 20
    assert MorningClaim.objects.values("token").distinct().count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_sweep_publishes_the_due_athletes_in_chunks(celery_worker, chunks_done, monkeypatch) -> None:
    monkeypatch.setattr(tasks, "MORNING_HOUR", 0)  # every athlete is past it, whatever the hour the suite runs
    monkeypatch.setattr(tasks, "MORNING_CHUNK", 3)
    coach, now = CoachFactory(), timezone.now()
    for i in range(7):
        make_athlete(KINDS[i % 4], coach, now)
    assert tasks.morning_checks() == 7
    wait_until(lambda: len(chunks_done) == 3, 30)
    assert sorted(chunks_done) == [1, 3, 3]
    assert RecoveryStatus.objects.count() == 7
    assert tasks.morning_checks() == 0  # nothing due any more
