"""Every write about intake: one transaction each.

Foods (docs/domain.md §10): importing an SR28 release or the shipped extract (idempotent, in bulk), writing the
extract, and a coach adding their own food.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from core.errors import ServiceError
from intake import usda
from intake.models import (
    MAX_GRAMS_PER_100G,
    MAX_PORTION_GRAMS,
    NUTRIENT_LIMITS,
    FavouriteFood,
    Food,
    FoodGroup,
    FoodPortion,
)
from people.models import AthleteProfile, User
from people.services import data_changed

# --- foods: import ------------------------------------------------------------------------------------------

# Rows per INSERT. SQLite's 999-variable limit makes Django split further (about 58 foods or 166 portions per
# statement); PostgreSQL takes the whole batch. Either way the query count grows with rows / batch, not per food.
BATCH_SIZE = 2_000
EXTRACT_DIR = Path(__file__).resolve().parent / "data"
FOODS_EXTRACT = "sr28_foods.csv.gz"
PORTIONS_EXTRACT = "sr28_portions.csv.gz"
RELEASE_FILES = {
    "groups": "FD_GROUP.txt",
    "foods": "FOOD_DES.txt",
    "nutrients": "NUT_DATA.txt",
    "portions": "WEIGHT.txt",
}

# Called as progress(stage, done, total) while reading (bytes) and writing (rows).
Progress = Callable[[str, int, int], None]

_FOOD_FIELDS = ("description", "short_description", "group_id", *usda.NUTRIENT_COLUMNS, "is_beverage", "search_text")
_PORTION_FIELDS = ("amount", "unit", "grams")


@dataclass
class ImportStats:
    groups_created: int = 0
    groups_updated: int = 0
    foods_created: int = 0
    foods_updated: int = 0
    foods_unchanged: int = 0
    # Library foods stored here but absent from this release: kept, since meals may point at them.
    foods_not_in_release: int = 0
    portions_created: int = 0
    portions_updated: int = 0
    portions_unchanged: int = 0
    portions_deleted: int = 0
    # Portions naming a food the release does not have (none in SR28 itself).
    portions_skipped: int = 0

    @property
    def changed(self) -> int:
        return sum(value for name, value in self.as_dict().items() if name.endswith(("created", "updated", "deleted")))

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _counted_lines(path: Path, stage: str, progress: Progress | None) -> Iterator[bytes]:
    """The file's lines (binary, so only LF splits lines), reporting bytes read every 20,000 lines."""
    total = path.stat().st_size
    done = 0
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            done += len(line)
            if progress is not None and number % 20_000 == 0:
                progress(stage, done, total)
            yield line
    if progress is not None:
        progress(stage, total, total)


