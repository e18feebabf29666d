"""Every write to plans: one transaction each, the engine deciding what may be stored.

A week the engine generates passes every rule. A coach edit that breaks a rule is refused with the rule's code
and sentence, unless the coach gives an override reason, which is stored and shown (docs/design.md, principle 2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import F, Field, Model, Prefetch, Q, Sum, prefetch_related_objects
from django.utils import timezone
from django.utils.text import slugify

from core.errors import RuleViolations, ServiceError
from people.logs import local_today
from people.models import AthleteProfile, User
from people.services import data_changed
from plans import convert, selectors
from plans.engine import Day, Session, Violation, Week, check_week, compose, generate_week, refusals
from plans.engine.blocks import PLANNED_RPE
from plans.engine.chain import input_for, plan_block
from plans.engine.ease import Eased, ease_week
from plans.engine.limits import load_target
from plans.engine.rules import Accepted, day_label, new_breaches
from plans.engine.serialize import week_from_dict, week_to_dict
from plans.engine.types import (
    Block,
    BlockExercise,
    BlockKind,
    EventKind,
    Exercise,
    Intensity,
    Modality,
    RuleContext,
    WeekKind,
)
from plans.models import (
    AdjustmentKind,
    PlanAdjustment,
    PlanSession,
    PlanStatus,
    PlanTemplate,
    PlanWeek,
    RuleOverride,
    SessionBlock,
    TrainingBlock,
)
from plans.models import BlockExercise as BlockExerciseRow
from plans.models import Exercise as ExerciseRow
from plans.signals import week_published


class PlanRuleViolation(RuleViolations):
    """An edit broke plan rules; `violations` say which, in the coach's words."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        super().__init__("; ".join(v.message for v in violations))
        self.violations = list(violations)


# --- generating -------------------------------------------------------------------------------------------


@transaction.atomic
def generate_plan(*, athlete: AthleteProfile, week_start: dt.date, author: User | None) -> PlanWeek:
    """A draft week for the athlete, made by the engine; a draft for that week is replaced."""
    existing = PlanWeek.objects.select_for_update().filter(athlete=athlete, week_start=week_start).first()
    if existing is not None and existing.status == PlanStatus.PUBLISHED:
        raise ServiceError("week_start", "This week is published already; edit its sessions instead.")
    try:
        ctx = selectors.rule_contexts([athlete], week_start)[athlete.pk]
        facts = selectors.athlete_facts([athlete], week_start, week_start + dt.timedelta(days=6))[athlete.pk]
        inp = input_for(facts, week_start, ctx)
    except ValueError as exc:  # the engine names what it cannot plan for, e.g. an athlete under 14 that week
        raise ServiceError("week_start", f"No plan can be made for this week: {exc}.") from exc
    slug_ids, catalogue = selectors.catalogue_for(athlete)
    week = generate_week(inp, catalogue)
    if violations := unannounced(week, ctx):  # never store a week that breaks a rule, even if the engine had a bug
        raise PlanRuleViolation(violations)
    if existing is not None:
        existing.delete()
    data_changed([athlete.pk])  # a coach's day summary shows drafts
    plan = PlanWeek.objects.create(
        athlete=athlete,
        week_start=week_start,
        block_week=ctx.week_index,
        week_kind=ctx.kind,
        author=author,
        unmet_wishes=list(week.unmet_wishes),
    )
    _write_sessions([(plan, week)], slug_ids)
    return plan


def unannounced(week: Week, ctx: RuleContext) -> list[Violation]:
    """The breaches of a generated week that its unmet wishes do not state. A team's practices and matches can make
    a rule impossible (a practice every day leaves no rest day): the engine keeps them and says so in the rule's
    own sentence, and the week is stored with that breach for the coach to see (docs/domain.md section 11). Any other
    breach is an engine bug."""
    stated = set(week.unmet_wishes)
    return [v for v in check_week(week, ctx) if v.message not in stated]


# --- blocks: several weeks at once (docs/domain.md §1, "Blocks and re-planning") -------------------------------


