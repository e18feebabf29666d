"""Workout files fuzzed (issue 18, item 6): POST /athletes/{id}/workouts/import/ with random bytes under any name,
real FIT, TCX and GPX files cut short or with bytes flipped, zips, and odd forms (an empty file, no `file`, two
files, a cut envelope). Never a 5xx; every refusal is JSON naming a field and the reason; a 201 stored the workout
it answers. Each file also goes down the path a worker takes for a large one (training.upload_services.read_queued,
what the Celery task training.tasks.read_workout_upload calls), run here without a worker: it ends read or refused
with the same reason the API gave, and no exception escapes.

`FUZZ_EXAMPLES` scales the examples, as in test_api_fuzz.py (CI's `make fuzz` runs 100).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import os
import uuid
import zipfile
from collections.abc import Callable

import pytest
from fit_tool.profile.profile_type import Sport
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.conftest import client_for
from tests.factories import AthleteFactory, WorkoutUploadFactory
from tests.training.test_workout_import_api import steady
from tests.training.workout_file_makers import Track, fit_file, gpx_file, tcx_file
from training import upload_services
from training.models import UploadOutcome, UploadState, WorkoutLog
from training.workout_zip import is_zip

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))

pytestmark = pytest.mark.django_db


def fuzz(per_unit: int) -> settings:
    # Derandomized like test_api_fuzz.py: the same examples every run, so CI is repeatable.
    return settings(
        max_examples=EXAMPLES * per_unit,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --- what is sent ---------------------------------------------------------------------------------------------

EXTENSIONS = [".fit", ".tcx", ".gpx", ".FIT", ".TCX", ".Gpx", ".zip", ".fit.gz", "", ".exe"]
NAMES = st.one_of(
    st.sampled_from(["run.fit", "RUN.FIT", "ride.tcx", "swim.gpx", "workout", "x" * 300 + ".fit", "Läufchen 🏃.gpx",
                     "../../etc/passwd", "C:\\Users\\me\\run.fit", ".fit", "名前.tcx", "a;b=c.fit"]),
    st.builds(lambda stem, ext: stem + ext, st.text(max_size=300), st.sampled_from(EXTENSIONS)),
)  # fmt: skip


def _quoted(filename: str) -> str:
    """A name as browsers put it in a multipart header: quotes and line breaks escaped (WHATWG form encoding)."""
    return filename.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


def django_file_name(filename: str | None) -> str | None:
    """The name Django gives the part's file (django.http.multipartparser.sanitize_file_name): the part's name
    after the last slash or backslash, without unprintable characters; None (no file) when that is empty, "." or
    "..", or the part has no name at all."""
    if filename is None:
        return None
    base = html.unescape(_quoted(filename)).rsplit("/")[-1].rsplit("\\")[-1]
    base = "".join(c for c in base if c.isprintable())
    return None if base in {"", ".", ".."} else base


def kept_as_a_file(filename: str | None) -> bool:
    return django_file_name(filename) is not None


NO_FILE = "Send a FIT, TCX or GPX file in the form field named file."


def nameless(answer: dict) -> bool:
    """The answer to a file part without a usable name. Django skips the part's headers but not its bytes, which
    it then reads as the next part's headers: a large one is a parse error (400 `detail`), never a file."""
    return answer == {"file": [NO_FILE]} or (
        list(answer) == ["detail"] and answer["detail"].startswith("Multipart form parse error - ")
    )


Part = tuple[str, str | None, bytes]  # field name, file name (None: a plain field), content


