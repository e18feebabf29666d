"""The one-click unsubscribe page (docs/design.md, Reminder delivery (6)). No login: the signed token is the
permission, so the page works from any mail client, and a mail provider's RFC 8058 one-click POST (which
carries no CSRF token) turns the kind off too.

The hydration email's "log a drink" page (issue 14): no login either, but its GET only asks, with a button whose
POST (CSRF-checked, the form is ours) logs the glass, once per email."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from reminders import emails, selectors, services


@csrf_exempt  # the signed token authorizes the change; RFC 8058 POSTs come without a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        _, kind = emails.read_unsubscribe_token(token)
    except emails.InvalidUnsubscribeToken as exc:
        return render(request, "reminders/unsubscribe_invalid.html", {"reason": str(exc)}, status=400)
    label = kind.replace("_", " ")
    if request.method == "GET":
        # A GET changes nothing: link scanners and previews open links without anyone asking.
        return render(request, "reminders/unsubscribe.html", {"kind": label})
    try:
        user, _ = services.unsubscribe(token)
    except emails.InvalidUnsubscribeToken as exc:
        return render(request, "reminders/unsubscribe_invalid.html", {"reason": str(exc)}, status=400)
    return render(request, "reminders/unsubscribed.html", {"kind": label, "email": user.email})


@require_http_methods(["GET", "POST"])
def drink(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = selectors.drink_link(token)
    except emails.InvalidDrinkToken as exc:
        return render(request, "reminders/drink_invalid.html", {"reason": str(exc)}, status=400)
    athlete = link.athlete
    zone = ZoneInfo(athlete.time_zone)
    context = {
        "token": token,
        "water_ml": link.water_ml,
        "units": athlete.units,
        "today_url": reverse("page-today", args=[athlete.pk]),
        "used_at": link.delivery.drink_logged_at.astimezone(zone) if link.delivery.drink_logged_at else None,
    }
    if request.method == "GET":  # changes nothing: link scanners and previews open links on their own
        return render(request, "reminders/drink.html", context)
    try:
        link, water = services.log_drink(token)
    except emails.InvalidDrinkToken as exc:
        return render(request, "reminders/drink_invalid.html", {"reason": str(exc)}, status=400)
    except ServiceError as exc:
        return render(request, "reminders/drink.html", {**context, "error": exc.message}, status=400)
    if water is None:
        used = selectors.drink_link(token).delivery.drink_logged_at
        return render(request, "reminders/drink.html", {**context, "used_at": used.astimezone(zone)}, status=409)
    return render(request, "reminders/drink_done.html", {**context, "logged_at": water.at.astimezone(zone)})
