"""Schemathesis against /api/schema/: every operation, as a coach and as an athlete, with real ids in the paths
(the athlete's, and of their block, match and logs).

Every check schemathesis has (`--checks all`): no 5xx, answers that match the schema (body, status code, content
type, headers), schema-valid requests accepted and schema-violating ones refused, auth not ignored, and so on.
tests/fuzz/schemathesis.toml says which refusals of schema-valid requests are the server's business rules, and why.
`FUZZ_EXAMPLES` sets the examples per operation and role (CI's `make fuzz` runs 100; the default keeps `make test`
quick). The stateful test follows the links schemathesis infers from the schema (create, then read, change, delete).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import CHECKS as ALL_CHECKS
from schemathesis.config import SchemathesisConfig
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.stateful.state_machine import StepInput, StepOutput

from people.logs import local_today
from plans import services as plan_services
from teams.services import add_fixtures
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachFactory,
    CrampFactory,
    MealFactory,
    SupplementFactory,
    WaterFactory,
    WorkoutFactory,
)
from tests.world import MONDAY
from trainer.wsgi import application

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
CONFIG = SchemathesisConfig.from_path(Path(__file__).with_name("schemathesis.toml"))
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)
CHECKS = ALL_CHECKS.get_all()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI app directly fires request_finished, which would close the test's open transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@dataclass
class Things:
    """The fuzzed athlete and coach, and the athlete's block, match and logs once an operation names one."""

    athlete: object
    coach: object

    @cached_property
    def ids(self) -> dict[str, object]:
        """A block (its first week published), a match in that week and one log of each kind, so the operations
        on them meet real ids, not only 404s (issue 18, item 6). Made once a test needs them: most do not."""
        athlete, coach = self.athlete, self.coach
        yesterday = local_today(athlete) - dt.timedelta(days=1)
        morning = dt.datetime.combine(yesterday, dt.time(7), ZoneInfo(athlete.time_zone))
        block = plan_services.create_block(athlete=athlete, start=MONDAY, weeks=4, author=coach)
        match = {"date": MONDAY + dt.timedelta(days=5), "start_time": dt.time(15), "minutes": 90, "kind": "match"}
        [fixture] = add_fixtures(athlete=athlete, items=[match], author=coach)
        plan_services.publish_plan(block.plan_weeks.order_by("week_start").first())
        logs = {
            "workouts": WorkoutFactory(athlete=athlete, date=yesterday),
            "water": WaterFactory(athlete=athlete, at=morning),
            "meals": MealFactory(athlete=athlete, at=morning),
            "supplements": SupplementFactory(athlete=athlete, at=morning),
            "checkins": CheckInFactory(athlete=athlete, date=yesterday),
            "cramps": CrampFactory(athlete=athlete, at=morning),
        }
        return {
            "block_id": block.pk, "fixture_id": fixture.pk, "cramp_id": logs["cramps"].pk,
            "log_id": {kind: row.pk for kind, row in logs.items()},
        }  # fmt: skip

    def real_id(self, name: str, path: str) -> object | None:
        """The real id for a path parameter, or None to leave schemathesis's."""
        if name == "athlete_id":
            return self.athlete.pk
        if name not in ("block_id", "fixture_id", "cramp_id", "log_id"):
            return None
        if name == "log_id":  # /athletes/{athlete_id}/<kind>/{log_id}/...
            kind = re.search(r"/([a-z-]+)/\{log_id\}", path)
            return self.ids["log_id"].get(kind.group(1)) if kind else None
        return self.ids[name]


@pytest.fixture
def role_tokens(db):
    coach = CoachFactory()
    # A team athlete: fixtures are for team sports, so a runner's would only ever be refused.
    things = Things(AthleteFactory(coaches=[coach], sport="soccer"), coach)
    return {
        "coach": (Token.objects.get_or_create(user=coach)[0].key, things),
        "athlete": (Token.objects.get_or_create(user=things.athlete.user)[0].key, things),
    }


def use_real_ids(case: schemathesis.Case, things: Things, keep: frozenset[str] = frozenset()) -> None:
    """Real ids in the path, except the `keep` ones (a stateful link's, taken from an earlier answer). A path that
    schemathesis made schema-violating on purpose is left alone: a real id would make it valid again."""
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
        return
    for name in case.path_parameters or {}:
        if name not in keep and (real := things.real_id(name, case.path)) is not None:
            case.path_parameters[name] = real


@pytest.mark.parametrize("role", ["coach", "athlete"])
@schema.parametrize()
# Derandomized: the same examples every run, so CI is repeatable (explore with a larger FUZZ_EXAMPLES).
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_survives_generated_requests(case, role_tokens, role: str) -> None:
    token, things = role_tokens[role]
    use_real_ids(case, things)
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


# --- stateful: sequences along the links schemathesis infers (a POST's id into the GET, PATCH, DELETE on it) ---

stateful_schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=CONFIG)
SIGNED_IN: dict[str, str] = {}  # the token of the role whose sequences run now


@stateful_schema.auth()
class RoleToken:
    """The role's token as schemathesis's own auth, so its auth checks know it is real (and try it removed)."""

    def get(self, case: schemathesis.Case, context: schemathesis.AuthContext) -> str | None:
        return SIGNED_IN.get("token")

    def set(self, case: schemathesis.Case, data: str, context: schemathesis.AuthContext) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


Workflow = stateful_schema.as_state_machine()
# Scenarios and steps per scenario; FUZZ_EXAMPLES=5 (make test) gives 5 x 10, CI's 100 gives 25 x 10 per role.
SCENARIOS = max(5, EXAMPLES // 4)
STEPS = 10


def workflow_with_ids(things: Things) -> type:
    """The schema's state machine with real ids wherever a link did not supply one."""

    class SignedInWorkflow(Workflow):
        # Each scenario starts from the same database and throttle counters: hypothesis replays a scenario's
        # choices and must meet the same answers (a check-in already made that day, a day's water limit or the
        # sign-up and anonymous throttles reached by earlier scenarios would change which links apply and what is
        # drawn next: "Inconsistent data generation"). The tests' cache is this process's own (locmem).
        def setup(self) -> None:
            cache.clear()
            self.savepoint = transaction.savepoint()

        def teardown(self) -> None:
            transaction.savepoint_rollback(self.savepoint)

        def step(self, input: StepInput) -> StepOutput:
            linked = frozenset(name for where, name in input.applied_parameters if where == ParameterLocation.PATH)
            use_real_ids(input.case, things, keep=linked)
            # Signed in by the token alone: a generated `sessionid` cookie would make schemathesis take the
            # request's auth for a made-up one and blame the server for accepting it.
            if input.case.cookies:
                input.case.cookies.pop("sessionid", None)
            return super().step(input)

    return SignedInWorkflow


@pytest.mark.parametrize("role", ["coach", "athlete"])
def test_api_survives_linked_sequences(role_tokens, role: str) -> None:
    token, things = role_tokens[role]
    SIGNED_IN["token"] = token
    assert things.ids  # made before the scenarios, so that no scenario's rollback takes them away
    test = workflow_with_ids(things).TestCase()
    # Every check, as above (the state machine's default is every check the config enables: all of them).
    test.settings = settings(
        test.settings, max_examples=SCENARIOS, stateful_step_count=STEPS, derandomize=True, deadline=None
    )
    test.runTest()
