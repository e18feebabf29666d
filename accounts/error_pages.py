"""handler403 and handler404 (trainer/urls.py): a page with the site's navigation that says what to do next, or
JSON for the API. DRF answers its own views' refusals in JSON already (people.api.exception_handler); these
catch the rest, such as an address under /api/ that names no endpoint. The 500 page is people.views.server_error,
which stays standalone because it may run while the database is away."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from people.pages import is_coach, own_athlete

API_PREFIX = "/api/"


def _context(request: HttpRequest) -> dict[str, object]:
    user = request.user
    return {"coach": is_coach(user), "athlete": own_athlete(user), "signed_in": user.is_authenticated}


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """403: the page exists but is not for this person, e.g. an athlete opening a coach's page."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    # Our own refusals carry a sentence for people ("This page is for coaches."); anything else gets none.
    reason = str(exception) if isinstance(exception, PermissionDenied) and exception.args else ""
    return render(request, "trainer/pages/403.html", {**_context(request), "reason": reason}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404: no such page, or something the person may not see (never said which: existence does not leak, so the
    exception's text, which may name what was looked for, is not shown)."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "trainer/pages/404.html", _context(request), status=404)


# Django's own reason names cookies and headers; people need what to do.
CSRF_REASON = (
    "The form could not be checked: it was open for a long time, or this browser blocks cookies for Trainer. "
    "Go back, reload the page and send it again."
)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a refused form post gets the styled 403 page with what to do, not Django's bare one."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "CSRF check failed; send the CSRF token with the session cookie."}, status=403)
    context = {**_context(request), "reason": CSRF_REASON, "heading": "This form could not be sent"}
    return render(request, "trainer/pages/403.html", context, status=403)
