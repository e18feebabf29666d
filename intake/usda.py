"""USDA SR28 (docs/domain.md §10): the release's ASCII format, the compact extract the project ships, and the text
folding that food search relies on.

Pure core (docs/design.md): no Django, no file opening. Callers hand in lines (bytes, as read from the files in binary
mode) or CSV rows and get dataclasses back, one at a time, so NUT_DATA.txt (679,045 rows, 36 MB) streams.

The SR28 format (SR28 documentation, "Relational files"): fields separated by `^`, text fields wrapped in `~`,
an empty field is an unknown value, Latin-1, CRLF line ends (the last line of FOOD_DES.txt has none).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from intake.targets import MINERAL_FIELDS

ENCODING = "latin-1"
FIELD_SEPARATOR = "^"
TEXT_QUOTE = "~"

# docs/domain.md §10 / the release's NUTR_DEF.txt: the nutrients the product uses, SR28 number -> our column name.
NUTRIENT_FIELDS: dict[str, str] = {
    "255": "water_g",
    "208": "energy_kcal",
    "203": "protein_g",
    "301": "calcium_mg",
    "304": "magnesium_mg",
    "306": "potassium_mg",
    "307": "sodium_mg",
}
NUTRIENT_COLUMNS: tuple[str, ...] = ("water_g", "energy_kcal", "protein_g", *MINERAL_FIELDS)

# docs/domain.md §10: SR28 group "Beverages", plus milks, juices and water, count toward the beverage target.
BEVERAGE_GROUP = "1400"
_BEVERAGE_PREFIXES = ("milk,", "milk substitutes", "water,", "fluid replacement", "babyfood, water")
_BEVERAGE_WORDS = re.compile(r"\b(juices?|soymilk|coconut water)\b")
# "juice" also names fruit canned in juice, ham in its juices, jam sweetened with juice and ice lollies:
# foods whose moisture is not a drink (docs/domain.md §10: food moisture does not count).
_NOT_A_DRINK = re.compile(
    r"juice pack|natural juices?|packed in|with (lemon|fruit) juice|without lemon juice|juice (bars|type|treats)"
)


class FormatError(ValueError):
    """A line that does not have the shape its SR28 file promises."""


@dataclass(frozen=True, slots=True)
class FoodGroup:
    code: str
    name: str


@dataclass(slots=True)
class Food:
    """A food and its nutrients per 100 g edible portion; a nutrient absent from `nutrients` is unknown."""

    ndb_no: str
    group_code: str
    description: str
    short_description: str
    nutrients: dict[str, Decimal] = field(default_factory=dict)

    @property
    def is_beverage(self) -> bool:
        return is_beverage(self.group_code, self.description)


@dataclass(frozen=True, slots=True)
class NutrientValue:
    ndb_no: str
    column: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class Portion:
    """A household measure from WEIGHT.txt: `amount` `unit` ("1 medium") weighs `grams`."""

    ndb_no: str
    seq: int
    amount: Decimal
    unit: str
    grams: Decimal


@dataclass(slots=True)
class Release:
    """What the product takes from one SR28 release (or from the extract made of it)."""

    groups: list[FoodGroup]
    foods: list[Food]
    portions: list[Portion]


# --- the SR28 ASCII format ------------------------------------------------------------------------------------


def split_fields(line: str) -> list[str | None]:
    """One line's fields: `~` quotes removed, empty fields None. A `^` inside a quoted text stays in the text."""
    parts = line.split(FIELD_SEPARATOR)
    fields: list[str | None] = []
    i = 0
    while i < len(parts):
        part = parts[i]
        if part.startswith(TEXT_QUOTE):
            # Rejoin a text field that contained the separator: until a part closes the quote.
            while not (len(part) >= 2 and part.endswith(TEXT_QUOTE)) and i + 1 < len(parts):
                i += 1
                part = f"{part}{FIELD_SEPARATOR}{parts[i]}"
            if len(part) < 2 or not part.endswith(TEXT_QUOTE):
                raise FormatError(f"unclosed {TEXT_QUOTE}-quoted field in {line!r}")
            fields.append(part[1:-1] or None)
        else:
            fields.append(part or None)
        i += 1
    return fields


def decode_lines(raw_lines: Iterable[bytes]) -> Iterator[str]:
    """Latin-1 lines without their CRLF; blank lines (a trailing newline) are skipped."""
    for raw in raw_lines:
        line = raw.rstrip(b"\r\n").decode(ENCODING)
        if line:
            yield line


def _records(raw_lines: Iterable[bytes], min_fields: int, name: str) -> Iterator[list[str | None]]:
    for number, line in enumerate(decode_lines(raw_lines), start=1):
        fields = split_fields(line)
        if len(fields) < min_fields:
            raise FormatError(f"{name} line {number}: {len(fields)} fields, expected at least {min_fields}")
        yield fields


