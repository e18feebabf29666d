"""Reminder emails: text and HTML parts from templates, a deterministic Message-ID and one-click unsubscribe.

docs/design.md, Reminder delivery (3, 6): the Message-ID names the delivery row, so a message re-sent after a crash
mid-send carries the same id and mail clients fold the duplicate; every email has a signed unsubscribe link
and the RFC 2369 / RFC 8058 `List-Unsubscribe` headers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.policy
import functools
import io
import smtplib
import threading
import time
from dataclasses import dataclass
from email.generator import BytesGenerator
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from django.urls import reverse

from core.text import header_text
from people.emails import mail_host
from reminders import selectors
from reminders.content import GLASS_ML, PRODUCT_NAME, clean_subject
from reminders.models import TEST_KIND, Delivery, ReminderPreference
from reminders.timing import Kind

UNSUBSCRIBE_SALT = "reminders.unsubscribe"


class InvalidUnsubscribeToken(Exception):
    """The link was altered or was not made by this site."""


# Issue 8: unsubscribe links expire. Half a year keeps every recent email's link working (US CAN-SPAM asks for
# 30 days at least); past it, signing in and changing the settings does the same.
UNSUBSCRIBE_MAX_AGE_DAYS = 180


def unsubscribe_token(user_id: int, kind: str) -> str:
    """A signed token naming one user and one kind, valid for UNSUBSCRIBE_MAX_AGE_DAYS from the email's sending."""
    return signing.dumps([user_id, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=dt.timedelta(days=UNSUBSCRIBE_MAX_AGE_DAYS))
    except signing.SignatureExpired as exc:
        raise InvalidUnsubscribeToken(
            f"This unsubscribe link is more than {UNSUBSCRIBE_MAX_AGE_DAYS} days old. Sign in and turn the reminder "
            "off in your reminder settings instead."
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidUnsubscribeToken("This unsubscribe link is not valid.") from exc
    if not isinstance(user_id, int) or not isinstance(kind, str):
        raise InvalidUnsubscribeToken("This unsubscribe link is not valid.")
    return user_id, kind


def unsubscribe_url(user_id: int, kind: str) -> str:
    return settings.SITE_URL + reverse("reminders-unsubscribe", args=[unsubscribe_token(user_id, kind)])


# Issue 14: the hydration email's one-tap "log a drink" link. Opening it (a GET, as link scanners and previews do)
# only shows a page with a button; the button's POST logs the drink, once per email (Delivery.drink_logged_at).
# It works for a day: a nudge is about today's water.
DRINK_SALT = "reminders.drink"
DRINK_MAX_AGE = dt.timedelta(days=1)


class InvalidDrinkToken(Exception):
    """The drink link was altered, was not made by this site, or is too old."""


def drink_token(delivery_id: int, user_id: int) -> str:
    return signing.dumps([delivery_id, user_id], salt=DRINK_SALT, compress=True)


def read_drink_token(token: str) -> tuple[int, int]:
    """(delivery id, recipient id) of a valid drink link."""
    try:
        delivery_id, user_id = signing.loads(token, salt=DRINK_SALT, max_age=DRINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvalidDrinkToken(
            "This link to log a drink is more than a day old. Log your water on your Today page instead."
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidDrinkToken("This link to log a drink is not valid.") from exc
    if not isinstance(delivery_id, int) or not isinstance(user_id, int):
        raise InvalidDrinkToken("This link to log a drink is not valid.")
    return delivery_id, user_id


def drink_url(delivery_id: int, user_id: int) -> str:
    return settings.SITE_URL + reverse("reminders-drink", args=[drink_token(delivery_id, user_id)])


def message_id(delivery_id: int) -> str:
    return f"<delivery-{delivery_id}@{mail_host()}>"


@functools.lru_cache(maxsize=1024)
def _subject(stored: str) -> str:
    # A batch's rows mostly share a few subjects; cleaning one looks at every character (issue 16).
    return header_text(clean_subject(stored))


def delivery_message(delivery: Delivery, preference: ReminderPreference) -> EmailMultiAlternatives:
    recipient = delivery.recipient
    athlete = getattr(recipient, "athlete", None) if recipient.is_athlete else None
    # A test reminder belongs to no kind: its link turns off the person's most frequent one (hydration nudges
    # for an athlete, the digest for a coach), and the confirmation page names it.
    unsubscribe_kind = delivery.kind
    if delivery.kind == TEST_KIND:
        unsubscribe_kind = "hydration" if athlete is not None else "coach_digest"
    link = unsubscribe_url(recipient.pk, unsubscribe_kind)
    context = {
        **delivery.context,
        "name": recipient.name or recipient.email,
        "kind": delivery.kind,
        "kind_label": delivery.get_kind_display().lower(),
        "units": athlete.units if athlete is not None else "metric",
        "local_date": delivery.local_date,
        "unsubscribe_url": link,
        "site_url": settings.SITE_URL,
        "product_name": PRODUCT_NAME,
    }
    if delivery.kind == Kind.HYDRATION and athlete is not None:
        context["drink_url"] = drink_url(delivery.pk, recipient.pk)
        context["drink_ml"] = GLASS_ML
    template = "test" if delivery.kind == TEST_KIND else delivery.kind
    message = EmailMultiAlternatives(
        subject=_subject(delivery.subject),
        body=render_to_string(f"reminders/email/{template}.txt", context),
        to=[selectors.address_of(recipient, preference)],
        headers={
            "Message-ID": message_id(delivery.pk),
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",  # RFC 3834: no auto-replies to reminders
        },
    )
    message.attach_alternative(render_to_string(f"reminders/email/{template}.html", context), "text/html")
    return message


# --- one SMTP connection per sending thread -----------------------------------------------------------------

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
# A worker sending a burst of reminders keeps its SMTP session between them (no TCP and EHLO per message).
# Servers drop idle sessions after a minute or more (RFC 5321 asks for 5); past this idle time we reconnect.
SMTP_REUSE_IDLE_S = 20.0
# A session used this recently is live (a batch sends back to back): no NOOP round trip before the next email.
SMTP_FRESH_S = 1.0


class _WirePolicy(email.policy.Compat32):
    """compat32, as Django builds messages with, except that a one-line ASCII header is written as it is.

    compat32's generator re-folds every header through email.header.Header, a third of an email's CPU (issue 16).
    A one-line ASCII header needs no folding to be valid (RFC 5322 allows 998 characters; ours are a few hundred
    at most); Django refuses newlines in headers and encodes non-ASCII ones, and those still go the usual way.
    """

    def _fold(self, name: str, value: Any, sanitize: bool) -> str:
        one_line = isinstance(value, str) and value.isascii() and not ("\n" in value or "\r" in value)
        if one_line and len(name) + 2 + len(value) <= 998:
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


WIRE_POLICY = _WirePolicy(linesep="\r\n")
_local = threading.local()


@dataclass
class _Session:
    key: tuple[Any, ...]
    connection: Any
    used: float


def _smtp_key() -> tuple[Any, ...]:
    return (
        settings.EMAIL_HOST,
        settings.EMAIL_PORT,
        getattr(settings, "EMAIL_HOST_USER", ""),
        getattr(settings, "EMAIL_USE_TLS", False),
        getattr(settings, "EMAIL_USE_SSL", False),
    )


def _drop_session() -> None:
    session = getattr(_local, "smtp", None)
    _local.smtp = None
    if session is not None:
        with contextlib.suppress(smtplib.SMTPException, OSError):  # a server already gone needs no goodbye
            session.connection.close()


def _live_session() -> _Session:
    session = getattr(_local, "smtp", None)
    if session is not None and (session.key != _smtp_key() or time.monotonic() - session.used > SMTP_REUSE_IDLE_S):
        _drop_session()
        session = None
    if session is not None and time.monotonic() - session.used > SMTP_FRESH_S:
        try:
            # NOOP before reuse: a session the server closed fails here, before anything is sent.
            session.connection.connection.noop()
        except (smtplib.SMTPException, OSError, AttributeError):
            _drop_session()
            session = None
    if session is None:
        connection = get_connection()
        connection.open()
        session = _Session(_smtp_key(), connection, time.monotonic())
        _local.smtp = session
    return session


def wire_bytes(message: EmailMultiAlternatives) -> bytes:
    """The message as SMTP carries it (WIRE_POLICY: headers as Django built them, CRLF line ends)."""
    out = io.BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=WIRE_POLICY).flatten(message.message())
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def _envelope_address(address: str, encoding: str) -> str:
    # The envelope sender is the same for every email (DEFAULT_FROM_EMAIL); Django's parse of it costs as much
    # as a template (issue 16). Recipients differ each time and are parsed as Django's SMTP backend does.
    return sanitize_address(address, encoding)


def send(message: EmailMultiAlternatives) -> None:
    """Send one email. Over SMTP, the thread's session is reused; any error closes it, and the caller backs off.

    Other backends (the file backend of `make run`, one file per email) get a connection per message.
    """
    if settings.EMAIL_BACKEND != SMTP_BACKEND:
        message.send()
        return
    session = _live_session()
    try:
        encoding = message.encoding or settings.DEFAULT_CHARSET
        session.connection.connection.sendmail(
            _envelope_address(message.from_email, encoding),
            [sanitize_address(address, encoding) for address in message.recipients()],
            wire_bytes(message),
        )
    except BaseException:
        _drop_session()
        raise
    session.used = time.monotonic()
