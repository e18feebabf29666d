"""The permission matrix over the surfaces of issues 9-17 (issue 18, item 6): training blocks, team fixtures, log
corrections and workout files, all of athlete A's. Anonymous: 401 (a page: to the sign-in page); athlete B and
coach B: 404 whatever exists; athlete A, coach A and staff: 2xx; 403 only where a role may see but not do (an
athlete building or publishing a block). Every refused write leaves the rows as they were."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from fit_tool.profile.profile_type import Sport

from intake.models import Meal, SupplementLog, WaterLog
from people.logs import local_today
from plans import services as plan_services
from plans.models import Fixture, PlanWeek, TrainingBlock
from tests.factories import (
    CheckInFactory,
    CrampFactory,
    FixtureFactory,
    MealFactory,
    SupplementFactory,
    WaterFactory,
    WorkoutFactory,
    WorkoutUploadFactory,
)
from tests.training.test_workout_import_api import local_start, steady
from tests.training.workout_file_makers import Track, fit_file
from tests.world import MONDAY, signed_in
from training.models import CrampEpisode, UploadOutcome, UploadState, WellnessCheckIn, WorkoutLog, WorkoutUpload

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "athlete_a", "athlete_b", "coach_a", "coach_b", "staff"]
WHO_SEE_A = ["athlete_a", "coach_a", "staff"]
STRANGERS = ["athlete_b", "coach_b"]


def expect(ok: int, *, athlete: int | None = None) -> dict[str, int]:
    """The answers over the roles when A's own side gets `ok` (athlete A `athlete` when the role may not do it)."""
    return {
        "anonymous": 401, "athlete_a": athlete or ok, "athlete_b": 404, "coach_a": ok, "coach_b": 404, "staff": ok,
    }  # fmt: skip


def _status(roster, role: str, method: str, path: str, body: dict | None = None) -> int:
    response = getattr(roster.clients[role], method)(path, body or {}, format="json")
    return response.status_code


def _when(day_offset: int, athlete) -> dt.date:
    return local_today(athlete) + dt.timedelta(days=day_offset)


# --- multi-week blocks ----------------------------------------------------------------------------------------


@pytest.fixture
def block(roster) -> TrainingBlock:
    """A four-week draft block of A's, built by coach A."""
    return plan_services.create_block(athlete=roster.athlete_a, start=MONDAY, weeks=4, author=roster.coach_a)


@pytest.mark.parametrize("role", ROLES)
def test_list_blocks_of_a(roster, block, role: str) -> None:
    response = roster.clients[role].get(f"/api/v1/athletes/{roster.athlete_a.pk}/blocks/")
    assert response.status_code == expect(200)[role]
    if response.status_code == 200:
        assert [b["id"] for b in response.json()["results"]] == [block.pk]