def _required(value: str | None, what: str) -> str:
    if value is None:
        raise FormatError(f"{what} is empty")
    return value


def _decimal(value: str, what: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise FormatError(f"{what} is not a number: {value!r}") from exc
    if not number.is_finite():
        raise FormatError(f"{what} is not a finite number: {value!r}")
    return number


def parse_food_groups(raw_lines: Iterable[bytes]) -> Iterator[FoodGroup]:
    """FD_GROUP.txt: FdGrp_Cd ^ FdGrp_Desc."""
    for fields in _records(raw_lines, 2, "FD_GROUP"):
        yield FoodGroup(code=_required(fields[0], "FdGrp_Cd"), name=_required(fields[1], "FdGrp_Desc"))


def parse_foods(raw_lines: Iterable[bytes]) -> Iterator[Food]:
    """FOOD_DES.txt: NDB_No ^ FdGrp_Cd ^ Long_Desc ^ Shrt_Desc ^ ... (14 fields); nutrients come separately."""
    for fields in _records(raw_lines, 4, "FOOD_DES"):
        yield Food(
            ndb_no=_required(fields[0], "NDB_No"),
            group_code=_required(fields[1], "FdGrp_Cd"),
            description=_required(fields[2], "Long_Desc"),
            short_description=fields[3] or "",
        )


def parse_nutrients(raw_lines: Iterable[bytes], wanted: dict[str, str] = NUTRIENT_FIELDS) -> Iterator[NutrientValue]:
    """NUT_DATA.txt: NDB_No ^ Nutr_No ^ Nutr_Val ^ ...; only the `wanted` nutrients, the other ~90 % skipped.

    The hot loop of the import: a line is split only as far as its third field, and only wanted lines are
    decoded further. Its numeric and quoted fields never contain `^`, so the plain split is exact here.
    """
    for number, raw in enumerate(raw_lines, start=1):
        parts = raw.split(b"^", 3)
        if len(parts) < 3:
            if raw.strip():
                raise FormatError(f"NUT_DATA line {number}: fewer than 3 fields")
            continue
        nutrient = parts[1].strip(b"~").decode(ENCODING)
        column = wanted.get(nutrient)
        if column is None:
            continue
        ndb_no = parts[0].strip(b"~").decode(ENCODING)
        value = parts[2].decode(ENCODING).strip()
        if not ndb_no or not value:
            # An empty Nutr_Val is an unknown value; it stays unknown (NULL), never zero.
            continue
        yield NutrientValue(ndb_no, column, _decimal(value, f"NUT_DATA line {number} Nutr_Val"))


def parse_portions(raw_lines: Iterable[bytes]) -> Iterator[Portion]:
    """WEIGHT.txt: NDB_No ^ Seq ^ Amount ^ Msre_Desc ^ Gm_Wgt ^ Num_Data_Pts ^ Std_Dev."""
    for number, fields in enumerate(_records(raw_lines, 5, "WEIGHT"), start=1):
        where = f"WEIGHT line {number}"
        yield Portion(
            ndb_no=_required(fields[0], f"{where} NDB_No"),
            seq=int(_required(fields[1], f"{where} Seq")),
            amount=_decimal(_required(fields[2], f"{where} Amount"), f"{where} Amount"),
            unit=_required(fields[3], f"{where} Msre_Desc"),
            grams=_decimal(_required(fields[4], f"{where} Gm_Wgt"), f"{where} Gm_Wgt"),
        )


def attach_nutrients(foods: Iterable[Food], values: Iterable[NutrientValue]) -> dict[str, Food]:
    """Foods by NDB number with their nutrient values filled in; values of unknown foods are ignored."""
    by_ndb = {food.ndb_no: food for food in foods}
    for value in values:
        food = by_ndb.get(value.ndb_no)
        if food is not None:
            food.nutrients[value.column] = value.value
    return by_ndb


# --- classification and search text ---------------------------------------------------------------------------


def is_beverage(group_code: str | None, description: str) -> bool:
    """docs/domain.md §10: SR28 "Beverages", milks, juices and water count toward the beverage target."""
    if group_code == BEVERAGE_GROUP:
        return True
    text = description.casefold()
    if text.startswith(_BEVERAGE_PREFIXES) or text in {"water", "milk"}:
        return True
    return bool(_BEVERAGE_WORDS.search(text)) and not _NOT_A_DRINK.search(text)


def fold(text: str) -> str:
    """Lower case, accents stripped ("Entrée" -> "entree"), runs of white space made one space.

    Stored foods and search queries go through the same folding, so a plain substring test compares like with
    like on every database (SQLite's LIKE only folds ASCII case).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_text(description: str) -> str:
    """What the search matches a food against: its folded long description."""
    return fold(description)


_TOKEN = re.compile(r"[a-z0-9]+")


def query_words(query: str, max_words: int = 8) -> list[str]:
    """The words of a search query, folded, in order, without repeats; punctuation separates words.

    Single letters are dropped when longer words exist: in "vitamin d" or "m&m's" they match nearly every food.
    """
    words = list(dict.fromkeys(_TOKEN.findall(fold(query))))
    longer = [word for word in words if len(word) > 1]
    return (longer or words)[:max_words]


def stem(word: str) -> str:
    """A crude singular, so "bananas" finds "Banana powder" and "berries" finds "berry".

    Only ever shortens the word: the search matches substrings, so the stem still finds the plural. A stem
    keeps at least 3 letters, so "fries" becomes "fri", not "fr".
    """
    for suffix, unless in (("ies", ()), ("es", ("ses", "ees")), ("s", ("ss", "us"))):
        if word.endswith(suffix) and not word.endswith(unless) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# --- the compact extract (intake/data/) -------------------------------------------------------------------------

FOOD_EXTRACT_COLUMNS: tuple[str, ...] = (
    "ndb_no",
    "group_code",
    "group_name",
    "description",
    "short_description",
    *NUTRIENT_COLUMNS,
)
PORTION_EXTRACT_COLUMNS: tuple[str, ...] = ("ndb_no", "seq", "amount", "unit", "grams")


def _plain(value: Decimal | None) -> str:
    # Decimal("74.910") -> "74.91", Decimal("1E+1") -> "10": short, exact, and the same on every run.
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def food_extract_rows(foods: Iterable[Food], groups: dict[str, FoodGroup]) -> Iterator[list[str]]:
    """CSV rows (header first) of every food, its group and its nutrients; an empty cell is an unknown value."""
    yield list(FOOD_EXTRACT_COLUMNS)
    for food in sorted(foods, key=lambda f: f.ndb_no):
        group = groups.get(food.group_code)
        yield [
            food.ndb_no,
            food.group_code,
            group.name if group else "",
            food.description,
            food.short_description,
            *(_plain(food.nutrients.get(column)) for column in NUTRIENT_COLUMNS),
        ]


def portion_extract_rows(portions: Iterable[Portion]) -> Iterator[list[str]]:
    yield list(PORTION_EXTRACT_COLUMNS)
    for p in sorted(portions, key=lambda p: (p.ndb_no, p.seq)):
        yield [p.ndb_no, str(p.seq), _plain(p.amount), p.unit, _plain(p.grams)]


def _check_header(header: list[str] | None, expected: tuple[str, ...], name: str) -> None:
    if header is None or tuple(header) != expected:
        raise FormatError(f"{name}: header {header!r}, expected {list(expected)!r}")


def read_food_extract(rows: Iterable[list[str]]) -> tuple[list[FoodGroup], list[Food]]:
    """The groups and foods of `food_extract_rows` output, read back."""
    iterator = iter(rows)
    _check_header(next(iterator, None), FOOD_EXTRACT_COLUMNS, "food extract")
    groups: dict[str, FoodGroup] = {}
    foods: list[Food] = []
    for number, row in enumerate(iterator, start=2):
        if len(row) != len(FOOD_EXTRACT_COLUMNS):
            raise FormatError(f"food extract row {number}: {len(row)} cells")
        ndb_no, group_code, group_name, description, short_description, *values = row
        if group_code and group_code not in groups:
            groups[group_code] = FoodGroup(group_code, group_name)
        nutrients = {
            column: _decimal(value, f"food extract row {number} {column}")
            for column, value in zip(NUTRIENT_COLUMNS, values, strict=True)
            if value != ""
        }
        foods.append(Food(ndb_no, group_code, description, short_description, nutrients))
    return sorted(groups.values(), key=lambda g: g.code), foods


def read_portion_extract(rows: Iterable[list[str]]) -> Iterator[Portion]:
    iterator = iter(rows)
    _check_header(next(iterator, None), PORTION_EXTRACT_COLUMNS, "portion extract")
    for number, row in enumerate(iterator, start=2):
        if len(row) != len(PORTION_EXTRACT_COLUMNS):
            raise FormatError(f"portion extract row {number}: {len(row)} cells")
        ndb_no, seq, amount, unit, grams = row
        where = f"portion extract row {number}"
        yield Portion(ndb_no, int(seq), _decimal(amount, f"{where} amount"), unit, _decimal(grams, f"{where} grams"))
