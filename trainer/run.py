"""`make run`: the web server, a Celery worker and beat (and the embedded Redis unless REDIS_URL is set).

Ctrl-C stops every process started here, then the embedded Redis, and leaves nothing running.
"""

from __future__ import annotations

import os
import signal
import subprocess  # runs this project's own processes  # nosec B404
import sys
import time

import django

from trainer import embedded_redis


def site_env(environ: dict[str, str]) -> dict[str, str]:
    """The environment of `make run`: links in emails and the calendar point to the port it serves, unless
    SITE_URL says otherwise."""
    port = environ.get("PORT", "8000")
    return {"PORT": port, "SITE_URL": environ.get("SITE_URL") or f"http://127.0.0.1:{port}"}


def main() -> int:
    os.environ.update(site_env(dict(os.environ)))  # before settings read SITE_URL; the children inherit it
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings")
    # `kill` and service managers send SIGTERM: stop the same orderly way as Ctrl-C.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored
    django.setup()  # starts the embedded Redis (TrainerConfig.ready); this process owns it
    from django.conf import settings

    port = os.environ["PORT"]
    python = sys.executable
    commands = {
        "web": [python, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        "worker": [python, "-m", "celery", "-A", "trainer", "worker", "--loglevel=INFO", "--concurrency=2"],
        "beat": [python, "-m", "celery", "-A", "trainer", "beat", "--loglevel=INFO"],
    }
    # Children get their own session so Ctrl-C reaches only this launcher, which then stops them in order.
    children = {
        name: subprocess.Popen(cmd, start_new_session=True)  # noqa: S603  # our own commands  # nosec B603
        for name, cmd in commands.items()
    }
    _print_banner(port, settings.CELERY_BROKER_URL)
    try:
        while all(child.poll() is None for child in children.values()):
            time.sleep(0.5)
        failed = [name for name, child in children.items() if child.poll() is not None]
        print(f"stopped: {', '.join(failed)} exited", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        _stop(children)
        embedded_redis.stop_all()


def _stop(children: dict[str, subprocess.Popen]) -> None:
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()


def _print_banner(port: str, broker: str) -> None:
    from trainer.demo import COACH_EMAIL, DEMO_ATHLETES, DEMO_PASSWORD

    logins = [COACH_EMAIL] + [athlete.email for athlete in DEMO_ATHLETES]
    lines = [
        f"Trainer is running on http://127.0.0.1:{port}/  (admin: /admin/, API docs: /api/docs/)",
        f"Broker: {broker}",
        f"Demo logins (password {DEMO_PASSWORD}): " + ", ".join(logins),
        "Press Ctrl-C to stop everything.",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    sys.exit(main())
