"""Eight weeks of history for the demo athletes (issue 14), so a first run shows the product alive: a published
block, workouts against its sessions, water, meals of real SR28 foods, supplements, morning check-ins and one
cramp, ending on each athlete's own local today; then the real recovery check decides each one's status.

Everything comes from a `random.Random` seeded with the athlete's email, so a load gives the same demo every
time for the same day. The stories behind today's statuses are in the data, never written as a status:

- Ana (novice, 16) cramped behind the knee yesterday, on a day she drank under half of her target: red.
- Ben (cyclist) rode with his club the two days before today, on top of his plan: his load spikes, amber.
- Chloe and Diego trained as planned, ate and drank well: green, as the check finds.

Plans go through the services the API and pages use (plans.services.create_block and publish_block, the
fixture service for the soccer player's past matches), so they keep every rule. The logs are written in bulk
with the models instead of one service call each (about 700 logs per athlete): every log service calls
`after_log`, which queues a recovery check per log, some 2,800 checks (about 0.1 s each) for the worker to work
through once `make run` starts, each on a history still being written; the calls themselves would add about
2 ms each (measured on SQLite), some 5 s to a load that takes about 7 s. Totals, load and day summaries are
sums of the logs when read, so bulk rows give the same figures; the recovery check
(recovery.services.run_check) runs once per athlete at the end, on the whole history, as the worker would
have. Each water log passes the same plausibility check log_water makes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import F

from intake import targets
from intake.day import day_sessions, profile_of
from intake.models import Food, Meal, MealItem, SupplementLog, SweatTest, WaterLog
from people.models import AthleteProfile, User
from plans import load as load_metrics
from plans import services
from plans.models import Fixture, PlanSession, PlanWeek, TrainingBlock
from recovery import services as recovery_services
from recovery.models import CoachAlert, RecoveryStatus, WeekReview
from recovery.status import ACWR_AMBER, ACWR_RED
from teams import services as fixture_services
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

HISTORY_WEEKS = 8  # full weeks of logs before the current one
COMING_WEEKS = 3  # planned weeks after the current one
BLOCK_WEEKS = HISTORY_WEEKS + 1 + COMING_WEEKS
MATCH_START = dt.time(15, 0)
COMING_MATCHES = 12  # the soccer player's season ahead: a match every Saturday
MATCH_MINUTES = 90

# SR28 foods by NDB number (intake/data/), the names the meal page shows.
FOODS = {
    "oats": "08120",  # Cereals, oats, regular and quick, not fortified, dry
    "milk": "01079",  # Milk, reduced fat, fluid, 2% milkfat
    "banana": "09040",  # Bananas, raw
    "wholewheat_bread": "18075",  # Bread, whole-wheat, commercially prepared
    "egg": "01123",  # Egg, whole, raw, fresh
    "cheddar": "01009",  # Cheese, cheddar
    "orange": "09200",  # Oranges, raw, all commercial varieties
    "brown_rice": "20041",  # Rice, brown, medium-grain, cooked
    "white_rice": "20045",  # Rice, white, long-grain, regular, enriched, cooked
    "chicken": "05064",  # Chicken, broilers or fryers, breast, meat only, cooked, roasted
    "spinach": "11457",  # Spinach, raw
    "broccoli": "11090",  # Broccoli, raw
    "yogurt": "01117",  # Yogurt, plain, low fat
    "greek_yogurt": "01256",  # Yogurt, Greek, plain, nonfat
    "salmon": "15236",  # Fish, salmon, Atlantic, farmed, raw
    "tuna": "15121",  # Fish, tuna, light, canned in water, drained solids
    "beef": "13443",  # Beef, loin, tenderloin steak, lean, cooked
    "potato": "11674",  # Potatoes, baked, flesh and skin, without salt
    "sweet_potato": "11507",  # Sweet potato, raw, unprepared
    "pasta": "20121",  # Pasta, cooked, enriched, without added salt
    "tomato": "11529",  # Tomatoes, red, ripe, raw
    "black_beans": "16015",  # Beans, black, mature seeds, cooked, boiled, without salt
    "chickpeas": "16057",  # Chickpeas, mature seeds, cooked, boiled, without salt
    "almonds": "12061",  # Nuts, almonds
    "walnuts": "12155",  # Nuts, walnuts, english
    "peanut_butter": "16098",  # Peanut butter, smooth style, with salt
    "apple": "09003",  # Apples, raw, with skin
    "strawberries": "09316",  # Strawberries, raw
    "avocado": "09037",  # Avocados, raw, all commercial varieties
    "honey": "19296",  # Honey
    "salt": "02047",  # Salt, table
    "coffee": "14209",  # Beverages, coffee, brewed, prepared with tap water
    "sports_drink": "14460",  # Beverages, Gatorade, ready-to-drink
}

Dish = tuple[tuple[str, float], ...]  # (food, grams for a 70 kg eater)
BREAKFASTS: tuple[Dish, ...] = (
    (("oats", 70), ("milk", 250), ("banana", 120), ("walnuts", 15)),
    (("wholewheat_bread", 80), ("egg", 100), ("cheddar", 25), ("orange", 150)),
    (("greek_yogurt", 200), ("strawberries", 150), ("almonds", 25), ("honey", 15)),
    (("oats", 60), ("milk", 250), ("peanut_butter", 20), ("apple", 150)),
)
LUNCHES: tuple[Dish, ...] = (
    (("brown_rice", 200), ("chicken", 130), ("broccoli", 150), ("salt", 1.5)),
    (("wholewheat_bread", 100), ("tuna", 100), ("tomato", 150), ("avocado", 70), ("apple", 180)),
    (("black_beans", 200), ("white_rice", 150), ("cheddar", 30), ("tomato", 100), ("avocado", 60), ("salt", 1)),
    (("pasta", 220), ("tomato", 150), ("spinach", 60), ("cheddar", 25), ("salt", 1)),
)
DINNERS: tuple[Dish, ...] = (
    (("salmon", 150), ("potato", 250), ("spinach", 80), ("salt", 1.5)),
    (("pasta", 250), ("beef", 120), ("tomato", 150), ("cheddar", 20), ("salt", 1.5)),
    (("chicken", 150), ("sweet_potato", 250), ("broccoli", 150), ("salt", 1.5)),
    (("chickpeas", 200), ("brown_rice", 180), ("spinach", 100), ("yogurt", 150), ("salt", 1.5)),
)
SNACKS: tuple[Dish, ...] = (
    (("yogurt", 170), ("banana", 120)),
    (("almonds", 30), ("apple", 180)),
    (("milk", 300),),
    (("wholewheat_bread", 40), ("peanut_butter", 20)),
)
SPORTS_DRINK_FROM_MINUTES = 75  # a bottle of sports drink on sessions this long
SPORTS_DRINK: Dish = (("sports_drink", 500),)
MEASURED = frozenset({"salt", "coffee", "sports_drink"})  # the same amount whoever eats or drinks it


@dataclass(frozen=True)
class Habits:
    """How one demo athlete lives: when they wake, how they usually feel, eat and drink."""

    wake: dt.time
    hooper: tuple[int, int, int, int]  # usual sleep, fatigue, stress, soreness (1 very, very good ... 7)
    resting_hr_bpm: int
    sleep_hours: float
    portion: float  # meal size against a 70 kg eater
    water_share: tuple[float, float]  # the usual day's drinks, as a share of the day's target
    weighs_in: bool = False
    coffee: bool = False
    evening: Dish = ()  # something every evening
    supplement: dict[str, int] = field(default_factory=dict)  # an evening dose, mg
    supplement_share: float = 0.0  # of days
    goal: str = ""
    goal_weekday: int | None = None  # the goal's day in the block's last week (a race)


HABITS = {
    "ana@example.com": Habits(
        wake=dt.time(6, 30), hooper=(2, 3, 3, 2), resting_hr_bpm=60, sleep_hours=8.5, portion=0.85,
        water_share=(0.85, 1.05), goal="First 10 km race", goal_weekday=5,
    ),
    "ben@example.com": Habits(
        wake=dt.time(6, 45), hooper=(3, 3, 3, 2), resting_hr_bpm=50, sleep_hours=7.0, portion=1.2,
        water_share=(0.85, 1.1), weighs_in=True, coffee=True, supplement={"magnesium_mg": 200},
        supplement_share=0.5, goal="Winter base for the spring sportives",
    ),
    "chloe@example.com": Habits(
        wake=dt.time(5, 45), hooper=(3, 3, 2, 3), resting_hr_bpm=56, sleep_hours=7.0, portion=0.95,
        water_share=(0.9, 1.1), weighs_in=True, evening=(("milk", 250),), goal="Half marathon", goal_weekday=6,
    ),
    "diego@example.com": Habits(
        wake=dt.time(7, 15), hooper=(3, 2, 2, 3), resting_hr_bpm=54, sleep_hours=7.5, portion=1.15,
        water_share=(0.85, 1.05), supplement={"sodium_mg": 300, "potassium_mg": 150}, supplement_share=0.3,
        goal="League season",
    ),
}  # fmt: skip
RED_EMAIL = "ana@example.com"  # cramp yesterday on a dry day
AMBER_EMAIL = "ben@example.com"  # club rides the two days before today
DRY_DAY_SHARE = 0.45  # Ana's yesterday: under 60 % of the target is red (recovery.status.WATER_RED_PCT)
SPIKE_ACWR = (ACWR_AMBER + ACWR_RED) / 2  # the club rides lift Ben's ratio to the middle of the amber band
CLUB_RIDE_RPE = 5
CLUB_RIDE_MAX_MINUTES = 180


@dataclass
class _Book:
    """The rows of one athlete's history, gathered before they are written in bulk."""

    workouts: list[WorkoutLog] = field(default_factory=list)
    workout_end: dict[int, dt.datetime] = field(default_factory=dict)  # id(workout) -> when it was logged
    checkins: list[tuple[WellnessCheckIn, dt.datetime]] = field(default_factory=list)
    water: list[WaterLog] = field(default_factory=list)
    meals: list[tuple[Meal, list[MealItem]]] = field(default_factory=list)
    supplements: list[SupplementLog] = field(default_factory=list)
    cramps: list[CrampEpisode] = field(default_factory=list)


