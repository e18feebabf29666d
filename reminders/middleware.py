"""Pages in the viewer's own clock (issue 14): Django shows aware datetimes in the active time zone, so each
request activates the signed-in person's zone: an athlete's profile zone, a coach's reminder zone (the one their
digest follows), else UTC. The reminders app holds the coach's zone, so this lives here."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from people.models import User


def viewer_zone_name(user: User) -> str:
    """The zone a person reads times in (one query): their athlete profile's, else their reminder settings'."""
    row = User.objects.filter(pk=user.pk).values_list("athlete__time_zone", "reminder_preference__time_zone").first()
    return next((zone for zone in row or () if zone), "UTC")


class ViewerTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith("/api/"):
            return self.get_response(request)  # the API speaks ISO 8601 with offsets, whoever asks
        try:
            zone = ZoneInfo(viewer_zone_name(user))
        except (ZoneInfoNotFoundError, ValueError):  # a zone name the tz database no longer knows
            zone = ZoneInfo("UTC")
        request.viewer_zone = zone
        with timezone.override(zone):
            return self.get_response(request)


def viewer_zone(request: HttpRequest) -> dict[str, object]:
    """Context processor: `viewer_zone`, to name the zone where a page shows times of several people."""
    return {"viewer_zone": getattr(request, "viewer_zone", None)}
