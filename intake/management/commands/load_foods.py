"""Load the shipped SR28 extract (intake/data/) into the food tables: what migration 0002 does, on demand."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from intake import services


class Command(BaseCommand):
    help = (
        "Create or update the USDA SR28 library foods from intake/data/ (idempotent), e.g. after a database flush. "
        "Use import_usda_sr to import a full SR28 release instead."
    )

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        stats = services.load_extract()
        for name, value in stats.as_dict().items():
            self.stdout.write(f"  {name:22} {value:>7,}")
        self.stdout.write(f"{stats.changed:,} rows written in {time.perf_counter() - started:.2f} s")
