"""The admin lists deliveries by status, and staff send a test reminder through the whole path."""

from __future__ import annotations

from django.test import Client

from reminders import services
from reminders.models import Delivery, DeliveryStatus, ReminderPreference
from tests.factories import DeliveryFactory
from tests.reminders.conftest import DAY, local, prime


def staff_browser(roster) -> Client:
    browser = Client()
    browser.force_login(roster.staff)
    return browser


def test_delivery_list_with_status_filter(roster) -> None:
    prime(roster.athlete_a.user, at=local("Europe/Berlin", DAY, 9))
    services.sweep(local("Europe/Berlin", DAY, 10), publish=False)
    browser = staff_browser(roster)
    page = browser.get("/admin/reminders/delivery/", {"status__exact": "pending"})
    assert page.status_code == 200 and page.context["cl"].result_count == 1
    assert b"Time for a drink" in page.content
    assert browser.get("/admin/reminders/delivery/", {"status__exact": "sent"}).context["cl"].result_count == 0
    for path in ("/admin/reminders/reminderpreference/", "/admin/reminders/reminderschedule/"):
        assert browser.get(path).status_code == 200


def test_send_test_reminder_action(roster, smtp_server) -> None:
    preference = services.preference_for(roster.athlete_a.user)
    response = staff_browser(roster).post(
        "/admin/reminders/reminderpreference/",
        {"action": "send_test_reminder", "_selected_action": [preference.pk]},
        follow=True,
    )
    assert response.status_code == 200 and b"Queued 1 test reminder" in response.content
    [test] = Delivery.objects.filter(kind="test")
    assert test.recipient == roster.athlete_a.user and test.context["requested_by"] == roster.staff.email
    assert services.send_delivery(test.pk) == "sent"
    [message] = smtp_server.messages
    assert message["Subject"] == "Test reminder from Trainer"
    assert Delivery.objects.get(pk=test.pk).status == DeliveryStatus.SENT


def test_send_again_action(roster) -> None:
    failed = DeliveryFactory(
        recipient=roster.athlete_a.user, kind="checkin", local_date=DAY, slot="20:00", subject="x",
        status=DeliveryStatus.FAILED, attempts=5,
    )  # fmt: skip
    response = staff_browser(roster).post(
        "/admin/reminders/delivery/", {"action": "send_again", "_selected_action": [failed.pk]}, follow=True
    )
    assert response.status_code == 200
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (DeliveryStatus.PENDING, 0)
    assert ReminderPreference.objects.count() == 0  # nothing else touched
