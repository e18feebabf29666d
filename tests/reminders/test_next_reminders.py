"""Reminder settings say when the next reminder of each kind is due, on the person's own clock and in words
(issue 14): "Next: today at 14:00", on the settings page and in the API."""

from __future__ import annotations

import datetime as dt
import re

from reminders import content, services
from reminders.selectors import next_reminders
from tests.reminders.conftest import DAY, local, publish_week
from tests.world import signed_in

ZONE = "Europe/Berlin"
MONDAY = DAY - dt.timedelta(days=DAY.weekday())


def words(user, now: dt.datetime) -> dict[str, str]:
    return {str(n.kind): n.words for n in next_reminders(user, now)}


def test_each_kind_in_words_at_a_chosen_moment(berlin) -> None:
    publish_week(berlin, MONDAY, {DAY: [{"title": "Tempo run", "minutes": 60, "start": dt.time(17)}]})
    now = local(ZONE, DAY, 13, 30)
    assert words(berlin.user, now) == {
        # 16:00 and 19:00 fall in the session's drinking window (13:00-19:30): the next water reminder is 19:30.
        "hydration": "Next: today at 19:30, if you are behind on water then.",
        "pre_session": "Next: today at 14:00, before a planned session.",
        "post_session": "Next: today at 18:30, after a planned session.",
        # The day after the run has no session in the published week: a rest day.
        "rest_day": "Next: tomorrow at 08:00, a rest or cross-training day.",
        "checkin": "Next: today at 20:00, if that day's check-in is still missing.",
        "recovery_alert": "When a recovery check turns red.",
    }
    [hydration] = [n for n in next_reminders(berlin.user, now) if n.kind == "hydration"]
    assert hydration.at == local(ZONE, DAY, 19, 30) and hydration.at.utcoffset() == dt.timedelta(hours=2)


def test_without_a_plan_or_with_a_kind_off(berlin) -> None:
    services.update_preferences(berlin.user, {"kinds": {"hydration": False}}, now=local(ZONE, DAY, 21, 30))
    said = words(berlin.user, local(ZONE, DAY, 21, 30))
    assert said["hydration"] == "Off."
    assert said["pre_session"] == "No session planned in the next few days."
    assert said["rest_day"] == "No rest day in a published week in the next 7 days."
    assert said["checkin"] == "Next: tomorrow at 20:00, if that day's check-in is still missing."


def test_a_coachs_digest_on_the_coachs_clock(coach) -> None:
    services.update_preferences(coach, {"time_zone": "Asia/Tokyo"})
    said = words(coach, local("Asia/Tokyo", DAY, 8))
    assert said == {"recovery_alert": "When a recovery check turns red.", "coach_digest": "Next: tomorrow at 07:00."}


def test_quiet_days_push_the_next_one_out(berlin) -> None:
    # DAY is a Wednesday; Thursday to Sunday quiet: the next check-in is Monday's, five days on.
    services.update_preferences(berlin.user, {"quiet_weekdays": [3, 4, 5, 6]})
    assert (
        words(berlin.user, local(ZONE, DAY, 21))["checkin"]
        == "Next: on Monday at 20:00, if that day's check-in is still missing."
    )


def test_when_words() -> None:
    at = dt.datetime.combine(DAY, dt.time(8, 5))
    assert content.when_words(at, DAY) == "today at 08:05"
    assert content.when_words(at, DAY - dt.timedelta(days=1)) == "tomorrow at 08:05"
    assert content.when_words(at, DAY - dt.timedelta(days=6)) == f"on {at:%A} at 08:05"
    assert content.when_words(at, DAY - dt.timedelta(days=7)) == f"on {at:%a} {at.day} {at:%b} at 08:05"


def test_the_settings_page_and_the_api_show_them(berlin) -> None:
    page = signed_in(berlin.user).get(f"/athletes/{berlin.pk}/reminders/")
    body = page.content.decode()
    assert page.status_code == 200 and "When the next ones are due" in body
    # Whatever the hour the test runs at, the next water reminder is one of the day's slots, today or tomorrow.
    water = r"<strong>Water reminders</strong>: Next: (today|tomorrow) at (10|13|16|19):00, if you are behind on water"
    assert re.search(water, body), body
    assert "<strong>Recovery alerts</strong>: When a recovery check turns red." in body
    api = signed_in(berlin.user).get(f"/api/v1/athletes/{berlin.pk}/reminders/").json()
    assert set(api["next_reminders"]) == set(api["kinds"])
    hydration = api["next_reminders"]["hydration"]
    at = dt.datetime.fromisoformat(hydration["at"])
    assert at.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))  # Berlin's own clock, not UTC
    assert hydration["words"].startswith("Next: ") and f"at {at:%H:%M}" in hydration["words"]
    assert api["next_reminders"]["recovery_alert"] == {"at": None, "words": "When a recovery check turns red."}
