"""Intake pages: the athlete's day, water in one tap, meals with food search. Thin: parse, check permission,
call the services and selectors the API calls (intake.log_services, intake.day, intake.selectors), render.

Every form works as a plain POST followed by a redirect; with htmx the water card and the food results are
swapped in place instead.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from intake import log_services
from intake.day import day_record
from intake.day_json import day_json, water_json
from intake.log_serializers import ML_PER_FL_OZ, MealSerializer, WaterLogSerializer
from intake.models import MAX_ITEM_GRAMS, Food
from intake.selectors import search_foods, visible_foods
from plans.pages import present_sessions
from plans.recovery_services import day_load_and_recovery
from trainer import people
from trainer.logs import local_today
from trainer.models import AthleteProfile
from trainer.pages import athlete_or_404, is_coach, service_error, status_for, validate_with
from trainer.services import ServiceError

QUICK_WATER_ML = (250, 500)
FOOD_RESULTS = 15
MAX_MEAL_ITEMS = 50


def _imperial(athlete: AthleteProfile) -> bool:
    return athlete.units == people.Units.IMPERIAL


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


def _water_context(athlete: AthleteProfile, record: Any, form: WaterForm | None, is_today: bool) -> dict[str, Any]:
    water = water_json(record)
    quick = [
        {"ml": ml, "label": f"+{ml} ml" + (f" ({ml / ML_PER_FL_OZ:.1f} fl oz)" if _imperial(athlete) else "")}
        for ml in QUICK_WATER_ML
    ]
    return {
        "athlete": athlete,
        "water": water,
        "water_bar_pct": min(100, water["pct"] or 0),
        "water_form": form or WaterForm(),
        "imperial": _imperial(athlete),
        "quick": quick,
        "is_today": is_today,
    }


def _today_context(
    request: HttpRequest, athlete: AthleteProfile, day: dt.date, water_form: WaterForm | None = None
) -> dict[str, Any]:
    today = local_today(athlete)
    record = day_record(athlete, day, drafts=is_coach(request.user))
    summary = day_json(record, *day_load_and_recovery(athlete, day))
    guidance = {g["session"]: g for g in summary["hydration_guidance"]}
    sessions = present_sessions(summary["sessions"])
    for session in sessions:
        session["guidance"] = guidance.get(session["id"])
    return {
        **_water_context(athlete, record, water_form, day == today),
        "day": day,
        "today": today,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "summary": summary,
        "sessions": sessions,
        "record": record,
        "minerals": [{"name": name.capitalize(), **values} for name, values in summary["minerals"].items()],
    }


@login_required
@require_GET
def today(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The athlete's day: sessions with every block and exercise, water, minerals, logs and what to do next."""
    athlete = athlete_or_404(request, athlete_id)
    day = _day_param(request, local_today(athlete))
    return render(request, "intake/today.html", _today_context(request, athlete, day))


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
        context = _water_context(athlete, record, form if form.errors else None, True)
        context["flash"] = f"Added {logged.water_ml} ml." if logged else ""
        return render(request, "intake/_water.html", context)
    if logged is None:
        context = _today_context(request, athlete, local_today(athlete), water_form=form)
        return render(request, "intake/today.html", context, status=400)
    messages.success(request, f"Added {logged.water_ml} ml of water.")
    return redirect(f"{today_url}#water")


# --- meals ------------------------------------------------------------------------------------------------


class MealForm(forms.Form):
    q = forms.CharField(label="Find a food", required=False, max_length=200, help_text='For example "banana".')
    food = forms.IntegerField(required=False)
    grams = forms.DecimalField(
        label="Amount (g)", min_value=Decimal("0.1"), max_value=MAX_ITEM_GRAMS, decimal_places=1, required=False
    )
    notes = forms.CharField(required=False, max_length=300, widget=forms.TextInput())


def _items(values: list[str]) -> list[tuple[int, Decimal]]:
    """The meal so far, carried in hidden "food:grams" fields so the page needs neither JavaScript nor a session."""
    items = []
    for value in values[:MAX_MEAL_ITEMS]:
        food, _, grams = value.partition(":")
        try:
            items.append((int(food), Decimal(grams)))
        except (ValueError, InvalidOperation):
            continue
    return items


def _basket(athlete: AthleteProfile, items: list[tuple[int, Decimal]]) -> list[dict[str, Any]]:
    foods = visible_foods(athlete.user).in_bulk([food for food, _ in items])
    return [
        {"index": i, "food": foods[food], "grams": grams, "value": f"{food}:{grams}"}
        for i, (food, grams) in enumerate(items)
        if food in foods
    ]


def _results(athlete: AthleteProfile, query: str) -> list[Food]:
    return search_foods(athlete.user, query, FOOD_RESULTS) if query.strip() else []


@login_required
@require_http_methods(["GET", "POST"])
def log_meal(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Search foods, add them with their grams, log the meal (intake.log_services.log_meal, as the API)."""
    athlete = athlete_or_404(request, athlete_id)
    form = MealForm(request.POST if request.method == "POST" else request.GET)
    form.is_valid()
    data = form.cleaned_data
    items = _items(request.POST.getlist("item"))
    action = request.POST.get("action", "search")
    if request.method == "POST" and "remove" in request.POST:
        index = request.POST["remove"]
        items = [item for i, item in enumerate(items) if str(i) != index]
        action = "remove"
    if request.method == "POST" and action in ("add", "save") and not form.errors:
        if data.get("food") and data.get("grams"):
            items.append((data["food"], data["grams"]))
        elif data.get("food"):
            form.add_error("grams", "How many grams?")
        elif action == "add" or not items:
            form.add_error("food", "Choose a food from the list first.")
    if request.method == "POST" and action == "save" and not form.errors:
        payload = {"items": [{"food": f, "grams": str(g)} for f, g in items], "notes": data.get("notes", "")}
        valid = validate_with(form, MealSerializer, payload, {"athlete": athlete}, aliases={"items": "food"})
        if valid is not None:
            log_services.log_meal(athlete=athlete, items=valid["items"], notes=valid.get("notes", ""))
            names = ", ".join(f"{item['grams'].normalize():f} g {item['food'].description}" for item in valid["items"])
            messages.success(request, f"Meal logged: {names}.")
            return redirect(reverse("page-today", args=[athlete.pk]) + "#meals")
    if action in ("add", "save") and not form.errors:
        form = MealForm(initial={"q": data.get("q", ""), "notes": data.get("notes", "")})
    context = {
        "athlete": athlete,
        "form": form,
        "basket": _basket(athlete, items),
        "results": _results(athlete, data.get("q") or ""),
        "query": data.get("q") or "",
        "selected": data.get("food"),
    }
    return render(request, "intake/meal.html", context, status=status_for(form))


@login_required
@require_GET
def food_results(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The food search results alone, for htmx as the athlete types (GET /api/v1/foods/?search= underneath)."""
    athlete = athlete_or_404(request, athlete_id)
    query = request.GET.get("q", "")[:200]
    return render(
        request, "intake/_food_results.html", {"results": _results(athlete, query), "query": query, "selected": None}
    )
