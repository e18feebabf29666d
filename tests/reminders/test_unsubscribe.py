"""One-click unsubscribe (docs/design.md, Reminder delivery (6)): the signed link works without login, a GET only
asks, a POST (and an RFC 8058 one-click POST) turns that one kind off, and a tampered link is refused."""

from __future__ import annotations

import time

from django.test import Client

from reminders import emails, services
from reminders.models import ReminderSchedule
from reminders.selectors import preference_of


def path_of(user, kind: str) -> str:
    return emails.unsubscribe_url(user.pk, kind).split("8000", 1)[-1]


def test_get_asks_post_turns_off(berlin) -> None:
    services.recompute_schedules(berlin.user)
    browser = Client(enforce_csrf_checks=True)
    path = path_of(berlin.user, "hydration")
    page = browser.get(path)
    assert page.status_code == 200 and b"hydration" in page.content and b"<form" in page.content
    assert preference_of(berlin.user).hydration  # a GET (a link scanner) changes nothing
    done = browser.post(path)
    assert done.status_code == 200 and berlin.user.email.encode() in done.content
    berlin.user.refresh_from_db()
    preference = preference_of(berlin.user)
    assert preference.hydration is False and preference.checkin is True
    assert ReminderSchedule.objects.get(user=berlin.user, kind="hydration").next_due_at is None
    assert browser.post(path).status_code == 200  # twice is fine


def test_rfc8058_one_click_post(berlin) -> None:
    response = Client(enforce_csrf_checks=True).post(
        path_of(berlin.user, "checkin"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert preference_of(berlin.user).checkin is False


def test_tampered_links_are_refused(berlin, coach) -> None:
    path = path_of(berlin.user, "hydration")
    token = path.rstrip("/").rsplit("/", 1)[-1]
    other_user = token.replace(token[2], "A" if token[2] != "A" else "B", 1)
    for bad in (other_user, token[:-2] + "xx", "nonsense", emails.unsubscribe_token(berlin.user.pk, "hydration") + "x"):
        response = Client().post(f"/unsubscribe/{bad}/")
        assert response.status_code == 400, bad
        assert b"not valid" in response.content
    assert Client().get(f"/unsubscribe/{token[:-3]}abc/").status_code == 400
    forged = emails.signing.dumps([coach.pk, "coach_digest"], salt="another.salt")
    assert Client().post(f"/unsubscribe/{forged}/").status_code == 400
    assert preference_of(berlin.user).hydration is True


def test_links_expire_after_half_a_year(berlin, monkeypatch) -> None:
    sent_at = time.time() - (emails.UNSUBSCRIBE_MAX_AGE_DAYS + 1) * 86400
    monkeypatch.setattr(emails.signing.time, "time", lambda: sent_at)
    old = path_of(berlin.user, "hydration")
    monkeypatch.undo()
    recent = path_of(berlin.user, "checkin")
    response = Client().post(old)
    assert response.status_code == 400
    assert b"more than 180 days old" in response.content and b"reminder settings" in response.content
    assert preference_of(berlin.user).hydration is True
    assert Client().post(recent).status_code == 200
