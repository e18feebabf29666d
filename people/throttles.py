"""The API's per-user limit as a counter: one cache round trip a request, whatever the traffic (issue 16).

DRF's UserRateThrottle keeps the time of every request of the last window in one cache entry and reads and writes
it whole on each request: two round trips and, at the default 1,200 a minute, a list of up to 1,200 numbers to
unpickle and pickle again, growing with the traffic it limits. Here a window opens at a user's first request and
lasts the rate's duration; each request adds one to its counter (INCR keeps the entry's expiry), and past the rate
the user waits for the window's end. Across two windows a user can fit up to twice the rate into one duration,
which suits a limit meant against runaway clients; sign-in keeps its exact windows (people.sign_in_limits).
"""

from __future__ import annotations

from typing import Any

from rest_framework import throttling
from rest_framework.request import Request


class UserRateThrottle(throttling.UserRateThrottle):
    """The `user` rate of DEFAULT_THROTTLE_RATES, counted per window (anonymous requests: AnonRateThrottle)."""

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        count = self._count(key)
        if count is None or count <= self.num_requests:  # None: the cache is away, and the limit fails open
            return True
        opened = self.cache.get(f"{key}:opened")
        self.wait_seconds = self.duration if opened is None else max(0.0, opened + self.duration - self.timer())
        return False

    def _count(self, key: str) -> int | None:
        try:
            return self.cache.incr(key)  # the usual case: the window is open
        except ValueError:  # no window yet, or it just ended
            if self.cache.add(key, 1, self.duration):
                self.cache.set(f"{key}:opened", self.timer(), self.duration)
                return 1
            return self.cache.incr(key)  # another request opened it meanwhile

    def wait(self) -> float:
        return getattr(self, "wait_seconds", self.duration)
