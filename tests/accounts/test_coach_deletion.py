"""Deleting a coach never deletes an athlete's data: by the ORM, a queryset (the admin's bulk action) or the
admin's delete view, the athletes keep their plans, sessions, logs and meals, and the coach's foods they ate stay
in those meals as archived foods that nobody can find or log again."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.html import escape

from core.errors import ServiceError
from intake import log_services
from intake.models import Food, FoodPortion, Meal, MealItem, WaterLog
from intake.selectors import get_visible_food, search_foods, visible_foods
from people.logs import local_today
from people.models import AthleteProfile, CoachAthlete, Invitation, User
from plans.models import BlockExercise, Exercise, PlanSession, PlanTemplate, PlanWeek
from recovery.models import CoachAlert
from tests.history import give_coach_own, give_history
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

pytestmark = pytest.mark.django_db


def athlete_records(athlete) -> dict[str, object]:
    """Everything of the athlete's that must survive their coach, as comparable values."""
    return {
        "plans": list(PlanWeek.objects.filter(athlete=athlete).values_list("id", "status", "week_start")),
        "sessions": list(
            PlanSession.objects.filter(plan__athlete=athlete).values_list("id", "title", "planned_minutes")
        ),
        "exercise_names": list(
            BlockExercise.objects.filter(block__session__plan__athlete=athlete).order_by("id").values_list("name")
        ),
        "workouts": list(WorkoutLog.objects.filter(athlete=athlete).values_list("id", "minutes", "rpe")),
        "checkins": WellnessCheckIn.objects.filter(athlete=athlete).count(),
        "cramps": CrampEpisode.objects.filter(athlete=athlete).count(),
        "water": WaterLog.objects.filter(athlete=athlete).count(),
        "meal_items": list(MealItem.objects.filter(meal__athlete=athlete).values_list("meal_id", "food_id", "grams")),
    }


def day_minerals(client, athlete) -> dict:
    response = client.get(f"/api/v1/athletes/{athlete.pk}/days/{local_today(athlete)}/")
    assert response.status_code == 200
    return {name: value["mg"] for name, value in response.json()["minerals"].items()}


@pytest.fixture
def coached(roster):
    """athlete_a with a history, coach_a's own food eaten in a meal, an exercise in a session, a template."""
    plans = give_history(roster.athlete_a, roster.coach_a)
    own = give_coach_own(roster.coach_a, roster.athlete_a, plans[0])
    return roster, own


def assert_athlete_kept_everything(roster, own, before: dict, minerals_before: dict) -> None:
    athlete = roster.athlete_a
    assert not User.objects.filter(pk=own.template.owner_id).exists()
    assert AthleteProfile.objects.filter(pk=athlete.pk).exists()
    kept = athlete_records(athlete)
    # The session row keeps the name; only its link to the coach's library entry is gone.
    assert kept.pop("exercise_names") == before.pop("exercise_names")
    assert kept == before
    assert day_minerals(roster.clients["athlete_a"], athlete) == minerals_before
    # The eaten food stays, archived and ownerless; the uneaten one went with its coach.
    food = Food.objects.get(pk=own.eaten_food.pk)
    assert (food.archived, food.owner_id, food.source) == (True, None, "coach")
    assert food.potassium_mg == Decimal(400)
    assert not Food.objects.filter(pk=own.uneaten_food.pk).exists()
    assert not FoodPortion.objects.filter(food_id=own.uneaten_food.pk).exists()
    row = BlockExercise.objects.get(pk=own.block_exercise.pk)
    assert (row.exercise_id, row.name) == (None, own.exercise.name)
    # The coach's own things went: exercises, templates, alerts, roster places; authorship fields are cleared.
    assert not Exercise.objects.filter(pk=own.exercise.pk).exists()
    assert not PlanTemplate.objects.filter(pk=own.template.pk).exists()
    assert not CoachAlert.objects.filter(athlete=athlete).exists()
    assert not CoachAthlete.objects.filter(athlete=athlete).exists()
    assert set(PlanWeek.objects.filter(athlete=athlete).values_list("author", flat=True)) == {None}
    assert set(WorkoutLog.objects.filter(athlete=athlete).values_list("logged_by", flat=True)) == {None}
    assert Invitation.objects.get(athlete=athlete).invited_by is None
    # The other coach's roster is untouched.
    assert CoachAthlete.objects.filter(coach=roster.coach_b, athlete=roster.athlete_b).exists()


