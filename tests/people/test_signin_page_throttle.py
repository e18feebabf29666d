"""The sign-in page is limited like the API's token endpoint, on the same counters: per account from any address,
per address across accounts; over the limit it answers 429 with a sentence and Retry-After, never a 500; a GET
costs nothing. The counters live in the cache, which tests/conftest.py clears before every test; the rates are
lowered here the way tests/people/test_auth_api.py does it (DRF reads them once, into the throttle class)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import PASSWORD, AthleteFactory, CoachFactory

SENTENCE = re.compile(r"Too many sign-in attempts .*try again in (\d+) (second|minute)s?[,.]")


@pytest.fixture
def rates(monkeypatch):
    """Set the login rates for one test: rates(login="3/min", login_account="100/hour")."""

    def set_rates(**changed: str) -> None:
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, **changed})

    return set_rates


def sign_in(email: str, password: str = "wrong password", address: str = "127.0.0.1", **extra):
    return Client().post("/login/", {"username": email, "password": password}, REMOTE_ADDR=address, **extra)


def assert_throttled(response) -> None:
    assert response.status_code == 429
    seconds = int(response["Retry-After"])
    assert seconds > 0
    match = SENTENCE.search(response.content.decode())
    assert match, response.content.decode()
    if match.group(2) == "second":
        assert seconds < 60 and int(match.group(1)) == seconds
    else:
        assert int(match.group(1)) == -(-seconds // 60)  # the minutes the header's seconds round up to
    assert b'role="alert"' in response.content  # said where the form's errors are said


@pytest.mark.django_db
def test_per_account_whatever_the_address(rates) -> None:
    rates(login="100/min", login_account="3/hour")
    athlete, other = AthleteFactory(), AthleteFactory()
    email = athlete.user.email
    responses = [sign_in(email, address=f"10.0.0.{i}") for i in range(5)]
    assert [r.status_code for r in responses] == [400, 400, 400, 429, 429]
    assert_throttled(responses[3])
    # Even the right password waits: the limit is on attempts, and the page does not say whether it was right.
    assert sign_in(email.upper(), PASSWORD, address="10.0.1.1").status_code == 429
    # Another account, from a fresh address, signs in.
    response = sign_in(other.user.email, PASSWORD, address="10.0.1.2")
    assert response.status_code == 302 and response.url == "/"


@pytest.mark.django_db
def test_per_address_across_accounts(rates) -> None:
    rates(login="3/min", login_account="100/hour")
    coach = CoachFactory()
    codes = [sign_in(f"someone{i}@example.org", address="192.0.2.7").status_code for i in range(5)]
    assert codes == [400, 400, 400, 429, 429]
    assert_throttled(sign_in(coach.email, PASSWORD, address="192.0.2.7"))  # a real account, same address
    fresh = Client()
    response = fresh.post("/login/", {"username": coach.email, "password": PASSWORD}, REMOTE_ADDR="192.0.2.8")
    assert response.status_code == 302
    assert fresh.get("/coach/").status_code == 200  # signed in


@pytest.mark.django_db
def test_the_page_and_the_api_share_the_budget(rates) -> None:
    rates(login="100/min", login_account="4/hour")
    email = AthleteFactory().user.email
    api = APIClient()
    codes = []
    for i in range(3):  # alternating: page, API, page, API, ...
        codes.append(sign_in(email, address=f"10.1.0.{i}").status_code)
        codes.append(
            api.post("/api/v1/auth/token/", {"email": email, "password": "x"}, REMOTE_ADDR="10.2.0.1").status_code
        )
    assert codes == [400, 400, 400, 400, 429, 429]


@pytest.mark.django_db
def test_a_get_costs_nothing(rates) -> None:
    rates(login="2/min", login_account="2/hour")
    coach = CoachFactory()
    for _ in range(5):
        assert Client().get("/login/").status_code == 200
    assert sign_in(coach.email, "wrong").status_code == 400
    assert sign_in(coach.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_forged_forwarded_for_buys_no_new_budget(rates, settings) -> None:
    # DRF's default (None) would take the address from X-Forwarded-For as the client wrote it.
    assert isinstance(settings.REST_FRAMEWORK["NUM_PROXIES"], int)
    # Behind one proxy (production's default), the address is the one that proxy appended, the last; what the
    # client wrote before it changes nothing.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    rates(login="2/min", login_account="100/hour")
    codes = [
        sign_in(
            f"p{i}@example.org", address="10.9.9.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}, 198.51.100.4"
        ).status_code
        for i in range(4)
    ]
    assert codes == [400, 400, 429, 429]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"username": "x" * 5000 + "@example.org", "password": "p"},
        {"username": "a b\n\x00c@example.org", "password": "p"},
        {"username": "", "password": ""},
        {"password": "p"},
        {},
    ],
    ids=["long", "control-characters", "blank", "no-email", "empty"],
)
def test_odd_input_is_a_400_or_a_429_never_a_500(rates, data) -> None:
    rates(login="2/min", login_account="2/hour")
    codes = [Client().post("/login/", data).status_code for _ in range(4)]
    assert codes == [400, 400, 429, 429]
