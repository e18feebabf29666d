"""Load the USDA SR28 library (docs/domain.md §10) from the extract in intake/data/, so `migrate` gives every
install all 8,789 foods without the 38 MB release. Bulk inserts in batches; about a second on SQLite.

Written with the historical models and the pure intake.usda reader; later changes to the extract reach
existing databases through `manage.py load_foods` or `import_usda_sr`, which are idempotent.
"""

import csv
import gzip
from pathlib import Path

from django.db import migrations

from intake import usda

DATA = Path(__file__).resolve().parent.parent / "data"
BATCH_SIZE = 2000


def _rows(name):
    with gzip.open(DATA / name, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle)


def load(apps, schema_editor):
    FoodGroup = apps.get_model("intake", "FoodGroup")
    Food = apps.get_model("intake", "Food")
    FoodPortion = apps.get_model("intake", "FoodPortion")
    db = schema_editor.connection.alias

    groups, foods = usda.read_food_extract(_rows("sr28_foods.csv.gz"))
    existing_groups = set(FoodGroup.objects.using(db).values_list("code", flat=True))
    FoodGroup.objects.using(db).bulk_create(
        [FoodGroup(code=g.code, name=g.name) for g in groups if g.code not in existing_groups], batch_size=BATCH_SIZE
    )
    group_ids = dict(FoodGroup.objects.using(db).values_list("code", "id"))

    existing_foods = set(Food.objects.using(db).filter(ndb_no__isnull=False).values_list("ndb_no", flat=True))
    Food.objects.using(db).bulk_create(
        [
            Food(
                ndb_no=f.ndb_no,
                description=f.description,
                short_description=f.short_description,
                group_id=group_ids.get(f.group_code),
                is_beverage=f.is_beverage,
                search_text=usda.search_text(f.description),
                **{column: f.nutrients.get(column) for column in usda.NUTRIENT_COLUMNS},
            )
            for f in foods
            if f.ndb_no not in existing_foods
        ],
        batch_size=BATCH_SIZE,
    )
    food_ids = dict(Food.objects.using(db).filter(ndb_no__isnull=False).values_list("ndb_no", "id"))
    new_food_ids = {food_ids[f.ndb_no] for f in foods if f.ndb_no not in existing_foods}
    FoodPortion.objects.using(db).bulk_create(
        [
            FoodPortion(food_id=food_ids[p.ndb_no], seq=p.seq, amount=p.amount, unit=p.unit, grams=p.grams)
            for p in usda.read_portion_extract(_rows("sr28_portions.csv.gz"))
            if food_ids.get(p.ndb_no) in new_food_ids
        ],
        batch_size=BATCH_SIZE,
    )


def unload(apps, schema_editor):
    db = schema_editor.connection.alias
    apps.get_model("intake", "Food").objects.using(db).filter(ndb_no__isnull=False, owner__isnull=True).delete()
    apps.get_model("intake", "FoodGroup").objects.using(db).filter(foods__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_foods")]

    operations = [migrations.RunPython(load, unload, elidable=False)]
