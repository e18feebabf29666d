"""Intake pages: the athlete's day, water in one tap, meals with food search. Thin: parse, check permission,
call the services and selectors the API calls (intake.log_services, intake.day, intake.selectors), render.

Every form works as a plain POST followed by a redirect; with htmx the water card and the food results are
swapped in place instead.

Corrections (issue 14): each water log, meal, supplement and workout listed on the day has a Remove button, and
water logs and workouts a Change form, through the services the API's PATCH and DELETE call. The views find the
athlete with `athlete_or_404` (who may log may correct) and then only that athlete's logs: any other id is 404.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import ServiceError
from intake import log_services, selectors
from intake import services as intake_services
from intake.day import day_record
from intake.day_json import day_json, water_json
from intake.hooks import day_load_and_recovery
from intake.log_serializers import (
    ML_PER_FL_OZ,
    MealItemSerializer,
    MealSerializer,
    SupplementSerializer,
    WaterLogSerializer,
)
from intake.models import Food, FoodPortion, Meal, SupplementLog, WaterLog
from intake.selectors import favourite_foods, recent_foods, search_foods, visible_foods, with_portions
from intake.targets import MINERALS
from people import rules as people
from people.logs import local_date_of, local_today
from people.models import AthleteProfile
from people.pages import athlete_or_404, is_coach, service_error, status_for, validate_with
from plans.pages import RPE_WORDS, present_sessions
from plans.selectors import week_is_planned
from training import services as plan_log_services
from training.models import WorkoutLog
from training.serializers import WorkoutLogSerializer

QUICK_WATER_ML = (250, 500)
FOOD_RESULTS = 15
MAX_MEAL_ITEMS = 50
# The water log just added without htmx, offered for Undo on the next Today page: [athlete id, log id].
UNDO_SESSION_KEY = "water_undo"


def _imperial(athlete: AthleteProfile) -> bool:
    return athlete.units == people.Units.IMPERIAL


def _local(athlete: AthleteProfile, instant: dt.datetime) -> dt.datetime:
    return instant.astimezone(ZoneInfo(athlete.time_zone))


def _clock(athlete: AthleteProfile, instant: dt.datetime) -> str:
    """The time of day on the athlete's own clock, e.g. "14:05"."""
    return f"{_local(athlete, instant):%H:%M}"


def _amount(athlete: AthleteProfile, ml: int) -> str:
    """An amount of water as the page shows it: ml, and fl oz too for imperial units."""
    return f"{ml} ml" + (f" ({ml / ML_PER_FL_OZ:.1f} fl oz)" if _imperial(athlete) else "")


def _day_url(athlete: AthleteProfile, day: dt.date, anchor: str) -> str:
    return reverse("page-today", args=[athlete.pk]) + f"?date={day.isoformat()}#{anchor}"


