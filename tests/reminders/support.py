"""Real parts for the reminder integration tests: waiting, the broker queue, an SMTP server that can hold a
message, and a Celery worker in its own process that a test can SIGKILL."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout_s: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def purge(queue: str) -> int:
    """Drop every message waiting in `queue` on the real broker (what a Redis restart without persistence does)."""
    from trainer.celery import app, ensure_broker

    # The embedded Redis belongs to the test session that started it; when that session ends while this one runs,
    # it is gone. Start it again (no-op when it answers, or with REDIS_URL).
    ensure_broker()

    with app.connection_for_write() as connection:
        return connection.default_channel.queue_purge(queue) or 0


def drop_unacked(queue: str) -> int:
    """Forget messages a killed worker took from `queue` and never acknowledged. Redis would put them back in the
    queue after the visibility timeout (an hour), where a later test run's worker would find them."""
    import json

    from trainer.celery import app

    dropped = 0
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        client = channel.client
        for tag, payload in client.hgetall(channel.unacked_key).items():
            _, _, routing_key = json.loads(payload)
            if routing_key == queue:
                dropped += client.hdel(channel.unacked_key, tag)
                client.zrem(channel.unacked_index_key, tag)
    return dropped


def message_ids(messages: list[EmailMessage]) -> Counter:
    return Counter(m["Message-ID"] for m in messages)


class HoldingSMTP:
    """An aiosmtpd server on a loopback port. It records every message it receives; a message whose Message-ID is
    `hold` is recorded, then not answered until `release` (the sender sits in the middle of its send)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[EmailMessage] = []
        self.hold: str | None = None
        self.holding = threading.Event()
        self.release = threading.Event()
        self.controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        if self.hold and message["Message-ID"] == self.hold:
            self.hold = None
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
        return "250 OK"

    def start(self) -> HoldingSMTP:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        self.release.set()
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def database_url() -> str:
    """The URL of the test database this process uses, for a worker in another process."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class WorkerProcess:
    """`celery -A trainer worker` in its own process on `queue`, sending mail to the SMTP server on `smtp_port`."""

    def __init__(self, queue: str, smtp_port: int, log: Path) -> None:
        self.queue, self.smtp_port, self.log = queue, smtp_port, log
        self.process: subprocess.Popen | None = None

    def start(self) -> WorkerProcess:
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_QUEUE": self.queue,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_USE_TLS": "0",
            "TRAINER_INSECURE_DEV_KEY": "1",
            "DEBUG": "1",
            "LOG_LEVEL": "WARNING",
        }
        command = [
            sys.executable, "-m", "celery", "-A", "trainer", "worker", "--pool=solo", "--concurrency=1",
            "-Q", self.queue, "--without-mingle", "--without-gossip", "--without-heartbeat", "--loglevel=WARNING",
        ]  # fmt: skip
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
        return self

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no acknowledgement, no cleanup, like a machine losing power."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