def write_history(athlete: AthleteProfile, coach: User, now: dt.datetime) -> None:
    """Replace the athlete's plans and logs with eight weeks ending at `now` on their own clock, then check
    recovery. Call inside a transaction."""
    habits = HABITS[athlete.user.email]
    zone = ZoneInfo(athlete.time_zone)
    today = now.astimezone(zone).date()
    monday = today - dt.timedelta(days=today.weekday())
    start = monday - dt.timedelta(weeks=HISTORY_WEEKS)
    clear_history(athlete)
    if athlete.is_team_sport:
        _season(athlete, coach, start, today)
    last_week = start + dt.timedelta(weeks=BLOCK_WEEKS - 1)
    goal_date = last_week + dt.timedelta(days=habits.goal_weekday) if habits.goal_weekday is not None else None
    block = services.create_block(
        athlete=athlete, start=start, weeks=BLOCK_WEEKS, author=coach, goal_date=goal_date, goal=habits.goal
    )
    sessions = list(PlanSession.objects.filter(plan__block=block, date__lte=today).order_by("date", "order", "id"))
    # seeded for a demo that is the same on every load, not for secrecy
    rng = random.Random(f"trainer-demo:{athlete.user.email}")  # noqa: S311  # nosec B311
    book = _Book()
    days = [start + dt.timedelta(days=n) for n in range((today - start).days + 1)]
    _training(athlete, sessions, today, zone, rng, book)
    if athlete.user.email == AMBER_EMAIL:
        _club_rides(athlete, today, zone, now, book)
    foods = _foods()
    by_day = _by_day(sessions)
    for day in days:
        done = [w for w in book.workouts if w.date == day]
        _checkin(athlete, habits, day, today, zone, rng, book)
        beverage_ml = _meals(athlete, habits, day, done, foods, zone, rng, book)
        _water(athlete, habits, day, today, by_day.get(day, []), done, beverage_ml, zone, rng, book)
        if habits.supplement and rng.random() < habits.supplement_share:
            at = _at(day, dt.time(21, 30), zone, rng, 40)
            book.supplements.append(SupplementLog(athlete=athlete, at=at, **habits.supplement))
    if athlete.user.email == RED_EMAIL:
        _cramp(athlete, today, zone, book)
    _keep_until(book, now)
    _last_session_done_well(athlete, book)
    _write(athlete, book)
    services.publish_block(block)
    recovery_services.run_check(athlete, now)


