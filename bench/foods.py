"""Food benchmarks: `python bench/foods.py [SR28 folder]`.

On a throwaway database on the configured server (DATABASE_URL, or SQLite under var/), never the real one:
- the full SR28 import from the release folder (default /work/shared/data/usda-sr28 or USDA_SR28_DIR):
  cold (empty library) and warm (the same release again: nothing to write), seconds and queries;
- migration 0002 loading the shipped extract (what every `migrate` of a fresh install pays), seconds;
- food search latency, median and 95th percentile over typical queries, as an athlete.
`make bench` prints each figure with its ratio to the reference below (over 1 beats it).
`bench/run_all.py --quick` (BENCH_QUICK=1): a tenth of the searches, on a SQLite database copied already migrated
(bench/_quick.py); the import and the migration are measured whole, as their figures are of the whole release.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

# run as a script, bench/ would come first on sys.path; the project root must be there instead
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings")
os.environ.setdefault("TRAINER_INSECURE_DEV_KEY", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench._quick import (  # noqa: E402
    FOODS_UNLOADED,
    QUICK,
    copy_migrated_sqlite,
    copy_sqlite,
    sqlite_template,
)
from intake import services  # noqa: E402
from intake.management.commands.import_usda_sr import QueryCounter  # noqa: E402
from intake.models import Food, FoodGroup  # noqa: E402
from intake.selectors import search_foods  # noqa: E402
from people.models import Role, User  # noqa: E402

# References: what the figures should stay under (issue 4: a bounded bulk import, a migration of a few seconds).
REFERENCE = {
    "import_cold_s": 10.0,
    "import_warm_s": 3.0,
    "migration_s": 3.0,
    "search_median_ms": 20.0,
    "search_p95_ms": 50.0,
}
QUERIES = ["banana", "spinach", "almonds", "milk whole", "salmon", "orange juice", "rice white cooked", "a", "zzz"]
REPEAT = 2 if QUICK else 20  # rounds of QUERIES; bench/run_all.py --quick: a tenth
LABELS = {
    "import_cold_s": "SR28 import into empty tables, s",
    "import_cold_queries": "SR28 import into empty tables, queries",
    "import_warm_s": "SR28 import again (no change), s",
    "import_warm_queries": "SR28 import again (no change), queries",
    "warm_written": "SR28 import again, rows written",
    "migration_s": "migration loading 8,789 foods, s",
    "search_median_ms": "food search median, ms",
    "search_p95_ms": "food search 95th percentile, ms",
}
DEFAULT_RELEASE = Path(os.environ.get("USDA_SR28_DIR", "/work/shared/data/usda-sr28"))


def _timed_import(release_dir: Path) -> tuple[float, int, services.ImportStats]:
    counter = QueryCounter()
    start = time.perf_counter()
    with connection.execute_wrapper(counter):
        stats = services.import_release_folder(release_dir)
    return time.perf_counter() - start, counter.count, stats


def bench_import(release_dir: Path) -> dict[str, float]:
    Food.objects.filter(ndb_no__isnull=False).delete()
    FoodGroup.objects.all().delete()
    cold_s, cold_queries, cold = _timed_import(release_dir)
    warm_s, warm_queries, warm = _timed_import(release_dir)
    rows = cold.foods_created + cold.portions_created + cold.groups_created
    return {
        "rows": rows,
        "import_cold_s": cold_s,
        "import_cold_queries": cold_queries,
        "import_warm_s": warm_s,
        "import_warm_queries": warm_queries,
        "warm_written": warm.changed,
    }


def unload_library() -> None:
    if QUICK and connection.vendor == "sqlite":
        # --quick: a copy of a database migrated and then unloaded so (bench/_quick.py), the state this leaves,
        # without the seconds of unapplying intake's migrations here
        connection.close()
        copy_sqlite(Path(connection.settings_dict["NAME"]), sqlite_template(FOODS_UNLOADED))
    else:
        call_command("migrate", "intake", "0001", verbosity=0)


def bench_migration() -> dict[str, float]:
    unload_library()
    start = time.perf_counter()
    call_command("migrate", "intake", verbosity=0)
    return {"migration_s": time.perf_counter() - start, "foods": Food.objects.count()}


def bench_search() -> dict[str, float]:
    athlete = User.objects.create_user("bench-athlete@example.org", None, role=Role.ATHLETE)
    timings = []
    for _ in range(REPEAT):
        for query in QUERIES:
            start = time.perf_counter()
            search_foods(athlete, query, 20)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "search_median_ms": statistics.median(timings),
        "search_p95_ms": timings[int(len(timings) * 0.95) - 1],
        "searches": len(timings),
    }


def measure(release_dir: Path = DEFAULT_RELEASE) -> dict[str, float]:
    """Every figure, measured on a throwaway test database on the configured server, dropped afterwards."""
    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    vendor = connection.vendor
    test_settings["NAME"] = str(settings.VAR_DIR / "bench-foods.sqlite3") if vendor == "sqlite" else "test_bench_foods"
    original_name = settings.DATABASES["default"]["NAME"]
    # bench/run_all.py --quick: a SQLite copy already migrated (bench/_quick.py), which keepdb keeps and migrates
    # (nothing left to do) instead of building the database again.
    copied = QUICK and vendor == "sqlite"
    if copied:
        copy_migrated_sqlite(Path(test_settings["NAME"]))
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=copied)
    try:
        results: dict[str, float] = {}
        if (release_dir / "NUT_DATA.txt").is_file():
            results |= bench_import(release_dir)
        else:
            print(f"no SR28 release at {release_dir}: import not measured", file=sys.stderr)
        results |= bench_migration()
        results |= bench_search()
        return results
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


def main() -> list[tuple[str, float, float, bool]]:
    """Rows for `make bench` (bench/run_all.py): figure, value, reference, higher is better."""
    results = measure(Path(sys.argv[1]) if __name__ == "__main__" and len(sys.argv) > 1 else DEFAULT_RELEASE)
    vendor = connection.vendor
    rows = []
    for key, label in LABELS.items():
        if key in results:
            rows.append((f"{label} ({vendor})", float(results[key]), REFERENCE.get(key, 0), False))
    return rows


if __name__ == "__main__":
    for name, value, reference, higher_is_better in main():
        ratio = "" if not reference else f"{(value / reference if higher_is_better else reference / value):.2f}x"
        print(f"{name:48} {value:12.3f} {ratio}")
