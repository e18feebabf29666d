"""Reads of everything Trainer holds about one account: the export (`GET /api/v1/me/export/`) and the summary
the "Delete my account" page shows. Each is a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone

from intake.models import Food, FoodPortion, Meal, MealItem, SupplementLog, SweatTest, WaterLog
from people.models import AthleteProfile, CoachAthlete, Invitation, User
from plans.models import Exercise, PlanAdjustment, PlanTemplate, PlanWeek
from plans.selectors import sessions_with_blocks
from recovery.models import CoachAlert, RecoveryStatus
from reminders.models import Delivery, ReminderPreference
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog


@dataclass
class AccountData:
    """The caller's rows, each list already fetched. An athlete's lists fill the athlete part, a coach's the
    coach part; the other part stays empty, so the export has one shape for everyone."""

    user: User
    exported_at: dt.datetime
    reminder_preference: ReminderPreference | None = None
    athlete: AthleteProfile | None = None
    coaches: list[CoachAthlete] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    plans: list[PlanWeek] = field(default_factory=list)
    adjustments: list[PlanAdjustment] = field(default_factory=list)
    recovery_statuses: list[RecoveryStatus] = field(default_factory=list)
    workouts: list[WorkoutLog] = field(default_factory=list)
    checkins: list[WellnessCheckIn] = field(default_factory=list)
    cramps: list[CrampEpisode] = field(default_factory=list)
    water: list[WaterLog] = field(default_factory=list)
    meals: list[Meal] = field(default_factory=list)
    supplements: list[SupplementLog] = field(default_factory=list)
    sweat_tests: list[SweatTest] = field(default_factory=list)
    reminder_emails: list[Delivery] = field(default_factory=list)
    roster: list[CoachAthlete] = field(default_factory=list)
    foods: list[Food] = field(default_factory=list)
    exercises: list[Exercise] = field(default_factory=list)
    plan_templates: list[PlanTemplate] = field(default_factory=list)


def athlete_of(user: User) -> AthleteProfile | None:
    return AthleteProfile.objects.filter(user=user).first() if user.is_athlete else None


def account_data(user: User) -> AccountData:
    """Everything about `user`: at most 21 queries for an athlete, 7 for a coach, however many rows there are."""
    data = AccountData(
        user=user,
        exported_at=timezone.now(),
        reminder_preference=ReminderPreference.objects.filter(user=user).first(),
        reminder_emails=list(Delivery.objects.filter(recipient=user).order_by("-created_at", "-id")),
    )
    data.athlete = athlete_of(user)
    if data.athlete is not None:
        _fill_athlete(data, data.athlete)
    else:
        _fill_coach(data, user)
    return data


def _fill_athlete(data: AccountData, athlete: AthleteProfile) -> None:
    data.coaches = list(CoachAthlete.objects.filter(athlete=athlete).select_related("coach").order_by("added_at"))
    data.invitations = list(Invitation.objects.filter(athlete=athlete))
    # Drafts too: an export is everything held about the person, not only what the pages show them.
    data.plans = list(
        PlanWeek.objects.filter(athlete=athlete)
        .order_by("week_start")
        .prefetch_related(Prefetch("sessions", queryset=sessions_with_blocks()), "overrides")
    )
    data.adjustments = list(PlanAdjustment.objects.filter(plan__athlete=athlete).order_by("created_at", "id"))
    data.recovery_statuses = list(RecoveryStatus.objects.filter(athlete=athlete).order_by("date"))
    data.workouts = list(WorkoutLog.objects.filter(athlete=athlete).order_by("date", "id"))
    data.checkins = list(WellnessCheckIn.objects.filter(athlete=athlete).order_by("date"))
    data.cramps = list(CrampEpisode.objects.filter(athlete=athlete).order_by("at", "id"))
    data.water = list(WaterLog.objects.filter(athlete=athlete).order_by("at", "id"))
    items = MealItem.objects.select_related("food").order_by("id")
    data.meals = list(
        Meal.objects.filter(athlete=athlete).order_by("at", "id").prefetch_related(Prefetch("items", queryset=items))
    )
    data.supplements = list(SupplementLog.objects.filter(athlete=athlete).order_by("at", "id"))
    data.sweat_tests = list(SweatTest.objects.filter(athlete=athlete).order_by("date", "id"))


def _fill_coach(data: AccountData, user: User) -> None:
    data.roster = list(CoachAthlete.objects.filter(coach=user).select_related("athlete__user").order_by("added_at"))
    portions = FoodPortion.objects.order_by("seq")
    data.foods = list(
        Food.objects.filter(owner=user).order_by("description", "id").prefetch_related(Prefetch("portions", portions))
    )
    data.exercises = list(Exercise.objects.filter(owner=user).order_by("slug"))
    data.plan_templates = list(PlanTemplate.objects.filter(owner=user).order_by("name"))


# --- what deleting the account takes with it ----------------------------------------------------------------


@dataclass(frozen=True)
class DeletionLine:
    count: int
    one: str
    many: str
    note: str = ""

    @property
    def text(self) -> str:
        """ "1 meal", "3 meals", "2 own exercises (sessions that used them keep ...)" """
        text = f"{self.count} {self.one if self.count == 1 else self.many}"
        return f"{text} ({self.note})" if self.note else text


def deletion_summary(user: User) -> list[DeletionLine]:
    """What "Delete my account" removes, as lines a person reads: one count query each, none per row."""
    athlete = athlete_of(user)
    if athlete is not None:
        return _athlete_lines(athlete)
    return _coach_lines(user)


def _athlete_lines(athlete: AthleteProfile) -> list[DeletionLine]:
    counts = [
        ("training week", "training weeks", PlanWeek.objects.filter(athlete=athlete)),
        ("workout", "workouts", WorkoutLog.objects.filter(athlete=athlete)),
        ("daily check-in", "daily check-ins", WellnessCheckIn.objects.filter(athlete=athlete)),
        ("cramp episode", "cramp episodes", CrampEpisode.objects.filter(athlete=athlete)),
        ("water log", "water logs", WaterLog.objects.filter(athlete=athlete)),
        ("meal", "meals", Meal.objects.filter(athlete=athlete)),
        ("supplement log", "supplement logs", SupplementLog.objects.filter(athlete=athlete)),
        ("sweat test", "sweat tests", SweatTest.objects.filter(athlete=athlete)),
        ("recovery check", "recovery checks", RecoveryStatus.objects.filter(athlete=athlete)),
        ("reminder email", "reminder emails", Delivery.objects.filter(recipient=athlete.user)),
    ]
    return [DeletionLine(rows.count(), one, many) for one, many, rows in counts]


def _coach_lines(user: User) -> list[DeletionLine]:
    eaten = Exists(MealItem.objects.filter(food=OuterRef("pk")))
    return [
        DeletionLine(
            CoachAthlete.objects.filter(coach=user).count(),
            "place on your roster",
            "places on your roster",
            "the athletes keep their accounts, plans and logs",
        ),
        DeletionLine(
            Food.objects.filter(owner=user).exclude(eaten).count(),
            "own food that no meal names",
            "own foods that no meal names",
            "foods your athletes ate stay in their meals",
        ),
        DeletionLine(
            Exercise.objects.filter(owner=user).count(),
            "own exercise",
            "own exercises",
            "sessions that used them keep their names and doses",
        ),
        DeletionLine(PlanTemplate.objects.filter(owner=user).count(), "plan template", "plan templates"),
        DeletionLine(CoachAlert.objects.filter(coach=user).count(), "recovery alert", "recovery alerts"),
        DeletionLine(Delivery.objects.filter(recipient=user).count(), "reminder email", "reminder emails"),
    ]
