"""The coach's team schedule page (issue 13, docs/domain.md section 11): a team athlete's weekly practices on the
profile, and their matches and extra practices on dates, several at once (a season's weekly matches), changed and
removed. Thin: parse, check permission, validate with the API's own serializers (people.api.AthleteSerializer's
team practices, teams.api's fixture serializers), call the services the API calls
(people.services.update_athlete, teams.services), render."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from core.errors import ServiceError
from people import rules as people
from people import services
from people.api import AthleteSerializer
from people.logs import local_today
from people.models import AthleteProfile
from people.pages import WEEKDAYS, add_errors, athlete_or_404, date_input, require_coach, validate_with
from plans.engine.rules import day_label
from plans.engine.types import EventKind
from plans.models import Fixture
from teams import selectors
from teams import services as fixture_services
from teams.api import HORIZON, MAX_DATES, FixtureInSerializer, FixtureSerializer

KIND_WORDS = {EventKind.MATCH: "Match", EventKind.PRACTICE: "Practice"}
INTENSITY_CHOICES = [("moderate", "Moderate"), ("hard", "Hard")]
INTENSITY_WORDS = dict(INTENSITY_CHOICES)
SHOWN = 60  # coming fixtures listed: a season's matches and then some
DEFAULT_START = dt.time(18, 0)
DEFAULT_MINUTES = 90
EVENT_SPAN = f"{people.MIN_EVENT_MINUTES} to {people.MAX_EVENT_MINUTES}"
EVENT_MINUTES = f"{EVENT_SPAN} minutes"
DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_SEPARATORS = re.compile(r"[\s,;]+")


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _start_field(**kwargs: Any) -> forms.TimeField:
    return forms.TimeField(
        label="Start time",
        widget=time_input(),
        error_messages={
            "invalid": "Give the start time as hours and minutes, such as 18:30.",
            "required": "Give the start time.",
        },
        **kwargs,
    )


def _minutes_field(**kwargs: Any) -> forms.IntegerField:
    sentence = f"A practice or match lasts {EVENT_MINUTES}."
    return forms.IntegerField(
        label="Minutes",
        min_value=people.MIN_EVENT_MINUTES,
        max_value=people.MAX_EVENT_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "min_value": sentence,
            "max_value": sentence,
            "invalid": f"Give the minutes as a whole number, {EVENT_SPAN}.",
            "required": f"Give how long it lasts, {EVENT_MINUTES}.",
        },
        **kwargs,
    )


def when(day: dt.date, today: dt.date) -> str:
    """ "Saturday 12 Dec" as people read it; with the year when it is not this year's."""
    return day_label(day) if day.year == today.year else f"{day_label(day)} {day.year}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'es' if word.endswith('ch') else 's'}" if count != 1 else f"1 {word}"


# --- weekly practices on the profile --------------------------------------------------------------------------


class PracticeForm(forms.Form):
    """One weekday's practice; the page shows seven, Monday to Sunday, saved at once."""

    practice = forms.BooleanField(label="Practice", required=False)
    start_time = _start_field(required=False)
    minutes = _minutes_field(required=False)
    intensity = forms.ChoiceField(choices=INTENSITY_CHOICES, initial="moderate")

    def __init__(self, *args: Any, weekday: int, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"day{weekday}", **kwargs)
        self.weekday = weekday
        self.day_name = WEEKDAYS[weekday][1]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("practice"):
            # an unticked day holds no practice, whatever its other boxes say
            for name in ("start_time", "minutes", "intensity"):
                self._errors.pop(name, None)
            return data
        if data.get("start_time") is None and "start_time" not in self._errors:
            self.add_error("start_time", f"Give the start time of {self.day_name}'s practice.")
        if data.get("minutes") is None and "minutes" not in self._errors:
            self.add_error("minutes", f"Give how long {self.day_name}'s practice lasts, {EVENT_MINUTES}.")
        return data

    def practice_data(self) -> dict[str, Any] | None:
        """The API's shape of this day's practice (people.api.TeamPracticeSerializer), or None for no practice."""
        data = self.cleaned_data
        if not data["practice"]:
            return None
        return {
            "weekday": self.weekday,
            "start_time": data["start_time"].strftime("%H:%M"),
            "minutes": data["minutes"],
            "intensity": data["intensity"],
        }


