"""Faults under load (issue 8): the database crashes and comes back while athletes keep logging; the broker goes
away while athletes keep logging and the owed work catches up once it is back.

Everything runs in processes of its own (tests/integration/stack.py): gunicorn with DEBUG off, a private
PostgreSQL cluster and a private Redis that these tests stop and start, a Celery worker, and an SMTP server."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from tests.integration.stack import (
    Gunicorn,
    Load,
    PostgresCluster,
    RedisServer,
    Worker,
    add_athletes,
    app_environment,
    django_shell,
    free_port,
    migrate,
    wait_for,
)
from tests.reminders.support import HoldingSMTP

ATHLETES = 6

COUNT_ROWS = """
import json
from django.db.models import Count
from intake.models import Meal, MealItem, WaterLog
items_per_meal = sorted(set(Meal.objects.annotate(n=Count("items")).values_list("n", flat=True)))
print("RESULT " + json.dumps({"water": WaterLog.objects.count(), "meals": Meal.objects.count(),
                              "items": MealItem.objects.count(), "items_per_meal": items_per_meal}))
"""
# Almonds and wheat flour: next to no water, so meals leave an athlete's hydration reminder useful.
FOODS = """
import json
from intake.models import Food
print("RESULT " + json.dumps(list(Food.objects.filter(ndb_no__in=["12061", "20081"]).values_list("pk", flat=True))))
"""


@pytest.fixture(scope="module")
def smtp() -> Iterator[HoldingSMTP]:
    server = HoldingSMTP(free_port()).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def stack(smtp) -> Iterator[dict]:
    postgres, redis, server = PostgresCluster(), RedisServer(), None
    try:  # from the first server on: a failed set-up must not leave a cluster or a Redis running
        postgres.create()
        redis.start()
        env = app_environment(postgres.url, redis.url, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port))
        migrate(env)
        groups = {group: add_athletes(env, group, ATHLETES, zone=midday_zone()) for group in ("crash", "broker")}
        foods = django_shell(env, FOODS)
        server = Gunicorn(env)
        yield {"postgres": postgres, "redis": redis, "env": env, "server": server, "foods": foods, **groups}
    finally:
        if server:
            server.stop()
        redis.stop()
        postgres.destroy()


def midday_zone() -> str:
    """A fixed-offset zone where it is now about 13:00, inside anyone's waking hours (Etc/GMT signs are inverted)."""
    offset_h = 13 - dt.datetime.now(dt.UTC).hour
    offset_h = offset_h - 24 if offset_h > 14 else offset_h
    return "UTC" if offset_h == 0 else f"Etc/GMT{-offset_h:+d}"


def rows(env: dict[str, str]) -> dict:
    return django_shell(env, COUNT_ROWS)


def test_database_crash_under_load(stack) -> None:
    """PostgreSQL dies mid-load (immediate stop: no clean shutdown) and comes back two seconds later. Requests
    in the gap get a 503 with Retry-After, never a 500; the app reconnects by itself; no meal is half-written and
    every 201 is a stored row."""
    env, postgres = stack["env"], stack["postgres"]
    before = rows(env)
    load = Load(stack["server"].url, stack["crash"], stack["foods"])
    load.start()
    try:
        wait_for(lambda: load.count(201) >= 40, 60, "40 logs stored before the crash")
        postgres.stop("immediate")
        wait_for(lambda: load.count(503) >= 10, 60, "requests refused while the database is down")
        time.sleep(2)
        postgres.start()
        recovered_from = len(load.answers)
        wait_for(lambda: sum(a.status == 201 for a in load.answers[recovered_from:]) >= 40, 60, "recovery")
    finally:
        load.stop()

    assert set(load.statuses()) <= {201, 503}, load.statuses()
    for answer in load.answers:
        if answer.status == 503:
            assert answer.retry_after == "5"
            assert "nothing was saved" in answer.body["detail"]
    # After the restart every request went through again.
    assert {a.status for a in load.answers[-2 * ATHLETES :]} == {201}

    after = rows(env)
    assert after["items_per_meal"] == [2]  # no meal without its items
    water, meals = after["water"] - before["water"], after["meals"] - before["meals"]
    # A commit can land in the instant the server dies, before its answer leaves: at most one request per
    # athlete is stored but answered 503. Nothing answered 201 is missing.
    assert 0 <= water - load.count(201, "water") <= ATHLETES
    assert 0 <= meals - load.count(201, "meal") <= ATHLETES


