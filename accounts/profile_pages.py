"""Profile pages: an athlete's own settings, a coach's view of their athlete's training fields, and the signed-in
person's account page. Thin: the API's AthleteSerializer checks every value (a page accepts exactly what
`PATCH /api/v1/athletes/{id}/` accepts), people.services.edit_profile writes it (so `profile_changed` fires and
planned weeks follow), and waking hours go through the reminder service as on the reminders page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from core.text import validate_one_line
from people import rules as people
from people import services
from people.api import AthleteSerializer
from people.models import AthleteProfile, User
from people.pages import WEEKDAYS, add_errors, athlete_or_404, is_coach, own_athlete, status_for, zone_choices
from people.selectors import on_roster
from reminders import selectors as reminder_selectors
from reminders import services as reminder_services
from reminders.api import ReminderPreferenceSerializer

UNIT_CHOICES = [(people.Units.METRIC.value, "Metric (kg, ml)"), (people.Units.IMPERIAL.value, "Imperial (lb, fl oz)")]
MASS_UNIT = {people.Units.METRIC: "kg", people.Units.IMPERIAL: "lb"}
TIME_INPUT = {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


def mass_in(athlete: AthleteProfile, units: str) -> float:
    """The athlete's mass as a page shows it in `units`: kg, or lb, to one decimal."""
    mass_kg = float(athlete.mass_kg)
    return round(people.kg_to_lb(mass_kg), 1) if units == people.Units.IMPERIAL else round(mass_kg, 1)


