"""Token sign-in reads the athlete's own profile in its one query (people/authentication.py, issue 16 item 5),
and answers exactly as DRF's own token sign-in did."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import AthleteFactory, CoachFactory

pytestmark = pytest.mark.django_db


def with_token(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_an_athlete_about_themself_costs_the_sign_in_query_and_no_profile_query(django_assert_num_queries) -> None:
    athlete = AthleteFactory()
    client = with_token(athlete.user)
    with django_assert_num_queries(2) as queries:  # the token with its user and profile; the (empty) page's count
        answer = client.get(f"/api/v1/athletes/{athlete.pk}/workouts/")
    assert answer.status_code == 200, answer.content
    assert "trainer_athleteprofile" in queries.captured_queries[0]["sql"]


def test_an_athlete_sees_no_one_else() -> None:
    athlete, other = AthleteFactory(), AthleteFactory()
    client = with_token(athlete.user)
    for path in (f"/api/v1/athletes/{other.pk}/workouts/", "/api/v1/athletes/12345678/workouts/"):
        assert client.get(path).status_code == 404
    assert client.post(f"/api/v1/athletes/{other.pk}/water/", {"water_ml": 250}, format="json").status_code == 404


def test_a_coach_by_token_sees_their_roster_only() -> None:
    coach = CoachFactory()
    mine, theirs = AthleteFactory(coaches=[coach]), AthleteFactory()
    client = with_token(coach)
    assert client.get(f"/api/v1/athletes/{mine.pk}/workouts/").status_code == 200
    assert client.get(f"/api/v1/athletes/{theirs.pk}/workouts/").status_code == 404


def test_a_wrong_token_or_an_inactive_user_is_refused_as_before() -> None:
    athlete = AthleteFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    refused = client.get(f"/api/v1/athletes/{athlete.pk}/workouts/")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Invalid token."
    assert refused["WWW-Authenticate"] == "Token"
    client = with_token(athlete.user)
    athlete.user.is_active = False
    athlete.user.save(update_fields=["is_active"])
    inactive = client.get(f"/api/v1/athletes/{athlete.pk}/workouts/")
    assert inactive.status_code == 401
    assert inactive.json()["detail"] == "User inactive or deleted."