def clear_history(athlete: AthleteProfile) -> None:
    """Every plan and log of a demo athlete, so a second load writes the same history instead of a second one."""
    for model in (WorkoutLog, WellnessCheckIn, CrampEpisode, WaterLog, Meal, SupplementLog, SweatTest):
        model.objects.filter(athlete=athlete).delete()
    for model in (RecoveryStatus, CoachAlert, WeekReview, PlanWeek, TrainingBlock, Fixture):
        model.objects.filter(athlete=athlete).delete()


# --- plans ------------------------------------------------------------------------------------------------


def _season(athlete: AthleteProfile, coach: User, start: dt.date, today: dt.date) -> None:
    """A league match every Saturday: those played since the block began and the season's next COMING_MATCHES
    (through the fixture service, as the API adds a season)."""
    saturdays = []
    saturday = start + dt.timedelta(days=5)
    while len([d for d in saturdays if d >= today]) < COMING_MATCHES:
        saturdays.append(saturday)
        saturday += dt.timedelta(weeks=1)
    items = [
        {"date": day, "start_time": MATCH_START, "minutes": MATCH_MINUTES, "kind": "match", "title": "League match"}
        for day in saturdays
    ]
    fixture_services.add_fixtures(athlete=athlete, items=items, author=coach)


def _by_day(sessions: Iterable[PlanSession]) -> dict[dt.date, list[PlanSession]]:
    out: dict[dt.date, list[PlanSession]] = defaultdict(list)
    for session in sessions:
        out[session.date].append(session)
    return out


