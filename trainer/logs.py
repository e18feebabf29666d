"""Shared pieces for the athlete log endpoints (API.md, Logs): who may write, local dates, list filters."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Model, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from trainer.api import Pagination
from trainer.models import AthleteProfile
from trainer.selectors import get_visible_athlete

# An instant a few minutes ahead is clock skew between a watch and the server, not a future event.
CLOCK_SKEW = dt.timedelta(minutes=5)
# Logs older than this are almost surely typing errors (a year typed wrong).
OLDEST_LOG = dt.timedelta(days=366 * 2)


def local_today(athlete: AthleteProfile) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(athlete.time_zone)).date()


def check_log_date(athlete: AthleteProfile, value: dt.date) -> dt.date:
    today = local_today(athlete)
    if value > today:
        raise serializers.ValidationError(f"The date is in the future (today is {today.isoformat()} for this athlete).")
    if value < today - OLDEST_LOG:
        raise serializers.ValidationError("The date is more than two years ago.")
    return value


def check_log_instant(value: dt.datetime) -> dt.datetime:
    now = timezone.now()
    if value > now + CLOCK_SKEW:
        raise serializers.ValidationError("The time is in the future.")
    if value < now - OLDEST_LOG:
        raise serializers.ValidationError("The time is more than two years ago.")
    return value


def local_date_of(athlete: AthleteProfile, instant: dt.datetime) -> dt.date:
    return instant.astimezone(ZoneInfo(athlete.time_zone)).date()


def local_day_bounds(athlete: AthleteProfile, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants where the athlete's local `day` starts and the next one starts (DST-safe)."""
    zone = ZoneInfo(athlete.time_zone)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


RANGE_FIRST, RANGE_LAST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


class RangeSerializer(serializers.Serializer):
    from_ = serializers.DateField(required=False)
    to = serializers.DateField(required=False)

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")  # `from` is a Python keyword
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        for name in ("from", "to"):
            # Local days at the ends of the calendar overflow when turned into UTC instants.
            if attrs.get(name) and not RANGE_FIRST <= attrs[name] <= RANGE_LAST:
                raise serializers.ValidationError({name: [f"Use a date between {RANGE_FIRST} and {RANGE_LAST}."]})
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": ["`to` is before `from`."]})
        return attrs


RANGE_PARAMETERS = [
    OpenApiParameter("from", dt.date, description="First local date, YYYY-MM-DD"),
    OpenApiParameter("to", dt.date, description="Last local date, YYYY-MM-DD"),
]


class AthleteLogView(generics.ListCreateAPIView):
    """GET: the athlete's logs, newest first, filterable by ?from=&to= (local dates). POST: a new log, written
    by the athlete or by a coach on the athlete's behalf."""

    serializer_class: type[serializers.Serializer]
    model: type[Model]
    pagination_class = Pagination
    date_field = "date"  # or an instant field such as "at", filtered by local day

    @cached_property
    def athlete(self) -> AthleteProfile:
        return get_visible_athlete(self.request.user, self.kwargs["athlete_id"])

    def logs(self, athlete: AthleteProfile) -> QuerySet:
        return self.model.objects.filter(athlete=athlete)

    def store(self, athlete: AthleteProfile, data: dict[str, Any], request: Request) -> tuple[Model, bool]:
        """Store the log through a service; (row, True) when a row was created, False when one was replaced."""
        raise NotImplementedError

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "athlete": self.athlete}

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no athlete
            return self.model.objects.none()
        params = RangeSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return self.filtered(self.athlete, params.validated_data)

    def filtered(self, athlete: AthleteProfile, params: dict[str, Any]) -> QuerySet:
        logs = self.logs(athlete)
        first, last = params.get("from"), params.get("to")
        if self.date_field == "date":
            if first:
                logs = logs.filter(date__gte=first)
            if last:
                logs = logs.filter(date__lte=last)
        else:
            if first:
                logs = logs.filter(**{f"{self.date_field}__gte": local_day_bounds(athlete, first)[0]})
            if last:
                logs = logs.filter(**{f"{self.date_field}__lt": local_day_bounds(athlete, last)[1]})
        return logs

    @extend_schema(parameters=RANGE_PARAMETERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row, created = self.store(self.athlete, serializer.validated_data, request)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(self.get_serializer(row).data, status=code)
