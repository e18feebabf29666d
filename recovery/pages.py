"""Recovery pages: the coach's page about one athlete (plan, alerts, charts, cramps), the athlete's trends and
cramp history."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from people.logs import local_today
from people.models import AthleteProfile
from people.pages import (
    athlete_or_404,
    require_coach,
)
from plans import block_pages, selectors
from plans.pages import GenerateForm, label, present_plan, week_of, week_param
from plans.serializers import (
    plan_json,
)
from recovery import charts, history
from recovery import selectors as recovery_selectors
from recovery import services as recovery_services
from training import selectors as file_selectors
from training.models import CrampEpisode

LOAD_DAYS = 28


INTAKE_DAYS = 14


CRAMP_DAYS = 90


CRAMPS_SHOWN = 20


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
    return recovery_selectors.cramps_since(athlete, since, limit)


@login_required
@require_GET
def athlete_overview(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """One athlete for their coach: this week, load, water and minerals, cramps with factors, alerts."""
    athlete = athlete_or_404(request, athlete_id)
    require_coach(request.user)
    today = local_today(athlete)
    week_start = week_param(request, week_of(today))
    plan = selectors.plans_of(athlete, request.user, week_start).first()
    alerts = recovery_selectors.alerts_about(request.user, athlete)
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
def alert_read(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = recovery_selectors.alert_of(request.user, alert_id)
    if alert is None:
        raise Http404("No such alert.")
    recovery_services.mark_alert_read(alert)
    back = request.POST.get("next", "")
    # Only back to a page of ours: a forged form must not send the coach to another site.
    safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return redirect(back if back and safe else reverse("page-roster"))


@login_required
@require_GET
def cramps(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The last 90 days of cramps, each with the factors that preceded it (the API's cramp factors)."""
    athlete = athlete_or_404(request, athlete_id)
    timeline = _cramp_timeline(athlete, _recent_cramps(athlete))
    return render(request, "plans/cramps.html", {"athlete": athlete, "timeline": timeline})


@login_required
@require_GET
def trends(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Load, water, minerals and wellness over the last weeks, as SVG charts with their numbers."""
    athlete = athlete_or_404(request, athlete_id)
    today = local_today(athlete)
    chart_set = _charts_for(athlete, today)
    first = today - dt.timedelta(days=LOAD_DAYS - 1)
    hooper = recovery_selectors.hooper_by_date(athlete, first)
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
