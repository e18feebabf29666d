"""Web pages about people: home, sign-in and password reset, the coach's roster and invitations, reminder
settings and the calendar link. Thin: parse a form, check permission, call the service or selector the API
calls, render. The helpers at the top are shared by the plan and intake pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from rest_framework import serializers

from plans import calendar_links, roster
from plans import selectors as plan_selectors
from reminders import selectors as reminder_selectors
from reminders import services as reminder_services
from reminders.timing import MAX_HYDRATION_INTERVAL_HOURS, MIN_HYDRATION_INTERVAL_HOURS, Kind
from trainer import people, services, sign_in_limits
from trainer.api import AthleteSerializer, sign_in_wait
from trainer.models import AthleteProfile, User
from trainer.selectors import get_visible_athlete, visible_athletes

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


# --- shared by every page module ---------------------------------------------------------------------------


def is_coach(user: User) -> bool:
    return bool(user.is_authenticated and (user.is_coach or user.is_staff))


def require_coach(user: User) -> None:
    """Coach pages: coaches and staff only (an athlete gets 403, never another athlete's data)."""
    if not is_coach(user):
        raise PermissionDenied("This page is for coaches.")


def athlete_or_404(request: HttpRequest, athlete_id: int) -> AthleteProfile:
    """The athlete if the signed-in user may see them (themself, their coach, staff), else 404."""
    return get_visible_athlete(request.user, athlete_id)


def own_athlete(user: User) -> AthleteProfile | None:
    return reminder_selectors.athlete_of(user) if user.is_authenticated else None


def add_errors(form: forms.Form, errors: Mapping[str, Any], aliases: Mapping[str, str] | None = None) -> None:
    """Put API-style errors ({field: [message]}) next to the form's fields; unknown fields go on top."""
    for name, detail in errors.items():
        field = (aliases or {}).get(name, name)
        target = field if field in form.fields else None
        for message in _messages(detail):
            form.add_error(target, message)


def _messages(detail: Any) -> Iterable[str]:
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            for message in _messages(value):
                yield message if key == "non_field_errors" else f"{key}: {message}"
    elif isinstance(detail, list | tuple):
        for item in detail:
            yield from _messages(item)
    elif detail:
        yield str(detail)


def validate_with(
    form: forms.Form,
    serializer_class: type[serializers.Serializer],
    data: Mapping[str, Any],
    context: Mapping[str, Any] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> dict[str, Any] | None:
    """Validate with the API's own serializer, so a page accepts exactly what the API accepts."""
    serializer = serializer_class(data=dict(data), context=dict(context or {}))
    if serializer.is_valid():
        return dict(serializer.validated_data)
    add_errors(form, serializer.errors, aliases)
    return None


def service_error(form: forms.Form, exc: services.ServiceError, aliases: Mapping[str, str] | None = None) -> None:
    add_errors(form, {exc.field: [exc.message]}, aliases)


def status_for(form: forms.Form) -> int:
    return 400 if form.is_bound and form.errors else 200


def mondays(today: dt.date, count: int = 6) -> list[dt.date]:
    """This week's Monday and the ones after it."""
    monday = today - dt.timedelta(days=today.weekday())
    return [monday + dt.timedelta(days=7 * i) for i in range(count)]


def date_input(**attrs: str) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", **attrs}, format="%Y-%m-%d")


# --- home and signing in -----------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    """Coaches start on their roster, athletes on their day; everyone else sees what this is and signs in."""
    if is_coach(request.user):
        return redirect("page-roster")
    athlete = own_athlete(request.user)
    if athlete is not None:
        return redirect("page-today", athlete.pk)
    return render(request, "trainer/pages/home.html")


@login_required
def my_page(request: HttpRequest, page: str) -> HttpResponse:
    """Short addresses for an athlete's own pages: /me/today/ goes to /athletes/<their id>/today/."""
    names = {
        "today": "page-today",
        "week": "page-week",
        "trends": "page-trends",
        "meal": "page-meal",
        "workout": "page-workout",
        "checkin": "page-checkin",
        "cramp": "page-cramp",
        "cramps": "page-cramps",
        "reminders": "page-athlete-reminders",
        "calendar": "page-calendar",
        "profile": "page-athlete-profile",
    }
    athlete = own_athlete(request.user)
    if athlete is None or page not in names:
        return redirect("pages-home")
    query = request.GET.urlencode()  # /me/week/?week=2026-12-14 keeps its week
    return redirect(reverse(names[page], args=[athlete.pk]) + (f"?{query}" if query else ""))


class SignInForm(AuthenticationForm):
    """Django's sign-in form, asking for the email our users sign in with."""

    # Set by SignInView when the attempt is over the limits: the sentence shown, and the password not checked.
    throttled = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True, "autocapitalize": "none"}
        )

    def clean(self) -> dict[str, Any]:
        if self.throttled:
            raise forms.ValidationError(self.throttled, code="throttled")
        return super().clean()