@transaction.atomic
def create_block(
    *,
    athlete: AthleteProfile,
    start: dt.date,
    weeks: int,
    author: User | None,
    goal_date: dt.date | None = None,
    goal: str = "",
) -> TrainingBlock:
    """`weeks` draft weeks from `start`, each planned on the history so far (plans.engine.chain.plan_block, the
    same chain a week made alone follows); drafts in the span are replaced, published weeks refuse."""
    starts = [start + dt.timedelta(weeks=i) for i in range(weeks)]
    existing = list(PlanWeek.objects.select_for_update().filter(athlete=athlete, week_start__in=starts))
    published = sorted(p.week_start for p in existing if p.status == PlanStatus.PUBLISHED)
    if published:
        listed = ", ".join(day_label(d) for d in published)
        raise ServiceError("start", f"These weeks are published already: {listed}. Start the block after them.")
    # drafts of another block hold a coach's work on that block: never replaced without asking
    others = sorted(p.week_start for p in existing if p.block_id is not None)
    if others:
        listed = ", ".join(day_label(d) for d in others)
        raise ServiceError(
            "start", f"These weeks belong to another block: {listed}. Start after it, or change those weeks there."
        )
    past, plans_before = selectors.chain_history([athlete], start)[athlete.pk]
    slug_ids, catalogue = selectors.catalogue_for(athlete)
    try:
        facts = selectors.athlete_facts([athlete], start, start + dt.timedelta(weeks=weeks, days=-1))[athlete.pk]
        planned = plan_block(facts, start, weeks, past, catalogue, plans_before=plans_before, goal_date=goal_date)
    except ValueError as exc:
        raise ServiceError("start", f"No block can be made from this week: {exc}.") from exc
    for week in planned:  # never store a week that breaks a rule, even if the engine had a bug
        if violations := unannounced(week.week, week.ctx):
            raise PlanRuleViolation(violations)
    PlanWeek.objects.filter(pk__in=[p.pk for p in existing]).delete()
    data_changed([athlete.pk])
    block = TrainingBlock.objects.create(
        athlete=athlete, start=start, weeks=weeks, goal_date=goal_date, goal=goal, author=author
    )
    rows = PlanWeek.objects.bulk_create(
        PlanWeek(
            athlete=athlete,
            week_start=week.week.week_start,
            block=block,
            block_week=week.ctx.week_index,
            week_kind=week.ctx.kind,
            author=author,
            unmet_wishes=list(week.week.unmet_wishes),
        )
        for week in planned
    )
    _write_sessions([(row, week.week) for row, week in zip(rows, planned, strict=True)], slug_ids)
    return block


@transaction.atomic
def publish_block(block: TrainingBlock) -> list[PlanWeek]:
    """Publish every draft week of the block (each schedules its reminders once committed)."""
    drafts = PlanWeek.objects.filter(block=block, status=PlanStatus.DRAFT).order_by("week_start")
    return [publish_plan(plan) for plan in drafts]


# --- coach edits ------------------------------------------------------------------------------------------


@transaction.atomic
def add_session(*, plan: PlanWeek, data: dict[str, Any], author: User, override_reason: str = "") -> PlanSession:
    plan = _locked(plan)
    slug_ids, catalogue = selectors.catalogue_for(plan.athlete)
    date = _date_in_week(plan, data.get("date"))
    required = ["modality", "intensity"]
    if data.get("blocks") is None:  # with blocks, planned_minutes is their sum (docs/api.md)
        required.append("planned_minutes")
    for key in required:
        if key not in data:
            raise ServiceError(key, "This field is required.")
    session = _session_from_input(data, catalogue, base=None)
    rows = _rows(plan)
    current = [(row.date, convert.session_of(row)) for row in rows]
    accepted = _edit_violations(plan, current, [*current, (date, session)], override_reason)
    order = 1 + max((row.order for row in rows if row.date == date), default=0)
    [row] = _write_sessions([(plan, convert.week_of(plan.week_start, [(date, session)]))], slug_ids, order=order)
    row.start_time = data.get("start_time")
    row.override_reason = override_reason if accepted else ""
    row.save(update_fields=["start_time", "override_reason"])
    _store_overrides(plan, row, accepted, override_reason, author)
    _reschedule_if_published(plan)
    return row


def reschedule_if_published(plan: PlanWeek) -> None:
    _reschedule_if_published(plan)


def _reschedule_if_published(plan: PlanWeek) -> None:
    """A published week's edits move its session reminders (once the edit is committed)."""
    if plan.status == PlanStatus.PUBLISHED:
        transaction.on_commit(lambda: week_published.send(sender=PlanWeek, plan=plan))


@dataclass(frozen=True)
class _Update:
    row: PlanSession
    base: Session
    changed: Session
    date: dt.date
    accepted: list[Violation]


# What a coach may not change on a team's practice or match (docs/api.md: "coach edits cannot move them").
_FIXED_FIELDS = ("date", "start_time", "modality", "intensity", "planned_rpe", "planned_minutes", "title")


def _refuse_fixed(row: PlanSession, data: dict[str, Any] | None) -> None:
    """A fixed event stays as the team set it; only its warm-up, strength and stretching blocks may change, and
    its main block keeps its minutes (docs/domain.md section 11). `data` None: a delete, which only a practice
    allows."""
    if not row.event:
        return
    what = f"the team's {row.get_event_display().lower()} on {day_label(row.date)}"
    if data is None:
        if row.event == EventKind.PRACTICE:
            return  # a practice the team called off this week may go; the weekly ones stay on the profile
        raise ServiceError("session", f"This is {what}; delete it from the team schedule instead.")
    current = {"date": row.date, "start_time": row.start_time, "modality": row.modality, "intensity": row.intensity}
    current |= {"planned_rpe": row.planned_rpe, "planned_minutes": row.planned_minutes, "title": row.title}
    for name in _FIXED_FIELDS:
        if name in data and data[name] != current[name] and not (name == "planned_minutes" and "blocks" in data):
            raise ServiceError(name, f"This is {what}; change it in the team schedule, where it is kept.")


def _main_minutes(session: Session) -> int:
    return sum(b.minutes for b in session.blocks if b.kind is BlockKind.MAIN)


