"""The project's URLs plus views that fail the ways a request can fail, for tests/trainer/test_server_error.py."""

from django.db import OperationalError, ProgrammingError
from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from trainer.urls import handler500  # noqa: F401 (handler500 is read from here)
from trainer.urls import urlpatterns as project_urls


@api_view(["POST"])
@permission_classes([AllowAny])
def api_database_gone(request: HttpRequest) -> HttpResponse:
    raise OperationalError("server closed the connection unexpectedly")


def page_database_gone(request: HttpRequest) -> HttpResponse:
    raise OperationalError("connection refused")


@api_view(["GET"])
@permission_classes([AllowAny])
def api_bug(request: HttpRequest) -> HttpResponse:
    raise ProgrammingError("column does not exist")


urlpatterns = [
    path("api/v1/faults/database/", api_database_gone),
    path("api/v1/faults/bug/", api_bug),
    path("faults/database/", page_database_gone),
    *project_urls,
]
