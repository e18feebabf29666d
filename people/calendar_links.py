"""Calendar feed links: signed, expiring and revocable (issue 8).

The link carries the athlete's id, their current calendar secret and the link's last day, signed with SECRET_KEY.
The signature refuses forged or altered links before any lookup; the secret must still match the stored one, so
making a new link revokes the old one; the last day is stored (a year after the link was made) so the address
stays the same for the calendar app that polls it, until it expires or is replaced.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from people.models import AthleteProfile

SALT = "plans.calendar-feed"


class LinkRefused(Exception):
    """Not a link of ours, replaced (404), or past its last day (410)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def feed_token(athlete: AthleteProfile) -> str:
    payload = [athlete.pk, athlete.calendar_token, athlete.calendar_link_expires_on.isoformat()]
    # A plain Signer, not signing.dumps: that one stamps the time, and the address would change at each view.
    return signing.Signer(salt=SALT).sign_object(payload, compress=True)


def feed_url(athlete: AthleteProfile) -> str:
    return settings.SITE_URL + reverse("calendar-feed", args=[feed_token(athlete)])


def athlete_for(token: str, today: dt.date) -> AthleteProfile:
    """The athlete whose feed `token` opens, or LinkRefused with what the calendar app should show."""
    unknown = LinkRefused("No such calendar.", 404)
    try:
        athlete_id, secret, last_day = signing.Signer(salt=SALT).unsign_object(token)
        last_day = dt.date.fromisoformat(last_day)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise unknown from exc
    athlete = AthleteProfile.objects.select_related("user").filter(pk=athlete_id).first()
    if athlete is None or not constant_time_compare(str(secret), athlete.calendar_token):
        raise unknown
    if today > last_day:
        raise LinkRefused(
            f"This calendar link expired on {last_day:%d %B %Y}. Open your calendar page in Trainer for a new one.",
            410,
        )
    return athlete
