"""Plan pages: the coach's athlete page, plan editor and templates; the athlete's week, workout, check-in and
cramp logs, cramp factors and trends. Thin: parse, check permission, call the services and selectors the API
calls (plans.services, plans.selectors, plans.log_services, plans.history, plans.roster), render."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plans import (
    block_pages,
    file_selectors,
    history,
    log_services,
    recovery_services,
    selectors,
    services,
    upload_services,
)
from plans.engine.types import BlockKind, Intensity, Modality, WeekKind
from plans.log_serializers import CheckInSerializer, CrampSerializer, WorkoutLogSerializer
from plans.models import (
    MODALITY_WORDS,
    CoachAlert,
    CrampContext,
    CrampEpisode,
    CrampLocation,
    CrampSide,
    PlanSession,
    PlanWeek,
    UploadOutcome,
    UploadState,
    WellnessCheckIn,
    WorkoutLog,
    WorkoutUpload,
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
from plans.workout_files import MAX_FILE_BYTES
from trainer import charts, people
from trainer.logs import local_today
from trainer.models import AthleteProfile, User
from trainer.pages import (
    athlete_or_404,
    athletes_for_choices,
    date_input,
    is_coach,
    mondays,
    require_coach,
    service_error,
    status_for,
    validate_with,
)
from trainer.services import ServiceError

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
LOAD_DAYS = 28
INTAKE_DAYS = 14
CRAMP_DAYS = 90
CRAMPS_SHOWN = 20


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


def _week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _week_param(request: HttpRequest, default: dt.date) -> dt.date:
    try:
        return _week_of(dt.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return default


# --- the coach's athlete page ---------------------------------------------------------------------------


class GenerateForm(forms.Form):
    week_start = forms.TypedChoiceField(label="Week starting", coerce=dt.date.fromisoformat, choices=())

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["week_start"].choices = [(d.isoformat(), f"Monday {d:%d %b %Y}") for d in mondays(today)]


def _charts_for(athlete: AthleteProfile, today: dt.date) -> dict[str, charts.Chart]:
    past = history.athlete_history(athlete, today - dt.timedelta(days=INTAKE_DAYS - 1), today)
    days = [past.days[d] for d in sorted(past.days)]
    return {
        "load": charts.load_chart(
            history.load_rows(athlete, today - dt.timedelta(days=LOAD_DAYS - 1), today),
            f"Training load, last {LOAD_DAYS} days",
        ),
        "water": charts.water_chart(days, f"Water against target, last {INTAKE_DAYS} days"),
        "minerals": charts.minerals_chart(days, f"Minerals against targets, last {INTAKE_DAYS} days"),
    }


def _cramp_timeline(athlete: AthleteProfile, cramps: list[CrampEpisode]) -> list[dict[str, Any]]:
    reports = history.cramp_reports(athlete, cramps)
    zone = ZoneInfo(athlete.time_zone)
    return [
        {
            "cramp": cramp,
            "local": cramp.at.astimezone(zone),
            "report": reports[cramp.pk],
            "factors": [
                {"code": str(f.code), "label": label(str(f.code)), "message": f.message}
                for f in reports[cramp.pk].factors
            ],
        }
        for cramp in cramps
    ]


def _recent_cramps(athlete: AthleteProfile, limit: int = CRAMPS_SHOWN) -> list[CrampEpisode]:
    since = timezone.now() - dt.timedelta(days=CRAMP_DAYS)
    return list(CrampEpisode.objects.filter(athlete=athlete, at__gte=since).order_by("-at")[:limit])


@login_required
@require_GET
def athlete_overview(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """One athlete for their coach: this week, load, water and minerals, cramps with factors, alerts."""
    athlete = athlete_or_404(request, athlete_id)
    require_coach(request.user)
    today = local_today(athlete)
    week_start = _week_param(request, _week_of(today))
    plan = selectors.plans_of(athlete, request.user, week_start).first()
    alerts = list(CoachAlert.objects.filter(coach=request.user, athlete=athlete)[:10])
    context = {
        "athlete": athlete,
        "today": today,
        "age": athlete.age_on(today),
        "week_start": week_start,
        "previous_week": week_start - dt.timedelta(days=7),
        "next_week": week_start + dt.timedelta(days=7),
        "plan": present_plan(plan_json(plan)) if plan else None,
        "generate_form": GenerateForm(initial={"week_start": week_start.isoformat()}, today=today),
        "charts": _charts_for(athlete, today),
        "cramps": _cramp_timeline(athlete, _recent_cramps(athlete, 10)),
        "alerts": alerts,
        **block_pages.overview_context(athlete, today),
    }
    return render(request, "plans/athlete_overview.html", context)


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


@login_required
@require_POST
def alert_read(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = CoachAlert.objects.filter(coach=request.user, pk=alert_id).first()
    if alert is None:
        raise Http404("No such alert.")
    recovery_services.mark_alert_read(alert)
    back = request.POST.get("next", "")
    # Only back to a page of ours: a forged form must not send the coach to another site.
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(back if back and safe else reverse("page-roster"))


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
    week_start = _week_param(request, _week_of(today))
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


class WorkoutForm(forms.Form):
    session = forms.TypedChoiceField(label="Planned session", coerce=int, empty_value=None, required=False, choices=())
    date = forms.DateField(widget=date_input())
    modality = forms.ChoiceField(
        label="Sport", required=False, choices=[("", "Same as the session"), *SESSION_MODALITY_CHOICES]
    )
    minutes = forms.IntegerField(min_value=1, max_value=1440, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    rpe = forms.TypedChoiceField(
        label="How hard was it? (RPE, 0-10)",
        coerce=int,
        choices=[(value, f"{value} – {word}") for value, word in RPE_WORDS.items()],
        widget=forms.RadioSelect,
        help_text="The whole session, about 30 minutes after it.",
    )
    completed = forms.BooleanField(label="Completed as planned", required=False, initial=True)
    warmup_done = forms.BooleanField(label="Warm-up done", required=False)
    stretching_done = forms.BooleanField(label="Stretching done", required=False)
    notes = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, sessions: list[PlanSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "None (unplanned)")] + [
            (s.pk, f"{s.date:%a %d %b}: {s.title} ({s.planned_minutes} min)") for s in sessions
        ]


@login_required
@require_http_methods(["GET", "POST"])
def log_workout(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Minutes, RPE with words, warm-up and stretching done (plans.log_services.log_workout, as the API)."""
    athlete = athlete_or_404(request, athlete_id)
    today = local_today(athlete)
    sessions = list(selectors.published_sessions(athlete, today - dt.timedelta(days=7)).filter(date__lte=today))
    chosen = request.GET.get("session")
    initial: dict[str, Any] = {"date": today, "session": chosen}
    planned = next((s for s in sessions if str(s.pk) == chosen), None)
    if planned is not None:
        initial.update(date=planned.date, minutes=planned.planned_minutes)
    form = WorkoutForm(request.POST or None, initial=initial, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        context = {"athlete": athlete, "request": request}
        valid = validate_with(form, WorkoutLogSerializer, form.cleaned_data, context)
        if valid is not None:
            workout = log_services.log_workout(athlete=athlete, data=valid, by=request.user)
            messages.success(
                request, f"Workout logged: {workout.minutes} min at RPE {workout.rpe} (load {workout.load} AU)."
            )
            return redirect("page-today", athlete.pk)
    return _workout_page(request, athlete, form=form, status=status_for(form))


# --- workouts from files (issue 17): upload, outcomes, the RPE each still needs ----------------------------

# What the file picker offers; the type is told from the content, so this only narrows the choice.
WORKOUT_FILE_ACCEPT = ".fit,.tcx,.gpx,.zip,.gz"
# How often the page asks for the state of files a worker reads.
UPLOAD_POLL_SECONDS = 3


class _MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class WorkoutFilesField(forms.Field):
    """Several files under one name; an empty or unreadable one is refused by the import with its own sentence,
    so none of them makes the whole form invalid."""

    widget = _MultipleFileInput

    def to_python(self, data: Any) -> list[Any]:
        if not data:
            return []
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


class WorkoutFilesForm(forms.Form):
    files = WorkoutFilesField(
        label="Workout files",
        error_messages={"required": "Choose one or more FIT, TCX or GPX files, or an export zip."},
        help_text=(
            "FIT, TCX or GPX files from a watch or app, several at once, or a Garmin or Strava export zip. At most "
            f"{upload_services.mb(MAX_FILE_BYTES)} a file, {upload_services.mb(upload_services.MAX_ZIP_BYTES)} a "
            f"zip and {upload_services.mb(upload_services.MAX_SEND_BYTES)} at once; files over "
            f"{upload_services.mb(upload_services.INLINE_MAX_BYTES)} are read in the background."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs.update(accept=WORKOUT_FILE_ACCEPT)


class RpeForm(forms.Form):
    rpe = forms.TypedChoiceField(
        label="How hard was it? (RPE, 0-10)",
        coerce=int,
        choices=[("", "Choose"), *((value, f"{value} – {word}") for value, word in RPE_WORDS.items())],
        error_messages={"required": "Choose how hard it was, 0 (rest) to 10 (maximal)."},
    )


def _day_words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _workout_words(workout: WorkoutLog) -> str:
    what = workout.get_modality_display().lower() if workout.modality else "workout"
    return f"{workout.minutes} min {what}"


def _upload_line(row: WorkoutUpload, athlete: AthleteProfile) -> dict[str, Any]:
    """One file's outcome in words, with a link to the day of its workout."""
    workout = row.workout
    line: dict[str, Any] = {"row": row, "name": row.name, "done": row.state == UploadState.DONE, "link": ""}
    if workout is not None:
        line["link"] = reverse("page-today", args=[athlete.pk]) + f"?date={workout.date.isoformat()}#workouts"
        line["workout"] = workout
    if row.state == UploadState.QUEUED:
        line["words"] = "Waiting for a worker to read it."
    elif row.state == UploadState.READING:
        line["words"] = (
            f"Being read: {row.entries_done} of {row.entries_total} workout files done."
            if row.entries_total
            else "Being read."
        )
    elif row.outcome == UploadOutcome.REFUSED:
        line["words"] = f"Refused: {row.message}"
    elif row.outcome == UploadOutcome.DUPLICATE:
        line["words"] = (
            f"Already imported: the {_workout_words(workout)} of {_day_words(workout.date)}."
            if workout
            else "Already imported (that workout was removed since)."
        )
    elif row.outcome == UploadOutcome.IMPORTED and workout is None:
        line["words"] = "Imported; the workout was removed since."
    elif row.outcome == UploadOutcome.IMPORTED and workout.session is not None:
        line["words"] = f'Imported and matched to "{workout.session.title}" on {_day_words(workout.date)}.'
    elif row.outcome == UploadOutcome.IMPORTED:
        line["words"] = f"Imported as an unplanned {_workout_words(workout)} on {_day_words(workout.date)}."
    else:  # a zip, read
        skipped = f"; {row.entries_skipped} other files in it were skipped" if row.entries_skipped else ""
        line["words"] = f"{row.entries_done} workout file{'s' if row.entries_done != 1 else ''} read{skipped}."
        if row.message:
            line["words"] += f" {row.message}"
    # A zip's files, as they are read (the entries are prefetched; they have none of their own).
    entries = list(row.entries.all()) if row.parent_id is None and row.entries_total else []
    line["entries"] = [_upload_line(entry, athlete) for entry in entries]
    return line


def _uploads_context(athlete: AthleteProfile, batch: uuid.UUID) -> dict[str, Any]:
    lines = [_upload_line(row, athlete) for row in file_selectors.batch_uploads(athlete, batch)]
    return {
        "athlete": athlete,
        "batch": batch,
        "uploads": lines,
        "uploads_pending": any(not line["done"] for line in lines),
        "poll_seconds": UPLOAD_POLL_SECONDS,
    }


def _workout_page(
    request: HttpRequest,
    athlete: AthleteProfile,
    *,
    form: WorkoutForm | None = None,
    files_form: WorkoutFilesForm | None = None,
    bound_rpe: dict[int, RpeForm] | None = None,
    upload_error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The workout page: upload files, what became of the last upload, the RPE each file's workout still needs,
    and the form to type a workout in."""
    if form is None:
        today = local_today(athlete)
        sessions = list(selectors.published_sessions(athlete, today - dt.timedelta(days=7)).filter(date__lte=today))
        form = WorkoutForm(initial={"date": today}, sessions=sessions)
    bound_rpe = bound_rpe or {}
    waiting = [
        {"workout": w, "form": bound_rpe.get(w.pk) or RpeForm(prefix=f"rpe-{w.pk}")}
        for w in file_selectors.waiting_for_rpe(athlete)
    ]
    context: dict[str, Any] = {
        "athlete": athlete,
        "form": form,
        "files_form": files_form or WorkoutFilesForm(),
        "upload_error": upload_error,  # refused before the form was read
        "waiting": waiting,
        "uploads": [],
    }
    try:
        batch = uuid.UUID(request.GET.get("upload", ""))
    except ValueError:
        batch = None
    if batch is not None:
        context.update(_uploads_context(athlete, batch))
    return render(request, "plans/workout.html", context, status=status)


@login_required
@require_POST
@csrf_exempt  # checked inside, once the size is known: the CSRF check reads the whole body
def upload_workouts(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Workout files and export zips (plans.upload_services, the API's import for each file), then the workout
    page with each file's outcome. A body past the limit is refused before it is read."""
    athlete = athlete_or_404(request, athlete_id)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > upload_services.MAX_SEND_BYTES:
        limit = upload_services.mb(upload_services.MAX_SEND_BYTES)
        error = f"The files add up to more than {limit}; send fewer at once."
        return _workout_page(request, athlete, upload_error=error, status=400)
    try:
        return csrf_protect(_receive_files)(request, athlete)
    except TooManyFilesSent:
        count = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        error = f"Send at most {count} files at once, or put them in a zip."
        return _workout_page(request, athlete, upload_error=error, status=400)


def _receive_files(request: HttpRequest, athlete: AthleteProfile) -> HttpResponse:
    form = WorkoutFilesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _workout_page(request, athlete, files_form=form, status=400)
    batch = upload_services.receive(athlete=athlete, files=form.cleaned_data["files"], by=request.user)
    return redirect(reverse("page-workout", args=[athlete.pk]) + f"?upload={batch}#upload")


@login_required
@require_GET
def upload_status(request: HttpRequest, athlete_id: int, batch: uuid.UUID) -> HttpResponse:
    """The outcomes of one upload, for htmx to poll while a worker reads its large files."""
    athlete = athlete_or_404(request, athlete_id)
    return render(request, "plans/_upload_status.html", _uploads_context(athlete, batch))


@login_required
@require_POST
def give_rpe(request: HttpRequest, athlete_id: int, log_id: int) -> HttpResponse:
    """The RPE of a workout read from a file (plans.log_services.update_workout, checked as the API's PATCH):
    its session-RPE load follows."""
    athlete = athlete_or_404(request, athlete_id)
    workout = get_object_or_404(WorkoutLog, pk=log_id, athlete=athlete)
    form = RpeForm(request.POST, prefix=f"rpe-{workout.pk}")
    if form.is_valid():
        serializer = functools.partial(WorkoutLogSerializer, workout, partial=True)
        valid = validate_with(form, serializer, form.cleaned_data, {"athlete": athlete, "request": request})
        if valid is not None:
            row = log_services.update_workout(workout=workout, data=valid)
            messages.success(
                request,
                f"RPE {row.rpe} given: the {_workout_words(row)} of {_day_words(row.date)} has a session-RPE load "
                f"of {row.load} AU.",
            )
            return redirect(reverse("page-workout", args=[athlete.pk]) + "#rpe")
    return _workout_page(request, athlete, bound_rpe={workout.pk: form}, status=400)


def _hooper(label_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label_text,
        coerce=int,
        choices=[(value, f"{value} – {word}") for value, word in HOOPER_WORDS.items()],
        widget=forms.RadioSelect,
    )


class CheckInForm(forms.Form):
    date = forms.DateField(widget=date_input())
    sleep = _hooper("Sleep quality")
    fatigue = _hooper("Fatigue")
    stress = _hooper("Stress")
    soreness = _hooper("Muscle soreness")
    resting_hr_bpm = forms.IntegerField(label="Resting heart rate (bpm)", min_value=25, max_value=220, required=False)
    hrv_rmssd_ms = forms.FloatField(label="HRV, rMSSD (ms)", min_value=1, max_value=500, required=False)
    sleep_hours = forms.FloatField(label="Hours slept", min_value=0, max_value=24, required=False)
    morning_mass = forms.FloatField(label="Morning body mass", min_value=1, max_value=1000, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The daily check-in; a second one the same day replaces the first (plans.log_services.record_checkin)."""
    athlete = athlete_or_404(request, athlete_id)
    today = local_today(athlete)
    imperial = athlete.units == people.Units.IMPERIAL
    existing = WellnessCheckIn.objects.filter(athlete=athlete, date=today).first()
    initial: dict[str, Any] = {"date": today}
    if existing is not None:
        initial.update(
            {
                f: getattr(existing, f)
                for f in ("sleep", "fatigue", "stress", "soreness", "resting_hr_bpm", "hrv_rmssd_ms", "sleep_hours")
            }
        )
        if existing.morning_mass_kg is not None:
            mass = float(existing.morning_mass_kg)
            initial["morning_mass"] = round(people.kg_to_lb(mass), 1) if imperial else mass
    form = CheckInForm(request.POST or None, initial=initial)
    form.fields["morning_mass"].label += " (lb)" if imperial else " (kg)"
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        mass_field = "morning_mass_lb" if imperial else "morning_mass_kg"
        if "morning_mass" in data:
            data[mass_field] = data.pop("morning_mass")
        aliases = {mass_field: "morning_mass", "morning_mass_kg": "morning_mass"}
        valid = validate_with(form, CheckInSerializer, data, {"athlete": athlete}, aliases)
        if valid is not None:
            _, created = log_services.record_checkin(athlete=athlete, data=valid)
            messages.success(request, "Check-in saved." if created else "Check-in updated.")
            return redirect("page-today", athlete.pk)
    context = {"athlete": athlete, "form": form, "existing": existing}
    return render(request, "plans/checkin.html", context, status=status_for(form))


@login_required
@require_POST
def remove_checkin(request: HttpRequest, athlete_id: int, checkin_id: int) -> HttpResponse:
    """Remove a check-in (plans.log_services.delete_checkin): only the athlete's own, else 404."""
    athlete = athlete_or_404(request, athlete_id)
    row = get_object_or_404(WellnessCheckIn, pk=checkin_id, athlete=athlete)
    log_services.delete_checkin(checkin=row)
    messages.success(request, f"Removed the check-in of {row.date:%A} {row.date.day} {row.date:%B}.")
    return redirect("page-checkin", athlete.pk)


class CrampForm(forms.Form):
    at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    location = forms.ChoiceField(label="Where", choices=CrampLocation.choices)
    side = forms.ChoiceField(choices=CrampSide.choices, widget=forms.RadioSelect)
    severity = forms.TypedChoiceField(
        label="How bad (1-10)", coerce=int, choices=[(i, str(i)) for i in range(1, 11)], initial=5
    )
    duration_minutes = forms.FloatField(label="How long (minutes)", min_value=0, max_value=600)
    context = forms.ChoiceField(label="It came on", choices=CrampContext.choices)
    notes = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


@login_required
@require_http_methods(["GET", "POST"])
def log_cramp(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Log a cramp (plans.log_services.log_cramp), then see the factors that preceded it."""
    athlete = athlete_or_404(request, athlete_id)
    zone = ZoneInfo(athlete.time_zone)
    now = timezone.now().astimezone(zone).replace(second=0, microsecond=0, tzinfo=None)
    form = CrampForm(request.POST or None, initial={"at": now, "location": CrampLocation.BEHIND_KNEE})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # The time is the athlete's local wall-clock time; the API takes an instant.
        data["at"] = timezone.make_naive(data["at"]).replace(tzinfo=zone).isoformat()
        valid = validate_with(form, CrampSerializer, data, {"athlete": athlete})
        if valid is not None:
            cramp = log_services.log_cramp(athlete=athlete, data=valid)
            messages.success(request, "Cramp logged. Below: what preceded it.")
            return redirect(reverse("page-cramps", args=[athlete.pk]) + f"#cramp-{cramp.pk}")
    context = {"athlete": athlete, "form": form}
    return render(request, "plans/cramp.html", context, status=status_for(form))


@login_required
@require_http_methods(["GET", "POST"])
def change_cramp(request: HttpRequest, athlete_id: int, cramp_id: int) -> HttpResponse:
    """Correct a logged cramp (plans.log_services.update_cramp), checked as the API checks a PATCH; its factors
    are read again from the corrected time."""
    athlete = athlete_or_404(request, athlete_id)
    cramp = get_object_or_404(CrampEpisode, pk=cramp_id, athlete=athlete)
    zone = ZoneInfo(athlete.time_zone)
    fields = ("location", "side", "severity", "duration_minutes", "context", "notes")
    initial = {"at": cramp.at.astimezone(zone).replace(tzinfo=None), **{name: getattr(cramp, name) for name in fields}}
    form = CrampForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if "at" in data:
            data["at"] = timezone.make_naive(data["at"]).replace(tzinfo=zone).isoformat()
        valid = validate_with(form, functools.partial(CrampSerializer, cramp, partial=True), data, {"athlete": athlete})
        if valid is not None:
            if valid:
                log_services.update_cramp(cramp=cramp, data=valid)
                messages.success(request, "Cramp changed. Below: what preceded it.")
            else:
                messages.info(request, "Nothing changed.")
            return redirect(reverse("page-cramps", args=[athlete.pk]) + f"#cramp-{cramp.pk}")
    context = {"athlete": athlete, "form": form, "cramp": cramp}
    return render(request, "plans/cramp.html", context, status=status_for(form))


@login_required
@require_GET
def cramps(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The last 90 days of cramps, each with the factors that preceded it (the API's cramp factors)."""
    athlete = athlete_or_404(request, athlete_id)
    timeline = _cramp_timeline(athlete, _recent_cramps(athlete))
    return render(request, "plans/cramps.html", {"athlete": athlete, "timeline": timeline})


@login_required
@require_POST
def remove_cramp(request: HttpRequest, athlete_id: int, cramp_id: int) -> HttpResponse:
    """Remove a cramp (plans.log_services.delete_cramp): only the athlete's own, else 404."""
    athlete = athlete_or_404(request, athlete_id)
    cramp = get_object_or_404(CrampEpisode, pk=cramp_id, athlete=athlete)
    log_services.delete_cramp(cramp=cramp)
    local = cramp.at.astimezone(ZoneInfo(athlete.time_zone))
    where = f"{cramp.get_location_display().lower()} ({cramp.get_side_display().lower()})"
    messages.success(request, f"Removed the cramp of {local:%a} {local.day} {local:%b}, {local:%H:%M}: {where}.")
    return redirect("page-cramps", athlete.pk)


@login_required
@require_GET
def trends(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Load, water, minerals and wellness over the last weeks, as SVG charts with their numbers."""
    athlete = athlete_or_404(request, athlete_id)
    today = local_today(athlete)
    chart_set = _charts_for(athlete, today)
    first = today - dt.timedelta(days=LOAD_DAYS - 1)
    hooper = {c.date: c.hooper_index for c in WellnessCheckIn.objects.filter(athlete=athlete, date__gte=first)}
    days = [first + dt.timedelta(days=i) for i in range(LOAD_DAYS)]
    chart_set["wellness"] = charts.wellness_chart(
        [(d, hooper.get(d)) for d in days], f"Wellness (Hooper index), last {LOAD_DAYS} days"
    )
    # Heart-rate load (docs/domain.md §12), only when a watch file gave one in the window, beside session-RPE load.
    heart = file_selectors.heart_rate_days(athlete, first, today)
    if heart:
        session_load = {r["date"]: r["session_load"] for r in history.load_rows(athlete, first, today)}
        chart_set["heart_rate"] = charts.heart_rate_chart(
            [
                charts.HeartRateLoadDay(
                    d.day, d.banister_trimp, d.edwards_trimp, session_load.get(d.day.isoformat()), d.waiting_for_rpe
                )
                for d in heart
            ],
            days,
            f"{charts.HEART_RATE_LABEL}, last {LOAD_DAYS} days",
        )
    return render(request, "plans/trends.html", {"athlete": athlete, "charts": chart_set, "today": today})
