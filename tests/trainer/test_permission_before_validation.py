"""Permission before validation (issue 18, item 3): whoever may not write somewhere learns nothing from the body
they send. Every POST and PATCH route of the API is found from the URL configuration, so a new route is covered
without being listed here, and receives bodies that no serializer accepts from people without the right: nobody
signed in (401), a coach and an athlete who have nothing to do with the demo athlete (404: another athlete's data
is not even acknowledged), and the wrong role where a route is for one role only (403). None may get a 400."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.test import APIClient

from intake.models import Meal, SupplementLog, WaterLog
from people.models import AthleteProfile, User
from plans.models import AdjustmentKind, Fixture, PlanSession, PlanWeek, TrainingBlock
from recovery.models import CoachAlert
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory, PlanAdjustmentFactory, PlanTemplateFactory
from trainer.demo import COACH_EMAIL, load_demo
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

# Signing in, signing up and accepting an emailed invitation are for people who are not signed in yet.
PUBLIC = {"api/v1/auth/token/", "api/v1/auth/signup/", "api/v1/auth/invitations/accept/"}

# Routes for one role only: (route, method) -> who is refused although the data is theirs.
COACH_ONLY = {
    ("api/v1/athletes/", "post"),
    ("api/v1/roster/invitations/", "post"),
    ("api/v1/exercises/", "post"),
    ("api/v1/foods/", "post"),
    ("api/v1/athletes/<int:athlete_id>/plans/", "post"),
    ("api/v1/athletes/<int:athlete_id>/blocks/", "post"),
    ("api/v1/blocks/<int:block_id>/publish/", "post"),
    ("api/v1/plans/<int:plan_id>/sessions/", "post"),
    ("api/v1/plans/<int:plan_id>/sessions/<int:session_id>/", "patch"),
    ("api/v1/plans/<int:plan_id>/publish/", "post"),
    ("api/v1/plans/<int:plan_id>/template/", "post"),
    ("api/v1/templates/<int:template_id>/apply/", "post"),
    ("api/v1/alerts/<int:alert_id>/read/", "post"),
    ("api/v1/adjustments/<int:adjustment_id>/undo/", "post"),
}
ATHLETE_ONLY = {("api/v1/auth/invitations/join/", "post")}

# Bodies no serializer takes: a list where an object is expected, and an object whose usual fields all have the
# wrong type (a PATCH of nothing at all would be valid, hence the second).
WRONG = {"x": [1]}
FIELDS = [
    "email", "name", "birth_date", "sex", "mass_kg", "mass_lb", "time_zone", "sport", "level",
    "available_weekdays", "medical_flags", "units", "date", "at", "minutes", "rpe", "notes", "week_start",
    "override_reason", "water_ml", "water_fl_oz", "items", "food", "grams", "token", "athletes", "kind",
    "start_time", "duration_minutes", "dates", "sleep_hours", "soreness", "modality", "intensity", "category",
    "description", "enabled", "hour", "minute", "digest_hour",
]  # fmt: skip
BODIES = [[WRONG], dict.fromkeys(FIELDS, WRONG)]

LOGS = {
    "workouts": WorkoutLog,
    "checkins": WellnessCheckIn,
    "cramps": CrampEpisode,
    "water": WaterLog,
    "meals": Meal,
    "supplements": SupplementLog,
}
ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")


def writing_routes() -> Iterator[tuple[str, str, type]]:
    """(route, method, view class) of every POST and PATCH under /api/."""

    def walk(patterns, prefix: str) -> Iterator[tuple[str, str, type]]:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and route.startswith("api/v1/"):
                view = getattr(entry.callback, "cls", None)
                if view is None:
                    continue
                actions = getattr(entry.callback, "actions", None)  # a viewset: its own methods for this route
                methods = set(actions) if actions else {m for m in view.http_method_names if hasattr(view, m)}
                for method in sorted(methods & {"post", "patch", "put"}):
                    yield route, method, view

    return walk(get_resolver().url_patterns, "")


@pytest.fixture
def world(db) -> dict:
    """The demo coach and the demo athlete with the most history, a template and an adjustment of theirs, and
    people who have nothing to do with them."""
    load_demo(timezone.localdate())
    coach = User.objects.get(email=COACH_EMAIL)
    athlete = max(AthleteProfile.objects.all(), key=lambda a: Fixture.objects.filter(athlete=a).count())
    own = client_for(athlete.user)
    base = f"/api/v1/athletes/{athlete.pk}"
    for path, body in [
        ("cramps", {"at": timezone.now().isoformat(), "location": "calf", "side": "left", "severity": 6,
                    "duration_minutes": 2, "context": "during_exercise"}),
        ("supplements", {"magnesium_mg": 200}),
    ]:  # fmt: skip
        assert own.post(f"{base}/{path}/", body, format="json").status_code == 201, path
    plan = PlanWeek.objects.filter(athlete=athlete, sessions__isnull=False).order_by("-week_start").first()
    template = PlanTemplateFactory(owner=coach, name="Base week", week={"days": []})
    adjustment = PlanAdjustmentFactory(
        plan=plan, date=plan.week_start, kind=AdjustmentKind.values[0], status="", message="Easier", before={}
    )
    other_coach = CoachFactory()
    values = {
        "athlete_id": athlete.pk,
        "pk": athlete.pk,
        "plan_id": plan.pk,
        "session_id": PlanSession.objects.filter(plan=plan).first().pk,
        "block_id": TrainingBlock.objects.filter(athlete=athlete).first().pk,
        "template_id": template.pk,
        "fixture_id": Fixture.objects.filter(athlete=athlete).first().pk,
        "cramp_id": CrampEpisode.objects.filter(athlete=athlete).first().pk,
        "alert_id": CoachAlert.objects.filter(coach=coach).first().pk,
        "adjustment_id": adjustment.pk,
        "day": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
    }
    return {
        "athlete": athlete,
        "values": values,
        "people": {
            "the coach": client_for(coach),
            "the athlete": own,
            "a stranger coach": client_for(other_coach),
            "a stranger athlete": client_for(AthleteFactory(coaches=[other_coach]).user),
            "nobody signed in": APIClient(),
        },
    }


def url_for(route: str, world: dict) -> str:
    values = dict(world["values"])
    if "log_id" in route:
        kind = route.split("/")[4]
        values["log_id"] = LOGS[kind].objects.filter(athlete=world["athlete"]).first().pk
    return "/" + ARGUMENT.sub(lambda m: str(values[m.group(1)]), route)


def refused(route: str, method: str) -> dict[str, tuple[int, ...]]:
    """Who has no right to write here, and the answers each may get."""
    if route in PUBLIC:
        return {}
    who: dict[str, tuple[int, ...]] = {"nobody signed in": (401,)}
    if ARGUMENT.search(route):  # the demo athlete's or the demo coach's data
        who |= {"a stranger coach": (403, 404), "a stranger athlete": (403, 404)}
    if (route, method) in COACH_ONLY:
        who |= {"the athlete": (403, 404), "a stranger athlete": (403, 404)}
    if (route, method) in ATHLETE_ONLY:
        who |= {"the coach": (403, 404), "a stranger coach": (403, 404)}
    return who


def test_every_write_checks_permission_before_the_body(world, django_capture_on_commit_callbacks) -> None:
    problems, tried = [], 0
    routes = list(writing_routes())
    assert len(routes) >= 35, "the walk over the URL configuration found too few routes"
    known = {(route, method) for route, method, _ in routes}
    assert known >= COACH_ONLY | ATHLETE_ONLY, (COACH_ONLY | ATHLETE_ONLY) - known  # no stale entry
    for route, method, _ in routes:
        url = url_for(route, world)
        for person, allowed in refused(route, method).items():
            for body in BODIES:
                with django_capture_on_commit_callbacks(execute=False):
                    response = getattr(world["people"][person], method)(url, body, format="json")
                tried += 1
                if response.status_code not in allowed:
                    answer = f"{response.status_code} {response.content[:200]!r}"
                    problems.append(f"{method.upper()} {url} by {person}: {answer}")
    print(f"{tried} refused writes")
    assert problems == []


def test_the_bodies_are_refused_by_those_who_may_write(world) -> None:
    """The bodies above are invalid indeed: the people who may write get 400 for them, naming fields."""
    coach = world["people"]["the coach"]
    athlete = world["people"]["the athlete"]
    for client, method, url in [
        (coach, "post", "/api/v1/athletes/"),
        (athlete, "post", url_for("api/v1/athletes/<int:athlete_id>/workouts/", world)),
        (athlete, "patch", url_for("api/v1/athletes/<int:athlete_id>/water/<int:log_id>/", world)),
        (coach, "post", url_for("api/v1/athletes/<int:athlete_id>/fixtures/", world)),
    ]:
        for body in BODIES:
            assert getattr(client, method)(url, body, format="json").status_code == 400, (method, url, body)


def test_an_athlete_adding_an_athlete_gets_403_not_field_errors(world) -> None:
    response = world["people"]["the athlete"].post("/api/v1/athletes/", {"email": "not an email"}, format="json")
    assert response.status_code == 403
    assert "email" not in response.json()
    assert response.json()["detail"] == "Only coaches add athletes; athletes join by invitation."


def test_a_coach_joining_a_roster_gets_403_not_field_errors(world) -> None:
    response = world["people"]["the coach"].post("/api/v1/auth/invitations/join/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Only athletes join a roster."