def _prepare_update(session: PlanSession, data: dict[str, Any], override_reason: str) -> _Update:
    plan = session.plan
    _refuse_fixed(session, data)
    _, catalogue = selectors.catalogue_for(plan.athlete)
    rows = _rows(plan)
    row = next(r for r in rows if r.pk == session.pk)
    base = convert.session_of(row)
    date = _date_in_week(plan, data.get("date", row.date))
    changed = _session_from_input(data, catalogue, base=base)
    if row.event and _main_minutes(changed) != _main_minutes(base):
        raise ServiceError("blocks", "The main block is the team's own session: it keeps its minutes.")
    current = [(r.date, convert.session_of(r)) for r in rows]
    proposed = [(date, changed) if r.pk == row.pk else pair for r, pair in zip(rows, current, strict=True)]
    return _Update(row, base, changed, date, _edit_violations(plan, current, proposed, override_reason))


def check_session_update(*, session: PlanSession, data: dict[str, Any], override_reason: str = "") -> list[Violation]:
    """What `update_session` would accept (overridden breaches), or PlanRuleViolation; writes nothing."""
    return _prepare_update(session, data, override_reason).accepted


@transaction.atomic
def update_session(
    *, session: PlanSession, data: dict[str, Any], author: User, override_reason: str = ""
) -> PlanSession:
    session.plan = _locked(session.plan)
    update = _prepare_update(session, data, override_reason)
    row, changed = update.row, update.changed
    if update.accepted:
        row.override_reason = override_reason
    row.date = update.date
    if "start_time" in data:
        row.start_time = data["start_time"]
    _store_shape(row, changed, rewrite_blocks=changed.blocks != update.base.blocks)
    _store_overrides(session.plan, row, update.accepted, override_reason, author)
    _reschedule_if_published(session.plan)
    _ease_after(session.plan, lighter=changed.load < update.base.load)
    return row


@transaction.atomic
def delete_session(*, session: PlanSession, author: User | None, override_reason: str = "") -> None:
    _refuse_fixed(session, None)
    plan = _locked(session.plan)
    rows = _rows(plan)
    current = [(r.date, convert.session_of(r)) for r in rows]
    proposed = [pair for r, pair in zip(rows, current, strict=True) if r.pk != session.pk]
    accepted = _edit_violations(plan, current, proposed, override_reason)
    session.delete()
    _store_overrides(plan, None, accepted, override_reason, author)
    _reschedule_if_published(plan)
    _ease_after(plan, lighter=True)


def _ease_after(plan: PlanWeek, *, lighter: bool) -> None:
    """A lighter week lowers the baseline of the weeks after it: ease those whose cap no longer holds, so no edit
    pushes a later week past its limits unseen (docs/domain.md §1, "Blocks and re-planning")."""
    if not lighter or not PlanWeek.objects.filter(athlete_id=plan.athlete_id, week_start__gt=plan.week_start).exists():
        return
    load = PlanSession.objects.filter(plan=plan).aggregate(load=Sum(F("planned_rpe") * F("planned_minutes")))["load"]
    ease_following(plan, f"The week of {day_label(plan.week_start)} now plans {load or 0:,} AU after a change,")


@transaction.atomic
def publish_plan(plan: PlanWeek) -> PlanWeek:
    """Make the week visible to the athlete and schedule its session reminders once committed. A week that breaks a
    hard limit now (the weeks before it changed since it was made) is refused until it is eased."""
    plan = _locked(plan)
    if plan.status != PlanStatus.PUBLISHED:
        # the rules read every session's blocks: fetched together, not one session at a time
        prefetch_related_objects([plan], Prefetch("sessions", queryset=selectors.sessions_with_blocks()), "overrides")
        hard = [b.violation for b in selectors.plan_breaches(plan) if not b.violation.overridable]
        if hard:
            raise PlanRuleViolation(hard)
        plan.status, plan.published_at = PlanStatus.PUBLISHED, timezone.now()
        plan.save(update_fields=["status", "published_at"])
        _reschedule_if_published(plan)
    return plan


def _edit_violations(
    plan: PlanWeek,
    current: list[tuple[dt.date, Session]],
    proposed: list[tuple[dt.date, Session]],
    override_reason: str,
) -> list[Violation]:
    """The rule breaches an edit brings, accepted only with an override reason; otherwise PlanRuleViolation.

    A breach the week already had, at the same or a better figure, does not refuse a later, unrelated edit, nor
    does one an override accepted at that figure; a worse figure or a new breach needs its own reason, and a hard
    limit the week already broke refuses any edit that makes it worse (rules.new_breaches).
    """
    ctx = selectors.plan_context(plan)
    current_week, proposed_week = convert.week_of(plan.week_start, current), convert.week_of(plan.week_start, proposed)
    accepted = [Accepted(o.rule, o.subject, o.figure) for o in plan.overrides.all()]
    new = new_breaches(check_week(current_week, ctx), check_week(proposed_week, ctx), accepted)
    refused = refusals(new, override_reason)
    if refused:
        raise PlanRuleViolation(refused)
    return new


def _store_overrides(
    plan: PlanWeek, row: PlanSession | None, violations: list[Violation], reason: str, author: User | None
) -> None:
    RuleOverride.objects.bulk_create(override_row(plan, row, v, reason, author) for v in violations)


