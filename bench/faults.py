"""Faults under load, measured: 10 athletes posting water and meals back to back against gunicorn (4 workers) on
a private PostgreSQL cluster and a private Redis (tests/integration/stack.py, the same parts the fault tests use).

1. Normal: latency of a log.
2. PostgreSQL killed (`pg_ctl stop -m immediate`) and started 3 s later: answers in the gap, seconds from the
   restart to the first stored log, anything but 201/503, and rows written against 201 answers.
3. Redis killed for 5 s: latency of a log while the broker is away (logs must not wait for it).

`bench/run_all.py --quick` (BENCH_QUICK=1): phases of 0.5 s, PostgreSQL down for 1 s, on a cluster copied already
migrated and set up (bench/_quick.py), warmed by the first answers.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._quick import (
    QUICK,
    app_code,
    keep_cluster_snapshot,
    kill_gunicorn,
    snapshot_of,
    template_cluster,
)
from tests.integration.stack import (
    Gunicorn,
    Load,
    PostgresCluster,
    RedisServer,
    add_athletes,
    app_environment,
    django_shell,
    migrate,
)
from tests.reminders.support import wait_for

ROOT = Path(__file__).resolve().parents[1]
ATHLETES = 10
# bench/run_all.py --quick: a tenth of each phase, and PostgreSQL down for 1 s (it restarts in a fraction of that)
PHASE_S, GAP_S = (0.5, 1.0) if QUICK else (5.0, 3.0)
WARM_UP = 2 * ATHLETES  # --quick: answers before the normal phase, so its 0.5 s do not time the workers' first
# --quick: the cluster as the set-up left it in an earlier quick run, and what the set-up printed (bench/_quick.py)
SNAPSHOT = (
    snapshot_of("faults", Path(__file__), ROOT / "tests" / "integration" / "stack.py", *app_code()) if QUICK else None
)
FOODS = """
import json
from intake.models import Food
print("RESULT " + json.dumps(list(Food.objects.filter(ndb_no__in=["12061", "20081"]).values_list("pk", flat=True))))
"""
ROWS = """
import json
from intake.models import Meal, WaterLog
print("RESULT " + json.dumps(WaterLog.objects.count() + Meal.objects.count()))
"""


def p50(answers: list, since: float, until: float) -> float:
    return statistics.median(a.latency_ms for a in answers if since <= a.at < until and a.status == 201)


def quick_setup(postgres: PostgresCluster, env: dict[str, str]) -> tuple[list, list, Gunicorn]:
    """--quick: (athletes, foods, server) on a cluster copied already migrated (no migrate), the athletes and foods
    those of the snapshot it was copied from, else written now (the passwords hashed fast: bench/_quick_settings.py)
    and kept with the cluster for the next quick runs (bench/_quick.py)."""
    if SNAPSHOT.exists():
        athletes, foods = json.loads((SNAPSHOT / "setup.json").read_text())
    else:
        fast_hashes = {**env, "DJANGO_SETTINGS_MODULE": "bench._quick_settings"}
        with ThreadPoolExecutor(2) as pool:
            written = pool.submit(add_athletes, fast_hashes, "bench", ATHLETES)
            foods = django_shell(env, FOODS)
            athletes = written.result()
        keep_cluster_snapshot(SNAPSHOT, postgres, **{"setup.json": json.dumps([athletes, foods])})
    return [tuple(a) for a in athletes], foods, Gunicorn(env, workers=4)


def cluster() -> PostgresCluster:
    if not QUICK:
        return PostgresCluster()
    return template_cluster(SNAPSHOT / "data" if SNAPSHOT.exists() else None)  # else the migrated template's


def main() -> list[tuple[str, float, float, bool]]:
    postgres, redis = cluster(), RedisServer()
    postgres.create()
    redis.start()
    env = app_environment(postgres.url, redis.url)
    server = None
    try:
        if QUICK:
            athletes, foods, server = quick_setup(postgres, env)
        else:
            migrate(env)
            athletes = add_athletes(env, "bench", ATHLETES)
            foods = django_shell(env, FOODS)
            server = Gunicorn(env, workers=4)
        load = Load(server.url, athletes, foods, water_ml=10)  # 1,000 logs an athlete before the day's limit
        load.start()
        if QUICK:
            wait_for(lambda: load.count(201) >= WARM_UP, 60, "the first logs")
        start = time.monotonic()
        time.sleep(PHASE_S)
        normal_p50 = p50(load.answers, start, time.monotonic())

        crashed = time.monotonic()
        postgres.stop("immediate")
        time.sleep(GAP_S)
        postgres.start()
        restarted = time.monotonic()
        time.sleep(PHASE_S)
        first_ok = min(a.at for a in load.answers if a.at > restarted and a.status == 201)
        in_gap = [a for a in load.answers if crashed <= a.at <= restarted]

        redis.stop()
        broker_down = time.monotonic()
        time.sleep(PHASE_S)
        broker_p50 = p50(load.answers, broker_down, time.monotonic())
        redis.start()
        load.stop()
        for a in load.answers:
            if a.status not in (201, 503):
                print(f"at +{a.at - start:.1f} s: {a.status} {a.body}", file=sys.stderr)
        rows = django_shell(env, ROWS)
    finally:
        if server:
            kill_gunicorn(server.process) if QUICK else server.stop()
        redis.stop()
        postgres.destroy()
    other = sum(1 for a in load.answers if a.status not in (201, 503))
    return [
        ("log latency p50, normal, ms", normal_p50, 100.0, False),
        (f"answers while PostgreSQL was down ({GAP_S:g} s), all 503", float(len(in_gap)), 0, True),
        ("seconds from PostgreSQL restart to first stored log", first_ok - restarted, 5.0, False),
        ("answers other than 201 or 503", float(other), 0, False),
        ("rows written - 201 answers (0..athletes: commit lost with its answer)", rows - load.count(201), 0, False),
        ("log latency p50, Redis down, ms", broker_p50, normal_p50, False),
    ]


if __name__ == "__main__":
    for name, value, reference, higher in main():
        ratio = "" if not reference or not value else f"{(value / reference if higher else reference / value):.2f}x"
        print(f"{name:70} {value:10.1f} {ratio}")
