"""The SR28 parser, the importer, the shipped extract and the foods migration 0002 loads (docs/domain.md §10)."""

from __future__ import annotations

import gzip
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from intake import services, usda
from intake.models import Food, FoodGroup, FoodPortion
from tests.intake.conftest import has_release

# --- the parser, on real lines of the release ---------------------------------------------------------------

FOOD_DES = [
    b"~01001~^~0100~^~Butter, salted~^~BUTTER,WITH SALT~^^^~Y~^^0^^6.38^4.27^8.79^3.87\r\n",
    b"~09040~^~0900~^~Bananas, raw~^~BANANAS,RAW~^^^~Y~^~Skin~^36^~Musa acuminata Colla~^6.25^3.37^8.37^3.60\r\n",
    # The file's last line has no CRLF.
    b"~93600~^~1500~^~Turtle, green, raw~^~TURTLE,GREEN,RAW~^^^~Y~^^0^^^^^",
]
NUT_DATA = [
    b"~09040~^~306~^358^45^1.911^~1~^~A~^^^14^308^426^7^353.560^362.603^~2~^12/2002^\r\n",
    b"~09040~^~301~^5^45^0.047^~1~^~A~^^^14^4^7^6^5.014^5.241^~2~^12/2002^\r\n",
    b"~01001~^~204~^81.11^580^0.065^~1~^^^^^^^^^^^11/1976^\r\n",  # fat: not a nutrient the product keeps
    b"~08370~^~301~^0^1^^~8~^~LC~^^~N~^^^^^^^^04/2011^\r\n",  # a measured zero stays zero
]
WEIGHT = [
    b'~01001~^1^1^~pat (1" sq, 1/3" high)~^5.0^^\r\n',
    b'~09040~^5^1^~medium (7" to 7-7/8" long)~^118^^\r\n',
    b"~22996~^1^1^~Entr\xe9e~^269^1^\r\n",  # Latin-1
]


def test_split_fields_unquotes_text_and_makes_empty_fields_none() -> None:
    line = FOOD_DES[0].decode("latin-1").rstrip("\r\n")
    fields = usda.split_fields(line)
    assert fields[:4] == ["01001", "0100", "Butter, salted", "BUTTER,WITH SALT"]
    assert fields[4] is None and fields[5] is None  # empty fields: unknown
    assert fields[6] == "Y"
    assert fields[8] == "0" and fields[10:] == ["6.38", "4.27", "8.79", "3.87"]
    assert len(fields) == 14


def test_split_fields_keeps_a_caret_inside_quotes_and_empty_quotes() -> None:
    assert usda.split_fields("~a^b~^~~^^3") == ["a^b", None, None, "3"]
    assert usda.split_fields("~^~") == ["^"]
    with pytest.raises(usda.FormatError):
        usda.split_fields("~never closed^1")


def test_parse_foods_reads_real_lines_including_the_last_without_crlf() -> None:
    foods = list(usda.parse_foods(FOOD_DES))
    assert [(f.ndb_no, f.group_code, f.description, f.short_description) for f in foods] == [
        ("01001", "0100", "Butter, salted", "BUTTER,WITH SALT"),
        ("09040", "0900", "Bananas, raw", "BANANAS,RAW"),
        ("93600", "1500", "Turtle, green, raw", "TURTLE,GREEN,RAW"),
    ]


def test_parse_nutrients_keeps_the_seven_and_exact_decimals() -> None:
    values = list(usda.parse_nutrients(NUT_DATA))
    assert values == [
        usda.NutrientValue("09040", "potassium_mg", Decimal("358")),
        usda.NutrientValue("09040", "calcium_mg", Decimal("5")),
        usda.NutrientValue("08370", "calcium_mg", Decimal("0")),
    ]


def test_parse_nutrients_skips_an_empty_value() -> None:
    assert list(usda.parse_nutrients([b"~01001~^~255~^^0^^~4~^^^^^^^^^^^^\r\n"])) == []