def override_row(
    plan: PlanWeek, row: PlanSession | None, v: Violation, reason: str, author: User | None
) -> RuleOverride:
    """The stored override of one breach: its rule, subject and figure, so later edits compare figures."""
    return RuleOverride(
        plan=plan,
        session=row,
        rule=v.rule,
        subject=v.subject,
        figure=v.figure,
        figure_text=v.figure_text,
        worse_when=v.worse_when,
        message=v.message,
        reason=reason,
        author=author,
    )


def _session_from_input(data: dict[str, Any], catalogue: Sequence[Exercise], base: Session | None) -> Session:
    """The session the coach asks for: explicit blocks; a new session the engine builds around the minutes; or the
    stored one resized, reshaped for a new modality or intensity, or renamed, its strength blocks kept."""
    modality = Modality(data.get("modality", base.modality if base else None))
    intensity = Intensity(data.get("intensity", base.intensity if base else None))
    if data.get("blocks") is not None:
        return _session_of_blocks(data, catalogue, base, modality, intensity)
    title, rpe = data.get("title"), data.get("planned_rpe")
    try:
        if base is None:
            return compose.build_session(
                catalogue,
                title=title or "",
                modality=modality,
                intensity=intensity,
                planned_minutes=data["planned_minutes"],
                planned_rpe=rpe,
            )
        if (modality, intensity) != (base.modality, base.intensity):
            return compose.reshape_session(
                catalogue,
                base,
                modality=modality,
                intensity=intensity,
                planned_minutes=data.get("planned_minutes"),
                planned_rpe=rpe,
                title=title,
            )
        resized = compose.resize_session(base, data["planned_minutes"]) if "planned_minutes" in data else base
    except ValueError as exc:  # SessionTooShort says the shortest length and why
        raise ServiceError("planned_minutes", str(exc)) from exc
    return dataclasses.replace(resized, title=title or base.title, planned_rpe=rpe or base.planned_rpe)


def _session_of_blocks(
    data: dict[str, Any], catalogue: Sequence[Exercise], base: Session | None, modality: Modality, intensity: Intensity
) -> Session:
    """The coach's own blocks; planned_minutes, if given, must be their sum (docs/api.md)."""
    blocks = _blocks_from_input(data["blocks"], catalogue)
    total_minutes = sum(block.minutes for block in blocks)
    given = data.get("planned_minutes")
    if given is not None and given != total_minutes:
        raise ServiceError(
            "planned_minutes",
            f"planned_minutes is the sum of the blocks' minutes: these blocks add up to {total_minutes}, not "
            f"{given}. Leave planned_minutes out or make it {total_minutes}.",
        )
    title = data.get("title") or (base.title if base else "") or str(modality).title()
    kept_rpe = base.planned_rpe if base and base.intensity is intensity else None
    rpe = data.get("planned_rpe") or kept_rpe or _default_rpe(intensity)
    return Session(title, modality, intensity, rpe, blocks)


def _default_rpe(intensity: Intensity) -> int:
    return PLANNED_RPE[intensity]


def _blocks_from_input(blocks: list[dict[str, Any]], catalogue: Sequence[Exercise]) -> tuple[Block, ...]:
    by_slug = {ex.slug: ex for ex in catalogue}
    out = []
    for i, block in enumerate(blocks):
        exercises = []
        for j, item in enumerate(block.get("exercises") or []):
            exercise = by_slug.get(item["exercise"])
            if exercise is None:
                raise ServiceError("blocks", f"blocks[{i}].exercises[{j}]: no exercise '{item['exercise']}'.")
            exercises.append(
                BlockExercise(
                    name=exercise.name,
                    sets=item.get("sets") or exercise.default_sets,
                    reps=item.get("reps", exercise.default_reps),
                    seconds=item.get("seconds", exercise.default_seconds),
                    notes=item.get("notes", ""),
                    slug=exercise.slug,
                    category=exercise.category,
                    target_muscles=exercise.target_muscles,
                )
            )
        out.append(Block(BlockKind(block["kind"]), block["minutes"], tuple(exercises)))
    return tuple(out)


def _date_in_week(plan: PlanWeek, value: dt.date | None) -> dt.date:
    if value is None:
        raise ServiceError("date", "This field is required.")
    if not plan.week_start <= value < plan.week_start + dt.timedelta(days=7):
        raise ServiceError(
            "date", f"The date must fall in the week of {plan.week_start.isoformat()} (Monday to Sunday)."
        )
    return value


def _locked(plan: PlanWeek) -> PlanWeek:
    """The week, locked for an edit: every edit of a stored week starts here, so here its athlete's day summaries
    are marked as changed (a refused edit rolls the mark back with the rest)."""
    # One edit at a time per week, so two coaches cannot each pass the rules and together break them.
    row = PlanWeek.objects.select_for_update(of=("self",)).select_related("athlete__user", "block").get(pk=plan.pk)
    data_changed([row.athlete_id])
    return row


def _rows(plan: PlanWeek) -> list[PlanSession]:
    return list(selectors.sessions_with_blocks().filter(plan=plan))


# --- writing rows in bulk ---------------------------------------------------------------------------------


