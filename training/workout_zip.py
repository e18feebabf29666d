"""Workout files inside a Garmin or Strava bulk-export zip, read with the standard library. Pure: no Django.

Safe with any zip: the number of entries is read from the zip's end record before the central directory is
parsed; the sizes the entries declare are added up before anything is decompressed, and every read is bounded
(zipfile never yields more than an entry declares, and a gzip member is cut at the file limit), so a zip bomb
costs at most MAX_TOTAL_BYTES. Folders are walked; a zip inside the zip (Garmin puts the uploaded FIT files in
one) is opened one level deep, within the same limits. Entries that are not workout files (JSON, CSV, photos)
are skipped and counted.
"""

from __future__ import annotations

import gzip
import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from training.workout_files import MAX_FILE_BYTES, WorkoutFileError

MAX_ENTRIES = 5000  # entries in the zip (and in a zip inside it), workout or not
MAX_WORKOUT_ENTRIES = 1000  # workout files read from one zip
MAX_TOTAL_BYTES = 250 * 1024 * 1024  # everything decompressed from one zip, nested zips and gzip members included
WORKOUT_SUFFIXES = (".fit", ".tcx", ".gpx")
GZIP_SUFFIX = ".gz"  # Strava's export holds activities/123.fit.gz
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with entries, an empty zip
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_MAX_COMMENT = 0xFFFF
# Between a nested zip's path and an entry's path in it: zipfile cuts names at a NUL, so none holds one.
SEPARATOR = "\x00"

LIMIT_MB = MAX_TOTAL_BYTES // (1024 * 1024)


def is_zip(head: bytes) -> bool:
    """Whether the first bytes of a file are a zip's."""
    return head[:4] in ZIP_MAGIC


@dataclass(frozen=True)
class Entry:
    name: str  # its path; inside a nested zip, the nested zip's path, SEPARATOR, the path in it
    declared_bytes: int

    @property
    def shown_name(self) -> str:
        """The path as people read it: "DI_CONNECT/uploads.zip/123.fit"."""
        return self.name.replace(SEPARATOR, "/")


@dataclass
class ExportZip:
    """A zip's workout entries, listed and not yet read; `read` each in turn."""

    entries: list[Entry]
    skipped: int  # entries that are not workout files (or nested deeper than one zip)
    _archives: dict[str, zipfile.ZipFile] = field(repr=False)
    _read_bytes: int = 0

    def read(self, entry: Entry) -> bytes:
        """The entry's workout file, decompressed. Raises WorkoutFileError (one sentence) for an entry that
        cannot be read; the other entries still can."""
        prefix, _, inner = entry.name.rpartition(SEPARATOR)
        archive = self._archives[prefix]
        name = inner or entry.name
        data = self._bounded(archive, name, MAX_FILE_BYTES if not name.lower().endswith(GZIP_SUFFIX) else None)
        if name.lower().endswith(GZIP_SUFFIX):
            data = _gunzip(data, self._left())
        self._read_bytes += len(data)
        if self._read_bytes > MAX_TOTAL_BYTES:
            raise WorkoutFileError(f"The zip holds more than {LIMIT_MB} MB of workout files; this one was not read.")
        return data

    def close(self) -> None:
        for archive in self._archives.values():
            archive.close()

    def _left(self) -> int:
        return max(0, MAX_TOTAL_BYTES - self._read_bytes)

    def _bounded(self, archive: zipfile.ZipFile, name: str, limit: int | None) -> bytes:
        limit = min(limit if limit is not None else MAX_TOTAL_BYTES, self._left())
        try:
            with archive.open(name) as member:
                data = member.read(limit + 1)
        except RuntimeError as error:  # zipfile's answer for an encrypted entry
            raise WorkoutFileError("This file is encrypted in the zip; export it again without a password.") from error
        except NotImplementedError as error:  # a compression method zipfile cannot read (Deflate64, ...)
            raise WorkoutFileError("This file is compressed in a way that cannot be read; zip it again.") from error
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
            raise WorkoutFileError("This file is damaged inside the zip.") from error
        if len(data) > limit:
            raise WorkoutFileError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; send one workout.")
        return data


