"""POST /athletes/{id}/workouts/import/ (docs/api.md, "Added in turn 2", Workout files). Thin: size, read, store.
GET /athletes/{id}/workouts/{log_id}/export.tcx: the other way, a done workout as a TCX file."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from people.selectors import get_visible_athlete
from training import import_services, workout_export
from training import selectors as training_selectors
from training.serializers import WorkoutLogSerializer
from training.workout_files import MAX_FILE_BYTES, WorkoutFileError

# The multipart envelope around the file: field names, boundaries, headers.
MULTIPART_OVERHEAD_BYTES = 64 * 1024
LIMIT = f"{MAX_FILE_BYTES // (1024 * 1024)} MB"
TOO_LARGE = f"The file is larger than {LIMIT}; send one workout."


class WorkoutFileInSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=f"A FIT, TCX or GPX file of one workout, at most {LIMIT}.")


def _file_errors(message: str) -> Response:
    return Response({"file": [message]}, status=status.HTTP_400_BAD_REQUEST)


class WorkoutImportView(APIView):
    parser_classes = [MultiPartParser]
    max_body_bytes = MAX_FILE_BYTES + MULTIPART_OVERHEAD_BYTES  # this route's own limit (core.body_limits)

    @extend_schema(
        request={"multipart/form-data": WorkoutFileInSerializer},
        responses={
            201: OpenApiResponse(
                WorkoutLogSerializer,
                description='The workout read from the file, with `source` "file", the heart-rate load and the '
                "planned `session` it did (same local day and modality) or null. Its `rpe` and `load` are null "
                "until the athlete gives the RPE (PATCH the workout).",
            ),
            400: OpenApiResponse(
                inline_serializer("WorkoutFileError", {"file": serializers.ListField(child=serializers.CharField())}),
                description='`{"file": ["why the file cannot be used"]}`: empty, over the size limit, damaged, '
                "not a workout file, or without timestamps. Nothing is stored.",
            ),
            404: OpenApiResponse(description="No such athlete, or not one the caller may log for."),
            409: OpenApiResponse(
                inline_serializer(
                    "WorkoutFileDuplicate", {"detail": serializers.CharField(), "workout": serializers.IntegerField()}
                ),
                description="This athlete imported the same file before: `workout` is that workout's id.",
            ),
        },
    )
    def post(self, request: Request, athlete_id: int) -> Response:
        athlete = get_visible_athlete(request.user, athlete_id)  # who may log a workout may import one
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_FILE_BYTES + MULTIPART_OVERHEAD_BYTES:  # refused before the body is read
            return _file_errors(TOO_LARGE)
        uploads = request.FILES.getlist("file")
        if not uploads:
            return _file_errors("Send a FIT, TCX or GPX file in the form field named file.")
        if len(uploads) > 1:  # one would be read and the others dropped without a word
            return _file_errors("Send one file at a time here; the workout page takes several files or a zip.")
        [upload] = uploads
        if upload.size > MAX_FILE_BYTES:
            return _file_errors(TOO_LARGE)
        try:
            row = import_services.import_workout_file(athlete=athlete, data=upload.read(), by=request.user)
        except WorkoutFileError as error:
            return _file_errors(str(error))
        except import_services.DuplicateWorkoutFile as duplicate:
            return Response(
                {"detail": "This file was imported already.", "workout": duplicate.workout_id},
                status=status.HTTP_409_CONFLICT,
            )
        data = WorkoutLogSerializer(row, context={"request": request, "athlete": athlete}).data
        return Response(data, status=status.HTTP_201_CREATED)


class WorkoutTcxView(APIView):
    @extend_schema(
        operation_id="athletes_workouts_export_tcx",
        description="A done workout as a TCX file (Training Center XML v2) to download: one activity whose lap holds "
        "the start, the moving time, the distance and, when a file gave them, the average and maximum heart rate; "
        "the session RPE and the heart-rate load are in its notes. Whoever may read the workout may download it.",
        responses={
            (200, workout_export.TCX_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The TCX file."),
            404: OpenApiResponse(description="No such workout, or not one the caller may read."),
        },
    )
    def get(self, request: Request, athlete_id: int, log_id: int) -> HttpResponse:
        athlete = get_visible_athlete(request.user, athlete_id)  # who may read the workout
        workout = training_selectors.workout_of(athlete, log_id)
        if workout is None:  # never existed, or another athlete's: the same answer
            raise Http404("No such workout.")
        data = workout_export.tcx(workout_export.exported(workout, athlete.time_zone, athlete.preferred_session_time))
        response = HttpResponse(data, content_type=f"{workout_export.TCX_MEDIA_TYPE}; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="workout-{workout.date.isoformat()}-{workout.pk}.tcx"'
        return response