def multipart(parts: list[Part]) -> tuple[bytes, str]:
    """The form as bytes and its content type, built by hand so the names and fields are exactly the fuzz's."""
    boundary = f"fuzz{uuid.uuid4().hex}"
    body = io.BytesIO()
    for field, filename, content in parts:
        disposition = f'form-data; name="{field}"'
        if filename is not None:
            disposition += f'; filename="{_quoted(filename)}"'
        body.write(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode())
        if filename is not None:
            body.write(b"Content-Type: application/octet-stream\r\n")
        body.write(b"\r\n" + content + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    """`original` cut at a random offset, or with up to eight bytes flipped, or both."""
    how = draw(st.sampled_from(["cut", "flipped", "cut and flipped"]))
    data = bytearray(original)
    if "flipped" in how:
        for _ in range(draw(st.integers(min_value=1, max_value=8))):
            at = draw(st.integers(min_value=0, max_value=len(data) - 1))
            data[at] ^= draw(st.integers(min_value=1, max_value=255))
    if "cut" in how:
        data = data[: draw(st.integers(min_value=0, max_value=len(data) - 1))]
    return bytes(data)


@pytest.fixture(scope="module")
def real_files() -> dict[str, bytes]:
    """A 15-minute run as each format a watch writes, in the past so a whole file imports."""
    track = Track(dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(days=3), 900, heart_rate=steady)
    return {
        "run.fit": fit_file(track, Sport.RUNNING),
        "run.tcx": tcx_file(track, "Running"),
        "run.gpx": gpx_file(track, "running"),
        "ride.fit": fit_file(track, Sport.CYCLING, session=False),
        "run-no-positions.tcx": tcx_file(track, "Running", positions=False),
        "run-no-type.gpx": gpx_file(track, None),
    }


# --- who sends, and what is checked -----------------------------------------------------------------------------


class Sender:
    """The athlete posting to their own import, and a second athlete whose queued copy of each file a worker
    would read: the same files in the same order, so both sides meet each file for the first time together."""

    def __init__(self, athlete, reader) -> None:
        self.athlete, self.reader = athlete, reader
        self.client: APIClient = client_for(athlete.user)
        self.path = f"/api/v1/athletes/{athlete.pk}/workouts/import/"

    def post(self, parts: list[Part], *, cut_at: int | None = None) -> tuple[int, dict]:
        body, content_type = multipart(parts)
        if cut_at is not None:
            body = body[: cut_at % (len(body) + 1)]
        response = self.client.generic("POST", self.path, body, content_type=content_type)
        return self.check(response, parts)

    def check(self, response, parts: list[Part]) -> tuple[int, dict]:
        code = response.status_code
        assert code in (201, 400, 409), (code, response.content[:300])  # never a 5xx, nor a 413 for these sizes
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        answer = response.json()
        if code == 400:
            # A field and its reason: `file` for the file; `detail` for a form the parser could not read at all.
            assert answer and set(answer) <= {"file", "detail"}, answer
            reasons = answer.get("file") or [answer.get("detail")]
            assert all(isinstance(r, str) and r.strip() for r in reasons), answer
        elif code == 409:
            assert WorkoutLog.objects.filter(pk=answer["workout"], athlete=self.athlete).exists()
        else:  # 201: the workout answered is stored, from the last file sent as `file` (the one the view reads)
            sent = [data for field, name, data in parts if field == "file" and kept_as_a_file(name)]
            stored = WorkoutLog.objects.get(pk=answer["id"], athlete=self.athlete)
            assert stored.source == "file" and stored.file_sha256 == hashlib.sha256(sent[-1]).hexdigest()
        return code, answer

    def read_as_a_worker(self, data: bytes, name: str) -> tuple[str, str]:
        """The worker's read of a queued file, called directly: it ends done, with an outcome and a reason for a
        refusal, never with the fault message that stands for an exception caught."""
        queued = WorkoutUploadFactory(athlete=self.reader, name=name[:255], size_bytes=len(data), data=data)
        row = upload_services.read_queued(queued.pk)
        assert row is not None and row.state == UploadState.DONE and bytes(row.data) == b""
        assert row.outcome in UploadOutcome.values
        if row.outcome == UploadOutcome.REFUSED:
            assert row.message.strip() and row.message != upload_services.FAULT, row.message
        if row.outcome == UploadOutcome.IMPORTED:
            assert row.workout is not None and row.workout.athlete_id == self.reader.pk
        if row.outcome == UploadOutcome.ZIP:
            assert row.entries_done == row.entries_total
            for entry in row.entries.all():
                assert entry.state == UploadState.DONE and entry.outcome != UploadOutcome.ZIP
                assert entry.message != upload_services.FAULT, entry.message
        return row.outcome, row.message

    def send_file(self, data: bytes, name: str) -> None:
        """One file both ways; a workout file (not a zip) gets the same answer from the API and the worker."""
        code, answer = self.post([("file", name, data)])
        # The page queues a file under the name Django gave it (training.upload_services._receive_one).
        outcome, message = self.read_as_a_worker(data, django_file_name(name) or "file")
        if not kept_as_a_file(name):
            assert code == 400 and nameless(answer), answer  # the form held no file the view could read
            return
        if is_zip(data):
            return  # the import reads one workout file; a zip is the page's and the worker's
        expected = {201: UploadOutcome.IMPORTED, 409: UploadOutcome.DUPLICATE, 400: UploadOutcome.REFUSED}[code]
        if "file" in answer or code != 400:
            assert outcome == expected, (code, answer, outcome, message)
            if code == 400:
                assert [message] == answer["file"]


@pytest.fixture
def sender(athlete) -> Sender:
    return Sender(athlete, AthleteFactory())


# --- the fuzz ---------------------------------------------------------------------------------------------------


@fuzz(8)
@given(data=st.binary(max_size=8192), name=NAMES)
def test_random_bytes_under_any_name(sender: Sender, data: bytes, name: str) -> None:
    sender.send_file(data, name)


@fuzz(8)
@given(draw=st.data())
def test_real_files_cut_short_or_with_bytes_flipped(sender: Sender, real_files: dict[str, bytes], draw) -> None:
    name = draw.draw(st.sampled_from(sorted(real_files)))
    sender.send_file(damaged(draw.draw, real_files[name]), draw.draw(st.sampled_from([name, name.upper(), "file"])))


@fuzz(1)
@given(name=st.sampled_from(["run.fit", "run.tcx", "run.gpx", "ride.fit"]))
def test_whole_real_files_import_and_the_second_time_are_duplicates(
    sender: Sender, real_files: dict[str, bytes], name: str
) -> None:
    """The fuzz's control: the undamaged files do import (so the cut ones above are refused for their damage)."""
    sender.send_file(real_files[name], name)
    assert WorkoutLog.objects.filter(athlete=sender.athlete, file_sha256=hashlib.sha256(real_files[name]).hexdigest())


@fuzz(3)
@given(draw=st.data())
def test_zips_whole_cut_or_flipped(sender: Sender, real_files: dict[str, bytes], draw) -> None:
    """A bulk export sent to the import is refused in words; the worker reads it entry by entry."""
    names = sorted(draw.draw(st.sets(st.sampled_from(sorted(real_files)), min_size=1, max_size=3)))
    archive = zipped({f"activities/{n}": real_files[n] for n in names})
    how = draw.draw(st.sampled_from(["whole", "damaged", "header then noise"]))
    if how == "damaged":
        archive = damaged(draw.draw, archive)
    elif how == "header then noise":
        archive = b"PK\x03\x04" + draw.draw(st.binary(max_size=2048))
    sender.send_file(archive, draw.draw(st.sampled_from(["export.zip", "export.fit", "export"])))


TWO_FILES = "Send one file at a time here; the workout page takes several files or a zip."
# The forms the import may meet besides one file in `file`, and what its 400 must say (None: any answer the
# fuzz allows).
FORMS: dict[str, Callable[[dict], bool] | None] = {
    "empty file": lambda answer: answer == {"file": ["The file is empty."]},
    "no file field": lambda answer: answer == {"file": [NO_FILE]},
    "text in file": lambda answer: answer == {"file": [NO_FILE]},
    "file under another name": lambda answer: answer == {"file": [NO_FILE]},
    "file without a name": nameless,
    "two files": lambda answer: answer == {"file": [TWO_FILES]},
    "junk fields": None,
    "cut envelope": None,
    "many files": lambda answer: answer == {"detail": "The form sends too many fields or files."},
}


@pytest.mark.parametrize("form", list(FORMS))
@fuzz(1)
@given(draw=st.data())
def test_odd_forms(sender: Sender, real_files: dict[str, bytes], form: str, draw) -> None:
    real = real_files[draw.draw(st.sampled_from(sorted(real_files)))]
    junk = draw.draw(st.binary(max_size=512))
    order = draw.draw(st.sampled_from([1, -1]))
    parts: list[Part] = {
        "empty file": [("file", "run.fit", b"")],
        "no file field": [("rpe", None, b"7")] if draw.draw(st.booleans()) else [],
        "text in file": [("file", None, junk)],
        "file under another name": [(draw.draw(st.sampled_from(["files", "File", "upload", ""])), "run.fit", real)],
        "file without a name": [("file", draw.draw(st.sampled_from(["", ".", "..", "dir/", "a\\"])), real)],
        "two files": [("file", "first.fit", junk), ("file", "second.fit", real)][::order],
        "junk fields": [("note", None, junk), ("file", "run.fit", junk), ("rpe", None, b"7")],
        "cut envelope": [("file", "run.fit", real)],
        "many files": [("file", f"{n}.fit", junk) for n in range(120)],
    }[form]
    cut_at = draw.draw(st.integers(min_value=0, max_value=len(real) + 400)) if form == "cut envelope" else None
    code, answer = sender.post(parts, cut_at=cut_at)
    if (says := FORMS[form]) is not None:
        assert code == 400 and says(answer), answer