def test_orm_delete_keeps_the_athletes_data(coached) -> None:
    roster, own = coached
    before, minerals = athlete_records(roster.athlete_a), day_minerals(roster.clients["athlete_a"], roster.athlete_a)
    assert minerals["potassium"] > 0
    roster.coach_a.delete()
    assert_athlete_kept_everything(roster, own, before, minerals)


def test_queryset_delete_keeps_the_athletes_data(coached) -> None:
    """The admin's "delete selected" action deletes through a queryset."""
    roster, own = coached
    before, minerals = athlete_records(roster.athlete_a), day_minerals(roster.clients["athlete_a"], roster.athlete_a)
    User.objects.filter(pk__in=[roster.coach_a.pk]).delete()
    assert_athlete_kept_everything(roster, own, before, minerals)


def test_admin_delete_view_keeps_the_athletes_data(client, coached) -> None:
    roster, own = coached
    before, minerals = athlete_records(roster.athlete_a), day_minerals(roster.clients["athlete_a"], roster.athlete_a)
    client.force_login(roster.staff)
    url = f"/admin/trainer/user/{roster.coach_a.pk}/delete/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "would require deleting the following protected" not in page
    assert escape(own.uneaten_food.description) in page  # listed as going
    assert escape(own.eaten_food.description) not in page  # stays, archived
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert_athlete_kept_everything(roster, own, before, minerals)


def test_archived_food_is_invisible_and_refused_for_new_meals(coached) -> None:
    roster, own = coached
    roster.coach_a.delete()
    food = Food.objects.get(pk=own.eaten_food.pk)
    for user in (roster.athlete_a.user, roster.athlete_b.user, roster.coach_b, roster.staff):
        assert not visible_foods(user).filter(pk=food.pk).exists()
        assert food not in search_foods(user, "recovery shake", 50)
        with pytest.raises(Exception, match="No such food"):
            get_visible_food(user, food.pk)
    client = roster.clients["athlete_a"]
    listed = client.get("/api/v1/foods/", {"search": "recovery shake"}).json()
    assert food.pk not in [row["id"] for row in listed["results"]]
    assert client.get(f"/api/v1/foods/{food.pk}/").status_code == 404
    meals = Meal.objects.count()
    refused = client.post(
        f"/api/v1/athletes/{roster.athlete_a.pk}/meals/", {"items": [{"food": food.pk, "grams": 100}]}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json()["items"] == {"0": {"food": [f"There is no food {food.pk} among the foods you can log."]}}
    assert Meal.objects.count() == meals
    # The meal that named it still shows it.
    listed_meals = client.get(f"/api/v1/athletes/{roster.athlete_a.pk}/meals/").json()["results"]
    assert food.description in [item["description"] for meal in listed_meals for item in meal["items"]]


def test_the_meal_service_refuses_an_archived_food_itself(coached) -> None:
    roster, own = coached
    roster.coach_a.delete()
    food = Food.objects.get(pk=own.eaten_food.pk)
    with pytest.raises(ServiceError) as refused:
        log_services.log_meal(athlete=roster.athlete_a, items=[{"food": food, "grams": Decimal(100)}])
    assert refused.value.field == "items"
    assert "no longer offered" in refused.value.message


def test_an_archived_food_never_has_an_owner(roster) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Food.objects.create(description="Owned and archived", owner=roster.coach_a, archived=True)


def test_a_coach_without_foods_or_athletes_deletes_cleanly(roster) -> None:
    roster.coach_b.delete()
    assert not User.objects.filter(pk=roster.coach_b.pk).exists()
    assert AthleteProfile.objects.filter(pk=roster.athlete_b.pk).exists()
