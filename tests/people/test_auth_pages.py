"""Sign-in, sign-out and password reset pages (Django's auth views with our templates), and the home page."""

from __future__ import annotations

import pytest
from django.core import mail

from tests.factories import PASSWORD
from tests.world import signed_in

pytestmark = pytest.mark.django_db


def test_home_for_visitors_offers_sign_in(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/login/"' in response.content.decode()


def test_home_sends_each_person_to_their_start_page(people) -> None:
    assert signed_in(people.coach).get("/").url == "/coach/"
    assert signed_in(people.athlete.user).get("/").url == f"/athletes/{people.athlete.pk}/today/"


def test_pages_ask_visitors_to_sign_in(client, people) -> None:
    for url in ("/coach/", f"/athletes/{people.athlete.pk}/today/", "/coach/templates/", "/settings/reminders/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/login/?next=")


def test_sign_in_with_email_and_password(client, people) -> None:
    page = client.get("/login/")
    body = page.content.decode()
    assert '<label for="id_username">Email' in body and "csrfmiddlewaretoken" in body
    wrong = client.post("/login/", {"username": people.coach.email, "password": "not-it"})
    assert wrong.status_code == 400
    assert "Please enter a correct email and password" in wrong.content.decode()
    right = client.post("/login/", {"username": people.coach.email.upper(), "password": PASSWORD})
    assert right.status_code == 302 and right.url == "/"
    assert client.get("/").url == "/coach/"


def test_sign_in_goes_back_to_the_page_asked_for(client, people) -> None:
    url = f"/athletes/{people.athlete.pk}/week/"
    response = client.post(
        f"/login/?next={url}", {"username": people.athlete.user.email, "password": PASSWORD, "next": url}
    )
    assert response.url == url


def test_sign_out_is_a_post(people) -> None:
    client = signed_in(people.coach)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/")
    assert response.status_code == 302 and response.url == "/login/"
    assert client.get("/coach/").status_code == 302


def test_password_reset_for_an_unknown_email_says_the_same_and_sends_nothing(client, db) -> None:
    response = client.post("/password-reset/", {"email": "nobody@example.org"})
    assert response.url == "/password-reset/sent/"
    assert mail.outbox == []


def test_forms_refuse_posts_without_csrf_token(people) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post("/login/", {"username": people.coach.email, "password": PASSWORD}).status_code == 403
    client.force_login(people.athlete.user)
    response = client.post(f"/athletes/{people.athlete.pk}/water/", {"water_ml": 250})
    assert response.status_code == 403
