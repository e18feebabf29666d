"""The embedded Redis starts, a real Celery worker runs a task through it, and both stop."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from celery import Celery
from celery.contrib.testing.worker import start_worker

from trainer import embedded_redis


def test_worker_runs_a_task_through_the_embedded_redis(tmp_path: Path) -> None:
    sock = tmp_path / "redis.sock"
    assert embedded_redis.ensure_running(sock) is True
    assert embedded_redis.ensure_running(sock) is False  # reused, not started twice
    process = embedded_redis._owned[sock]
    url = f"redis+socket://{sock}"
    app = Celery("embedded-test", broker=url, backend=url, set_as_current=False)
    app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")

    @app.task(name="embedded-test.multiply")
    def multiply(a: int, b: int) -> int:
        return a * b

    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            assert multiply.delay(6, 7).get(timeout=20) == 42
    finally:
        # start_worker makes its app the current one; give the project's app back to the tests that follow.
        from trainer.celery import app as project_app

        project_app.set_current()
        project_app.set_default()

    assert embedded_redis.stop(sock) is True
    assert process.poll() is not None
    assert not embedded_redis.is_answering(sock)


def test_a_process_reuses_the_running_server_and_leaves_it_running(tmp_path: Path) -> None:
    sock = tmp_path / "redis.sock"
    embedded_redis.ensure_running(sock)
    code = (
        "import sys; from pathlib import Path; from trainer import embedded_redis as e;"
        f"sys.exit(0 if e.ensure_running(Path({str(sock)!r})) is False else 1)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    assert subprocess.run([sys.executable, "-c", code], env=env, timeout=30).returncode == 0
    assert embedded_redis.is_answering(sock)  # the other process did not stop what it did not start
    embedded_redis.stop(sock)


def test_the_starting_process_stops_it_when_it_exits(tmp_path: Path) -> None:
    sock = tmp_path / "redis.sock"
    code = (
        "from pathlib import Path; from trainer import embedded_redis as e;"
        f"assert e.ensure_running(Path({str(sock)!r})); print('up', flush=True)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run([sys.executable, "-c", code], env=env, timeout=30, capture_output=True, text=True)
    assert result.stdout.strip() == "up", result.stderr
    assert not embedded_redis.is_answering(sock)
