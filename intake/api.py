"""REST API for intake (docs/api.md: Logs, `GET /foods/?search=`). Thin: parse, check permission, call a service or
selector, render."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, serializers, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.fields import parse_date
from core.text import validate_one_line
from intake import export, log_services, selectors, services
from intake.day_cache import day_summary
from intake.log_serializers import MealSerializer, SupplementSerializer, SweatTestSerializer, WaterLogSerializer
from intake.models import (
    MAX_PORTION_GRAMS,
    NUTRIENT_LIMITS,
    FavouriteFood,
    Food,
    FoodPortion,
    Meal,
    SupplementLog,
    SweatTest,
    WaterLog,
)
from intake.schemas import DaySummarySerializer
from intake.targets import MIN_AGE_YEARS, MINERAL_FIELDS
from people.api import Pagination
from people.logs import (
    RANGE_FIRST,
    RANGE_LAST,
    RANGE_PARAMETERS,
    AthleteLogDetailView,
    AthleteLogView,
    RangeSerializer,
    local_today,
)
from people.models import AthleteProfile
from people.selectors import get_visible_athlete

# Coach foods (docs/domain.md §10): values per 100 g; past these limits the value is a typo, not a food.
_LIMIT_MESSAGES = {
    "water_g": "Per 100 g of food this cannot be more than 100 g.",
    "protein_g": "Per 100 g of food this cannot be more than 100 g.",
    "energy_kcal": "Per 100 g of food this cannot be more than 1,000 kcal (pure fat has about 900).",
}
_MG_MESSAGE = "Per 100 g of food this cannot be more than 100,000 mg (the whole 100 g)."
MAX_PORTIONS = 20


def _number(**kwargs: Any) -> serializers.DecimalField:
    # A JSON number, not the string DRF gives decimals by default: docs/api.md quantities are numbers.
    return serializers.DecimalField(max_digits=9, decimal_places=3, coerce_to_string=False, **kwargs)


class FoodPortionSerializer(serializers.ModelSerializer):
    """A household measure: `amount` `unit` weighs `grams`. A meal item names it by `id` (docs/api.md)."""

    amount = _number(read_only=True)
    grams = _number(read_only=True)

    class Meta:
        model = FoodPortion
        fields = ["id", "amount", "unit", "grams"]


class FoodSerializer(serializers.ModelSerializer):
    """A food with its values per 100 g; null means SR28 (or the coach) gave no value: unknown, not zero."""

    source = serializers.CharField(
        read_only=True, help_text='"usda_sr28" (ndb_no is its SR28 NDB number), "coach" or "staff".'
    )
    group = serializers.CharField(source="group.name", read_only=True, allow_null=True, default=None)
    group_code = serializers.CharField(source="group.code", read_only=True, allow_null=True, default=None)
    water_g = _number(read_only=True, allow_null=True)
    energy_kcal = _number(read_only=True, allow_null=True)
    protein_g = _number(read_only=True, allow_null=True)
    potassium_mg = _number(read_only=True, allow_null=True)
    calcium_mg = _number(read_only=True, allow_null=True)
    magnesium_mg = _number(read_only=True, allow_null=True)
    sodium_mg = _number(read_only=True, allow_null=True)
    portions = FoodPortionSerializer(many=True, read_only=True)

    class Meta:
        model = Food
        fields = [
            "id", "ndb_no", "source", "description", "short_description", "group", "group_code", "water_g",
            "energy_kcal", "protein_g", *MINERAL_FIELDS, "is_beverage",
            "portions", "owner",
        ]  # fmt: skip
        read_only_fields = fields


class PortionInputSerializer(serializers.Serializer):
    amount = _number(min_value=Decimal("0.001"), max_value=Decimal(10_000), rounding=ROUND_HALF_UP)
    unit = serializers.CharField(max_length=120, validators=[validate_one_line])
    grams = _number(
        min_value=Decimal("0.001"),
        max_value=MAX_PORTION_GRAMS,
        rounding=ROUND_HALF_UP,
        error_messages={"max_value": "A portion cannot weigh more than 10,000 g."},
    )


def _nutrient_input(name: str) -> serializers.DecimalField:
    message = _LIMIT_MESSAGES.get(name, _MG_MESSAGE)
    return _number(
        required=False,
        allow_null=True,
        min_value=Decimal(0),
        max_value=NUTRIENT_LIMITS[name],
        rounding=ROUND_HALF_UP,
        error_messages={"min_value": "Cannot be negative.", "max_value": message},
    )


class FoodInputSerializer(serializers.Serializer):
    """A coach's own food. Leave out a value you do not know: it stays unknown rather than zero."""

    description = serializers.CharField(max_length=200, validators=[validate_one_line])
    short_description = serializers.CharField(max_length=60, required=False, default="", validators=[validate_one_line])
    group_code = serializers.CharField(max_length=4, required=False, allow_null=True, allow_blank=True)
    water_g = _nutrient_input("water_g")
    energy_kcal = _nutrient_input("energy_kcal")
    protein_g = _nutrient_input("protein_g")
    potassium_mg = _nutrient_input("potassium_mg")
    calcium_mg = _nutrient_input("calcium_mg")
    magnesium_mg = _nutrient_input("magnesium_mg")
    sodium_mg = _nutrient_input("sodium_mg")
    is_beverage = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="Left out: milks, juices and water count as drinks."
    )
    portions = PortionInputSerializer(many=True, required=False, default=list, max_length=MAX_PORTIONS)


class FoodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Foods with water and minerals per 100 g: the SR28 library plus coach foods the caller may see."""

    serializer_class = FoodSerializer
    pagination_class = Pagination

    def get_queryset(self) -> QuerySet[Food]:
        return selectors.food_search(self.request.user, self.request.query_params.get("search", "")[:200])

    def get_object(self) -> Food:
        food = selectors.get_visible_food(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, food)
        return food

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "search", OpenApiTypes.STR, description='Words that must all appear, e.g. "banana" or "milk whole".'
            )
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=FoodInputSerializer, responses={201: FoodSerializer})
    def create(self, request: Request) -> Response:
        """Coach only: add a food that the coach and the athletes on their roster see."""
        if not request.user.is_coach:
            raise PermissionDenied("Only coaches add foods.")
        serializer = FoodInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        food = services.create_coach_food(
            owner=request.user,
            description=data.pop("description"),
            short_description=data.pop("short_description"),
            group_code=data.pop("group_code", None) or None,
            is_beverage=data.pop("is_beverage"),
            portions=[services.PortionInput(**p) for p in data.pop("portions")],
            nutrients={name: data.get(name) for name in NUTRIENT_LIMITS},
        )
        return Response(
            self.get_serializer(selectors.get_visible_food(request.user, food.pk)).data, status.HTTP_201_CREATED
        )


# --- logs and the day -------------------------------------------------------------------------------------


class WaterLogView(AthleteLogView):
    serializer_class = WaterLogSerializer
    model = WaterLog
    date_field = "at"

    def store(self, athlete: AthleteProfile, data: dict[str, Any], request: Request) -> tuple[WaterLog, bool]:
        return log_services.log_water(athlete=athlete, water_ml=data["water_ml"], at=data.get("at")), True


class MealView(AthleteLogView):
    serializer_class = MealSerializer
    model = Meal
    date_field = "at"

    def logs(self, athlete: AthleteProfile) -> QuerySet:
        return selectors.meals_with_foods(athlete)

    def store(self, athlete: AthleteProfile, data: dict[str, Any], request: Request) -> tuple[Meal, bool]:
        meal = log_services.log_meal(
            athlete=athlete, items=data["items"], at=data.get("at"), notes=data.get("notes", "")
        )
        return selectors.meal_with_foods(athlete, meal.pk), True


class SupplementView(AthleteLogView):
    serializer_class = SupplementSerializer
    model = SupplementLog
    date_field = "at"

    def store(self, athlete: AthleteProfile, data: dict[str, Any], request: Request) -> tuple[SupplementLog, bool]:
        return log_services.log_supplement(athlete=athlete, data=data), True


class WaterLogDetailView(AthleteLogDetailView):
    serializer_class = WaterLogSerializer
    model = WaterLog

    def change(self, row: WaterLog, data: dict[str, Any], request: Request) -> WaterLog:
        return log_services.update_water(log=row, data=data)

    def remove(self, row: WaterLog, request: Request) -> None:
        log_services.delete_water(log=row)


class MealDetailView(AthleteLogDetailView):
    serializer_class = MealSerializer
    model = Meal

    def logs(self, athlete: AthleteProfile) -> QuerySet:
        return selectors.meals_with_foods(athlete)

    def change(self, row: Meal, data: dict[str, Any], request: Request) -> Meal:
        meal = log_services.update_meal(meal=row, data=data)
        return self.logs(self.athlete).get(pk=meal.pk)

    def remove(self, row: Meal, request: Request) -> None:
        log_services.delete_meal(meal=row)


class SupplementDetailView(AthleteLogDetailView):
    serializer_class = SupplementSerializer
    model = SupplementLog

    def change(self, row: SupplementLog, data: dict[str, Any], request: Request) -> SupplementLog:
        return log_services.update_supplement(log=row, data=data)

    def remove(self, row: SupplementLog, request: Request) -> None:
        log_services.delete_supplement(log=row)


class SweatTestView(AthleteLogView):
    """The athlete's sweat tests; each new one sets the sweat rate used in their water targets."""

    serializer_class = SweatTestSerializer
    model = SweatTest

    def store(self, athlete: AthleteProfile, data: dict[str, Any], request: Request) -> tuple[SweatTest, bool]:
        return log_services.record_sweat_test(athlete=athlete, data=data), True


