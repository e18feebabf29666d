"""Reads whose cost should not follow the length of the history (issue 16, item 1), and the log POST (item 5).

The day summary (GET /api/v1/athletes/{id}/days/{today}/, no stored recovery status, so the check runs live) and
the load endpoint (28 days) for two athletes who log the same way every day, one for 60 days and one for 700,
against the project's health check, a view that only runs `SELECT 1` (`/healthz`), each behind the whole
middleware stack.
Beside them, a workout log POSTed by a third athlete with 60 days of history (its recovery check is published
once a minute at most, issue 16 item 5), and the day summary of a fourth whose check of today is stored, as the
morning run and the logs' checks leave it: the usual case.

Measured two ways. Over HTTP, as issue 16 measured and set its goals: gunicorn with 4 sync workers, wrk at
saturation, the kinds taking turns of 4 s three times. In this process, through Django's WSGI handler (no
network, no server: the application alone, so every ratio is harsher), the kinds taking turns every tenth of a
second; these rows carry no goal.

The database is `BENCH_DATABASE_URL` when set, else a private PostgreSQL cluster (tests/integration/stack.py)
when its server programs are installed, else SQLite under var/. `BENCH_QUICK=1` (bench/run_all.py --quick)
measures for a tenth of the time, on a cluster or SQLite file copied already migrated (bench/_quick.py), with
gunicorn started while the histories are written and warmed before its turns of 1 s.
"""

from __future__ import annotations

import datetime as dt
import glob
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from bench._quick import (  # noqa: E402
    QUICK,
    copy_migrated_sqlite,
    has_postgres,
    in_background,
    kill_gunicorn,
    template_cluster,
)

if TYPE_CHECKING:
    from tests.integration.stack import Gunicorn

SECONDS = 0.3 if QUICK else 3.0  # per kind of request, in this process
SLICE_S = 0.1
WARM_CALLS = 2 if QUICK else 5  # of each kind, in this process, before the timing (first-request imports, caches)
HTTP_TURNS, HTTP_TURN_S = (1, 1) if QUICK else (3, 4)  # over HTTP: turns of each kind, seconds each
HISTORIES = (60, 700)  # days of logs before today
# The log POST is also sent by this many athletes in turn, as that many watches would send it: one athlete's
# burst queues on that athlete's row (the owed check's UPDATE holds it until COMMIT), several athletes' do not.
# Over HTTP only: in process the requests come one at a time and meet no lock.
SPREAD = 8


def database() -> tuple[str, str, object | None]:
    """(url, name shown in the figures, cluster to destroy afterwards)."""
    if url := os.environ.get("BENCH_DATABASE_URL"):
        return url, "PostgreSQL" if url.startswith("postgres") else "the given database", None
    if QUICK and has_postgres():
        cluster = template_cluster()
        cluster.create()
        return cluster.url, "PostgreSQL", cluster
    if glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"):
        from tests.integration.stack import PostgresCluster

        cluster = PostgresCluster()
        cluster.create()
        return cluster.url, "PostgreSQL", cluster
    db = ROOT / "var" / "bench-reads.sqlite3"
    db.unlink(missing_ok=True)
    if QUICK:
        copy_migrated_sqlite(db)
    return f"sqlite:///{db}", "SQLite", None


ENVIRONMENT = {
    "TRAINER_INSECURE_DEV_KEY": "1",
    "DEBUG": "0",  # DEBUG keeps every query's SQL: not what production pays
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "testserver,127.0.0.1",
    "THROTTLE_USER": "100000000/min",
    "DJANGO_SETTINGS_MODULE": "trainer.settings",
}