def test_parse_portions_decodes_latin_1() -> None:
    portions = list(usda.parse_portions(WEIGHT))
    assert portions[0] == usda.Portion("01001", 1, Decimal(1), 'pat (1" sq, 1/3" high)', Decimal("5.0"))
    assert portions[1].unit == 'medium (7" to 7-7/8" long)' and portions[1].grams == 118
    assert portions[2].unit == "Entrée"


def test_food_groups() -> None:
    groups = list(usda.parse_food_groups([b"~1400~^~Beverages~\r\n", b"~0900~^~Fruits and Fruit Juices~\r\n"]))
    assert groups == [usda.FoodGroup("1400", "Beverages"), usda.FoodGroup("0900", "Fruits and Fruit Juices")]


def test_a_short_line_is_a_format_error() -> None:
    with pytest.raises(usda.FormatError):
        list(usda.parse_portions([b"~01001~^1^1\r\n"]))


@pytest.mark.parametrize(
    ("group", "description", "expected"),
    [
        ("1400", "Beverages, coffee, brewed, prepared with tap water", True),
        ("0100", "Milk, whole, 3.25% milkfat, with added vitamin D", True),
        ("0900", "Orange juice, raw", True),
        ("0300", "Babyfood, juice, apple", True),
        ("1200", "Nuts, coconut water (liquid from coconuts)", True),
        ("0300", "Fluid replacement, electrolyte solution (include PEDIALYTE)", True),
        ("1600", "Soymilk, original and vanilla, unfortified", True),
        ("0900", "Bananas, raw", False),
        ("0900", "Peaches, canned, juice pack, solids and liquids", False),
        ("1000", "Pork, cured, ham with natural juices, whole, boneless, separable lean only, unheated", False),
        ("1100", "Tomatoes, red, ripe, canned, packed in tomato juice", False),
        ("1700", "Game meat, buffalo, water, raw", False),
        ("1900", "Milk dessert, frozen, milk-fat free, chocolate", False),
    ],
)
def test_beverages_are_drinks_not_moist_foods(group: str, description: str, expected: bool) -> None:
    assert usda.is_beverage(group, description) is expected


def test_extract_rows_round_trip() -> None:
    food = usda.Food("09040", "0900", "Bananas, raw", "BANANAS,RAW", {"water_g": Decimal("74.910"), "sodium_mg": 1})
    groups = {"0900": usda.FoodGroup("0900", "Fruits and Fruit Juices")}
    rows = list(usda.food_extract_rows([food], groups))
    assert rows[1][5:] == ["74.91", "", "", "", "", "", "1"]  # empty: unknown
    read_groups, read_foods = usda.read_food_extract(rows)
    assert read_groups == list(groups.values())
    assert read_foods[0].nutrients == {"water_g": Decimal("74.91"), "sodium_mg": Decimal(1)}


# --- the importer ---------------------------------------------------------------------------------------------


def _library_rows() -> tuple[int, int]:
    return Food.objects.filter(ndb_no__isnull=False).count(), FoodPortion.objects.count()


@pytest.fixture
def empty_library(db) -> None:
    Food.objects.filter(ndb_no__isnull=False).delete()
    FoodGroup.objects.all().delete()


def test_import_creates_then_changes_nothing(empty_library, sr28_sample, django_assert_max_num_queries) -> None:
    folder, wanted = sr28_sample
    release = services.read_release(folder)
    assert {f.ndb_no for f in release.foods} == wanted
    # Bulk: a handful of statements for 53 foods and their portions, not one per food.
    with django_assert_max_num_queries(12):
        first = services.import_release(release)
    assert first.foods_created == len(wanted) and first.groups_created == 25
    assert first.portions_created == len(release.portions) > len(wanted)
    assert _library_rows() == (len(wanted), len(release.portions))

    with django_assert_max_num_queries(5):
        second = services.import_release(services.read_release(folder))
    assert second.changed == 0
    assert second.foods_unchanged == len(wanted) and second.portions_unchanged == len(release.portions)
    assert _library_rows() == (len(wanted), len(release.portions))


