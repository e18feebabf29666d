"""Correcting logs on the web (issue 14, item 1): Remove for every log listed on the day, Change for water and
workouts, Undo right after a one-tap water log, Remove on the cramps list and the check-in page. Permissions are
the logging ones (the athlete, their coach, staff); anyone else, and another athlete's log, gets 404."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from intake import log_services
from intake.log_serializers import ML_PER_FL_OZ
from intake.models import Food, Meal, SupplementLog, WaterLog
from people.logs import local_today
from tests.factories import AthleteFactory, CrampFactory, FoodFactory
from tests.world import signed_in
from training import services as plan_log_services
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

pytestmark = pytest.mark.django_db


def clock(athlete, instant: dt.datetime) -> str:
    return f"{instant.astimezone(ZoneInfo(athlete.time_zone)):%H:%M}"


def total(body: str, ml: int) -> bool:
    return f'<strong id="water-total">{ml} ml</strong>' in body


def today_url(athlete) -> str:
    return f"/athletes/{athlete.pk}/today/"


def test_remove_a_water_log_and_the_day_total_drops(athlete_pages, people) -> None:
    athlete = people.athlete
    log_services.log_water(athlete=athlete, water_ml=250)
    log = log_services.log_water(athlete=athlete, water_ml=500)
    page = athlete_pages.get(today_url(athlete)).content.decode()
    assert total(page, 750) and f'action="/athletes/{athlete.pk}/water/{log.pk}/remove/"' in page
    assert f"{clock(athlete, log.at)}: 500 ml" in page  # the time on the athlete's clock

    response = athlete_pages.post(f"/athletes/{athlete.pk}/water/{log.pk}/remove/")
    assert response.status_code == 302
    assert response.url == f"{today_url(athlete)}?date={local_today(athlete).isoformat()}#water"
    body = athlete_pages.get(response.url.split("#")[0]).content.decode()
    assert total(body, 250)
    assert f"Removed 500 ml of water logged at {clock(athlete, log.at)}." in body
    assert list(WaterLog.objects.values_list("water_ml", flat=True)) == [250]


def test_change_a_water_amount_and_time_metric(athlete_pages, people) -> None:
    athlete = people.athlete
    log = log_services.log_water(athlete=athlete, water_ml=500)
    url = f"/athletes/{athlete.pk}/water/{log.pk}/change/"
    prefix = f"water-{log.pk}"
    page = athlete_pages.get(today_url(athlete)).content.decode()
    assert "Amount (ml)" in page and f'name="{prefix}-amount" value="500"' in page

    response = athlete_pages.post(url, {f"{prefix}-amount": "400", f"{prefix}-time": clock(athlete, log.at)})
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.water_ml == 400
    body = athlete_pages.get(response.url.split("#")[0]).content.decode()
    assert total(body, 400) and f"Changed to 400 ml at {clock(athlete, log.at)}." in body

    # The time is the athlete's wall clock on the log's own day (midnight is always earlier today).
    athlete_pages.post(url, {f"{prefix}-amount": "400", f"{prefix}-time": "00:00"})
    log.refresh_from_db()
    local = log.at.astimezone(ZoneInfo(athlete.time_zone))
    assert (local.date(), local.hour, local.minute) == (local_today(athlete), 0, 0) and log.water_ml == 400


def test_a_refused_water_change_shows_the_error_and_saves_nothing(athlete_pages, people) -> None:
    athlete = people.athlete
    log = log_services.log_water(athlete=athlete, water_ml=500)
    at = log.at
    prefix = f"water-{log.pk}"
    response = athlete_pages.post(
        f"/athletes/{athlete.pk}/water/{log.pk}/change/", {f"{prefix}-amount": "5000", f"{prefix}-time": "00:00"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{prefix}-amount_error"' in body and "2 L" in body
    assert '<details class="change" open>' in body
    log.refresh_from_db()
    assert (log.water_ml, log.at) == (500, at)


def test_change_a_water_amount_imperial(people) -> None:
    athlete = AthleteFactory(coaches=[people.coach], units="imperial", user__name="Ian Imperial")
    client = signed_in(athlete.user)
    log = log_services.log_water(athlete=athlete, water_ml=500)
    prefix = f"water-{log.pk}"
    page = client.get(today_url(athlete)).content.decode()
    assert "Amount (fl oz)" in page and f'name="{prefix}-amount" value="16.9"' in page
    assert "500 ml (16.9 fl oz)" in page

    response = client.post(
        f"/athletes/{athlete.pk}/water/{log.pk}/change/",
        {f"{prefix}-amount": "10", f"{prefix}-time": clock(athlete, log.at)},
    )
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.water_ml == round(10 * ML_PER_FL_OZ) == 296
    body = client.get(response.url.split("#")[0]).content.decode()
    assert total(body, 296) and "Changed to 296 ml (10.0 fl oz)" in body

    # Unchanged fields are not sent: the stored millilitres stay exact.
    client.post(
        f"/athletes/{athlete.pk}/water/{log.pk}/change/", {f"{prefix}-amount": "10.0", f"{prefix}-time": "00:00"}
    )
    log.refresh_from_db()
    assert log.water_ml == 296


def test_undo_right_after_a_one_tap_log(athlete_pages, people) -> None:
    athlete = people.athlete
    log_services.log_water(athlete=athlete, water_ml=250)
    response = athlete_pages.post(f"/athletes/{athlete.pk}/water/", {"water_ml": "500"})
    assert response.status_code == 302 and response.url.endswith("/today/#water")
    logged = WaterLog.objects.get(water_ml=500)
    page = athlete_pages.get(response.url.split("#")[0]).content.decode()
    undo = f'action="/athletes/{athlete.pk}/water/{logged.pk}/remove/"'
    assert "Added 500 ml of water." in page and ">Undo</button>" in page
    assert page.index(undo) < page.index(">Undo</button>") < page.index('id="water-logs"')  # this log's form
    # Shown once: a reload no longer offers it.
    assert ">Undo</button>" not in athlete_pages.get(today_url(athlete)).content.decode()

    undone = athlete_pages.post(f"/athletes/{athlete.pk}/water/{logged.pk}/remove/")
    assert undone.status_code == 302
    body = athlete_pages.get(undone.url.split("#")[0]).content.decode()
    assert total(body, 250) and "Removed 500 ml of water logged at" in body
    assert athlete_pages.post(f"/athletes/{athlete.pk}/water/{logged.pk}/remove/").status_code == 404


def test_undo_with_htmx_comes_in_the_swapped_card(athlete_pages, people) -> None:
    athlete = people.athlete
    response = athlete_pages.post(f"/athletes/{athlete.pk}/water/", {"water_ml": "250"}, HTTP_HX_REQUEST="true")
    logged = WaterLog.objects.get()
    body = response.content.decode()
    assert "Added 250 ml." in body and f'action="/athletes/{athlete.pk}/water/{logged.pk}/remove/"' in body
    assert ">Undo</button>" in body


def test_another_athletes_log_is_404(athlete_pages, people) -> None:
    athlete, other = people.athlete, people.other
    theirs = log_services.log_water(athlete=other, water_ml=300)
    workout = plan_log_services.log_workout(
        athlete=other, data={"date": local_today(other), "minutes": 30, "rpe": 4}, by=other.user
    )
    cramp = CrampFactory(
        athlete=other, at=timezone.now(), location="calf", side="left", severity=3, duration_minutes=1, context="night"
    )
    checkin, _ = plan_log_services.record_checkin(
        athlete=other, data={"date": local_today(other), "sleep": 2, "fatigue": 2, "stress": 2, "soreness": 2}
    )
    mine, yours = athlete.pk, other.pk
    for url in (
        f"/athletes/{mine}/water/{theirs.pk}/remove/",  # my page, their log
        f"/athletes/{mine}/water/{theirs.pk}/change/",
        f"/athletes/{yours}/water/{theirs.pk}/remove/",  # their page
        f"/athletes/{mine}/workouts/{workout.pk}/remove/",
        f"/athletes/{mine}/workouts/{workout.pk}/change/",
        f"/athletes/{mine}/cramps/{cramp.pk}/remove/",
        f"/athletes/{mine}/checkin/{checkin.pk}/remove/",
        f"/athletes/{yours}/checkin/{checkin.pk}/remove/",
    ):
        assert athlete_pages.post(url, {}).status_code == 404, url
    # A coach of someone else gets 404 too; the athlete's own coach and staff may correct.
    own = log_services.log_water(athlete=athlete, water_ml=200)
    assert signed_in(people.other_coach).post(f"/athletes/{mine}/water/{own.pk}/remove/").status_code == 404
    assert signed_in(people.coach).post(f"/athletes/{mine}/water/{own.pk}/remove/").status_code == 302
    again = log_services.log_water(athlete=athlete, water_ml=200)
    assert signed_in(people.staff).post(f"/athletes/{mine}/water/{again.pk}/remove/").status_code == 302
    assert WaterLog.objects.filter(athlete=other).count() == 1
    assert WorkoutLog.objects.filter(athlete=other).count() == 1
    assert CrampEpisode.objects.filter(athlete=other).count() == 1
    assert WellnessCheckIn.objects.filter(athlete=other).count() == 1
    assert athlete_pages.get(f"/athletes/{mine}/water/{own.pk}/remove/").status_code == 405


def test_change_a_workouts_minutes_and_its_load_follows(athlete_pages, people) -> None:
    athlete = people.athlete
    workout = plan_log_services.log_workout(
        athlete=athlete, data={"date": local_today(athlete), "minutes": 40, "rpe": 5}, by=athlete.user
    )
    prefix = f"workout-{workout.pk}"
    page = athlete_pages.get(today_url(athlete)).content.decode()
    assert "(load 200 AU)" in page and "5 – Hard" in page

    url = f"/athletes/{athlete.pk}/workouts/{workout.pk}/change/"
    response = athlete_pages.post(url, {f"{prefix}-minutes": "30", f"{prefix}-rpe": "5"})
    assert response.status_code == 302 and response.url.endswith("#workouts")
    body = athlete_pages.get(response.url.split("#")[0]).content.decode()
    assert "30 min" in body and "(load 150 AU)" in body and "(load 200 AU)" not in body
    assert "Workout changed: 30 min at RPE 5 (load 150 AU)." in body

    bad = athlete_pages.post(url, {f"{prefix}-minutes": "0", f"{prefix}-rpe": "5"})
    assert bad.status_code == 400 and f'id="id_{prefix}-minutes_error"' in bad.content.decode()
    workout.refresh_from_db()
    assert workout.minutes == 30 and workout.load == 150


def test_remove_a_workout(athlete_pages, people) -> None:
    athlete = people.athlete
    workout = plan_log_services.log_workout(
        athlete=athlete, data={"date": local_today(athlete), "minutes": 40, "rpe": 5}, by=athlete.user
    )
    response = athlete_pages.post(f"/athletes/{athlete.pk}/workouts/{workout.pk}/remove/")
    assert response.status_code == 302
    body = athlete_pages.get(response.url.split("#")[0]).content.decode()
    assert "Removed the workout of 40 min at RPE 5 (load 200 AU)." in body and not WorkoutLog.objects.exists()


def test_remove_a_meal_and_a_supplement(athlete_pages, people) -> None:
    athlete = people.athlete
    food = FoodFactory(description="Test banana", potassium_mg=358)
    meal = log_services.log_meal(athlete=athlete, items=[{"food": food, "grams": 118}])
    supplement = log_services.log_supplement(athlete=athlete, data={"magnesium_mg": 200})
    page = athlete_pages.get(today_url(athlete)).content.decode()
    assert f"{clock(athlete, meal.at)}: 118 g Test banana" in page
    assert f"{clock(athlete, supplement.at)}: 200 mg magnesium" in page

    response = athlete_pages.post(f"/athletes/{athlete.pk}/meals/{meal.pk}/remove/")
    body = athlete_pages.get(response.url.split("#")[0]).content.decode()
    assert f"Removed the meal logged at {clock(athlete, meal.at)} (118 g Test banana)." in body
    response = athlete_pages.post(f"/athletes/{athlete.pk}/supplements/{supplement.pk}/remove/")
    body = athlete_pages.get(response.url.split("#")[0]).content.decode()
    assert f"Removed the supplement logged at {clock(athlete, supplement.at)} (200 mg magnesium)." in body
    assert not Meal.objects.exists() and not SupplementLog.objects.exists()


def test_remove_a_cramp_from_the_cramps_list(athlete_pages, people) -> None:
    athlete = people.athlete
    at = timezone.now() - dt.timedelta(hours=3)
    cramp = CrampFactory(athlete=athlete, at=at)
    url = f"/athletes/{athlete.pk}/cramps/"
    remove = f"/athletes/{athlete.pk}/cramps/{cramp.pk}/remove/"
    assert f'action="{remove}"' in athlete_pages.get(url).content.decode()
    response = athlete_pages.post(remove)
    assert response.status_code == 302 and response.url == url
    body = athlete_pages.get(url).content.decode()
    local = at.astimezone(ZoneInfo(athlete.time_zone))
    assert f"Removed the cramp of {local:%a} {local.day} {local:%b}, {local:%H:%M}: calf (left)." in body
    assert "No cramps in the last 90 days." in body and not CrampEpisode.objects.exists()
    assert athlete_pages.post(remove).status_code == 404


def test_remove_the_days_checkin(athlete_pages, people) -> None:
    athlete = people.athlete
    url = f"/athletes/{athlete.pk}/checkin/"
    assert "Remove today's check-in" not in athlete_pages.get(url).content.decode()
    today = local_today(athlete)
    checkin, _ = plan_log_services.record_checkin(
        athlete=athlete, data={"date": today, "sleep": 2, "fatigue": 3, "stress": 2, "soreness": 3}
    )
    page = athlete_pages.get(url).content.decode()
    remove = f"/athletes/{athlete.pk}/checkin/{checkin.pk}/remove/"
    assert f'action="{remove}"' in page and "Remove today's check-in" in page
    response = athlete_pages.post(remove)
    assert response.status_code == 302 and response.url == url
    body = athlete_pages.get(url).content.decode()
    assert f"Removed the check-in of {today:%A} {today.day} {today:%B}." in body
    assert not WellnessCheckIn.objects.exists()
    assert "Not done yet." in athlete_pages.get(today_url(athlete)).content.decode()


def test_correct_a_meal_in_one_step(athlete_pages, people) -> None:
    """Issue 14: a wrong amount is fixed where the meal is listed; a food set to 0 leaves the meal."""
    athlete = people.athlete
    banana = Food.objects.get(description="Bananas, raw")
    medium = banana.portions.get(unit__startswith="medium")
    milk = Food.objects.filter(description__startswith="Milk, whole").first()
    meal = log_services.log_meal(
        athlete=athlete,
        items=[
            {"food": banana, "grams": medium.grams * 3, "portion": medium, "amount": 3},
            {"food": milk, "grams": 500},
        ],
    )
    prefix = f"meal-{meal.pk}"
    banana_item, milk_item = meal.items.order_by("id")
    page = athlete_pages.get(today_url(athlete)).content.decode()
    assert f'name="{prefix}-item_{banana_item.pk}" value="3"' in page and 'value="500"' in page

    url = f"/athletes/{athlete.pk}/meals/{meal.pk}/change/"
    time = clock(athlete, meal.at)
    response = athlete_pages.post(
        url, {f"{prefix}-time": time, f"{prefix}-item_{banana_item.pk}": "1", f"{prefix}-item_{milk_item.pk}": "250"}
    )
    assert response.status_code == 302 and response.url.endswith("#meals")
    amounts = {item.food_id: (item.grams, item.amount, item.portion_id) for item in meal.items.all()}
    assert amounts == {banana.pk: (medium.grams, 1, medium.pk), milk.pk: (250, None, None)}
    body = athlete_pages.get(response.url.split("#")[0]).content.decode()
    assert "Meal changed:" in body and f"{medium.grams.normalize():f} g Bananas, raw" in body

    banana_item, milk_item = meal.items.order_by("id")  # the items were written anew
    response = athlete_pages.post(
        url, {f"{prefix}-time": time, f"{prefix}-item_{banana_item.pk}": "1", f"{prefix}-item_{milk_item.pk}": "0"}
    )
    assert response.status_code == 302
    assert [item.food_id for item in meal.items.all()] == [banana.pk]


def test_a_meal_cannot_be_emptied_by_its_change_form(athlete_pages, people) -> None:
    athlete = people.athlete
    food = FoodFactory(description="Test banana", potassium_mg=358)
    meal = log_services.log_meal(athlete=athlete, items=[{"food": food, "grams": 118}])
    [item] = meal.items.all()
    prefix = f"meal-{meal.pk}"
    url = f"/athletes/{athlete.pk}/meals/{meal.pk}/change/"
    response = athlete_pages.post(url, {f"{prefix}-time": clock(athlete, meal.at), f"{prefix}-item_{item.pk}": "0"})
    assert response.status_code == 400 and "use Remove" in response.content.decode()
    too_much = athlete_pages.post(url, {f"{prefix}-time": clock(athlete, meal.at), f"{prefix}-item_{item.pk}": "9000"})
    assert too_much.status_code == 400
    assert list(meal.items.values_list("grams", flat=True)) == [118]


def test_an_imperial_athlete_corrects_a_meal_in_ounces(people) -> None:
    athlete = AthleteFactory(coaches=[people.coach], units="imperial")
    client = signed_in(athlete.user)
    food = FoodFactory(description="Test spinach", potassium_mg=558)
    meal = log_services.log_meal(athlete=athlete, items=[{"food": food, "grams": 85}])
    [item] = meal.items.all()
    prefix = f"meal-{meal.pk}"
    page = client.get(today_url(athlete)).content.decode()
    assert "Test spinach (oz)" in page and f'name="{prefix}-item_{item.pk}" value="3"' in page
    response = client.post(
        f"/athletes/{athlete.pk}/meals/{meal.pk}/change/",
        {f"{prefix}-time": clock(athlete, meal.at), f"{prefix}-item_{item.pk}": "4"},
    )
    assert response.status_code == 302
    assert [float(grams) for grams in meal.items.values_list("grams", flat=True)] == [113.4]


def test_correct_a_supplement(athlete_pages, people) -> None:
    athlete = people.athlete
    log = log_services.log_supplement(athlete=athlete, data={"magnesium_mg": 200})
    prefix = f"supplement-{log.pk}"
    url = f"/athletes/{athlete.pk}/supplements/{log.pk}/change/"
    form = {f"{prefix}-time": clock(athlete, log.at), f"{prefix}-magnesium_mg": "300", f"{prefix}-calcium_mg": "500"}
    response = athlete_pages.post(url, form)
    assert response.status_code == 302 and response.url.endswith("#minerals")
    log.refresh_from_db()
    assert (log.magnesium_mg, log.calcium_mg) == (300, 500)
    body = athlete_pages.get(response.url.split("#")[0]).content.decode()
    assert "Supplement changed:" in body and "500 mg calcium" in body
    empty = athlete_pages.post(url, {f"{prefix}-time": clock(athlete, log.at)})
    assert empty.status_code == 400  # no mineral left: the API's own rule
    log.refresh_from_db()
    assert log.magnesium_mg == 300


def test_another_athletes_meal_and_supplement_cannot_be_changed(athlete_pages, people) -> None:
    other = people.other
    food = FoodFactory(description="Test banana", potassium_mg=358)
    meal = log_services.log_meal(athlete=other, items=[{"food": food, "grams": 118}])
    log = log_services.log_supplement(athlete=other, data={"magnesium_mg": 200})
    assert athlete_pages.post(f"/athletes/{other.pk}/meals/{meal.pk}/change/", {}).status_code == 404
    assert athlete_pages.post(f"/athletes/{other.pk}/supplements/{log.pk}/change/", {}).status_code == 404
    mine = people.athlete
    assert athlete_pages.post(f"/athletes/{mine.pk}/meals/{meal.pk}/change/", {}).status_code == 404


def test_change_a_cramp_from_the_cramps_list(athlete_pages, people) -> None:
    """Issue 14: a cramp logged with the wrong severity or side is corrected where it is listed."""
    athlete = people.athlete
    at = (timezone.now() - dt.timedelta(hours=3)).replace(second=0, microsecond=0)
    cramp = CrampFactory(athlete=athlete, at=at)
    change = f"/athletes/{athlete.pk}/cramps/{cramp.pk}/change/"
    assert f'href="{change}"' in athlete_pages.get(f"/athletes/{athlete.pk}/cramps/").content.decode()
    page = athlete_pages.get(change).content.decode()
    local = at.astimezone(ZoneInfo(athlete.time_zone))
    assert "Change a cramp" in page and f'value="{local:%Y-%m-%dT%H:%M}"' in page  # on the athlete's clock
    form = {
        "at": f"{local:%Y-%m-%dT%H:%M}", "location": "behind_knee", "side": "right", "severity": "7",
        "duration_minutes": "2", "context": "night", "notes": "",
    }  # fmt: skip
    response = athlete_pages.post(change, form)
    assert response.status_code == 302 and response.url.endswith(f"#cramp-{cramp.pk}")
    cramp.refresh_from_db()
    assert (cramp.location, cramp.side, cramp.severity, cramp.at) == ("behind_knee", "right", 7, at)
    bad = athlete_pages.post(change, {**form, "severity": "11"})
    assert bad.status_code == 400
    other = CrampFactory(athlete=people.other, at=at)
    assert athlete_pages.get(f"/athletes/{people.other.pk}/cramps/{other.pk}/change/").status_code in (403, 404)
    assert athlete_pages.get(f"/athletes/{athlete.pk}/cramps/{other.pk}/change/").status_code == 404
