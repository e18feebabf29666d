"""factory_boy factories: the people of the product, their plans and what they log (issue 15, one test world).

Log factories write rows directly, as a fixture would; tests of the write path call the services instead."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time

import factory

from intake.models import Food, Meal, MealItem, SupplementLog, WaterLog
from people.models import AthleteProfile, CoachAthlete, Invitation, Role, User
from plans.models import (
    BlockExercise,
    Fixture,
    PlanAdjustment,
    PlanSession,
    PlanTemplate,
    PlanWeek,
    SessionBlock,
)
from recovery.models import CoachAlert, RecoveryStatus
from reminders.models import Delivery, ReminderPreference
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog, WorkoutUpload

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name")
    role = Role.ATHLETE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs) -> None:
        if create:
            obj.save()


class CoachFactory(UserFactory):
    email = factory.Sequence(lambda n: f"coach{n}@example.org")
    role = Role.COACH


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    role = Role.COACH
    is_staff = True
    is_superuser = True


class AthleteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AthleteProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=Role.ATHLETE)
    birth_date = date(1994, 3, 14)
    sex = "female"
    mass_kg = 62.0
    time_zone = "Europe/Berlin"
    sport = "run"
    level = "intermediate"
    available_weekdays = factory.LazyFunction(lambda: list(range(7)))

    @factory.post_generation
    def coaches(obj, create, extracted, **kwargs) -> None:
        for coach in extracted or []:
            CoachAthleteFactory(coach=coach, athlete=obj)


class CoachAthleteFactory(factory.django.DjangoModelFactory):
    """A coach's roster link; `AthleteFactory(coaches=[...])` makes these for a new athlete."""

    class Meta:
        model = CoachAthlete

    coach = factory.SubFactory(CoachFactory)
    athlete = factory.SubFactory(AthleteFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    """An invitation not sent yet, from the athlete's own coach to the athlete's own address, as
    `people.services.invite` writes it."""

    class Meta:
        model = Invitation

    invited_by = factory.SubFactory(CoachFactory)
    athlete = factory.LazyAttribute(lambda invitation: AthleteFactory(coaches=[invitation.invited_by]))
    email = factory.LazyAttribute(lambda invitation: invitation.athlete.user.email)


class ReminderPreferenceFactory(factory.django.DjangoModelFactory):
    """A user's reminder settings with the model's defaults (every reminder on, UTC for a coach)."""

    class Meta:
        model = ReminderPreference

    user = factory.SubFactory(UserFactory)


# --- what athletes log ------------------------------------------------------------------------------------------
A_MORNING = datetime(2026, 6, 9, 7, 0, tzinfo=UTC)  # a fixed instant: tests that need "now" pass their own `at`


class WorkoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkoutLog

    athlete = factory.SubFactory(AthleteFactory)
    date = date(2026, 6, 9)
    modality = "run"
    minutes = 45
    rpe = 5
    logged_by = factory.LazyAttribute(lambda workout: workout.athlete.user)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WellnessCheckIn

    athlete = factory.SubFactory(AthleteFactory)
    date = date(2026, 6, 9)
    sleep = 3
    fatigue = 3
    stress = 3
    soreness = 3


class CrampFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrampEpisode

    athlete = factory.SubFactory(AthleteFactory)
    at = A_MORNING
    location = "calf"
    side = "left"
    severity = 3
    duration_minutes = 1
    context = "night"


class WaterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaterLog

    athlete = factory.SubFactory(AthleteFactory)
    at = A_MORNING
    water_ml = 500


class SupplementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplementLog

    athlete = factory.SubFactory(AthleteFactory)
    at = A_MORNING
    magnesium_mg = 200


class FoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Food

    description = factory.Sequence(lambda n: f"Test food {n}")
    potassium_mg = 358


class MealFactory(factory.django.DjangoModelFactory):
    """A meal of one food, 100 g unless `items__grams` says otherwise; `items=False` for none."""

    class Meta:
        model = Meal
        skip_postgeneration_save = True

    athlete = factory.SubFactory(AthleteFactory)
    at = A_MORNING

    @factory.post_generation
    def items(obj, create, extracted, **kwargs) -> None:
        if create and extracted is not False:
            MealItemFactory(meal=obj, food=kwargs.get("food") or FoodFactory(), grams=kwargs.get("grams", 100))


class MealItemFactory(factory.django.DjangoModelFactory):
    """100 g of a food, entered in grams (no portion)."""

    class Meta:
        model = MealItem

    meal = factory.SubFactory(MealFactory, items=False)
    food = factory.SubFactory(FoodFactory)
    grams = 100


class FixtureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fixture

    athlete = factory.SubFactory(AthleteFactory, sport="soccer")
    date = date(2026, 6, 13)
    start_time = time(15, 0)
    minutes = 90
    kind = "match"
    title = "League match"
    author = factory.SubFactory(CoachFactory)


# --- plans -------------------------------------------------------------------------------------------------------


class PlanWeekFactory(factory.django.DjangoModelFactory):
    """A week's plan as rows, without the engine: for tests of what reads plans (reminders, calendars, pages).
    Tests of planning generate weeks through the API or the services instead."""

    class Meta:
        model = PlanWeek

    athlete = factory.SubFactory(AthleteFactory)
    week_start = date(2026, 6, 8)  # a Monday


class PlanSessionFactory(factory.django.DjangoModelFactory):
    """A session of a week, by default an easy 45-minute run on the week's Monday. With `blocks=True` it gets what
    every published session has: a 10-minute warm-up, the main block and 8 minutes of stretching."""

    class Meta:
        model = PlanSession
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanWeekFactory)
    date = factory.LazyAttribute(lambda session: session.plan.week_start)
    order = 1
    title = "Easy run"
    modality = "run"
    intensity = "easy"
    planned_rpe = 3
    planned_minutes = 45

    @factory.post_generation
    def blocks(obj, create: bool, extracted: bool, **kwargs) -> None:
        if not (create and extracted):
            return
        warmup = SessionBlockFactory(session=obj, order=1, kind="warmup", minutes=10)
        BlockExerciseFactory(block=warmup, order=1, name="Leg swings", sets=1, reps=10)
        SessionBlockFactory(session=obj, order=2, kind="main", minutes=obj.planned_minutes - 18)
        stretch = SessionBlockFactory(session=obj, order=3, kind="stretching", minutes=8)
        BlockExerciseFactory(block=stretch, order=1, name="Standing hamstring stretch", sets=2, seconds=30)
        BlockExerciseFactory(block=stretch, order=2, name="Calf stretch", sets=2, seconds=30)