def _write_sessions(
    weeks: Iterable[tuple[PlanWeek, Week]], slug_ids: dict[str, int], order: int = 1
) -> list[PlanSession]:
    """Sessions, blocks and exercises of many weeks in three INSERTs."""
    return write_dated_sessions(
        [
            (plan, day.date, session, i)
            for plan, week in weeks
            for day in week.days
            for i, session in enumerate(day.sessions, start=order)
        ],
        slug_ids,
    )


def write_dated_sessions(
    items: Sequence[tuple[PlanWeek, dt.date, Session, int]], slug_ids: dict[str, int]
) -> list[PlanSession]:
    """Engine sessions into stored weeks, each (week, date, session, order), in three INSERTs however many."""
    pairs = [(_session_row(plan, date, session, order), session) for plan, date, session, order in items]
    data_changed({plan.athlete_id for plan, *_ in items})
    PlanSession.objects.bulk_create([row for row, _ in pairs])
    _write_blocks(pairs, slug_ids)
    return [row for row, _ in pairs]


def _write_blocks(pairs: list[tuple[PlanSession, Session]], slug_ids: dict[str, int]) -> None:
    blocks: list[tuple[SessionBlock, Block]] = [
        (_block_row(row, order, block), block)
        for row, session in pairs
        for order, block in enumerate(session.blocks, start=1)
    ]
    SessionBlock.objects.bulk_create([row for row, _ in blocks])
    BlockExerciseRow.objects.bulk_create(
        _exercise_row(row, order, ex, slug_ids)
        for row, block in blocks
        for order, ex in enumerate(block.exercises, start=1)
    )


# How an engine session, block and exercise are stored: one place for both writers (the instances above, the
# plain values of _copy_week).


def _session_row(plan: PlanWeek | None, date: dt.date, session: Session, order: int) -> PlanSession:
    return PlanSession(
        plan=plan,
        date=date,
        order=order,
        title=session.title,
        modality=session.modality,
        intensity=session.intensity,
        planned_rpe=session.planned_rpe,
        planned_minutes=session.planned_minutes,
        event=session.event or "",
        start_time=session.start_time,
    )


def _block_row(session: PlanSession | None, order: int, block: Block) -> SessionBlock:
    return SessionBlock(session=session, order=order, kind=block.kind, minutes=block.minutes)


def _exercise_row(
    block: SessionBlock | None, order: int, ex: BlockExercise, slug_ids: dict[str, int]
) -> BlockExerciseRow:
    return BlockExerciseRow(
        block=block,
        order=order,
        exercise_id=slug_ids.get(ex.slug),
        name=ex.name,
        sets=ex.sets,
        reps=ex.reps,
        seconds=ex.seconds,
        notes=ex.notes[:300],
    )


class _Copies:
    """Rows of one table that copy a few prototypes, each copy with its own parent (the foreign key `parent`): a
    template's week is the same for every athlete but for the ids it hangs from. Written in one statement of plain
    values, without a model instance per row nor bulk_create's split of an INSERT by SQLite's limit on variables
    (999 // columns rows each)."""

    def __init__(self, model: type[Model], parent: str) -> None:
        first = model._meta.get_field(parent)
        self.fields: list[Field] = [f for f in model._meta.concrete_fields if not f.primary_key and f is not first]
        self.prototypes: list[tuple[Any, ...]] = []
        self.rows: list[tuple[int, int]] = []  # (parent id, prototype number)
        quote = connection.ops.quote_name
        columns = [quote(f.column) for f in self.fields]
        into = f"INSERT INTO {quote(model._meta.db_table)} ({quote(first.column)}, {', '.join(columns)})"
        # Names from the model's own meta, quoted; every value is a parameter. SQLite's executemany loops in C over
        # one prepared statement. PostgreSQL would plan one INSERT per row of an executemany (psycopg only pipelines
        # them): it gets the parents and prototype numbers as two arrays and each prototype once, joined on the
        # number, in copy order. For 500 athletes: about 1.2 s, against 2.7 s by executemany and 1.5 s by arrays of
        # every row's values.
        self.postgresql = connection.vendor == "postgresql"
        if self.postgresql:
            prototypes = ", ".join(f"%s::{f.db_type(connection)}[]" for f in self.fields)
            self.sql = (
                f"{into} SELECT k.parent, {', '.join(f'p.{c}' for c in columns)}"  # noqa: S608  # nosec B608
                f" FROM unnest(%s::{first.db_type(connection)}[], %s::integer[]) WITH ORDINALITY AS k(parent, n, i)"
                f" JOIN unnest({prototypes}) WITH ORDINALITY AS p({', '.join(columns)}, n) ON p.n = k.n ORDER BY k.i"
            )
        else:
            self.sql = f"{into} VALUES (%s, {', '.join(['%s'] * len(columns))})"

    def prototype(self, obj: Model) -> int:
        """`obj`'s columns but its parent, valued once as bulk_create values them (defaults, auto_now_add and the
        database's adapters applied); the number to `add` copies of it by."""
        self.prototypes.append(tuple(f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in self.fields))
        return len(self.prototypes)  # from 1, as WITH ORDINALITY counts

    def add(self, parent_id: int, prototype: int) -> None:
        self.rows.append((parent_id, prototype))

    def write(self) -> None:
        if not self.rows:
            return
        with connection.cursor() as cursor:
            if self.postgresql:
                columns = [
                    list(column) for column in (*zip(*self.rows, strict=True), *zip(*self.prototypes, strict=True))
                ]
                cursor.execute(self.sql, columns)
            else:
                cursor.executemany(self.sql, [(parent, *self.prototypes[n - 1]) for parent, n in self.rows])