def setup_django(url: str) -> None:
    os.environ.update({**ENVIRONMENT, "DATABASE_URL": url})
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def athlete_with_history(days: int, today: dt.date, name: str = "reads") -> tuple[int, str]:
    """An athlete who trained six days a week, checked in, drank and ate every day for `days` days, and
    drinks, eats and checks in today too. Returns (athlete id, API token)."""
    from rest_framework.authtoken.models import Token

    from intake.models import Food, Meal, MealItem, WaterLog
    from people.models import AthleteProfile, Role, User
    from training.models import WellnessCheckIn, WorkoutLog

    user = User.objects.create_user(f"{name}-{days}@example.org", None, role=Role.ATHLETE)
    athlete = AthleteProfile.objects.create(
        user=user, birth_date=dt.date(1990, 1, 1), sex="female", mass_kg=60, time_zone="UTC"
    )
    dates = [today - dt.timedelta(days=d) for d in range(days, -1, -1)]
    WorkoutLog.objects.bulk_create(
        WorkoutLog(athlete=athlete, date=d, modality="run", minutes=30 + 10 * (i % 6), rpe=3 + i % 5, warmup_done=True)
        for i, d in enumerate(dates[:-1])
        if i % 7 != 6
    )
    WellnessCheckIn.objects.bulk_create(
        WellnessCheckIn(athlete=athlete, date=d, sleep=2 + i % 3, fatigue=3, stress=2, soreness=2 + i % 2)
        for i, d in enumerate(dates)
    )
    noon = dt.time(12, tzinfo=dt.UTC)
    WaterLog.objects.bulk_create(
        WaterLog(athlete=athlete, at=dt.datetime.combine(d, noon) + dt.timedelta(hours=h), water_ml=500)
        for d in dates
        for h in (-4, 0, 4)
    )
    meals = Meal.objects.bulk_create(Meal(athlete=athlete, at=dt.datetime.combine(d, noon)) for d in dates)
    foods = list(Food.objects.filter(ndb_no__in=["09040", "11457", "12061"]).values_list("pk", flat=True))
    MealItem.objects.bulk_create(MealItem(meal=m, food_id=f, grams=120) for m in meals for f in foods)
    return athlete.pk, Token.objects.create(user=user).key


Request = tuple[str, str | None, bytes | None]  # path, token, JSON body to POST (None: a GET)