class SessionBlockFactory(factory.django.DjangoModelFactory):
    """A session's main block, 30 minutes, without exercises."""

    class Meta:
        model = SessionBlock

    session = factory.SubFactory(PlanSessionFactory)
    order = 1
    kind = "main"
    minutes = 30


class BlockExerciseFactory(factory.django.DjangoModelFactory):
    """One set of a named exercise, not from the library (no `exercise`), with neither reps nor seconds."""

    class Meta:
        model = BlockExercise

    block = factory.SubFactory(SessionBlockFactory)
    order = 1
    name = "Calf stretch"


class PlanTemplateFactory(factory.django.DjangoModelFactory):
    """A coach's template of an empty week; `plans.services.save_template` makes real ones from a plan."""

    class Meta:
        model = PlanTemplate

    owner = factory.SubFactory(CoachFactory)
    name = "Base week"
    week = factory.LazyFunction(lambda: {"days": []})


class PlanAdjustmentFactory(factory.django.DjangoModelFactory):
    """An amber check's "one step easier" on the week's first day, for no session. `before` is empty: a test that
    undoes the adjustment passes the session as it was."""

    class Meta:
        model = PlanAdjustment

    plan = factory.SubFactory(PlanWeekFactory)
    date = factory.LazyAttribute(lambda adjustment: adjustment.plan.week_start)
    kind = "easier"
    status = "amber"
    message = "One step easier."
    before = factory.LazyFunction(dict)


# --- recovery and reminders --------------------------------------------------------------------------------------


class RecoveryStatusFactory(factory.django.DjangoModelFactory):
    """A green check without reasons."""

    class Meta:
        model = RecoveryStatus

    athlete = factory.SubFactory(AthleteFactory)
    date = date(2026, 6, 9)
    status = "green"
    checked_at = A_MORNING


class CoachAlertFactory(factory.django.DjangoModelFactory):
    """A red alert, unread, about one of the coach's own athletes (an athlete off the roster never shows)."""

    class Meta:
        model = CoachAlert

    coach = factory.SubFactory(CoachFactory)
    athlete = factory.LazyAttribute(lambda alert: AthleteFactory(coaches=[alert.coach]))
    date = date(2026, 6, 9)
    status = "red"
    message = "Red today."


class DeliveryFactory(factory.django.DjangoModelFactory):
    """A pending check-in reminder, the evening one (slot "20:00"), about nobody in particular (`athlete` empty)."""

    class Meta:
        model = Delivery

    recipient = factory.SubFactory(UserFactory)
    kind = "checkin"
    local_date = date(2026, 6, 9)
    slot = "20:00"
    subject = "How did today feel? Log your check-in"


# --- workout files -----------------------------------------------------------------------------------------------


class WorkoutUploadFactory(factory.django.DjangoModelFactory):
    """A file the athlete sent, waiting for a worker, its own batch of one; pass the bytes to read as `data`
    (empty by default)."""

    class Meta:
        model = WorkoutUpload

    athlete = factory.SubFactory(AthleteFactory)
    batch = factory.LazyFunction(uuid.uuid4)
    name = "run.fit"
    by = factory.LazyAttribute(lambda upload: upload.athlete.user)
