"""Coach edits keep the week's structure (issue 12, item 6): changing a session's minutes, day, title, intensity
or modality keeps its strength blocks (Nordic hamstring curls, single-leg work), so the week still passes the
hamstring rule; minutes move in and out of the main block only, never below the engine's shortest main block."""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.engine import BlockKind, Intensity, Level, Modality, Session, generate_week
from plans.engine.blocks import MIN_MAIN_MINUTES, WARMUP_MINUTES
from plans.engine.compose import SessionTooShort, build_session, reshape_session, resize_session
from plans.engine.constants import MAX_CONSECUTIVE_TRAINING_DAYS, WARMUP_MIN_MINUTES_HARD
from plans.engine.types import SESSION_MODALITIES
from plans.models import PlanSession
from tests.factories import AthleteFactory, WorkoutFactory
from tests.plans.engine_support import catalogue, healthy_input
from tests.world import MONDAY, generate, sessions_of

NORDIC = ("nordic_hamstring_curl", "nordic_hamstring_curl_assisted")
SINGLE_LEG = ("single_leg_romanian_deadlift", "single_leg_bridge", "split_squat")


# --- helpers over the API's JSON ---------------------------------------------------------------------------


def strength(session: dict) -> list[dict]:
    return [b for b in session["blocks"] if b["kind"] == "strength"]


def has_slug(session: dict, slugs: tuple[str, ...]) -> bool:
    return any(e["exercise"] in slugs for b in strength(session) for e in b["exercises"])


def without_order(blocks: list[dict]) -> list[dict]:
    return [{k: v for k, v in b.items() if k != "order"} for b in blocks]


def not_main(session: dict) -> list[dict]:
    return without_order([b for b in session["blocks"] if b["kind"] != "main"])


def main_minutes(session: dict) -> int:
    return sum(b["minutes"] for b in session["blocks"] if b["kind"] == "main")


def shortest_minutes(session: dict) -> int:
    """What the session needs with its own warm-up, strength, cool-down and stretching: the engine's minimum."""
    return sum(b["minutes"] for b in session["blocks"] if b["kind"] != "main") + MIN_MAIN_MINUTES[session["intensity"]]


def block_minutes(session: dict, kind: str) -> int:
    return sum(b["minutes"] for b in session["blocks"] if b["kind"] == kind)


def day_of(plan: dict, date: str) -> dict:
    return next(d for d in plan["days"] if d["date"] == date)


def neighbours(plan: dict, date: str) -> list[dict]:
    day = dt.date.fromisoformat(date)
    near = {(day + dt.timedelta(days=n)).isoformat() for n in (-1, 1)}
    return [d for d in plan["days"] if d["date"] in near]


def is_hard(day: dict) -> bool:
    return any(s["intensity"] == "hard" for s in day["sessions"])


def patch(client, plan: dict, session: dict, **body):
    return client.patch(f"/api/v1/plans/{plan['id']}/sessions/{session['id']}/", body, format="json")


def add(client, plan: dict, **body):
    return client.post(f"/api/v1/plans/{plan['id']}/sessions/", body, format="json")


def blocks_in(session: dict) -> list[dict]:
    """A session's blocks as a request body gives them."""
    return [
        {"kind": b["kind"], "minutes": b["minutes"], "exercises": [{"exercise": e["exercise"]} for e in b["exercises"]]}
        for b in session["blocks"]
    ]


def accepted(response) -> dict:
    """A 2xx answer that broke no rule (nothing was overridden)."""
    assert response.status_code in (200, 201), response.content
    body = response.json()
    assert body["overrides"] == [], body["overrides"]
    return body


def log_a_past_week(athlete) -> None:
    """A full week of running two weeks back, so the edits below have room under the volume rules (a baseline
    for the load, a 90-minute longest run, not a first week), which these tests are not about."""
    start = MONDAY - dt.timedelta(days=14)
    for offset, minutes, rpe in ((0, 60, 5), (1, 60, 5), (2, 60, 5), (3, 60, 5), (4, 60, 5), (6, 90, 4)):
        day = start + dt.timedelta(days=offset)
        WorkoutFactory(athlete=athlete, date=day, modality="run", minutes=minutes, rpe=rpe)