# --- training ---------------------------------------------------------------------------------------------


def _training(
    athlete: AthleteProfile,
    sessions: Sequence[PlanSession],
    today: dt.date,
    zone: ZoneInfo,
    rng: random.Random,
    book: _Book,
) -> None:
    """A workout for each planned session, done as planned or a little more; in each deload week that is over,
    one session missed (the first such week) or cut short (the later ones), never a team's practice or match.
    A week that is over weighs what was done in it for the weeks after (plans.selectors): a build week done
    under its plan would put the next one over its +10 % cap, and the plan page would say so; a deload is no
    baseline. Cut short, not missed, in the last week: one missed would take it under 80 % of its plan, and the
    weekly re-planning would ease the coming weeks as soon as `make run` starts."""
    this_monday = today - dt.timedelta(days=today.weekday())
    kinds = dict(PlanWeek.objects.filter(athlete=athlete).values_list("pk", "week_kind"))
    own = [s for s in sessions if not s.event and kinds[s.plan_id] == "deload" and s.date < this_monday]
    weeks = sorted({_monday(s.date) for s in own})
    slips = {}
    for n, week in enumerate(weeks):
        slips[rng.choice([s for s in own if _monday(s.date) == week]).pk] = "missed" if n == 0 else "partial"
    for session in sessions:
        if slips.get(session.pk) == "missed":
            continue
        partial = slips.get(session.pk) == "partial"
        minutes = session.planned_minutes * (rng.uniform(0.55, 0.75) if partial else rng.uniform(1.0, 1.06))
        rpe = session.planned_rpe + rng.choice((0, 0, 0, 1))
        if session.event == "match":
            rpe = max(rpe, 8)
        workout = WorkoutLog(
            athlete=athlete,
            session=session,
            date=session.date,
            modality=session.modality,
            minutes=max(10, round(minutes)),
            rpe=min(10, rpe),
            completed=not partial,
            warmup_done=rng.random() < 0.95,
            stretching_done=rng.random() < 0.85 and not partial,
            notes=_note(session, partial, rng),
            logged_by=athlete.user,
        )
        begins = dt.datetime.combine(session.date, session.start_time or athlete.preferred_session_time, tzinfo=zone)
        book.workouts.append(workout)
        book.workout_end[id(workout)] = begins + dt.timedelta(minutes=workout.minutes + rng.randint(5, 30))


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _note(session: PlanSession, partial: bool, rng: random.Random) -> str:
    if partial:
        return rng.choice(("Cut short: ran out of time.", "Legs heavy, stopped early.", "Stopped early, a headache."))
    if session.event == "match":
        return rng.choice(("Won 2-1.", "Drew 1-1.", "Lost 0-1, good second half.", "Won 3-0."))
    if rng.random() < 0.12:
        return rng.choice(("Felt strong.", "Windy.", "Easy and relaxed.", "Good session.", "Hot today."))
    return ""


