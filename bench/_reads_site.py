"""The site bench/reads.py measures: the project's own routes behind its whole middleware stack, with a view that
only runs `SELECT 1` beside them as the reference. Imported in the benchmark's process (Django's WSGI handler,
no network) and by the gunicorn workers it starts (over HTTP, as issue 16 measured). Settings come from the
environment bench/reads.py sets.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = __name__  # this module: `SELECT 1` first, then every route of the project
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import include, path  # noqa: E402


def select_one(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return JsonResponse({"one": one})


urlpatterns = [path("bench/select-one/", select_one), path("", include("trainer.urls"))]
application = get_wsgi_application()