def test_import_updates_a_changed_value_and_a_dropped_portion(empty_library, sr28_sample) -> None:
    folder, _ = sr28_sample
    services.import_release_folder(folder)
    first_updated = Food.objects.get(ndb_no="09040").updated_at
    nut_data = folder / "NUT_DATA.txt"
    nut_data.write_bytes(nut_data.read_bytes().replace(b"~09040~^~306~^358^", b"~09040~^~306~^360^"))
    weight = folder / "WEIGHT.txt"
    weight.write_bytes(weight.read_bytes().replace(b"~09040~^8^1^~NLEA serving~^126^^\r\n", b""))

    stats = services.import_release_folder(folder)

    assert (stats.foods_updated, stats.foods_created, stats.portions_deleted) == (1, 0, 1)
    banana = Food.objects.get(ndb_no="09040")
    assert banana.potassium_mg == 360 and banana.calcium_mg == 5
    assert banana.updated_at > first_updated
    assert list(banana.portions.values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6, 7]


def test_import_keeps_an_unknown_value_unknown(empty_library, sr28_sample) -> None:
    folder, _ = sr28_sample
    services.import_release_folder(folder)
    cereal = Food.objects.get(ndb_no="08370")
    assert cereal.water_g is None and cereal.potassium_mg is None and cereal.magnesium_mg is None
    assert cereal.calcium_mg == 0  # measured zero
    assert FoodPortion.objects.get(food__ndb_no="22996", seq=1).unit == "Entrée"


def test_import_leaves_coach_foods_alone(empty_library, sr28_sample, roster) -> None:
    own = services.create_coach_food(owner=roster.coach_a, description="Team shake", nutrients={"water_g": 80})
    services.import_release_folder(sr28_sample[0])
    own.refresh_from_db()
    assert own.water_g == 80 and own.ndb_no is None


def test_command_prints_rows_seconds_and_queries(empty_library, sr28_sample) -> None:
    out = io.StringIO()
    call_command("import_usda_sr", str(sr28_sample[0]), "--no-progress", stdout=out)
    text = out.getvalue()
    assert "foods_created" in text and " s " in text and "queries on" in text


def test_command_refuses_a_folder_without_the_release(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"FOOD_DES\.txt"):
        call_command("import_usda_sr", str(tmp_path), "--no-progress")