class FavouriteFoodSerializer(serializers.ModelSerializer):
    """One of the athlete's starred foods, offered first on their meal page."""

    food = serializers.PrimaryKeyRelatedField(
        queryset=Food.objects.none(),
        error_messages={"does_not_exist": "There is no food {pk_value} among the foods you can log."},
    )
    description = serializers.CharField(source="food.description", read_only=True)

    class Meta:
        model = FavouriteFood
        fields = ["food", "description", "created_at"]
        read_only_fields = ["created_at"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        athlete = self.context.get("athlete")
        if athlete is not None:  # the foods the athlete may log: the library and their coaches' own
            fields["food"].queryset = selectors.visible_foods(athlete.user)
        return fields


# On `post`, not `create`: drf-spectacular reads a generic view's handler, so the 200 was missing from the schema.
@extend_schema_view(post=extend_schema(responses={201: FavouriteFoodSerializer, 200: FavouriteFoodSerializer}))
class FavouriteFoodsView(generics.ListCreateAPIView):
    """GET: the athlete's favourite foods, by name. POST `{"food"}`: star one (201; 200 when it already was).
    For the athlete, their coaches and staff, as logs are; anyone else gets 404."""

    serializer_class = FavouriteFoodSerializer
    pagination_class = None  # at most services.MAX_FAVOURITE_FOODS

    @cached_property
    def athlete(self) -> AthleteProfile:
        return get_visible_athlete(self.request.user, self.kwargs["athlete_id"])

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["athlete"] = self.athlete
        return context

    def get_queryset(self) -> QuerySet[FavouriteFood]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no athlete
            return FavouriteFood.objects.none()
        return selectors.favourites(self.athlete)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        food = serializer.validated_data["food"]
        existed = selectors.is_favourite(self.athlete, food)
        row = services.star_food(athlete=self.athlete, food=food)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(self.get_serializer(row).data, status=code)


class FavouriteFoodDetailView(APIView):
    """DELETE: the food is no longer one of the athlete's favourites (404 when it was not one)."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, athlete_id: int, food_id: int) -> Response:
        athlete = get_visible_athlete(request.user, athlete_id)
        food = selectors.food_by_id(food_id)
        if food is None or not services.unstar_food(athlete=athlete, food=food):
            raise NotFound("This food is not one of the athlete's favourites.")
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExportView(APIView):
    """The athlete's logs from `from` to `to` (local dates; default the last 90 days) as CSV."""

    @extend_schema(parameters=RANGE_PARAMETERS, responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request: Request, athlete_id: int) -> HttpResponse:
        athlete = get_visible_athlete(request.user, athlete_id)
        params = RangeSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        last = params.validated_data.get("to") or local_today(athlete)
        first = params.validated_data.get("from") or last - dt.timedelta(days=89)
        response = HttpResponse(export.to_csv(athlete, first, last), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="trainer-logs-{athlete.pk}-{first}-{last}.csv"'
        return response


class DayView(APIView):
    """Water and minerals against the day's targets, the day's sessions and logs (docs/api.md, Day)."""

    @extend_schema(
        responses=DaySummarySerializer,
        parameters=[OpenApiParameter("day", OpenApiTypes.DATE, OpenApiParameter.PATH, description="YYYY-MM-DD.")],
    )
    def get(self, request: Request, athlete_id: int, day: str) -> Response:
        athlete = get_visible_athlete(request.user, athlete_id)
        try:
            date = parse_date(day)
        except ValueError:
            return Response({"date": ["Use a real date, YYYY-MM-DD."]}, status=status.HTTP_400_BAD_REQUEST)
        if not RANGE_FIRST <= date <= RANGE_LAST:
            message = f"Use a date between {RANGE_FIRST} and {RANGE_LAST}."
            return Response({"date": [message]}, status=status.HTTP_400_BAD_REQUEST)
        if athlete.age_on(date) < MIN_AGE_YEARS:  # the targets are for 14 and older (docs/domain.md §4): no 500
            message = f"The athlete was under {MIN_AGE_YEARS} on {date}; there are no targets for that day."
            return Response({"date": [message]}, status=status.HTTP_400_BAD_REQUEST)
        drafts = request.user.is_staff or request.user.is_coach
        return Response(day_summary(athlete, date, drafts=drafts))
