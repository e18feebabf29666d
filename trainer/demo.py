"""Demo data: one coach and four athletes with varied profiles (issue 2), a soccer player among them with his
team's practices and a season of Saturday matches (issue 13), and eight weeks of history for each of them
(issue 14, trainer/demo_history.py), safe to load again."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django.db import transaction
from django.utils import timezone

from people.models import AthleteProfile, CoachAthlete, Role, User
from trainer import demo_history

DEMO_PASSWORD = "demo-pass-2026"  # the published demo password  # nosec B105
COACH_EMAIL = "coach@example.com"


@dataclass(frozen=True)
class DemoAthlete:
    email: str
    name: str
    age_years: int
    sex: str
    mass_kg: float
    time_zone: str
    sport: str
    level: str
    available_weekdays: list[int]
    units: str = "metric"
    medical_flags: list[str] = field(default_factory=list)
    medications: list[str] = field(default_factory=list)
    preferred_long_day: int | None = 6
    team_practices: list[dict] = field(default_factory=list)
    weekly_minutes_target: int = 240
    session_time: time = time(7, 0)


DEMO_ATHLETES = [
    DemoAthlete("ana@example.com", "Ana Alvarez", 16, "female", 54.0, "America/New_York", "run", "novice",
                [0, 1, 2, 3, 4, 5, 6], units="imperial", preferred_long_day=5, weekly_minutes_target=300,
                session_time=time(16, 30)),
    DemoAthlete("ben@example.com", "Ben Becker", 34, "male", 78.5, "Europe/Berlin", "bike", "intermediate",
                [0, 1, 2, 3, 4, 5, 6], weekly_minutes_target=420, session_time=time(18, 0)),
    DemoAthlete("chloe@example.com", "Chloe Chen", 58, "female", 63.0, "Australia/Sydney", "run", "advanced",
                [0, 1, 2, 3, 4, 5, 6], medical_flags=["kidney_disease", "diuretics"],
                medications=["furosemide"], weekly_minutes_target=420, session_time=time(6, 30)),
    DemoAthlete("diego@example.com", "Diego Duarte", 22, "male", 72.0, "America/Los_Angeles", "soccer",
                "intermediate", [0, 1, 2, 3, 4, 5, 6], preferred_long_day=None,
                team_practices=[{"weekday": 1, "start_time": "18:00", "minutes": 90, "intensity": "hard"},
                                {"weekday": 3, "start_time": "18:00", "minutes": 90, "intensity": "moderate"}],
                weekly_minutes_target=420, session_time=time(17, 0)),
]  # fmt: skip
# The soccer player's season: a match every Saturday at 15:00 for the coming weeks (and the weeks played).
DEMO_MATCH_WEEKS = demo_history.COMING_MATCHES
# A day other than the real one is loaded as of noon UTC, when every demo athlete's local date (Los Angeles to
# Sydney) is that day.
DEMO_HOUR_UTC = 12


def birth_date_for_age(age_years: int, today: date) -> date:
    """A birth date giving `age_years` today and for the next months (birthday a month after today)."""
    month = today.month % 12 + 1
    year = today.year - age_years - (1 if month > today.month else 0)
    return date(year, month, 1)


@transaction.atomic
def load_demo(today: date, now: datetime | None = None) -> list[User]:
    """The demo coach and athletes, each athlete with eight weeks of history up to `now` on their own clock
    (default: the real moment when `today` is the real date, as `make run` loads it; noon UTC on another day).

    A second load rewrites the demo athletes' plans and logs rather than adding to them: the same history for
    the same moment (seeded), and on a later day a history that ends on that day instead of one going stale.
    Whatever a visitor logged as a demo athlete goes with it, as their profile edits already did. `now` must
    not be before the real moment: weeks that are over on the real clock are judged on what was done in them
    (plans.selectors), so a block published for an earlier `now` would be judged on weeks not yet logged.
    """
    if now is None:
        real = timezone.now()
        now = real if today == timezone.localdate(real) else datetime.combine(today, time(DEMO_HOUR_UTC), tzinfo=UTC)
    coach = _user(COACH_EMAIL, "Casey Coach", Role.COACH)
    users = [coach]
    for spec in DEMO_ATHLETES:
        user = _user(spec.email, spec.name, Role.ATHLETE)
        athlete, _ = AthleteProfile.objects.update_or_create(
            user=user,
            defaults={
                "birth_date": birth_date_for_age(spec.age_years, today),
                "sex": spec.sex,
                "mass_kg": spec.mass_kg,
                "time_zone": spec.time_zone,
                "sport": spec.sport,
                "level": spec.level,
                "available_weekdays": spec.available_weekdays,
                "preferred_long_day": spec.preferred_long_day,
                "units": spec.units,
                "medical_flags": spec.medical_flags,
                "medications": spec.medications,
                "team_practices": spec.team_practices,
                "weekly_minutes_target": spec.weekly_minutes_target,
                "preferred_session_time": spec.session_time,
            },
        )
        CoachAthlete.objects.get_or_create(coach=coach, athlete=athlete)
        demo_history.write_history(athlete, coach, now)
        users.append(user)
    return users


def _user(email: str, name: str, role: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"name": name, "role": role})
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
