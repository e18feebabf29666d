"""Staff and coaches' view of plans. Generating and editing go through the same services as the API, so the
admin enforces the same rules and shows their sentences."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from core.errors import ServiceError
from plans import services
from plans.models import (
    BlockExercise,
    Exercise,
    Fixture,
    PlanAdjustment,
    PlanSession,
    PlanTemplate,
    PlanWeek,
    RuleOverride,
    SessionBlock,
    TrainingBlock,
)


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "modality", "equipment", "owner"]
    list_filter = ["category", "modality"]
    search_fields = ["name", "slug", "instructions"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["owner"]


class SessionInline(admin.TabularInline):
    model = PlanSession
    fields = ["date", "title", "modality", "intensity", "planned_minutes", "planned_rpe", "override_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


class OverrideInline(admin.TabularInline):
    model = RuleOverride
    fields = ["rule", "message", "reason", "author", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class GeneratePlanForm(forms.ModelForm):
    class Meta:
        model = PlanWeek
        fields = ["athlete", "week_start"]

    def clean_week_start(self) -> Any:
        week_start = self.cleaned_data["week_start"]
        if week_start.weekday() != 0:
            raise forms.ValidationError("week_start must be a Monday.")
        return week_start

    def validate_unique(self) -> None:
        pass  # generating replaces a draft of the same week

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        athlete, week_start = data.get("athlete"), data.get("week_start")
        published = PlanWeek.objects.filter(athlete=athlete, week_start=week_start, status="published")
        if athlete and week_start and published.exists():
            raise forms.ValidationError("This week is published already; edit its sessions instead.")
        return data


@admin.register(PlanWeek)
class PlanWeekAdmin(admin.ModelAdmin):
    list_display = ["athlete", "week_start", "status", "week_kind", "block_week", "published_at"]
    list_filter = ["status", "week_kind", "week_start"]
    search_fields = ["athlete__user__email", "athlete__user__name"]
    list_select_related = ["athlete__user"]
    raw_id_fields = ["athlete", "author"]
    readonly_fields = ["status", "block", "week_kind", "block_week", "author", "unmet_wishes", "published_at"]
    inlines = [SessionInline, OverrideInline]
    actions = ["publish"]

    def get_form(self, request: HttpRequest, obj: PlanWeek | None = None, **kwargs: Any) -> type[forms.ModelForm]:
        if obj is None:  # "Add" generates a draft week with the engine
            kwargs["form"] = GeneratePlanForm
            kwargs["fields"] = ["athlete", "week_start"]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: PlanWeek | None = None) -> list[str]:
        return [*self.readonly_fields, "athlete", "week_start"] if obj else []

    def get_inlines(self, request: HttpRequest, obj: PlanWeek | None) -> list:
        return self.inlines if obj else []

    def save_model(self, request: HttpRequest, obj: PlanWeek, form: forms.ModelForm, change: bool) -> None:
        if change:
            return  # a week changes only through its sessions
        plan = services.generate_plan(athlete=obj.athlete, week_start=obj.week_start, author=request.user)
        obj.pk, obj.status, obj.block_week = plan.pk, plan.status, plan.block_week

    @admin.action(description="Publish the selected weeks")
    def publish(self, request: HttpRequest, queryset: QuerySet[PlanWeek]) -> None:
        refused = []
        for plan in queryset:
            try:
                services.publish_plan(plan)
            except services.PlanRuleViolation as exc:
                refused.append(f"{plan}: {exc}")
        self.message_user(request, f"Published {queryset.count() - len(refused)} week(s).")
        for line in refused:
            self.message_user(request, f"Not published, a hard limit is broken: {line}", level="error")


class BlockInline(admin.TabularInline):
    model = SessionBlock
    fields = ["order", "kind", "minutes"]
    readonly_fields = fields
    extra = 0
    can_delete = False


class SessionEditForm(forms.ModelForm):
    """Edits checked against the plan rules; a breach is shown with its code and sentence, and is accepted
    only with an override reason."""

    override_reason = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Needed to accept a rule breach."
    )

    class Meta:
        model = PlanSession
        fields = ["date", "title", "modality", "intensity", "planned_rpe", "planned_minutes", "start_time"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        changes = {field: data[field] for field in self.changed_data if field in self.Meta.fields}
        reason = data.get("override_reason", "")
        try:
            services.check_session_update(session=self.instance_before, data=changes, override_reason=reason)
        except services.PlanRuleViolation as exc:
            for v in exc.violations:
                self.add_error(None, f"[{v.rule}] {v.message}")
        except ServiceError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        self.changes = changes
        return data

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # ModelForm writes cleaned values onto the instance; the service needs the stored session.
        self.instance_before = PlanSession.objects.select_related("plan__athlete__user").get(pk=self.instance.pk)


@admin.register(PlanSession)
class PlanSessionAdmin(admin.ModelAdmin):
    form = SessionEditForm
    list_display = ["title", "date", "modality", "intensity", "planned_minutes", "plan"]
    list_filter = ["intensity", "modality"]
    list_select_related = ["plan__athlete__user"]
    search_fields = ["title", "plan__athlete__user__email"]
    inlines = [BlockInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # sessions are added to a week through the API or the plan editor

    def save_model(self, request: HttpRequest, obj: PlanSession, form: SessionEditForm, change: bool) -> None:
        reason = form.cleaned_data.get("override_reason", "")
        services.update_session(
            session=form.instance_before, data=form.changes, author=request.user, override_reason=reason
        )


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "created_at"]
    search_fields = ["name"]
    raw_id_fields = ["owner"]


@admin.register(RuleOverride)
class RuleOverrideAdmin(admin.ModelAdmin):
    list_display = ["rule", "figure_text", "plan", "reason", "author", "created_at"]
    list_filter = ["rule"]
    list_select_related = ["plan__athlete__user", "author"]
    readonly_fields = [
        "plan", "session", "rule", "subject", "figure", "figure_text", "worse_when", "message", "reason", "author",
        "created_at",
    ]  # fmt: skip


class BlockWeekInline(admin.TabularInline):
    model = PlanWeek
    fields = ["week_start", "week_kind", "block_week", "status"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(TrainingBlock)
class TrainingBlockAdmin(admin.ModelAdmin):
    """Blocks are built by the engine (POST /athletes/{id}/blocks/ or the athlete page); here they are read."""

    list_display = ["athlete", "start", "weeks", "goal_date", "goal", "created_at"]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email", "athlete__user__name", "goal"]
    readonly_fields = ["athlete", "start", "weeks", "goal_date", "author", "created_at"]
    inlines = [BlockWeekInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Fixture)
class FixtureAdmin(admin.ModelAdmin):
    """A team athlete's matches and extra practices; plans are built around them (docs/domain.md section 11)."""

    list_display = ["athlete", "date", "start_time", "kind", "title", "minutes", "intensity"]
    list_filter = ["kind", "intensity"]
    list_select_related = ["athlete__user"]
    search_fields = ["athlete__user__email", "athlete__user__name", "title"]
    date_hierarchy = "date"
    raw_id_fields = ["athlete", "author"]


admin.site.register(SessionBlock, list_display=["session", "order", "kind", "minutes"], raw_id_fields=["session"])
admin.site.register(
    BlockExercise, list_display=["name", "block", "sets", "reps", "seconds"], raw_id_fields=["block", "exercise"]
)


@admin.register(PlanAdjustment)
class PlanAdjustmentAdmin(admin.ModelAdmin):
    list_display = ["plan", "date", "kind", "status", "created_at", "undone_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["plan__athlete__user"]
    readonly_fields = ["plan", "session", "date", "kind", "status", "reasons", "message", "before", "created_at"]
    raw_id_fields = ["undone_by"]