def _club_rides(athlete: AthleteProfile, today: dt.date, zone: ZoneInfo, now: dt.datetime, book: _Book) -> None:
    """Ben rode with his club the two mornings before today, on top of his plan: rides sized with the load
    formulas (plans.load) so that today's acute:chronic ratio lands in the middle of the amber band whatever
    weekday today is."""
    days = [today - dt.timedelta(days=2), today - dt.timedelta(days=1)]
    loads: dict[dt.date, float] = defaultdict(float)
    for workout in book.workouts:
        if book.workout_end[id(workout)] <= now:
            loads[workout.date] += workout.rpe * workout.minutes
    low, high = 0, CLUB_RIDE_MAX_MINUTES  # each ride's minutes; the ratio grows with them
    while high - low > 5:
        middle = (low + high) // 2
        low, high = (middle, high) if _acwr(loads, days, middle, today) < SPIKE_ACWR else (low, middle)
    minutes = high
    for day in days:
        workout = WorkoutLog(
            athlete=athlete,
            date=day,
            modality="bike",
            minutes=max(minutes, 30),
            rpe=CLUB_RIDE_RPE,
            warmup_done=True,
            stretching_done=False,
            notes="Club ride with friends.",
            logged_by=athlete.user,
        )
        book.workouts.append(workout)
        ride_start = dt.datetime.combine(day, dt.time(8, 30), tzinfo=zone)
        book.workout_end[id(workout)] = ride_start + dt.timedelta(minutes=workout.minutes + 15)
    book.workouts.sort(key=lambda w: book.workout_end[id(w)])


def _acwr(loads: dict[dt.date, float], days: Sequence[dt.date], minutes: int, today: dt.date) -> float:
    more = {**loads}
    for day in days:
        more[day] = more.get(day, 0.0) + CLUB_RIDE_RPE * minutes
    return load_metrics.load_series(more, end=today)[-1].acwr or 0.0


def _last_session_done_well(athlete: AthleteProfile, book: _Book) -> None:
    """The green athletes warmed up and stretched in their last session (the check reads the habits of the last
    completed one); the red and amber ones' last sessions stay as their stories have them."""
    if athlete.user.email in (RED_EMAIL, AMBER_EMAIL):
        return
    done = [w for w in book.workouts if w.completed]
    if done:
        done[-1].warmup_done = done[-1].stretching_done = True


# --- check-ins --------------------------------------------------------------------------------------------


