from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from people.models import AthleteProfile, CoachAthlete, Invitation, User


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
