"""Settings come from the environment; production values pass `check --deploy` without a warning."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-" + "x9Qv7Lm2Rt8Zp4Wn6Yb1Hc5Jd0Fg3Ks7Ue2Ia9Ol4Ny6Tr8Mw",
    "ALLOWED_HOSTS": "trainer.example.org",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "var" / "deploy-check.sqlite3"),
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "NUM_PROXIES": "1",  # behind the HTTPS proxy (README, Production)
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TRAINER_INSECURE_DEV_KEY", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip


def test_check_deploy_is_silent_with_production_values() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_without_debug() -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_database_url_and_email_come_from_the_environment() -> None:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='trainer.settings';"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.EMAIL_BACKEND, s.EMAIL_PORT,"
        " s.CELERY_BROKER_URL, s.DEBUG)"
    )
    env = {
        **PRODUCTION,
        "DATABASE_URL": "postgres://someone@db.example.org:5433/trainer",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": "2525",
    }
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "TRAINER_INSECURE_DEV_KEY"}}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == [
        "django.db.backends.postgresql", "trainer", "django.core.mail.backends.smtp.EmailBackend", "2525",
        "redis://127.0.0.1:6379/9", "False",
    ]  # fmt: skip
