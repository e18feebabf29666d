from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from intake.models import (
    FavouriteFood,
    Food,
    FoodGroup,
    FoodPortion,
    Meal,
    MealItem,
    SupplementLog,
    SweatTest,
    WaterLog,
)
from intake.targets import MINERAL_FIELDS


@admin.register(FoodGroup)
class FoodGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    ordering = ["code"]


class FoodPortionInline(admin.TabularInline):
    model = FoodPortion
    extra = 0
    fields = ["seq", "amount", "unit", "grams"]


class LibraryFilter(admin.SimpleListFilter):
    title = "source"
    parameter_name = "source"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("usda_sr28", "USDA SR28"), ("coach", "Coach foods")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Food]) -> QuerySet[Food]:
        if self.value() == "usda_sr28":
            return queryset.filter(ndb_no__isnull=False)
        if self.value() == "coach":
            return queryset.filter(ndb_no__isnull=True)
        return queryset


@admin.register(Food)
class FoodAdmin(admin.ModelAdmin):
    list_display = [
        "description", "ndb_no", "group", "water_g", *MINERAL_FIELDS,
        "is_beverage", "owner", "archived",
    ]  # fmt: skip
    list_filter = ["group", "is_beverage", LibraryFilter, "archived"]
    search_fields = ["description", "ndb_no"]
    list_select_related = ["group", "owner"]
    raw_id_fields = ["owner"]
    # Archived only by deleting its coach (intake.models.keep_eaten_foods); never set by hand.
    readonly_fields = ["search_text", "archived", "created_at", "updated_at"]
    ordering = ["description"]
    inlines = [FoodPortionInline]
    fieldsets = [
        (None, {"fields": ["description", "short_description", "ndb_no", "group", "owner", "is_beverage"]}),
        (
            "Per 100 g (empty: unknown)",
            {
                "fields": [
                    "water_g",
                    "energy_kcal",
                    "protein_g",
                    "potassium_mg",
                    "calcium_mg",
                    "magnesium_mg",
                    "sodium_mg",
                ]
            },
        ),
        ("Bookkeeping", {"fields": ["search_text", "created_at", "updated_at"]}),
    ]


@admin.register(FoodPortion)
class FoodPortionAdmin(admin.ModelAdmin):
    list_display = ["food", "seq", "amount", "unit", "grams"]
    search_fields = ["food__description", "food__ndb_no", "unit"]
    list_select_related = ["food"]
    raw_id_fields = ["food"]


class MealItemInline(admin.TabularInline):
    model = MealItem
    extra = 0
    raw_id_fields = ["food"]


@admin.register(Meal)
class MealAdmin(admin.ModelAdmin):
    list_display = ["athlete", "at", "notes"]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email"]
    raw_id_fields = ["athlete"]
    inlines = [MealItemInline]


@admin.register(WaterLog)
class WaterLogAdmin(admin.ModelAdmin):
    list_display = ["athlete", "at", "water_ml"]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email"]
    raw_id_fields = ["athlete"]


@admin.register(SupplementLog)
class SupplementLogAdmin(admin.ModelAdmin):
    list_display = ["athlete", "at", *MINERAL_FIELDS]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email"]
    raw_id_fields = ["athlete"]


admin.site.register(
    MealItem,
    list_display=["meal", "food", "grams", "portion", "amount"],
    raw_id_fields=["meal", "food", "portion"],
)


@admin.register(FavouriteFood)
class FavouriteFoodAdmin(admin.ModelAdmin):
    list_display = ["athlete", "food", "created_at"]
    list_select_related = ["athlete__user", "food"]
    search_fields = ["athlete__user__email", "food__description"]
    raw_id_fields = ["athlete", "food"]


@admin.register(SweatTest)
class SweatTestAdmin(admin.ModelAdmin):
    list_display = ["athlete", "date", "minutes", "sweat_rate_ml_per_h", "mass_loss_pct", "flagged"]
    list_filter = ["flagged"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete", "workout"]
