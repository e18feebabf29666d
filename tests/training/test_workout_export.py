"""GET /athletes/{id}/workouts/{log_id}/export.tcx (issue 17, item 5): a done workout as TCX, read back with
tcxreader (a maintained reader) and ElementTree; a typed-in workout too; the same permissions as reading it; in
the OpenAPI schema."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from fit_tool.profile.profile_type import Sport
from rest_framework.test import APIClient
from tcxreader.tcxreader import TCXReader

from people.logs import local_today
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory
from tests.training.test_workout_import_api import local_start, steady, upload
from tests.training.workout_file_makers import Track, fit_file
from training.workout_export import TCX_MEDIA_TYPE, TCX_NS

pytestmark = pytest.mark.django_db

NS = {"t": TCX_NS}


def export_url(athlete, workout_id: int) -> str:
    return f"/api/v1/athletes/{athlete.pk}/workouts/{workout_id}/export.tcx"


def read_back(data: bytes):
    # only_gps=False: the exported points carry no position (none is kept), as a treadmill run's.
    return TCXReader().read(io.BytesIO(data), only_gps=False)


def span(exercise) -> tuple[dt.datetime, float]:
    """The start (UTC) and the seconds from the first to the last trackpoint as tcxreader read them (its own
    start_time wants more than the two points an export has)."""
    first, last = exercise.trackpoints[0], exercise.trackpoints[-1]
    return first.time.replace(tzinfo=dt.UTC), (last.time - first.time).total_seconds()


def test_a_file_workout_round_trips_through_tcx(athlete) -> None:
    me = client_for(athlete.user)
    day = local_today(athlete) - dt.timedelta(days=1)
    track = Track(local_start(athlete, day.isoformat(), 7, 15), 45 * 60, heart_rate=steady)
    imported = upload(me, athlete, fit_file(track, Sport.RUNNING))
    assert imported.status_code == 201, imported.content
    body = imported.json()
    me.patch(f"/api/v1/athletes/{athlete.pk}/workouts/{body['id']}/", {"rpe": 6}, format="json")

    response = me.get(export_url(athlete, body["id"]))

    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith(TCX_MEDIA_TYPE)
    assert response["Content-Disposition"] == f'attachment; filename="workout-{day.isoformat()}-{body["id"]}.tcx"'
    exercise = read_back(response.content)
    assert exercise.activity_type == "Running"
    assert span(exercise) == (track.start, 45 * 60)  # the file's own start, to the second
    assert exercise.distance == track.total_distance_m
    assert [tp.distance for tp in exercise.trackpoints] == [0.0, track.total_distance_m]
    root = ET.fromstring(response.content)  # our own output
    lap = root.find("t:Activities/t:Activity/t:Lap", NS)
    assert lap.get("StartTime") == track.start.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert float(lap.findtext("t:TotalTimeSeconds", namespaces=NS)) == 45 * 60
    assert float(lap.findtext("t:DistanceMeters", namespaces=NS)) == track.total_distance_m
    assert int(lap.findtext("t:AverageHeartRateBpm/t:Value", namespaces=NS)) == track.avg_hr
    assert int(lap.findtext("t:MaximumHeartRateBpm/t:Value", namespaces=NS)) == track.max_hr
    # the schema's order inside a lap
    tags = [child.tag.rsplit("}", 1)[-1] for child in lap]
    assert tags == [
        "TotalTimeSeconds", "DistanceMeters", "Calories", "AverageHeartRateBpm", "MaximumHeartRateBpm", "Intensity",
        "TriggerMethod", "Track",
    ]  # fmt: skip
    notes = root.findtext("t:Activities/t:Activity/t:Notes", namespaces=NS)
    assert notes == f"Session RPE 6; heart-rate load {body['trimp']:g} (Banister TRIMP)"


def test_a_typed_in_workout_starts_at_the_athletes_preferred_time_in_their_zone(athlete) -> None:
    athlete.time_zone, athlete.preferred_session_time = "America/New_York", dt.time(18, 30)
    athlete.save()
    day = local_today(athlete) - dt.timedelta(days=3)
    me = client_for(athlete.user)
    body = {"date": day.isoformat(), "minutes": 50, "rpe": 4, "modality": "swimming", "notes": "Pool, easy"}
    typed = me.post(f"/api/v1/athletes/{athlete.pk}/workouts/", body, format="json")
    assert typed.status_code == 201, typed.content

    response = me.get(export_url(athlete, typed.json()["id"]))

    assert response.status_code == 200
    exercise = read_back(response.content)
    start = dt.datetime.combine(day, dt.time(18, 30), ZoneInfo("America/New_York")).astimezone(dt.UTC)
    assert exercise.activity_type == "Other"  # TCX knows running and biking only
    assert span(exercise) == (start, 50 * 60)
    assert exercise.distance == 0.0  # required by the schema; unknown for a typed-in workout
    root = ET.fromstring(response.content)
    lap = root.find("t:Activities/t:Activity/t:Lap", NS)
    assert lap.find("t:AverageHeartRateBpm", NS) is None and lap.find("t:MaximumHeartRateBpm", NS) is None
    assert root.findtext("t:Activities/t:Activity/t:Notes", namespaces=NS) == "Session RPE 4; Pool, easy"


def test_who_may_download_is_who_may_read_the_workout(coach_client, athlete) -> None:
    typed = client_for(athlete.user).post(
        f"/api/v1/athletes/{athlete.pk}/workouts/",
        {"date": local_today(athlete).isoformat(), "minutes": 30, "rpe": 5, "modality": "run"},
        format="json",
    )
    workout_id = typed.json()["id"]
    assert client_for(athlete.user).get(export_url(athlete, workout_id)).status_code == 200
    assert coach_client.get(export_url(athlete, workout_id)).status_code == 200  # their coach
    other = AthleteFactory()
    assert client_for(other.user).get(export_url(athlete, workout_id)).status_code == 404  # another athlete
    assert client_for(other.user).get(export_url(other, workout_id)).status_code == 404  # not theirs under their id
    assert client_for(CoachFactory()).get(export_url(athlete, workout_id)).status_code == 404  # another coach
    assert client_for(athlete.user).get(export_url(athlete, workout_id + 1000)).status_code == 404
    assert APIClient().get(export_url(athlete, workout_id)).status_code == 401


def test_the_export_is_in_the_schema(athlete) -> None:
    schema = client_for(athlete.user).get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/athletes/{athlete_id}/workouts/{log_id}/export.tcx"]["get"]
    assert TCX_MEDIA_TYPE in operation["responses"]["200"]["content"]
    assert "404" in operation["responses"]