class _ProfileForm(forms.Form):
    """The fields both profile pages share; each value is checked again by AthleteSerializer."""

    mass = forms.FloatField(label="Body mass", min_value=1, max_value=1000)
    # The units the mass field was shown in: the number typed is read in those, even when the same form switches
    # the athlete's units.
    mass_units = forms.ChoiceField(choices=people.Units.choices(), widget=forms.HiddenInput)
    sport = forms.ChoiceField(choices=people.sport_choices())
    level = forms.ChoiceField(choices=people.Level.choices())
    available_weekdays = forms.TypedMultipleChoiceField(
        label="Days free for training", choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    preferred_long_day = forms.TypedChoiceField(
        label="Long session on",
        choices=[("", "No preference"), *WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    preferred_session_time = forms.TimeField(label="Usual session time", **TIME_INPUT)
    sweat_rate_ml_per_h = forms.IntegerField(
        label="Sweat rate (ml an hour)",
        required=False,
        min_value=1,
        help_text="Measured by weighing before and after an hour's training; leave empty if unknown.",
    )
    max_hr_bpm = forms.IntegerField(
        label="Maximum heart rate (bpm)",
        required=False,
        help_text="From a maximal test or a race finish; leave empty and it is estimated from age (208 - 0.7 x age).",
    )
    medical_flags = forms.MultipleChoiceField(
        label="Medical conditions and medicines",
        choices=people.MedicalFlag.choices(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="They change which supplements are advised and which warnings appear.",
    )
    medications = forms.CharField(required=False, max_length=1000, help_text="Separate them with commas.")

    def __init__(self, *args: Any, athlete: AthleteProfile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shown = self.data.get("mass_units") if self.is_bound else athlete.units
        unit = MASS_UNIT.get(shown, "kg")
        self.fields["mass"].label = f"Body mass ({unit})"


class AthleteSettingsForm(_ProfileForm):
    """What an athlete changes about themself."""

    name = forms.CharField(label="Your name", max_length=150)
    units = forms.ChoiceField(choices=UNIT_CHOICES, help_text="How masses and water are shown and typed.")
    time_zone = forms.ChoiceField(choices=zone_choices, help_text="Your days, times and reminders follow it.")
    waking_start = forms.TimeField(label="Awake from", **TIME_INPUT)
    waking_end = forms.TimeField(label="Asleep by", help_text="Reminders come only in between.", **TIME_INPUT)

    field_order = [
        "name", "units", "mass", "time_zone", "waking_start", "waking_end", "sport", "level", "available_weekdays",
        "preferred_long_day", "preferred_session_time", "sweat_rate_ml_per_h", "max_hr_bpm", "medical_flags",
        "medications",
    ]  # fmt: skip


class CoachTrainingForm(_ProfileForm):
    """What a coach changes about their athlete: the training fields (and the health fields the API lets a
    coach set, people.services.COACH_FIELDS)."""

    weekly_minutes_target = forms.IntegerField(
        label="Training minutes a week", min_value=30, max_value=people.MAX_WEEKLY_MINUTES
    )
    hamstring_imbalance = forms.BooleanField(
        required=False, help_text="A left-right difference over 10-15 % in single-leg tests, or your judgement."
    )

    field_order = [
        "sport", "level", "available_weekdays", "preferred_long_day", "preferred_session_time",
        "weekly_minutes_target", "mass", "hamstring_imbalance", "sweat_rate_ml_per_h", "max_hr_bpm", "medical_flags",
        "medications",
    ]  # fmt: skip


def _initial(athlete: AthleteProfile) -> dict[str, Any]:
    preference = reminder_selectors.preference_of(athlete.user)
    return {
        "name": athlete.user.name,
        "units": athlete.units,
        "mass": mass_in(athlete, athlete.units),
        "mass_units": athlete.units,
        "time_zone": athlete.time_zone,
        "waking_start": preference.waking_start,
        "waking_end": preference.waking_end,
        "sport": athlete.sport,
        "level": athlete.level,
        "available_weekdays": athlete.available_weekdays,
        "preferred_long_day": athlete.preferred_long_day,
        "preferred_session_time": athlete.preferred_session_time,
        "weekly_minutes_target": athlete.weekly_minutes_target,
        "hamstring_imbalance": athlete.hamstring_imbalance,
        "sweat_rate_ml_per_h": athlete.sweat_rate_ml_per_h,
        "max_hr_bpm": athlete.max_hr_bpm,
        "medical_flags": athlete.medical_flags,
        "medications": ", ".join(athlete.medications or []),
    }


def _mass_kg(form: _ProfileForm, athlete: AthleteProfile) -> float | None:
    """The mass typed, in kg, checked as the API checks `mass_kg` or `mass_lb`; None when unchanged or refused."""
    shown, typed = form.cleaned_data["mass_units"], form.cleaned_data["mass"]
    if typed == mass_in(athlete, shown):
        return None  # unchanged: no rounding drift from a round trip through pounds
    if shown != people.Units.IMPERIAL:
        return typed
    serializer = AthleteSerializer(athlete, data={"mass_lb": typed, "units": shown}, partial=True)
    if serializer.is_valid():
        return serializer.validated_data["mass_kg"]
    add_errors(form, serializer.errors, aliases={"mass_lb": "mass", "mass_kg": "mass"})
    return None


def _changes(form: _ProfileForm, athlete: AthleteProfile) -> tuple[str | None, dict[str, Any]] | None:
    """(name, profile fields) validated by AthleteSerializer, or None with the errors on the form."""
    data = form.cleaned_data
    body = {
        name: data[name]
        for name in services.ATHLETE_OWN_FIELDS | services.COACH_FIELDS
        if name in form.fields and name != "medications"
    }
    body["medications"] = [m.strip() for m in data["medications"].split(",") if m.strip()]
    if "name" in form.fields:
        body["name"] = data["name"]
    mass_kg = _mass_kg(form, athlete)
    if form.errors:
        return None
    if mass_kg is not None:
        body["mass_kg"] = mass_kg
    serializer = AthleteSerializer(athlete, data=body, partial=True)
    if not serializer.is_valid():
        add_errors(form, serializer.errors, aliases={"mass_kg": "mass", "mass_lb": "mass"})
        return None
    valid = dict(serializer.validated_data)
    name = valid.pop("user", {}).get("name")
    return name, valid


def _waking_hours(form: AthleteSettingsForm, user: User) -> dict[str, Any] | None:
    """Waking hours checked by the reminders API's serializer, or None with the errors on the form."""
    preference = reminder_selectors.preference_of(user)
    data = {key: form.cleaned_data[key] for key in ("waking_start", "waking_end")}
    context = {"preference": preference, "own_zone": False, "allowed_kinds": reminder_selectors.kinds_for(user)}
    serializer = ReminderPreferenceSerializer(data=data, context=context)
    if serializer.is_valid():
        return dict(serializer.validated_data)
    add_errors(form, serializer.errors)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def athlete_profile(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The athlete: their own settings. Their coach (or staff): the training fields. Anyone else: 404."""
    athlete = athlete_or_404(request, athlete_id)
    own = athlete.user_id == request.user.pk
    if not own and not is_coach(request.user):
        raise Http404("No such athlete.")
    form_class = AthleteSettingsForm if own else CoachTrainingForm
    form = form_class(request.POST or None, initial=_initial(athlete), athlete=athlete)
    if request.method == "POST" and form.is_valid():
        changes = _changes(form, athlete)
        waking = _waking_hours(form, athlete.user) if own and changes is not None else {}
        if changes is not None and waking is not None:
            name, profile = changes
            try:
                with transaction.atomic():  # the profile and the waking hours, or neither
                    services.edit_profile(athlete, editor=request.user, name=name, profile=profile)
                    if waking:
                        reminder_services.update_preferences(athlete.user, waking)
            except ServiceError as exc:
                add_errors(form, {exc.field: [exc.message]}, aliases={"mass_kg": "mass"})
            else:
                messages.success(request, "Profile saved." if own else f"{athlete}'s training settings saved.")
                return redirect("page-athlete-profile", athlete.pk)
    context = {
        "athlete": athlete,
        "form": form,
        "own": own,
        "on_roster": not own and on_roster(request.user, athlete),
    }
    return render(request, "trainer/pages/profile.html", context, status=status_for(form))


class AccountForm(forms.Form):
    name = forms.CharField(label="Your name", max_length=150, validators=[validate_one_line])


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest) -> HttpResponse:
    """An athlete's own profile page; for a coach their account: name, password, reminders, data."""
    athlete = own_athlete(request.user)
    if athlete is not None:
        return redirect("page-athlete-profile", athlete.pk)
    form = AccountForm(request.POST or None, initial={"name": request.user.name})
    if request.method == "POST" and form.is_valid():
        services.rename_user(request.user, form.cleaned_data["name"])
        messages.success(request, "Account saved.")
        return redirect("page-my-profile")
    return render(request, "trainer/pages/account.html", {"form": form}, status=status_for(form))
