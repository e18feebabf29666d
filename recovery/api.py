"""Day, load and recovery endpoints (docs/api.md: Day, load, recovery). Thin: parse, check permission, read."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from people.api import Pagination, valid_data
from people.logs import RANGE_PARAMETERS, RangeSerializer, local_today
from people.selectors import get_visible_athlete
from plans.api import VIOLATIONS, require_coach
from plans.schemas import AdjustmentOutSerializer
from plans.serializers import adjustment_json
from recovery import history, roster
from recovery import selectors as recovery_selectors
from recovery import services as recovery_services
from recovery.cramps import Cramp, factor_frequency
from recovery.schemas import (
    CrampPatternsSerializer,
    LoadSeriesSerializer,
    RecoveryRosterSerializer,
    UndoAdjustmentSerializer,
)
from training.models import CrampEpisode

# A load window longer than a year is a mistake or an attack on the server's time.
MAX_LOAD_DAYS = 366


class FactorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    kind = serializers.ChoiceField(
        choices=["factor", "not_logged"],
        help_text="factor: it preceded the cramp. not_logged: data the factors need was not logged (code "
        "water_not_logged, meals_not_logged, checkin_not_logged or workouts_not_logged), so they are unknown.",
    )


class LoadView(APIView):
    @extend_schema(parameters=RANGE_PARAMETERS, responses=LoadSeriesSerializer)
    def get(self, request: Request, athlete_id: int) -> Response:
        athlete = get_visible_athlete(request.user, athlete_id)
        params = RangeSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        last = params.validated_data.get("to") or local_today(athlete)
        first = params.validated_data.get("from") or last - dt.timedelta(days=27)
        if (last - first).days >= MAX_LOAD_DAYS:
            return Response({"from": [f"Ask for at most {MAX_LOAD_DAYS} days."]}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"results": history.load_rows(athlete, first, last)})


def _cramp(athlete_id: int, cramp_id: int, user: Any) -> tuple[Any, CrampEpisode]:
    athlete = get_visible_athlete(user, athlete_id)
    cramp = recovery_selectors.cramp_of(athlete, cramp_id)
    if cramp is None:
        raise Http404("No such cramp.")
    return athlete, cramp


class CrampFactorsView(APIView):
    """What preceded that cramp in the 72 hours before: factors, never causes (docs/domain.md §6)."""

    @extend_schema(responses=FactorSerializer(many=True))
    def get(self, request: Request, athlete_id: int, cramp_id: int) -> Response:
        athlete, cramp = _cramp(athlete_id, cramp_id, request.user)
        report = history.cramp_report(athlete, cramp)  # the cramp pages read the same report
        factors = [
            {"code": str(f.code), "message": f.message, "value": f.value, "kind": "factor"} for f in report.factors
        ]
        # Issue 14: what was not logged follows, so "no factor" is never read as "nothing was wrong" (added items,
        # told apart by the added `kind`).
        unknown = [
            {"code": str(m.code), "message": m.message, "value": None, "kind": "not_logged"} for m in report.missing
        ]
        response = Response(factors + unknown)
        # The list is the contract; the summary (and its "see a healthcare professional") rides in headers too.
        response["X-Cramp-Summary"] = report.summary.encode("ascii", "replace").decode()
        return response


class CrampPatternView(APIView):
    """Per athlete: how often each factor preceded a cramp, against days without one (last 90 days)."""

    @extend_schema(responses=CrampPatternsSerializer)
    def get(self, request: Request, athlete_id: int) -> Response:
        athlete = get_visible_athlete(request.user, athlete_id)
        last = local_today(athlete)
        past = history.athlete_history(athlete, last - dt.timedelta(days=89), last)
        zone = ZoneInfo(athlete.time_zone)
        cramps = [
            Cramp(c.at.astimezone(zone), c.severity)
            for c in recovery_selectors.cramps_since(athlete, timezone.now() - dt.timedelta(days=90))
        ]
        rows = factor_frequency(list(past.days.values()), cramps, past.cramp_profile())
        return Response(
            {
                "days": 90,
                "cramps": len(cramps),
                "factors": [
                    {
                        "code": str(r.code),
                        "cramp_days": r.cramp_days,
                        "cramp_days_with_factor": r.cramp_days_with_factor,
                        "other_days": r.other_days,
                        "other_days_with_factor": r.other_days_with_factor,
                        "cramp_day_share": r.cramp_day_share,
                        "other_day_share": r.other_day_share,
                    }
                    for r in rows
                ],
            }
        )


class RosterView(APIView):
    @extend_schema(responses=RecoveryRosterSerializer)
    def get(self, request: Request) -> Response:
        require_coach(request.user, "The roster is for coaches.")
        return Response({"results": roster.roster(request.user, timezone.now())})


class AlertSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    athlete = serializers.IntegerField(source="athlete_id")
    athlete_name = serializers.CharField(source="athlete.__str__")
    date = serializers.DateField()
    status = serializers.CharField()
    message = serializers.CharField()
    reasons = serializers.ListField(child=serializers.DictField())
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class AlertFilterSerializer(serializers.Serializer):
    # `?unread=0` once read as "unread only" (any text is true); now true/false, 1/0, or left out.
    unread = serializers.BooleanField(required=False, default=False)


class AlertsView(generics.ListAPIView):
    """The coach's alerts, newest first; `?unread=1` for the unread ones."""

    serializer_class = AlertSerializer
    pagination_class = Pagination

    def get_queryset(self):  # noqa: ANN201
        unread = valid_data(AlertFilterSerializer, self.request.query_params)["unread"]
        return recovery_selectors.coach_alerts(self.request.user, unread=unread)

    @extend_schema(parameters=[AlertFilterSerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class AlertReadView(APIView):
    @extend_schema(request=None, responses=AlertSerializer)
    def post(self, request: Request, alert_id: int) -> Response:
        alert = recovery_selectors.coach_alerts(request.user).filter(pk=alert_id).first()
        if alert is None:
            raise Http404("No such alert.")
        return Response(AlertSerializer(recovery_services.mark_alert_read(alert)).data)


class UndoAdjustmentView(APIView):
    @extend_schema(request=UndoAdjustmentSerializer, responses={200: AdjustmentOutSerializer, 400: VIOLATIONS})
    def post(self, request: Request, adjustment_id: int) -> Response:
        require_coach(request.user, "Only coaches undo adjustments.")
        adjustment = recovery_selectors.adjustment_for(request.user, adjustment_id)
        if adjustment is None:
            raise Http404("No such adjustment.")
        reason = str(request.data.get("override_reason", ""))[:1000] if isinstance(request.data, dict) else ""
        done = recovery_services.undo_adjustment(adjustment, request.user, reason)
        return Response(adjustment_json(done))
