"""Users' journals in the admin: superusers may read them, nobody may change
them here, and other staff (content editors included) do not see them at all,
whatever permissions they are given. psoasapp's audit middleware records every
page that shows them."""

from django.contrib import admin

from .models import CheckIn, Plan, Session, SessionExercise


class SuperuserReadOnly:
    """Health data: view for active superusers, no add, change or delete for
    anyone (so no delete action either). Inlines take `obj` too."""

    view_on_site = False  # the site's pages answer 404 to anyone but the owner

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return self._superuser(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._superuser(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(SuperuserReadOnly, admin.ModelAdmin):
    list_display = ["user", "weekly_target", "routine", "time_zone"]
    list_select_related = ["user", "routine"]
    search_fields = ["=user__id", "user__email"]
    ordering = ["user__email"]


@admin.register(CheckIn)
class CheckInAdmin(SuperuserReadOnly, admin.ModelAdmin):
    list_display = ["date", "user", "pain_score", "warning_signs", "updated_at"]
    list_select_related = ["user"]
    list_filter = [
        "numbness_or_tingling",
        "loss_of_function",
        "sudden_onset",
        "accompanying_symptoms",
    ]
    date_hierarchy = "date"
    search_fields = ["=user__id", "user__email"]

    @admin.display(description="warning signs")
    def warning_signs(self, check_in: CheckIn) -> str:
        return "; ".join(check_in.warning_sign_labels) or "-"


class SessionExerciseInline(SuperuserReadOnly, admin.TabularInline):
    model = SessionExercise
    fields = ["exercise", "sets", "reps", "hold_seconds"]
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