def _day_param(request: HttpRequest, today: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return today


# --- today ------------------------------------------------------------------------------------------------


class WaterForm(forms.Form):
    """A custom amount; the one-tap buttons post `water_ml` alone."""

    # Limits and their messages come from the API's serializer (intake.log_serializers.WaterLogSerializer).
    water_ml = forms.IntegerField(label="Other amount (ml)", required=False)
    water_fl_oz = forms.FloatField(label="Other amount (fl oz)", required=False)


class WaterChangeForm(forms.Form):
    """A water log's amount, in the athlete's units, and its time on their clock (the day stays the log's)."""

    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args: Any, imperial: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limits and their messages are the API's serializer's (WaterLogSerializer), checked after these.
        amount = forms.FloatField(label="Amount (fl oz)") if imperial else forms.IntegerField(label="Amount (ml)")
        self.fields = {"amount": amount, **self.fields}


def on_their_clock(athlete: AthleteProfile, day: dt.date, clock: dt.time) -> str:
    """A time typed on the athlete's clock, on the log's own local day, as the API takes it (ISO 8601)."""
    return dt.datetime.combine(day, clock, tzinfo=ZoneInfo(athlete.time_zone)).isoformat()


def water_change_form(athlete: AthleteProfile, log: WaterLog, data: Any = None) -> WaterChangeForm:
    local = _local(athlete, log.at).replace(second=0, microsecond=0)
    amount = round(log.water_ml / ML_PER_FL_OZ, 1) if _imperial(athlete) else log.water_ml
    return WaterChangeForm(
        data, imperial=_imperial(athlete), initial={"amount": amount, "time": local.time()}, prefix=f"water-{log.pk}"
    )


class WorkoutChangeForm(forms.Form):
    minutes = forms.IntegerField(min_value=1, max_value=1440, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    rpe = forms.TypedChoiceField(
        label="How hard (RPE)", coerce=int, choices=[(value, f"{value} – {word}") for value, word in RPE_WORDS.items()]
    )


def workout_change_form(workout: WorkoutLog, data: Any = None) -> WorkoutChangeForm:
    initial = {"minutes": workout.minutes, "rpe": workout.rpe}
    form = WorkoutChangeForm(data, initial=initial, prefix=f"workout-{workout.pk}")
    if workout.rpe is None:  # a file workout waiting for its RPE: no answer chosen for the athlete (not 0, rest)
        form.fields["rpe"].choices = [("", "Choose how hard it was"), *form.fields["rpe"].choices]
    return form


def _water_rows(athlete: AthleteProfile, record: Any, bound: dict[str, forms.Form]) -> list[dict[str, Any]]:
    return [
        {
            "log": log,
            "time": _clock(athlete, log.at),
            "amount": _amount(athlete, log.water_ml),
            "form": bound.get(f"water-{log.pk}") or water_change_form(athlete, log),
        }
        for log in record.water
    ]


def _water_context(
    athlete: AthleteProfile,
    record: Any,
    form: WaterForm | None,
    is_today: bool,
    bound: dict[str, forms.Form] | None = None,
    undo: WaterLog | None = None,
    flash: str = "",
) -> dict[str, Any]:
    water = water_json(record)
    quick = [{"ml": ml, "label": f"+{_amount(athlete, ml)}"} for ml in QUICK_WATER_ML]
    return {
        "water_logs": _water_rows(athlete, record, bound or {}),
        "undo": undo,
        "flash": flash,
        "athlete": athlete,
        "water": water,
        "water_bar_pct": min(100, water["pct"] or 0),
        "water_form": form or WaterForm(),
        "imperial": _imperial(athlete),
        "quick": quick,
        "is_today": is_today,
    }


def _supplement_line(log: SupplementLog) -> str:
    doses = [(name, getattr(log, f"{name}_mg")) for name in MINERALS]
    return ", ".join(f"{mg} mg {name}" for name, mg in doses if mg is not None)


def _today_context(
    request: HttpRequest,
    athlete: AthleteProfile,
    day: dt.date,
    water_form: WaterForm | None = None,
    bound: dict[str, forms.Form] | None = None,
    undo: WaterLog | None = None,
) -> dict[str, Any]:
    bound = bound or {}
    today = local_today(athlete)
    record = day_record(athlete, day, drafts=is_coach(request.user))
    summary = day_json(record, *day_load_and_recovery(athlete, day))
    guidance = {g["session"]: g for g in summary["hydration_guidance"]}
    sessions = present_sessions(summary["sessions"])
    for session in sessions:
        session["guidance"] = guidance.get(session["id"])
    flash = f"Added {undo.water_ml} ml of water." if undo else ""
    return {
        **_water_context(athlete, record, water_form, day == today, bound, undo, flash),
        "workout_rows": [
            {"log": w, "form": bound.get(f"workout-{w.pk}") or workout_change_form(w)} for w in record.workouts
        ],
        "meal_rows": [
            {
                "log": m,
                "time": _clock(athlete, m.at),
                "line": _meal_line(athlete, m),
                "form": bound.get(f"meal-{m.pk}") or meal_change_form(athlete, m),
            }
            for m in record.meals
        ],
        "supplement_rows": [
            {
                "log": s,
                "time": _clock(athlete, s.at),
                "line": _supplement_line(s),
                "form": bound.get(f"supplement-{s.pk}") or supplement_change_form(athlete, s),
            }
            for s in record.supplements
        ],
        "day": day,
        "today": today,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "summary": summary,
        "sessions": sessions,
        "week_planned": bool(sessions) or week_is_planned(athlete, day, drafts=is_coach(request.user)),
        "record": record,
        "minerals": [{"name": name.capitalize(), **values} for name, values in summary["minerals"].items()],
    }


@login_required
@require_GET
def today(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The athlete's day: sessions with every block and exercise, water, minerals, logs and what to do next."""
    athlete = athlete_or_404(request, athlete_id)
    day = _day_param(request, local_today(athlete))
    context = _today_context(request, athlete, day, undo=_pending_undo(request, athlete))
    return render(request, "intake/today.html", context)


def _pending_undo(request: HttpRequest, athlete: AthleteProfile) -> WaterLog | None:
    """The water log added just before (without htmx), shown once with its Undo button, if it still exists."""
    pending = request.session.get(UNDO_SESSION_KEY)
    if not (isinstance(pending, list) and len(pending) == 2 and pending[0] == athlete.pk):
        return None
    del request.session[UNDO_SESSION_KEY]
    return selectors.water_log_of(athlete, pending[1])


@login_required
@require_http_methods(["GET", "POST"])
def log_water(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """+250, +500 or a custom amount (ml, or fl oz for imperial units), now."""
    athlete = athlete_or_404(request, athlete_id)
    if request.method == "GET":  # a reload after a refused amount
        return redirect("page-today", athlete.pk)
    form = WaterForm(request.POST)
    aliases = {"water_ml": "water_fl_oz"} if _imperial(athlete) and "water_ml" not in request.POST else {}
    logged = None
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        valid = validate_with(form, WaterLogSerializer, data, {"athlete": athlete}, aliases)
        if valid is not None:
            try:
                logged = log_services.log_water(athlete=athlete, water_ml=valid["water_ml"])
            except ServiceError as exc:
                service_error(form, exc, aliases)
    today_url = reverse("page-today", args=[athlete.pk])
    if request.htmx:
        # The card swaps in place; errors come back with 200 so htmx shows them next to the field.
        record = day_record(athlete, local_today(athlete), drafts=is_coach(request.user))
        flash = f"Added {logged.water_ml} ml." if logged else ""
        context = _water_context(athlete, record, form if form.errors else None, True, undo=logged, flash=flash)
        return render(request, "intake/_water.html", context)
    if logged is None:
        context = _today_context(request, athlete, local_today(athlete), water_form=form)
        return render(request, "intake/today.html", context, status=400)
    # The next Today page says "Added ... ml of water." in the water card, with an Undo button for this log.
    request.session[UNDO_SESSION_KEY] = [athlete.pk, logged.pk]
    return redirect(f"{today_url}#water")


# --- corrections: remove or change a log of the day -------------------------------------------------------


@login_required
@require_POST
def remove_water(request: HttpRequest, athlete_id: int, log_id: int) -> HttpResponse:
    """Remove one water log (also the Undo after a one-tap log): another athlete's, or one gone already, is 404."""
    athlete = athlete_or_404(request, athlete_id)
    log = get_object_or_404(WaterLog, pk=log_id, athlete=athlete)
    log_services.delete_water(log=log)
    messages.success(request, f"Removed {_amount(athlete, log.water_ml)} of water logged at {_clock(athlete, log.at)}.")
    return redirect(_day_url(athlete, local_date_of(athlete, log.at), "water"))


@login_required
@require_POST
def change_water(request: HttpRequest, athlete_id: int, log_id: int) -> HttpResponse:
    """Correct a water log's amount (in the athlete's units) and time, checked as the API checks a PATCH."""
    athlete = athlete_or_404(request, athlete_id)
    log = get_object_or_404(WaterLog, pk=log_id, athlete=athlete)
    day = local_date_of(athlete, log.at)
    form = water_change_form(athlete, log, request.POST)
    if form.is_valid():
        data: dict[str, Any] = {}
        if "amount" in form.changed_data:
            data["water_fl_oz" if _imperial(athlete) else "water_ml"] = form.cleaned_data["amount"]
        if "time" in form.changed_data:
            data["at"] = on_their_clock(athlete, day, form.cleaned_data["time"])
        if not data:
            messages.info(request, "Nothing changed.")
            return redirect(_day_url(athlete, day, "water"))
        aliases = {"water_ml": "amount", "water_fl_oz": "amount", "at": "time"}
        serializer = functools.partial(WaterLogSerializer, log, partial=True)
        valid = validate_with(form, serializer, data, {"athlete": athlete}, aliases)
        if valid is not None:
            try:
                row = log_services.update_water(log=log, data=valid)
            except ServiceError as exc:
                service_error(form, exc, aliases)
            else:
                messages.success(request, f"Changed to {_amount(athlete, row.water_ml)} at {_clock(athlete, row.at)}.")
                return redirect(_day_url(athlete, day, "water"))
    context = _today_context(request, athlete, day, bound={f"water-{log.pk}": form})
    return render(request, "intake/today.html", context, status=400)


@login_required
@require_POST
def remove_meal(request: HttpRequest, athlete_id: int, log_id: int) -> HttpResponse:
    athlete = athlete_or_404(request, athlete_id)
    meal = selectors.meal_with_foods(athlete, log_id, portions=True)
    if meal is None:
        raise Http404("No such meal.")
    line = _meal_line(athlete, meal)
    log_services.delete_meal(meal=meal)
    what = f" ({line})" if line else ""
    messages.success(request, f"Removed the meal logged at {_clock(athlete, meal.at)}{what}.")
    return redirect(_day_url(athlete, local_date_of(athlete, meal.at), "meals"))


@login_required
@require_POST
def remove_supplement(request: HttpRequest, athlete_id: int, log_id: int) -> HttpResponse:
    athlete = athlete_or_404(request, athlete_id)
    log = get_object_or_404(SupplementLog, pk=log_id, athlete=athlete)
    log_services.delete_supplement(log=log)
    messages.success(request, f"Removed the supplement logged at {_clock(athlete, log.at)} ({_supplement_line(log)}).")
    return redirect(_day_url(athlete, local_date_of(athlete, log.at), "minerals"))


def _workout_words(workout: WorkoutLog) -> str:
    if workout.rpe is None:  # from a watch file: the load waits for the athlete's RPE (issue 17)
        return f"{workout.minutes} min, its RPE still to give"
    return f"{workout.minutes} min at RPE {workout.rpe} (load {workout.load} AU)"


@login_required
@require_POST
def remove_workout(request: HttpRequest, athlete_id: int, log_id: int) -> HttpResponse:
    """Remove a workout: its day loses the load, and a session it did is planned (or missed) again."""
    athlete = athlete_or_404(request, athlete_id)
    workout = get_object_or_404(WorkoutLog, pk=log_id, athlete=athlete)
    plan_log_services.delete_workout(workout=workout)
    messages.success(request, f"Removed the workout of {_workout_words(workout)}.")
    return redirect(_day_url(athlete, workout.date, "workouts"))


@login_required
@require_POST
def change_workout(request: HttpRequest, athlete_id: int, log_id: int) -> HttpResponse:
    """Correct a workout's minutes and RPE (the load follows), checked as the API checks a PATCH."""
    athlete = athlete_or_404(request, athlete_id)
    workout = get_object_or_404(WorkoutLog, pk=log_id, athlete=athlete)
    form = workout_change_form(workout, request.POST)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if not data:
            messages.info(request, "Nothing changed.")
            return redirect(_day_url(athlete, workout.date, "workouts"))
        serializer = functools.partial(WorkoutLogSerializer, workout, partial=True)
        valid = validate_with(form, serializer, data, {"athlete": athlete, "request": request})
        if valid is not None:
            row = plan_log_services.update_workout(workout=workout, data=valid)
            messages.success(request, f"Workout changed: {_workout_words(row)}.")
            return redirect(_day_url(athlete, workout.date, "workouts"))
    context = _today_context(request, athlete, workout.date, bound={f"workout-{workout.pk}": form})
    return render(request, "intake/today.html", context, status=400)


class MealChangeForm(forms.Form):
    """A meal's time on the athlete's clock, and how much of each food in the measure it was entered in (its
    portion, or grams, or ounces for imperial units); 0 takes a food out. One step corrects a wrong amount."""

    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args: Any, athlete: AthleteProfile, meal: Meal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meal_items = list(meal.items.all())
        for item in self.meal_items:
            label, amount = _item_measure(athlete, item)
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=label, min_value=0, max_digits=7, decimal_places=2, initial=_number(amount)
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        amounts = [data.get(f"item_{item.pk}") for item in self.meal_items]
        if self.meal_items and all(amount == 0 for amount in amounts):
            raise forms.ValidationError("A meal needs at least one food: to take the whole meal back, use Remove.")
        return data


def _item_measure(athlete: AthleteProfile, item: Any) -> tuple[str, Decimal]:
    """How the change form asks for an item: "Bananas, raw (1 medium)" with 2, "Spinach, raw (oz)" with 3.0."""
    if item.portion is not None and item.amount is not None:
        return f"{item.food.description} ({_number(item.portion.amount)} {item.portion.unit})", item.amount
    if _imperial(athlete):
        return f"{item.food.description} (oz)", (item.grams / GRAMS_PER_OZ).quantize(Decimal("0.1"))
    return f"{item.food.description} (g)", item.grams


def meal_change_form(athlete: AthleteProfile, meal: Meal, data: Any = None) -> MealChangeForm:
    local = _local(athlete, meal.at).replace(second=0, microsecond=0)
    return MealChangeForm(data, athlete=athlete, meal=meal, initial={"time": local.time()}, prefix=f"meal-{meal.pk}")


def _changed_items(athlete: AthleteProfile, form: MealChangeForm) -> list[dict[str, Any]]:
    """The meal's items as the API takes them, each in its own measure; the foods set to 0 are left out."""
    items = []
    for item in form.meal_items:
        amount = form.cleaned_data[f"item_{item.pk}"]
        if amount == 0:
            continue
        if item.portion is not None and item.amount is not None:
            items.append({"food": item.food_id, "portion": item.portion_id, "amount": str(amount)})
        elif _imperial(athlete):
            items.append({"food": item.food_id, "grams": str((amount * GRAMS_PER_OZ).quantize(Decimal("0.1")))})
        else:
            items.append({"food": item.food_id, "grams": str(amount)})
    return items


@login_required
@require_POST
def change_meal(request: HttpRequest, athlete_id: int, log_id: int) -> HttpResponse:
    """Correct a meal's time and amounts in one step, checked as the API checks a PATCH."""
    athlete = athlete_or_404(request, athlete_id)
    meal = selectors.meal_with_foods(athlete, log_id, portions=True)
    if meal is None:
        raise Http404("No such meal.")
    day = local_date_of(athlete, meal.at)
    form = meal_change_form(athlete, meal, request.POST)
    if form.is_valid():
        data: dict[str, Any] = {}
        if any(name.startswith("item_") for name in form.changed_data):
            data["items"] = _changed_items(athlete, form)
        if "time" in form.changed_data:
            data["at"] = on_their_clock(athlete, day, form.cleaned_data["time"])
        if not data:
            messages.info(request, "Nothing changed.")
            return redirect(_day_url(athlete, day, "meals"))
        serializer = functools.partial(MealSerializer, meal, partial=True)
        valid = validate_with(form, serializer, data, {"athlete": athlete, "request": request}, {"at": "time"})
        if valid is not None:
            try:
                row = log_services.update_meal(meal=meal, data=valid)
            except ServiceError as exc:
                service_error(form, exc, {"at": "time"})
            else:
                fresh = selectors.meal_with_foods(athlete, row.pk, portions=True)
                messages.success(request, f"Meal changed: {_meal_line(athlete, fresh)} at {_clock(athlete, fresh.at)}.")
                return redirect(_day_url(athlete, day, "meals"))
    context = _today_context(request, athlete, day, bound={f"meal-{meal.pk}": form})
    return render(request, "intake/today.html", context, status=400)


class SupplementChangeForm(forms.Form):
    """A supplement's time and its minerals in mg; an empty box means none of that mineral."""

    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in MINERALS:
            self.fields[f"{name}_mg"] = forms.IntegerField(label=f"{name.capitalize()} (mg)", required=False)


def supplement_change_form(athlete: AthleteProfile, log: SupplementLog, data: Any = None) -> SupplementChangeForm:
    local = _local(athlete, log.at).replace(second=0, microsecond=0)
    initial = {"time": local.time(), **{f"{name}_mg": getattr(log, f"{name}_mg") for name in MINERALS}}
    return SupplementChangeForm(data, initial=initial, prefix=f"supplement-{log.pk}")


@login_required
@require_POST
def change_supplement(request: HttpRequest, athlete_id: int, log_id: int) -> HttpResponse:
    """Correct a supplement's time and doses, checked as the API checks a PATCH (at least one mineral stays)."""
    athlete = athlete_or_404(request, athlete_id)
    log = get_object_or_404(SupplementLog, pk=log_id, athlete=athlete)
    day = local_date_of(athlete, log.at)
    form = supplement_change_form(athlete, log, request.POST)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data if name != "time"}
        if "time" in form.changed_data:
            data["at"] = on_their_clock(athlete, day, form.cleaned_data["time"])
        if not data:
            messages.info(request, "Nothing changed.")
            return redirect(_day_url(athlete, day, "minerals"))
        serializer = functools.partial(SupplementSerializer, log, partial=True)
        valid = validate_with(form, serializer, data, {"athlete": athlete}, {"at": "time"})
        if valid is not None:
            row = log_services.update_supplement(log=log, data=valid)
            messages.success(request, f"Supplement changed: {_supplement_line(row)} at {_clock(athlete, row.at)}.")
            return redirect(_day_url(athlete, day, "minerals"))
    context = _today_context(request, athlete, day, bound={f"supplement-{log.pk}": form})
    return render(request, "intake/today.html", context, status=400)


# --- meals ------------------------------------------------------------------------------------------------

GRAMS_PER_OZ = Decimal("28.349523125")


class MealForm(forms.Form):
    q = forms.CharField(label="Find a food", required=False, max_length=200, help_text='For example "banana".')
    food = forms.IntegerField(required=False)
    # The limits that depend on the measure (3 kg of one food, 100 portions) are the API's serializer's.
    amount = forms.DecimalField(
        label="How much",
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    # "g", "oz" (imperial units) or the id of one of the chosen food's portions.
    unit = forms.CharField(required=False, max_length=20)
    notes = forms.CharField(required=False, max_length=300, widget=forms.TextInput())


@dataclasses.dataclass(frozen=True)
class MealEntry:
    """One item of the meal being put together: grams, or `amount` of a portion (then `grams` is None until the
    serializer weighs it)."""

    food: int
    grams: Decimal | None = None
    portion: int | None = None
    amount: Decimal | None = None

    @property
    def value(self) -> str:
        """The hidden field that carries the item: "food:grams" or "food:portion:amount"."""
        if self.portion is None:
            return f"{self.food}:{self.grams}"
        return f"{self.food}:{self.portion}:{self.amount}"

    def payload(self) -> dict[str, Any]:
        if self.portion is None:
            return {"food": self.food, "grams": str(self.grams)}
        return {"food": self.food, "portion": self.portion, "amount": str(self.amount)}

    def same_measure(self, other: MealEntry) -> bool:
        return (self.food, self.portion) == (other.food, other.portion)

    def plus(self, other: MealEntry) -> MealEntry:
        if self.portion is None:
            return dataclasses.replace(self, grams=(self.grams or 0) + (other.grams or 0))
        return dataclasses.replace(self, amount=(self.amount or 0) + (other.amount or 0))


def _entries(values: list[str]) -> list[MealEntry]:
    """The meal so far, carried in hidden fields so the page needs neither JavaScript nor a session."""
    entries = []
    for value in values[:MAX_MEAL_ITEMS]:
        parts = value.split(":")
        try:
            if len(parts) == 2:
                entries.append(MealEntry(food=int(parts[0]), grams=Decimal(parts[1])))
            elif len(parts) == 3:
                entries.append(MealEntry(food=int(parts[0]), portion=int(parts[1]), amount=Decimal(parts[2])))
        except (ValueError, InvalidOperation):
            continue
    return entries


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def portion_label(portion: FoodPortion) -> str:
    """A household portion as a person reads it, e.g. "1 cup, sliced = 150 g"."""
    return f"{_number(portion.amount)} {portion.unit} = {_number(portion.grams)} g"


def item_words(athlete: AthleteProfile, grams: Decimal, food: Food, portion: Any = None, amount: Any = None) -> str:
    """An item as the athlete entered it, grams first: "118 g Bananas, raw", "236 g Bananas, raw (2 × 1 medium)",
    and for imperial units the ounces too: "113.4 g (4 oz) Bananas, raw"."""
    words = f"{_number(grams)} g"
    if _imperial(athlete) and portion is None:
        words += f" ({_number((grams / GRAMS_PER_OZ).quantize(Decimal('0.1')))} oz)"
    words += f" {food.description}"
    if portion is not None and amount is not None:
        measure = f"{_number(portion.amount)} {portion.unit}"
        words += f" ({measure})" if amount == 1 else f" ({_number(amount)} × {measure})"
    return words


def _meal_line(athlete: AthleteProfile, meal: Meal) -> str:
    return ", ".join(item_words(athlete, item.grams, item.food, item.portion, item.amount) for item in meal.items.all())


def _basket(athlete: AthleteProfile, entries: list[MealEntry]) -> list[dict[str, Any]]:
    foods = visible_foods(athlete.user).in_bulk([entry.food for entry in entries])
    portion_ids = [entry.portion for entry in entries if entry.portion is not None]
    portions = selectors.portions_by_id(portion_ids)
    basket = []
    for i, entry in enumerate(entries):
        food, portion = foods.get(entry.food), portions.get(entry.portion)
        if food is None or (entry.portion is not None and (portion is None or portion.food_id != food.pk)):
            continue  # a food or portion no longer offered: left out, as the API would refuse it
        grams = entry.grams if portion is None else (portion.grams * entry.amount).quantize(Decimal("0.1"))
        basket.append(
            {"index": i, "value": entry.value, "words": item_words(athlete, grams, food, portion, entry.amount)}
        )
    return basket


def _units(athlete: AthleteProfile) -> list[tuple[str, str]]:
    """The measures every food has, the athlete's own first: grams, and ounces for imperial units."""
    return [("oz", "oz"), ("g", "g")] if _imperial(athlete) else [("g", "g")]


def _food_rows(foods: list[Food], favourites: set[int]) -> list[dict[str, Any]]:
    """Each food as the page offers it: its portions (for the measure list) and whether it is a favourite."""
    rows = []
    for food in foods:
        portions = [(portion.pk, portion_label(portion)) for portion in food.portions.all()]
        rows.append(
            {
                "food": food,
                "portions": portions,
                "portions_json": json.dumps(portions),
                "favourite": food.pk in favourites,
            }
        )
    return rows


def _results(athlete: AthleteProfile, query: str) -> list[Food]:
    return search_foods(athlete.user, query, FOOD_RESULTS) if query.strip() else []


def _new_entry(form: MealForm, athlete: AthleteProfile, entries: list[MealEntry]) -> MealEntry | None:
    """The chosen food in the chosen measure, merged with the same food in the same measure already in the meal
    (one item, not two), checked as the API checks a meal item; None (with the form's errors) when refused."""
    data = form.cleaned_data
    unit = data.get("unit") or _units(athlete)[0][0]
    amount = data["amount"]
    if unit == "oz" and _imperial(athlete):
        entry = MealEntry(food=data["food"], grams=(amount * GRAMS_PER_OZ).quantize(Decimal("0.1")))
    elif unit == "g":
        entry = MealEntry(food=data["food"], grams=amount)
    elif unit.isdigit():
        entry = MealEntry(food=data["food"], portion=int(unit), amount=amount)
    else:
        form.add_error("unit", "Choose grams or one of the food's portions.")
        return None
    earlier = next((e for e in entries if e.same_measure(entry)), None)
    if earlier is not None:
        entry = earlier.plus(entry)
    aliases = {"grams": "amount", "portion": "unit"}
    valid = validate_with(form, MealItemSerializer, entry.payload(), {"athlete": athlete}, aliases)
    return entry if valid is not None else None


@login_required
@require_http_methods(["GET", "POST"])
def log_meal(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Search foods (or tap a recent or favourite one), add each with its amount in grams, ounces or one of its
    portions, log the meal (intake.log_services.log_meal, as the API).

    A food added to the meal is no longer the chosen one: choosing it stays for the next food, so "Log the meal"
    right after "Add to the meal" logs what the meal holds, each food once.
    """
    athlete = athlete_or_404(request, athlete_id)
    posted = request.method == "POST"
    form = MealForm(request.POST if posted else request.GET)
    form.is_valid()
    data = form.cleaned_data
    entries = _entries(request.POST.getlist("item"))
    action = request.POST.get("action", "search")
    selected = data.get("food")
    if posted and "remove" in request.POST:
        index = request.POST["remove"]
        entries = [entry for i, entry in enumerate(entries) if str(i) != index]
        action = "remove"
    elif posted and ("star" in request.POST or "unstar" in request.POST):
        _star(request, athlete)
        action = "star"
    if posted and action in ("add", "save") and not form.errors:
        if data.get("food") and data.get("amount"):
            entry = _new_entry(form, athlete, entries)
            if entry is not None:
                entries = [e for e in entries if not e.same_measure(entry)] + [entry]
        elif data.get("food"):
            form.add_error("amount", "How much? Give the amount.")
        elif action == "add" or not entries:
            form.add_error("food", "Choose a food from the list first.")
    if posted and action == "save" and not form.errors:
        payload = {"items": [entry.payload() for entry in entries], "notes": data.get("notes", "")}
        valid = validate_with(form, MealSerializer, payload, {"athlete": athlete}, aliases={"items": "food"})
        if valid is not None:
            log_services.log_meal(athlete=athlete, items=valid["items"], notes=valid.get("notes", ""))
            names = ", ".join(
                item_words(athlete, item["grams"], item["food"], item["portion"], item["amount"])
                for item in valid["items"]
            )
            messages.success(request, f"Meal logged: {names}.")
            return redirect(reverse("page-today", args=[athlete.pk]) + "#meals")
    if action in ("add", "save") and not form.errors:
        # The fix for the double save (issue 14): the food just added is no longer chosen, nor its amount.
        form = MealForm(initial={"q": data.get("q", ""), "notes": data.get("notes", "")})
        selected = None
    return render(request, "intake/meal.html", _meal_context(athlete, form, entries, selected), status=status_for(form))


def _meal_context(
    athlete: AthleteProfile, form: MealForm, entries: list[MealEntry], selected: int | None
) -> dict[str, Any]:
    query = (form.cleaned_data.get("q") if form.is_bound else form.initial.get("q")) or ""
    favourites = favourite_foods(athlete)
    favourite_ids = {food.pk for food in favourites}
    recent = [food for food in recent_foods(athlete) if food.pk not in favourite_ids]
    results = _results(athlete, query)
    with_portions([*favourites, *recent])
    rows = {"favourites": _food_rows(favourites, favourite_ids), "recent": _food_rows(recent, favourite_ids)}
    rows["results"] = _food_rows(results, favourite_ids)
    unit = (form["unit"].value() or "") if form.is_bound else ""
    # Without JavaScript the measure list holds every offered food's portions, by food; with it (meal.js) only the
    # chosen food's. The API refuses a portion of another food either way.
    groups, seen = [], set()
    for row in [*rows["favourites"], *rows["recent"], *rows["results"]]:
        if row["portions"] and row["food"].pk not in seen:
            seen.add(row["food"].pk)
            groups.append(row)
    return {
        "athlete": athlete,
        "form": form,
        "basket": _basket(athlete, entries),
        "favourite_rows": rows["favourites"],
        "recent_rows": rows["recent"],
        "rows": rows["results"],
        "query": query,
        "selected": selected,
        "units": _units(athlete),
        "unit": unit or _units(athlete)[0][0],
        "portion_groups": groups,
    }


def _star(request: HttpRequest, athlete: AthleteProfile) -> None:
    """Star or unstar the food named by the button (its own POST, with the meal so far kept in the form)."""
    starring = "star" in request.POST
    try:
        food = visible_foods(athlete.user).get(pk=int(request.POST["star" if starring else "unstar"]))
    except (ValueError, Food.DoesNotExist):
        messages.error(request, "That food is not one you can log.")
        return
    if starring:
        try:
            intake_services.star_food(athlete=athlete, food=food)
        except ServiceError as exc:
            messages.error(request, exc.message)
            return
        messages.success(request, f"{food.description} is now one of your favourites.")
    else:
        intake_services.unstar_food(athlete=athlete, food=food)
        messages.success(request, f"{food.description} is no longer one of your favourites.")


@login_required
@require_GET
def food_results(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The food search results alone, for htmx as the athlete types (GET /api/v1/foods/?search= underneath)."""
    athlete = athlete_or_404(request, athlete_id)
    query = request.GET.get("q", "")[:200]
    favourite_ids = selectors.favourite_ids(athlete)
    rows = _food_rows(_results(athlete, query), favourite_ids)
    return render(request, "intake/_food_results.html", {"rows": rows, "query": query, "selected": None})