class _Shape(NamedTuple):
    """One session of a week as `_Copies` prototypes: its own, and each block's with its exercises'."""

    date: dt.date
    order: int
    session: int
    blocks: list[tuple[int, list[int]]]


def _copy_week(week: Week, plan_ids: Sequence[int], slug_ids: dict[str, int]) -> None:
    """The week's sessions, blocks and exercises into each of these new, empty plans, as write_dated_sessions would
    store them: 3 INSERTs of plain values and 2 reads of the new ids, however many plans."""
    sessions, blocks, exercises = (
        _Copies(PlanSession, "plan"),
        _Copies(SessionBlock, "session"),
        _Copies(BlockExerciseRow, "block"),
    )
    shapes = [
        _Shape(
            day.date,
            order,
            sessions.prototype(_session_row(None, day.date, session, order)),
            [
                (
                    blocks.prototype(_block_row(None, i, block)),
                    [
                        exercises.prototype(_exercise_row(None, j, ex, slug_ids))
                        for j, ex in enumerate(block.exercises, 1)
                    ],
                )
                for i, block in enumerate(session.blocks, 1)
            ],
        )
        for day in week.days
        for order, session in enumerate(day.sessions, start=1)
    ]
    for plan_id in plan_ids:
        for shape in shapes:
            sessions.add(plan_id, shape.session)
    sessions.write()
    session_id = selectors.session_ids(plan_ids)
    for plan_id in plan_ids:
        for shape in shapes:
            for block, _ in shape.blocks:
                blocks.add(session_id[plan_id, shape.date, shape.order], block)
    blocks.write()
    block_id = selectors.block_ids(plan_ids)
    for plan_id in plan_ids:
        for shape in shapes:
            parent = session_id[plan_id, shape.date, shape.order]
            for order, (_, block_exercises) in enumerate(shape.blocks, 1):
                for exercise in block_exercises:
                    exercises.add(block_id[parent, order], exercise)
    exercises.write()


# --- templates --------------------------------------------------------------------------------------------


@transaction.atomic
def save_template(*, plan: PlanWeek, name: str, owner: User) -> PlanTemplate:
    rows = _rows(plan)
    week = convert.week_of_rows(plan.week_start, rows)
    template, _ = PlanTemplate.objects.update_or_create(owner=owner, name=name, defaults={"week": week_to_dict(week)})
    return template


@dataclass
class ApplyResult:
    created: list[PlanWeek] = field(default_factory=list)
    refused: dict[int, list[Violation]] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)


# One transaction per this many athletes. A batch's reads list its athletes' or plans' ids (IN-queries): 500
# keeps them under 999 variables a statement, the limit of SQLite builds before 3.32 (Django's max_query_params);
# the writes have no such limit (_Copies). A large roster is one batch: the same queries for 30 or 500 athletes.
BATCH_SIZE = 500


def apply_template(
    *,
    template: PlanTemplate,
    athletes: Sequence[AthleteProfile],
    week_start: dt.date,
    author: User,
    override_reason: str = "",
) -> ApplyResult:
    """The template's week for each athlete, checked against each athlete's own rules; a constant number
    of queries per batch of BATCH_SIZE athletes. The weeks are drafts: nothing is sent until one is published
    (publish_plan schedules its reminders; calendar feeds show published weeks only)."""
    result = ApplyResult()
    slug_ids, catalogue = selectors.library_catalogue()
    source = _shifted(week_from_dict(template.week, catalogue), week_start)
    for start in range(0, len(athletes), BATCH_SIZE):
        with transaction.atomic():
            batch = athletes[start : start + BATCH_SIZE]
            _apply_batch(source, batch, slug_ids, author, override_reason, result)
    return result


def _apply_batch(
    week: Week,
    athletes: Sequence[AthleteProfile],
    slug_ids: dict[str, int],
    author: User,
    override_reason: str,
    result: ApplyResult,
) -> None:
    """6 reads, then at most 5 INSERTs (plain values, _Copies) and 3 reads of the new ids, whatever the batch's size."""
    week_start = week.week_start
    taken = selectors.planned_athlete_ids(athletes, week_start)
    contexts = selectors.rule_contexts(athletes, week_start)
    accepted: list[tuple[AthleteProfile, list[Violation]]] = []
    plan_rows = _Copies(PlanWeek, "athlete")
    kinds: dict[tuple[int, WeekKind], int] = {}  # the athletes' weeks differ only in these (and in the athlete)
    for athlete in athletes:
        if athlete.pk in taken:
            result.skipped[athlete.pk] = "A plan for this week exists already."
            continue
        ctx = contexts[athlete.pk]
        violations = check_week(week, ctx)
        refused = refusals(violations, override_reason)
        if refused:
            result.refused[athlete.pk] = refused
            continue
        key = (ctx.week_index, ctx.kind)
        if key not in kinds:
            plan = PlanWeek(week_start=week_start, block_week=ctx.week_index, week_kind=ctx.kind, author=author)
            kinds[key] = plan_rows.prototype(plan)
        plan_rows.add(athlete.pk, kinds[key])
        accepted.append((athlete, violations))
    if not accepted:
        return
    data_changed(athlete.pk for athlete, _ in accepted)
    plan_rows.write()
    plans = selectors.plans_by_athlete([athlete.pk for athlete, _ in accepted], week_start)
    _copy_week(week, [plan.pk for plan in plans.values()], slug_ids)
    overrides = _Copies(RuleOverride, "plan")
    for athlete, violations in accepted:
        plan = plans[athlete.pk]
        plan.athlete = athlete  # as the caller gave it: pages name the athlete of each new week
        for v in violations:
            overrides.add(plan.pk, overrides.prototype(override_row(plan, None, v, override_reason, author)))
        result.created.append(plan)
    overrides.write()


