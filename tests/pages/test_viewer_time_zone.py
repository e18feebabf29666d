"""Every time on a page in the viewer's own zone (issue 14, item 3): an athlete's profile zone, a coach's own
(the zone of their reminder settings); the API keeps ISO 8601 with offsets."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from plans.models import PlanWeek
from reminders.middleware import viewer_zone_name
from tests.factories import ReminderPreferenceFactory
from tests.world import published_week

PUBLISHED_AT = dt.datetime(2026, 3, 2, 20, 18, tzinfo=dt.UTC)  # 12:18 in Los Angeles (PST), 07:18 next day Sydney


def test_a_coach_reads_the_plan_editor_in_their_own_zone(coach_pages, people) -> None:
    ReminderPreferenceFactory(user=people.coach, time_zone="America/Los_Angeles")
    plan = published_week(people.athlete, people.coach)
    PlanWeek.objects.filter(pk=plan.pk).update(published_at=PUBLISHED_AT)
    page = coach_pages.get(f"/coach/plans/{plan.pk}/").content.decode()
    assert "Published Mon 2 Mar, 12:18 (America/Los_Angeles time)" in page
    assert "20:18" not in page


def test_a_coach_without_settings_reads_utc_and_is_told_so(coach_pages, people) -> None:
    plan = published_week(people.athlete, people.coach)
    PlanWeek.objects.filter(pk=plan.pk).update(published_at=PUBLISHED_AT)
    page = coach_pages.get(f"/coach/plans/{plan.pk}/").content.decode()
    assert "Published Mon 2 Mar, 20:18 (UTC time)" in page


def test_the_viewer_zone_follows_the_person(people) -> None:
    people.athlete.time_zone = "Australia/Sydney"
    people.athlete.save(update_fields=["time_zone"])
    # an athlete's reminders follow the profile's zone, whatever the settings row says
    ReminderPreferenceFactory(user=people.athlete.user, time_zone="Europe/Berlin")
    ReminderPreferenceFactory(user=people.coach, time_zone="America/Los_Angeles")
    assert viewer_zone_name(people.athlete.user) == "Australia/Sydney"
    assert viewer_zone_name(people.coach) == "America/Los_Angeles"
    assert viewer_zone_name(people.other_coach) == "UTC"


def test_pages_leave_the_server_clock_as_it_was(coach_pages, people) -> None:
    ReminderPreferenceFactory(user=people.coach, time_zone="America/Los_Angeles")
    coach_pages.get("/coach/")
    assert timezone.get_current_timezone_name() == "UTC"


def test_the_api_keeps_offsets_whoever_asks(people) -> None:
    from rest_framework.test import APIClient

    ReminderPreferenceFactory(user=people.coach, time_zone="America/Los_Angeles")
    plan = published_week(people.athlete, people.coach)
    PlanWeek.objects.filter(pk=plan.pk).update(published_at=PUBLISHED_AT)
    client = APIClient()
    client.force_authenticate(people.coach)
    body = client.get(f"/api/v1/plans/{plan.pk}/").json()
    assert body["published_at"] in {"2026-03-02T20:18:00Z", "2026-03-02T20:18:00+00:00"}
