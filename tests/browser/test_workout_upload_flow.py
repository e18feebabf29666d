"""Workout files in a real browser (issue 17, "Done when"): an athlete uploads last week's FIT, TCX and GPX files
and a broken one in one go, sees each matched to its planned session with the heart-rate load beside the
session-RPE load, the broken one refused with a sentence, and gives an RPE; a large file is read by a real
Celery worker while the page, polling with htmx, shows its state."""

from __future__ import annotations

import datetime as dt

import pytest
from fit_tool.profile.profile_type import Sport

from people.logs import local_today
from plans import services
from plans.models import PlanSession
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, describe, new_page, shoot
from tests.factories import AthleteFactory, CoachFactory
from tests.training.test_workout_import_api import local_start, steady
from tests.training.workout_file_makers import Track, fit_file, gpx_file, tcx_file
from training import upload_services
from training.models import WorkoutLog

pytestmark = pytest.mark.django_db(transaction=True)


def day_words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def last_week_sessions(athlete, coach) -> list[PlanSession]:
    today = local_today(athlete)
    monday = today - dt.timedelta(days=today.weekday() + 7)
    plan = services.generate_plan(athlete=athlete, week_start=monday, author=coach)
    services.publish_plan(plan)
    return list(PlanSession.objects.filter(plan=plan).order_by("date", "order"))


def lone(sessions: list[PlanSession], modalities: tuple[str, ...]) -> list[PlanSession]:
    """Sessions in these sports, each alone on its day (a file of that day can do only that one)."""
    dates = [s.date for s in sessions]
    return [s for s in sessions if s.modality in modalities and dates.count(s.date) == 1]


def as_file(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "application/octet-stream", "buffer": data}


def test_last_weeks_files_in_one_go_each_matched_and_a_broken_one_refused(browser, site) -> None:
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach], user__name="Wes Watch", level="intermediate", weekly_minutes_target=300)
    runs = lone(last_week_sessions(athlete, coach), ("run",))
    assert len(runs) >= 3, [(s.date, s.modality) for s in runs]
    fit_run, tcx_run, gpx_run = runs[:3]

    def track(session: PlanSession) -> Track:
        return Track(local_start(athlete, session.date.isoformat(), 7), 35 * 60, heart_rate=steady)

    files = [
        as_file("Morning_Run.fit", fit_file(track(fit_run), Sport.RUNNING)),
        as_file("activity_2.tcx", tcx_file(track(tcx_run), "Running")),
        as_file("evening.gpx", gpx_file(track(gpx_run), "running")),
        as_file("cut_short.fit", fit_file(track(fit_run), Sport.RUNNING)[:-150]),
    ]
    page = new_page(browser, site, PHONE, user=athlete.user)
    page.goto(f"/athletes/{athlete.pk}/workouts/new/")
    page.get_by_label("Workout files").set_input_files(files)
    with page.expect_navigation():
        page.get_by_role("button", name="Upload").click()

    outcomes = page.locator("#upload")
    for name, session in (("Morning_Run.fit", fit_run), ("activity_2.tcx", tcx_run), ("evening.gpx", gpx_run)):
        line = outcomes.locator("li", has_text=name)
        assert f'Imported and matched to "{session.title}" on {day_words(session.date)}.' in line.inner_text()
        workout = WorkoutLog.objects.get(session=session)
        assert f"heart-rate load {workout.trimp:.0f} (Banister TRIMP)" in line.inner_text()
        assert "Session-RPE load: waiting for the RPE" in line.inner_text()
    refused = outcomes.locator("li", has_text="cut_short.fit").inner_text()
    assert "Refused: The FIT file is damaged or cut short; export it again from the watch or app." in refused
    assert WorkoutLog.objects.filter(athlete=athlete).count() == 3
    shoot(page, "workout-upload")
    violations = axe_violations(page)
    assert not violations, describe(violations)

    # The RPE the files lack, given on the same page: the session-RPE load follows.
    ask = page.locator(f"#rpe-{WorkoutLog.objects.get(session=fit_run).pk}")
    ask.get_by_label("How hard was it? (RPE, 0-10)").select_option("7")
    with page.expect_navigation():
        ask.get_by_role("button", name="Give the RPE").click()
    assert f"RPE 7 given: the 35 min run of {day_words(fit_run.date)} has a session-RPE load of 245 AU." in (
        page.locator(".messages").inner_text()
    )
    assert page.locator("#rpe li").count() == 2  # the two others still wait

    # The day shows both loads, and the file back as TCX.
    page.goto(f"/athletes/{athlete.pk}/today/?date={fit_run.date.isoformat()}")
    line = page.locator("#workouts li").first.inner_text()
    assert "at RPE 7 (load 245 AU)" in line and "heart-rate load" in line
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as TCX").first.click()
    assert download.value.suggested_filename.endswith(".tcx")
    page.context.close()


def test_a_large_file_is_read_by_a_worker_while_the_page_shows_its_state(browser, site, celery_worker) -> None:
    athlete = AthleteFactory(coaches=[CoachFactory()], user__name="Lou Long")
    day = local_today(athlete) - dt.timedelta(days=1)
    long_run = tcx_file(Track(local_start(athlete, day.isoformat(), 6), 150 * 60, heart_rate=steady), "Running")
    assert len(long_run) > upload_services.INLINE_MAX_BYTES
    short = fit_file(Track(local_start(athlete, day.isoformat(), 18), 20 * 60), Sport.RUNNING)
    page = new_page(browser, site, DESKTOP, user=athlete.user)
    page.goto(f"/athletes/{athlete.pk}/workouts/new/")
    page.get_by_label("Workout files").set_input_files([as_file("long.tcx", long_run), as_file("short.fit", short)])
    with page.expect_navigation():
        page.get_by_role("button", name="Upload").click()

    long_line = page.locator("#upload li", has_text="long.tcx")
    # The small file is read at once; the large one by the worker, the page asking for news every few seconds.
    assert "Imported as an unplanned 20 min run" in page.locator("#upload li", has_text="short.fit").inner_text()
    first = long_line.inner_text()
    assert any(state in first for state in ("Waiting for a worker", "Being read", "Imported")), first
    url = page.url
    page.wait_for_function(
        "() => document.querySelector('#upload').textContent.includes('Imported as an unplanned 150 min run')",
        timeout=60_000,
    )
    assert page.url == url  # swapped in place by htmx, no reload
    assert page.locator("#upload").get_attribute("hx-trigger") is None  # done: the polling stopped
    assert f"on {day_words(day)}" in long_line.inner_text()
    assert WorkoutLog.objects.filter(athlete=athlete).count() == 2
    page.context.close()
