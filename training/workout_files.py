"""Workout files from watches and apps, read into one summary (docs/domain.md §12). Pure: no Django.

FIT is read with the Garmin FIT SDK (CRC checked, so a truncated or damaged file is refused), TCX with tcxreader
and GPX with gpxpy. The type is told from the content (FIT's ".FIT" header, the XML root element), never from
the file name. Every file we cannot use raises WorkoutFileError, whose text is one sentence for people.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import gpxpy
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as safe_xml  # the root element is sniffed without expanding any entity
from garmin_fit_sdk import Decoder, Stream
from tcxreader.tcxreader import TCXReader

from plans.engine.types import Modality

MAX_FILE_BYTES = 25 * 1024 * 1024  # a day-long activity recorded every second is a few MB; 25 MB is generous
# Watches write a point at least every few seconds while moving (every second, or "smart recording"); a longer
# gap between two points is a pause, which counts neither as moving time nor as time in a heart-rate zone.
PAUSE_GAP_S = 60.0
MAX_MOVING_MINUTES = 1440  # WorkoutLog.minutes' upper bound
# Heart rates outside this band are sensor noise (a strap losing contact reads 0 or 255), not a heart.
MIN_HR_BPM, MAX_HR_BPM = 25, 250

TCX_ROOT = "TrainingCenterDatabase"
GPX_ROOT = "gpx"


class FileKind(StrEnum):
    FIT = "fit"
    TCX = "tcx"
    GPX = "gpx"


class WorkoutFileError(ValueError):
    """A file that cannot become a workout; `str(error)` is one sentence for the person who sent it."""


@dataclass(frozen=True)
class HeartRateSample:
    at: dt.datetime  # aware, UTC
    bpm: int


@dataclass(frozen=True)
class WorkoutSummary:
    kind: FileKind
    start: dt.datetime  # aware, UTC
    moving_seconds: float
    distance_m: float | None
    elevation_gain_m: float | None
    avg_hr_bpm: int | None
    max_hr_bpm: int | None
    sport: Modality | None  # None: the file names no sport, or one we have no modality for
    heart_rate: tuple[HeartRateSample, ...]  # every recorded sample, in time order (Edwards TRIMP needs them)

    @property
    def moving_minutes(self) -> int:
        return round(self.moving_seconds / 60)


@dataclass(frozen=True)
class _Point:
    at: dt.datetime
    distance_m: float | None = None
    elevation_m: float | None = None
    hr_bpm: int | None = None


@dataclass(frozen=True)
class _Totals:
    """What a file's own summary states (FIT's session message); None where it states nothing."""

    moving_seconds: float | None = None
    distance_m: float | None = None
    elevation_gain_m: float | None = None
    avg_hr_bpm: int | None = None
    max_hr_bpm: int | None = None
    start: dt.datetime | None = None


# Sport names as FIT (Profile "sport"), TCX (Activity/@Sport) and GPX apps (trk/type) write them, lower case.
SPORTS: dict[str, Modality] = {
    "running": Modality.RUN,
    "run": Modality.RUN,
    "trail_running": Modality.RUN,
    "treadmill_running": Modality.RUN,
    "cycling": Modality.BIKE,
    "biking": Modality.BIKE,
    "ride": Modality.BIKE,
    "road_biking": Modality.BIKE,
    "mountain_biking": Modality.BIKE,
    "virtualride": Modality.BIKE,
    "swimming": Modality.SWIM,
    "swim": Modality.SWIM,
    "lap_swimming": Modality.SWIM,
    "open_water_swimming": Modality.SWIM,
    "rowing": Modality.ROW,
    "row": Modality.ROW,
    "indoor_rowing": Modality.ROW,
    "soccer": Modality.SOCCER,
    "football": Modality.SOCCER,
    "basketball": Modality.BASKETBALL,
    "tennis": Modality.TENNIS,
    "rugby": Modality.RUGBY,
    "field_hockey": Modality.FIELD_HOCKEY,
    "handball": Modality.HANDBALL,
    "volleyball": Modality.VOLLEYBALL,
    "yoga": Modality.YOGA,
    "elliptical": Modality.ELLIPTICAL,
    "strength_training": Modality.STRENGTH,
    "weighttraining": Modality.STRENGTH,
}


def sport_of(name: str | None) -> Modality | None:
    """Our modality for a sport name as files write it ("Running", "road_biking", "Ride"); None if unknown."""
    if not name:
        return None
    return SPORTS.get(name.strip().lower().replace(" ", "_").replace("-", "_"))


def detect_kind(data: bytes) -> FileKind:
    """FIT, TCX or GPX, from the bytes themselves."""
    if len(data) >= 12 and data[8:12] == b".FIT":
        return FileKind.FIT
    xml = _xml_start(data)
    if xml.startswith(b"<"):
        _refuse_entities(xml)
    root = _xml_root_name(xml)
    if root == TCX_ROOT:
        return FileKind.TCX
    if root == GPX_ROOT:
        return FileKind.GPX
    raise WorkoutFileError("This is not a FIT, TCX or GPX workout file.")


def read_workout_file(data: bytes) -> WorkoutSummary:
    """The workout a file holds. Raises WorkoutFileError for an empty, oversized, damaged or unknown file, and for
    one without timestamps or with less than a minute (or more than a day) of activity."""
    if not data:
        raise WorkoutFileError("The file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise WorkoutFileError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; send one workout.")
    kind = detect_kind(data)
    if kind is not FileKind.FIT:
        data = _xml_start(data)
    readers = {FileKind.FIT: _read_fit, FileKind.TCX: _read_tcx, FileKind.GPX: _read_gpx}
    try:
        points, totals, sport = readers[kind](data)
    except WorkoutFileError:
        raise
    except Exception as error:  # third-party parsers raise anything on broken input
        raise WorkoutFileError(f"The {kind.upper()} file is damaged and cannot be read.") from error
    return _summarise(kind, points, totals, sport)


def sample_seconds(times: Sequence[dt.datetime]) -> list[float]:
    """The seconds each sample stands for: the time to the next sample, or 0 across a pause (a gap over
    PAUSE_GAP_S) and for the last sample."""
    out = []
    for here, after in itertools.pairwise(times):
        gap = (after - here).total_seconds()
        out.append(gap if 0 < gap <= PAUSE_GAP_S else 0.0)
    if times:
        out.append(0.0)
    return out


# --- per format -----------------------------------------------------------------------------------------------


def _read_fit(data: bytes) -> tuple[list[_Point], _Totals, Modality | None]:
    if not Decoder(Stream.from_byte_array(bytearray(data))).check_integrity():
        raise WorkoutFileError("The FIT file is damaged or cut short; export it again from the watch or app.")
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    if errors:
        raise WorkoutFileError("The FIT file is damaged or cut short; export it again from the watch or app.")
    points = []
    for record in messages.get("record_mesgs", []):
        at = record.get("timestamp")
        if not isinstance(at, dt.datetime):
            continue
        points.append(
            _Point(
                at=at,
                distance_m=_number(record.get("distance")),
                elevation_m=_number(record.get("enhanced_altitude", record.get("altitude"))),
                hr_bpm=_bpm(record.get("heart_rate")),
            )
        )
    sessions = messages.get("session_mesgs", [])
    sport_name = None
    totals = _Totals()
    if sessions:
        # A multisport file has several sessions; its totals are the sum, its sport the first leg's.
        sport_name = sessions[0].get("sport")
        totals = _Totals(
            moving_seconds=_sum(s.get("total_timer_time") for s in sessions),
            distance_m=_sum(s.get("total_distance") for s in sessions),
            elevation_gain_m=_sum(s.get("total_ascent") for s in sessions),
            avg_hr_bpm=_bpm(sessions[0].get("avg_heart_rate")) if len(sessions) == 1 else None,
            max_hr_bpm=max((b for s in sessions if (b := _bpm(s.get("max_heart_rate")))), default=None),
            start=sessions[0].get("start_time") if isinstance(sessions[0].get("start_time"), dt.datetime) else None,
        )
    elif sports := messages.get("sport_mesgs"):
        sport_name = sports[0].get("sport")
    return points, totals, sport_of(sport_name if isinstance(sport_name, str) else None)


def _read_tcx(data: bytes) -> tuple[list[_Point], _Totals, Modality | None]:
    # Keep points without a position: pool swims and treadmill runs have none.
    exercise = TCXReader().read(io.BytesIO(data), only_gps=False)
    points = [
        _Point(
            at=_utc(tp.time),
            distance_m=_number(tp.distance),
            elevation_m=_number(tp.elevation),
            hr_bpm=_bpm(tp.hr_value),
        )
        for tp in exercise.trackpoints
        if tp.time is not None
    ]
    lap_distance = _number(exercise.distance)
    totals = _Totals(distance_m=lap_distance if lap_distance else None)
    return points, totals, sport_of(exercise.activity_type)


def _read_gpx(data: bytes) -> tuple[list[_Point], _Totals, Modality | None]:
    gpx = gpxpy.parse(data.decode("utf-8-sig"))
    points = []
    for track in gpx.tracks:
        for segment in track.segments:
            for point in segment.points:
                if point.time is None:
                    continue
                points.append(_Point(at=_utc(point.time), elevation_m=point.elevation, hr_bpm=_gpx_hr(point)))
    distance = gpx.length_2d() if points else None
    gain = gpx.get_uphill_downhill().uphill if any(p.elevation_m is not None for p in points) else None
    sport = next((sport_of(t.type) for t in gpx.tracks if t.type), None)
    return points, _Totals(distance_m=distance or None, elevation_gain_m=gain), sport


# --- shared ----------------------------------------------------------------------------------------------------


def _summarise(kind: FileKind, points: list[_Point], totals: _Totals, sport: Modality | None) -> WorkoutSummary:
    points.sort(key=lambda p: p.at)
    start = totals.start or (points[0].at if points else None)
    if start is None:
        raise WorkoutFileError("The file has no timestamps, so the workout's date and duration are unknown.")
    seconds = sample_seconds([p.at for p in points])
    moving_s = totals.moving_seconds if totals.moving_seconds is not None else sum(seconds)
    if round(moving_s / 60) < 1:
        raise WorkoutFileError("The file holds less than a minute of activity.")
    if round(moving_s / 60) > MAX_MOVING_MINUTES:
        raise WorkoutFileError("The file holds more than 24 hours of activity; send one workout per file.")

    distances = [p.distance_m for p in points if p.distance_m is not None]
    distance = totals.distance_m
    if distance is None and len(distances) >= 2 and max(distances) > 0:
        distance = max(distances) - min(distances)
    gain = totals.elevation_gain_m
    if gain is None:
        gain = _gain([p.elevation_m for p in points if p.elevation_m is not None])

    samples = tuple(HeartRateSample(p.at, p.hr_bpm) for p in points if p.hr_bpm is not None)
    avg_hr, max_hr = totals.avg_hr_bpm, totals.max_hr_bpm
    if samples:
        weights = [s for p, s in zip(points, seconds, strict=True) if p.hr_bpm is not None]
        if avg_hr is None:
            avg_hr = _weighted_mean([s.bpm for s in samples], weights)
        if max_hr is None:
            max_hr = max(s.bpm for s in samples)
    if avg_hr is not None and max_hr is not None and avg_hr > max_hr:
        max_hr = avg_hr  # a summary rounded differently from its samples: keep the two coherent
    return WorkoutSummary(
        kind=kind,
        start=_utc(start),
        moving_seconds=float(moving_s),
        distance_m=None if distance is None else round(float(distance), 1),
        elevation_gain_m=None if gain is None else round(float(gain), 1),
        avg_hr_bpm=avg_hr,
        max_hr_bpm=max_hr,
        sport=sport,
        heart_rate=samples,
    )


def _xml_start(data: bytes) -> bytes:
    # Some exporters put a byte-order mark or blank lines before the XML declaration, which parsers refuse.
    return data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")


def _xml_root_name(data: bytes) -> str | None:
    """The local name of the document's root element, reading no further than it; None if not XML."""
    if not data.startswith(b"<"):
        return None
    try:
        # No DTD gets here (detect_kind refused it): nothing to expand.
        for _event, element in safe_xml.iterparse(io.BytesIO(data), events=("start",)):
            return element.tag.rsplit("}", 1)[-1]
    except (safe_xml.ParseError, DefusedXmlException):
        return None
    return None


