"""Plan pages: week generation, the plan editor and templates; the athlete's week. Thin: parse, check permission,
call the services and selectors the API calls (plans.services, plans.selectors), render. The log pages are in
training/pages.py, the coach's athlete page and trends in recovery/pages.py."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from people.logs import local_today
from people.models import User
from people.pages import (
    athlete_or_404,
    athletes_for_choices,
    is_coach,
    mondays,
    require_coach,
    service_error,
    status_for,
    validate_with,
)
from plans import block_pages, selectors, services
from plans.engine.types import BlockKind, Intensity, Modality, WeekKind
from plans.models import (
    MODALITY_WORDS,
    PlanSession,
    PlanWeek,
    choices_of,
)
from plans.serializers import (
    SESSION_MODALITY_CHOICES,
    ApplyTemplateSerializer,
    GenerateSerializer,
    SessionInSerializer,
    TemplateSerializer,
    plan_json,
)

BLOCK_LABELS = {
    BlockKind.WARMUP: "Warm-up",
    BlockKind.MAIN: "Main set",
    BlockKind.STRENGTH: "Strength",
    BlockKind.COOLDOWN: "Cool-down",
    BlockKind.STRETCHING: "Stretching",
}
# The CR-10 scale of session RPE (Foster et al. 2001), with its words.
RPE_WORDS = {
    0: "Rest",
    1: "Very, very easy",
    2: "Easy",
    3: "Moderate",
    4: "Somewhat hard",
    5: "Hard",
    6: "Hard+",
    7: "Very hard",
    8: "Very hard+",
    9: "Very, very hard",
    10: "Maximal",
}
# Hooper items (docs/domain.md §3): 1 very, very good to 7 very, very bad.
HOOPER_WORDS = {
    1: "Very, very good",
    2: "Very good",
    3: "Good",
    4: "Normal",
    5: "Bad",
    6: "Very bad",
    7: "Very, very bad",
}
# Words and badge colours for how a session went (the API's `completion`); a session not yet due has no mark.
COMPLETION_MARKS = {"done": ("Done", "green"), "partial": ("Partial", "amber"), "missed": ("Missed", "red")}


EVENT_WORDS = {"match": "The team's match", "practice": "The team's practice"}


def _warmup_from(session: dict[str, Any]) -> str:
    """When a team event's warm-up starts: the event keeps the team's time, the warm-up comes before it."""
    blocks = session["blocks"]
    if not session.get("start_time") or not blocks or blocks[0]["kind"] != "warmup":
        return ""
    start = dt.datetime.combine(dt.date(2000, 1, 3), dt.time.fromisoformat(session["start_time"]))
    return (start - dt.timedelta(minutes=blocks[0]["minutes"])).strftime("%H:%M")


def label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def present_sessions(sessions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """API session dicts (plans.serializers.session_json) with words for their codes, for templates."""
    for session in sessions:
        session["modality_label"] = MODALITY_WORDS[Modality(session["modality"])]
        session["intensity_label"] = label(session["intensity"])
        # a team's practice or match (docs/domain.md section 11), kept as the team set it
        session["event_label"] = EVENT_WORDS.get(session.get("event") or "", "")
        session["warmup_from"] = _warmup_from(session) if session["event_label"] else ""
        session["mark"] = completion_mark(session)
        for block in session["blocks"]:
            block["label"] = BLOCK_LABELS.get(BlockKind(block["kind"]), label(block["kind"]))
            for exercise in block["exercises"]:
                exercise["dose"] = dose(exercise)
    return sessions


def completion_mark(session: dict[str, Any]) -> dict[str, str] | None:
    """ "Done", "Partial" or "Missed" with its colour and what was logged; None while the session is not due."""
    if session["completion"] not in COMPLETION_MARKS:
        return None
    word, colour = COMPLETION_MARKS[session["completion"]]
    workout = session["workout"]
    logged = f"{workout['minutes']} of {session['planned_minutes']} minutes logged" if workout else "nothing logged"
    return {"word": word, "colour": colour, "logged": logged}


def compliance_sentence(compliance: dict[str, Any]) -> str:
    """ "3 of 4 sessions done, 1 partial: 88 % compliance." in plain words; empty while no session is due."""
    if compliance["percent"] is None:
        return ""
    due = compliance["done"] + compliance["partial"] + compliance["missed"]
    parts = [f"{compliance['done']} of {due} session{'s' if due != 1 else ''} done"]
    parts += [f"{compliance[k]} {k}" for k in ("partial", "missed") if compliance[k]]
    percent = Decimal(str(compliance["percent"])).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{', '.join(parts)}: {percent} % compliance."


def dose(exercise: dict[str, Any]) -> str:
    """ "2 × 5 reps", "3 × 30 s", "60 s", "90 min" ... from a block exercise's sets, reps and seconds."""
    seconds = exercise["seconds"]
    timed = (f"{seconds // 60} min" if seconds >= 120 and seconds % 60 == 0 else f"{seconds} s") if seconds else ""
    each = f"{exercise['reps']} reps" if exercise["reps"] else timed
    if exercise["sets"] > 1:
        return f"{exercise['sets']} × {each}" if each else f"{exercise['sets']} sets"
    return each


