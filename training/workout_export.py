"""A done workout as a TCX file (Garmin's Training Center XML, v2), so the data is never locked in. Pure: no
Django; written with the standard library's ElementTree.

One Activity with one Lap holds what we know: the start, the moving time, the distance, the average and maximum
heart rate when a file gave them, and the session RPE in the notes. The lap's Track has two points, its start
and its end, with the distance at each, so apps that read the time and distance from the points (tcxreader,
Strava) find them; the samples between are not kept, so none is invented. The schema's required Calories is 0:
we do not know it.
It writes XML and parses none, so bandit's warning about parsing untrusted XML (B405) does not apply.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET  # nosec B405
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from plans.engine.types import Modality

TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
TCX_MEDIA_TYPE = "application/vnd.garmin.tcx+xml"
# TCX knows three sports; everything not run or ride is Other.
TCX_SPORTS = {Modality.RUN: "Running", Modality.BIKE: "Biking", Modality.CYCLING: "Biking"}
DEFAULT_START = dt.time(12, 0)  # a typed-in workout of a day without a planned or preferred time


@dataclass(frozen=True)
class ExportedWorkout:
    start: dt.datetime  # aware
    seconds: int
    modality: str  # our modality code, "" when none
    distance_m: float | None
    avg_hr_bpm: int | None
    max_hr_bpm: int | None
    notes: str


def start_of(workout: Any, time_zone: str, preferred: dt.time | None) -> dt.datetime:
    """When the workout started: the file's start; for one typed in, its session's start time, else the
    athlete's preferred session time, on its day in the athlete's zone."""
    if workout.started_at is not None:
        return workout.started_at
    session = workout.session
    at = (session.start_time if session is not None else None) or preferred or DEFAULT_START
    return dt.datetime.combine(workout.date, at, tzinfo=ZoneInfo(time_zone))


def exported(workout: Any, time_zone: str, preferred: dt.time | None) -> ExportedWorkout:
    """A WorkoutLog (read by attribute) as what the TCX file holds."""
    notes = [f"Session RPE {workout.rpe}" if workout.rpe is not None else "Session RPE not given"]
    if workout.trimp is not None:
        notes.append(f"heart-rate load {workout.trimp:g} (Banister TRIMP)")
    if workout.notes:
        notes.append(workout.notes)
    return ExportedWorkout(
        start=start_of(workout, time_zone, preferred),
        seconds=workout.minutes * 60,
        modality=workout.modality,
        distance_m=workout.distance_m,
        avg_hr_bpm=workout.avg_hr_bpm,
        max_hr_bpm=workout.max_hr_bpm,
        notes="; ".join(notes),
    )


def tcx(workout: ExportedWorkout) -> bytes:
    """The TCX document, UTF-8 with its XML declaration, elements in the order the schema requires."""

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{TCX_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    ET.register_namespace("", TCX_NS)
    start = _iso(workout.start)
    end = _iso(workout.start + dt.timedelta(seconds=workout.seconds))
    distance = workout.distance_m or 0.0
    root = ET.Element(f"{{{TCX_NS}}}TrainingCenterDatabase")
    sport = TCX_SPORTS.get(workout.modality, "Other")
    activity = sub(sub(root, "Activities"), "Activity", Sport=sport)
    sub(activity, "Id", start)
    lap = sub(activity, "Lap", StartTime=start)
    sub(lap, "TotalTimeSeconds", f"{workout.seconds:.1f}")
    sub(lap, "DistanceMeters", f"{distance:.1f}")
    sub(lap, "Calories", "0")
    if workout.avg_hr_bpm is not None:
        sub(sub(lap, "AverageHeartRateBpm"), "Value", str(workout.avg_hr_bpm))
    if workout.max_hr_bpm is not None:
        sub(sub(lap, "MaximumHeartRateBpm"), "Value", str(workout.max_hr_bpm))
    sub(lap, "Intensity", "Active")
    sub(lap, "TriggerMethod", "Manual")
    track = sub(lap, "Track")
    for at, metres in ((start, 0.0), (end, distance)):
        point = sub(track, "Trackpoint")
        sub(point, "Time", at)
        sub(point, "DistanceMeters", f"{metres:.1f}")
    sub(activity, "Notes", workout.notes)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
