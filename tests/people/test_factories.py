"""The shared test world's factories build rows the database and the models' own checks accept (issue 15)."""

from __future__ import annotations

import pytest

from tests import factories

LOG_FACTORIES = [
    factories.WorkoutFactory,
    factories.CheckInFactory,
    factories.CrampFactory,
    factories.WaterFactory,
    factories.SupplementFactory,
    factories.FoodFactory,
    factories.MealFactory,
    factories.FixtureFactory,
    factories.PlanSessionFactory,
    factories.SessionBlockFactory,
    factories.BlockExerciseFactory,
    factories.MealItemFactory,
    factories.PlanTemplateFactory,
    factories.CoachAthleteFactory,
    factories.InvitationFactory,
    factories.ReminderPreferenceFactory,
    factories.DeliveryFactory,
    factories.WorkoutUploadFactory,
]
# Rows with JSON that is empty by default: `reasons` (a green check has none; the models' own default) and an
# adjustment's `before` (for a test that never undoes it). full_clean calls an empty JSON value blank: it skips them.
EMPTY_JSON_FACTORIES = [
    (factories.RecoveryStatusFactory, ["reasons"]),
    (factories.CoachAlertFactory, ["reasons"]),
    (factories.PlanAdjustmentFactory, ["reasons", "before"]),
]


@pytest.mark.django_db
@pytest.mark.parametrize("factory", LOG_FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_builds_a_valid_row(factory) -> None:
    row = factory()
    row.full_clean()  # field validators and choices; the database's check constraints passed on insert
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("factory", "empty"), EMPTY_JSON_FACTORIES, ids=[f.__name__ for f, _ in EMPTY_JSON_FACTORIES])
def test_each_factory_with_empty_json_builds_a_valid_row(factory, empty: list[str]) -> None:
    row = factory()
    row.full_clean(exclude=empty)
    assert type(row).objects.filter(pk=row.pk).exists()
    assert all(getattr(row, name) in ([], {}) for name in empty)


@pytest.mark.django_db
def test_an_alert_and_an_invitation_are_about_the_coachs_own_athlete() -> None:
    alert, invitation = factories.CoachAlertFactory(), factories.InvitationFactory()
    assert alert.athlete.coach_links.get().coach == alert.coach
    assert invitation.athlete.coach_links.get().coach == invitation.invited_by
    assert invitation.email == invitation.athlete.user.email


@pytest.mark.django_db
def test_a_meal_has_its_food_and_a_factory_meal_can_be_empty() -> None:
    meal = factories.MealFactory(items__grams=118)
    assert [float(item.grams) for item in meal.items.all()] == [118.0]
    assert not factories.MealFactory(items=False).items.exists()


@pytest.mark.django_db
def test_a_factory_session_gets_the_blocks_every_published_session_has_when_asked() -> None:
    session = factories.PlanSessionFactory(planned_minutes=60, blocks=True)
    blocks = list(session.blocks.order_by("order").values_list("kind", "minutes"))
    assert blocks == [("warmup", 10), ("main", 42), ("stretching", 8)]
    assert sum(minutes for _, minutes in blocks) == session.planned_minutes
    assert not factories.PlanSessionFactory().blocks.exists()
