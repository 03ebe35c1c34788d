from django.contrib import admin

from .models import AuditEvent


class SuperuserReadOnly:
    """Users' own data in the admin (journals, attempts, consents, the audit
    log): view for active superusers; no add, change or delete for anyone (so no
    delete action either); nothing for other staff, content editors included,
    whatever permissions they are given. Inlines take `obj` too."""

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


class SuperuserWrites:
    """Rows that grant rights or lead into an account (groups and their
    permissions, email addresses): staff given the view permission may look;
    only active superusers add, change or delete, whatever permissions other
    staff are given. Every action of such an admin writes, so others get none."""

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, *args) -> bool:
        return self._superuser(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._superuser(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._superuser(request) and super().has_delete_permission(request, obj)

    def get_actions(
        self, request, action_location=admin.ActionLocation.CHANGE_LIST
    ) -> dict:
        if not self._superuser(request):
            return {}
        return super().get_actions(request, action_location=action_location)


@admin.register(AuditEvent)
class AuditEventAdmin(SuperuserReadOnly, admin.ModelAdmin):
    """The audit log, as written: nobody edits or deletes an event here."""

    list_display = ["at", "action", "user_ref", "user", "ip_address", "target", "path"]
    list_select_related = ["user"]
    list_filter = ["action"]
    date_hierarchy = "at"
    # Account numbers and email addresses match whole (3 is not 13), network
    # addresses by their start (203.0.113. finds the whole network).
    # "owner:12" finds the opens of account 12's report links (the detail
    # journal writes), whose reader, the event's user, is usually nobody.
    search_fields = ["=user_ref", "^ip_address", "=user__email", "=detail"]
    show_full_result_count = False