OWED = """
import json
from people.models import AthleteProfile
from recovery.models import RecoveryStatus
group = AthleteProfile.objects.filter(user__email__startswith="fault-broker-")
print("RESULT " + json.dumps({"owed": group.filter(recovery_owed_since__isnull=False).count(),
                              "statuses": RecoveryStatus.objects.filter(athlete__in=group).count()}))
"""
# What a long outage looks like once it is over: the checks have been owed for minutes, and a hydration slot
# came and went while nothing could be published (waking hours moved so that an hourly slot fell 3 minutes ago).
OUTAGE_WAS_LONG = """
import datetime as dt, json
from zoneinfo import ZoneInfo
from django.utils import timezone
from reminders.models import ReminderPreference, ReminderSchedule
from people.models import AthleteProfile
now = timezone.now()
group = AthleteProfile.objects.filter(user__email__startswith="fault-broker-")
group.filter(recovery_owed_since__isnull=False).update(recovery_owed_since=now - dt.timedelta(minutes=5))
for athlete in group:
    slot = (now - dt.timedelta(minutes=3)).astimezone(ZoneInfo(athlete.time_zone)).replace(second=0, microsecond=0)
    waking_start = (slot - dt.timedelta(hours=1)).time()
    ReminderPreference.objects.update_or_create(
        user_id=athlete.user_id, defaults={"hydration_interval_hours": 1, "waking_start": waking_start}
    )
due = ReminderSchedule.objects.filter(kind="hydration", user__athlete__in=group)
print("RESULT " + json.dumps(due.update(next_due_at=now - dt.timedelta(minutes=1))))
"""
HYDRATION_SENT = """
import json
from reminders.emails import message_id
from reminders.models import Delivery
rows = Delivery.objects.filter(kind="hydration", recipient__email__startswith="fault-broker-", status="sent")
print("RESULT " + json.dumps(sorted(message_id(pk) for pk in rows.values_list("pk", flat=True))))
"""
BEAT_TICK = """
from recovery.tasks import morning_checks
from reminders.tasks import sweep
morning_checks.delay()
sweep.delay()
print("RESULT 0")
"""


def test_broker_down_under_load(stack, smtp) -> None:
    """Redis dies mid-load: every log is still stored (201) and owes its recovery check. Redis comes back empty:
    beat's next ticks run the owed checks and send the hydration reminders that came due, once each."""
    env, redis = stack["env"], stack["redis"]
    before = rows(env)
    redis.stop()
    load = Load(stack["server"].url, stack["broker"], stack["foods"], kinds=("meal",))
    load.start()
    try:
        wait_for(lambda: load.count(201) >= 4 * ATHLETES, 60, "meals stored with the broker down")
    finally:
        load.stop()
    assert set(load.statuses()) == {201}, load.statuses()
    after = rows(env)
    assert after["meals"] - before["meals"] == load.count(201, "meal")
    assert after["items_per_meal"] == [2]
    assert django_shell(env, OWED) == {"owed": ATHLETES, "statuses": 0}

    redis.start()  # empty: whatever was queued before the outage is gone too
    assert django_shell(env, OUTAGE_WAS_LONG) == ATHLETES
    worker = Worker(env)
    try:
        django_shell(env, BEAT_TICK)
        wait_for(lambda: django_shell(env, OWED) == {"owed": 0, "statuses": ATHLETES}, 60, "owed checks")
        sent = wait_for(lambda: len(ids := django_shell(env, HYDRATION_SENT)) == ATHLETES and ids, 60, "hydration")
        time.sleep(1)  # a duplicate would arrive now
    finally:
        worker.stop()
    received = [m["Message-ID"] for m in smtp.messages]
    assert all(received.count(message_id) == 1 for message_id in sent)


def test_sign_in_limits_hold_across_web_workers(stack) -> None:
    """Gunicorn runs two workers; the per-account sign-in budget (10 an hour) is one budget, not one per worker."""
    url = f"{stack['server'].url}/api/v1/auth/token/"
    statuses = [
        Load._send(url, {"email": "fault-crash-0@example.org", "password": f"wrong-{i}"}, "", "token").status
        for i in range(12)
    ]
    assert statuses == [400] * 10 + [429] * 2