def practice_forms(athlete: AthleteProfile, data: Any = None) -> list[PracticeForm]:
    stored = {p["weekday"]: p for p in athlete.team_practices or ()}
    rows = []
    for weekday, _ in WEEKDAYS:
        practice = stored.get(weekday)
        initial = {"practice": False, "start_time": DEFAULT_START, "minutes": DEFAULT_MINUTES, "intensity": "moderate"}
        if practice is not None:
            initial = {
                "practice": True,
                "start_time": practice.get("start_time") or DEFAULT_START,
                "minutes": practice["minutes"],
                "intensity": practice.get("intensity") or "moderate",
            }
        rows.append(PracticeForm(data, initial=initial, weekday=weekday))
    return rows


def _practice_errors(rows: Sequence[PracticeForm], practices: list[dict[str, Any]], errors: Any) -> list[str]:
    """The serializer's errors next to their day's row; what concerns the whole week comes back as sentences."""
    by_weekday = {row.weekday: row for row in rows}
    week: list[str] = []
    if isinstance(errors, dict):  # {"non_field_errors": [...]}: about the list as a whole
        return [str(m) for messages_ in errors.values() for m in messages_]
    for index, detail in enumerate(errors):
        if isinstance(detail, dict):
            if detail:
                add_errors(by_weekday[practices[index]["weekday"]], detail)
        else:
            week.append(str(detail))
    return week


# --- matches and extra practices on dates ---------------------------------------------------------------------


