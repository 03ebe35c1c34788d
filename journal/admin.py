"""Users' journals in the admin: superusers may read them, nobody may change
them here, and other staff (content editors included) do not see them at all,
whatever permissions they are given. core's audit middleware records every
page that shows them (health data, declared in journal/privacy.py).

The one piece of content here, the check-in's triggers ("what made it
worse"), is managed by content editors."""

from django.contrib import admin

from core.admin import SuperuserReadOnly
from exercises import selectors as content

from . import triage
from .models import (
    CheckIn,
    FunctionRating,
    FunctionScore,
    Plan,
    ReportShare,
    Session,
    SessionExercise,
    Trigger,
)


@admin.register(Plan)
class PlanAdmin(SuperuserReadOnly, admin.ModelAdmin):
    list_display = [
        "user",
        "weekly_target",
        "routine",
        "time_zone",
        "history_answered_at",
    ]
    list_select_related = ["user", "routine"]
    search_fields = ["=user__id", "user__email"]
    ordering = ["user__email"]


@admin.register(CheckIn)
class CheckInAdmin(SuperuserReadOnly, admin.ModelAdmin):
    list_display = [
        "date",
        "user",
        "pain_score",
        "side",
        "warning_signs",
        "emergency_acknowledged_at",
        "updated_at",
    ]
    list_select_related = ["user"]
    list_filter = ["side", *(question.field for question in triage.QUESTIONS)]
    # Shown read-only, as every field here (SuperuserReadOnly).
    fieldsets = [
        (None, {"fields": ["user", "date", "pain_score"]}),
        (
            "Diary",
            {"fields": ["side", "triggers", "trigger_other", "medication"]},
        ),
        (
            "Warning signs",
            {
                "fields": [
                    *(question.field for question in triage.QUESTIONS),
                    "emergency_acknowledged_at",
                ]
            },
        ),
        (None, {"fields": ["notes"]}),
    ]
    date_hierarchy = "date"
    search_fields = ["=user__id", "user__email"]

    @admin.display(description="warning signs")
    def warning_signs(self, check_in: CheckIn) -> str:
        return "; ".join(check_in.warning_sign_labels) or "-"


class SessionExerciseInline(SuperuserReadOnly, admin.TabularInline):
    model = SessionExercise
    fields = [
        "exercise",
        "side",
        "sets",
        "reps",
        "hold_seconds",
        "planned_sets",
        "planned_reps",
        "planned_hold_seconds",
    ]
    extra = 0


@admin.register(Session)
class SessionAdmin(SuperuserReadOnly, admin.ModelAdmin):
    list_display = [
        "date",
        "user",
        "routine",
        "pain_during",
        "effort",
        "duration_minutes",
    ]
    list_select_related = ["user", "routine"]
    list_filter = ["effort"]
    date_hierarchy = "date"
    search_fields = ["=user__id", "user__email"]
    inlines = [SessionExerciseInline]


class FunctionRatingInline(SuperuserReadOnly, admin.TabularInline):
    model = FunctionRating
    fields = ["position", "activity", "ability"]
    extra = 0


@admin.register(FunctionScore)
class FunctionScoreAdmin(SuperuserReadOnly, admin.ModelAdmin):
    list_display = ["date", "user", "updated_at"]
    list_select_related = ["user"]
    date_hierarchy = "date"
    search_fields = ["=user__id", "user__email"]
    inlines = [FunctionRatingInline]


@admin.register(ReportShare)
class ReportShareAdmin(SuperuserReadOnly, admin.ModelAdmin):
    # The token is never stored; its hash is left out too.
    list_display = ["created_at", "user", "start", "end", "expires_at", "revoked_at"]
    list_select_related = ["user"]
    exclude = ["token_hash"]
    search_fields = ["=user__id", "user__email"]


@admin.register(Trigger)
class TriggerAdmin(admin.ModelAdmin):
    """The tags a check-in offers for "what made it worse today". Content
    editors manage them like the rest of the content (as do superusers, and
    staff given the trigger permissions). A trigger that check-ins carry is
    never deleted, which would take it off them: it is retired instead
    (`is_active`, "offered", unticked), and stays on those check-ins and on
    their edit form. Nothing here shows whose check-ins carry it."""

    list_display = ["name", "is_active", "position"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (
            None,
            {
                "description": "A trigger is a tag people can tick on a check-in "
                "under “What made it worse today?”. One that check-ins already "
                "carry cannot be deleted: untick “offered” to retire it. It then "
                "stays on those check-ins (and on their edit form), and new "
                "check-ins no longer offer it. Lower positions come first.",
                "fields": ["name", "slug", "position", "is_active"],
            },
        )
    ]

    def _content_editor(self, request) -> bool:
        # Asked many times a page: once a request.
        if not hasattr(request, "_content_editor"):
            request._content_editor = content.is_content_editor(request.user)
        return request._content_editor

    def has_module_permission(self, request) -> bool:
        return self._content_editor(request) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._content_editor(request) or super().has_view_permission(
            request, obj
        )

    def has_add_permission(self, request) -> bool:
        return self._content_editor(request) or super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._content_editor(request) or super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._content_editor(request) or super().has_delete_permission(
            request, obj
        )

    def get_deleted_objects(self, objs, request):
        """The "cannot delete" page (delete view and bulk action) for a
        trigger check-ins carry, saying what to do instead; without naming
        or counting the check-ins, which are the members' health data."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        used = set(
            CheckIn.triggers.through.objects.filter(trigger__in=objs).values_list(
                "trigger_id", flat=True
            )
        )
        if used:
            return (
                [],
                {},
                perms_needed,
                [
                    f"“{trigger}” is on people’s check-ins, so it cannot be "
                    "deleted: untick “offered” to retire it instead."
                    for trigger in objs
                    if trigger.pk in used
                ],
            )
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj) -> None:
        # A check-in may have been given the trigger since the page asked.
        self.delete_queryset(request, Trigger.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset) -> None:
        queryset.exclude(
            pk__in=CheckIn.triggers.through.objects.values("trigger_id")
        ).delete()