def present_plan(plan: dict[str, Any]) -> dict[str, Any]:
    plan["compliance_sentence"] = compliance_sentence(plan["compliance"])
    kind = WeekKind(plan["week_kind"])
    # the block page's words for the week's kind (plans.block_pages), as a noun: "Deload week"
    plan["week_kind_label"] = (
        "A single week" if kind is WeekKind.SINGLE else f"{block_pages.WEEK_KIND_WORDS[kind]} week"
    )
    for day in plan["days"]:
        day["date_obj"] = dt.date.fromisoformat(day["date"])
        day["kind_label"] = label(day["kind"])
        present_sessions(day["sessions"])
    plan["has_team_events"] = any(s["fixed"] for day in plan["days"] for s in day["sessions"])
    return plan


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_param(request: HttpRequest, default: dt.date) -> dt.date:
    try:
        return week_of(dt.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return default


# --- the coach's athlete page ---------------------------------------------------------------------------


class GenerateForm(forms.Form):
    week_start = forms.TypedChoiceField(label="Week starting", coerce=dt.date.fromisoformat, choices=())

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["week_start"].choices = [(d.isoformat(), f"Monday {d:%d %b %Y}") for d in mondays(today)]


@login_required
@require_POST
def generate(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """A draft week made by the engine (plans.services.generate_plan); a draft for that week is replaced."""
    athlete = athlete_or_404(request, athlete_id)
    require_coach(request.user)
    form = GenerateForm(request.POST, today=local_today(athlete))
    violations: list[Any] = []
    if form.is_valid():
        valid = validate_with(form, GenerateSerializer, {"week_start": form.cleaned_data["week_start"]})
        if valid is not None:
            try:
                plan = services.generate_plan(athlete=athlete, week_start=valid["week_start"], author=request.user)
            except services.PlanRuleViolation as exc:
                violations = exc.violations
            except ServiceError as exc:
                service_error(form, exc)
            else:
                messages.success(request, "A draft week is ready: check it, change it, then publish it.")
                return redirect("page-plan", plan.pk)
    context = {"athlete": athlete, "form": form, "violations": violations}
    return render(request, "plans/generate_failed.html", context, status=400)


# --- the plan editor --------------------------------------------------------------------------------------


def _week_dates(plan: PlanWeek) -> list[tuple[str, str]]:
    days = [plan.week_start + dt.timedelta(days=i) for i in range(7)]
    return [(d.isoformat(), f"{d:%A %d %b}") for d in days]


class SessionForm(forms.Form):
    """A session to add or change; without blocks the engine builds warm-up, main, cool-down and stretching."""

    date = forms.ChoiceField(label="Day", choices=())
    title = forms.CharField(max_length=120, required=False)
    modality = forms.ChoiceField(label="Sport", choices=SESSION_MODALITY_CHOICES)
    intensity = forms.ChoiceField(choices=choices_of(Intensity))
    planned_minutes = forms.IntegerField(label="Minutes", min_value=15, max_value=600)
    planned_rpe = forms.IntegerField(label="Planned RPE (1-10)", min_value=1, max_value=10, required=False)
    override_reason = forms.CharField(
        label="Override reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only to accept a rule this change breaks; it is stored and shown on the plan.",
    )

    def __init__(self, *args: Any, plan: PlanWeek, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = _week_dates(plan)

    def changes(self) -> dict[str, Any]:
        """Only what the coach changed: moving a session keeps its blocks; a new shape rebuilds them."""
        keys = [k for k in self.changed_data if k != "override_reason"]
        return {k: self.cleaned_data[k] for k in keys if self.cleaned_data[k] not in (None, "")}


class DeleteForm(forms.Form):
    override_reason = forms.CharField(
        label="Override reason for removing it",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TemplateNameForm(forms.Form):
    name = forms.CharField(label="Template name", max_length=120)


def _session_initial(session: dict[str, Any]) -> dict[str, Any]:
    return {k: session[k] for k in ("date", "title", "modality", "intensity", "planned_minutes", "planned_rpe")}


def _editor(
    request: HttpRequest,
    plan_id: int,
    failed: str = "",
    form: forms.Form | None = None,
    violations: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The editor; `failed` names the form that was refused, shown again with its errors and violations."""
    plan = selectors.get_plan(request.user, plan_id)
    data = present_plan(plan_json(plan))
    for day in data["days"]:
        for session in day["sessions"]:
            key = f"session-{session['id']}"
            session["form"] = (
                form if failed == key else SessionForm(initial=_session_initial(session), plan=plan, prefix=key)
            )
            session["delete_form"] = (
                form if failed == f"delete-{session['id']}" else DeleteForm(prefix=f"delete-{session['id']}")
            )
            session["failed"] = {key: "edit", f"delete-{session['id']}": "delete"}.get(failed, "")
    breaches = selectors.plan_breaches(plan)
    context = {
        "plan": plan,
        "data": data,
        "athlete": plan.athlete,
        "failed": failed,
        "violations": violations or [],
        "overridable": bool(violations) and all(v.overridable for v in violations),
        # today's figures of the week's breaches beside what each override accepted (issue 12, item 5)
        "breaches": breaches,
        # the wishes that are breaches show once, under the rules this week breaks
        "other_wishes": [w for w in data["unmet_wishes"] if w not in {b.violation.message for b in breaches}],
        "add_form": form if failed == "add" else SessionForm(plan=plan, prefix="add", initial={"intensity": "easy"}),
        "template_form": form if failed == "template" else TemplateNameForm(),
    }
    return render(request, "plans/plan_editor.html", context, status=status)


def _coach_plan(request: HttpRequest, plan_id: int) -> PlanWeek:
    require_coach(request.user)
    return selectors.get_plan(request.user, plan_id)


def back_to_plan_on_get(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """An editor action opened with GET (a reload after a refused change) shows the editor again."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, plan_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "GET":
            _coach_plan(request, plan_id)
            return redirect("page-plan", plan_id)
        return view(request, plan_id, *args, **kwargs)

    return require_http_methods(["GET", "POST"])(wrapper)


@login_required
@require_GET
def plan_editor(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The week as seven days: move, change, add or remove sessions, publish, save as a template."""
    _coach_plan(request, plan_id)
    return _editor(request, plan_id)


def _session_of(plan: PlanWeek, session_id: int) -> PlanSession:
    for session in plan.sessions.all():
        if session.pk == session_id:
            return session
    raise Http404("No such session.")


@login_required
@back_to_plan_on_get
def add_session(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _coach_plan(request, plan_id)
    form = SessionForm(request.POST, plan=plan, prefix="add")
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        valid = validate_with(form, SessionInSerializer, data)
        if valid is not None:
            reason = valid.pop("override_reason", "")
            try:
                services.add_session(plan=plan, data=valid, author=request.user, override_reason=reason)
            except services.PlanRuleViolation as exc:
                return _editor(request, plan_id, "add", form, exc.violations, status=400)
            except ServiceError as exc:
                service_error(form, exc)
            else:
                messages.success(request, "Session added.")
                return redirect("page-plan", plan.pk)
    return _editor(request, plan_id, "add", form, status=400)


@login_required
@back_to_plan_on_get
def edit_session(request: HttpRequest, plan_id: int, session_id: int) -> HttpResponse:
    """Move a session to another day, or change its sport, intensity, minutes or title."""
    plan = _coach_plan(request, plan_id)
    session = _session_of(plan, session_id)
    key = f"session-{session_id}"
    initial = {
        "date": session.date.isoformat(),
        "title": session.title,
        "modality": session.modality,
        "intensity": session.intensity,
        "planned_minutes": session.planned_minutes,
        "planned_rpe": session.planned_rpe,
    }
    form = SessionForm(request.POST, initial=initial, plan=plan, prefix=key)
    if form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, "Nothing changed.")
            return redirect("page-plan", plan.pk)
        valid = validate_with(
            form, SessionInSerializer, {**changes, "override_reason": form.cleaned_data["override_reason"]}
        )
        if valid is not None:
            reason = valid.pop("override_reason", "")
            try:
                services.update_session(session=session, data=valid, author=request.user, override_reason=reason)
            except services.PlanRuleViolation as exc:
                return _editor(request, plan_id, key, form, exc.violations, status=400)
            except ServiceError as exc:
                if session.event:  # a team's event shows no edit form to hold the error: say it above the week
                    messages.error(request, exc.message)
                    return redirect(reverse("page-plan", args=[plan.pk]) + f"#session-{session_id}")
                service_error(form, exc)
            else:
                messages.success(request, "Session changed.")
                return redirect(reverse("page-plan", args=[plan.pk]) + f"#session-{session_id}")
    return _editor(request, plan_id, key, form, status=400)


@login_required
@back_to_plan_on_get
def delete_session(request: HttpRequest, plan_id: int, session_id: int) -> HttpResponse:
    plan = _coach_plan(request, plan_id)
    session = _session_of(plan, session_id)
    key = f"delete-{session_id}"
    form = DeleteForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services.delete_session(
                session=session, author=request.user, override_reason=form.cleaned_data["override_reason"]
            )
        except services.PlanRuleViolation as exc:
            return _editor(request, plan_id, key, form, exc.violations, status=400)
        except ServiceError as exc:  # a team's match: it changes only in the team schedule
            messages.error(request, exc.message)
            return redirect(reverse("page-plan", args=[plan.pk]) + f"#session-{session_id}")
        messages.success(request, "Session removed.")
        return redirect("page-plan", plan.pk)
    return _editor(request, plan_id, key, form, status=400)


@login_required
@back_to_plan_on_get
def publish(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _coach_plan(request, plan_id)
    try:
        services.publish_plan(plan)
    except services.PlanRuleViolation as exc:
        return _editor(request, plan_id, "publish", None, exc.violations, status=400)
    messages.success(request, f"Published: {plan.athlete} sees this week now.")
    return redirect("page-plan", plan.pk)


@login_required
@back_to_plan_on_get
def save_template(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _coach_plan(request, plan_id)
    form = TemplateNameForm(request.POST)
    if form.is_valid():
        valid = validate_with(form, TemplateSerializer, form.cleaned_data)
        if valid is not None:
            template = services.save_template(plan=plan, name=valid["name"], owner=request.user)
            messages.success(request, f'Saved as the template "{template.name}".')
            return redirect("page-templates")
    return _editor(request, plan_id, "template", form, status=400)


# --- templates ----------------------------------------------------------------------------------------------


class ApplyForm(forms.Form):
    template = forms.TypedChoiceField(coerce=int, choices=())
    week_start = forms.TypedChoiceField(label="Week starting", coerce=dt.date.fromisoformat, choices=())
    athletes = forms.TypedMultipleChoiceField(coerce=int, choices=(), widget=forms.CheckboxSelectMultiple)
    override_reason = forms.CharField(
        label="Override reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only to accept a rule the week breaks for some athletes; stored on each plan.",
    )

    def __init__(self, *args: Any, user: User, templates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.pk, t.name) for t in templates]
        self.fields["week_start"].choices = [
            (d.isoformat(), f"Monday {d:%d %b %Y}") for d in mondays(timezone.localdate())
        ]
        self.fields["athletes"].choices = athletes_for_choices(user)


@login_required
@require_http_methods(["GET", "POST"])
def templates_page(request: HttpRequest) -> HttpResponse:
    """Saved weeks, and applying one to many athletes at once (plans.services.apply_template, as the API)."""
    require_coach(request.user)
    templates = list(selectors.templates_of(request.user))
    form = ApplyForm(request.POST or None, user=request.user, templates=templates)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        valid = validate_with(form, ApplyTemplateSerializer, data)
        if valid is not None:
            template = next(t for t in templates if t.pk == data["template"])
            athletes = selectors.athletes_by_id(request.user, valid["athletes"])
            outcome = services.apply_template(
                template=template,
                athletes=list(athletes.values()),
                week_start=valid["week_start"],
                author=request.user,
                override_reason=valid.get("override_reason", ""),
            )
            result = {
                "created": outcome.created,
                "refused": [(athletes[i], vs) for i, vs in outcome.refused.items()],
                "skipped": [(athletes[i], why) for i, why in outcome.skipped.items()],
            }
    context = {"templates": templates, "form": form, "result": result}
    return render(request, "plans/templates.html", context, status=status_for(form))


# --- the athlete's week and logs -------------------------------------------------------------------------


@login_required
@require_GET
def week(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The week as seven days (published weeks only for the athlete; coaches see drafts too)."""
    athlete = athlete_or_404(request, athlete_id)
    today = local_today(athlete)
    week_start = week_param(request, week_of(today))
    plan = selectors.plans_of(athlete, request.user, week_start).first()
    context = {
        "athlete": athlete,
        "today": today,
        "week_start": week_start,
        "previous_week": week_start - dt.timedelta(days=7),
        "next_week": week_start + dt.timedelta(days=7),
        "plan": present_plan(plan_json(plan)) if plan else None,
        "coach_view": is_coach(request.user),
    }
    return render(request, "plans/week.html", context)


# --- workouts from files (issue 17): upload, outcomes, the RPE each still needs ----------------------------
