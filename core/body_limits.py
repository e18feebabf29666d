"""Size limits on API request bodies, answered in JSON: 413 past the limit, 400 for a form with too many fields.

Without this, a body past Django's DATA_UPLOAD_MAX_MEMORY_SIZE raised RequestDataTooBig while DRF read it, and
Django answered with its HTML 400 page. The declared length is checked before the view runs, so a large body is
refused before it is read, authentication included; a body Django refuses while reading (a form's fields) gets
the same JSON answer.

A view that takes larger bodies (a workout file upload) says so with a class or function attribute
`max_body_bytes`; every other API view takes DATA_UPLOAD_MAX_MEMORY_SIZE (Django's 2.5 MiB by default).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse

API_PREFIX = "/api/"


def in_words(size_bytes: int) -> str:
    """A size as people read it, in decimal units: "2.6 MB", "900 kB"."""
    if size_bytes >= 1_000_000:
        return f"{size_bytes / 1_000_000:,.1f} MB"
    return f"{max(1, round(size_bytes / 1000)):,} kB"


def body_limit_bytes(view_func: Callable[..., Any]) -> int | None:
    """The body size a view accepts: its own `max_body_bytes` (on a DRF view's class, or on the function),
    else the project's limit (None: unlimited, as Django's setting allows)."""
    for holder in (getattr(view_func, "cls", None), view_func):
        limit = getattr(holder, "max_body_bytes", None)
        if limit is not None:
            return int(limit)
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def too_large(limit_bytes: int | None) -> JsonResponse:
    within = f" (at most {in_words(limit_bytes)})" if limit_bytes is not None else ""
    return JsonResponse({"detail": f"The request body is larger than this address accepts{within}."}, status=413)


class BodyLimitMiddleware:
    """API requests only: pages keep Django's own answers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        limit = body_limit_bytes(view_func)
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads no body then
        if limit is not None and declared > limit:
            return too_large(limit)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            # within the view's limit, past Django's on what it holds in memory (JSON, a form's fields)
            return too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
            return JsonResponse({"detail": "The form sends too many fields or files."}, status=400)
        return None
