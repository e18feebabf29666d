from typing import Any

from django.contrib import admin
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

from people.models import AthleteProfile, CoachAthlete, Invitation, User
from people.services import data_changed

# The admin writes rows directly, past the services that move an athlete's data version: whatever it changed (a
# food's values, a session, a log), any kept day summary may be stale now (intake/day_cache.py). The admin is for
# rare repairs, so one UPDATE of every athlete's version is the simple, safe answer. One object's add, change or
# delete logs an entry in the admin's own transaction; several deleted at once are logged in bulk, without a
# signal, so the site's delete action moves the versions itself.


@receiver(post_save, sender=LogEntry, dispatch_uid="people.admin.changed_in_admin")
def changed_in_admin(sender: type, created: bool, **kwargs: Any) -> None:
    if created:
        data_changed(None)


@admin.action(permissions=["delete"], description=delete_selected.short_description)
def delete_and_mark_changed(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse | None:
    response = delete_selected(modeladmin, request, queryset)
    if response is None:  # deleted (the first call only asks to confirm)
        data_changed(None)
    return response


admin.site.disable_action("delete_selected")
admin.site.add_action(delete_and_mark_changed, "delete_selected")


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