class SignInView(auth_views.LoginView):
    """Signing in, limited like the API's token endpoint and on the same counters (per address, per account and
    address, per account with growing delays: trainer.sign_in_limits): over a limit, a 429 page that says how
    long to wait, with Retry-After. A signed-in person is sent on without being counted."""

    template_name = "trainer/pages/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = sign_in_wait(request, email_field="username")
        if refused is None:
            return super().post(request, *args, **kwargs)
        seconds, sentence = refused
        form = self.get_form()
        form.throttled = sentence
        form.is_valid()  # puts the sentence above the form
        response = self.render_to_response(self.get_context_data(form=form))
        response.status_code = 429
        response["Retry-After"] = str(seconds)
        return response

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        sign_in_limits.record(self.request, form.cleaned_data["username"], succeeded=True)
        return super().form_valid(form)

    def form_invalid(self, form: forms.Form) -> HttpResponse:
        if form.has_error(NON_FIELD_ERRORS, "invalid_login"):  # a password was checked, and was wrong
            sign_in_limits.record(self.request, form.cleaned_data["username"], succeeded=False)
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class OutboxPasswordResetForm(PasswordResetForm):
    """Renders the reset email here and hands it to Celery after commit, like invitations: the page answers at
    once, and an SMTP hiccup is retried by the worker instead of failing the request."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from trainer.queue import enqueue_on_commit
        from trainer.tasks import send_email

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        html = render_to_string(html_email_template_name, context) if html_email_template_name else None
        enqueue_on_commit(send_email, subject, body, [to_email], html, inline_if_broker_down=True)


class PasswordResetView(auth_views.PasswordResetView):
    """Emails a one-day link through the Celery outbox, like invitations (files by default, SMTP in production)."""

    form_class = OutboxPasswordResetForm
    template_name = "trainer/pages/password_reset_form.html"
    email_template_name = "trainer/pages/email/password_reset.txt"
    html_email_template_name = "trainer/pages/email/password_reset.html"
    subject_template_name = "trainer/pages/email/password_reset_subject.txt"

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]
        # Links use the configured public address, as invitations do, never the request's Host header.
        return {"site_url": settings.SITE_URL, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "trainer/pages/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "trainer/pages/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "trainer/pages/password_reset_complete.html"


# --- the coach's roster ------------------------------------------------------------------------------------


@login_required
def roster_page(request: HttpRequest) -> HttpResponse:
    """Every athlete with today's recovery colour and top reason, hydration, compliance and last cramp."""
    require_coach(request.user)
    rows = roster.roster(request.user, timezone.now())
    for row in rows:
        row["last_cramp"] = dt.datetime.fromisoformat(row["last_cramp_at"]) if row["last_cramp_at"] else None
        row["next_match_date"] = dt.date.fromisoformat(row["next_match"]) if row["next_match"] else None
    # Only about athletes still on the roster: one taken off it leaves no link to a page that is now a 404.
    alerts = list(plan_selectors.coach_alerts(request.user, unread=True)[:20])
    return render(request, "trainer/pages/roster.html", {"rows": rows, "alerts": alerts})