def test_write_extract_is_small_and_reproducible(sr28_sample, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_usda_sr", str(sr28_sample[0]), "--write-extract", str(tmp_path / "a"), stdout=out)
    services.write_extract(services.read_release(sr28_sample[0]), tmp_path / "b")
    for name in (services.FOODS_EXTRACT, services.PORTIONS_EXTRACT):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    release = services.read_extract(tmp_path / "a")
    assert len(release.foods) == len(sr28_sample[1])


# --- the shipped extract and the migrated library -------------------------------------------------------------


def test_shipped_extract_is_gzip_and_under_2_mb() -> None:
    total = 0
    for name in (services.FOODS_EXTRACT, services.PORTIONS_EXTRACT):
        path = services.EXTRACT_DIR / name
        with gzip.open(path) as handle:
            assert handle.read(10)  # a gzip file
        total += path.stat().st_size
    assert total < 2_000_000


@pytest.mark.skipif(not has_release(), reason="the SR28 release folder is not on this machine")
def test_shipped_extract_matches_the_release() -> None:
    from tests.intake.conftest import SR28_DIR

    release, extract = services.read_release(SR28_DIR), services.read_extract()
    assert [(g.code, g.name) for g in release.groups] == [(g.code, g.name) for g in extract.groups]
    assert {f.ndb_no: (f.description, f.group_code, f.nutrients) for f in release.foods} == {
        f.ndb_no: (f.description, f.group_code, f.nutrients) for f in extract.foods
    }
    assert sorted(release.portions, key=lambda p: (p.ndb_no, p.seq)) == list(extract.portions)


# docs/domain.md §10's table: NDB number, water g, K, Ca, Mg, Na mg per 100 g (SR28).
DOMAIN_FOODS = [
    ("09040", "74.91", 358, 5, 27, 1),
    ("11457", "91.40", 558, 99, 79, 79),
    ("01117", "85.07", 234, 183, 17, 70),
    ("01211", "88.13", 132, 113, 10, 43),
    ("12061", "4.41", 733, 269, 270, 1),
    ("11674", "74.89", 535, 15, 28, 10),
    ("09037", "73.23", 485, 12, 29, 7),
    ("15237", "64.75", 384, 15, 30, 61),
    ("20445", "68.44", 35, 10, 12, 1),
    ("08120", "10.84", 362, 52, 138, 6),
    ("16015", "65.74", 355, 27, 70, 1),
    ("09206", "88.30", 200, 11, 11, 1),
    ("11508", "75.78", 475, 38, 27, 36),
    ("12014", "5.23", 809, 46, 592, 7),
    ("01009", "37.02", 76, 710, 27, 653),
    ("18075", "39.01", 254, 161, 75, 455),
    ("05064", "65.26", 256, 15, 29, 74),
    ("14460", "93.38", 15, 1, 0, 39),
    ("12119", "94.99", 250, 24, 25, 105),
    ("43075", "96.44", 77, 10, 1, 101),
    ("19904", "1.37", 715, 73, 228, 20),
]


def test_migrated_database_holds_the_whole_library(food_library) -> None:
    assert Food.objects.filter(ndb_no__isnull=False, owner__isnull=True).count() == 8789
    assert FoodGroup.objects.count() == 25
    assert FoodPortion.objects.filter(food__ndb_no__isnull=False).count() == 15438
    assert Food.objects.filter(group__code="1400").count() == 371
    assert not Food.objects.filter(ndb_no__isnull=False, search_text="").exists()


def test_migrated_library_has_domain_values(food_library) -> None:
    foods = {f.ndb_no: f for f in Food.objects.filter(ndb_no__in=[row[0] for row in DOMAIN_FOODS])}
    for ndb_no, water, potassium, calcium, magnesium, sodium in DOMAIN_FOODS:
        food = foods[ndb_no]
        got = (food.water_g, food.potassium_mg, food.calcium_mg, food.magnesium_mg, food.sodium_mg)
        assert got == (Decimal(water), potassium, calcium, magnesium, sodium), ndb_no
    banana = foods["09040"]
    assert banana.description == "Bananas, raw" and banana.group.name == "Fruits and Fruit Juices"
    assert (banana.energy_kcal, banana.protein_g, banana.is_beverage) == (89, Decimal("1.09"), False)
    assert [(p.unit, p.grams) for p in banana.portions.order_by("seq")][4] == ('medium (7" to 7-7/8" long)', 118)
    assert foods["14460"].is_beverage and foods["09206"].is_beverage and foods["01211"].is_beverage
    assert foods["12119"].is_beverage and foods["43075"].is_beverage


def test_a_value_missing_in_sr28_is_null_not_zero(food_library) -> None:
    cereal = Food.objects.get(ndb_no="08370")
    assert (cereal.water_g, cereal.potassium_mg, cereal.magnesium_mg) == (None, None, None)
    assert cereal.calcium_mg == 0 and cereal.sodium_mg == 238
    assert Food.objects.filter(ndb_no__isnull=False, water_g__isnull=True).count() == 1
    assert Food.objects.filter(ndb_no__isnull=False, magnesium_mg__isnull=True).count() == 739


def test_importing_the_shipped_extract_again_changes_nothing(food_library, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(5):
        stats = services.load_extract()
    assert stats.changed == 0 and stats.foods_unchanged == 8789 and stats.portions_unchanged == 15438


def test_one_list_of_nutrients() -> None:
    from intake.models import NUTRIENT_LIMITS

    assert set(usda.NUTRIENT_FIELDS.values()) == set(usda.NUTRIENT_COLUMNS)
    assert tuple(NUTRIENT_LIMITS) == usda.NUTRIENT_COLUMNS


def test_admin_shows_a_food_with_its_portions_and_searches(food_library, client, roster) -> None:
    client.force_login(roster.staff)
    banana = Food.objects.get(ndb_no="09040")
    page = client.get(f"/admin/intake/food/{banana.pk}/change/")
    assert page.status_code == 200 and b"NLEA serving" in page.content
    listing = client.get("/admin/intake/food/", {"q": "bananas, raw", "group__id__exact": banana.group_id})
    assert listing.status_code == 200 and b"Bananas, raw" in listing.content
