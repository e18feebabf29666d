"""The coach's training blocks as pages: plan a block from the athlete page, see every week of it at a glance
(its kind, planned against done load, compliance) and publish its drafts at once. Thin: parse, check permission,
call the services and selectors the API calls (plans.api AthleteBlocksView, BlockView, BlockPublishView), render.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateformat import format as format_date
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from people.logs import local_today
from people.models import AthleteProfile
from people.pages import athlete_or_404, date_input, require_coach, service_error, validate_with
from plans import charts, load, selectors, services
from plans.engine.constants import BLOCK_WEEKS
from plans.engine.types import WeekKind
from plans.models import PlanStatus, TrainingBlock
from plans.serializers import PLAN_HORIZON, TrainingBlockInSerializer, block_json

WEEK_KIND_WORDS = {
    WeekKind.BUILD: "Build",
    WeekKind.DELOAD: "Deload",
    WeekKind.TAPER: "Taper",
    WeekKind.SINGLE: "Single week",
}
STATUS_WORDS = dict(PlanStatus.choices)
DEFAULT_WEEKS = 12
# docs/domain.md §2 bands a session: done from 80 % of its planned minutes, partial from 50 %. A week's compliance %
# is coloured with the same cut-offs (product rule): green from 80 %, amber from 50 %, red below.
GREEN_FROM_PCT = load.DONE_LOW_PCT
AMBER_FROM_PCT = load.PARTIAL_LOW_PCT
DAY = "D j M Y"  # the pages' date format, as the templates' |date:"D j M Y"


def coming_monday(today: dt.date) -> dt.date:
    """The next Monday after `today` (a block made on a Monday starts the week after, never half-way in)."""
    return today + dt.timedelta(days=7 - today.weekday())


def _day(value: dt.date) -> str:
    return format_date(value, DAY)


# --- planning a block from the athlete page ---------------------------------------------------------------


class BlockForm(forms.Form):
    prefix = "block"  # the athlete page holds other forms; keep this one's ids apart
    start = forms.DateField(label="First Monday", widget=date_input(), help_text="The block starts on this Monday.")
    weeks = forms.IntegerField(
        label="Number of weeks",
        min_value=BLOCK_WEEKS[0],
        max_value=BLOCK_WEEKS[1],
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=f"{BLOCK_WEEKS[0]} to {BLOCK_WEEKS[1]}: three build weeks and a deload week, again and again "
        "(two and one for athletes 50 and over).",
        error_messages={
            "min_value": f"A block is {BLOCK_WEEKS[0]} to {BLOCK_WEEKS[1]} weeks long.",
            "max_value": f"A block is {BLOCK_WEEKS[0]} to {BLOCK_WEEKS[1]} weeks long.",
            "invalid": f"Give the number of weeks as a whole number, {BLOCK_WEEKS[0]} to {BLOCK_WEEKS[1]}.",
            "required": f"Give the number of weeks, {BLOCK_WEEKS[0]} to {BLOCK_WEEKS[1]}.",
        },
    )
    goal_date = forms.DateField(
        label="Goal date",
        required=False,
        widget=date_input(),
        help_text="Optional: a race or test in the block's last week; the block then ends with taper weeks.",
    )
    goal = forms.CharField(
        label="Goal", required=False, max_length=200, help_text="Optional, in a few words: what the block is for."
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"start": coming_monday(today), "weeks": DEFAULT_WEEKS})
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["start"].error_messages["invalid"] = "Give the first Monday as a date."

    def clean_start(self) -> dt.date:
        start: dt.date = self.cleaned_data["start"]
        if start.weekday() != 0:
            raise forms.ValidationError(f"{_day(start)} is not a Monday: a block's weeks run Monday to Sunday.")
        if abs(start - self.today) > PLAN_HORIZON:
            raise forms.ValidationError("Choose a Monday within a year of today.")
        return start

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, weeks, goal_date = data.get("start"), data.get("weeks"), data.get("goal_date")
        if start and weeks and goal_date and (problem := _goal_date_problem(start, weeks, goal_date)):
            self.add_error("goal_date", problem)
        return data


def _goal_date_problem(start: dt.date, weeks: int, goal_date: dt.date) -> str:
    """Why the goal date does not fall in the block's last week (the API's rule), or "" when it does."""
    last = start + dt.timedelta(weeks=weeks - 1)
    if last <= goal_date <= last + dt.timedelta(days=6):
        return ""
    sentence = f"The goal date must fall in the block's last week, {_day(last)} to {_day(last + dt.timedelta(days=6))}."
    fitting = (goal_date - start).days // 7 + 1
    if goal_date >= start and BLOCK_WEEKS[0] <= fitting <= BLOCK_WEEKS[1]:
        return f"{sentence} For a goal on {_day(goal_date)}, plan {fitting} weeks."
    return f"{sentence} Change the goal date, the number of weeks or the first Monday."


@dataclass(frozen=True)
class BlockSummary:
    block: TrainingBlock
    when: str
    published: int
    planned: int


def _when(block: TrainingBlock, today: dt.date) -> str:
    if today < block.start:
        days = (block.start - today).days
        return f"starts in {days} day{'s' if days != 1 else ''}"
    if today > block.end:
        return "over"
    return f"running: week {(today - block.start).days // 7 + 1} of {block.weeks}"


def overview_context(athlete: AthleteProfile, today: dt.date) -> dict[str, Any]:
    """What the athlete page shows of blocks: the athlete's blocks and an empty "Plan a block" form."""
    blocks = [
        BlockSummary(b, _when(b, today), b.published_count, b.plan_count) for b in selectors.blocks_with_counts(athlete)
    ]
    return {"blocks": blocks, "block_form": BlockForm(today=today)}


