"""Load: 50 athletes logging water, meals and workouts and reading their day, 5 coaches reading the roster,
for 60 seconds against gunicorn on loopback (locust as a library). Afterwards the rows written must equal the
201 answers. `BENCH_DATABASE_URL` points it at PostgreSQL; `BENCH_LOAD_SECONDS` shortens it."""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
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
    runner.stop()
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


def main() -> list[tuple[str, float, float, bool]]:
    env = environment()
    (ROOT / "var" / "bench-load.sqlite3").unlink(missing_ok=True)
    setup = SETUP.replace("__COACHES__", str(COACHES)).replace("__ATHLETES__", str(ATHLETES))
    people = django_script(setup, "SETUP", env)
    port = free_port()
    server = subprocess.Popen(  # 2 cores here: 4 sync workers keep both busy while one waits on the database
        [sys.executable, "-m", "gunicorn", "trainer.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "4",
         "--preload", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        time.sleep(3)
        result = run_locust(f"http://127.0.0.1:{port}", people, SECONDS)
    finally:
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