def _refuse_entities(data: bytes) -> None:
    # Workout files never declare a document type; one that does could expand entities without bound (and the
    # XML readers below, tcxreader's and gpxpy's, would expand them).
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise WorkoutFileError("The file declares an XML document type, which FIT, TCX and GPX files never do.")


def _gpx_hr(point: Any) -> int | None:
    """Heart rate from Garmin's TrackPointExtension (<gpxtpx:hr>), the one GPX writers use."""
    for extension in point.extensions:
        for element in extension.iter():
            if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] == "hr":
                try:
                    return _bpm(float((element.text or "").strip()))
                except ValueError:
                    return None
    return None


def _gain(elevations: list[float]) -> float | None:
    if len(elevations) < 2:
        return None
    return sum(max(0.0, after - here) for here, after in itertools.pairwise(elevations))


def _weighted_mean(values: list[int], weights: list[float]) -> int:
    if sum(weights) > 0:
        return round(sum(v * w for v, w in zip(values, weights, strict=True)) / sum(weights))
    return round(statistics.fmean(values))


def _bpm(value: Any) -> int | None:
    number = _number(value)
    if number is None or not MIN_HR_BPM <= number <= MAX_HR_BPM:
        return None
    return round(number)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _sum(values: Any) -> float | None:
    numbers = [n for v in values if (n := _number(v)) is not None]
    return sum(numbers) if numbers else None


def _utc(at: dt.datetime) -> dt.datetime:
    # Files write UTC ("Z"); a time without a zone is taken as UTC, as the formats define.
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)
