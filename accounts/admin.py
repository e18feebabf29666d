"""The admin's actions that read every app: the athletes' log export (accounts sits above them all)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from intake.export import to_csv
from people import admin as people_admin
from people.models import AthleteProfile

# people/admin.py registers the profile first (INSTALLED_APPS order); this one adds the export.
admin.site.unregister(AthleteProfile)


@admin.register(AthleteProfile)
class AthleteProfileAdmin(people_admin.AthleteProfileAdmin):
    actions = ["export_logs"]

    @admin.action(description="Export logs of the last 90 days (CSV)")
    def export_logs(self, request: HttpRequest, queryset: QuerySet[AthleteProfile]) -> HttpResponse:
        last = timezone.localdate()
        first = last - timedelta(days=89)
        body = "".join(to_csv(athlete, first, last) for athlete in queryset.select_related("user"))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="trainer-logs-{first}-{last}.csv"'
        return response
