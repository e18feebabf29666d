from datetime import timedelta

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from trainer.models import AthleteProfile, CoachAthlete, Invitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "role", "is_staff", "is_active", "date_joined"]
    list_filter = ["role", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["name", "role"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "name", "role", "password1", "password2"]})]


class CoachLinkInline(admin.TabularInline):
    model = CoachAthlete
    extra = 0
    autocomplete_fields = ["coach"]


@admin.register(AthleteProfile)
class AthleteProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "sport", "level", "sex", "time_zone", "units"]
    list_filter = ["sport", "level", "sex", "units"]
    search_fields = ["user__email", "user__name"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    inlines = [CoachLinkInline]
    actions = ["export_logs"]

    @admin.action(description="Export logs of the last 90 days (CSV)")
    def export_logs(self, request: HttpRequest, queryset: QuerySet[AthleteProfile]) -> HttpResponse:
        from intake.export import to_csv

        last = timezone.localdate()
        first = last - timedelta(days=89)
        body = "".join(to_csv(athlete, first, last) for athlete in queryset.select_related("user"))
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="trainer-logs-{first}-{last}.csv"'
        return response


@admin.register(CoachAthlete)
class CoachAthleteAdmin(admin.ModelAdmin):
    list_display = ["coach", "athlete", "added_at"]
    list_select_related = ["coach", "athlete__user"]
    autocomplete_fields = ["coach", "athlete"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "invited_by", "created_at", "sent_at", "accepted_at"]
    list_select_related = ["invited_by"]
    readonly_fields = ["created_at", "sent_at", "accepted_at"]
    search_fields = ["email"]