class FixturesForm(forms.Form):
    """The same event on several dates: typed at once, or every week from a first date (a season's matches)."""

    prefix = "add"
    kind = forms.ChoiceField(
        label="What",
        choices=[(EventKind.MATCH.value, "Match"), (EventKind.PRACTICE.value, "Extra practice")],
        initial=EventKind.MATCH.value,
        widget=forms.RadioSelect,
    )
    start_time = _start_field()
    minutes = _minutes_field(initial=DEFAULT_MINUTES, help_text="The match or practice itself.")
    intensity = forms.ChoiceField(
        label="Intensity of a practice",
        choices=INTENSITY_CHOICES,
        initial="moderate",
        help_text="A match always counts as hard.",
    )
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=120,
        help_text="Optional: the opponent or the tournament, such as “Home v Rovers”.",
    )
    dates = forms.CharField(
        label="Dates",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Each as year-month-day, such as 2026-12-05, separated by commas, spaces or new lines; up to "
        f"{MAX_DATES} at once.",
    )
    first_date = forms.DateField(
        label="First date", required=False, widget=date_input(), error_messages={"invalid": "Give the first date."}
    )
    until = forms.DateField(
        label="Every week until",
        required=False,
        widget=date_input(),
        help_text="The same weekday every week up to this date; leave it empty for the first date alone.",
        error_messages={"invalid": "Give the last date as a date."},
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_dates(self) -> list[dt.date]:
        days = []
        for word in DATE_SEPARATORS.split(self.cleaned_data["dates"].strip()):
            if not word:
                continue
            try:
                if not DATE_TEXT.fullmatch(word):
                    raise ValueError(word)
                days.append(dt.date.fromisoformat(word))
            except ValueError:
                raise forms.ValidationError(
                    f"“{word}” is not a date: write each date as year-month-day, such as 2026-12-05."
                ) from None
        for day in days:
            if days.count(day) > 1:
                raise forms.ValidationError(f"{when(day, self.today)} is listed twice.")
        return days

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        typed, first, until = data.get("dates"), data.get("first_date"), data.get("until")
        if typed is None or "first_date" in self.errors or "until" in self.errors:
            return data  # their own errors say what is wrong
        if typed and (first or until):
            raise forms.ValidationError("Give either several dates, or a first date and “every week until”, not both.")
        if not typed and not first:
            if until:
                self.add_error("first_date", "Give the first date of the weekly series.")
            else:
                raise forms.ValidationError("Give the dates: type them, or give a first date and “every week until”.")
            return data
        if not typed:
            last = until or first
            if last < first:
                self.add_error("until", f"Give a date on or after the first date, {when(first, self.today)}.")
                return data
            typed = [first + dt.timedelta(weeks=w) for w in range((last - first).days // 7 + 1)]
        if len(typed) > MAX_DATES:
            raise forms.ValidationError(f"That is {len(typed)} dates; add up to {MAX_DATES} at once.")
        far = [day for day in typed if abs(day - self.today) > HORIZON]
        if far:
            raise forms.ValidationError(
                f"{when(far[0], self.today)} is more than two years from today: fixtures are kept within two years."
            )
        data["all_dates"] = sorted(typed)
        return data

    def items(self) -> dict[str, Any]:
        """The API's body for these fixtures (teams.api.FixtureInSerializer)."""
        data = self.cleaned_data
        match = data["kind"] == EventKind.MATCH
        return {
            "dates": data["all_dates"],
            "start_time": data["start_time"],
            "minutes": data["minutes"],
            "kind": data["kind"],
            "title": data["title"],
            "intensity": "hard" if match else data["intensity"],
        }


class FixtureEditForm(forms.Form):
    date = forms.DateField(label="Date", widget=date_input(), error_messages={"invalid": "Give the date."})
    start_time = _start_field()
    minutes = _minutes_field()
    title = forms.CharField(label="Title", required=False, max_length=120)


def _fixture_initial(fixture: Fixture) -> dict[str, Any]:
    return {"date": fixture.date, "start_time": fixture.start_time, "minutes": fixture.minutes, "title": fixture.title}


def _edit_form(fixture: Fixture, data: Any = None) -> FixtureEditForm:
    return FixtureEditForm(data, initial=_fixture_initial(fixture), prefix=f"fixture-{fixture.pk}")


@dataclass(frozen=True)
class FixtureRow:
    fixture: Fixture
    day: str
    time: str
    kind: str
    intensity: str  # a practice's, in words; empty for a match (always hard)
    form: FixtureEditForm
    failed: bool


def _describe(fixture: Fixture, today: dt.date) -> str:
    """ "the match on Saturday 12 Dec" """
    return f"the {KIND_WORDS[EventKind(fixture.kind)].lower()} on {when(fixture.date, today)}"


# --- the page -------------------------------------------------------------------------------------------------


def _team_sports() -> str:
    labels = [sport.label.lower() for sport in people.Sport if sport.is_team_sport]
    return f"{', '.join(labels[:-1])} and {labels[-1]}"


def _page(
    request: HttpRequest,
    athlete: AthleteProfile,
    *,
    practices: list[PracticeForm] | None = None,
    practice_errors: Sequence[str] = (),
    add_form: FixturesForm | None = None,
    failed_fixture: tuple[int, FixtureEditForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The page; a refused form comes back bound, with its errors, the others fresh."""
    sport = people.Sport(athlete.sport)
    context: dict[str, Any] = {
        "athlete": athlete,
        "sport_label": sport.label,
        "team_sport": sport.is_team_sport,
        "team_sports": _team_sports(),
    }
    if sport.is_team_sport:
        today = local_today(athlete)
        coming = selectors.fixtures_between(athlete, today)
        rows = []
        for fixture in coming[:SHOWN]:
            failed = failed_fixture is not None and failed_fixture[0] == fixture.pk
            kind = EventKind(fixture.kind)
            rows.append(
                FixtureRow(
                    fixture=fixture,
                    day=when(fixture.date, today),
                    time=f"{fixture.start_time:%H:%M}",
                    kind=KIND_WORDS[kind],
                    intensity="" if kind is EventKind.MATCH else INTENSITY_WORDS.get(fixture.intensity, ""),
                    form=failed_fixture[1] if failed and failed_fixture else _edit_form(fixture),
                    failed=failed,
                )
            )
        total = coming.count() if len(rows) == SHOWN else len(rows)
        practice_rows = practices or practice_forms(athlete)
        context.update(
            today=today,
            practice_forms=practice_rows,
            practice_errors=list(practice_errors),
            practices_failed=any(row.errors for row in practice_rows) or bool(practice_errors),
            add_form=add_form or FixturesForm(today=today),
            fixtures=rows,
            total=total,
            shown=SHOWN,
        )
    return render(request, "plans/team_schedule.html", context, status=status)


def _coach_athlete(request: HttpRequest, athlete_id: int) -> AthleteProfile:
    athlete = athlete_or_404(request, athlete_id)
    require_coach(request.user)
    return athlete


def _back(athlete: AthleteProfile, anchor: str = "") -> HttpResponse:
    return redirect(reverse("page-team-schedule", args=[athlete.pk]) + (f"#{anchor}" if anchor else ""))


def team_action(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A form's action: coaches only; opened with GET (a reload after a refused form) it shows the page again;
    for an athlete whose sport is not a team sport it changes nothing and says why."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, athlete_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        athlete = _coach_athlete(request, athlete_id)
        if request.method == "GET":
            return _back(athlete)
        sport = people.Sport(athlete.sport)
        if not sport.is_team_sport:
            messages.error(
                request,
                f"Nothing was changed: the team schedule is for team sports, and {athlete}'s sport is "
                f"{sport.label.lower()}.",
            )
            return _back(athlete)
        return view(request, athlete, *args, **kwargs)

    return login_required(require_http_methods(["GET", "POST"])(wrapper))


@login_required
@require_http_methods(["GET"])
def team_schedule(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """A team athlete's weekly practices, matches and extra practices, which the plan is built around."""
    return _page(request, _coach_athlete(request, athlete_id))


@team_action
def save_practices(request: HttpRequest, athlete: AthleteProfile) -> HttpResponse:
    """The seven days' practices at once, checked as the API checks them; a refused day saves nothing."""
    rows = practice_forms(athlete, request.POST)
    checked = [row.is_valid() for row in rows]  # every row, so each shows its own errors
    if all(checked):
        practices = [p for row in rows if (p := row.practice_data()) is not None]
        serializer = AthleteSerializer(athlete, data={"team_practices": practices}, partial=True)
        if serializer.is_valid():
            saved = [dict(p) for p in serializer.validated_data["team_practices"]]
            services.update_athlete(athlete, name=None, profile={"team_practices": saved})
            days = [WEEKDAYS[p["weekday"]][1] for p in saved]
            if days:
                listed = days[0] if len(days) == 1 else f"{', '.join(days[:-1])} and {days[-1]}"
                messages.success(request, f"Weekly practices saved: {listed}.")
            else:
                messages.success(request, "Weekly practices saved: none now; the plan keeps to the dated fixtures.")
            return _back(athlete, "practices")
        errors = _practice_errors(rows, practices, serializer.errors.get("team_practices", []))
        errors += [str(m) for key, value in serializer.errors.items() if key != "team_practices" for m in value]
        return _page(request, athlete, practices=rows, practice_errors=errors, status=400)
    return _page(request, athlete, practices=rows, status=400)


@team_action
def add_fixtures(request: HttpRequest, athlete: AthleteProfile) -> HttpResponse:
    """Matches or extra practices on several dates in one call to teams.services.add_fixtures: all or
    none."""
    today = local_today(athlete)
    form = FixturesForm(request.POST, today=today)
    if form.is_valid():
        valid = validate_with(form, FixtureInSerializer, form.items(), {"today": today}, aliases={"date": "dates"})
        if valid is not None:
            dates = valid.pop("dates")
            try:
                rows = fixture_services.add_fixtures(
                    athlete=athlete, items=[valid | {"date": day} for day in dates], author=request.user
                )
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                word = "match" if valid["kind"] == EventKind.MATCH else "practice"
                span = when(dates[0], today)
                if len(rows) > 1:
                    span += f" to {when(dates[-1], today)}"
                messages.success(request, f"Added {_plural(len(rows), word)}: {span}.")
                return _back(athlete, "fixtures")
    return _page(request, athlete, add_form=form, status=400)


def _fixture_of(athlete: AthleteProfile, fixture_id: int) -> Fixture:
    fixture = selectors.fixture_of(athlete, fixture_id)
    if fixture is None:
        raise Http404("No such fixture.")
    return fixture


@team_action
def edit_fixture(request: HttpRequest, athlete: AthleteProfile, fixture_id: int) -> HttpResponse:
    """Move a match or practice, or change its minutes or title (teams.services.update_fixture)."""
    fixture = _fixture_of(athlete, fixture_id)
    today = local_today(athlete)
    form = _edit_form(fixture, request.POST)
    if form.is_valid():
        changed = form.changed_data
        if not changed:
            messages.info(request, "Nothing changed.")
            return _back(athlete, f"fixture-{fixture.pk}")
        data = {**form.cleaned_data, "kind": fixture.kind}
        valid = validate_with(form, FixtureSerializer, data, {"today": today})
        if valid is not None:
            try:
                fixture = fixture_services.update_fixture(fixture, {key: valid[key] for key in changed})
            except ServiceError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, f"Changed {_describe(fixture, today)} at {fixture.start_time:%H:%M}.")
                return _back(athlete, f"fixture-{fixture.pk}")
    return _page(request, athlete, failed_fixture=(fixture.pk, form), status=400)


@team_action
def delete_fixture(request: HttpRequest, athlete: AthleteProfile, fixture_id: int) -> HttpResponse:
    """Remove a match or practice; a week already planned loses its session (teams.services)."""
    fixture = _fixture_of(athlete, fixture_id)
    described = f"{_describe(fixture, local_today(athlete))} at {fixture.start_time:%H:%M}"
    fixture_services.delete_fixture(fixture)
    messages.success(request, f"Removed {described}.")
    return _back(athlete, "fixtures")
