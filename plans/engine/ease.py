"""Easing a planned week whose load cap no longer holds (docs/domain.md section 1, "Blocks and re-planning"): what was
done fell short, so the baseline is lower than when the week was planned. Pure.

Main blocks shrink first, all by the same share and never under their minimum: warm-up, strength, cool-down and
stretching stay (compose.resize_session). When even the shortest main blocks are over the cap, an easy session of
the main sport without strength work is dropped, the largest first (a deload drops an easy one too), and the
shrinking starts again; then the hardest session goes one intensity down. Cross-training and strength sessions
always stay: the week's rules need them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .blocks import MIN_MAIN_MINUTES
from .compose import reshape_session, resize_session
from .limits import share_cap
from .types import BlockKind, Day, DayKind, Exercise, Intensity, Session, Week


@dataclass(frozen=True, slots=True)
class Eased:
    """One session eased: where, as it was, and as it is now (None: dropped, the day rests)."""

    date: dt.date
    index: int  # its place among the day's sessions
    before: Session
    after: Session | None


_Place = tuple[dt.date, int]


def _main_minutes(session: Session) -> int:
    return sum(b.minutes for b in session.blocks if b.kind is BlockKind.MAIN)


def _scaled(session: Session, share: float) -> Session:
    main = _main_minutes(session)
    if not main:
        return session
    floor = min(main, MIN_MAIN_MINUTES[session.intensity])
    target = max(floor, int(main * share))
    return resize_session(session, session.planned_minutes - main + target)


def _sessions(week: Week) -> dict[_Place, Session]:
    return {(day.date, i): s for day in week.days for i, s in enumerate(day.sessions)}


def _week_of(week: Week, sessions: dict[_Place, Session]) -> Week:
    days = []
    for day in week.days:
        kept = tuple(s for (date, _), s in sorted(sessions.items(), key=lambda item: item[0]) if date == day.date)
        days.append(Day(day.date, day.kind if kept else DayKind.REST, kept))
    return Week(week.week_start, tuple(days), week.unmet_wishes)


def _at(sessions: dict[_Place, Session], share: float) -> dict[_Place, Session]:
    return {place: _scaled(s, share) for place, s in sessions.items()}


def _load(sessions: dict[_Place, Session]) -> int:
    return sum(s.load for s in sessions.values())


def _droppable(sessions: dict[_Place, Session]) -> _Place | None:
    """The easy, strength-free session of the main sport with the most load: the one a week misses least."""
    options = [
        (s.load, place)
        for place, s in sessions.items()
        if s.intensity is Intensity.EASY
        and not s.modality.is_cross_training
        and not any(b.kind is BlockKind.STRENGTH for b in s.blocks)
    ]
    return max(options)[1] if options else None


def _within_share(sessions: dict[_Place, Session]) -> dict[_Place, Session]:
    """Shorten the longest session until it holds no more than its share of the week (long_session_share):
    shrinking the others to their floor, or dropping one, can leave it too big a part of a smaller week."""
    out = dict(sessions)
    share = share_cap(len(out))
    while share is not None and out:
        place, longest = max(out.items(), key=lambda item: item[1].planned_minutes)
        total = sum(s.planned_minutes for s in out.values())
        excess = longest.planned_minutes - int(share * total)
        if excess <= 0:
            break
        # cutting x minutes off the longest lowers the total too: x >= (longest - share*total) / (1 - share)
        cut = int(excess / (1 - share)) + 1
        floor = MIN_MAIN_MINUTES[longest.intensity]
        main = _main_minutes(longest)
        if main - cut < floor:
            break  # as short as it may be: the week keeps its shape, and the rules say the rest
        out[place] = resize_session(longest, longest.planned_minutes - cut)
    return out


_EASIER = {Intensity.HARD: Intensity.MODERATE, Intensity.MODERATE: Intensity.EASY}


def _step_down(sessions: dict[_Place, Session], catalogue: Sequence[Exercise]) -> dict[_Place, Session] | None:
    """The hardest session one intensity easier (its strength blocks kept, compose.reshape_session); None when
    none can be."""
    for place, session in sorted(sessions.items(), key=lambda item: -item[1].planned_rpe):
        easier = _EASIER.get(session.intensity)
        if easier is None or session.modality.is_cross_training:
            continue
        try:
            changed = reshape_session(catalogue, session, modality=session.modality, intensity=easier)
        except ValueError:
            continue  # too short for the easier shape's blocks: try the next
        return {**sessions, place: changed}
    return None


def ease_week(
    week: Week, cap: float, *, may_drop: bool = True, catalogue: Sequence[Exercise] = ()
) -> tuple[Week, list[Eased]]:
    """The week brought to at most `cap` AU, or as near as the shortest sessions allow, and what changed. With a
    catalogue, a week still over its cap at its shortest takes its hardest sessions one intensity down, last."""
    everything = _sessions(week)
    if _load(everything) <= cap:
        return week, []
    # a team's practices and matches are never eased (docs/domain.md section 11): the plan's own sessions give way
    fixed = {place: s for place, s in everything.items() if s.fixed}
    original = {place: s for place, s in everything.items() if not s.fixed}
    cap -= _load(fixed)
    kept = dict(original)
    while may_drop and _load(_at(kept, 0.0)) > cap and (place := _droppable(kept)) is not None:
        del kept[place]
    while catalogue and _load(_at(kept, 0.0)) > cap and (easier := _step_down(kept, catalogue)) is not None:
        kept = easier
    low, high = 0, 100  # percent of each main block kept; _at(kept, high) is over the cap
    if _load(kept) <= cap:
        low = high = 100
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (mid, high) if _load(_at(kept, mid / 100)) <= cap else (low, mid)
    eased = _within_share(_at(kept, low / 100))
    changes = [
        Eased(date, index, before, eased.get((date, index)))
        for (date, index), before in original.items()
        if eased.get((date, index)) != before
    ]
    return _week_of(week, eased | fixed), changes