@login_required
@require_http_methods(["GET", "POST"])
def new_block(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Plan a block (plans.services.create_block, as the API); refused input is shown next to its field."""
    athlete = athlete_or_404(request, athlete_id)
    require_coach(request.user)
    form = BlockForm(request.POST or None, today=local_today(athlete))
    if request.method == "POST" and form.is_valid():
        valid = validate_with(form, TrainingBlockInSerializer, form.cleaned_data, {"today": local_today(athlete)})
        if valid is not None:
            try:
                block = services.create_block(athlete=athlete, author=request.user, **valid)
            except services.PlanRuleViolation as exc:  # the engine made a week that breaks a rule: say which
                for violation in exc.violations:
                    form.add_error(None, violation.message)
            except ServiceError as exc:
                service_error(form, exc)
            else:
                article = "An" if block.weeks in (8, 11, 18) else "A"  # "an eight-week", "an eleven-week"
                messages.success(
                    request, f"{article} {block.weeks}-week block is ready as drafts: check the weeks, then publish."
                )
                return redirect("page-block", block.pk)
    status = 400 if form.is_bound else 200
    return render(request, "plans/block_new.html", {"athlete": athlete, "form": form}, status=status)


# --- the block page -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """How a week went, in words and a badge colour (green, amber, red; "none" when there is nothing to judge)."""

    word: str
    colour: str
    detail: str = ""


@dataclass(frozen=True)
class BlockWeek:
    number: int
    start: dt.date
    end: dt.date
    plan: int | None  # None: the block's draft for this week was replaced or removed
    kind: str
    status: str
    planned_load: int | None
    done_load: int | None  # None while the week has not started
    mark: Mark
    current: bool


def _whole(percent: float) -> Decimal:
    return Decimal(str(percent)).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def week_mark(compliance: dict[str, Any], start: dt.date, today: dt.date) -> Mark:
    """The week's compliance (docs/domain.md §2: done plus half of partial over the sessions due) as a coloured word."""
    if start > today:
        return Mark("Not due yet", "none")
    percent = compliance["percent"]
    if percent is None:
        if compliance["planned"]:
            return Mark("Not due yet", "none", "No session of this week is due yet.")
        return Mark("Nothing planned", "none", "The week holds no session.")
    due = compliance["done"] + compliance["partial"] + compliance["missed"]
    parts = [f"{compliance['done']} of {due} due session{'s' if due != 1 else ''} done"]
    parts += [f"{compliance[k]} {k}" for k in ("partial", "missed") if compliance[k]]
    detail = ", ".join(parts) + (" so far." if today <= start + dt.timedelta(days=6) else ".")
    if percent >= GREEN_FROM_PCT:
        return Mark(f"On plan, {_whole(percent)} %", "green", detail)
    if percent >= AMBER_FROM_PCT:
        return Mark(f"Partly done, {_whole(percent)} %", "amber", detail)
    return Mark(f"Mostly missed, {_whole(percent)} %", "red", detail)


def block_weeks(block: TrainingBlock, weeks: list[dict[str, Any]], today: dt.date) -> list[BlockWeek]:
    """Every week of the block's span, from block_json's weeks; a week without a plan any more is kept, empty."""
    by_start = {dt.date.fromisoformat(w["week_start"]): w for w in weeks}
    rows = []
    for index in range(block.weeks):
        start = block.start + dt.timedelta(weeks=index)
        end = start + dt.timedelta(days=6)
        week = by_start.get(start)
        current = start <= today <= end
        if week is None:
            missing = Mark("No plan", "none", "This week's draft was replaced or removed.")
            rows.append(BlockWeek(index + 1, start, end, None, "", "", None, None, missing, current))
            continue
        rows.append(
            BlockWeek(
                number=index + 1,
                start=start,
                end=end,
                plan=week["plan"],
                kind=WEEK_KIND_WORDS[WeekKind(week["week_kind"])],
                status=STATUS_WORDS[week["status"]],
                planned_load=week["planned_load"],
                done_load=None if start > today else week["done_load"],
                mark=week_mark(week["compliance"], start, today),
                current=current,
            )
        )
    return rows


def _chart(rows: list[BlockWeek]) -> charts.Chart:
    points = [charts.BlockWeekLoad(r.number, r.start, r.kind or "No plan", r.planned_load, r.done_load) for r in rows]
    return charts.block_load_chart(points, "Planned and done load per week")


@login_required
@require_GET
def block_page(request: HttpRequest, block_id: int) -> HttpResponse:
    """Every week of a block at a glance, each linking to its plan editor; publish the drafts at once."""
    require_coach(request.user)
    block = selectors.get_block(request.user, block_id)
    athlete = block.athlete
    today = local_today(athlete)
    data = block_json(block, selectors.block_plans(request.user, block))
    rows = block_weeks(block, data["weeks"], today)
    statuses = [w["status"] for w in data["weeks"]]
    context = {
        "athlete": athlete,
        "training_block": block,  # not "block": Django's {% block %} tags hide a context variable of that name
        "today": today,
        "weeks": rows,
        "planned": len(statuses),
        "drafts": statuses.count(PlanStatus.DRAFT),
        "published": statuses.count(PlanStatus.PUBLISHED),
        "chart": _chart(rows) if statuses else None,
        "green_from": GREEN_FROM_PCT,
        "amber_from": AMBER_FROM_PCT,
    }
    return render(request, "plans/block.html", context)


@login_required
@require_POST
def publish_block(request: HttpRequest, block_id: int) -> HttpResponse:
    """Publish every draft week of the block (plans.services.publish_block, as the API)."""
    require_coach(request.user)
    block = selectors.get_block(request.user, block_id)
    try:
        published = services.publish_block(block)
    except services.PlanRuleViolation as exc:
        # nothing was published: one week breaks a hard limit now (the weeks before it changed)
        sentences = " ".join(v.message for v in exc.violations)
        messages.error(request, f"Nothing was published: a week of the block breaks a hard limit. {sentences}")
        return redirect("page-block", block.pk)
    if published:
        count = len(published)
        messages.success(request, f"Published {count} week{'s' if count != 1 else ''}: {block.athlete} sees them now.")
    else:
        messages.info(request, "Nothing to publish: every week of the block was published already.")
    return redirect("page-block", block.pk)
