"""GET/POST /athletes/{id}/fixtures/ and PATCH/DELETE /athletes/{id}/fixtures/{fid}/ (docs/api.md, "Added in turn
2", Team schedule): a team athlete's matches and extra practices, in the athlete's local time."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.text import validate_one_line
from people import rules as people
from people.api import LocalTimeField, Pagination, paginated, valid_data
from people.logs import RANGE_PARAMETERS, RangeSerializer, local_today
from people.models import AthleteProfile
from people.selectors import get_visible_athlete
from plans.models import EVENT_KIND_CHOICES, Fixture
from teams import selectors
from teams import services as fixture_services

# A season's fixtures are entered ahead, and past ones corrected: two years either way is plenty.
HORIZON = dt.timedelta(days=731)
MAX_DATES = 60


class FixtureSerializer(serializers.ModelSerializer):
    start_time = LocalTimeField()
    minutes = serializers.IntegerField(min_value=people.MIN_EVENT_MINUTES, max_value=people.MAX_EVENT_MINUTES)
    kind = serializers.ChoiceField(choices=EVENT_KIND_CHOICES)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, validators=[validate_one_line])
    intensity = serializers.ChoiceField(
        choices=people.PRACTICE_INTENSITIES, required=False, help_text="A practice's; a match is always hard."
    )

    class Meta:
        model = Fixture
        fields = ["id", "date", "start_time", "minutes", "kind", "title", "intensity"]

    def validate_date(self, value: dt.date) -> dt.date:
        return _near(value, self.context["today"])

    def to_representation(self, fixture: Fixture) -> dict[str, Any]:
        data = super().to_representation(fixture)
        if fixture.kind == "match":
            data["intensity"] = "hard"
        return data


class FixtureInSerializer(FixtureSerializer):
    """One fixture, or with `dates` instead of `date` the same event on several dates (a season's matches)."""

    date = serializers.DateField(required=False)
    dates = serializers.ListField(
        child=serializers.DateField(), min_length=1, max_length=MAX_DATES, required=False, write_only=True
    )

    class Meta(FixtureSerializer.Meta):
        fields = [*FixtureSerializer.Meta.fields, "dates"]

    def validate_dates(self, value: list[dt.date]) -> list[dt.date]:
        if len(set(value)) != len(value):
            raise serializers.ValidationError("Each date may appear once.")
        return sorted(_near(day, self.context["today"]) for day in value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("date" in attrs) == ("dates" in attrs):
            raise serializers.ValidationError({"date": ["Send either date or dates."]})
        return attrs


def _near(day: dt.date, today: dt.date) -> dt.date:
    if abs(day - today) > HORIZON:
        raise serializers.ValidationError("Fixtures are kept within two years of today.")
    return day


def _athlete_and_context(request: Request, athlete_id: int) -> tuple[AthleteProfile, dict[str, Any]]:
    athlete = get_visible_athlete(request.user, athlete_id)
    return athlete, {"today": local_today(athlete)}


def _fixture(athlete: AthleteProfile, fixture_id: int) -> Fixture:
    fixture = selectors.fixture_of(athlete, fixture_id)
    if fixture is None:
        raise Http404("No such fixture.")
    return fixture


_CREATED = inline_serializer("FixturesCreated", {"results": FixtureSerializer(many=True)})


class FixturesView(APIView):
    """The athlete's fixtures, soonest first, from 28 days ago unless `from` says otherwise; the athlete and
    their coaches write them."""

    @extend_schema(
        operation_id="v1_athletes_fixtures_list",
        parameters=RANGE_PARAMETERS,
        responses=paginated("PaginatedFixtures", FixtureSerializer(many=True)),
    )
    def get(self, request: Request, athlete_id: int) -> Response:
        athlete, context = _athlete_and_context(request, athlete_id)
        span = valid_data(RangeSerializer, request.query_params)
        first = span.get("from") or context["today"] - dt.timedelta(days=28)
        rows = selectors.fixtures_between(athlete, first, span.get("to"))
        paginator = Pagination()
        page = paginator.paginate_queryset(rows.order_by("date", "start_time", "id"), request, view=self)
        return paginator.get_paginated_response(FixtureSerializer(page, many=True).data)

    @extend_schema(
        request=FixtureInSerializer,
        responses={
            201: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="FixtureOrFixtures",
                    serializers=[FixtureSerializer, _CREATED],
                    resource_type_field_name=None,
                ),
                description='The fixture; with `dates`, {"results": [the fixtures]}.',
            ),
            400: OpenApiResponse(description="A field and the reason."),
        },
    )
    def post(self, request: Request, athlete_id: int) -> Response:
        athlete, context = _athlete_and_context(request, athlete_id)
        data = valid_data(FixtureInSerializer, request.data, context)
        dates = data.pop("dates", None)
        items = [data | {"date": day} for day in dates] if dates else [data]
        rows = fixture_services.add_fixtures(athlete=athlete, items=items, author=request.user)
        if dates:
            return Response({"results": FixtureSerializer(rows, many=True).data}, status=status.HTTP_201_CREATED)
        return Response(FixtureSerializer(rows[0]).data, status=status.HTTP_201_CREATED)


class FixtureView(APIView):
    @extend_schema(responses=FixtureSerializer)
    def get(self, request: Request, athlete_id: int, fixture_id: int) -> Response:
        athlete, _ = _athlete_and_context(request, athlete_id)
        return Response(FixtureSerializer(_fixture(athlete, fixture_id)).data)

    @extend_schema(request=FixtureSerializer(partial=True), responses=FixtureSerializer)
    def patch(self, request: Request, athlete_id: int, fixture_id: int) -> Response:
        athlete, context = _athlete_and_context(request, athlete_id)
        fixture = _fixture(athlete, fixture_id)
        serializer = FixtureSerializer(fixture, data=request.data, partial=True, context=context)
        serializer.is_valid(raise_exception=True)
        fixture = fixture_services.update_fixture(fixture, dict(serializer.validated_data))
        return Response(FixtureSerializer(fixture).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, athlete_id: int, fixture_id: int) -> Response:
        athlete, _ = _athlete_and_context(request, athlete_id)
        fixture_services.delete_fixture(_fixture(athlete, fixture_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
