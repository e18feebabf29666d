"""People: users who log in by email, athlete profiles, coach rosters and invitations."""

from __future__ import annotations

import secrets
from datetime import date, time, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone

from people import rules as people

MIN_MASS_KG = people.MIN_MASS_KG
MAX_MASS_KG = people.MAX_MASS_KG


class Role(models.TextChoices):
    COACH = "coach", "Coach"
    ATHLETE = "athlete", "Athlete"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        # Emails are stored lower-cased; sign-in should not care how the user typed theirs.
        return self.get(email=(username or "").strip().lower())

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("An email is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("role", Role.COACH)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.ATHLETE)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(condition=Q(email=models.functions.Lower("email")), name="user_email_lower"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_coach(self) -> bool:
        return self.role == Role.COACH

    @property
    def is_athlete(self) -> bool:
        return self.role == Role.ATHLETE


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


# Product rule: a calendar link works for a year, then the athlete makes a new one (people/calendar_links.py).
CALENDAR_LINK_DAYS = 365


def calendar_link_expiry() -> date:
    return timezone.localdate() + timedelta(days=CALENDAR_LINK_DAYS)


class AthleteProfile(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="athlete")
    birth_date = models.DateField()
    sex = models.CharField(max_length=6, choices=people.Sex.choices())
    mass_kg = models.DecimalField(max_digits=5, decimal_places=1)
    time_zone = models.CharField(max_length=64, default="UTC")
    sport = models.CharField(max_length=16, choices=people.sport_choices(), default=people.Sport.RUN)
    level = models.CharField(max_length=12, choices=people.Level.choices(), default=people.Level.NOVICE)
    available_weekdays = models.JSONField(default=people.all_weekdays)
    preferred_long_day = models.PositiveSmallIntegerField(null=True, blank=True)
    preferred_session_time = models.TimeField(default=time(7, 0))
    weekly_minutes_target = models.PositiveIntegerField(default=240)
    units = models.CharField(max_length=8, choices=people.Units.choices(), default=people.Units.METRIC)
    sweat_rate_ml_per_h = models.PositiveIntegerField(null=True, blank=True)
    max_hr_bpm = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Measured maximum heart rate; empty: estimated from age (Tanaka)."
    )
    hamstring_imbalance = models.BooleanField(default=False)
    # Team sports (docs/domain.md section 11): the team's weekly practices, [{"weekday", "start_time", "minutes",
    # "intensity"}]; dated matches and extra practices are plans.Fixture rows. Checked by people.check_practices.
    team_practices = models.JSONField(default=list, blank=True)
    medical_flags = models.JSONField(default=list, blank=True)
    medications = models.JSONField(default=list, blank=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    calendar_link_expires_on = models.DateField(default=calendar_link_expiry, help_text="The feed link's last day.")
    # Set with every log, cleared when a recovery check starts: a check lost to a broker outage is still owed,
    # and the quarter-hourly sweep (recovery.tasks.morning_checks) runs it.
    recovery_owed_since = models.DateTimeField(null=True, blank=True, editable=False)
    # One more with every write that can change what the day summary shows (people.services.data_changed,
    # training.signals.after_log): a summary kept under an older number is never read again (intake/day_cache.py).
    data_version = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mass_kg__gte=MIN_MASS_KG, mass_kg__lte=MAX_MASS_KG), name="athlete_mass_range"
            ),
            models.CheckConstraint(
                condition=Q(sweat_rate_ml_per_h__isnull=True)
                | Q(
                    sweat_rate_ml_per_h__gte=people.MIN_SWEAT_RATE_ML_PER_H,
                    sweat_rate_ml_per_h__lte=people.MAX_SWEAT_RATE_ML_PER_H,
                ),
                name="athlete_sweat_rate_range",
            ),
            models.CheckConstraint(
                condition=Q(max_hr_bpm__isnull=True)
                | Q(max_hr_bpm__gte=people.MIN_MAX_HR_BPM, max_hr_bpm__lte=people.MAX_MAX_HR_BPM),
                name="athlete_max_hr_range",
            ),
            models.CheckConstraint(
                condition=Q(preferred_long_day__isnull=True) | Q(preferred_long_day__lte=6),
                name="athlete_long_day_weekday",
            ),
            models.CheckConstraint(condition=Q(sex__in=people.Sex.values()), name="athlete_sex_valid"),
            models.CheckConstraint(condition=Q(level__in=people.Level.values()), name="athlete_level_valid"),
            models.CheckConstraint(condition=Q(sport__in=people.Sport.values()), name="athlete_sport_valid"),
            models.CheckConstraint(condition=Q(units__in=people.Units.values()), name="athlete_units_valid"),
            models.CheckConstraint(
                condition=Q(weekly_minutes_target__gte=30, weekly_minutes_target__lte=people.MAX_WEEKLY_MINUTES),
                name="athlete_weekly_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return self.user.name or self.user.email

    # Written only by UPDATEs that add to what the row holds (training.signals.after_log, people.services.data_changed,
    # recovery.services.pay_debts): an instance read before one of them must not write its older value back.
    COUNTERS = frozenset({"recovery_owed_since", "data_version"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("update_fields") is None and not self._state.adding:
            fields = self._meta.concrete_fields
            kwargs["update_fields"] = [f.name for f in fields if not f.primary_key and f.name not in self.COUNTERS]
        super().save(*args, **kwargs)

    def age_on(self, day: date) -> int:
        return people.age_on(self.birth_date, day)

    @property
    def is_team_sport(self) -> bool:
        """A sport whose weeks are planned around the team's practices and matches (docs/domain.md section 11)."""
        return people.Sport(self.sport).is_team_sport


class CoachAthlete(models.Model):
    """A roster entry: a coach has many athletes, an athlete may have more than one coach."""

    coach = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roster")
    athlete = models.ForeignKey(AthleteProfile, on_delete=models.CASCADE, related_name="coach_links")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["coach", "athlete"], name="roster_unique")]
        indexes = [models.Index(fields=["athlete", "coach"])]

    def __str__(self) -> str:
        return f"{self.coach} → {self.athlete}"


class Invitation(models.Model):
    """A coach's invitation; the emailed token names this row and is good once, for 7 days."""

    athlete = models.ForeignKey(AthleteProfile, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    email = models.EmailField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation to {self.email}"
