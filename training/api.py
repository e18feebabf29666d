"""The training log API: workouts, check-ins and cramps, each listed, created, read, changed and removed by
the athlete or their coach (docs/api.md)."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from people.logs import AthleteLogDetailView, AthleteLogView
from people.models import AthleteProfile
from training import services as log_services
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog
from training.serializers import CheckInSerializer, CrampSerializer, WorkoutLogSerializer


class WorkoutLogView(AthleteLogView):
    serializer_class = WorkoutLogSerializer
    model = WorkoutLog

    def store(self, athlete: AthleteProfile, data: dict[str, Any], request: Request) -> tuple[WorkoutLog, bool]:
        return log_services.log_workout(athlete=athlete, data=data, by=request.user), True


class CheckInView(AthleteLogView):
    serializer_class = CheckInSerializer
    model = WellnessCheckIn

    def store(self, athlete: AthleteProfile, data: dict[str, Any], request: Request) -> tuple[WellnessCheckIn, bool]:
        return log_services.record_checkin(athlete=athlete, data=data)


class CrampView(AthleteLogView):
    serializer_class = CrampSerializer
    model = CrampEpisode
    date_field = "at"

    def store(self, athlete: AthleteProfile, data: dict[str, Any], request: Request) -> tuple[CrampEpisode, bool]:
        return log_services.log_cramp(athlete=athlete, data=data), True


class WorkoutLogDetailView(AthleteLogDetailView):
    serializer_class = WorkoutLogSerializer
    model = WorkoutLog

    def change(self, row: WorkoutLog, data: dict[str, Any], request: Request) -> WorkoutLog:
        return log_services.update_workout(workout=row, data=data)

    def remove(self, row: WorkoutLog, request: Request) -> None:
        log_services.delete_workout(workout=row)


class CheckInDetailView(AthleteLogDetailView):
    serializer_class = CheckInSerializer
    model = WellnessCheckIn

    def change(self, row: WellnessCheckIn, data: dict[str, Any], request: Request) -> WellnessCheckIn:
        return log_services.update_checkin(checkin=row, data=data)

    def remove(self, row: WellnessCheckIn, request: Request) -> None:
        log_services.delete_checkin(checkin=row)


class CrampDetailView(AthleteLogDetailView):
    serializer_class = CrampSerializer
    model = CrampEpisode

    def change(self, row: CrampEpisode, data: dict[str, Any], request: Request) -> CrampEpisode:
        return log_services.update_cramp(cramp=row, data=data)

    def remove(self, row: CrampEpisode, request: Request) -> None:
        log_services.delete_cramp(cramp=row)