# --- inviting athletes ------------------------------------------------------------------------------------


def _zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(available_timezones()) if "/" in zone or zone == "UTC"]


class InviteForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    name = forms.CharField(max_length=150)
    birth_date = forms.DateField(widget=date_input(), help_text="Athletes are 14 or older.")
    sex = forms.ChoiceField(choices=people.Sex.choices())
    units = forms.ChoiceField(choices=people.Units.choices(), initial=people.Units.METRIC)
    mass = forms.FloatField(label="Body mass", min_value=1, max_value=1000, help_text="kg, or lb with imperial units.")
    time_zone = forms.ChoiceField(choices=_zone_choices, initial="UTC", help_text="Where the athlete lives.")
    sport = forms.ChoiceField(choices=people.sport_choices())
    level = forms.ChoiceField(choices=people.Level.choices())
    available_weekdays = forms.TypedMultipleChoiceField(
        label="Days the athlete can train",
        choices=WEEKDAYS,
        coerce=int,
        initial=[d for d, _ in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_long_day = forms.TypedChoiceField(
        label="Long session on",
        choices=[("", "No preference"), *WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    weekly_minutes_target = forms.IntegerField(
        label="Training minutes a week", min_value=30, max_value=people.MAX_WEEKLY_MINUTES, initial=240
    )
    hamstring_imbalance = forms.BooleanField(
        required=False, help_text="A left-right difference over 10-15 % in single-leg tests, or your judgement."
    )
    medical_flags = forms.MultipleChoiceField(
        choices=people.MedicalFlag.choices(), required=False, widget=forms.CheckboxSelectMultiple
    )
    medications = forms.CharField(required=False, max_length=1000, help_text="Separate them with commas.")


@login_required
@require_http_methods(["GET", "POST"])
def invite_page(request: HttpRequest) -> HttpResponse:
    """Add an athlete to the roster and email them an invitation (trainer.services.add_athlete, as the API)."""
    require_coach(request.user)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        mass = data.pop("mass")
        data["mass_lb" if data["units"] == people.Units.IMPERIAL else "mass_kg"] = mass
        data["medications"] = [m.strip() for m in data["medications"].split(",") if m.strip()]
        valid = validate_with(form, AthleteSerializer, data, aliases={"mass_kg": "mass", "mass_lb": "mass"})
        if valid is not None:
            user = valid.pop("user")
            try:
                athlete = services.add_athlete(
                    coach=request.user, email=user["email"], name=user["name"], profile=valid
                )
            except services.ServiceError as exc:
                service_error(form, exc)
            else:
                messages.success(
                    request, f"{athlete} is on your roster; an invitation is on its way to {athlete.user.email}."
                )
                return redirect("page-coach-athlete", athlete.pk)
    return render(request, "trainer/pages/invite.html", {"form": form}, status=status_for(form))


# --- reminder settings and the calendar link --------------------------------------------------------------

KIND_LABELS = {
    Kind.HYDRATION: ("Water reminders", "When you are behind on water during waking hours."),
    Kind.PRE_SESSION: ("Before a session", "What to drink and eat before it."),
    Kind.POST_SESSION: ("After a session", "A nudge to log it, with rehydration advice."),
    Kind.REST_DAY: ("Rest days", "A short note on what a rest day is for."),
    Kind.CHECKIN: ("Evening check-in", "When today's check-in is still missing."),
    Kind.RECOVERY_ALERT: ("Recovery alerts", "When a recovery check turns red."),
    Kind.COACH_DIGEST: ("Daily digest", "Each morning: athletes who need a look."),
}


class ReminderForm(forms.Form):
    waking_start = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    waking_end = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    quiet_weekdays = forms.TypedMultipleChoiceField(
        label="No reminders on",
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hydration_interval_hours = forms.IntegerField(
        label="Hours between water reminders",
        min_value=MIN_HYDRATION_INTERVAL_HOURS,
        max_value=MAX_HYDRATION_INTERVAL_HOURS,
    )
    email = forms.EmailField(required=False, help_text="Leave empty to use your account's email.")
    time_zone = forms.ChoiceField(choices=_zone_choices)

    def __init__(self, *args: Any, kinds: tuple[Kind, ...], athlete: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kinds = kinds
        for kind in reversed(kinds):
            label, help_text = KIND_LABELS[kind]
            field = forms.BooleanField(label=label, help_text=help_text, required=False)
            self.fields = {f"kind_{kind.value}": field, **self.fields}
        if athlete:  # an athlete's reminders follow the profile's time zone
            del self.fields["time_zone"]
        else:
            del self.fields["hydration_interval_hours"]

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        changes = {"kinds": {kind.value: data.pop(f"kind_{kind.value}") for kind in self.kinds}}
        changes.update(data)
        return changes


def _reminder_initial(user: User) -> dict[str, Any]:
    preference = reminder_selectors.preference_of(user)
    initial = {f"kind_{kind.value}": preference.is_on(kind) for kind in reminder_selectors.kinds_for(user)}
    initial.update(
        waking_start=preference.waking_start,
        waking_end=preference.waking_end,
        quiet_weekdays=preference.quiet_weekdays or [],
        hydration_interval_hours=preference.hydration_interval_hours,
        email=preference.email,
        time_zone=preference.time_zone,
    )
    return initial


def _reminders(request: HttpRequest, user: User, athlete: AthleteProfile | None) -> HttpResponse:
    kinds = reminder_selectors.kinds_for(user)
    form = ReminderForm(request.POST or None, initial=_reminder_initial(user), kinds=kinds, athlete=athlete is not None)
    if request.method == "POST" and form.is_valid():
        try:
            reminder_services.update_preferences(user, form.changes())
        except services.ServiceError as exc:
            service_error(form, exc, aliases={"kinds": "__all__"})
        else:
            messages.success(request, "Reminder settings saved.")
            return redirect(request.path)
    upcoming = reminder_selectors.next_reminders(user, dt.datetime.now(dt.UTC))  # on the person's own clock
    context = {
        "form": form,
        "athlete": athlete,
        "subject": user,
        "next_reminders": [{"label": KIND_LABELS[n.kind][0], "words": n.words} for n in upcoming],
    }
    return render(request, "trainer/pages/reminders.html", context, status=status_for(form))


@login_required
@require_http_methods(["GET", "POST"])
def my_reminders(request: HttpRequest) -> HttpResponse:
    """The signed-in person's reminders (a coach's digest and alerts; an athlete's go to their own page)."""
    athlete = own_athlete(request.user)
    if athlete is not None:
        return redirect("page-athlete-reminders", athlete.pk)
    return _reminders(request, request.user, None)


@login_required
@require_http_methods(["GET", "POST"])
def athlete_reminders(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """An athlete's reminders: the athlete, their coaches and staff may change them (as in the API)."""
    athlete = athlete_or_404(request, athlete_id)
    return _reminders(request, athlete.user, athlete)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The secret calendar feed address to copy into a calendar app, and a button that replaces it."""
    athlete = athlete_or_404(request, athlete_id)
    if request.method == "POST":
        services.rotate_calendar_token(athlete)
        messages.success(request, "A new calendar link is ready; the old one no longer works.")
        return redirect("page-calendar", athlete.pk)
    url = calendar_links.feed_url(athlete)
    webcal = "webcal://" + url.split("://", 1)[-1]
    return render(request, "trainer/pages/calendar.html", {"athlete": athlete, "url": url, "webcal": webcal})


def athletes_for_choices(user: User) -> list[tuple[int, str]]:
    return [(a.pk, str(a)) for a in visible_athletes(user).order_by("user__name", "id")]
