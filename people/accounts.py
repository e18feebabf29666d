"""Writes about a whole account: deleting it at its owner's request (`DELETE /api/v1/me/`, the "Delete my
account" page)."""

from __future__ import annotations

import logging

from django.db import transaction

from core.errors import ServiceError
from people.models import User

logger = logging.getLogger(__name__)

WRONG_PASSWORD = "That is not the password of this account; nothing was deleted."  # a sentence  # nosec B105


@transaction.atomic
def delete_account(*, user: User, password: str) -> None:
    """Delete `user` and everything that is theirs, once they confirm with their password.

    An athlete takes their profile with them, and with it every plan, log, check, alert about them and reminder
    email (the foreign keys cascade). A coach takes their roster places, templates, alerts and own exercises;
    their athletes keep every plan, session and log, and foods those athletes ate stay, archived, in their meals
    (intake.models.keep_eaten_foods). Django's deletion collector does the walking, so the admin and the ORM
    delete exactly the same rows.
    """
    # Asked again even with a valid session or token: a borrowed phone must not be enough to erase a history.
    if not password or not user.check_password(password):
        raise ServiceError("password", WRONG_PASSWORD)
    user_id = user.pk
    user.delete()
    logger.info("account %s deleted at its owner's request", user_id)
