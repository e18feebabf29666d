"""Thin Celery tasks for people: they call services and send the emails those services prepared."""

from __future__ import annotations

import logging
import smtplib
from datetime import timedelta

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from core.text import header_text
from people import emails, selectors, services

logger = logging.getLogger(__name__)


class SendFailed(Exception):
    """An SMTP failure as Celery logs it when retrying and when giving up: the error's class and SMTP code only,
    because a server's reply often quotes the recipient's address."""


def _send_failed(exc: Exception) -> SendFailed:
    code = getattr(exc, "smtp_code", None)
    return SendFailed(f"{type(exc).__name__} {code}" if code else type(exc).__name__)


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_invitation(self, invitation_id: int) -> str:  # noqa: ANN001 - Celery's bound task
    """Send one invitation email; the claim on `sent_at` makes a second run a no-op."""
    invitation = services.claim_invitation_email(invitation_id)
    if invitation is None:
        return "already sent"
    try:
        emails.invitation_message(invitation).send()
    except (smtplib.SMTPException, OSError) as exc:
        services.release_invitation_email(invitation_id)
        failure = _send_failed(exc)
    else:
        return "sent"
    # Raised outside the except block, so what Celery logs has no chained SMTP reply in it.
    raise self.retry(exc=failure, countdown=min(600, 30 * 2**self.request.retries))


@shared_task
def send_unsent_invitations() -> int:
    """Re-publish invitations whose first publish was lost (broker down when the coach added the athlete)."""
    ids = selectors.unsent_invitation_ids(timezone.now() - timedelta(minutes=5))
    for invitation_id in ids:
        send_invitation.delay(invitation_id)
    return len(ids)


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_email(self, subject: str, body: str, to: list[str], html: str | None = None) -> str:  # noqa: ANN001
    """Send one rendered email (password resets): the request never waits on SMTP, and SMTP errors retry."""
    message = EmailMultiAlternatives(subject=header_text(subject), body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        failure = _send_failed(exc)
    else:
        return "sent"
    # Backoff well under the broker's visibility timeout (settings.CELERY_BROKER_VISIBILITY_TIMEOUT_SECONDS); raised
    # outside the except block, so what Celery logs has no chained SMTP reply in it.
    raise self.retry(exc=failure, countdown=min(600, 30 * 2**self.request.retries))