def _shifted(week: Week, week_start: dt.date) -> Week:
    """The template's week moved to `week_start`, without the team events of the athlete it was saved from."""
    days = tuple(
        _without_events(dataclasses.replace(day, date=week_start + dt.timedelta(days=offset)))
        for offset, day in enumerate(week.days)
    )
    return dataclasses.replace(week, week_start=week_start, days=days, unmet_wishes=())


def _without_events(day: Day) -> Day:
    sessions = tuple(s for s in day.sessions if not s.fixed)
    if len(sessions) == len(day.sessions):
        return day
    return Day(day.date, convert.day_kind_of(s.modality for s in sessions), sessions)


@transaction.atomic
def add_exercise(*, owner: User, data: dict[str, Any]) -> ExerciseRow:
    """A coach's own exercise; its slug is unique among that coach's exercises and the library."""
    slug = data.pop("slug", None) or slugify(data["name"]).replace("-", "_")[:80]
    if not slug:
        raise ServiceError("name", "Give the exercise a name with letters or digits.")
    taken = ExerciseRow.objects.filter(Q(owner__isnull=True) | Q(owner=owner), slug=slug).exists()
    if taken:
        raise ServiceError("slug", f"An exercise called '{slug}' exists already; choose another name or slug.")
    return ExerciseRow.objects.create(owner=owner, slug=slug, **data)


# --- changes made by the system (recovery adjustments) ----------------------------------------------------


@transaction.atomic
def restore_session(
    plan: PlanWeek, date: dt.date, session: Session, author: User | None, override_reason: str = ""
) -> PlanSession:
    """Put a removed session back (undoing a rest-day adjustment), checked like a coach's edit."""
    plan = _locked(plan)
    slug_ids, _ = selectors.catalogue_for(plan.athlete)
    rows = _rows(plan)
    current = [(r.date, convert.session_of(r)) for r in rows]
    accepted = _edit_violations(plan, current, [*current, (date, session)], override_reason)
    order = 1 + max((r.order for r in rows if r.date == date), default=0)
    [row] = _write_sessions([(plan, convert.week_of(plan.week_start, [(date, session)]))], slug_ids, order=order)
    _store_overrides(plan, row, accepted, override_reason, author)
    return row


@transaction.atomic
def reshape_session(row: PlanSession, new: Session, author: User | None, override_reason: str = "") -> PlanSession:
    """Give a stored session a whole new shape, checked like a coach's edit: a recovery adjustment (no author,
    no override: refused if it would break a rule) or the coach undoing one."""
    plan = _locked(row.plan)
    rows = _rows(plan)
    current = [(r.date, convert.session_of(r)) for r in rows]
    proposed = [(r.date, new) if r.pk == row.pk else pair for r, pair in zip(rows, current, strict=True)]
    old = next(pair[1] for r, pair in zip(rows, current, strict=True) if r.pk == row.pk)
    accepted = _edit_violations(plan, current, proposed, override_reason)
    _store_shape(row, new, rewrite_blocks=True)
    _store_overrides(plan, row, accepted, override_reason, author)
    _reschedule_if_published(plan)
    _ease_after(plan, lighter=new.load < old.load)
    return row


@transaction.atomic
def reshape_sessions(
    plan: PlanWeek, shapes: dict[int, Session | None], author: User | None, override_reason: str = ""
) -> None:
    """Several sessions of one week given new shapes (None: removed) as one edit, checked once as a whole: the
    re-planning that eases a week shortens its sessions together, and a session shortened alone could break the
    long-session share in between."""
    plan = _locked(plan)
    rows = _rows(plan)
    current = [(r.date, convert.session_of(r)) for r in rows]
    proposed = [
        (r.date, shapes[r.pk]) if r.pk in shapes else pair
        for r, pair in zip(rows, current, strict=True)
        if not (r.pk in shapes and shapes[r.pk] is None)
    ]
    accepted = _edit_violations(plan, current, proposed, override_reason)
    for row in rows:
        if row.pk not in shapes:
            continue
        shape = shapes[row.pk]
        if shape is None:
            row.delete()
        else:
            _store_shape(row, shape, rewrite_blocks=True)
    _store_overrides(plan, None, accepted, override_reason, author)
    _reschedule_if_published(plan)


