"""The morning recovery run: every athlete's check with 8 weeks of logs, in chunks (seconds and queries).

`python bench/recovery.py` uses a throwaway SQLite database under var/ (or BENCH_DATABASE_URL) and
BENCH_RECOVERY_ATHLETES athletes (default 10,000, as issue 5 asks). It measures, on the same data:

- the checks one athlete at a time (`run_check`, how the morning ran before issue 16; today's `run_check` is the
  chunk of one, so it takes fewer queries than the 18 of then), on a sample;
- the chunked run in one process (`run_morning_chunk` over the beat's chunks of 500);
- two worker processes sharing the chunks, each athlete in two overlapping chunks (as when a beat publishes while
  the last one's chunks are still queued), with the count of athletes computed twice, which must be 0;
- 100,000 athletes on 2 workers with the beat's selection of them: measured with BENCH_RECOVERY_ATHLETES=100000,
  else extrapolated from the two-process rate and labelled so (populating 100,000 athletes' 14 million rows takes
  half an hour).

The references are issue 16's goals: at most 0.1 queries per athlete, at least 5 x 43.5 = 218 athletes/s (43.5 was
the per-athlete run's rate, docs/benchmarks.md), and 100,000 athletes within 300 s on 2 workers.

`bench/run_all.py --quick` (BENCH_QUICK=1, BENCH_RECOVERY_ATHLETES=1000): a sample of 50 for the per-athlete run,
the SQLite database copied already migrated (bench/_quick.py), or already populated by a quick run earlier that
day.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from bench._quick import QUICK, copy_sqlite, keep_snapshot, snapshot_of, sqlite_template  # noqa: E402

ATHLETES = int(os.environ.get("BENCH_RECOVERY_ATHLETES", "10000"))
WEEKS = 8
# The per-athlete run is slow: a sample of this many says its rate (bench/run_all.py --quick: a tenth).
SINGLE_SAMPLE = min(ATHLETES, 50 if QUICK else 500)
WORKERS = 2
TARGET_ATHLETES, TARGET_SECONDS = 100_000, 300.0
BEFORE_RATE = 43.5  # athletes/s of the per-athlete run (docs/benchmarks.md); the issue asks 5 x that
DB = ROOT / "var" / "bench-recovery.sqlite3"
# bench/run_all.py --quick on SQLite: the database as `populate` left it for as many athletes earlier today, which
# spares the next quick runs their longest part (140,000 rows); the dates in it count back from that day.
POPULATED = (
    snapshot_of("recovery", Path(__file__), athletes=ATHLETES, day=dt.datetime.now(dt.UTC).date())
    if QUICK and "BENCH_DATABASE_URL" not in os.environ
    else None
)


def setup_django() -> bool:
    """Django on a new database; True when it is a copy of POPULATED, populated already."""
    os.environ.setdefault("TRAINER_INSECURE_DEV_KEY", "1")
    DB.unlink(missing_ok=True)
    populated = POPULATED is not None and POPULATED.exists()
    if POPULATED:  # bench/_quick.py: the migrate below then has nothing to do
        copy_sqlite(DB, POPULATED / "db.sqlite3" if populated else sqlite_template())
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{DB}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return populated


def populate(count: int, today: dt.date) -> list:
    from intake.models import WaterLog
    from people.models import AthleteProfile, Role, User
    from training.models import WellnessCheckIn, WorkoutLog

    stamp = time.time_ns()
    users = User.objects.bulk_create(
        User(email=f"bench-{stamp}-{i}@example.org", role=Role.ATHLETE) for i in range(count)
    )
    zones = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC"]
    athletes = AthleteProfile.objects.bulk_create(
        AthleteProfile(user=u, birth_date=dt.date(1990, 1, 1), sex="female", mass_kg=60, time_zone=zones[i % 4])
        for i, u in enumerate(users)
    )
    days = [today - dt.timedelta(days=d) for d in range(WEEKS * 7)]
    for start in range(0, count, 500):
        batch = athletes[start : start + 500]
        WorkoutLog.objects.bulk_create(
            WorkoutLog(
                athlete=a,
                date=d,
                minutes=30 + (i % 5) * 10,
                rpe=3 + i % 5,
                warmup_done=True,
                stretching_done=i % 7 != 0,
            )
            for a in batch
            for i, d in enumerate(days)
            if i % 2 == 0
        )
        WellnessCheckIn.objects.bulk_create(
            WellnessCheckIn(athlete=a, date=d, sleep=2 + i % 3, fatigue=3, stress=2, soreness=2 + i % 2)
            for a in batch
            for i, d in enumerate(days)
        )
        noon = dt.time(12, tzinfo=dt.UTC)
        WaterLog.objects.bulk_create(
            WaterLog(athlete=a, at=dt.datetime.combine(d, noon), water_ml=1500) for a in batch for d in days
        )
    return athletes


class Counter:
    """Every statement the connection runs (a `connection.execute_wrapper`)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # noqa: ANN001, ANN204
        self.count += 1
        return execute(sql, params, many, context)


def forget_the_morning() -> None:
    """Back to before the morning run: no status, no claim."""
    from recovery.models import MorningClaim, RecoveryStatus

    RecoveryStatus.objects.all().delete()
    MorningClaim.objects.all().delete()


def per_athlete(athletes: list) -> tuple[float, float]:
    """(athletes/s, queries per athlete) of `run_check` one athlete at a time, the morning run before issue 16."""
    from django.db import connection

    from recovery.services import run_check

    counter = Counter()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        for athlete in athletes:
            run_check(athlete)
    seconds = time.perf_counter() - start
    return len(athletes) / seconds, counter.count / len(athletes)


