"""Pages that gather every app: the home page, the coach's roster and invitations, reminder settings, the calendar
link."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from people import calendar_links, services
from people import rules as people
from people.api import AthleteSerializer
from people.models import AthleteProfile, User
from people.pages import (
    WEEKDAYS,
    athlete_or_404,
    date_input,
    is_coach,
    own_athlete,
    require_coach,
    service_error,
    status_for,
    validate_with,
    zone_choices,
)
from recovery import roster
from recovery import selectors as recovery_selectors
from reminders import selectors as reminder_selectors
from reminders import services as reminder_services
from reminders.timing import MAX_HYDRATION_INTERVAL_HOURS, MIN_HYDRATION_INTERVAL_HOURS, Kind


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


@login_required
def roster_page(request: HttpRequest) -> HttpResponse:
    """Every athlete with today's recovery colour and top reason, hydration, compliance and last cramp."""
    require_coach(request.user)
    rows = roster.roster(request.user, timezone.now())
    for row in rows:
        row["last_cramp"] = dt.datetime.fromisoformat(row["last_cramp_at"]) if row["last_cramp_at"] else None
        row["next_match_date"] = dt.date.fromisoformat(row["next_match"]) if row["next_match"] else None
    # Only about athletes still on the roster: one taken off it leaves no link to a page that is now a 404.
    alerts = list(recovery_selectors.coach_alerts(request.user, unread=True)[:20])
    return render(request, "trainer/pages/roster.html", {"rows": rows, "alerts": alerts})


class InviteForm(forms.Form):
    email = forms.EmailField(max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    name = forms.CharField(max_length=150)
    birth_date = forms.DateField(widget=date_input(), help_text="Athletes are 14 or older.")
    sex = forms.ChoiceField(choices=people.Sex.choices())
    units = forms.ChoiceField(choices=people.Units.choices(), initial=people.Units.METRIC)
    mass = forms.FloatField(label="Body mass", min_value=1, max_value=1000, help_text="kg, or lb with imperial units.")
    time_zone = forms.ChoiceField(choices=zone_choices, initial="UTC", help_text="Where the athlete lives.")
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
    """Add an athlete to the roster and email them an invitation (people.services.add_athlete, as the API)."""
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
            except ServiceError as exc:
                service_error(form, exc)
            else:
                messages.success(
                    request, f"{athlete} is on your roster; an invitation is on its way to {athlete.user.email}."
                )
                return redirect("page-coach-athlete", athlete.pk)
    return render(request, "trainer/pages/invite.html", {"form": form}, status=status_for(form))


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
    time_zone = forms.ChoiceField(choices=zone_choices)

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
        except ServiceError as exc:
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