@pytest.fixture
def plan(coach_client, coach) -> dict:
    athlete = AthleteFactory(coaches=[coach], level="intermediate", weekly_minutes_target=360, hamstring_imbalance=True)
    log_a_past_week(athlete)
    plan = generate(coach_client, athlete)
    sessions = [s for _, s in sessions_of(plan)]
    # the premise of every test here: the week carries Nordic and single-leg work
    assert any(has_slug(s, NORDIC) for s in sessions)
    assert sum(has_slug(s, SINGLE_LEG) for s in sessions) >= 2
    return plan


def nordic_session(plan: dict) -> tuple[dict, dict]:
    return next((d, s) for d, s in sessions_of(plan) if has_slug(s, NORDIC))


def single_leg_session(plan: dict) -> tuple[dict, dict]:
    """The single-leg session with the most room in its main block."""
    pairs = [(d, s) for d, s in sessions_of(plan) if has_slug(s, SINGLE_LEG) and not has_slug(s, NORDIC)]
    return max(pairs, key=lambda pair: pair[1]["planned_minutes"] - shortest_minutes(pair[1]))


# --- minutes ------------------------------------------------------------------------------------------------


def test_more_minutes_grow_the_main_block_only(coach_client, plan) -> None:
    _, session = nordic_session(plan)
    body = accepted(patch(coach_client, plan, session, planned_minutes=session["planned_minutes"] + 5))
    assert body["planned_minutes"] == session["planned_minutes"] + 5 == sum(b["minutes"] for b in body["blocks"])
    assert main_minutes(body) == main_minutes(session) + 5
    assert not_main(body) == not_main(session)  # warm-up, Nordic block, cool-down and stretching as they were
    assert has_slug(body, NORDIC)


def test_fewer_minutes_shrink_the_main_block_down_to_its_minimum(coach_client, plan) -> None:
    _, session = single_leg_session(plan)
    shortest = shortest_minutes(session)
    assert session["planned_minutes"] > shortest
    body = accepted(patch(coach_client, plan, session, planned_minutes=shortest))
    assert body["planned_minutes"] == shortest
    assert main_minutes(body) == MIN_MAIN_MINUTES[session["intensity"]]
    assert not_main(body) == not_main(session)
    [main] = [b for b in body["blocks"] if b["kind"] == "main"]
    timed = [e for e in main["exercises"] if e["sets"] == 1 and e["seconds"]]
    assert all(e["seconds"] == main["minutes"] * 60 for e in timed)  # continuous work follows the block


@pytest.mark.parametrize("pick", [nordic_session, single_leg_session])
def test_too_few_minutes_are_refused_with_the_shortest_length(coach_client, plan, pick) -> None:
    _, session = pick(plan)
    shortest = shortest_minutes(session)
    response = patch(coach_client, plan, session, planned_minutes=shortest - 1)
    assert response.status_code == 400, response.content
    [reason] = response.json()["planned_minutes"]
    assert f"at least {shortest} minutes" in reason
    assert "strength work" in reason and f"main block of at least {MIN_MAIN_MINUTES[session['intensity']]}" in reason
    stored = PlanSession.objects.get(pk=session["id"])
    assert stored.planned_minutes == session["planned_minutes"]
    assert stored.blocks.filter(kind="strength").count() == len(strength(session))


# --- day and title ------------------------------------------------------------------------------------------


def streak_after_move(plan: dict, session: dict, date: str) -> int:
    busy = {d["date"] for d in plan["days"] if any(s["id"] != session["id"] for s in d["sessions"])} | {date}
    longest = run = 0
    for day in plan["days"]:
        run = run + 1 if day["date"] in busy else 0
        longest = max(longest, run)
    return longest