def _store_shape(row: PlanSession, shape: Session, *, rewrite_blocks: bool) -> None:
    """Write an engine session's fields (and, when they changed, its blocks) onto a stored session."""
    row.title, row.modality, row.intensity = shape.title, shape.modality, shape.intensity
    row.planned_rpe, row.planned_minutes = shape.planned_rpe, shape.planned_minutes
    row.save()
    if rewrite_blocks:
        row.blocks.all().delete()
        slug_ids, _ = selectors.catalogue_for(row.plan.athlete)
        _write_blocks([(row, shape)], slug_ids)


# --- easing weeks whose load cap no longer holds (docs/domain.md §1, "Blocks and re-planning") -------------------


def session_snapshot(row: PlanSession) -> dict[str, Any]:
    """The session as stored, in the form an adjustment keeps to undo itself (recovery_services.undo_adjustment)."""
    week = convert.week_of(row.date - dt.timedelta(days=row.date.weekday()), [(row.date, convert.session_of(row))])
    return {"date": row.date.isoformat(), "order": row.order, "week": week_to_dict(week)}


@dataclass
class EaseResult:
    adjustments: list[PlanAdjustment] = field(default_factory=list)
    # (week start, load, cap) of a week the rules left over its cap
    over_cap: list[tuple[dt.date, int, float]] = field(default_factory=list)


# Weeks ahead that easing looks at: the longest block.
EASE_HORIZON_WEEKS = 24


def ease_following(plan: PlanWeek, why: str) -> EaseResult:
    """Every later, not yet started week of the athlete eased where its cap no longer holds, in order, each judged on
    the weeks before it as they stand after the earlier ones were eased. `why` starts each adjustment's reason."""
    today = local_today(plan.athlete)
    first = max(plan.week_start + dt.timedelta(weeks=1), today - dt.timedelta(days=today.weekday()))
    result = EaseResult()
    later = PlanWeek.objects.filter(athlete_id=plan.athlete_id, week_start__gte=first).order_by("week_start")
    for week in later.select_related("athlete__user", "block")[:EASE_HORIZON_WEEKS]:
        ease_plan(week, why, result)
    return result


@transaction.atomic
def ease_plan(plan: PlanWeek, why: str, result: EaseResult) -> None:
    """Shorten the week's main blocks (then drop an easy session) until its load fits its cap again, checked as one
    edit; one undoable adjustment per session changed (plans.engine.ease)."""
    ctx = selectors.plan_context(plan)
    cap = load_target(ctx)
    rows = list(selectors.sessions_with_blocks().filter(plan=plan).order_by("date", "order", "id"))
    week = convert.week_of_rows(plan.week_start, rows)
    if cap is None or week.load <= cap + 1e-9:
        return
    places = _places(rows)
    _, catalogue = selectors.catalogue_for(plan.athlete)
    for may_drop in (True, False):
        # dropping a session can leave the long session too big a part of the week: then shorten only
        eased, changes = ease_week(week, cap, may_drop=may_drop, catalogue=catalogue)
        if not changes:
            break
        snapshots = {(c.date, c.index): session_snapshot(places[c.date, c.index]) for c in changes}
        try:
            with transaction.atomic():
                reshape_sessions(plan, {places[c.date, c.index].pk: c.after for c in changes}, author=None)
        except PlanRuleViolation:
            continue
        if eased.load > cap + 1e-9:
            result.over_cap.append((plan.week_start, eased.load, cap))
        reason = f"{why} so the week of {day_label(plan.week_start)} may hold at most {cap:,.0f} AU."
        result.adjustments += [
            _eased_record(plan, places[c.date, c.index], c, snapshots[c.date, c.index], reason) for c in changes
        ]
        return
    result.over_cap.append((plan.week_start, week.load, cap))


def _places(rows: list[PlanSession]) -> dict[tuple[dt.date, int], PlanSession]:
    """Each row by its day and its place among the day's sessions, as convert.week_of_rows lays them out."""
    places: dict[tuple[dt.date, int], PlanSession] = {}
    counts: dict[dt.date, int] = defaultdict(int)
    for row in rows:
        places[row.date, counts[row.date]] = row
        counts[row.date] += 1
    return places


def _eased_record(plan: PlanWeek, row: PlanSession, change: Eased, before: dict, reason: str) -> PlanAdjustment:
    if change.after is None:
        kind, what = AdjustmentKind.REST, f"'{change.before.title}' on {day_label(change.date)} became a rest day."
    elif change.after.intensity is not change.before.intensity:
        kind = AdjustmentKind.EASIER
        what = (
            f"'{change.before.title}' on {day_label(change.date)} became '{change.after.title}', "
            f"{change.after.intensity} instead of {change.before.intensity}, {change.after.planned_minutes} min."
        )
    else:
        kind = AdjustmentKind.SHORTER
        what = (
            f"'{change.before.title}' on {day_label(change.date)} shortened from {change.before.planned_minutes} to "
            f"{change.after.planned_minutes} min; its warm-up, strength work and stretching stay."
        )
    return PlanAdjustment.objects.create(
        plan=plan,
        session=None if change.after is None else row,
        date=change.date,
        kind=kind,
        status="",
        reasons=[{"code": "replanning", "severity": "info", "message": reason}],
        message=f"{what} {reason}",
        before=before,
    )
