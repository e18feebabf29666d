"""Import a USDA SR28 ASCII release into the food tables, or write the compact extract the project ships."""

from __future__ import annotations

import sys
import time
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from intake import services


class ProgressBar:
    """A one-line progress bar on stderr, no dependency. Off a terminal (logs, CI) it writes one line per finished
    stage instead of redrawing."""

    WIDTH = 30

    def __init__(self, stream: TextIO, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.redraw = stream.isatty()
        self.last: tuple[str, int] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        percent = min(100, done * 100 // total)
        if self.last == (stage, percent):
            return  # draw only when the shown figure changes
        self.last = (stage, percent)
        if not self.redraw:
            if percent == 100:
                self.stream.write(f"{stage:<14} done\n")
            return
        filled = self.WIDTH * percent // 100
        self.stream.write(f"\r{stage:<14} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {percent:3d}%")
        if percent == 100:
            self.stream.write("\n")
        self.stream.flush()


class QueryCounter:
    """Counts the statements Django sends (a connection.execute_wrapper), with or without DEBUG."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = (
        "Import the USDA SR28 release in FOLDER (FD_GROUP, FOOD_DES, NUT_DATA, WEIGHT .txt): idempotent, in bulk. "
        "With --write-extract, write intake/data/ (the extract migrations load) instead of touching the database."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("folder", type=Path, help="the unzipped SR28 ASCII release, e.g. /data/usda-sr28")
        parser.add_argument(
            "--write-extract",
            nargs="?",
            const=services.EXTRACT_DIR,
            type=Path,
            metavar="DIR",
            help=f"write the gzip CSV extract to DIR (default {services.EXTRACT_DIR}) and do not import",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: object, **options: object) -> None:
        folder: Path = options["folder"]
        progress = ProgressBar(sys.stderr, enabled=not options["no_progress"])
        started = time.perf_counter()
        try:
            release = services.read_release(folder, progress)
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        read_seconds = time.perf_counter() - started
        self.stdout.write(
            f"read {len(release.groups)} groups, {len(release.foods)} foods, {len(release.portions)} portions "
            f"in {read_seconds:.2f} s"
        )
        if options["write_extract"] is not None:
            sizes = services.write_extract(release, options["write_extract"])
            for name, size in sizes.items():
                self.stdout.write(f"wrote {options['write_extract'] / name}: {size:,} bytes")
            return

        counter = QueryCounter()
        started_writing = time.perf_counter()
        with connection.execute_wrapper(counter):
            stats = services.import_release(release, progress)
        seconds = time.perf_counter() - started_writing
        for name, value in stats.as_dict().items():
            self.stdout.write(f"  {name:22} {value:>7,}")
        self.stdout.write(
            f"imported {len(release.foods) + len(release.portions) + len(release.groups):,} rows "
            f"({stats.changed:,} written) in {seconds:.2f} s ({read_seconds + seconds:.2f} s in all), "
            f"{counter.count} queries on {connection.vendor}"
        )
