"""Users' journals in the admin: superusers may read them, nobody may change
them here, and other staff (content editors included) do not see them at all,
whatever permissions they are given. core's audit middleware records every
page that shows them (health data, declared in journal/privacy.py)."""

from django.contrib import admin

from core.admin import SuperuserReadOnly

from . import triage
from .models import (
    CheckIn,
    FunctionRating,
    FunctionScore,
    Plan,
    ReportShare,
    Session,
    SessionExercise,
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
        "warning_signs",
        "emergency_acknowledged_at",
        "updated_at",
    ]
    list_select_related = ["user"]
    list_filter = [question.field for question in triage.QUESTIONS]
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
