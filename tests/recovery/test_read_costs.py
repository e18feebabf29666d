"""Reads whose cost does not follow the history (issue 16): the day summary, the load endpoint, the recovery check
and the roster take the same queries and read the same rows whether an athlete has logged for 700 days or 1,400,
and no more queries than for 60 days. Rows read are counted by running each captured SELECT again; on SQLite (the
test database) each query's plan is read too, since a table scanned whole costs its size whatever it returns."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import Food, Meal, MealItem, WaterLog
from people.logs import local_today
from plans.load import WARMUP_DAYS, load_series
from recovery import history
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

pytestmark = pytest.mark.django_db

SHORT, LONG, LONGER = 60, 700, 1400
# The day summary's budget (tests/intake/test_day_summary.py): whatever the history, never more.
DAY_QUERIES = 28


def log_history(athlete, days: int) -> None:
    """`days` days of logs before today and today's, each day's the same function of how long ago it was, so
    two athletes differ only in how far back their history goes."""
    today = local_today(athlete)
    ago = range(days, -1, -1)
    WorkoutLog.objects.bulk_create(
        WorkoutLog(athlete=athlete, date=today - dt.timedelta(d), modality="run", minutes=30 + d % 9 * 5, rpe=3 + d % 6)
        for d in ago
        if d % 7 != 3 and d > 0
    )
    WellnessCheckIn.objects.bulk_create(
        WellnessCheckIn(athlete=athlete, date=today - dt.timedelta(d), sleep=2 + d % 3, fatigue=3, stress=2, soreness=3)
        for d in ago
    )
    noon = timezone.now().replace(hour=11, minute=0, second=0, microsecond=0)
    WaterLog.objects.bulk_create(WaterLog(athlete=athlete, at=noon - dt.timedelta(d), water_ml=1500) for d in ago)
    meals = Meal.objects.bulk_create(Meal(athlete=athlete, at=noon - dt.timedelta(d)) for d in ago)
    banana = Food.objects.get(ndb_no="09040").pk
    MealItem.objects.bulk_create(MealItem(meal=m, food_id=banana, grams=150) for m in meals)
    CrampEpisode.objects.bulk_create(
        CrampEpisode(
            athlete=athlete,
            at=noon - dt.timedelta(d),
            location="calf",
            side="left",
            severity=2,
            duration_minutes=2,
            context="during_exercise",
        )
        for d in ago
        if d % 30 == 15
    )


# Tables that grow with every day logged.
HISTORY_TABLES = (
    "plans_workoutlog",
    "plans_wellnesscheckin",
    "plans_crampepisode",
    "plans_recoverystatus",
    "plans_plansession",
    "intake_waterlog",
    "intake_meal",
    "intake_mealitem",
    "intake_supplementlog",
)


def whole_table_scans(queries: CaptureQueriesContext) -> list[str]:
    """The history tables some query reads from end to end (SQLite's query plan says `SCAN <table>`)."""
    if connection.vendor != "sqlite":
        return []  # PostgreSQL's planner scans small test tables whole whatever the indexes
    scans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if query["sql"].startswith("SELECT"):
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                scans += [t for *_, step in cursor.fetchall() for t in HISTORY_TABLES if step == f"SCAN {t}"]
    return scans


def rows_read(queries: CaptureQueriesContext) -> int:
    total = 0
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if query["sql"].startswith("SELECT"):
                cursor.execute(query["sql"])
                total += len(cursor.fetchall())
    return total


@pytest.fixture
def athletes(db) -> dict[int, object]:
    coach = CoachFactory()
    out = {}
    for days in (SHORT, LONG, LONGER):
        athlete = AthleteFactory(coaches=[coach])
        log_history(athlete, days)
        out[days] = athlete
    return out


def read(athlete, path: str) -> tuple[int, int, dict]:
    client = client_for(athlete.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content
    assert whole_table_scans(queries) == []
    return len(queries.captured_queries), rows_read(queries), response.json()


def day_path(athlete, day: dt.date) -> str:
    return f"/api/v1/athletes/{athlete.pk}/days/{day.isoformat()}/"


@pytest.mark.parametrize("days_ago", [0, 30])  # today, and a past day without a stored status (checked live)
def test_the_day_summary_costs_the_same_whatever_the_history(athletes, days_ago) -> None:
    read_by = {}
    for days, athlete in athletes.items():
        day = local_today(athlete) - dt.timedelta(days_ago)
        read_by[days] = read(athlete, day_path(athlete, day))
    queries = {days: q for days, (q, _, _) in read_by.items()}
    assert queries[SHORT] == queries[LONG] == queries[LONGER] <= DAY_QUERIES
    rows = {days: r for days, (_, r, _) in read_by.items()}
    assert rows[LONG] == rows[LONGER]  # beyond the warm-up, more history reads nothing more
    assert rows[LONG] <= rows[SHORT] + WARMUP_DAYS
    # The figures are those of the whole history (to the rounding shown; docs/domain.md §2).
    body = read_by[LONGER][2]
    assert body["load"] == read_by[LONG][2]["load"]
    athlete = athletes[LONGER]
    day = local_today(athlete) - dt.timedelta(days_ago)
    whole = load_series(
        {
            w.date: float(w.rpe * w.minutes)
            for w in WorkoutLog.objects.filter(athlete=athlete, date__lte=day).order_by("date")
        },
        end=day,
    )[-1]
    assert body["load"]["chronic"] == pytest.approx(whole.chronic, abs=0.051)
    assert body["load"]["acwr"] == pytest.approx(whole.acwr, abs=0.0006)
    assert body["recovery"]["checked_at"] is None  # computed, not stored


def test_the_load_query_has_a_lower_date_bound(athletes) -> None:
    athlete = athletes[LONGER]
    with CaptureQueriesContext(connection) as queries:
        client_for(athlete.user).get(day_path(athlete, local_today(athlete)))
    [load] = [q["sql"] for q in queries.captured_queries if "plans_workoutlog" in q["sql"] and "SUM(" in q["sql"]]
    warmup = local_today(athlete) - dt.timedelta(days=history.SHORTFALL_WINDOW + WARMUP_DAYS)
    assert f'"plans_workoutlog"."date" >= \'{warmup.isoformat()}\'' in load


def test_the_load_endpoint_costs_the_same_whatever_the_history(athletes) -> None:
    read_by = {days: read(a, f"/api/v1/athletes/{a.pk}/load/") for days, a in athletes.items()}
    assert read_by[SHORT][0] == read_by[LONG][0] == read_by[LONGER][0]
    assert read_by[LONG][1] == read_by[LONGER][1]
    assert read_by[LONG][2] == read_by[LONGER][2]


def test_the_recovery_check_costs_the_same_whatever_the_history(athletes) -> None:
    costs = {}
    for days, athlete in athletes.items():
        now = timezone.now()
        with CaptureQueriesContext(connection) as queries:
            history.recovery_input(athlete, local_today(athlete), now)
        assert whole_table_scans(queries) == []
        costs[days] = (len(queries.captured_queries), rows_read(queries))
    assert costs[SHORT][0] == costs[LONG][0] == costs[LONGER][0]
    assert costs[LONG][1] == costs[LONGER][1]


def test_the_roster_costs_the_same_whatever_the_history(db) -> None:
    costs = {}
    for days in (LONG, LONGER):
        coach = CoachFactory()
        for _ in range(2):
            log_history(AthleteFactory(coaches=[coach]), days)
        with CaptureQueriesContext(connection) as queries:
            response = client_for(coach).get("/api/v1/roster/")
        assert response.status_code == 200
        assert whole_table_scans(queries) == []  # the week's workouts once were read from every athlete's
        costs[days] = (len(queries.captured_queries), rows_read(queries))
    assert costs[LONG] == costs[LONGER]