def due_chunks(now: dt.datetime) -> tuple[list[list[int]], float]:
    """The beat's chunks of due athletes, and the seconds the due selector took."""
    from recovery import selectors, tasks

    start = time.perf_counter()
    due = selectors.due_checks(now, morning_hour=0, owed_grace=tasks.OWED_GRACE).mornings
    seconds = time.perf_counter() - start
    return [due[i : i + tasks.MORNING_CHUNK] for i in range(0, len(due), tasks.MORNING_CHUNK)], seconds


def chunked(chunks: list[list[int]], now: dt.datetime) -> tuple[float, int, int]:
    """(seconds, queries, athletes checked) of the chunks run one after the other in this process."""
    from django.db import connection

    from recovery.services import run_morning_chunk

    counter = Counter()
    checked = 0
    start, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        for chunk in chunks:
            checked += len(run_morning_chunk(chunk, now))
    # On a shared machine the wall clock also counts other processes' turns: the CPU time says what the run costs.
    print(f"chunked run: {time.process_time() - cpu:.1f} s of this process's CPU", file=sys.stderr)
    return time.perf_counter() - start, counter.count, checked


def _worker(chunks, done, now: dt.datetime) -> None:  # noqa: ANN001
    """One worker process: take chunks until none is left, and say which athletes it checked."""
    from django.db import connections

    from recovery.services import run_morning_chunk

    connections.close_all()  # the parent's connection is not ours to share
    checked: list[int] = []
    while (chunk := chunks.get()) is not None:
        checked += run_morning_chunk(chunk, now)
    done.put(checked)


def two_workers(chunks: list[list[int]], now: dt.datetime) -> tuple[float, list[int]]:
    """(seconds, every athlete id checked, once per check) of WORKERS processes sharing the chunks, each athlete in
    two of them: the beat's chunks and the same athletes chunked half a chunk later, interleaved."""
    from django.db import connections

    from recovery import tasks

    due = [pk for chunk in chunks for pk in chunk]
    half = tasks.MORNING_CHUNK // 2
    shifted = [due[:half]] + [due[i : i + tasks.MORNING_CHUNK] for i in range(half, len(due), tasks.MORNING_CHUNK)]
    overlapping = [c for pair in zip(chunks, shifted, strict=False) for c in pair] + shifted[len(chunks) :]
    context = multiprocessing.get_context("fork")  # the children keep this process's Django set-up
    queue, done = context.Queue(), context.Queue()
    for chunk in overlapping:
        queue.put(chunk)
    for _ in range(WORKERS):
        queue.put(None)
    connections.close_all()
    start = time.perf_counter()
    processes = [context.Process(target=_worker, args=(queue, done, now)) for _ in range(WORKERS)]
    for process in processes:
        process.start()
    checked = [pk for _ in processes for pk in done.get()]
    seconds = time.perf_counter() - start
    for process in processes:
        process.join()
        assert process.exitcode == 0
    return seconds, checked


def populated_earlier() -> list:
    """The athletes of a copy of POPULATED, as `populate` returned them: in order, each with its user."""
    from people.models import AthleteProfile

    return list(AthleteProfile.objects.select_related("user").order_by("pk"))


def main() -> list[tuple[str, float, float, bool]]:
    populated = setup_django()
    from django.db import connection
    from django.utils import timezone

    from recovery.models import RecoveryStatus

    started = time.perf_counter()
    if populated:
        athletes = populated_earlier()
    else:
        athletes = populate(ATHLETES, timezone.now().date())
        if POPULATED:
            connection.close()  # nothing left open on the file while it is copied
            keep_snapshot(POPULATED, DB)
    print(f"populated {ATHLETES} athletes x {WEEKS} weeks in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    single_rate, single_queries = per_athlete(athletes[:SINGLE_SAMPLE])
    forget_the_morning()

    now = timezone.now()
    chunks, due_s = due_chunks(now)
    assert sum(map(len, chunks)) == ATHLETES
    seconds, queries, checked = chunked(chunks, now)
    assert checked == ATHLETES == RecoveryStatus.objects.count()
    forget_the_morning()

    two_s, two_checked = two_workers(chunks, now)
    twice = len(two_checked) - len(set(two_checked))
    assert len(set(two_checked)) == ATHLETES == RecoveryStatus.objects.count()
    two_rate = ATHLETES / two_s
    # The beat's selector reads every athlete and today's statuses: linear too, so it scales with the run.
    target_s = (two_s + due_s) * TARGET_ATHLETES / ATHLETES
    how = "measured" if ATHLETES == TARGET_ATHLETES else f"extrapolated from {ATHLETES:,}"
    print(f"due selector {due_s:.2f} s for {ATHLETES:,} athletes on {connection.vendor}", file=sys.stderr)
    return [
        (f"one athlete at a time (run_check), {SINGLE_SAMPLE:,} of them, athletes/s", single_rate, 0, True),
        ("one athlete at a time (run_check), queries per athlete", single_queries, 0, False),
        (f"morning run in chunks, {ATHLETES:,} athletes, 1 process, s", seconds, 0, False),
        ("morning run in chunks, 1 process, athletes/s", ATHLETES / seconds, 5 * BEFORE_RATE, True),
        ("morning run in chunks, queries per athlete", queries / ATHLETES, 0.1, False),
        (f"morning run in chunks, {WORKERS} processes sharing overlapping chunks, athletes/s", two_rate, 0, True),
        (f"{WORKERS} processes, athletes computed twice (must be 0)", float(twice), 0, False),
        (f"{TARGET_ATHLETES:,} athletes on {WORKERS} processes, s ({how})", target_s, TARGET_SECONDS, False),
    ]


if __name__ == "__main__":
    for name, value, reference, higher in main():
        ratio = "" if not reference else f"{(value / reference if higher else reference / value):.2f}x"
        print(f"{name:75} {value:12.2f} {ratio}")
