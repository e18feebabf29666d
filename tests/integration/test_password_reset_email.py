"""Password reset end to end: the page answers at once, a real worker sends the email over real SMTP, the link
sets a new password once."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client

from tests.factories import AthleteFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_password_reset_goes_through_the_worker(celery_worker, smtp_server, settings) -> None:
    settings.SITE_URL = "https://trainer.example.org"
    user = AthleteFactory().user
    client = Client()
    response = client.post("/password-reset/", {"email": user.email})
    assert response.status_code == 302 and response.url == "/password-reset/sent/"
    deadline = time.monotonic() + 20
    while not smtp_server.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    [message] = smtp_server.messages
    assert message["To"] == user.email
    assert message.get_body(("html",)) is not None, "the email has an HTML part"
    text = message.get_body(("plain",)).get_content()
    link = re.search(r"https://trainer\.example\.org(/reset/\S+/)", text).group(1)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    weak = client.post(form.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200 and "errorlist" in weak.content.decode()
    new = {"new_password1": "a-brand-new-pass-77", "new_password2": "a-brand-new-pass-77"}
    assert client.post(form.redirect_chain[-1][0], new).url == "/reset/done/"
    assert client.post("/login/", {"username": user.email, "password": "a-brand-new-pass-77"}).status_code == 302
    assert "cannot be used" in client.get(link, follow=True).content.decode()  # the link works once
