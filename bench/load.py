"""Load: 50 athletes logging water, meals and workouts and reading their day, 5 coaches reading the roster,
for 60 seconds against gunicorn on loopback (locust as a library). Afterwards the rows written must equal the
201 answers. `BENCH_DATABASE_URL` points it at PostgreSQL; `BENCH_LOAD_SECONDS` shortens it.

`bench/run_all.py --quick` (BENCH_QUICK=1, 6 s of load) also skips the fixed costs around the load: the SQLite
database is copied with its people from an earlier quick run, or else migrated (bench/_quick.py); gunicorn is used
as soon as it answers and a few reads have warmed it, and it is killed at the end rather than stopped gracefully."""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)  # for bench._quick; run as a script, bench/ would come first

from bench._quick import (  # noqa: E402
    QUICK,
    app_code,
    copy_migrated_sqlite,
    copy_sqlite,
    keep_snapshot,
    kill_gunicorn,
    snapshot_of,
)

SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
ATHLETES, COACHES = 50, 5

SETUP = """
import json
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from intake.models import Food
from people.models import AthleteProfile, CoachAthlete, Role, User
call_command("migrate", verbosity=0)
coaches = [User.objects.create_user(f"load-coach-{i}@example.org", None, role=Role.COACH) for i in range(__COACHES__)]
athletes = []
for i in range(__ATHLETES__):
    user = User.objects.create_user(f"load-athlete-{i}@example.org", None, role=Role.ATHLETE)
    athlete = AthleteProfile.objects.create(user=user, birth_date="1990-01-01", sex="female", mass_kg=60)
    CoachAthlete.objects.create(coach=coaches[i % len(coaches)], athlete=athlete)
    athletes.append((Token.objects.create(user=user).key, athlete.pk))
foods = list(Food.objects.filter(ndb_no__in=["09040", "11457", "12061", "01117"]).values_list("pk", flat=True))
print("SETUP" + json.dumps({"athletes": athletes, "coaches": [Token.objects.create(user=c).key for c in coaches],
                            "foods": foods}))
"""
COUNT = """
import json
from intake.models import Meal, WaterLog
from training.models import WorkoutLog
print("COUNT" + json.dumps(WaterLog.objects.count() + Meal.objects.count() + WorkoutLog.objects.count()))
"""


def environment() -> dict[str, str]:
    db = ROOT / "var" / "bench-load.sqlite3"
    return {
        **os.environ,
        "TRAINER_INSECURE_DEV_KEY": "1",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "THROTTLE_USER": "1000000/min",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{db}"),
        "DJANGO_SETTINGS_MODULE": "trainer.settings",
    }


def django_script(code: str, marker: str, env: dict[str, str]) -> object:
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    for line in out.stdout.splitlines():
        if line.startswith(marker):
            return json.loads(line[len(marker) :])
    raise SystemExit(out.stderr[-3000:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_locust(host: str, people: dict, seconds: int) -> dict[str, float]:
    import gevent
    from locust import HttpUser, between, events, task
    from locust.env import Environment

    created = {"count": 0}

    @events.request.add_listener
    def count_created(response=None, **_: object) -> None:  # noqa: ANN001
        if response is not None and response.status_code == 201:
            created["count"] += 1

    athletes = list(people["athletes"])
    coaches = list(people["coaches"])
    foods = people["foods"]

    class Athlete(HttpUser):
        weight = ATHLETES
        wait_time = between(1, 3)  # an athlete taps every few seconds at most

        def on_start(self) -> None:
            token, self.athlete_id = athletes.pop() if athletes else random.choice(people["athletes"])
            self.client.headers["Authorization"] = f"Token {token}"

        @task(4)
        def water(self) -> None:
            self.client.post(f"/api/v1/athletes/{self.athlete_id}/water/", json={"water_ml": 250}, name="water")

        @task(2)
        def meal(self) -> None:
            items = [{"food": random.choice(foods), "grams": 120}]
            self.client.post(f"/api/v1/athletes/{self.athlete_id}/meals/", json={"items": items}, name="meal")

        @task(1)
        def workout(self) -> None:
            body = {"date": time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400)), "minutes": 45, "rpe": 5}
            self.client.post(f"/api/v1/athletes/{self.athlete_id}/workouts/", json=body, name="workout")

        @task(3)
        def day(self) -> None:
            today = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400))
            self.client.get(f"/api/v1/athletes/{self.athlete_id}/days/{today}/", name="day")

    class Coach(HttpUser):
        weight = COACHES
        wait_time = between(1, 3)

        def on_start(self) -> None:
            self.client.headers["Authorization"] = f"Token {coaches.pop() if coaches else people['coaches'][0]}"

        @task
        def roster(self) -> None:
            self.client.get("/api/v1/roster/", name="roster")

    # stop_timeout lets each user finish its request in flight, so every row written has its 201 counted.
    env = Environment(user_classes=[Athlete, Coach], host=host, events=events, stop_timeout=30)
    runner = env.create_local_runner()
    runner.start(ATHLETES + COACHES, spawn_rate=ATHLETES + COACHES)
    gevent.sleep(seconds)
    runner.stop()  # returns once every user has stopped (or stop_timeout has passed)
    if not QUICK:  # the runner's greenlets include its CPU monitor, which never ends: this waits the whole 35 s
        runner.greenlet.join(timeout=35)
    runner.quit()
    total = env.stats.total
    return {
        "requests": total.num_requests,
        "errors": total.num_failures,
        "rps": total.num_requests / seconds,
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "created": created["count"],
    }