def open_export(source: BinaryIO) -> ExportZip:
    """List a zip's workout files. Raises WorkoutFileError for a zip that cannot be read at all or that is past
    the limits (too many entries, too much to decompress)."""
    archives: dict[str, zipfile.ZipFile] = {}
    entries: list[Entry] = []
    skipped = 0
    declared = 0
    try:
        root = _open(source)
        archives[""] = root
        for info, inner_name in _walk(root, "", archives):
            if inner_name is None:
                skipped += 1
                continue
            entries.append(Entry(inner_name, info.file_size))
            declared += info.file_size
    except WorkoutFileError:
        _close(archives)
        raise
    if len(entries) > MAX_WORKOUT_ENTRIES:
        _close(archives)
        raise WorkoutFileError(
            f"The zip holds {len(entries)} workout files, more than {MAX_WORKOUT_ENTRIES}; send a smaller export."
        )
    if declared > MAX_TOTAL_BYTES:
        _close(archives)
        raise WorkoutFileError(f"The zip's files add up to more than {LIMIT_MB} MB once unpacked; send fewer at once.")
    return ExportZip(entries=entries, skipped=skipped, _archives=archives)


def _walk(
    archive: zipfile.ZipFile, prefix: str, archives: dict[str, zipfile.ZipFile]
) -> Iterator[tuple[zipfile.ZipInfo, str | None]]:
    """Each file entry with the name `ExportZip.read` finds it by, or None for one that is not a workout file.
    A nested entry's name is the nested zip's name, SEPARATOR, its own name."""
    nested_budget = MAX_TOTAL_BYTES
    for info in archive.infolist():
        if info.is_dir():
            continue
        name = info.filename
        base = name.rsplit("/", 1)[-1].lower()
        if base.startswith(".") or name.startswith("__MACOSX/"):  # macOS resource forks: "._ride.fit"
            yield info, None
            continue
        full = f"{prefix}{SEPARATOR}{name}" if prefix else name
        if base.endswith(".zip") and not prefix:
            if info.file_size > nested_budget:
                raise WorkoutFileError(
                    f"The zip's files add up to more than {LIMIT_MB} MB once unpacked; send fewer at once."
                )
            nested_budget -= info.file_size
            inner = _open_nested(archive, info)
            if inner is None:
                yield info, None
                continue
            archives[name] = inner
            yield from _walk(inner, name, archives)
            continue
        stem = base.removesuffix(GZIP_SUFFIX)
        yield info, (full if stem.endswith(WORKOUT_SUFFIXES) else None)


def _open(source: BinaryIO) -> zipfile.ZipFile:
    count = _declared_entries(source)
    if count > MAX_ENTRIES:
        raise WorkoutFileError(f"The zip holds {count} entries, more than {MAX_ENTRIES}; send a smaller export.")
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as error:
        raise WorkoutFileError("The zip file is damaged and cannot be read.") from error


def _open_nested(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> zipfile.ZipFile | None:
    """A zip inside the zip, held in memory (its size counts against the limit); None if it cannot be read."""
    try:
        with archive.open(info) as member:
            data = member.read(MAX_TOTAL_BYTES + 1)
    except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        return None
    if len(data) > MAX_TOTAL_BYTES or not is_zip(data):
        return None
    try:
        return _open(io.BytesIO(data))
    except WorkoutFileError:
        return None


def _declared_entries(source: BinaryIO) -> int:
    """The entry count in the zip's end record (the Zip64 one when present), read before zipfile parses the
    central directory into memory."""
    try:
        source.seek(0, io.SEEK_END)
        size = source.tell()
        tail_at = max(0, size - (22 + _MAX_COMMENT))
        source.seek(tail_at)
        tail = source.read()
    except OSError as error:
        raise WorkoutFileError("The zip file is damaged and cannot be read.") from error
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        raise WorkoutFileError("The zip file is damaged and cannot be read.")
    (count,) = struct.unpack("<H", tail[at + 10 : at + 12])
    locator = at - 20
    if locator >= 0 and tail[locator : locator + 4] == _ZIP64_LOCATOR:
        (record_at,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        source.seek(record_at)
        record = source.read(56)
        if len(record) == 56 and record[:4] == _ZIP64_EOCD:
            (count,) = struct.unpack("<Q", record[32:40])
    source.seek(0)
    return count


def _gunzip(data: bytes, left_bytes: int) -> bytes:
    limit = min(MAX_FILE_BYTES, left_bytes)
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as member:
            out = member.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise WorkoutFileError("This gzip file is damaged inside the zip.") from error
    if len(out) > limit:
        raise WorkoutFileError(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; send one workout.")
    return out


def _close(archives: dict[str, zipfile.ZipFile]) -> None:
    for archive in archives.values():
        archive.close()
