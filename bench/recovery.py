"""The morning recovery run: every athlete's check with 8 weeks of logs (seconds and queries).

`python bench/recovery.py` uses a throwaway SQLite database under var/ (or BENCH_DATABASE_URL) and
BENCH_RECOVERY_ATHLETES athletes (default 10,000, as issue 5 asks).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

ATHLETES = int(os.environ.get("BENCH_RECOVERY_ATHLETES", "10000"))
WEEKS = 8


def setup_django() -> None:
    os.environ.setdefault("TRAINER_INSECURE_DEV_KEY", "1")
    db = ROOT / "var" / "bench-recovery.sqlite3"
    db.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{db}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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


def main() -> list[tuple[str, float, float, bool]]:
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from recovery.services import run_check

    started = time.perf_counter()
    athletes = populate(ATHLETES, timezone.now().date())
    populate_s = time.perf_counter() - started
    start = time.perf_counter()
    executed = [0]

    def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        executed[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        statuses = [run_check(a).status for a in athletes]
    seconds = time.perf_counter() - start
    assert len(statuses) == ATHLETES
    per_athlete = executed[0] / ATHLETES
    print(f"populated {ATHLETES} athletes x {WEEKS} weeks in {populate_s:.0f} s", file=sys.stderr)
    return [
        (f"morning run, {ATHLETES:,} athletes, s", seconds, 30 * 60.0, False),  # must finish well inside 30 minutes
        ("morning run, athletes/s", ATHLETES / seconds, 50.0, True),
        ("morning run, queries per athlete", per_athlete, 0, False),
    ]


if __name__ == "__main__":
    for name, value, reference, higher in main():
        ratio = "" if not reference else f"{(value / reference if higher else reference / value):.2f}x"
        print(f"{name:45} {value:12.2f} {ratio}")
