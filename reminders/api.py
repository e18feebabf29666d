"""REST API for reminder preferences: `GET/PATCH /api/v1/athletes/{id}/reminders/` and `/api/v1/me/reminders/`.

Thin: parse, check visibility (404 for athletes the caller may not see), call a service, render.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from people import rules as people
from people.api import LocalTimeField
from people.models import User
from people.selectors import get_visible_athlete
from reminders import selectors, services, timing


class NextReminderSerializer(serializers.Serializer):
    at = serializers.CharField(
        allow_null=True, help_text="When it is next due, in the person's zone with its offset; null: none soon."
    )
    words = serializers.CharField(help_text='For people, e.g. "Next: today at 14:00, if you are behind on water then."')


class ReminderPreferenceSerializer(serializers.Serializer):
    kinds = serializers.DictField(
        child=serializers.BooleanField(),
        required=False,
        help_text="Kind -> on/off. Athletes: hydration, pre_session, post_session, rest_day, checkin, "
        "recovery_alert. Coaches: recovery_alert, coach_digest.",
    )
    waking_start = LocalTimeField(required=False, help_text="Local time, e.g. 07:00.")
    waking_end = LocalTimeField(required=False, help_text="Local time, after waking_start.")
    quiet_weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        max_length=7,
        required=False,
        help_text="No reminders on these weekdays (Monday = 0).",
    )
    hydration_interval_hours = serializers.IntegerField(
        min_value=timing.MIN_HYDRATION_INTERVAL_HOURS, max_value=timing.MAX_HYDRATION_INTERVAL_HOURS, required=False
    )
    email = serializers.EmailField(required=False, allow_blank=True, help_text="Empty: the account's email.")
    time_zone = serializers.CharField(
        max_length=64, required=False, help_text="Coaches only; an athlete's reminders follow their profile's zone."
    )
    next_due = serializers.DictField(
        child=serializers.DateTimeField(allow_null=True), read_only=True, help_text="Per kind, UTC."
    )
    next_reminders = serializers.DictField(
        child=NextReminderSerializer(),
        read_only=True,
        help_text="Per kind: when the next reminder is due on the person's own clock, and in words.",
    )

    def validate_kinds(self, value: dict[str, bool]) -> dict[str, bool]:
        allowed = self.context["allowed_kinds"]
        unknown = [k for k in value if k not in allowed]
        if unknown:
            raise serializers.ValidationError(
                f"Unknown reminder kind {', '.join(sorted(unknown))}; use {', '.join(allowed)}."
            )
        return value

    def validate_time_zone(self, value: str) -> str:
        if not self.context["own_zone"]:
            raise serializers.ValidationError("An athlete's reminders follow the profile's time_zone; change it there.")
        if not people.is_iana_zone(value):
            raise serializers.ValidationError(f'"{value}" is not an IANA time zone such as "Europe/Berlin".')
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        current = self.context["preference"]
        start = attrs.get("waking_start", current.waking_start)
        end = attrs.get("waking_end", current.waking_end)
        if end <= start:
            field = "waking_end" if "waking_end" in attrs else "waking_start"
            raise serializers.ValidationError({field: ["Waking hours must end after they start."]})
        return attrs


def _representation(user: User) -> dict[str, Any]:
    preference = selectors.preference_of(user)
    athlete = selectors.athlete_of(user)
    return {
        "kinds": {kind.value: preference.is_on(kind) for kind in selectors.kinds_for(user)},
        "waking_start": preference.waking_start.strftime("%H:%M"),
        "waking_end": preference.waking_end.strftime("%H:%M"),
        "quiet_weekdays": sorted(preference.quiet_weekdays or []),
        "hydration_interval_hours": preference.hydration_interval_hours,
        "email": preference.email,
        "time_zone": athlete.time_zone if athlete is not None else preference.time_zone,
        "next_due": selectors.next_due_by_kind(user),
        "next_reminders": {
            str(n.kind): {"at": n.at.isoformat() if n.at else None, "words": n.words}
            for n in selectors.next_reminders(user, timezone.now())
        },
    }


class _PreferenceView(APIView):
    def _user(self, request: Request, **kwargs: Any) -> User:
        raise NotImplementedError

    @extend_schema(responses=ReminderPreferenceSerializer)
    def get(self, request: Request, **kwargs: Any) -> Response:
        user = self._user(request, **kwargs)
        return Response(ReminderPreferenceSerializer(_representation(user)).data)

    @extend_schema(request=ReminderPreferenceSerializer, responses=ReminderPreferenceSerializer)
    def patch(self, request: Request, **kwargs: Any) -> Response:
        user = self._user(request, **kwargs)
        serializer = ReminderPreferenceSerializer(
            data=request.data,
            partial=True,
            context={
                "allowed_kinds": [k.value for k in selectors.kinds_for(user)],
                "own_zone": selectors.athlete_of(user) is None,
                "preference": selectors.preference_of(user),
            },
        )
        serializer.is_valid(raise_exception=True)
        services.update_preferences(user, serializer.validated_data)
        return Response(ReminderPreferenceSerializer(_representation(user)).data)


class AthleteRemindersView(_PreferenceView):
    """An athlete's reminder preferences: the athlete, their coaches and staff may read and change them."""

    def _user(self, request: Request, **kwargs: Any) -> User:
        return get_visible_athlete(request.user, kwargs["pk"]).user


class MyRemindersView(_PreferenceView):
    """The caller's own reminder preferences (a coach's digest and recovery alerts, or an athlete's)."""

    def _user(self, request: Request, **kwargs: Any) -> User:
        return request.user