def day_to_move_to(plan: dict, day: dict, session: dict) -> str:
    """Another day the session may move to: no hard neighbour for a hard session, no hard day after its Nordic
    work, not the week's cross-training day; a rest day unless that makes too many training days in a row."""
    most_in_a_row = MAX_CONSECUTIVE_TRAINING_DAYS[Level.INTERMEDIATE]
    options = [
        d
        for d in plan["days"]
        if d["date"] != day["date"]
        and d["kind"] != "cross_training"
        and not (session["intensity"] == "hard" and any(is_hard(n) for n in neighbours(plan, d["date"])))
        and not any(is_hard(n) for n in neighbours(plan, d["date"]) if n["date"] > d["date"])
    ]
    assert options, "the generated week has no day this session can move to"
    best = min(
        options,
        key=lambda d: (streak_after_move(plan, session, d["date"]) > most_in_a_row, bool(d["sessions"]), d["date"]),
    )
    return best["date"]


def test_moving_a_session_keeps_its_blocks(coach_client, plan) -> None:
    day, session = nordic_session(plan)
    date = day_to_move_to(plan, day, session)
    body = accepted(patch(coach_client, plan, session, date=date))
    assert body["date"] == date
    assert without_order(body["blocks"]) == without_order(session["blocks"])
    shown = coach_client.get(f"/api/v1/plans/{plan['id']}/").json()
    assert session["id"] in [s["id"] for s in day_of(shown, date)["sessions"]]
    assert session["id"] not in [s["id"] for s in day_of(shown, day["date"])["sessions"]]


def test_retitling_a_session_keeps_its_blocks(coach_client, plan) -> None:
    _, session = single_leg_session(plan)
    body = accepted(patch(coach_client, plan, session, title="Easy run by the river"))
    assert body["title"] == "Easy run by the river"
    assert without_order(body["blocks"]) == without_order(session["blocks"])
    assert body["planned_minutes"] == session["planned_minutes"]


# --- intensity and modality ---------------------------------------------------------------------------------


def test_a_new_intensity_rebuilds_around_the_strength_blocks(coach_client, plan) -> None:
    _, session = single_leg_session(plan)
    assert session["intensity"] == "easy"
    body = accepted(patch(coach_client, plan, session, intensity="moderate"))
    assert body["intensity"] == "moderate" and body["planned_rpe"] in (5, 6)
    assert body["planned_minutes"] == session["planned_minutes"]  # kept: no new minutes were given
    assert without_order(strength(body)) == without_order(strength(session))
    kinds = [b["kind"] for b in body["blocks"]]
    assert kinds == ["warmup", "main", "strength", "cooldown", "stretching"]
    assert block_minutes(body, "warmup") == WARMUP_MINUTES[Intensity.MODERATE]
    assert main_minutes(body) == body["planned_minutes"] - sum(b["minutes"] for b in not_main(body))
    [old_main] = [b for b in session["blocks"] if b["kind"] == "main"]
    [new_main] = [b for b in body["blocks"] if b["kind"] == "main"]
    assert new_main["exercises"][0]["exercise"] != old_main["exercises"][0]["exercise"]  # tempo work, not easy


def hard_ready(plan: dict, day: dict) -> bool:
    # a hard day may not follow a hard day or a Nordic day, nor come before a hard day (docs/domain.md section 1)
    before = [n for n in neighbours(plan, day["date"]) if n["date"] < day["date"]]
    nordic_before = any(has_slug(s, NORDIC) for n in before for s in n["sessions"])
    return not nordic_before and not any(is_hard(n) for n in neighbours(plan, day["date"]))


def test_a_hard_session_gets_a_hard_warmup_and_keeps_its_strength(coach_client, plan) -> None:
    _, session = next(
        (d, s)
        for d, s in sessions_of(plan)
        if has_slug(s, SINGLE_LEG) and not has_slug(s, NORDIC) and hard_ready(plan, d)
    )
    minutes = session["planned_minutes"] + 5
    body = accepted(patch(coach_client, plan, session, intensity="hard", planned_minutes=minutes))
    assert body["intensity"] == "hard" and body["planned_minutes"] == minutes
    assert body["blocks"][0]["kind"] == "warmup" and body["blocks"][0]["minutes"] >= WARMUP_MIN_MINUTES_HARD
    assert without_order(strength(body)) == without_order(strength(session))
    assert main_minutes(body) >= MIN_MAIN_MINUTES[Intensity.HARD]


