"""What `bench/run_all.py --quick` (BENCH_QUICK=1) shares across the benchmarks: databases to copy, and servers
that start and stop without fixed waits.

Migrating a fresh database costs 8-13 s of each benchmark's set-up on this machine (most of it intake 0002
loading the foods), the same at any size, which a quick run cannot afford seven times. So a quick run copies a
database migrated once and cached under var/bench-templates/: a SQLite file, and a PostgreSQL data directory
(initdb'd and migrated) for the benchmarks that run a private cluster. Each is named by a hash of every migration
and of the data and code intake 0002 loads: editing or adding a migration builds a new one. The benchmarks still
run `migrate` on the copy (a no-op when it is current) where their code already does, in process; bench/faults.py
skips its `manage.py migrate` (seconds of a process of its own) on a copy current by its name.

A benchmark whose set-up writes the same rows on every run also keeps a snapshot of them there (the database and
what the set-up printed), named by a hash of its own code as well: the next quick run copies it instead.

The full run (`make bench`) uses none of this: it migrates and populates from scratch, as it always has.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import closing, suppress
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from tests.integration.stack import PostgresCluster

T = TypeVar("T")
QUICK = os.environ.get("BENCH_QUICK") == "1"
ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "var" / "bench-templates"
FOODS_UNLOADED = ("intake", "0001")  # bench/foods.py times the migration of the foods from there


# --- names ------------------------------------------------------------------------------------------------------


def _key() -> str:
    """A hash of what `migrate` builds from: our migrations, what 0002 loads, and the pinned packages (Django's
    own apps and the third-party ones have migrations too)."""
    digest = hashlib.sha256(version("django").encode())
    sources = [*ROOT.glob("*/migrations/*.py"), *ROOT.glob("intake/data/*"), ROOT / "intake" / "usda.py",
               ROOT / "requirements.txt"]  # fmt: skip
    for path in sorted(sources):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _forget_other_keys(kind: str, keep: Path) -> None:
    """Drop the entries of the same kind with another key (older migrations or code): each is up to 40 MB."""
    for old in CACHE.glob(f"{kind}-*"):
        if old != keep and re.fullmatch(rf"{re.escape(kind)}-[0-9a-f]{{16}}(\.sqlite3)?", old.name):
            shutil.rmtree(old) if old.is_dir() else old.unlink(missing_ok=True)


def _building(entry: Path) -> Path:
    """Where `entry` is built, to be renamed into place whole: a run beside us sees all of it or nothing."""
    CACHE.mkdir(parents=True, exist_ok=True)
    return CACHE / f"{entry.name}.{os.getpid()}.tmp"


def _move_into_place(building: Path, entry: Path) -> None:
    try:
        building.rename(entry)
    except OSError:  # a run beside us built the same entry first (a folder is not replaced)
        shutil.rmtree(building)


# --- SQLite -----------------------------------------------------------------------------------------------------


def _migrate(database_url: str, *target: str) -> None:
    """`manage.py migrate [app migration]` on the database at `database_url`."""
    env = {**os.environ, "TRAINER_INSECURE_DEV_KEY": "1", "DATABASE_URL": database_url,
           "DJANGO_SETTINGS_MODULE": "trainer.settings"}  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "migrate", *target, "-v0"], cwd=ROOT, env=env, check=True)


def _sidecars(db: Path) -> list[Path]:
    """SQLite's WAL files beside `db`: a stale one beside a new file would be replayed into it."""
    return [db.with_name(db.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _fold_wal(db: Path) -> None:
    """Write the WAL into the file, so that the file alone is the database."""
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def sqlite_template(back_to: tuple[str, str] | None = None) -> Path:
    """The SQLite file of the current migrations, built on first use; with `back_to` (app, migration), migrated
    and then taken back to that migration of that app."""
    kind = "sqlite" if back_to is None else "sqlite-{}-{}".format(*back_to)
    template = CACHE / f"{kind}-{_key()}.sqlite3"
    if template.exists():
        return template
    building = _building(template)
    if back_to is None:
        _migrate(f"sqlite:///{building}")
    else:
        shutil.copyfile(sqlite_template(), building)
        _migrate(f"sqlite:///{building}", *back_to)
    _fold_wal(building)
    for sidecar in _sidecars(building):
        sidecar.unlink(missing_ok=True)
    os.replace(building, template)
    _forget_other_keys(kind, template)
    return template


def copy_sqlite(target: Path, source: Path) -> None:
    """Put a copy of the SQLite database `source` at `target`, in place of whatever was there."""
    for path in (target, *_sidecars(target)):
        path.unlink(missing_ok=True)
    shutil.copyfile(source, target)


def copy_migrated_sqlite(target: Path) -> None:
    """Put a migrated SQLite database at `target`, in place of whatever was there."""
    copy_sqlite(target, sqlite_template())


# --- snapshots of a benchmark's set-up --------------------------------------------------------------------------


def snapshot_of(name: str, *sources: Path, **facts: object) -> Path:
    """Where a benchmark keeps, for its next quick runs, the database its set-up wrote (`db.sqlite3`, or `data/`
    for a PostgreSQL cluster) and what the set-up printed: a folder named by `name` and a hash of the migrations,
    of `sources` (the code that wrote the rows) and of `facts` (what else they follow, such as the day their dates
    count back from). It may not exist yet: see keep_snapshot and keep_cluster_snapshot."""
    digest = hashlib.sha256(f"{_key()} {sorted(facts.items())}".encode())
    for source in sources:
        digest.update(str(source).encode() + b"\0" + source.read_bytes())
    return CACHE / f"{name}-{digest.hexdigest()[:16]}"


def app_code() -> list[Path]:
    """The project's own code (not its tests, benchmarks or migrations), for snapshot_of: rows written through
    the models' save() follow it too (signals, managers), where bulk inserts follow only the schema."""
    packages = [folder for folder in ROOT.iterdir() if (folder / "__init__.py").exists() and folder.name != "tests"]
    return sorted(path for folder in packages for path in folder.rglob("*.py") if "migrations" not in path.parts)


def _keep(building: Path, snapshot: Path, texts: dict[str, str]) -> None:
    for name, text in texts.items():
        (building / name).write_text(text)
    _move_into_place(building, snapshot)
    _forget_other_keys(snapshot.name.rsplit("-", 1)[0], snapshot)


def keep_snapshot(snapshot: Path, db: Path, **texts: str) -> None:
    """Keep the SQLite database `db`, which no one is writing, and `texts` (file name: content) as `snapshot`."""
    building = _building(snapshot)
    building.mkdir()
    _fold_wal(db)
    shutil.copyfile(db, building / "db.sqlite3")
    _keep(building, snapshot, texts)


def keep_cluster_snapshot(snapshot: Path, cluster: PostgresCluster, **texts: str) -> None:
    """Keep the data of `cluster`, which no one is using (it is stopped for the copy, then started again), and
    `texts` (file name: content) as `snapshot`."""
    building = _building(snapshot)
    building.mkdir()
    cluster.stop("fast")  # a clean shut-down: a copy then starts without replaying the WAL
    try:
        subprocess.run(["cp", "-a", str(cluster.data), str(building / "data")], check=True)  # keeps owner, modes
    finally:
        cluster.start()
    _keep(building, snapshot, texts)


# --- PostgreSQL -------------------------------------------------------------------------------------------------


def has_postgres() -> bool:
    """Whether PostgreSQL's server programs are installed (the private clusters need them)."""
    return any(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))


def postgres_template() -> Path:
    """The data directory of a cluster migrated with the current migrations, built on first use by a private
    cluster (tests/integration/stack.PostgresCluster)."""
    from tests.integration.stack import PostgresCluster

    template = CACHE / f"postgres-{_key()}"
    if template.exists():
        return template
    cluster = PostgresCluster()
    try:
        cluster.create()
        _migrate(cluster.url)
        cluster.stop("fast")  # a clean shut-down: a copy then starts without replaying the WAL
        building = _building(template)
        subprocess.run(["cp", "-a", str(cluster.data), str(building)], check=True)  # keeps owner and modes
        _move_into_place(building, template)
    finally:
        cluster.destroy()
    _forget_other_keys("postgres", template)
    return template


def template_cluster(data: Path | None = None) -> PostgresCluster:
    """A private PostgreSQL cluster (tests/integration/stack.PostgresCluster) whose `create()` copies a data
    directory instead of running initdb: `data` (a snapshot's), else the migrated template, so that the
    benchmark's migrate has nothing left to do."""
    from tests.integration.stack import PostgresCluster

    class TemplateCluster(PostgresCluster):
        def create(self) -> None:
            subprocess.run(["cp", "-a", str(data or postgres_template()), str(self.data)], check=True)
            self.start()

    return TemplateCluster()


def prepare() -> None:
    """Build whichever templates are missing, side by side: nothing is being measured yet, and each is a
    migrate waiting mostly on its own process."""
    with ThreadPoolExecutor(2) as pool:
        builds = [pool.submit(lambda: sqlite_template(FOODS_UNLOADED))]  # the migrated file on the way
        builds += [pool.submit(postgres_template)] if has_postgres() else []
        for build in builds:
            build.result()


# --- servers ----------------------------------------------------------------------------------------------------


def in_background(work: Callable[..., T], *args: object) -> Future[T]:
    """`work(*args)` in a thread of its own, for set-up that may overlap other set-up (never a measurement)."""
    pool = ThreadPoolExecutor(1)
    future = pool.submit(work, *args)
    pool.shutdown(wait=False)  # the thread ends with the work
    return future


def kill_gunicorn(process: subprocess.Popen) -> None:
    """Kill gunicorn's master and workers at once. Its own stop, SIGTERM or SIGQUIT alike, takes 2-4 s here (the
    workers leave their wait only at its timeout, the app's exit follows); a quick run kills it only after its
    last request, when nothing is left to finish."""
    try:
        workers = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    except FileNotFoundError:  # the master is gone already (its workers stop themselves when it goes)
        workers = []
    process.kill()  # the master first: it would start a worker in place of each one killed
    process.wait(30)
    for pid in workers:
        with suppress(ProcessLookupError):  # gone already
            os.kill(int(pid), signal.SIGKILL)
