"""Athlete pages: today with every block and instruction, water in one tap (plain POST and htmx), meals with
food search, workouts, check-ins, cramps with their factors, the week, trends, reminders and the calendar link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from intake.models import Food, Meal, WaterLog
from people.calendar_links import feed_url
from people.logs import local_today
from plans.models import PlanSession
from plans.services import generate_plan
from reminders.selectors import preference_of
from tests.factories import AthleteFactory, CheckInFactory, CrampFactory, WaterFactory, WorkoutFactory
from tests.world import published_week, signed_in, this_monday
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

pytestmark = pytest.mark.django_db


def test_today_shows_sessions_with_blocks_and_instructions(athlete_pages, people) -> None:
    athlete = people.athlete
    plan = published_week(athlete, people.coach)
    session = PlanSession.objects.filter(plan=plan).exclude(modality__in=["yoga"]).first()
    body = athlete_pages.get(f"/athletes/{athlete.pk}/today/?date={session.date}").content.decode()
    assert session.title in body
    for block in ("Warm-up", "Main set", "Cool-down", "Stretching"):
        assert block in body
    exercise = session.blocks.get(kind="warmup").exercises.select_related("exercise").first()
    assert exercise.name in body and exercise.exercise.instructions[:40] in body
    assert f"/athletes/{athlete.pk}/workouts/new/?session={session.pk}" in body


def test_athletes_never_see_draft_weeks(athlete_pages, people) -> None:
    athlete = people.athlete
    plan = generate_plan(athlete=athlete, week_start=this_monday(athlete), author=people.coach)
    session = plan.sessions.first()
    assert session.title not in athlete_pages.get(f"/athletes/{athlete.pk}/week/").content.decode()
    assert "No published plan" in athlete_pages.get(f"/athletes/{athlete.pk}/week/").content.decode()
    coach_view = signed_in(people.coach).get(f"/athletes/{athlete.pk}/week/").content.decode()
    assert session.title in coach_view and "Draft" in coach_view


def test_week_page_is_a_seven_day_calendar(athlete_pages, people) -> None:
    published_week(people.athlete, people.coach)
    body = athlete_pages.get(f"/athletes/{people.athlete.pk}/week/").content.decode()
    assert body.count('class="day ') == 7 and "is-today" in body


def test_one_tap_water_without_javascript(athlete_pages, people) -> None:
    url = f"/athletes/{people.athlete.pk}/water/"
    response = athlete_pages.post(url, {"water_ml": "250"})
    assert response.status_code == 302 and response.url.endswith("/today/#water")
    athlete_pages.post(url, {"water_ml": "500"})
    assert sum(WaterLog.objects.values_list("water_ml", flat=True)) == 750
    today = athlete_pages.get(response.url.split("#")[0]).content.decode()
    assert '<strong id="water-total">750 ml</strong>' in today and "Added 500 ml of water." in today


def test_one_tap_water_with_htmx_swaps_the_card(athlete_pages, people) -> None:
    url = f"/athletes/{people.athlete.pk}/water/"
    response = athlete_pages.post(url, {"water_ml": "250"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="water"') and "<html" not in body
    assert '<strong id="water-total">250 ml</strong>' in body and "Added 250 ml." in body


def test_water_errors_show_next_to_the_field(athlete_pages, people) -> None:
    url = f"/athletes/{people.athlete.pk}/water/"
    response = athlete_pages.post(url, {"water_ml": "3000"})
    body = response.content.decode()
    assert response.status_code == 400 and 'id="id_water_ml_error"' in body
    htmx = athlete_pages.post(url, {"water_ml": "3000"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="id_water_ml_error"' in htmx
    for _ in range(5):
        athlete_pages.post(url, {"water_ml": "2000"})
    over = athlete_pages.post(url, {"water_ml": "250"}).content.decode()
    assert "id_water_ml_error" in over  # the service refuses over 10 L in a day
    assert not WaterLog.objects.filter(water_ml=3000).exists()


def test_custom_water_in_fluid_ounces_for_imperial_athletes(coach_pages, people) -> None:
    athlete = AthleteFactory(coaches=[people.coach], units="imperial")
    client = signed_in(athlete.user)
    body = client.get(f"/athletes/{athlete.pk}/today/").content.decode()
    assert "Other amount (fl oz)" in body and "+250 ml (8.5 fl oz)" in body
    client.post(f"/athletes/{athlete.pk}/water/", {"water_fl_oz": "16"})
    assert WaterLog.objects.get(athlete=athlete).water_ml == 473


def test_food_search_and_meal_logging(athlete_pages, people) -> None:
    url = f"/athletes/{people.athlete.pk}/meals/new/"
    results = athlete_pages.get(f"/athletes/{people.athlete.pk}/foods/?q=banana").content.decode()
    assert results.lstrip().startswith('<div id="food-results"') and "Bananas, raw" in results
    page = athlete_pages.get(url + "?q=banana").content.decode()
    assert "Bananas, raw" in page and 'hx-get="/athletes/' in page
    banana = Food.objects.filter(description="Bananas, raw").first()
    added = athlete_pages.post(url, {"q": "banana", "food": banana.pk, "amount": "118", "action": "add"})
    assert added.status_code == 200
    assert f'name="item" value="{banana.pk}:118"' in added.content.decode()
    milk = Food.objects.filter(description__startswith="Milk, whole").first()
    saved = athlete_pages.post(
        url, {"item": [f"{banana.pk}:118"], "food": milk.pk, "amount": "244", "action": "save", "notes": "breakfast"}
    )
    assert saved.status_code == 302 and saved.url.endswith("/today/#meals")
    meal = Meal.objects.get()
    assert meal.notes == "breakfast" and meal.items.count() == 2
    today = athlete_pages.get(saved.url.split("#")[0]).content.decode()
    assert "Bananas, raw" in today


def test_meal_errors(athlete_pages, people) -> None:
    url = f"/athletes/{people.athlete.pk}/meals/new/"
    response = athlete_pages.post(url, {"action": "save"})
    assert response.status_code == 400 and "Choose a food from the list first." in response.content.decode()
    banana = Food.objects.filter(description="Bananas, raw").first()
    response = athlete_pages.post(url, {"food": banana.pk, "action": "add"})
    assert response.status_code == 400 and 'id="id_amount_error"' in response.content.decode()
    response = athlete_pages.post(url, {"food": banana.pk, "amount": "5000", "action": "add"})
    assert response.status_code == 400 and 'id="id_amount_error"' in response.content.decode()
    assert not Meal.objects.exists()


def test_workout_logging(athlete_pages, people) -> None:
    athlete = people.athlete
    plan = published_week(athlete, people.coach)
    today = local_today(athlete)
    session = PlanSession.objects.filter(plan=plan, date__lte=today).first()
    url = f"/athletes/{athlete.pk}/workouts/new/"
    page = athlete_pages.get(url + (f"?session={session.pk}" if session else "")).content.decode()
    assert "5 – Hard" in page and "10 – Maximal" in page and "Warm-up done" in page
    data = {
        "date": today.isoformat(),
        "minutes": "45",
        "rpe": "5",
        "warmup_done": "on",
        "completed": "on",
        "modality": "run",
    }
    if session:
        data["session"] = session.pk
    response = athlete_pages.post(url, data)
    assert response.status_code == 302
    workout = WorkoutLog.objects.get()
    assert (workout.minutes, workout.rpe, workout.warmup_done, workout.stretching_done) == (45, 5, True, False)
    assert workout.logged_by == athlete.user


def test_workout_errors_next_to_fields(athlete_pages, people) -> None:
    athlete = people.athlete
    url = f"/athletes/{athlete.pk}/workouts/new/"
    tomorrow = local_today(athlete) + dt.timedelta(days=1)
    response = athlete_pages.post(url, {"date": tomorrow.isoformat(), "minutes": "0"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_minutes_error"' in body and 'id="id_rpe_error"' in body
    response = athlete_pages.post(url, {"date": tomorrow.isoformat(), "minutes": "30", "rpe": "3"})
    assert 'id="id_date_error"' in response.content.decode() and "in the future" in response.content.decode()
    assert not WorkoutLog.objects.exists()


def test_checkin_and_its_correction(athlete_pages, people) -> None:
    athlete = people.athlete
    url = f"/athletes/{athlete.pk}/checkin/"
    page = athlete_pages.get(url).content.decode()
    assert "1 – Very, very good" in page and "7 – Very, very bad" in page
    data = {
        "date": local_today(athlete).isoformat(),
        "sleep": "2",
        "fatigue": "3",
        "stress": "2",
        "soreness": "4",
        "morning_mass": "61.5",
    }
    assert athlete_pages.post(url, data).status_code == 302
    athlete_pages.post(url, {**data, "fatigue": "6"})
    checkin = WellnessCheckIn.objects.get()
    assert checkin.fatigue == 6 and float(checkin.morning_mass_kg) == 61.5
    assert 'value="6"' in athlete_pages.get(url).content.decode()
    bad = athlete_pages.post(url, {**data, "sleep": "9"})
    assert bad.status_code == 400 and 'id="id_sleep_error"' in bad.content.decode()


def test_cramp_logging_shows_the_factors(athlete_pages, people) -> None:
    athlete = people.athlete
    WorkoutFactory(athlete=athlete, date=local_today(athlete), modality="", minutes=60, rpe=7, warmup_done=False)
    url = f"/athletes/{athlete.pk}/cramps/new/"
    now = timezone.localtime(timezone.now(), timezone=__import__("zoneinfo").ZoneInfo(athlete.time_zone))
    data = {
        "at": now.strftime("%Y-%m-%dT%H:%M"),
        "location": "behind_knee",
        "side": "left",
        "severity": "7",
        "duration_minutes": "2",
        "context": "after_exercise",
    }
    response = athlete_pages.post(url, data)
    assert response.status_code == 302
    cramp = CrampEpisode.objects.get()
    assert abs((cramp.at - now).total_seconds()) < 120
    assert response.url.endswith(f"/cramps/#cramp-{cramp.pk}")
    body = athlete_pages.get(response.url.split("#")[0]).content.decode()
    assert f'id="cramp-{cramp.pk}"' in body and "Skipped warmup" in body and "see a healthcare professional" in body
    assert "skipped_warmup" not in body  # people read words, never codes
    bad = athlete_pages.post(url, {**data, "severity": "11", "at": "tomorrow"})
    assert bad.status_code == 400
    assert 'id="id_at_error"' in bad.content.decode() and 'id="id_severity_error"' in bad.content.decode()


def test_cramp_timeline_matches_the_api_factors(athlete_pages, people) -> None:
    athlete = people.athlete
    cramp = CrampFactory(
        athlete=athlete,
        at=timezone.now(),
        location="calf",
        side="left",
        severity=3,
        duration_minutes=1,
        context="night",
    )
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(athlete.user)
    factors = api.get(f"/api/v1/athletes/{athlete.pk}/cramps/{cramp.pk}/factors/")
    body = athlete_pages.get(f"/athletes/{athlete.pk}/cramps/").content.decode()
    for factor in factors.json():  # nothing logged at all: each item says which data were not logged (issue 14)
        assert factor["kind"] == "not_logged" and factor["message"] in body
    assert "None of the factors the product tracks showed in what was logged." in body


def test_trends_are_svg_charts_with_titles_axes_and_tables(athlete_pages, people) -> None:
    athlete = people.athlete
    WorkoutFactory(athlete=athlete, date=local_today(athlete), modality="", minutes=40, rpe=4)
    WaterFactory(athlete=athlete, at=timezone.now(), water_ml=800)
    CheckInFactory(athlete=athlete, date=local_today(athlete), sleep=2, fatigue=3, stress=2, soreness=3)
    body = athlete_pages.get(f"/athletes/{athlete.pk}/trends/").content.decode()
    assert body.count("<svg") == 4 and body.count('role="img"') == 4
    for text in (
        "Load (RPE ×",
        "minutes, AU)",
        "Water (ml)",
        "target (%)",
        "Target (ml)",
        "Ratio 1.3",
        "Target (100 %)",
        "Hooper index",
        "The numbers",
    ):
        assert text in body, text
    main = body.split('<main id="main">')[1]
    assert "<script" not in main and "kozea.github.io" not in body


def test_reminder_settings(athlete_pages, people) -> None:
    athlete = people.athlete
    url = f"/athletes/{athlete.pk}/reminders/"
    page = athlete_pages.get(url).content.decode()
    assert "Water reminders" in page and "Daily digest" not in page
    data = {
        "kind_pre_session": "on",
        "kind_checkin": "on",
        "waking_start": "08:00",
        "waking_end": "22:00",
        "quiet_weekdays": ["6"],
        "hydration_interval_hours": "2",
    }
    assert athlete_pages.post(url, data).status_code == 302
    athlete.user.refresh_from_db()
    preference = preference_of(athlete.user)
    assert preference.hydration is False and preference.checkin is True and preference.quiet_weekdays == [6]
    assert preference.hydration_interval_hours == 2
    bad = athlete_pages.post(url, {**data, "waking_end": "07:00"})
    assert bad.status_code == 400 and 'id="id_waking_end_error"' in bad.content.decode()
    assert athlete_pages.get("/settings/reminders/").url == url


def test_calendar_link_to_copy_and_replace(athlete_pages, people, settings) -> None:
    settings.SITE_URL = "https://trainer.example.org"
    athlete = people.athlete
    url = f"/athletes/{athlete.pk}/calendar/"
    old = feed_url(athlete)
    body = athlete_pages.get(url).content.decode()
    assert old.startswith("https://trainer.example.org/calendar/") and "webcal://" in body
    assert f'value="{old}"' in body and "works until" in body
    assert athlete_pages.post(url).status_code == 302
    athlete.refresh_from_db()
    assert feed_url(athlete) != old
    assert f'value="{feed_url(athlete)}"' in athlete_pages.get(url).content.decode()


def test_short_addresses_lead_to_the_athletes_own_pages(athlete_pages, people, coach_pages) -> None:
    assert athlete_pages.get("/me/week/").url == f"/athletes/{people.athlete.pk}/week/"
    # the query comes along: a link to another week keeps its week
    assert athlete_pages.get("/me/week/?week=2026-12-14").url == f"/athletes/{people.athlete.pk}/week/?week=2026-12-14"
    assert coach_pages.get("/me/week/").url == "/"


def test_every_form_carries_a_csrf_token(athlete_pages, coach_pages, people) -> None:
    plan = published_week(people.athlete, people.coach)
    pages = [
        (athlete_pages, f"/athletes/{people.athlete.pk}/{p}/")
        for p in ("today", "meals/new", "workouts/new", "checkin", "cramps/new", "reminders", "calendar")
    ]
    pages += [
        (coach_pages, u)
        for u in (
            "/coach/invite/",
            f"/coach/plans/{plan.pk}/",
            f"/coach/athletes/{people.athlete.pk}/",
            "/settings/reminders/",
        )
    ]
    for client, url in pages:
        body = client.get(url).content.decode()
        forms = body.count('method="post"')
        assert forms and body.count('name="csrfmiddlewaretoken"') == forms, url