def start_gunicorn(port: int, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(  # 2 cores here: 4 sync workers keep both busy while one waits on the database
        [sys.executable, "-m", "gunicorn", "trainer.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "4",
         "--preload", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip


def answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def warm_up(port: int, people: dict) -> None:
    """--quick: each worker's first requests (imports, connections: about a second each here) would be much of a
    6 s load, as they are not of 60 s; a few reads on 8 connections pay them first. Reads only: the rows written
    must still match the load's 201 answers."""
    (token, athlete), coach = people["athletes"][0], people["coaches"][0]
    day = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400))
    reads = [(f"/api/v1/athletes/{athlete}/days/{day}/", token), ("/api/v1/roster/", coach)] * 8

    def read(path: str, key: str) -> None:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Token {key}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda r: read(*r), reads))


def people_kept(setup: str, env: dict[str, str]) -> dict | None:
    """--quick on SQLite: the people, on a copy of the database as SETUP left it in an earlier quick run
    (bench/_quick.py), else written now on a copy of the migrated database and kept for the next run. None on
    another database, where SETUP writes them as in the full run."""
    if "BENCH_DATABASE_URL" in os.environ:
        return None
    db, snapshot = ROOT / "var" / "bench-load.sqlite3", snapshot_of("load", Path(__file__), *app_code())
    if snapshot.exists():
        copy_sqlite(db, snapshot / "db.sqlite3")
        return json.loads((snapshot / "people.json").read_text())
    copy_migrated_sqlite(db)  # SETUP's migrate then has nothing to do
    people = django_script(setup, "SETUP", env)
    keep_snapshot(snapshot, db, **{"people.json": json.dumps(people)})
    return people


def quick_start(setup: str, env: dict[str, str], port: int) -> tuple[dict, subprocess.Popen]:
    """--quick: (people, server), the people as an earlier quick run wrote them when it can, gunicorn then waited
    for until it answers, not for a fixed 3 s, and warmed. On another database than SQLite, gunicorn starts while
    SETUP writes the people (it serves none of them before the load)."""
    from tests.reminders.support import wait_for

    people = people_kept(setup, env)
    server = start_gunicorn(port, env)
    try:
        people = people or django_script(setup, "SETUP", env)
        wait_for(lambda: answers(port), 60, "gunicorn to answer /healthz")
        warm_up(port, people)
    except BaseException:
        kill_gunicorn(server)
        raise
    return people, server


def main() -> list[tuple[str, float, float, bool]]:
    env = environment()
    (ROOT / "var" / "bench-load.sqlite3").unlink(missing_ok=True)
    setup = SETUP.replace("__COACHES__", str(COACHES)).replace("__ATHLETES__", str(ATHLETES))
    port = free_port()
    if QUICK:
        people, server = quick_start(setup, env, port)
    else:
        people = django_script(setup, "SETUP", env)
        server = start_gunicorn(port, env)
    try:
        if not QUICK:
            time.sleep(3)
        result = run_locust(f"http://127.0.0.1:{port}", people, SECONDS)
    finally:
        if QUICK:
            kill_gunicorn(server)
        else:
            server.terminate()
            server.wait(timeout=30)
    rows = django_script(COUNT, "COUNT", env)
    return [
        ("requests per second", result["rps"], 50.0, True),
        ("p50 latency, ms", result["p50"], 100.0, False),
        ("p95 latency, ms", result["p95"], 500.0, False),
        ("p99 latency, ms", result["p99"], 1000.0, False),
        ("errors", result["errors"], 0, False),
        ("rows written - 201 answers", rows - result["created"], 0, False),
    ]


if __name__ == "__main__":
    for name, value, reference, higher in main():
        ratio = "" if not reference or not value else f"{(value / reference if higher else reference / value):.2f}x"
        print(f"{name:35} {value:10.1f} {ratio}")
