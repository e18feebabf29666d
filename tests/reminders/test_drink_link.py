"""The hydration email (issue 14): its HTML part has a viewport, the product's name and a one-tap "log a drink" link.
The link's GET only asks (link scanners and previews open links by themselves); the page's CSRF-checked POST logs
one glass for the athlete without a sign-in, once per email, as any water log (the day's plausibility check)."""

from __future__ import annotations

import datetime as dt
import re
import time
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core import signing
from django.test import Client

from intake.models import WaterLog
from reminders import emails, services
from reminders.models import Delivery
from tests.reminders.conftest import DAY, local, only_kinds, prime

ZONE = "Europe/Berlin"


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name"):
            self.meta[values["name"]] = values.get("content") or ""
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])


@pytest.fixture
def nudge(berlin) -> Delivery:
    only_kinds(berlin.user, "hydration")
    prime(berlin.user, at=local(ZONE, DAY, 0))
    [made] = services.sweep(local(ZONE, DAY, 10), publish=False).created
    return Delivery.objects.get(pk=made)


def _parts(delivery: Delivery) -> tuple[str, str]:
    message = emails.delivery_message(delivery, services.preference_for(delivery.recipient))
    return message.body, message.alternatives[0][0]


def _drink_path(text: str) -> str:
    [url] = re.findall(r"https?://\S+/drink/[^\s\"<]+/", text)
    assert url.startswith(settings.SITE_URL)
    return url.removeprefix(settings.SITE_URL)


def test_the_html_part_has_a_viewport_the_name_and_the_drink_link(nudge, smtp_server) -> None:
    assert services.send_delivery(nudge.pk) == "sent"
    [message] = smtp_server.messages
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    parsed = _Meta()
    parsed.feed(html)
    assert parsed.meta["viewport"] == "width=device-width, initial-scale=1"
    assert "<title>Trainer</title>" in html and ">Trainer</a>" in html
    drink_links = [link for link in parsed.links if "/drink/" in link]
    assert len(drink_links) == 1 and drink_links[0].startswith(settings.SITE_URL + "/drink/")
    assert "Log a drink (250 ml)" in html
    assert _drink_path(text) == drink_links[0].removeprefix(settings.SITE_URL)  # the text part has it too


def test_other_kinds_have_no_drink_link_but_the_viewport(berlin) -> None:
    only_kinds(berlin.user, "checkin")
    prime(berlin.user, at=local(ZONE, DAY, 0))
    [made] = services.sweep(local(ZONE, DAY, 20), publish=False).created
    text, html = _parts(Delivery.objects.get(pk=made))
    assert 'name="viewport"' in html
    assert "/drink/" not in text and "/drink/" not in html


def test_the_get_asks_and_the_post_logs_one_glass_once(nudge, berlin) -> None:
    path = _drink_path(_parts(nudge)[0])
    browser = Client(enforce_csrf_checks=True)  # no sign-in
    page = browser.get(path)
    assert page.status_code == 200 and "Log 250 ml of water" in page.content.decode()
    assert not WaterLog.objects.exists()  # opening the link changes nothing
    assert browser.post(path).status_code == 403  # a POST from elsewhere, without the page's CSRF token
    token = page.cookies["csrftoken"].value
    before = dt.datetime.now(dt.UTC)
    done = browser.post(path, {"csrfmiddlewaretoken": token})
    assert done.status_code == 200 and "Drink logged" in done.content.decode()
    [log] = WaterLog.objects.all()
    assert (log.athlete_id, log.water_ml) == (berlin.pk, 250) and log.at >= before
    nudge.refresh_from_db()
    assert nudge.drink_logged_at == log.at
    again = browser.post(path, {"csrfmiddlewaretoken": token})
    assert again.status_code == 409 and "Already logged" in again.content.decode()
    assert WaterLog.objects.count() == 1
    assert "Already logged" in browser.get(path).content.decode()


def test_a_refused_drink_gives_the_link_back(nudge, berlin) -> None:
    """Over docs/domain.md §4's 10 L in a day the log is refused, with the reason, and the link stays unused."""
    now = dt.datetime.now(dt.UTC)
    WaterLog.objects.bulk_create(
        WaterLog(athlete=berlin, at=now - dt.timedelta(minutes=i), water_ml=1960) for i in range(5)
    )
    path = _drink_path(_parts(nudge)[0])
    browser = Client()
    response = browser.post(path)
    assert response.status_code == 400 and "10" in response.content.decode()
    assert WaterLog.objects.count() == 5
    nudge.refresh_from_db()
    assert nudge.drink_logged_at is None


def test_altered_old_or_foreign_links_do_nothing(nudge, berlin) -> None:
    path = _drink_path(_parts(nudge)[0])
    browser = Client()
    assert browser.post(path[:-3] + "xx/").status_code == 400

    # A day old: signed a day and a minute ago (Django's own signer, with its clock set back).
    class Yesterday(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time()) - 86_460)

    old = Yesterday(salt=emails.DRINK_SALT).sign_object([nudge.pk, berlin.user_id], compress=True)
    response = browser.post(f"/drink/{old}/")
    assert response.status_code == 400 and "more than a day old" in response.content.decode()
    # A valid signature over another person's delivery id is refused too.
    stranger = emails.drink_token(nudge.pk, berlin.user_id + 1000)
    assert browser.post(f"/drink/{stranger}/").status_code == 400
    berlin.user.is_active = False
    berlin.user.save()
    assert browser.post(path).status_code == 400
    assert not WaterLog.objects.exists()
