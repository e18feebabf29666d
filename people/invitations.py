"""Signed invitation tokens: they name an Invitation row and expire after INVITATION_MAX_AGE_SECONDS."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core import signing

SALT = "trainer.invitation"


class InvalidInvitation(Exception):
    """The token cannot be used; the message says why in words the athlete understands."""


def make_token(invitation_id: int) -> str:
    return signing.dumps({"inv": invitation_id}, salt=SALT, compress=True)


def read_token(token: str) -> int:
    """The invitation id inside a valid, unexpired token."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.INVITATION_MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise InvalidInvitation(
            "This invitation has expired (invitations last 7 days). Ask your coach to send a new one."
        ) from exc
    except signing.BadSignature as exc:
        raise InvalidInvitation("This invitation link is not valid. Check that you copied the whole link.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("inv"), int):
        raise InvalidInvitation("This invitation link is not valid. Check that you copied the whole link.")
    return data["inv"]


def joins_roster(invited_by_id: int | None, linked_coach_ids: Iterable[int]) -> bool:
    """True for a roster invitation, given the inviting coach and the athlete's coaches now: a coach asks an
    athlete who is not on their roster (most often one who already trains with another coach) to join it. The
    invitation sent when a coach adds a new athlete finds them on that roster already: it only sets a password."""
    return invited_by_id is not None and invited_by_id not in set(linked_coach_ids)