def _checkin(
    athlete: AthleteProfile,
    habits: Habits,
    day: dt.date,
    today: dt.date,
    zone: ZoneInfo,
    rng: random.Random,
    book: _Book,
) -> None:
    """Most mornings: the usual Hooper items, worse after a hard or long day; today's as the story has it."""
    if rng.random() < 0.06 and day < today - dt.timedelta(days=7):
        return  # forgot
    yesterday = [w for w in book.workouts if w.date == day - dt.timedelta(days=1)]
    hard = any(w.rpe >= 7 for w in yesterday)
    long = any(w.minutes >= 75 for w in yesterday)
    sleep, fatigue, stress, soreness = habits.hooper
    fatigue += int(hard and rng.random() < 0.6)
    soreness += int(hard and rng.random() < 0.6) + int(long and rng.random() < 0.4)
    items = [value + rng.choice((-1, 0, 0, 0, 0, 0, 1)) for value in (sleep, fatigue, stress, soreness)]
    resting_hr = habits.resting_hr_bpm + rng.choice((-2, -1, 0, 0, 1, 2)) + int(hard)
    sleep_hours = habits.sleep_hours + rng.choice((-1, -0.5, -0.25, 0, 0, 0.25, 0.5))
    mass = Decimal(str(round(float(athlete.mass_kg) + rng.uniform(-0.3, 0.3), 1)))
    if day == today:
        items, resting_hr, sleep_hours = _todays_checkin(athlete, habits)
    checkin = WellnessCheckIn(
        athlete=athlete,
        date=day,
        sleep=_item(items[0]),
        fatigue=_item(items[1]),
        stress=_item(items[2]),
        soreness=_item(items[3]),
        resting_hr_bpm=resting_hr,
        sleep_hours=sleep_hours,
        morning_mass_kg=mass if habits.weighs_in else None,
    )
    book.checkins.append((checkin, _at(day, _waking(habits, day), zone, rng, 30)))


def _todays_checkin(athlete: AthleteProfile, habits: Habits) -> tuple[list[int], int, float]:
    """Green athletes feel as usual this morning; Ben's heart rate is up after his rides; Ana slept badly and is
    sore after her cramp."""
    sleep, fatigue, stress, soreness = habits.hooper
    if athlete.user.email == AMBER_EMAIL:
        return [sleep, fatigue + 1, stress, soreness], habits.resting_hr_bpm + 6, habits.sleep_hours - 0.5
    if athlete.user.email == RED_EMAIL:
        return [sleep + 2, fatigue + 1, stress, soreness + 3], habits.resting_hr_bpm + 3, habits.sleep_hours - 2
    return list(habits.hooper), habits.resting_hr_bpm, habits.sleep_hours


def _item(value: int) -> int:
    return min(6, max(1, value))