def test_a_new_intensity_too_short_for_its_blocks_is_refused(coach_client, plan) -> None:
    _, session = single_leg_session(plan)
    # the hard warm-up plus the session's own strength, cool-down and stretching and the shortest hard main block
    fixed = sum(block_minutes(session, kind) for kind in ("strength", "cooldown", "stretching"))
    shortest = WARMUP_MINUTES[Intensity.HARD] + fixed + MIN_MAIN_MINUTES[Intensity.HARD]
    response = patch(coach_client, plan, session, intensity="hard", planned_minutes=shortest - 1)
    assert response.status_code == 400, response.content
    assert f"at least {shortest} minutes" in response.json()["planned_minutes"][0]


def test_a_new_modality_rebuilds_around_the_strength_blocks(coach_client, plan) -> None:
    day, session = single_leg_session(plan)
    assert session["modality"] == "run"
    body = accepted(patch(coach_client, plan, session, modality="swimming"))
    assert body["modality"] == "swimming" and body["planned_minutes"] == session["planned_minutes"]
    assert without_order(strength(body)) == without_order(strength(session))
    assert body["blocks"][0]["kind"] == "warmup" and body["blocks"][-1]["kind"] == "stretching"
    # after swimming only hamstrings and calves are stretched, so the main block gains what running needed more
    assert block_minutes(body, "stretching") < block_minutes(session, "stretching")
    assert main_minutes(body) > main_minutes(session)
    assert body["title"] != session["title"]  # the engine's title ("Easy run") follows the new main exercise
    shown = coach_client.get(f"/api/v1/plans/{plan['id']}/").json()
    assert day_of(shown, day["date"])["kind"] == "cross_training"


# --- explicit blocks and planned_minutes --------------------------------------------------------------------


def test_a_new_session_with_blocks_needs_no_planned_minutes(coach_client, plan) -> None:
    day, source = single_leg_session(plan)
    # the week holds as many sessions as the level allows: take one out (an accepted breach) and put it back
    removed = coach_client.delete(
        f"/api/v1/plans/{plan['id']}/sessions/{source['id']}/", {"override_reason": "re-adding it"}, format="json"
    )
    assert removed.status_code == 204, removed.content
    body = accepted(
        add(coach_client, plan, date=day["date"], modality="run", intensity="easy", blocks=blocks_in(source))
    )
    assert body["planned_minutes"] == source["planned_minutes"] == sum(b["minutes"] for b in body["blocks"])
    assert has_slug(body, SINGLE_LEG)


def test_planned_minutes_disagreeing_with_the_blocks_is_refused(coach_client, plan) -> None:
    day, source = single_leg_session(plan)
    wrong = source["planned_minutes"] + 10
    before = PlanSession.objects.filter(plan_id=plan["id"]).count()
    response = add(
        coach_client, plan, date=day["date"], modality="run", intensity="easy", blocks=blocks_in(source),
        planned_minutes=wrong,
    )  # fmt: skip
    assert response.status_code == 400, response.content
    [reason] = response.json()["planned_minutes"]
    assert f"add up to {source['planned_minutes']}, not {wrong}" in reason
    assert PlanSession.objects.filter(plan_id=plan["id"]).count() == before
    changed = patch(coach_client, plan, source, blocks=blocks_in(source), planned_minutes=wrong)
    assert changed.status_code == 400 and "planned_minutes" in changed.json(), changed.content
    same = accepted(patch(coach_client, plan, source, blocks=blocks_in(source), planned_minutes=wrong - 10))
    assert same["planned_minutes"] == source["planned_minutes"]


def test_a_new_session_without_blocks_still_needs_planned_minutes(coach_client, plan) -> None:
    day, _ = single_leg_session(plan)
    response = add(coach_client, plan, date=day["date"], modality="run", intensity="easy")
    assert response.status_code == 400 and "planned_minutes" in response.json(), response.content


# --- the pure engine functions (no database) ----------------------------------------------------------------


