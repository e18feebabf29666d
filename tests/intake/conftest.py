"""Food fixtures: the SR28 library in the test database, and small SR28 release folders made of real lines."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from intake import services, usda

# The full SR28 release lives outside the repository (docs/domain.md §10); tests that need its files find it here.
SR28_DIR = Path(os.environ.get("USDA_SR28_DIR", "/work/shared/data/usda-sr28"))
RELEASE_FILES = ("FD_GROUP.txt", "FOOD_DES.txt", "NUT_DATA.txt", "WEIGHT.txt")
# The first 50 foods of FOOD_DES.txt, plus three with something to check: a cereal SR28 has no water, potassium
# or magnesium for (08370), bananas (09040), and a portion named in Latin-1 ("Entrée", 22996).
SAMPLE_EXTRA = ("08370", "09040", "22996")
SAMPLE_FOODS = 50


def has_release() -> bool:
    return all((SR28_DIR / name).is_file() for name in RELEASE_FILES)


@pytest.fixture
def food_library(db) -> None:
    """The 8,789 SR28 foods migration 0002 loaded; reloaded from the extract if a transactional test flushed them."""
    from intake.models import Food

    if Food.objects.filter(ndb_no__isnull=False).count() < 8789:
        services.load_extract()


def _ndb(line: bytes) -> str:
    return line.split(b"^", 1)[0].strip(b"~").decode("latin-1")


def _sample_from_release(folder: Path) -> set[str]:
    """Copy the sample foods' lines, byte for byte, from the real release files."""
    with (SR28_DIR / "FOOD_DES.txt").open("rb") as handle:
        lines = handle.read().split(b"\r\n")
    wanted = {_ndb(line) for line in lines[:SAMPLE_FOODS]} | set(SAMPLE_EXTRA)
    (folder / "FD_GROUP.txt").write_bytes((SR28_DIR / "FD_GROUP.txt").read_bytes())
    for name in ("FOOD_DES.txt", "NUT_DATA.txt", "WEIGHT.txt"):
        with (SR28_DIR / name).open("rb") as source, (folder / name).open("wb") as target:
            for line in source:
                if _ndb(line) in wanted:
                    target.write(line if line.endswith(b"\r\n") else line + b"\r\n")
    return wanted


def _sample_from_extract(folder: Path) -> set[str]:
    """Without the release at hand, write the same foods in SR28's format from the shipped extract."""
    release = services.read_extract()
    wanted = {f.ndb_no for f in release.foods[:SAMPLE_FOODS]} | set(SAMPLE_EXTRA)

    def text(value: str) -> str:
        return f"~{value}~"

    def write(name: str, rows: list[str]) -> None:
        (folder / name).write_bytes("".join(f"{row}\r\n" for row in rows).encode("latin-1"))

    write("FD_GROUP.txt", [f"{text(g.code)}^{text(g.name)}" for g in release.groups])
    foods = [f for f in release.foods if f.ndb_no in wanted]
    write(
        "FOOD_DES.txt",
        [
            f"{text(f.ndb_no)}^{text(f.group_code)}^{text(f.description)}^{text(f.short_description)}^^^~~^^0^^^^^"
            for f in foods
        ],
    )
    numbers = {column: number for number, column in usda.NUTRIENT_FIELDS.items()}
    write(
        "NUT_DATA.txt",
        [
            f"{text(f.ndb_no)}^{text(numbers[column])}^{value}^1^^~1~^^^^^^^^^^^^"
            for f in foods
            for column, value in f.nutrients.items()
        ],
    )
    write(
        "WEIGHT.txt",
        [
            f"{text(p.ndb_no)}^{p.seq}^{p.amount}^{text(p.unit)}^{p.grams}^^"
            for p in release.portions
            if p.ndb_no in wanted
        ],
    )
    return wanted


@pytest.fixture(scope="session")
def _sr28_sample_source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    folder = tmp_path_factory.mktemp("sr28")
    wanted = _sample_from_release(folder) if has_release() else _sample_from_extract(folder)
    return folder, wanted


@pytest.fixture
def sr28_sample(_sr28_sample_source: tuple[Path, set[str]], tmp_path: Path) -> tuple[Path, set[str]]:
    """A small SR28 release folder (53 foods with all their nutrient and portion rows), free to edit, and the
    NDB numbers of its foods."""
    source, wanted = _sr28_sample_source
    folder = tmp_path / "sr28"
    shutil.copytree(source, folder)
    return folder, wanted
