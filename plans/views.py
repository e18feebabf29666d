"""Plan pages outside the API: the calendar feed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from people import calendar_links
from plans import calendar, calendar_services, selectors

# Calendar apps poll the feed; eight weeks back keeps recent history without growing forever.
FEED_HISTORY_DAYS = 56


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The athlete's published weeks; the signed link is the only credential (make a new one to revoke)."""
    try:
        athlete = calendar_links.athlete_for(token, timezone.localdate())
    except calendar_links.LinkRefused as refused:
        return HttpResponse(str(refused), status=refused.status, content_type="text/plain; charset=utf-8")
    since = timezone.localdate() - dt.timedelta(days=FEED_HISTORY_DAYS)
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    fixtures = selectors.fixtures_from(athlete, since)
    feed = calendar.feed(athlete, selectors.published_sessions(athlete, since), host, fixtures, timezone.now())
    calendar_services.record_revisions(feed.revisions)  # so the next poll sees the same SEQUENCE
    response = HttpResponse(feed.body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