def _waking(habits: Habits, day: dt.date) -> dt.time:
    later = 45 if day.weekday() >= 5 else 0  # weekends
    minutes = habits.wake.hour * 60 + habits.wake.minute + later
    return dt.time(minutes // 60, minutes % 60)


# --- meals and water --------------------------------------------------------------------------------------


def _foods() -> dict[str, Food]:
    rows = {f.ndb_no: f for f in Food.objects.filter(ndb_no__in=FOODS.values())}
    missing = sorted(name for name, ndb in FOODS.items() if ndb not in rows)
    if missing:
        raise LookupError(f"The SR28 foods are not loaded (missing: {', '.join(missing)}); run migrate first.")
    return {name: rows[ndb] for name, ndb in FOODS.items()}


def _meals(
    athlete: AthleteProfile,
    habits: Habits,
    day: dt.date,
    done: Sequence[WorkoutLog],
    foods: dict[str, Food],
    zone: ZoneInfo,
    rng: random.Random,
    book: _Book,
) -> float:
    """Breakfast, lunch, dinner and most days a snack; a sports drink on long sessions. Returns the water the
    day's beverages hold (milk, coffee, sports drink count toward the day's drinks, docs/domain.md §10)."""
    wake = _waking(habits, day)
    plates: list[tuple[dt.datetime, Dish]] = []
    breakfast = rng.choice(BREAKFASTS)
    if habits.coffee:
        breakfast = (*breakfast, ("coffee", 250))
    plates.append((_at(day, _later(wake, 40), zone, rng, 20), breakfast))
    lunch = rng.choice(LUNCHES)
    if rng.random() > 0.04:  # now and then a lunch goes unlogged
        plates.append((_at(day, dt.time(12, 30), zone, rng, 30), lunch))
    if rng.random() < 0.7:
        plates.append((_at(day, dt.time(16, 0), zone, rng, 30), rng.choice(SNACKS)))
    plates.append((_at(day, dt.time(19, 30), zone, rng, 30), rng.choice(DINNERS)))
    plates += [(book.workout_end[id(w)], SPORTS_DRINK) for w in done if w.minutes >= SPORTS_DRINK_FROM_MINUTES]
    if habits.evening:
        plates.append((_at(day, dt.time(21, 0), zone, rng, 20), habits.evening))
    beverage_ml = 0.0
    for at, dish in sorted(plates, key=lambda p: p[0]):
        meal = Meal(athlete=athlete, at=at)
        items = []
        for name, grams in dish:
            food = foods[name]
            amount = grams if name in MEASURED else grams * habits.portion * rng.uniform(0.9, 1.1)
            items.append(MealItem(meal=meal, food=food, grams=Decimal(str(round(amount, 1)))))
            if food.is_beverage and food.water_g is not None:
                beverage_ml += float(food.water_g) * amount / 100
        book.meals.append((meal, items))
    return beverage_ml


def _water(
    athlete: AthleteProfile,
    habits: Habits,
    day: dt.date,
    today: dt.date,
    planned: Sequence[PlanSession],
    done: Sequence[WorkoutLog],
    beverage_ml: float,
    zone: ZoneInfo,
    rng: random.Random,
    book: _Book,
) -> None:
    """Drinks through the waking day up to a share of the day's target (intake.targets, with the day's
    sessions as the Today page counts them): most days near it, some days short, now and then none logged."""
    target_ml = targets.water_target(profile_of(athlete, day), day_sessions(planned, done)).water_ml
    share = rng.uniform(*habits.water_share)
    if rng.random() < 0.12:
        share = rng.uniform(0.62, 0.78)  # a short day
    forgot = rng.random() < 0.03
    if athlete.user.email == RED_EMAIL and day == today - dt.timedelta(days=1):
        share, forgot = DRY_DAY_SHARE, False
    if day >= today - dt.timedelta(days=3) and athlete.user.email != RED_EMAIL:
        share, forgot = max(share, habits.water_share[0]), False  # the days today's check reads
    if forgot:
        return
    wanted_ml = share * target_ml - beverage_ml
    times = _drink_times(habits, day, done, book, zone, rng)
    weights = [rng.uniform(0.6, 1.4) for _ in times]
    total = 0
    for at, weight in zip(times, weights, strict=True):
        sip = min(targets.MAX_SINGLE_WATER_LOG_ML, round(wanted_ml * weight / sum(weights) / 50) * 50)
        if sip < 100:
            continue
        if refusal := targets.implausible_water_log(sip, total):  # as log_water would refuse it
            raise ValueError(f"demo water log refused: {refusal}")
        book.water.append(WaterLog(athlete=athlete, at=at, water_ml=sip))
        total += sip


def _drink_times(
    habits: Habits, day: dt.date, done: Sequence[WorkoutLog], book: _Book, zone: ZoneInfo, rng: random.Random
) -> list[dt.datetime]:
    """Through the waking day, and after each session."""
    wake = _waking(habits, day)
    clock = (_later(wake, 20), dt.time(10, 0), dt.time(12, 30), dt.time(15, 0), dt.time(19, 30), dt.time(21, 0))
    times = [_at(day, moment, zone, rng, 25) for moment in clock]
    return sorted(times + [book.workout_end[id(w)] for w in done])


# --- the cramp --------------------------------------------------------------------------------------------


def _cramp(athlete: AthleteProfile, today: dt.date, zone: ZoneInfo, book: _Book) -> None:
    """Ana's hamstring cramped behind the knee yesterday: near the end of her session when she had one, else in
    the night; severe (7 of 10, red within 48 hours: recovery.status)."""
    yesterday = today - dt.timedelta(days=1)
    session = next((w for w in reversed(book.workouts) if w.date == yesterday and w.completed), None)
    if session is not None:
        at, context = book.workout_end[id(session)] - dt.timedelta(minutes=20), "during_exercise"
        session.stretching_done = False
        session.notes = "Cramp behind the right knee near the end; walked home."
    else:
        at, context = dt.datetime.combine(yesterday, dt.time(23, 20), tzinfo=zone), "night"
    book.cramps.append(
        CrampEpisode(
            athlete=athlete,
            at=at,
            location="behind_knee",
            side="right",
            severity=7,
            duration_minutes=3,
            context=context,
            notes="Sharp, behind the right knee; eased with gentle stretching.",
        )
    )


# --- writing ----------------------------------------------------------------------------------------------


def _keep_until(book: _Book, now: dt.datetime) -> None:
    """Only what happened by `now`: today's later meals, drinks and session are still to come."""
    book.workouts = [w for w in book.workouts if book.workout_end[id(w)] <= now]
    book.checkins = [(c, at) for c, at in book.checkins if at <= now]
    book.water = [w for w in book.water if w.at <= now]
    book.meals = [(m, items) for m, items in book.meals if m.at <= now]
    book.supplements = [s for s in book.supplements if s.at <= now]
    book.cramps = [c for c in book.cramps if c.at <= now]


def _write(athlete: AthleteProfile, book: _Book) -> None:
    """Bulk inserts, then each row's `created_at` set to when it was logged (the field stamps the insert time):
    for the logs that hold their time, one update per table."""
    WorkoutLog.objects.bulk_create(book.workouts, batch_size=500)
    for workout in book.workouts:
        workout.created_at = book.workout_end[id(workout)]
    WorkoutLog.objects.bulk_update(book.workouts, ["created_at"], batch_size=500)
    checkins = [c for c, _ in book.checkins]
    WellnessCheckIn.objects.bulk_create(checkins, batch_size=500)
    for checkin, at in book.checkins:
        checkin.created_at = checkin.updated_at = at
    WellnessCheckIn.objects.bulk_update(checkins, ["created_at", "updated_at"], batch_size=500)
    WaterLog.objects.bulk_create(book.water, batch_size=500)
    Meal.objects.bulk_create([m for m, _ in book.meals], batch_size=500)
    items = []
    for meal, rows in book.meals:
        for item in rows:
            item.meal = meal  # its id is known now
            items.append(item)
    MealItem.objects.bulk_create(items, batch_size=1000)
    SupplementLog.objects.bulk_create(book.supplements)
    CrampEpisode.objects.bulk_create(book.cramps)
    for model in (WaterLog, Meal, SupplementLog, CrampEpisode):
        model.objects.filter(athlete=athlete).update(created_at=F("at"))


# --- time -------------------------------------------------------------------------------------------------


def _at(day: dt.date, moment: dt.time, zone: ZoneInfo, rng: random.Random, spread_minutes: int) -> dt.datetime:
    """An aware instant on the athlete's clock, within `spread_minutes` after `moment`."""
    return dt.datetime.combine(day, moment, tzinfo=zone) + dt.timedelta(minutes=rng.randint(0, spread_minutes))


def _later(moment: dt.time, minutes: int) -> dt.time:
    total = moment.hour * 60 + moment.minute + minutes
    return dt.time(total // 60 % 24, total % 60)
