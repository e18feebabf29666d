"""Sign-in limits that slow attackers without locking out the owner (issue 18, item 2).

The token endpoint and the sign-in page share these counters, kept in the cache (Redis in production, so every
web worker sees the same counts; failing open while it is away, as the other throttles do):

- Per address, every attempt (the `login` rate, people.api.LoginAddressThrottle): one address trying many
  accounts.
- Per account and address, wrong passwords (`login_pair`, 10 an hour): that pair waits for the rest of the hour,
  the account's owner elsewhere does not.
- Per account from anywhere, wrong passwords (`login_account`, 100 a day): past that ceiling, each further attempt
  from an address the account has not signed in from waits 2^k seconds after the last wrong password (k: the
  wrong passwords past the ceiling; at most an hour), so many addresses guessing one account get slower and
  slower while the owner, at an address they signed in from before, is not delayed.

A signed-in session is never asked. A password-reset link works whatever these counters say, and a new password
starts the account's counters afresh: their keys include a digest of the stored password hash. Keys are HMACs
(the SECRET_KEY's), so the cache holds neither an email nor an address. Two attempts racing past a check may
both be answered; the counts themselves are atomic (cache.incr).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

from people.models import User

logger = logging.getLogger(__name__)

MAX_DELAY_SECONDS = 3600
FAMILIAR_SECONDS = 90 * 24 * 3600  # an address the account signed in from stays familiar this long
_PREFIX = "sign-in-limits"


def account_delay_seconds(failures: int, free_failures: int, max_seconds: int = MAX_DELAY_SECONDS) -> int:
    """How long an attempt must wait after the account's last wrong password: nothing below `free_failures`,
    then 1, 2, 4, ... seconds, never more than `max_seconds`."""
    if failures < free_failures:
        return 0
    return min(max_seconds, 2 ** min(failures - free_failures, 62))


@dataclass(frozen=True)
class Refusal:
    """An attempt not let through: the seconds to wait (Retry-After) and why, in a sentence."""

    seconds: int
    reason: str  # "pair" or "account"

    @property
    def sentence(self) -> str:
        wait = duration_words(self.seconds)
        if self.reason == "pair":
            return (
                "Too many sign-in attempts for this account from this network. Please wait and try again in "
                f"{wait}, or reset your password."
            )
        return (
            "Too many sign-in attempts for this account from many places, so each one now waits longer. Please "
            f"wait and try again in {wait}, or reset your password."
        )


def duration_words(seconds: int) -> str:
    """A wait in words: "40 seconds", "1 minute", "12 minutes" (minutes rounded up from a minute on)."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


class _Rate(SimpleRateThrottle):
    """A rate from DEFAULT_THROTTLE_RATES, read the way DRF's throttles read it (and tests lower it)."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()


def _rate(scope: str) -> tuple[int, int]:
    rate = _Rate(scope)
    return rate.num_requests, rate.duration


def client_address(request: HttpRequest) -> str:
    """The address the throttles count, believing X-Forwarded-For only as far as NUM_PROXIES (DRF's reading)."""
    proxies = api_settings.NUM_PROXIES or 0
    # A request that passed through a proxy carries the header; one without it came straight here, and so could
    # anyone's, with a forged header naming a new address every time. Said once an hour, not at every sign-in.
    if proxies > 0 and "HTTP_X_FORWARDED_FOR" not in request.META and cache.add(f"{_PREFIX}:no-proxy", 1, 3600):
        logger.warning(
            "NUM_PROXIES is %s but a sign-in arrived without X-Forwarded-For: if no proxy is in front of the app, "
            "set NUM_PROXIES=0",
            proxies,
        )
    return BaseThrottle().get_ident(request) or ""


class _Account:
    """One account's keys, by the email as typed (an unknown email has keys too, so answers do not tell)."""

    def __init__(self, email: str) -> None:
        self.email = email.strip().lower()
        # The page counts before its form checks the email: no account has a NUL (PostgreSQL refuses it) or
        # more than 254 characters.
        possible = len(self.email) <= 254 and "\x00" not in self.email
        users = User.objects.filter(email=self.email) if possible else User.objects.none()
        stored = users.values_list("password", flat=True).first() or ""
        self.password_epoch = salted_hmac(_PREFIX, stored).hexdigest()[:16]

    def key(self, kind: str, address: str | None = None, epoch: bool = True) -> str:
        parts = [kind, self.email, self.password_epoch if epoch else "", address or ""]
        return f"{_PREFIX}:{kind}:{salted_hmac(_PREFIX, chr(0).join(parts)).hexdigest()}"


def refusal(request: HttpRequest, email: str) -> Refusal | None:
    """Whether a sign-in to `email` from this request's address must wait; None when it may go ahead. Counts
    nothing: record() does, once the password was checked."""
    account, address, now = _Account(email), client_address(request), time.time()
    waits = []
    pair_limit, pair_window = _rate("login_pair")
    pair = account.key("pair", address)
    if (cache.get(pair) or 0) >= pair_limit:
        since = cache.get(f"{pair}:since") or now
        waits.append((since + pair_window - now, "pair"))
    if not cache.get(account.key("familiar", address, epoch=False)):
        free, _ = _rate("login_account")
        account_key = account.key("account")
        delay = account_delay_seconds(cache.get(account_key) or 0, free)
        if delay:
            waits.append(((cache.get(f"{account_key}:last") or now) + delay - now, "account"))
    waits = [(seconds, reason) for seconds, reason in waits if seconds > 0]
    if not waits:
        return None
    seconds, reason = max(waits)
    return Refusal(seconds=max(1, math.ceil(seconds)), reason=reason)


def record(request: HttpRequest, email: str, *, succeeded: bool) -> None:
    """Count a checked password: a wrong one against the pair and the account; a right one clears the pair and
    makes the address familiar to the account."""
    account, address = _Account(email), client_address(request)
    pair = account.key("pair", address)
    if succeeded:
        cache.delete_many([pair, f"{pair}:since"])
        cache.set(account.key("familiar", address, epoch=False), 1, FAMILIAR_SECONDS)
        return
    now = time.time()
    _, pair_window = _rate("login_pair")
    cache.add(f"{pair}:since", now, pair_window)
    _increment(pair, pair_window, refresh=False)
    _, account_window = _rate("login_account")
    account_key = account.key("account")
    _increment(account_key, account_window, refresh=True)  # forgotten a whole window after the last one
    cache.set(f"{account_key}:last", now, account_window)


def _increment(key: str, timeout: int, *, refresh: bool) -> None:
    cache.add(key, 0, timeout)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
    if refresh:
        cache.touch(key, timeout)
