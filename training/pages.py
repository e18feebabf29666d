"""Training log pages: a workout typed in or read from watch files, its RPE, the daily check-in, cramps."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from people import rules as people
from people.logs import local_today
from people.models import AthleteProfile
from people.pages import (
    athlete_or_404,
    date_input,
    status_for,
    validate_with,
)
from plans import selectors
from plans.models import PlanSession
from plans.pages import HOOPER_WORDS, RPE_WORDS
from plans.serializers import (
    SESSION_MODALITY_CHOICES,
)
from training import selectors as file_selectors
from training import selectors as training_selectors
from training import services as log_services
from training import upload_services
from training.models import (
    CrampContext,
    CrampEpisode,
    CrampLocation,
    CrampSide,
    UploadOutcome,
    UploadState,
    WellnessCheckIn,
    WorkoutLog,
    WorkoutUpload,
)
from training.serializers import CheckInSerializer, CrampSerializer, WorkoutLogSerializer
from training.workout_files import MAX_FILE_BYTES


class WorkoutForm(forms.Form):
    session = forms.TypedChoiceField(label="Planned session", coerce=int, empty_value=None, required=False, choices=())
    date = forms.DateField(widget=date_input())
    modality = forms.ChoiceField(
        label="Sport", required=False, choices=[("", "Same as the session"), *SESSION_MODALITY_CHOICES]
    )
    minutes = forms.IntegerField(min_value=1, max_value=1440, widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    rpe = forms.TypedChoiceField(
        label="How hard was it? (RPE, 0-10)",
        coerce=int,
        choices=[(value, f"{value} – {word}") for value, word in RPE_WORDS.items()],
        widget=forms.RadioSelect,
        help_text="The whole session, about 30 minutes after it.",
    )
    completed = forms.BooleanField(label="Completed as planned", required=False, initial=True)
    warmup_done = forms.BooleanField(label="Warm-up done", required=False)
    stretching_done = forms.BooleanField(label="Stretching done", required=False)
    notes = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, sessions: list[PlanSession], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "None (unplanned)")] + [
            (s.pk, f"{s.date:%a %d %b}: {s.title} ({s.planned_minutes} min)") for s in sessions
        ]


@login_required
@require_http_methods(["GET", "POST"])
def log_workout(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Minutes, RPE with words, warm-up and stretching done (training.services.log_workout, as the API)."""
    athlete = athlete_or_404(request, athlete_id)
    today = local_today(athlete)
    sessions = list(selectors.published_sessions(athlete, today - dt.timedelta(days=7)).filter(date__lte=today))
    chosen = request.GET.get("session")
    initial: dict[str, Any] = {"date": today, "session": chosen}
    planned = next((s for s in sessions if str(s.pk) == chosen), None)
    if planned is not None:
        initial.update(date=planned.date, minutes=planned.planned_minutes)
    form = WorkoutForm(request.POST or None, initial=initial, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        context = {"athlete": athlete, "request": request}
        valid = validate_with(form, WorkoutLogSerializer, form.cleaned_data, context)
        if valid is not None:
            workout = log_services.log_workout(athlete=athlete, data=valid, by=request.user)
            messages.success(
                request, f"Workout logged: {workout.minutes} min at RPE {workout.rpe} (load {workout.load} AU)."
            )
            return redirect("page-today", athlete.pk)
    return _workout_page(request, athlete, form=form, status=status_for(form))


# What the file picker offers; the type is told from the content, so this only narrows the choice.
WORKOUT_FILE_ACCEPT = ".fit,.tcx,.gpx,.zip,.gz"


# How often the page asks for the state of files a worker reads.
UPLOAD_POLL_SECONDS = 3


class _MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class WorkoutFilesField(forms.Field):
    """Several files under one name; an empty or unreadable one is refused by the import with its own sentence,
    so none of them makes the whole form invalid."""

    widget = _MultipleFileInput

    def to_python(self, data: Any) -> list[Any]:
        if not data:
            return []
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


class WorkoutFilesForm(forms.Form):
    files = WorkoutFilesField(
        label="Workout files",
        error_messages={"required": "Choose one or more FIT, TCX or GPX files, or an export zip."},
        help_text=(
            "FIT, TCX or GPX files from a watch or app, several at once, or a Garmin or Strava export zip. At most "
            f"{upload_services.mb(MAX_FILE_BYTES)} a file, {upload_services.mb(upload_services.MAX_ZIP_BYTES)} a "
            f"zip and {upload_services.mb(upload_services.MAX_SEND_BYTES)} at once; files over "
            f"{upload_services.mb(upload_services.INLINE_MAX_BYTES)} are read in the background."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["files"].widget.attrs.update(accept=WORKOUT_FILE_ACCEPT)


class RpeForm(forms.Form):
    rpe = forms.TypedChoiceField(
        label="How hard was it? (RPE, 0-10)",
        coerce=int,
        choices=[("", "Choose"), *((value, f"{value} – {word}") for value, word in RPE_WORDS.items())],
        error_messages={"required": "Choose how hard it was, 0 (rest) to 10 (maximal)."},
    )


def _day_words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def _workout_words(workout: WorkoutLog) -> str:
    what = workout.get_modality_display().lower() if workout.modality else "workout"
    return f"{workout.minutes} min {what}"


def _upload_line(row: WorkoutUpload, athlete: AthleteProfile) -> dict[str, Any]:
    """One file's outcome in words, with a link to the day of its workout."""
    workout = row.workout
    line: dict[str, Any] = {"row": row, "name": row.name, "done": row.state == UploadState.DONE, "link": ""}
    if workout is not None:
        line["link"] = reverse("page-today", args=[athlete.pk]) + f"?date={workout.date.isoformat()}#workouts"
        line["workout"] = workout
    if row.state == UploadState.QUEUED:
        line["words"] = "Waiting for a worker to read it."
    elif row.state == UploadState.READING:
        line["words"] = (
            f"Being read: {row.entries_done} of {row.entries_total} workout files done."
            if row.entries_total
            else "Being read."
        )
    elif row.outcome == UploadOutcome.REFUSED:
        line["words"] = f"Refused: {row.message}"
    elif row.outcome == UploadOutcome.DUPLICATE:
        line["words"] = (
            f"Already imported: the {_workout_words(workout)} of {_day_words(workout.date)}."
            if workout
            else "Already imported (that workout was removed since)."
        )
    elif row.outcome == UploadOutcome.IMPORTED and workout is None:
        line["words"] = "Imported; the workout was removed since."
    elif row.outcome == UploadOutcome.IMPORTED and workout.session is not None:
        line["words"] = f'Imported and matched to "{workout.session.title}" on {_day_words(workout.date)}.'
    elif row.outcome == UploadOutcome.IMPORTED:
        line["words"] = f"Imported as an unplanned {_workout_words(workout)} on {_day_words(workout.date)}."
    else:  # a zip, read
        skipped = f"; {row.entries_skipped} other files in it were skipped" if row.entries_skipped else ""
        line["words"] = f"{row.entries_done} workout file{'s' if row.entries_done != 1 else ''} read{skipped}."
        if row.message:
            line["words"] += f" {row.message}"
    # A zip's files, as they are read (the entries are prefetched; they have none of their own).
    entries = list(row.entries.all()) if row.parent_id is None and row.entries_total else []
    line["entries"] = [_upload_line(entry, athlete) for entry in entries]
    return line


def _uploads_context(athlete: AthleteProfile, batch: uuid.UUID) -> dict[str, Any]:
    lines = [_upload_line(row, athlete) for row in file_selectors.batch_uploads(athlete, batch)]
    return {
        "athlete": athlete,
        "batch": batch,
        "uploads": lines,
        "uploads_pending": any(not line["done"] for line in lines),
        "poll_seconds": UPLOAD_POLL_SECONDS,
    }


def _workout_page(
    request: HttpRequest,
    athlete: AthleteProfile,
    *,
    form: WorkoutForm | None = None,
    files_form: WorkoutFilesForm | None = None,
    bound_rpe: dict[int, RpeForm] | None = None,
    upload_error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The workout page: upload files, what became of the last upload, the RPE each file's workout still needs,
    and the form to type a workout in."""
    if form is None:
        today = local_today(athlete)
        sessions = list(selectors.published_sessions(athlete, today - dt.timedelta(days=7)).filter(date__lte=today))
        form = WorkoutForm(initial={"date": today}, sessions=sessions)
    bound_rpe = bound_rpe or {}
    waiting = [
        {"workout": w, "form": bound_rpe.get(w.pk) or RpeForm(prefix=f"rpe-{w.pk}")}
        for w in file_selectors.waiting_for_rpe(athlete)
    ]
    context: dict[str, Any] = {
        "athlete": athlete,
        "form": form,
        "files_form": files_form or WorkoutFilesForm(),
        "upload_error": upload_error,  # refused before the form was read
        "waiting": waiting,
        "uploads": [],
    }
    try:
        batch = uuid.UUID(request.GET.get("upload", ""))
    except ValueError:
        batch = None
    if batch is not None:
        context.update(_uploads_context(athlete, batch))
    return render(request, "plans/workout.html", context, status=status)


@login_required
@require_POST
@csrf_exempt  # checked inside, once the size is known: the CSRF check reads the whole body
def upload_workouts(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Workout files and export zips (training.upload_services, the API's import for each file), then the workout
    page with each file's outcome. A body past the limit is refused before it is read."""
    athlete = athlete_or_404(request, athlete_id)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > upload_services.MAX_SEND_BYTES:
        limit = upload_services.mb(upload_services.MAX_SEND_BYTES)
        error = f"The files add up to more than {limit}; send fewer at once."
        return _workout_page(request, athlete, upload_error=error, status=400)
    try:
        return csrf_protect(_receive_files)(request, athlete)
    except TooManyFilesSent:
        count = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        error = f"Send at most {count} files at once, or put them in a zip."
        return _workout_page(request, athlete, upload_error=error, status=400)


def _receive_files(request: HttpRequest, athlete: AthleteProfile) -> HttpResponse:
    form = WorkoutFilesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _workout_page(request, athlete, files_form=form, status=400)
    batch = upload_services.receive(athlete=athlete, files=form.cleaned_data["files"], by=request.user)
    return redirect(reverse("page-workout", args=[athlete.pk]) + f"?upload={batch}#upload")


@login_required
@require_GET
def upload_status(request: HttpRequest, athlete_id: int, batch: uuid.UUID) -> HttpResponse:
    """The outcomes of one upload, for htmx to poll while a worker reads its large files."""
    athlete = athlete_or_404(request, athlete_id)
    return render(request, "plans/_upload_status.html", _uploads_context(athlete, batch))


@login_required
@require_POST
def give_rpe(request: HttpRequest, athlete_id: int, log_id: int) -> HttpResponse:
    """The RPE of a workout read from a file (training.services.update_workout, checked as the API's PATCH):
    its session-RPE load follows."""
    athlete = athlete_or_404(request, athlete_id)
    workout = get_object_or_404(WorkoutLog, pk=log_id, athlete=athlete)
    form = RpeForm(request.POST, prefix=f"rpe-{workout.pk}")
    if form.is_valid():
        serializer = functools.partial(WorkoutLogSerializer, workout, partial=True)
        valid = validate_with(form, serializer, form.cleaned_data, {"athlete": athlete, "request": request})
        if valid is not None:
            row = log_services.update_workout(workout=workout, data=valid)
            messages.success(
                request,
                f"RPE {row.rpe} given: the {_workout_words(row)} of {_day_words(row.date)} has a session-RPE load "
                f"of {row.load} AU.",
            )
            return redirect(reverse("page-workout", args=[athlete.pk]) + "#rpe")
    return _workout_page(request, athlete, bound_rpe={workout.pk: form}, status=400)


def _hooper(label_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label_text,
        coerce=int,
        choices=[(value, f"{value} – {word}") for value, word in HOOPER_WORDS.items()],
        widget=forms.RadioSelect,
    )


class CheckInForm(forms.Form):
    date = forms.DateField(widget=date_input())
    sleep = _hooper("Sleep quality")
    fatigue = _hooper("Fatigue")
    stress = _hooper("Stress")
    soreness = _hooper("Muscle soreness")
    resting_hr_bpm = forms.IntegerField(label="Resting heart rate (bpm)", min_value=25, max_value=220, required=False)
    hrv_rmssd_ms = forms.FloatField(label="HRV, rMSSD (ms)", min_value=1, max_value=500, required=False)
    sleep_hours = forms.FloatField(label="Hours slept", min_value=0, max_value=24, required=False)
    morning_mass = forms.FloatField(label="Morning body mass", min_value=1, max_value=1000, required=False)


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """The daily check-in; a second one the same day replaces the first (training.services.record_checkin)."""
    athlete = athlete_or_404(request, athlete_id)
    today = local_today(athlete)
    imperial = athlete.units == people.Units.IMPERIAL
    existing = training_selectors.checkin_on(athlete, today)
    initial: dict[str, Any] = {"date": today}
    if existing is not None:
        initial.update(
            {
                f: getattr(existing, f)
                for f in ("sleep", "fatigue", "stress", "soreness", "resting_hr_bpm", "hrv_rmssd_ms", "sleep_hours")
            }
        )
        if existing.morning_mass_kg is not None:
            mass = float(existing.morning_mass_kg)
            initial["morning_mass"] = round(people.kg_to_lb(mass), 1) if imperial else mass
    form = CheckInForm(request.POST or None, initial=initial)
    form.fields["morning_mass"].label += " (lb)" if imperial else " (kg)"
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None}
        mass_field = "morning_mass_lb" if imperial else "morning_mass_kg"
        if "morning_mass" in data:
            data[mass_field] = data.pop("morning_mass")
        aliases = {mass_field: "morning_mass", "morning_mass_kg": "morning_mass"}
        valid = validate_with(form, CheckInSerializer, data, {"athlete": athlete}, aliases)
        if valid is not None:
            _, created = log_services.record_checkin(athlete=athlete, data=valid)
            messages.success(request, "Check-in saved." if created else "Check-in updated.")
            return redirect("page-today", athlete.pk)
    context = {"athlete": athlete, "form": form, "existing": existing}
    return render(request, "plans/checkin.html", context, status=status_for(form))


@login_required
@require_POST
def remove_checkin(request: HttpRequest, athlete_id: int, checkin_id: int) -> HttpResponse:
    """Remove a check-in (training.services.delete_checkin): only the athlete's own, else 404."""
    athlete = athlete_or_404(request, athlete_id)
    row = get_object_or_404(WellnessCheckIn, pk=checkin_id, athlete=athlete)
    log_services.delete_checkin(checkin=row)
    messages.success(request, f"Removed the check-in of {row.date:%A} {row.date.day} {row.date:%B}.")
    return redirect("page-checkin", athlete.pk)


class CrampForm(forms.Form):
    at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    location = forms.ChoiceField(label="Where", choices=CrampLocation.choices)
    side = forms.ChoiceField(choices=CrampSide.choices, widget=forms.RadioSelect)
    severity = forms.TypedChoiceField(
        label="How bad (1-10)", coerce=int, choices=[(i, str(i)) for i in range(1, 11)], initial=5
    )
    duration_minutes = forms.FloatField(label="How long (minutes)", min_value=0, max_value=600)
    context = forms.ChoiceField(label="It came on", choices=CrampContext.choices)
    notes = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


@login_required
@require_http_methods(["GET", "POST"])
def log_cramp(request: HttpRequest, athlete_id: int) -> HttpResponse:
    """Log a cramp (training.services.log_cramp), then see the factors that preceded it."""
    athlete = athlete_or_404(request, athlete_id)
    zone = ZoneInfo(athlete.time_zone)
    now = timezone.now().astimezone(zone).replace(second=0, microsecond=0, tzinfo=None)
    form = CrampForm(request.POST or None, initial={"at": now, "location": CrampLocation.BEHIND_KNEE})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        # The time is the athlete's local wall-clock time; the API takes an instant.
        data["at"] = timezone.make_naive(data["at"]).replace(tzinfo=zone).isoformat()
        valid = validate_with(form, CrampSerializer, data, {"athlete": athlete})
        if valid is not None:
            cramp = log_services.log_cramp(athlete=athlete, data=valid)
            messages.success(request, "Cramp logged. Below: what preceded it.")
            return redirect(reverse("page-cramps", args=[athlete.pk]) + f"#cramp-{cramp.pk}")
    context = {"athlete": athlete, "form": form}
    return render(request, "plans/cramp.html", context, status=status_for(form))


@login_required
@require_http_methods(["GET", "POST"])
def change_cramp(request: HttpRequest, athlete_id: int, cramp_id: int) -> HttpResponse:
    """Correct a logged cramp (training.services.update_cramp), checked as the API checks a PATCH; its factors
    are read again from the corrected time."""
    athlete = athlete_or_404(request, athlete_id)
    cramp = get_object_or_404(CrampEpisode, pk=cramp_id, athlete=athlete)
    zone = ZoneInfo(athlete.time_zone)
    fields = ("location", "side", "severity", "duration_minutes", "context", "notes")
    initial = {"at": cramp.at.astimezone(zone).replace(tzinfo=None), **{name: getattr(cramp, name) for name in fields}}
    form = CrampForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if "at" in data:
            data["at"] = timezone.make_naive(data["at"]).replace(tzinfo=zone).isoformat()
        valid = validate_with(form, functools.partial(CrampSerializer, cramp, partial=True), data, {"athlete": athlete})
        if valid is not None:
            if valid:
                log_services.update_cramp(cramp=cramp, data=valid)
                messages.success(request, "Cramp changed. Below: what preceded it.")
            else:
                messages.info(request, "Nothing changed.")
            return redirect(reverse("page-cramps", args=[athlete.pk]) + f"#cramp-{cramp.pk}")
    context = {"athlete": athlete, "form": form, "cramp": cramp}
    return render(request, "plans/cramp.html", context, status=status_for(form))


@login_required
@require_POST
def remove_cramp(request: HttpRequest, athlete_id: int, cramp_id: int) -> HttpResponse:
    """Remove a cramp (training.services.delete_cramp): only the athlete's own, else 404."""
    athlete = athlete_or_404(request, athlete_id)
    cramp = get_object_or_404(CrampEpisode, pk=cramp_id, athlete=athlete)
    log_services.delete_cramp(cramp=cramp)
    local = cramp.at.astimezone(ZoneInfo(athlete.time_zone))
    where = f"{cramp.get_location_display().lower()} ({cramp.get_side_display().lower()})"
    messages.success(request, f"Removed the cramp of {local:%a} {local.day} {local:%b}, {local:%H:%M}: {where}.")
    return redirect("page-cramps", athlete.pk)
