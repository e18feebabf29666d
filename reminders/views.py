"""The one-click unsubscribe page (DESIGN.md, Reminder delivery (6)). No login: the signed token is the
permission, so the page works from any mail client, and a mail provider's RFC 8058 one-click POST (which
carries no CSRF token) turns the kind off too."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from reminders import emails, services


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