@cache
def engine_sessions() -> tuple[Session, ...]:
    """Generated sessions (Nordic and single-leg blocks among them) and built ones carrying a strength block."""
    weeks = [generate_week(healthy_input(sport=sport, nordic_week=week), catalogue()) for sport, week in
             ((Modality.RUN, 3), (Modality.BIKE, 1), (Modality.SWIM, 6), (Modality.ROW, 12))]  # fmt: skip
    generated = [s for w in weeks for s in w.sessions()]
    strength_blocks = [b for s in generated for b in s.blocks if b.kind is BlockKind.STRENGTH]
    assert strength_blocks
    built = [
        build_session(catalogue(), title="", modality=m, intensity=i, planned_minutes=90, strength=strength_blocks[:1])
        for m in sorted(SESSION_MODALITIES)
        for i in Intensity
    ]
    return (*generated, *built)


# deferred: the sessions are generated when hypothesis first draws, not when the module is collected
SESSIONS = st.deferred(lambda: st.sampled_from(engine_sessions()))


def non_main_blocks(session: Session) -> list:
    return [b for b in session.blocks if b.kind is not BlockKind.MAIN]


def engine_shortest(session: Session) -> int:
    return sum(b.minutes for b in non_main_blocks(session)) + MIN_MAIN_MINUTES[session.intensity]


@settings(max_examples=200, deadline=None)
@given(SESSIONS, st.integers(0, 400))
def test_resize_gives_the_minutes_asked_and_keeps_every_other_block(session: Session, extra: int) -> None:
    minutes = engine_shortest(session) + extra
    resized = resize_session(session, minutes)
    assert resized.planned_minutes == minutes
    assert non_main_blocks(resized) == non_main_blocks(session)
    assert [b.kind for b in resized.blocks] == [b.kind for b in session.blocks]
    assert sum(b.minutes for b in resized.blocks if b.kind is BlockKind.MAIN) >= MIN_MAIN_MINUTES[session.intensity]
    assert (resized.title, resized.modality, resized.intensity, resized.planned_rpe) == (
        session.title, session.modality, session.intensity, session.planned_rpe,
    )  # fmt: skip
    back = resize_session(resized, session.planned_minutes)
    assert [b.minutes for b in back.blocks] == [b.minutes for b in session.blocks]


@settings(max_examples=200, deadline=None)
@given(SESSIONS, st.integers(1, 60))
def test_resize_below_the_shortest_session_says_how_short_it_can_be(session: Session, short_by: int) -> None:
    shortest = engine_shortest(session)
    minutes = max(1, shortest - short_by)
    if minutes == session.planned_minutes:
        minutes -= 1  # the same minutes again are no change, never a refusal
    with pytest.raises(SessionTooShort) as refused:
        resize_session(session, minutes)
    assert refused.value.shortest_minutes == shortest
    assert f"{minutes} minutes is too short" in str(refused.value)
    assert f"at least {shortest} minutes" in str(refused.value)


@settings(max_examples=200, deadline=None)
@given(
    SESSIONS,
    st.sampled_from(sorted(SESSION_MODALITIES)),
    st.sampled_from(Intensity),
    st.one_of(st.none(), st.integers(20, 300)),
)
def test_reshape_keeps_the_strength_blocks_and_the_minutes(
    session: Session, modality: Modality, intensity: Intensity, minutes: int | None
) -> None:
    strength_blocks = [b for b in session.blocks if b.kind is BlockKind.STRENGTH]
    wanted = session.planned_minutes if minutes is None else minutes
    try:
        reshaped = reshape_session(
            catalogue(), session, modality=modality, intensity=intensity, planned_minutes=minutes
        )
    except SessionTooShort as refused:
        assert refused.shortest_minutes > wanted
        return
    assert reshaped.planned_minutes == wanted
    assert (reshaped.modality, reshaped.intensity) == (modality, intensity)
    assert [b for b in reshaped.blocks if b.kind is BlockKind.STRENGTH] == strength_blocks
    kinds = [b.kind for b in reshaped.blocks]
    expected = [BlockKind.WARMUP, BlockKind.MAIN, *(BlockKind.STRENGTH for _ in strength_blocks)]
    assert kinds == [*expected, BlockKind.COOLDOWN, BlockKind.STRETCHING]
    assert reshaped.blocks[1].minutes >= MIN_MAIN_MINUTES[intensity]
    assert reshaped.blocks[0].minutes == WARMUP_MINUTES[intensity]
    if intensity is Intensity.HARD:
        assert reshaped.blocks[0].minutes >= WARMUP_MIN_MINUTES_HARD
