"""Reading workout files (docs/domain.md §12): real FIT (fit-tool), TCX (ElementTree) and GPX (gpxpy) files for run,
ride and swim, with and without heart rate, read back to the figures written; every bad file refused with one
sentence. Pure: no database."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from fit_tool.profile.profile_type import Sport
from hypothesis import given, settings
from hypothesis import strategies as st

from plans.engine.types import Modality
from tests.training.workout_file_makers import Track, fit_file, gpx_file, tcx_file
from training.workout_files import (
    MAX_FILE_BYTES,
    FileKind,
    WorkoutFileError,
    detect_kind,
    read_workout_file,
    sample_seconds,
    sport_of,
)

START = dt.datetime(2026, 3, 2, 6, 30, 5, tzinfo=dt.UTC)


def wavy(i: int) -> int:
    """A heart rate that drifts up and down, so average and maximum differ."""
    return 128 + (i // 30) % 25


RUN = Track(START, 30 * 60, metres_per_second=3.0, climb_per_second_m=0.2, heart_rate=wavy)
RIDE = Track(START, 45 * 60, metres_per_second=8.0, climb_per_second_m=0.4)  # no heart-rate sensor
SWIM = Track(START, 20 * 60, metres_per_second=1.0, climb_per_second_m=0.0, heart_rate=lambda i: 118 + i % 7)
POOL = Track(START, 15 * 60, metres_per_second=1.0, climb_per_second_m=0.0)


def _assert_figures(summary, track: Track, kind: FileKind, sport: Modality | None, *, distance: bool = True) -> None:
    assert summary.kind is kind
    assert summary.start == track.start and summary.start.utcoffset() == dt.timedelta(0)
    assert summary.moving_seconds == track.seconds
    assert summary.moving_minutes == round(track.seconds / 60)
    if distance:  # GPX's is measured from positions (checked on its own)
        assert summary.distance_m == track.total_distance_m
    assert summary.avg_hr_bpm == track.avg_hr
    assert summary.max_hr_bpm == track.max_hr
    assert summary.sport is sport
    if track.heart_rate:
        assert [s.bpm for s in summary.heart_rate] == [track.bpm(i) for i in track.samples]
        assert summary.heart_rate[0].at == track.start
    else:
        assert summary.heart_rate == ()


@pytest.mark.parametrize(
    ("track", "sport", "modality"),
    [(RUN, Sport.RUNNING, Modality.RUN), (RIDE, Sport.CYCLING, Modality.BIKE), (SWIM, Sport.SWIMMING, Modality.SWIM)],
    ids=["run-hr", "ride-no-hr", "swim-hr"],
)
def test_fit_reads_back_the_watch_figures(track: Track, sport: Sport, modality: Modality) -> None:
    summary = read_workout_file(fit_file(track, sport))
    _assert_figures(summary, track, FileKind.FIT, modality)
    assert summary.elevation_gain_m == round(track.gain_m)  # FIT's session total ascent is whole metres


def test_fit_pool_swim_without_heart_rate_or_gps() -> None:
    summary = read_workout_file(fit_file(POOL, Sport.SWIMMING, pool=True))
    _assert_figures(summary, POOL, FileKind.FIT, Modality.SWIM)
    assert summary.elevation_gain_m is None


def test_fit_without_a_session_message_is_measured_from_its_records() -> None:
    """No summary: moving time, distance and climb come from the records (altitude is stored to 0.2 m)."""
    summary = read_workout_file(fit_file(RUN, Sport.RUNNING, session=False))
    _assert_figures(summary, RUN, FileKind.FIT, None)
    assert summary.elevation_gain_m == pytest.approx(RUN.gain_m, abs=0.2)


@pytest.mark.parametrize(
    ("track", "sport", "modality", "positions"),
    [
        (RUN, "Running", Modality.RUN, True),
        (RIDE, "Biking", Modality.BIKE, True),
        (SWIM, "Other", None, False),  # TCX has no word for swimming; a pool has no positions
    ],
    ids=["run-hr", "ride-no-hr", "swim-hr"],
)
def test_tcx_reads_back(track: Track, sport: str, modality: Modality | None, positions: bool) -> None:
    summary = read_workout_file(tcx_file(track, sport, positions=positions))
    _assert_figures(summary, track, FileKind.TCX, modality)
    assert summary.elevation_gain_m == pytest.approx(track.gain_m, abs=0.05)


@pytest.mark.parametrize(
    ("track", "kind", "modality"),
    [(RUN, "running", Modality.RUN), (RIDE, "cycling", Modality.BIKE), (SWIM, "swimming", Modality.SWIM)],
    ids=["run-hr", "ride-no-hr", "swim-hr"],
)
def test_gpx_reads_back(track: Track, kind: str, modality: Modality) -> None:
    """GPX holds no distance: gpxpy measures it from the positions, written due north a known step apart."""
    summary = read_workout_file(gpx_file(track, kind))
    _assert_figures(summary, track, FileKind.GPX, modality, distance=False)
    assert summary.distance_m == pytest.approx(track.total_distance_m, abs=0.5)
    assert summary.elevation_gain_m == pytest.approx(track.gain_m, abs=0.05)


def test_gpx_without_a_type_has_no_sport() -> None:
    assert read_workout_file(gpx_file(RIDE, None)).sport is None


def test_the_type_comes_from_the_content() -> None:
    assert detect_kind(fit_file(RUN, Sport.RUNNING)) is FileKind.FIT
    assert detect_kind(b"\xef\xbb\xbf\n  " + tcx_file(RUN, "Running")) is FileKind.TCX
    assert detect_kind(gpx_file(RUN, "running")) is FileKind.GPX


@pytest.mark.parametrize(
    ("name", "sport"),
    [("Running", Modality.RUN), ("road_biking", Modality.BIKE), ("Ride", Modality.BIKE),
     ("lap swimming", Modality.SWIM), ("indoor-rowing", Modality.ROW), ("generic", None), ("", None), (None, None)],
)  # fmt: skip
def test_sport_names(name: str | None, sport: Modality | None) -> None:
    assert sport_of(name) is sport


def test_a_pause_counts_as_neither_moving_time_nor_zone_time() -> None:
    times = [START + dt.timedelta(seconds=s) for s in (0, 1, 2, 302, 303)]
    assert sample_seconds(times) == [1.0, 1.0, 0.0, 1.0, 0.0]


# --- bad files: one error type, one sentence --------------------------------------------------------------------


def _refused(data: bytes) -> str:
    with pytest.raises(WorkoutFileError) as caught:
        read_workout_file(data)
    sentence = str(caught.value)
    assert sentence[0].isupper() and sentence.endswith(".") and ". " not in sentence, sentence
    return sentence


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


GPX_ROUTE_WITHOUT_TIMES = b"""<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="planner" xmlns="http://www.topografix.com/GPX/1/1">
<trk><name>Planned loop</name><trkseg><trkpt lat="45.0" lon="6.0"><ele>100</ele></trkpt>
<trkpt lat="45.01" lon="6.0"><ele>110</ele></trkpt></trkseg></trk></gpx>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>&b;</name></trk></gpx>"""


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: b"", "empty"),
        (lambda: b"\x00" * (MAX_FILE_BYTES + 1), "larger than 25 MB"),
        (lambda: fit_file(RUN, Sport.RUNNING)[:-300], "damaged or cut short"),
        (lambda: _flip(fit_file(RUN, Sport.RUNNING), 2000), "damaged or cut short"),
        (lambda: tcx_file(RUN, "Running")[:-40], "damaged"),
        (lambda: gpx_file(RUN, "running")[:5000], "damaged"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a FIT, TCX or GPX"),
        (lambda: b"date,minutes,rpe\n2026-03-02,45,6\n", "not a FIT, TCX or GPX"),
        (lambda: b"<html><body>Activity</body></html>", "not a FIT, TCX or GPX"),
        (lambda: GPX_ROUTE_WITHOUT_TIMES, "no timestamps"),
        (lambda: BILLION_LAUGHS, "document type"),
        (lambda: fit_file(Track(START, 20), Sport.RUNNING), "less than a minute"),
    ],
    ids=["empty", "huge", "fit-truncated", "fit-corrupt", "tcx-truncated", "gpx-truncated", "png", "csv", "html",
         "no-timestamps", "entities", "too-short"],
)  # fmt: skip
def test_bad_files_are_refused_with_one_sentence(make, words: str) -> None:
    assert words in _refused(make())


SMALL_FIT = fit_file(Track(START, 120, heart_rate=wavy), Sport.RUNNING)
SMALL_TCX = tcx_file(Track(START, 120, heart_rate=wavy), "Running")


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(SMALL_FIT) - 1))
def test_a_fit_file_cut_anywhere_is_refused(cut: int) -> None:
    _refused(SMALL_FIT[:cut])


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(SMALL_TCX) - 1))
def test_a_tcx_file_cut_anywhere_is_refused(cut: int) -> None:
    _refused(SMALL_TCX[:cut])


@settings(max_examples=60, deadline=None)
@given(at=st.integers(min_value=14, max_value=len(SMALL_FIT) - 1))
def test_a_fit_file_with_any_byte_damaged_is_refused(at: int) -> None:
    """The CRC covers every byte after the header: one changed byte anywhere is caught."""
    _refused(_flip(SMALL_FIT, at))


@settings(max_examples=100, deadline=None)
@given(noise=st.binary(max_size=400))
def test_noise_after_any_header_is_refused_or_read_never_crashes(noise: bytes) -> None:
    for head in (SMALL_FIT[:14], b"<?xml version='1.0'?><gpx>", b"<TrainingCenterDatabase>"):
        with contextlib.suppress(WorkoutFileError):
            read_workout_file(head + noise)
