"""Shared pieces for the athlete log endpoints (docs/api.md, Logs; "Correcting logs"): who may write, local dates,
list filters, and one log read, corrected or removed."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from people.api import Pagination
from people.models import AthleteProfile
from people.selectors import athlete_logs, get_visible_athlete, logs_in

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

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        # A query string's `?to=` would read as no bound at all; say so instead of answering every row.
        blank = {name: ["Give a date, YYYY-MM-DD, or leave the parameter out."] for name in ("from", "to")}
        blank = {name: why for name, why in blank.items() if hasattr(data, "get") and data.get(name) == ""}
        if blank:
            raise serializers.ValidationError(blank)
        return super().to_internal_value(data)

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
        return athlete_logs(self.model, athlete)

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
        first, last = params.get("from"), params.get("to")
        if self.date_field == "date":
            since, before = first, last and last + dt.timedelta(days=1)
        else:  # an instant: the local days' bounds
            since = first and local_day_bounds(athlete, first)[0]
            before = last and local_day_bounds(athlete, last)[1]
        return logs_in(self.logs(athlete), self.date_field, since=since, before=before)

    @extend_schema(parameters=RANGE_PARAMETERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        row, created = self.store(self.athlete, serializer.validated_data, request)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        # The stored row answers through the serializer that checked it, as DRF's own save() does: a second
        # serializer would build every field again (issue 16).
        serializer.instance = row
        return Response(serializer.data, status=code)


class AthleteLogDetailView(generics.GenericAPIView):
    """GET: one log, as the list shows it. PATCH: correct some of its fields, checked as when it was created.
    DELETE: remove it. Whoever may log for the athlete may do so (the athlete, their coaches, staff); anyone else,
    and a log of another athlete, gets 404."""

    serializer_class: type[serializers.Serializer]
    model: type[Model]
    lookup_url_kwarg = "log_id"
    http_method_names = ["get", "patch", "delete", "head", "options"]

    @cached_property
    def athlete(self) -> AthleteProfile:
        return get_visible_athlete(self.request.user, self.kwargs["athlete_id"])

    def logs(self, athlete: AthleteProfile) -> QuerySet:
        return athlete_logs(self.model, athlete)

    def change(self, row: Model, data: dict[str, Any], request: Request) -> Model:
        """Store the corrected fields through a service; the row as the response shows it."""
        raise NotImplementedError

    def remove(self, row: Model, request: Request) -> None:
        """Delete the row through a service."""
        raise NotImplementedError

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "athlete": self.athlete}

    def get_queryset(self) -> QuerySet:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no athlete
            return self.model.objects.none()
        return self.logs(self.athlete)

    def get_object(self) -> Model:
        row = self.get_queryset().filter(pk=self.kwargs[self.lookup_url_kwarg]).first()
        if row is None:  # never existed, or another athlete's: the same answer
            raise Http404("No such log.")
        row.athlete = self.athlete  # known already: no query to follow the foreign key
        return row

    @extend_schema(description="The log, as the list shows it.")
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        description="Correct the fields sent, checked as on creation (400 names the field and the reason; nothing "
        "is changed then). The day summary, load and recovery check follow, on both days when the log moves."
    )
    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        row = self.get_object()
        serializer = self.get_serializer(row, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(self.change(row, dict(serializer.validated_data), request)).data)

    @extend_schema(description="Remove the log; the day summary, load and recovery check follow.")
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.remove(self.get_object(), request)
        return Response(status=status.HTTP_204_NO_CONTENT)
