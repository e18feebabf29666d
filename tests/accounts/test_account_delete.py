"""Deleting one's own account (`DELETE /api/v1/me/` and the "Delete my account" page): a password to confirm, then
every row that was the person's goes, and nobody else's. A coach who leaves takes none of the athletes' data."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import ForeignKey, Q
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from intake.models import Food, MealItem
from people.accounts import WRONG_PASSWORD
from people.models import AthleteProfile, User
from plans.models import PlanSession, SessionBlock
from reminders.models import ReminderSchedule
from tests.factories import PASSWORD
from tests.history import give_coach_own, give_history

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/"
PAGE = "/settings/account/delete/"
OUR_APPS = ("trainer", "plans", "intake", "recovery", "reminders")


def rows_about(athlete_id: int, user_id: int) -> dict[str, int]:
    """Per table, the rows that point at this athlete or this user by any foreign key (zero rows: left out)."""
    counts = {}
    for model in apps.get_models():
        if model._meta.app_label not in (*OUR_APPS, "authtoken"):
            continue
        links = Q()
        for field in model._meta.concrete_fields:
            if isinstance(field, ForeignKey) and field.related_model is AthleteProfile:
                links |= Q(**{field.name: athlete_id})
            elif isinstance(field, ForeignKey) and field.related_model is User:
                links |= Q(**{field.name: user_id})
        if model is AthleteProfile:
            links |= Q(pk=athlete_id)
        if links and (count := model.objects.filter(links).count()):
            counts[model._meta.label] = count
    return counts


def nested_rows(athlete_id: int) -> tuple[int, int, int]:
    return (
        PlanSession.objects.filter(plan__athlete_id=athlete_id).count(),
        SessionBlock.objects.filter(session__plan__athlete_id=athlete_id).count(),
        MealItem.objects.filter(meal__athlete_id=athlete_id).count(),
    )


@pytest.fixture
def histories(roster):
    for athlete, coach in ((roster.athlete_a, roster.coach_a), (roster.athlete_b, roster.coach_b)):
        give_history(athlete, coach)
    Token.objects.get_or_create(user=roster.athlete_a.user)
    return roster


def test_an_athlete_deletes_their_account_and_all_their_data(histories) -> None:
    roster, athlete = histories, histories.athlete_a
    user_id, athlete_id = athlete.user.pk, athlete.pk
    assert {"plans.PlanWeek", "intake.Meal", "reminders.Delivery", "reminders.ReminderPreference"} <= set(
        rows_about(athlete_id, user_id)
    )
    assert ReminderSchedule.objects.filter(user_id=user_id).exists()
    others = rows_about(roster.athlete_b.pk, roster.athlete_b.user.pk), nested_rows(roster.athlete_b.pk)
    coach = roster.clients["coach_a"]
    assert len(coach.get("/api/v1/roster/").json()["results"]) == 1

    response = roster.clients["athlete_a"].delete(URL, {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert not User.objects.filter(pk=user_id).exists()
    assert rows_about(athlete_id, user_id) == {}
    assert nested_rows(athlete_id) == (0, 0, 0)
    assert (rows_about(roster.athlete_b.pk, roster.athlete_b.user.pk), nested_rows(roster.athlete_b.pk)) == others
    # The coach stays, and their roster no longer lists the athlete.
    assert User.objects.filter(pk=roster.coach_a.pk).exists()
    assert coach.get("/api/v1/athletes/").json()["count"] == 0
    assert coach.get("/api/v1/roster/").json()["results"] == []


def test_the_old_token_stops_working(histories) -> None:
    key = Token.objects.get(user=histories.athlete_a.user).key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete(URL, {"password": PASSWORD}, format="json").status_code == 204
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize(
    "body", [{"password": "not-my-password"}, {"password": ""}, {}, None, ["a-long-test-password-42"]]
)
def test_a_missing_or_wrong_password_deletes_nothing(histories, body) -> None:
    athlete = histories.athlete_a
    before = rows_about(athlete.pk, athlete.user.pk)
    response = histories.clients["athlete_a"].delete(URL, body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["password"]
    assert response.json()["password"][0]
    assert rows_about(athlete.pk, athlete.user.pk) == before


def test_the_wrong_password_is_named_in_a_sentence(histories) -> None:
    response = histories.clients["athlete_a"].delete(URL, {"password": "guess"}, format="json")
    assert response.json() == {"password": [WRONG_PASSWORD]}


def test_password_guesses_are_limited_per_account(histories) -> None:
    from people.api import PasswordConfirmThrottle

    allowed, _ = PasswordConfirmThrottle().parse_rate(PasswordConfirmThrottle().get_rate())
    client = histories.clients["athlete_a"]
    for _ in range(allowed):
        assert client.delete(URL, {"password": "guess"}, format="json").status_code == 400
    assert client.delete(URL, {"password": PASSWORD}, format="json").status_code == 429
    assert User.objects.filter(pk=histories.athlete_a.user.pk).exists()
    assert client.get(URL).status_code == 200  # reading the account is not limited by it


def test_a_coach_deletes_their_account_and_the_athletes_keep_everything(histories) -> None:
    roster = histories
    own = give_coach_own(roster.coach_a, roster.athlete_a, roster.athlete_a.plans.first())
    athlete = roster.athlete_a
    before = rows_about(athlete.pk, athlete.user.pk), nested_rows(athlete.pk)

    assert roster.clients["coach_a"].delete(URL, {"password": PASSWORD}, format="json").status_code == 204

    assert not User.objects.filter(pk=roster.coach_a.pk).exists()
    after = rows_about(athlete.pk, athlete.user.pk), nested_rows(athlete.pk)
    # Only the coach's own rows about the athlete went: the roster place and the coach's alerts.
    lost = {k: v for k, v in before[0].items() if after[0].get(k) != v}
    assert lost == {"trainer.CoachAthlete": 1, "recovery.CoachAlert": 1}
    assert after[1] == before[1]
    food = Food.objects.get(pk=own.eaten_food.pk)
    assert (food.archived, food.owner_id) == (True, None)
    assert MealItem.objects.filter(meal=own.meal, food=food).exists()


# --- the page -------------------------------------------------------------------------------------------


def test_the_page_shows_what_goes_and_asks_for_the_password(histories) -> None:
    client = Client()
    client.force_login(histories.athlete_a.user)
    page = client.get(PAGE)
    assert page.status_code == 200
    body = page.content.decode()
    assert "1 training week<" in body and "1 meal<" in body and "1 workout<" in body and "1 sweat test<" in body
    assert 'type="password"' in body and "csrfmiddlewaretoken" in body
    assert 'href="/api/v1/me/export/"' in body


def test_the_page_tells_a_coach_their_athletes_stay(histories) -> None:
    client = Client()
    client.force_login(histories.coach_a)
    body = client.get(PAGE).content.decode()
    assert "Your athletes keep their accounts" in body
    assert "1 place on your roster (the athletes keep" in body


def test_the_page_refuses_a_wrong_password(histories) -> None:
    client = Client()
    client.force_login(histories.athlete_a.user)
    response = client.post(PAGE, {"password": "guess"})
    assert response.status_code == 400
    assert "not the password of this account" in response.content.decode()
    assert User.objects.filter(pk=histories.athlete_a.user.pk).exists()


def test_the_page_limits_password_guesses_like_the_api(histories) -> None:
    from people.api import PasswordConfirmThrottle

    allowed, _ = PasswordConfirmThrottle().parse_rate(PasswordConfirmThrottle().get_rate())
    client = Client()
    client.force_login(histories.athlete_a.user)
    histories.clients["athlete_a"].delete(URL, {"password": "guess"}, format="json")  # one through the API
    for _ in range(allowed - 1):
        assert client.post(PAGE, {"password": "guess"}).status_code == 400
    refused = client.post(PAGE, {"password": PASSWORD})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many password attempts" in refused.content.decode()
    assert User.objects.filter(pk=histories.athlete_a.user.pk).exists()


def test_the_page_needs_the_csrf_token(histories) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(histories.athlete_a.user)
    assert client.post(PAGE, {"password": PASSWORD}).status_code == 403
    assert User.objects.filter(pk=histories.athlete_a.user.pk).exists()


def test_the_page_deletes_signs_out_and_says_so_on_the_sign_in_page(histories) -> None:
    athlete = histories.athlete_a
    client = Client(enforce_csrf_checks=True)
    client.force_login(athlete.user)
    form = client.get(PAGE)
    token = form.context["csrf_token"]
    response = client.post(PAGE, {"password": PASSWORD, "csrfmiddlewaretoken": token}, follow=True)
    assert response.redirect_chain[-1][0] == "/login/"
    assert "Your account is deleted" in response.content.decode()
    assert not User.objects.filter(pk=athlete.user.pk).exists()
    assert rows_about(athlete.pk, athlete.user.pk) == {}
    assert client.get(PAGE).status_code == 302  # signed out
    assert User.objects.filter(pk=histories.athlete_b.user.pk).exists()


def test_the_page_needs_signing_in() -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
