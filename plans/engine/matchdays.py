"""Where a day sits between matches (docs/domain.md section 11, match-day scheme), shared by the rules and the
team-week generator. Pure."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable

from .constants import CONGESTED_WITHIN_DAYS, NO_HARD_DAYS_BEFORE_MATCH

_DAY = dt.timedelta(days=1)


def days_to_next_match(date: dt.date, matches: Iterable[dt.date]) -> int | None:
    """1 on MD-1, 2 on MD-2...; None when no match comes after `date` (a match day itself is not counted)."""
    ahead = [(m - date).days for m in matches if m > date]
    return min(ahead, default=None)


def is_md_minus_1(date: dt.date, matches: frozenset[dt.date]) -> bool:
    return date + _DAY in matches


def is_md_plus_1(date: dt.date, matches: frozenset[dt.date]) -> bool:
    return date - _DAY in matches


def before_match(date: dt.date, matches: frozenset[dt.date]) -> bool:
    """Within 48 h before a match: MD-1 or MD-2, where no hard session belongs."""
    return any(date + dt.timedelta(days=n) in matches for n in range(1, NO_HARD_DAYS_BEFORE_MATCH + 1))


def congested_pairs(matches: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive matches at most 4 days apart (Dupont et al. 2010), earliest first."""
    ordered = sorted(set(matches))
    return [(a, b) for a, b in itertools.pairwise(ordered) if (b - a).days <= CONGESTED_WITHIN_DAYS]


def between_congested(date: dt.date, matches: frozenset[dt.date]) -> tuple[dt.date, dt.date] | None:
    """The two congested matches `date` falls strictly between, or None."""
    return next(((a, b) for a, b in congested_pairs(matches) if a < date < b), None)
