"""`GET/PATCH /api/v1/athletes/{id}/reminders/` and `/api/v1/me/reminders/`: defaults without setup, who may
see what (404 otherwise), 400 naming the field, and schedules that move at once."""

from __future__ import annotations

import pytest

from reminders.models import ReminderSchedule

ATHLETE_KINDS = {"hydration", "pre_session", "post_session", "rest_day", "checkin", "recovery_alert"}


def url(athlete) -> str:
    return f"/api/v1/athletes/{athlete.pk}/reminders/"


def test_defaults_without_any_setup(roster) -> None:
    response = roster.clients["athlete_a"].get(url(roster.athlete_a))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["kinds"] == dict.fromkeys(ATHLETE_KINDS, True)
    assert (body["waking_start"], body["waking_end"], body["hydration_interval_hours"]) == ("07:00", "21:00", 3)
    assert body["quiet_weekdays"] == [] and body["email"] == "" and body["time_zone"] == "Europe/Berlin"
    assert set(body["next_due"]) == ATHLETE_KINDS - {"recovery_alert"}


@pytest.mark.parametrize(
    ("who", "status"),
    [("athlete_a", 200), ("coach_a", 200), ("staff", 200), ("athlete_b", 404), ("coach_b", 404), ("anonymous", 401)],
)
def test_visibility(roster, who, status) -> None:
    assert roster.clients[who].get(url(roster.athlete_a)).status_code == status
    assert roster.clients[who].patch(url(roster.athlete_a), {"kinds": {"hydration": False}}).status_code == status


def test_patch_changes_and_reschedules(roster) -> None:
    client = roster.clients["coach_a"]
    before = ReminderSchedule.objects.get(user=roster.athlete_a.user, kind="hydration").next_due_at
    response = client.patch(
        url(roster.athlete_a),
        {"kinds": {"hydration": False, "checkin": True}, "waking_start": "06:30", "quiet_weekdays": [6, 5, 6]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["kinds"]["hydration"] is False and body["waking_start"] == "06:30"
    assert body["quiet_weekdays"] == [5, 6]
    assert body["next_due"]["hydration"] is None
    assert ReminderSchedule.objects.get(user=roster.athlete_a.user, kind="hydration").next_due_at is None
    assert before is not None
    assert client.patch(url(roster.athlete_a), {"kinds": {"hydration": True}}).json()["next_due"]["hydration"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"waking_start": "22:00"}, "waking_start"),  # after the 21:00 end
        ({"waking_start": "10:00", "waking_end": "09:00"}, "waking_end"),
        ({"hydration_interval_hours": 0}, "hydration_interval_hours"),
        ({"hydration_interval_hours": 7}, "hydration_interval_hours"),
        ({"kinds": {"coach_digest": True}}, "kinds"),
        ({"kinds": {"beer": True}}, "kinds"),
        ({"waking_end": "25:00"}, "waking_end"),
        ({"waking_start": "soon"}, "waking_start"),
        ({"quiet_weekdays": [7]}, "quiet_weekdays"),
        ({"email": "not-an-email"}, "email"),
        ({"time_zone": "America/New_York"}, "time_zone"),  # an athlete's zone is the profile's
    ],
)
def test_bad_input_names_the_field(roster, body, field) -> None:
    response = roster.clients["athlete_a"].patch(url(roster.athlete_a), body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()


def test_coach_sets_own_digest_zone(roster) -> None:
    client = roster.clients["coach_a"]
    body = client.get("/api/v1/me/reminders/").json()
    assert set(body["kinds"]) == {"recovery_alert", "coach_digest"}
    response = client.patch("/api/v1/me/reminders/", {"time_zone": "Asia/Tokyo"})
    assert response.status_code == 200 and response.json()["time_zone"] == "Asia/Tokyo"
    assert client.patch("/api/v1/me/reminders/", {"time_zone": "Mars/Base"}).status_code == 400
    assert client.patch("/api/v1/me/reminders/", {"kinds": {"hydration": False}}).status_code == 400


def test_athlete_time_zone_change_moves_schedules(roster) -> None:
    """A profile change makes the athlete's schedules due at once; the next sweep computes the new slots."""
    from django.utils import timezone

    from reminders import services

    services.recompute_schedules(roster.athlete_a.user)
    response = roster.clients["athlete_a"].patch(
        f"/api/v1/athletes/{roster.athlete_a.pk}/", {"time_zone": "America/New_York"}
    )
    assert response.status_code == 200, response.content
    now = timezone.now()
    due = ReminderSchedule.objects.filter(user=roster.athlete_a.user, next_due_at__lte=now)
    assert due.count() == 5
    services.sweep(now, publish=False)
    body = roster.clients["athlete_a"].get(url(roster.athlete_a)).json()
    assert body["time_zone"] == "America/New_York"
    from people.models import User

    expected = services.recompute_schedules(User.objects.get(pk=roster.athlete_a.user_id), now=now)
    assert {k: v and v.isoformat().replace("+00:00", "Z") for k, v in expected.items()} == {
        k: v.replace("+00:00", "Z") if v else v for k, v in body["next_due"].items()
    }


def test_schema_describes_the_endpoints(roster) -> None:
    schema = roster.clients["staff"].get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/athletes/{id}/reminders/" in schema["paths"]
    assert "/api/v1/me/reminders/" in schema["paths"]
