"""Invitation tokens: signed, single-use, expiring after 7 days; forged, expired and reused ones refused."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from rest_framework.test import APIClient

from people import invitations, services
from tests.factories import AthleteFactory, CoachFactory

pytestmark = pytest.mark.django_db


class _SignerFromThePast(signing.TimestampSigner):
    def __init__(self, age_s: int, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.age_s = age_s

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - self.age_s)


def token_aged(invitation_id: int, age_s: int) -> str:
    signer = _SignerFromThePast(age_s, salt=invitations.SALT)
    return signer.sign_object({"inv": invitation_id}, compress=True)


@pytest.fixture
def invitation(django_capture_on_commit_callbacks):
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach])
    with django_capture_on_commit_callbacks(execute=False):
        return services.invite(athlete=athlete, invited_by=coach)


def accept(token: str, password: str = "a brand new password") -> tuple[int, dict]:
    response = APIClient().post("/api/v1/auth/invitations/accept/", {"token": token, "password": password})
    return response.status_code, response.json()


def test_a_fresh_token_gives_an_api_token_once(invitation) -> None:
    token = invitations.make_token(invitation.pk)
    status, body = accept(token)
    assert status == 200
    assert len(body["token"]) == 40
    status, body = accept(token, "yet another password")
    assert status == 400
    assert "already been used" in body["token"][0]
    invitation.athlete.user.refresh_from_db()
    assert invitation.athlete.user.check_password("a brand new password")


def test_a_six_day_old_token_still_works(invitation) -> None:
    assert accept(token_aged(invitation.pk, 6 * 86400))[0] == 200


def test_an_eight_day_old_token_has_expired(invitation) -> None:
    status, body = accept(token_aged(invitation.pk, 8 * 86400))
    assert status == 400
    assert "expired" in body["token"][0]


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "x" + t, lambda t: "garbage"])
def test_forged_tokens_are_refused(invitation, mangle) -> None:
    status, body = accept(mangle(invitations.make_token(invitation.pk)))
    assert status == 400
    assert "not valid" in body["token"][0]


def test_a_token_signed_with_another_key_is_refused(invitation) -> None:
    forged = signing.dumps({"inv": invitation.pk}, key="not-our-secret", salt=invitations.SALT, compress=True)
    assert accept(forged)[0] == 400


def test_weak_password_is_refused_and_the_invitation_kept(invitation) -> None:
    token = invitations.make_token(invitation.pk)
    status, body = accept(token, "123")
    assert status == 400
    assert "password" in body
    assert accept(token)[0] == 200


def test_the_page_explains_an_expired_link(client, invitation) -> None:
    response = client.get(f"/invite/{token_aged(invitation.pk, 8 * 86400)}/")
    assert response.status_code == 400
    assert b"expired" in response.content