def read_release(folder: Path, progress: Progress | None = None) -> usda.Release:
    """Parse an SR28 release folder (FD_GROUP, FOOD_DES, NUT_DATA, WEIGHT); NUT_DATA streams line by line."""
    missing = [name for name in RELEASE_FILES.values() if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{folder} lacks {', '.join(missing)}: is it an SR28 ASCII release?")

    def lines(kind: str) -> Iterator[bytes]:
        return _counted_lines(folder / RELEASE_FILES[kind], RELEASE_FILES[kind], progress)

    groups = list(usda.parse_food_groups(lines("groups")))
    foods = usda.attach_nutrients(usda.parse_foods(lines("foods")), usda.parse_nutrients(lines("nutrients")))
    portions = list(usda.parse_portions(lines("portions")))
    return usda.Release(groups=groups, foods=list(foods.values()), portions=portions)


def read_extract(folder: Path = EXTRACT_DIR) -> usda.Release:
    """The compact extract shipped in intake/data/ (written by `import_usda_sr --write-extract`)."""
    groups, foods = usda.read_food_extract(_csv_rows(folder / FOODS_EXTRACT))
    portions = list(usda.read_portion_extract(_csv_rows(folder / PORTIONS_EXTRACT)))
    return usda.Release(groups=groups, foods=foods, portions=portions)


def _csv_rows(path: Path) -> Iterator[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle)


def write_extract(release: usda.Release, folder: Path = EXTRACT_DIR) -> dict[str, int]:
    """Write the extract's two gzip CSV files; returns their sizes in bytes.

    The gzip header carries no time stamp or name, so the same release always gives the same bytes (no diff).
    """
    folder.mkdir(parents=True, exist_ok=True)
    groups = {g.code: g for g in release.groups}
    outputs = {
        FOODS_EXTRACT: usda.food_extract_rows(release.foods, groups),
        PORTIONS_EXTRACT: usda.portion_extract_rows(release.portions),
    }
    sizes = {}
    for name, rows in outputs.items():
        text = io.StringIO(newline="")
        csv.writer(text, lineterminator="\n").writerows(rows)
        path = folder / name
        with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
            gz.write(text.getvalue().encode("utf-8"))
        sizes[name] = path.stat().st_size
    return sizes


@transaction.atomic
def import_release(release: usda.Release, progress: Progress | None = None) -> ImportStats:
    """Make the library foods match `release`: create new rows, update changed ones, leave equal ones alone.

    In-memory diff: one SELECT per table, then bulk writes of only what differs, so a second run of the same
    release writes nothing and the query count is bounded by rows / batch, never one per food.
    """
    stats = ImportStats()
    group_ids = _import_groups(release.groups, stats)
    food_ids = _import_foods(release.foods, group_ids, stats, progress)
    _import_portions(release.portions, food_ids, stats, progress)
    if stats.foods_updated or stats.portions_updated or stats.portions_deleted:
        data_changed(None)  # meals already logged read the foods' new values: every kept day summary is stale
    return stats


def _import_groups(groups: Iterable[usda.FoodGroup], stats: ImportStats) -> dict[str, int]:
    existing = {g.code: g for g in FoodGroup.objects.all()}
    new, changed = [], []
    for group in groups:
        row = existing.get(group.code)
        if row is None:
            new.append(FoodGroup(code=group.code, name=group.name))
        elif row.name != group.name:
            row.name = group.name
            changed.append(row)
    if new:
        FoodGroup.objects.bulk_create(new, batch_size=BATCH_SIZE)
    if changed:
        FoodGroup.objects.bulk_update(changed, ["name"], batch_size=BATCH_SIZE)
    stats.groups_created, stats.groups_updated = len(new), len(changed)
    if not new:
        return {code: row.pk for code, row in existing.items()}
    return dict(FoodGroup.objects.values_list("code", "id"))


def _import_foods(
    foods: Iterable[usda.Food], group_ids: Mapping[str, int], stats: ImportStats, progress: Progress | None
) -> dict[str, int]:
    existing = {
        row["ndb_no"]: row for row in Food.objects.filter(ndb_no__isnull=False).values("id", "ndb_no", *_FOOD_FIELDS)
    }
    seen: set[str] = set()
    to_write: list[Food] = []
    for food in foods:
        seen.add(food.ndb_no)
        wanted: dict[str, Any] = {
            "description": food.description,
            "short_description": food.short_description,
            "group_id": group_ids.get(food.group_code),
            **{column: food.nutrients.get(column) for column in usda.NUTRIENT_COLUMNS},
            "is_beverage": food.is_beverage,
            "search_text": usda.search_text(food.description),
        }
        current = existing.get(food.ndb_no)
        if current is None:
            stats.foods_created += 1
        elif any(current[name] != value for name, value in wanted.items()):
            stats.foods_updated += 1
        else:
            stats.foods_unchanged += 1
            continue
        to_write.append(Food(ndb_no=food.ndb_no, **wanted))
    stats.foods_not_in_release = len(existing.keys() - seen)
    if not to_write:
        return {ndb_no: row["id"] for ndb_no, row in existing.items()}
    for start in range(0, len(to_write), BATCH_SIZE):
        # Insert-or-update on the NDB number: one statement for new and changed rows alike.
        Food.objects.bulk_create(
            to_write[start : start + BATCH_SIZE],
            update_conflicts=True,
            unique_fields=["ndb_no"],
            update_fields=[*_FOOD_FIELDS, "updated_at"],
        )
        if progress is not None:
            progress("foods", min(start + BATCH_SIZE, len(to_write)), len(to_write))
    return dict(Food.objects.filter(ndb_no__isnull=False).values_list("ndb_no", "id"))


def _import_portions(
    portions: Iterable[usda.Portion], food_ids: Mapping[str, int], stats: ImportStats, progress: Progress | None
) -> None:
    existing = {
        (food_id, seq): (pk, (amount, unit, grams))
        for pk, food_id, seq, amount, unit, grams in FoodPortion.objects.filter(food__ndb_no__isnull=False).values_list(
            "id", "food_id", "seq", *_PORTION_FIELDS
        )
    }
    in_release: set[int] = set()
    wanted_keys: set[tuple[int, int]] = set()
    to_write: list[FoodPortion] = []
    for portion in portions:
        food_id = food_ids.get(portion.ndb_no)
        if food_id is None:
            stats.portions_skipped += 1
            continue
        key = (food_id, portion.seq)
        in_release.add(food_id)
        wanted_keys.add(key)
        values = (portion.amount, portion.unit, portion.grams)
        current = existing.get(key)
        if current is None:
            stats.portions_created += 1
        elif current[1] != values:
            stats.portions_updated += 1
        else:
            stats.portions_unchanged += 1
            continue
        to_write.append(
            FoodPortion(food_id=food_id, seq=portion.seq, amount=values[0], unit=values[1], grams=values[2])
        )
    # A portion the release dropped from a food it still lists goes; foods the release dropped keep theirs.
    stale = [pk for key, (pk, _) in existing.items() if key[0] in in_release and key not in wanted_keys]
    for start in range(0, len(stale), BATCH_SIZE):
        FoodPortion.objects.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
    stats.portions_deleted = len(stale)
    for start in range(0, len(to_write), BATCH_SIZE):
        FoodPortion.objects.bulk_create(
            to_write[start : start + BATCH_SIZE],
            update_conflicts=True,
            unique_fields=["food", "seq"],
            update_fields=list(_PORTION_FIELDS),
        )
        if progress is not None:
            progress("portions", min(start + BATCH_SIZE, len(to_write)), len(to_write))


def import_release_folder(folder: Path, progress: Progress | None = None) -> ImportStats:
    """Read an SR28 release folder and import it (the `import_usda_sr` command)."""
    return import_release(read_release(folder, progress), progress)


def load_extract(folder: Path = EXTRACT_DIR) -> ImportStats:
    """Import the shipped extract: the same foods migration 0002 loads, idempotently (the `load_foods` command)."""
    return import_release(read_extract(folder))


# --- foods: a coach's own ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortionInput:
    amount: Decimal
    unit: str
    grams: Decimal


@transaction.atomic
def create_coach_food(
    *,
    owner: User,
    description: str,
    nutrients: Mapping[str, Decimal | float | int | None],
    group_code: str | None = None,
    short_description: str = "",
    is_beverage: bool | None = None,
    portions: Iterable[PortionInput] = (),
) -> Food:
    """A food only `owner` (a coach) and their athletes see. Unknown nutrients stay unknown (None).

    `is_beverage` left out is decided as for SR28 foods (docs/domain.md §10: milks, juices, water).
    """
    if not owner.is_coach:
        raise ServiceError("owner", "Only coaches add foods; ask your coach to add this one.")
    description = " ".join(description.split())
    if not description:
        raise ServiceError("description", "Describe the food.")
    values: dict[str, Decimal] = {}
    for name, value in nutrients.items():
        if name not in NUTRIENT_LIMITS:
            raise ServiceError(name, "Not a nutrient this product stores.")
        if value is None:
            continue  # unknown stays unknown
        values[name] = Decimal(str(value))
        if not Decimal(0) <= values[name] <= NUTRIENT_LIMITS[name]:
            raise ServiceError(name, f"Per 100 g this must be between 0 and {NUTRIENT_LIMITS[name]:,}.")
    # Water, protein and the four minerals are parts of the same 100 g: together they cannot weigh more.
    grams = sum(
        (value / 1000 if name.endswith("_mg") else value) for name, value in values.items() if name != "energy_kcal"
    )
    if grams > MAX_GRAMS_PER_100G:
        raise ServiceError("water_g", f"Water, protein and minerals add up to {grams:.1f} g, more than the 100 g.")
    portions = list(portions)
    for portion in portions:
        if not (Decimal(0) < portion.grams <= MAX_PORTION_GRAMS and portion.amount > 0 and portion.unit.strip()):
            raise ServiceError("portions", f"Each portion needs a unit, an amount and 0-{MAX_PORTION_GRAMS:,} g.")
    group = None
    if group_code:
        group = FoodGroup.objects.filter(code=group_code).first()
        if group is None:
            raise ServiceError("group_code", f'"{group_code}" is not an SR28 food group code such as "1400".')
    food = Food(
        owner=owner,
        description=description,
        short_description=short_description,
        group=group,
        is_beverage=usda.is_beverage(group_code, description) if is_beverage is None else is_beverage,
        **{name: values.get(name) for name in NUTRIENT_LIMITS},
    )
    food.save()
    FoodPortion.objects.bulk_create(
        FoodPortion(food=food, seq=seq, amount=p.amount, unit=p.unit, grams=p.grams)
        for seq, p in enumerate(portions, start=1)
    )
    return food


# --- an athlete's favourite foods -------------------------------------------------------------------------

# A favourites list longer than this is no quicker than the search it stands in for.
MAX_FAVOURITE_FOODS = 30


@transaction.atomic
def star_food(*, athlete: AthleteProfile, food: Food) -> FavouriteFood:
    """Make `food` one of the athlete's favourites (again: nothing changes). The caller checked that the athlete
    may see the food (intake.selectors.visible_foods)."""
    # Lock the athlete row so two stars arriving together cannot both pass the count.
    AthleteProfile.objects.select_for_update().filter(pk=athlete.pk).first()
    existing = FavouriteFood.objects.filter(athlete=athlete, food=food).first()
    if existing is not None:
        return existing
    if food.archived:
        raise ServiceError("food", f'"{food.description}" is no longer offered; choose another food.')
    if FavouriteFood.objects.filter(athlete=athlete).count() >= MAX_FAVOURITE_FOODS:
        raise ServiceError("food", f"You have {MAX_FAVOURITE_FOODS} favourites already: remove one first.")
    return FavouriteFood.objects.create(athlete=athlete, food=food)


@transaction.atomic
def unstar_food(*, athlete: AthleteProfile, food: Food) -> bool:
    """Whether the food was a favourite; it is not any more."""
    deleted, _ = FavouriteFood.objects.filter(athlete=athlete, food=food).delete()
    return bool(deleted)
