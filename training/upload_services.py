"""Workout files sent on the workout page (plans.pages.upload_workouts), several at once or as a Garmin or Strava
bulk-export zip. Each file, and each workout file in a zip, goes through the API's import
(training.import_services.import_workout_file) in its own transaction, so one broken file stops none of the others;
its outcome is kept as a WorkoutUpload row, which the page lists.

A file larger than INLINE_MAX_BYTES (a zip: by what it unpacks to) waits in its row for a Celery worker
(training.tasks.read_workout_upload), and the page shows its state until the worker is done; a zip read by a
worker counts its files as it goes.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core.queue import enqueue_on_commit
from people.models import AthleteProfile, User
from training import import_services
from training.models import UploadOutcome, UploadState, WorkoutUpload
from training.workout_files import MAX_FILE_BYTES, WorkoutFileError
from training.workout_zip import ExportZip, is_zip, open_export

logger = logging.getLogger(__name__)

# Files up to this size are read while the page waits (a two-hour run is a few hundred kB as FIT, about 2 MB as
# TCX, read in about a second); larger ones by a worker.
INLINE_MAX_BYTES = 2 * 1024 * 1024
MAX_ZIP_BYTES = 50 * 1024 * 1024  # a zip as sent; what it unpacks to has its own limit (training.workout_zip)
MAX_SEND_BYTES = 100 * 1024 * 1024  # everything sent with the form at once
# A worker claims a file for this long: past it (longer than the task's time limit) the claim was lost with its
# worker, and the task delivered again takes the file up again.
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
NAME_MAX_CHARS = 255

FAULT = "This file could not be read because of a fault on our side; nothing was stored from it."
OUT_OF_RANGE = "The file's figures are beyond what one workout can hold; nothing was stored from it."


def mb(size_bytes: int) -> str:
    return f"{size_bytes // (1024 * 1024)} MB"


def receive(*, athlete: AthleteProfile, files: Sequence[UploadedFile], by: User) -> uuid.UUID:
    """Read or queue each file sent together; the batch names their rows (WorkoutUpload.batch)."""
    batch = uuid.uuid4()
    for sent in files:
        _receive_one(athlete, batch, sent, by)
    return batch


def read_queued(upload_id: int) -> WorkoutUpload | None:
    """A worker's part: read a queued file (or zip) and store what it holds. None when another worker has it,
    or it is read already."""
    now = timezone.now()
    claimable = Q(state=UploadState.QUEUED) | Q(state=UploadState.READING, started_at__lt=now - CLAIM_TIMEOUT)
    if not WorkoutUpload.objects.filter(claimable, pk=upload_id).update(state=UploadState.READING, started_at=now):
        return None
    row = WorkoutUpload.objects.select_related("athlete", "by").get(pk=upload_id)
    data = bytes(row.data)
    if not is_zip(data):
        return _import(row.athlete, data, row.by, functools.partial(_finish, row))
    try:
        export = open_export(io.BytesIO(data))
    except WorkoutFileError as error:
        return _finish(row, outcome=UploadOutcome.REFUSED, message=str(error))
    try:
        return _read_zip(row, export)
    finally:
        export.close()


# --- the parts ----------------------------------------------------------------------------------------------


def _receive_one(athlete: AthleteProfile, batch: uuid.UUID, sent: UploadedFile, by: User) -> WorkoutUpload:
    name = (sent.name or "file")[:NAME_MAX_CHARS]
    size = sent.size or 0
    row = functools.partial(_create, athlete=athlete, batch=batch, name=name, size=size, by=by)
    head = sent.read(4)
    sent.seek(0)
    if is_zip(head):
        if size > MAX_ZIP_BYTES:
            return row(
                outcome=UploadOutcome.REFUSED,
                message=f"The zip is larger than {mb(MAX_ZIP_BYTES)}; export fewer activities.",
            )
        try:
            export = open_export(sent.file)
        except WorkoutFileError as error:
            return row(outcome=UploadOutcome.REFUSED, message=str(error))
        try:
            unpacked = sum(e.declared_bytes for e in export.entries)
            if size <= INLINE_MAX_BYTES and unpacked <= INLINE_MAX_BYTES:
                parent = _create(athlete=athlete, batch=batch, name=name, size=size, by=by, state=UploadState.READING)
                return _read_zip(parent, export)
        finally:
            export.close()
        sent.seek(0)
        return _queue(athlete, batch, name, size, sent.read(), by)
    if size > MAX_FILE_BYTES:
        return row(
            outcome=UploadOutcome.REFUSED, message=f"The file is larger than {mb(MAX_FILE_BYTES)}; send one workout."
        )
    data = sent.read()
    if size > INLINE_MAX_BYTES:
        return _queue(athlete, batch, name, size, data, by)
    return _import(athlete, data, by, row)


def _queue(athlete: AthleteProfile, batch: uuid.UUID, name: str, size: int, data: bytes, by: User) -> WorkoutUpload:
    row = WorkoutUpload.objects.create(
        athlete=athlete, batch=batch, name=name, size_bytes=size, data=data, by=by, state=UploadState.QUEUED
    )
    # Without a broker the file is read here and now: the page then shows its outcome at once.
    enqueue_on_commit("training.tasks.read_workout_upload", row.pk, inline_if_broker_down=True)
    return row


def _read_zip(parent: WorkoutUpload, export: ExportZip) -> WorkoutUpload:
    """Each workout file of the zip as its own row under the zip's; the zip's row counts them as they go. A task
    delivered again (its worker was lost) goes on where the first stopped."""
    parent.entries_total, parent.entries_skipped = len(export.entries), export.skipped
    parent.save(update_fields=["entries_total", "entries_skipped"])
    seen = Counter(parent.entries.values_list("name", flat=True))
    done = sum(seen.values())
    make = functools.partial(_create, athlete=parent.athlete, batch=parent.batch, parent=parent, by=parent.by)
    try:
        for entry in export.entries:
            name = entry.shown_name[-NAME_MAX_CHARS:]
            if seen[name] > 0:
                seen[name] -= 1
                continue
            entry_row = functools.partial(make, name=name, size=entry.declared_bytes)
            try:
                data = export.read(entry)
            except WorkoutFileError as error:
                entry_row(outcome=UploadOutcome.REFUSED, message=str(error))
            else:
                _import(parent.athlete, data, parent.by, entry_row)
            done += 1
            WorkoutUpload.objects.filter(pk=parent.pk).update(entries_done=done)
    except SoftTimeLimitExceeded:
        message = (
            f"Reading stopped after {done} of {parent.entries_total} files: it took too long; send the rest again."
        )
        return _finish(parent, outcome=UploadOutcome.ZIP, message=message, entries_done=done)
    return _finish(parent, outcome=UploadOutcome.ZIP, entries_done=done)


def _import(athlete: AthleteProfile, data: bytes, by: User | None, save: Callable[..., WorkoutUpload]) -> WorkoutUpload:
    """One file through the API's import; `save` stores the outcome (in the import's transaction when it
    imported, so a workout never lacks its row)."""
    try:
        with transaction.atomic():
            workout = import_services.import_workout_file(athlete=athlete, data=data, by=by)
            return save(outcome=UploadOutcome.IMPORTED, workout=workout)
    except WorkoutFileError as error:
        return save(outcome=UploadOutcome.REFUSED, message=str(error))
    except import_services.DuplicateWorkoutFile as duplicate:
        return save(outcome=UploadOutcome.DUPLICATE, workout_id=duplicate.workout_id)
    except IntegrityError:
        logger.warning("workout file past the log's constraints", exc_info=True)
        return save(outcome=UploadOutcome.REFUSED, message=OUT_OF_RANGE)
    except SoftTimeLimitExceeded:
        raise
    except Exception:  # a parser's or our own fault with this one file must not stop the others
        logger.exception("workout file import failed")
        return save(outcome=UploadOutcome.REFUSED, message=FAULT)


def _create(
    *,
    athlete: AthleteProfile,
    batch: uuid.UUID,
    name: str,
    size: int,
    by: User | None,
    parent: WorkoutUpload | None = None,
    state: str = UploadState.DONE,
    **fields: Any,
) -> WorkoutUpload:
    now = timezone.now()
    finished = {"finished_at": now} if state == UploadState.DONE else {"started_at": now}
    return WorkoutUpload.objects.create(
        athlete=athlete, batch=batch, parent=parent, name=name, size_bytes=size, by=by, state=state, **finished,
        **fields,
    )  # fmt: skip


def _finish(row: WorkoutUpload, **fields: Any) -> WorkoutUpload:
    for key, value in {**fields, "state": UploadState.DONE, "data": b"", "finished_at": timezone.now()}.items():
        setattr(row, key, value)
    row.save()
    return row