@pytest.mark.parametrize("role", ROLES)
def test_build_a_block_for_a(roster, role: str) -> None:
    # Athlete B and coach B learn nothing (404 before the role check); athlete A sees A but plans are coaches'.
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/blocks/"
    code = _status(roster, role, "post", path, {"start": MONDAY.isoformat(), "weeks": 4})
    assert code == expect(201, athlete=403)[role]
    assert TrainingBlock.objects.filter(athlete=roster.athlete_a).count() == (1 if code == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_build_a_block_for_a_with_a_bad_body(roster, role: str) -> None:
    """Permission before validation: a caller who may not build gets 401, 403 or 404 whatever the body."""
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/blocks/"
    assert _status(roster, role, "post", path, {"start": "someday", "weeks": 99}) == expect(400, athlete=403)[role]


@pytest.mark.parametrize("role", ROLES)
def test_read_a_block_of_a(roster, block, role: str) -> None:
    response = roster.clients[role].get(f"/api/v1/blocks/{block.pk}/")
    assert response.status_code == expect(200)[role]
    if role == "athlete_a":
        assert response.json()["weeks"] == []  # drafts are the coach's, even inside a block the athlete sees
    elif response.status_code == 200:
        assert len(response.json()["weeks"]) == 4


@pytest.mark.parametrize("role", ROLES)
def test_publish_a_block_of_a(roster, block, role: str) -> None:
    code = _status(roster, role, "post", f"/api/v1/blocks/{block.pk}/publish/")
    assert code == expect(200, athlete=403)[role]
    statuses = set(PlanWeek.objects.filter(block=block).values_list("status", flat=True))
    assert statuses == ({"published"} if code == 200 else {"draft"})


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_week_of_a_block_is_hidden_from_the_athlete(roster, block, role: str) -> None:
    week = PlanWeek.objects.filter(block=block).order_by("week_start").first()
    assert _status(roster, role, "get", f"/api/v1/plans/{week.pk}/") == expect(200, athlete=404)[role]


def test_a_missing_block_looks_like_a_hidden_one(roster, block) -> None:
    for role in STRANGERS:
        assert _status(roster, role, "get", f"/api/v1/blocks/{block.pk}/") == 404
        assert _status(roster, role, "get", f"/api/v1/blocks/{block.pk + 10_000}/") == 404
        assert _status(roster, role, "post", f"/api/v1/blocks/{block.pk + 10_000}/publish/") == 404


# --- team fixtures (match days) ---------------------------------------------------------------------------------


@pytest.fixture
def team(roster):
    """Athletes A and B play soccer; each has a match in five days, entered by their coach."""
    for athlete, coach in ((roster.athlete_a, roster.coach_a), (roster.athlete_b, roster.coach_b)):
        athlete.sport = "soccer"
        athlete.save(update_fields=["sport"])
        FixtureFactory(athlete=athlete, author=coach, date=_when(5, athlete), title="League match")
    return roster


def _fixture_of(athlete) -> Fixture:
    return Fixture.objects.get(athlete=athlete)


def _fixtures_path(athlete, fixture: Fixture | None = None) -> str:
    path = f"/api/v1/athletes/{athlete.pk}/fixtures/"
    return f"{path}{fixture.pk}/" if fixture else path


@pytest.mark.parametrize("role", ROLES)
def test_list_fixtures_of_a(team, role: str) -> None:
    response = team.clients[role].get(_fixtures_path(team.athlete_a))
    assert response.status_code == expect(200)[role]
    if response.status_code == 200:
        assert [f["id"] for f in response.json()["results"]] == [_fixture_of(team.athlete_a).pk]


@pytest.mark.parametrize("role", ROLES)
def test_add_a_fixture_for_a(team, role: str) -> None:
    # The athlete enters their own matches too (docs/api.md, Team schedule).
    a = team.athlete_a
    body = {"date": _when(9, a).isoformat(), "start_time": "15:00", "minutes": 90, "kind": "match"}
    code = _status(team, role, "post", _fixtures_path(a), body)
    assert code == expect(201)[role]
    assert Fixture.objects.filter(athlete=a).count() == (2 if code == 201 else 1)


@pytest.mark.parametrize("role", ROLES)
def test_read_a_fixture_of_a(team, role: str) -> None:
    assert _status(team, role, "get", _fixtures_path(team.athlete_a, _fixture_of(team.athlete_a))) == expect(200)[role]


@pytest.mark.parametrize("role", ROLES)
def test_change_a_fixture_of_a(team, role: str) -> None:
    fixture = _fixture_of(team.athlete_a)
    code = _status(team, role, "patch", _fixtures_path(team.athlete_a, fixture), {"title": "Cup final"})
    assert code == expect(200)[role]
    fixture.refresh_from_db()
    assert fixture.title == ("Cup final" if code == 200 else "League match")


@pytest.mark.parametrize("role", ROLES)
def test_delete_a_fixture_of_a(team, role: str) -> None:
    code = _status(team, role, "delete", _fixtures_path(team.athlete_a, _fixture_of(team.athlete_a)))
    assert code == expect(204)[role]
    assert Fixture.objects.filter(athlete=team.athlete_a).exists() == (code != 204)


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_a_fixture_of_b_under_the_path_of_a_is_not_found(team, method: str) -> None:
    """Staff see both athletes, coach A and athlete A see A: none reaches B's fixture through A's path."""
    theirs = _fixture_of(team.athlete_b)
    for role in WHO_SEE_A:
        path = _fixtures_path(team.athlete_a, theirs)
        assert _status(team, role, method, path, {"title": "Moved"}) == 404, role
    theirs.refresh_from_db()
    assert theirs.title == "League match"


# --- log corrections ---------------------------------------------------------------------------------------------

# Each kind: a row of A's (and B's) made by the factories, a valid correction, and how to read the field it changes.
LOGS = {
    "workouts": (WorkoutFactory, WorkoutLog, {"minutes": 50}, "minutes"),
    "water": (WaterFactory, WaterLog, {"water_ml": 400}, "water_ml"),
    "meals": (MealFactory, Meal, {"notes": "after the long run"}, "notes"),
    "supplements": (SupplementFactory, SupplementLog, {"magnesium_mg": 150}, "magnesium_mg"),
    "checkins": (CheckInFactory, WellnessCheckIn, {"sleep": 5}, "sleep"),
    "cramps": (CrampFactory, CrampEpisode, {"severity": 7}, "severity"),
}
KINDS = list(LOGS)
METHOD_OK = {"get": 200, "patch": 200, "delete": 204}


def _log(kind: str, athlete):
    """A log of `kind` dated yesterday on the athlete's clock: always in the past and within two years."""
    factory = LOGS[kind][0]
    yesterday = _when(-1, athlete)
    if kind in ("workouts", "checkins"):
        return factory(athlete=athlete, date=yesterday)
    return factory(athlete=athlete, at=local_start(athlete, yesterday.isoformat(), 7))


def _field(kind: str, pk: int):
    model, _, name = LOGS[kind][1:]
    return model.objects.filter(pk=pk).values_list(name, flat=True).first()


@pytest.mark.parametrize("method", list(METHOD_OK))
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("role", ROLES)
def test_correct_a_log_of_a(roster, role: str, kind: str, method: str) -> None:
    row = _log(kind, roster.athlete_a)
    change, name = LOGS[kind][2], LOGS[kind][3]
    before = _field(kind, row.pk)
    code = _status(roster, role, method, f"/api/v1/athletes/{roster.athlete_a.pk}/{kind}/{row.pk}/", change)
    assert code == expect(METHOD_OK[method])[role]
    exists = LOGS[kind][1].objects.filter(pk=row.pk).exists()
    assert exists == (not (method == "delete" and code == 204))
    if exists:
        assert _field(kind, row.pk) == (change[name] if method == "patch" and code == 200 else before)


@pytest.mark.parametrize("method", list(METHOD_OK))
@pytest.mark.parametrize("kind", KINDS)
def test_a_log_of_a_is_out_of_reach_through_the_path_of_b(roster, kind: str, method: str) -> None:
    """Athlete B and coach B name A's log under B's own athlete id: 404, A's log untouched (the log is looked up
    among the path athlete's own, never by id alone)."""
    row = _log(kind, roster.athlete_a)
    change = LOGS[kind][2]
    before = _field(kind, row.pk)
    for role in STRANGERS:
        path = f"/api/v1/athletes/{roster.athlete_b.pk}/{kind}/{row.pk}/"
        assert _status(roster, role, method, path, change) == 404, role
    assert _field(kind, row.pk) == before


@pytest.mark.parametrize("method", list(METHOD_OK))
@pytest.mark.parametrize("kind", KINDS)
def test_a_log_of_b_is_out_of_reach_through_the_path_of_a(roster, kind: str, method: str) -> None:
    row = _log(kind, roster.athlete_b)
    change = LOGS[kind][2]
    before = _field(kind, row.pk)
    for role in WHO_SEE_A:  # staff see B too, but not through A's path
        path = f"/api/v1/athletes/{roster.athlete_a.pk}/{kind}/{row.pk}/"
        assert _status(roster, role, method, path, change) == 404, role
    assert _field(kind, row.pk) == before


# --- workout files ----------------------------------------------------------------------------------------------


def _a_run_file(athlete) -> bytes:
    """A real FIT file of a 20-minute run yesterday morning on the athlete's clock."""
    start = local_start(athlete, _when(-1, athlete).isoformat(), 7)
    return fit_file(Track(start, 20 * 60, heart_rate=steady), Sport.RUNNING)


def _import(roster, role: str, files: dict) -> int:
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/workouts/import/"
    return roster.clients[role].post(path, files, format="multipart").status_code


@pytest.mark.parametrize("role", ROLES)
def test_import_a_workout_file_for_a(roster, role: str) -> None:
    data = _a_run_file(roster.athlete_a)
    code = _import(roster, role, {"file": SimpleUploadedFile("run.fit", data)})
    assert code == expect(201)[role]
    assert WorkoutLog.objects.filter(athlete=roster.athlete_a, source="file").count() == (1 if code == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
def test_import_for_a_without_a_usable_file(roster, role: str) -> None:
    """Permission before validation: strangers learn nothing from the refusal of a bad file."""
    assert _import(roster, role, {"file": SimpleUploadedFile("run.fit", b"not a watch file")}) == expect(400)[role]
    assert _import(roster, role, {}) == expect(400)[role]


@pytest.mark.parametrize("role", ROLES)
def test_import_of_a_file_a_imported_before(roster, role: str) -> None:
    """The 409 names the workout: only those who may read it are told it exists."""
    data = _a_run_file(roster.athlete_a)
    assert _import(roster, "athlete_a", {"file": SimpleUploadedFile("run.fit", data)}) == 201
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/workouts/import/"
    response = roster.clients[role].post(path, {"file": SimpleUploadedFile("again.fit", data)}, format="multipart")
    assert response.status_code == expect(409)[role]
    if response.status_code == 409:
        assert response.json()["workout"] == WorkoutLog.objects.get(athlete=roster.athlete_a).pk
    else:
        assert "workout" not in response.json()


@pytest.mark.parametrize("role", ROLES)
def test_download_a_workout_of_a_as_tcx(roster, role: str) -> None:
    workout = WorkoutFactory(athlete=roster.athlete_a, date=_when(-1, roster.athlete_a))
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/workouts/{workout.pk}/export.tcx"
    assert roster.clients[role].get(path).status_code == expect(200)[role]


# The workout page's uploads (training.pages): a browser session; anonymous is sent to sign in.
PAGES = {"anonymous": 302, "athlete_a": 200, "athlete_b": 404, "coach_a": 200, "coach_b": 404, "staff": 200}


def _page_client(roster, role: str) -> Client:
    if role == "anonymous":
        return Client()
    person = getattr(roster, role)
    return signed_in(person.user if role.startswith("athlete") else person)


@pytest.fixture
def a_upload(roster) -> WorkoutUpload:
    """A file of A's, refused, with a name only A's side may read."""
    return WorkoutUploadFactory(
        athlete=roster.athlete_a, name="secret-of-a.fit", state=UploadState.DONE, outcome=UploadOutcome.REFUSED,
        message="The file is damaged or cut short.",
    )  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_send_workout_files_for_a_on_the_page(roster, role: str) -> None:
    data = _a_run_file(roster.athlete_a)
    path = f"/athletes/{roster.athlete_a.pk}/workouts/upload/"
    response = _page_client(roster, role).post(path, {"files": [SimpleUploadedFile("run.fit", data)]})
    assert response.status_code == {**PAGES, "athlete_a": 302, "coach_a": 302, "staff": 302}[role]
    sent = role in WHO_SEE_A
    if role == "anonymous":
        assert response["Location"].startswith("/login/")
    elif sent:  # to the workout page showing this batch
        assert response["Location"].startswith(f"/athletes/{roster.athlete_a.pk}/workouts/new/?upload=")
    assert WorkoutUpload.objects.filter(athlete=roster.athlete_a).count() == (1 if sent else 0)
    assert WorkoutLog.objects.filter(athlete=roster.athlete_a).count() == (1 if sent else 0)


@pytest.mark.parametrize("page", ["uploads/{batch}/", "new/?upload={batch}"])
@pytest.mark.parametrize("role", ROLES)
def test_read_the_uploads_of_a(roster, a_upload, role: str, page: str) -> None:
    path = f"/athletes/{roster.athlete_a.pk}/workouts/" + page.format(batch=a_upload.batch)
    response = _page_client(roster, role).get(path)
    assert response.status_code == PAGES[role]
    assert ("secret-of-a.fit" in response.content.decode()) == (response.status_code == 200)


@pytest.mark.parametrize("page", ["uploads/{batch}/", "new/?upload={batch}"])
@pytest.mark.parametrize("role", STRANGERS)
def test_the_uploads_of_a_are_out_of_reach_through_the_path_of_b(roster, a_upload, role: str, page: str) -> None:
    """B's own page with A's batch answers as for a batch that never was: nothing of A's in it."""
    client = _page_client(roster, role)
    mine = client.get(f"/athletes/{roster.athlete_b.pk}/workouts/" + page.format(batch=a_upload.batch))
    none = client.get(f"/athletes/{roster.athlete_b.pk}/workouts/" + page.format(batch=uuid.uuid4()))
    assert mine.status_code == none.status_code == 200
    assert "secret-of-a.fit" not in mine.content.decode()