def measure(paths: dict[str, Request]) -> dict[str, float]:
    """Requests per second for each path, through Django's WSGI handler, the kinds taking turns."""
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()

    def call(path: str, token: str | None, body: bytes | None) -> None:
        environ = {
            "REQUEST_METHOD": "GET" if body is None else "POST",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body or b""),
            "wsgi.errors": sys.stderr,
        }
        if body is not None:
            environ.update({"CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body))})
        if token:
            environ["HTTP_AUTHORIZATION"] = f"Token {token}"
        status = []
        body = handler(environ, lambda s, headers, exc_info=None: status.append(s))
        try:
            b"".join(body)
        finally:
            body.close()
        if not status[0].startswith(("200", "201")):
            raise RuntimeError(f"{path}: {status[0]}")

    for path, token, body in paths.values():  # warm: first-request imports, caches, connections
        for _ in range(WARM_CALLS):
            call(path, token, body)
    # The kinds take turns in slices of a tenth of a second: on a shared machine the load comes and goes, and
    # short turns spread it evenly over them.
    counts, spent = dict.fromkeys(paths, 0), dict.fromkeys(paths, 0.0)
    while min(spent.values()) < SECONDS:
        for name, (path, token, body) in paths.items():
            start = time.perf_counter()
            while time.perf_counter() - start < SLICE_S:
                call(path, token, body)
                counts[name] += 1
            spent[name] += time.perf_counter() - start
    return {name: counts[name] / spent[name] for name in paths}


def wrk_script(
    folder: Path, name: str, token: str | None, body: bytes | None, turns: list[tuple[str, str]] | None = None
) -> Path:
    """wrk's Lua set-up for one kind of request: its method, token and JSON body; with `turns`, (path, token)
    pairs that the requests take in turn."""
    lines = [f'wrk.headers["Authorization"] = "Token {token}"'] if token else []
    if body is not None:
        lines += ['wrk.method = "POST"', 'wrk.headers["Content-Type"] = "application/json"',
                  f"wrk.body = {json.dumps(body.decode())}"]  # fmt: skip
    if turns:
        pairs = ", ".join(f"{{{json.dumps(path)}, {json.dumps('Token ' + key)}}}" for path, key in turns)
        lines += [f"local turns = {{{pairs}}}", "local i = 0", "request = function()", "  i = i % #turns + 1",
                  '  wrk.headers["Authorization"] = turns[i][2]', "  return wrk.format(nil, turns[i][1])",
                  "end"]  # fmt: skip
    script = folder / f"{name}.lua"
    script.write_text("\n".join(lines) + "\n")
    return script


def warm_http(base: str, paths: dict[str, Request]) -> None:
    """--quick: each kind once on each of 8 connections before the turns of 1 s, which would otherwise time each
    worker's first requests of it (imports, connections); the full run's three turns of 4 s absorb those."""

    def send(path: str, token: str | None, body: bytes | None) -> None:
        headers = {"Authorization": f"Token {token}"} if token else {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        with urllib.request.urlopen(urllib.request.Request(base + path, data=body, headers=headers), timeout=60) as r:
            r.read()

    with ThreadPoolExecutor(8) as pool:
        for request in paths.values():
            list(pool.map(lambda r: send(*r), [request] * 8))


def measure_http(
    base: str, paths: dict[str, Request], turns: dict[str, list[tuple[str, str]]] | None = None
) -> dict[str, float]:
    """Requests per second for each path from wrk at saturation (8 connections), the kinds taking turns; a kind in
    `turns` sends its requests to those (path, token) pairs in turn."""
    turns = turns or {}
    rates: dict[str, list[float]] = {name: [] for name in paths}
    with tempfile.TemporaryDirectory() as folder:
        scripts = {
            name: wrk_script(Path(folder), name, token, body, turns.get(name))
            for name, (_, token, body) in paths.items()
        }
        for _ in range(HTTP_TURNS):
            for name, (path, _, _) in paths.items():
                out = subprocess.run(
                    ["wrk", "-t1", "-c8", f"-d{HTTP_TURN_S}s", "-s", str(scripts[name]), base + path],
                    capture_output=True, text=True, check=True,
                ).stdout  # fmt: skip
                if "Non-2xx" in out:
                    raise RuntimeError(f"{path}: answers other than 2xx\n{out}")
                rates[name].append(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)))
    return {name: sum(r) / len(r) for name, r in rates.items()}


def start_server(url: str) -> Gunicorn:
    from tests.integration.stack import Gunicorn

    # 4 sync workers, as issue 16 measured (2 cores: 4 workers keep both busy while one waits on the database)
    return Gunicorn({**os.environ, **ENVIRONMENT, "DATABASE_URL": url}, workers=4)


def main() -> list[tuple]:
    if not shutil.which("wrk"):
        sys.exit("bench/reads.py needs wrk (apt-get install wrk; `make bench` installs it when root)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # a stopped run still stops its private cluster
    url, db_name, cluster = database()
    early: Future[Gunicorn] | None = None
    try:
        setup_django(url)
        if QUICK:  # gunicorn starts while the histories are written: it serves nothing before measure_http
            early = in_background(start_server, url)
        from django.utils import timezone

        today = timezone.now().astimezone(dt.UTC).date()
        started = time.perf_counter()
        athletes = {days: athlete_with_history(days, today) for days in HISTORIES}
        print(f"histories of {HISTORIES} days written in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        paths: dict[str, Request] = {"select": ("/healthz", None, None)}  # people.views.healthz: `SELECT 1`
        for days, (pk, token) in athletes.items():
            paths[f"day{days}"] = (f"/api/v1/athletes/{pk}/days/{today.isoformat()}/", token, None)
            paths[f"load{days}"] = (f"/api/v1/athletes/{pk}/load/", token, None)
        # A fourth athlete, like the first, whose check has run today (as the morning run and the logs' checks
        # store it): the usual case, where the summary is kept after its first read (intake/day_cache.py) until a
        # write. The first three check live, as of now, so theirs are computed every time.
        pk, token = athlete_with_history(HISTORIES[0], today, name="checked")
        from people.models import AthleteProfile
        from recovery.services import run_check

        run_check(AthleteProfile.objects.select_related("user").get(pk=pk))
        paths["checked"] = (f"/api/v1/athletes/{pk}/days/{today.isoformat()}/", token, None)
        # The POSTs go to a third athlete: thousands of logs today would slow the day summary measured beside them.
        pk, token = athlete_with_history(HISTORIES[0], today, name="poster")
        workout = {"session": None, "date": today.isoformat(), "minutes": 30, "rpe": 5, "completed": True,
                   "warmup_done": True, "stretching_done": True, "notes": "bench"}  # fmt: skip
        paths["log"] = (f"/api/v1/athletes/{pk}/workouts/", token, json.dumps(workout).encode())
        posters = [athlete_with_history(0, today, name=f"poster-{i}") for i in range(SPREAD)]
        turns = [(f"/api/v1/athletes/{pk}/workouts/", token) for pk, token in posters]
        if early:  # up, and idle, before anything is timed
            early.result()
        rate = measure(paths)
        from django.db import connections

        connections.close_all()
        server = early.result() if early else start_server(url)
        try:
            if QUICK:
                warm_http(server.url, paths)
            http = measure_http(
                server.url, {**paths, "spread": (turns[0][0], None, paths["log"][2])}, {"spread": turns}
            )
        finally:
            if not QUICK:
                server.stop()
    finally:
        if early is not None and early.exception() is None:
            kill_gunicorn(early.result().process)  # --quick: its figures are in (bench/_quick.py)
        if cluster is not None:
            cluster.destroy()
    return rows(http, db_name, "over HTTP: gunicorn, 4 workers, wrk") + rows(rate, db_name, "in process", goals=False)


def rows(rate: dict[str, float], db_name: str, how: str, *, goals: bool = True) -> list[tuple]:
    """The figures of one way of measuring. With goals, each ratio is value / reference with issue 16's goal last:
    the day summary against `SELECT 1` (0.25), 700 days against 60 (0.9: the cost does not follow the history), the
    log POST against `SELECT 1` (0.3). Without, the ratios are only shown, in the figure's name."""
    short, long = HISTORIES
    select = rate["select"]
    found = [
        (f"`SELECT 1` view, requests/s ({db_name}, {how})", rate["select"], 0, True),
        (f"day summary, {short} days of history, requests/s ({how}); ratio to `SELECT 1`", rate[f"day{short}"],
         select, True, 0.25),
        (f"day summary, {long} days of history, requests/s ({how}); ratio to {short} days", rate[f"day{long}"],
         rate[f"day{short}"], True, 0.9),
        (f"load endpoint, 28 days, {short} days of history, requests/s ({how})", rate[f"load{short}"], 0, True),
        (f"load endpoint, 28 days, {long} days of history, requests/s ({how}); ratio to {short} days",
         rate[f"load{long}"], rate[f"load{short}"], True, 0.9),
        (f"workout log POST, requests/s ({how}); ratio to `SELECT 1`", rate["log"], select, True, 0.3),
        *(
            [(f"workout log POST, {SPREAD} athletes in turn, requests/s ({how}); ratio to `SELECT 1`", rate["spread"],
              select, True, 0.3)]
            if "spread" in rate else []
        ),
        (f"day summary, {short} days, today's check stored: kept after its first read, requests/s ({how}); "
         "ratio to `SELECT 1`",
         rate["checked"], select, True, 0.25),
    ]  # fmt: skip
    if goals:
        return found
    return [(name.replace("ratio to", f"{value / ref:.3f} of") if ref else name, value, 0, True)
            for name, value, ref, *_ in found]  # fmt: skip


if __name__ == "__main__":
    for name, value, reference, higher, *_ in main():
        ratio = "" if not reference else f"{(value / reference if higher else reference / value):.2f}"
        print(f"{name:90} {value:10.1f} {ratio}")
