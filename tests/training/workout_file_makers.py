"""Real workout files for the tests, made with maintained writers: FIT with fit-tool, GPX with gpxpy, TCX with
the standard library's ElementTree (TCX is a plain XML schema)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

import gpxpy.geo
import gpxpy.gpx
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.event_message import EventMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.profile_type import Event, EventType, FileType, Manufacturer, Sport

TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
TPX_NS = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"


@dataclass(frozen=True)
class Track:
    """A workout as a list of per-second samples: the figures every writer below puts in its file."""

    start: dt.datetime  # aware UTC, whole seconds
    seconds: int  # samples at 0..seconds, one a second
    metres_per_second: float = 3.0
    climb_per_second_m: float = 0.2  # a steady climb from 100 m
    heart_rate: Callable[[int], int] | None = None  # second -> bpm; None: no heart-rate sensor

    def at(self, i: int) -> dt.datetime:
        return self.start + dt.timedelta(seconds=i)

    def distance_m(self, i: int) -> float:
        return i * self.metres_per_second

    def altitude_m(self, i: int) -> float:
        return 100.0 + i * self.climb_per_second_m

    def bpm(self, i: int) -> int | None:
        return self.heart_rate(i) if self.heart_rate else None

    @property
    def samples(self) -> range:
        return range(self.seconds + 1)

    @property
    def total_distance_m(self) -> float:
        return self.distance_m(self.seconds)

    @property
    def gain_m(self) -> float:
        return self.altitude_m(self.seconds) - self.altitude_m(0)

    @property
    def avg_hr(self) -> int | None:
        # Each sample stands for the second after it; the last one for none (training.workout_files.sample_seconds).
        if not self.heart_rate:
            return None
        values = [self.heart_rate(i) for i in range(self.seconds)]
        return round(sum(values) / len(values))

    @property
    def max_hr(self) -> int | None:
        return max(self.heart_rate(i) for i in self.samples) if self.heart_rate else None


def _ms(at: dt.datetime) -> int:
    return round(at.timestamp() * 1000)


def fit_file(track: Track, sport: Sport, *, session: bool = True, pool: bool = False) -> bytes:
    """An activity file as a watch writes it: file id, timer start, a record a second, timer stop, and (unless
    `session` is False) the session summary with the watch's own totals. `pool`: no distance per record."""
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 0x1234
    file_id.time_created = _ms(track.start)
    builder.add(file_id)
    builder.add(_timer(track.start, EventType.START))
    records = []
    for i in track.samples:
        record = RecordMessage()
        record.timestamp = _ms(track.at(i))
        if not pool:
            record.distance = track.distance_m(i)
            record.altitude = track.altitude_m(i)
        if track.heart_rate:
            record.heart_rate = track.bpm(i)
        records.append(record)
    builder.add_all(records)
    end = track.at(track.seconds)
    builder.add(_timer(end, EventType.STOP))
    if session:
        summary = SessionMessage()
        summary.timestamp = _ms(end)
        summary.start_time = _ms(track.start)
        summary.sport = sport
        summary.total_elapsed_time = float(track.seconds)
        summary.total_timer_time = float(track.seconds)
        summary.total_distance = track.total_distance_m
        if not pool:
            summary.total_ascent = round(track.gain_m)
        if track.heart_rate:
            summary.avg_heart_rate = track.avg_hr
            summary.max_heart_rate = track.max_hr
        builder.add(summary)
    return builder.build().to_bytes()


def _timer(at: dt.datetime, kind: EventType) -> EventMessage:
    event = EventMessage()
    event.event = Event.TIMER
    event.event_type = kind
    event.timestamp = _ms(at)
    return event


def tcx_file(track: Track, sport: str, *, positions: bool = True) -> bytes:
    """A TCX activity: one lap with its distance, a trackpoint a second (time, position, altitude, distance,
    heart rate). Sport is TCX's own word: Running, Biking or Other."""
    ET.register_namespace("", TCX_NS)
    root = ET.Element(f"{{{TCX_NS}}}TrainingCenterDatabase")
    activity = ET.SubElement(ET.SubElement(root, f"{{{TCX_NS}}}Activities"), f"{{{TCX_NS}}}Activity", Sport=sport)
    ET.SubElement(activity, f"{{{TCX_NS}}}Id").text = _iso(track.start)
    lap = ET.SubElement(activity, f"{{{TCX_NS}}}Lap", StartTime=_iso(track.start))
    ET.SubElement(lap, f"{{{TCX_NS}}}TotalTimeSeconds").text = str(float(track.seconds))
    ET.SubElement(lap, f"{{{TCX_NS}}}DistanceMeters").text = str(track.total_distance_m)
    points = ET.SubElement(lap, f"{{{TCX_NS}}}Track")
    for i in track.samples:
        point = ET.SubElement(points, f"{{{TCX_NS}}}Trackpoint")
        ET.SubElement(point, f"{{{TCX_NS}}}Time").text = _iso(track.at(i))
        if positions:
            position = ET.SubElement(point, f"{{{TCX_NS}}}Position")
            ET.SubElement(position, f"{{{TCX_NS}}}LatitudeDegrees").text = repr(45.0 + i * 1e-5)
            ET.SubElement(position, f"{{{TCX_NS}}}LongitudeDegrees").text = "6.0"
        ET.SubElement(point, f"{{{TCX_NS}}}AltitudeMeters").text = repr(track.altitude_m(i))
        ET.SubElement(point, f"{{{TCX_NS}}}DistanceMeters").text = repr(track.distance_m(i))
        if track.heart_rate:
            heart = ET.SubElement(point, f"{{{TCX_NS}}}HeartRateBpm")
            ET.SubElement(heart, f"{{{TCX_NS}}}Value").text = str(track.bpm(i))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def gpx_file(track: Track, kind: str | None) -> bytes:
    """A GPX track written by gpxpy: a point a second due north along a meridian (so its length is known
    exactly), elevation, and heart rate in Garmin's TrackPointExtension; `kind` is the track's <type>."""
    gpx = gpxpy.gpx.GPX()
    gpx.nsmap["gpxtpx"] = TPX_NS
    gpx_track = gpxpy.gpx.GPXTrack(name="Morning workout")
    gpx_track.type = kind
    gpx.tracks.append(gpx_track)
    segment = gpxpy.gpx.GPXTrackSegment()
    gpx_track.segments.append(segment)
    # gpxpy measures short steps as degrees x ONE_DEGREE metres (its flat-earth formula for nearby points).
    step_deg = track.metres_per_second / gpxpy.geo.ONE_DEGREE
    for i in track.samples:
        point = gpxpy.gpx.GPXTrackPoint(
            latitude=45.0 + i * step_deg, longitude=6.0, elevation=track.altitude_m(i), time=track.at(i)
        )
        if track.heart_rate:
            extension = ET.Element(f"{{{TPX_NS}}}TrackPointExtension")
            ET.SubElement(extension, f"{{{TPX_NS}}}hr").text = str(track.bpm(i))
            point.extensions.append(extension)
        segment.points.append(point)
    return gpx.to_xml().encode()
