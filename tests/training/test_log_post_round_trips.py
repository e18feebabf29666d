"""What a workout log POST costs besides its queries (issue 16, item 5): the recovery check's claims are read in one
cache round trip when a check is still coming, and a claim that ran out is still taken, so no check is lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches

from recovery.services import _claim_keys, publish_check
from tests.factories import AthleteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_calls(monkeypatch) -> Iterator[list[str]]:
    """The names of the cache operations made, in order: one each, a round trip on Redis (the local-memory cache
    of the tests reads get_many with get, which is not counted)."""
    calls: list[str] = []
    depth = [0]
    cache = caches["default"]

    def counted(name: str, real):
        def operation(*args, **kwargs):
            if not depth[0]:
                calls.append(name)
            depth[0] += 1
            try:
                return real(*args, **kwargs)
            finally:
                depth[0] -= 1

        return operation

    for name in ("get", "get_many", "add", "set"):
        monkeypatch.setattr(cache, name, counted(name, getattr(cache, name)))
    yield calls
    cache.clear()


def test_a_log_with_a_check_still_coming_reads_the_claims_once(settings, cache_calls) -> None:
    settings.RECOVERY_CHECK_WINDOW_SECONDS = 30
    athlete = AthleteFactory()
    assert [publish_check(athlete.pk) for _ in range(3)] == ["now", "later", None]
    cache_calls.clear()
    assert publish_check(athlete.pk) is None
    assert cache_calls == ["get_many"]


def test_a_claim_that_ran_out_is_taken_again(settings, cache_calls) -> None:
    settings.RECOVERY_CHECK_WINDOW_SECONDS = 30
    athlete = AthleteFactory()
    later_key = _claim_keys(athlete.pk)[1]
    caches["default"].set(later_key, True, 30)  # a later check still coming, the first claim gone
    assert publish_check(athlete.pk) == "now"
    caches["default"].delete(later_key)  # the later check started: the next log needs one of its own
    assert publish_check(athlete.pk) == "later"
