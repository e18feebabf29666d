"""Sign-in limits that slow attackers without locking out the owner (issue 18, item 2): per account and address,
per address, and per account from anywhere with growing delays (people.sign_in_limits); the address read as
NUM_PROXIES says, 0 unless the environment says otherwise (trainer/checks.py warns when it cannot be right).

The counters live in the cache, which tests/conftest.py clears before every test. Rates are lowered, where a test
needs it, the way tests/people/test_auth_api.py does it (DRF reads them once, into the throttle class); the
growing delays are waited out for real (1 + 2 seconds)."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import Client
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from people.sign_in_limits import MAX_DELAY_SECONDS, account_delay_seconds
from tests.factories import PASSWORD, AthleteFactory
from trainer import checks
from trainer.celery import app as celery_app

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
HOME, ATTACKER = "192.0.2.10", "203.0.113.66"
NEW_PASSWORD = "a much longer new password"


@pytest.fixture
def owner():
    return AthleteFactory().user


@pytest.fixture
def rates(monkeypatch):
    """Set some sign-in rates for one test: rates(login_account="3/day")."""

    def set_rates(**changed: str) -> None:
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, **changed})

    return set_rates


def token(email: str, password: str = "wrong password", address: str = ATTACKER, **extra):
    return APIClient().post("/api/v1/auth/token/", {"email": email, "password": password}, REMOTE_ADDR=address, **extra)


def page(email: str, password: str = "wrong password", address: str = ATTACKER, client: Client | None = None):
    client = client or Client()
    return client.post("/login/", {"username": email, "password": password}, REMOTE_ADDR=address)


def test_defaults_are_documented_values() -> None:
    assert api_settings.NUM_PROXIES == 0  # the connecting address; X-Forwarded-For is not believed
    rates = api_settings.DEFAULT_THROTTLE_RATES
    assert (rates["login"], rates["login_pair"], rates["login_account"]) == ("20/min", "10/hour", "100/day")


def test_delays_double_past_the_ceiling_up_to_an_hour() -> None:
    assert [account_delay_seconds(n, free_failures=100) for n in (0, 99, 100, 101, 102, 105)] == [0, 0, 1, 2, 4, 32]
    assert account_delay_seconds(112, free_failures=100) == MAX_DELAY_SECONDS == 3600
    assert account_delay_seconds(10**9, free_failures=100) == MAX_DELAY_SECONDS  # no overflow


def test_the_owner_signs_in_at_home_after_an_attacker_failed_elsewhere(owner) -> None:
    codes = [token(owner.email).status_code for _ in range(12)]
    assert codes == [400] * 10 + [429] * 2
    assert token(owner.email, PASSWORD, address=HOME).status_code == 200
    at_home = Client()
    assert page(owner.email, PASSWORD, address=HOME, client=at_home).status_code == 302
    assert at_home.get("/api/v1/me/").json()["email"] == owner.email  # signed in


def test_an_attacker_at_one_address_is_locked_out_of_that_account(owner) -> None:
    for _ in range(10):
        assert page(owner.email).status_code == 400
    refused = token(owner.email)
    assert refused.status_code == 429
    assert 3500 < int(refused["Retry-After"]) <= 3600  # the rest of the hour
    assert refused.json()["detail"] == (
        "Too many sign-in attempts for this account from this network. Please wait and try again in 60 minutes, "
        "or reset your password."
    )
    # The right password from there waits too: the answer must not tell whether it was right.
    assert token(owner.email, PASSWORD).status_code == 429
    on_page = page(owner.email, PASSWORD)
    assert on_page.status_code == 429 and "or reset your password" in on_page.content.decode()


def test_an_address_trying_many_accounts_is_slowed(owner) -> None:
    codes = [token(f"someone{i}@example.org").status_code for i in range(20)]
    assert codes == [400] * 20
    assert token(owner.email, PASSWORD).status_code == 429  # the 21st attempt this minute from that address
    assert token(owner.email, PASSWORD, address=HOME).status_code == 200


def test_many_addresses_against_one_account_meet_growing_delays(owner, rates) -> None:
    rates(login_account="3/day")
    assert token(owner.email, PASSWORD, address=HOME).status_code == 200  # the owner's usual address, before
    assert [token(owner.email, address=f"10.0.0.{i}").status_code for i in range(3)] == [400] * 3
    waits = []
    for i in range(3):
        refused = token(owner.email, address=f"10.1.0.{i}")
        assert refused.status_code == 429
        waits.append(int(refused["Retry-After"]))
        time.sleep(waits[-1] + 0.05)
        assert token(owner.email, address=f"10.2.0.{i}").status_code == 400  # waited: checked, and wrong
    assert waits == [1, 2, 4]
    # Even the right password waits at a new address; the owner, at theirs, does not.
    refused = token(owner.email, PASSWORD, address="10.3.0.1")
    assert refused.status_code == 429 and int(refused["Retry-After"]) == 8
    assert "from many places" in refused.json()["detail"]
    assert token(owner.email, PASSWORD, address=HOME).status_code == 200
    assert page(owner.email, PASSWORD, address=HOME).status_code == 302


def test_a_forged_forwarded_for_does_not_reset_the_count(owner) -> None:
    codes = [token(owner.email, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in range(11)] + [
        page(owner.email, PASSWORD, address=ATTACKER).status_code
    ]
    assert codes == [400] * 10 + [429, 429]
    assert token(owner.email, PASSWORD, address=HOME, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 200


def test_a_password_reset_works_while_locked(owner, django_capture_on_commit_callbacks, mailoutbox) -> None:
    for _ in range(10):
        assert page(owner.email, address=HOME).status_code == 400  # the owner forgot, at home
    assert page(owner.email, PASSWORD, address=HOME).status_code == 429
    client = Client(REMOTE_ADDR=HOME)
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # the email task runs here, as a worker would run it
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/password-reset/", {"email": owner.email}).status_code == 302
    finally:
        celery_app.conf.task_always_eager = eager
    link = re.search(r"/reset/[^\s\"<]+/", mailoutbox[0].body).group(0)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == "/reset/done/"
    # A new password starts the account's counters afresh, at home too.
    response = page(owner.email, NEW_PASSWORD, address=HOME)
    assert response.status_code == 302
    assert token(owner.email, NEW_PASSWORD, address=HOME).status_code == 200


def test_a_signed_in_session_and_a_token_keep_working_while_locked(owner, rates) -> None:
    rates(login_account="2/day")
    session = Client(REMOTE_ADDR=HOME)
    assert page(owner.email, PASSWORD, address=HOME, client=session).status_code == 302
    api_token = token(owner.email, PASSWORD, address=HOME).json()["token"]
    for i in range(12):
        page(owner.email, address=HOME)  # locks the pair at home
        page(owner.email, address=f"10.4.0.{i}")  # and delays the account everywhere else
    assert page(owner.email, PASSWORD, address=HOME).status_code == 429
    assert session.get(f"/athletes/{owner.athlete.pk}/today/").status_code == 200
    assert session.get("/login/").status_code == 302  # already signed in: sent on, not counted
    me = APIClient(HTTP_AUTHORIZATION=f"Token {api_token}").get("/api/v1/me/", REMOTE_ADDR=HOME)
    assert me.status_code == 200 and me.json()["email"] == owner.email


def test_a_wrong_password_for_an_unknown_email_counts_the_same() -> None:
    codes = [token("nobody@example.org").status_code for _ in range(11)]
    assert codes == [400] * 10 + [429]  # the answers do not tell which emails have an account


# --- NUM_PROXIES ------------------------------------------------------------------------------------------


def with_num_proxies(settings, value) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": value}


@pytest.mark.parametrize("value", [None, -1, "1", 1.5, True])
def test_an_impossible_num_proxies_is_an_error(settings, value) -> None:
    with_num_proxies(settings, value)
    assert [m.id for m in checks.check_num_proxies()] == ["trainer.E001"]


def test_proxies_under_the_development_server_are_a_warning(settings) -> None:
    settings.DEBUG = True
    with_num_proxies(settings, 1)
    assert [m.id for m in checks.check_num_proxies()] == ["trainer.W001"]
    with_num_proxies(settings, 0)
    assert checks.check_num_proxies() == []
    assert "trainer.W001" not in [m.id for m in run_checks()]  # registered, and silent with the default


def test_production_without_a_proxy_count_is_a_deploy_warning(settings) -> None:
    settings.DEBUG = False
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    with_num_proxies(settings, 0)
    assert [m.id for m in checks.check_num_proxies_in_production()] == ["trainer.W002"]
    assert "trainer.W002" in [m.id for m in run_checks(include_deployment_checks=True)]
    with_num_proxies(settings, 1)
    assert checks.check_num_proxies_in_production() == []


def test_a_sign_in_without_the_proxy_header_is_logged_once(owner, settings, caplog) -> None:
    with_num_proxies(settings, 1)
    with caplog.at_level(logging.WARNING, logger="people.sign_in_limits"):
        for _ in range(3):
            token(owner.email)
    said = [r for r in caplog.records if r.name == "people.sign_in_limits"]
    assert len(said) == 1 and "without X-Forwarded-For" in said[0].getMessage()


def manage_check(**env: str) -> subprocess.CompletedProcess:
    import os

    base = {k: v for k, v in os.environ.items() if k != "NUM_PROXIES"}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**base, "DEBUG": "1", **env}, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip


def test_num_proxies_from_the_environment() -> None:
    warned = manage_check(NUM_PROXIES="1")
    assert warned.returncode == 0 and "trainer.W001" in warned.stderr + warned.stdout
    refused = manage_check(NUM_PROXIES="one")
    assert refused.returncode != 0 and "NUM_PROXIES must be a whole number, 0 or more" in refused.stderr
    assert "no issues" in manage_check().stdout
