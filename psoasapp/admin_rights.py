"""Who may change whose rights and credentials in the user admin (issue 16).

Django's user admin lets anyone with the "change user" permission tick
"Superuser status" on their own account. Here only an active superuser changes
rights (staff and superuser status, groups, permissions), touches another staff
or superuser account, or changes another account's email address or password:
an address leads to a password reset, and a member's account holds a journal
that only superusers may read."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied

# Shown on the form, never taken from a POST, unless a superuser sends it.
RIGHTS_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]
# Read-only on somebody else's account (a non-superuser's own stays editable).
CREDENTIAL_FIELDS = ["email"]


class AccountRightsAdmin:
    """For a user admin (before django.contrib.auth's UserAdmin in the bases)."""

    def _superuser(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def _someone_else(self, request, obj) -> bool:
        return obj is not None and obj.pk != request.user.pk

    def _privileged(self, obj) -> bool:
        return obj.is_staff or obj.is_superuser

    def _out_of_reach(self, request, obj) -> bool:
        """Another staff or superuser account, for anyone but a superuser."""
        return (
            not self._superuser(request)
            and self._someone_else(request, obj)
            and self._privileged(obj)
        )

    # Viewing too: refused (403) rather than shown read-only, so that another
    # admin's account, groups and history stay out of sight.
    def has_view_permission(self, request, obj=None) -> bool:
        return not self._out_of_reach(request, obj) and super().has_view_permission(
            request, obj
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._out_of_reach(request, obj) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting an account deletes its journal, and its confirmation page
        # counts the member's check-ins and sessions: health data, which only
        # superusers handle (a newcomer found an editor with every permission
        # deleting a member). A staff member's own account is deleted from the
        # account page.
        return self._superuser(request) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self._superuser(request):
            fields += RIGHTS_FIELDS
            if self._someone_else(request, obj):
                fields += CREDENTIAL_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self._superuser(request) or not self._someone_else(request, obj):
            return fieldsets
        # The password row's only use is its link to the password page, which
        # answers 403 here.
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f != "password"],
                },
            )
            for name, options in fieldsets
        ]

    def user_change_password(self, request, id, form_url=""):
        """Setting another account's password takes that account over."""
        user = self.get_object(request, unquote(id))
        if not self._superuser(request) and self._someone_else(request, user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def refuse_privileged(self, request, objs) -> None:
        """For the bulk delete, which asks no per-row permission: one staff
        account in the selection refuses all. The user admin's own
        get_deleted_objects and delete_queryset call this first."""
        if not self._superuser(request) and any(self._privileged(obj) for obj in objs):
            raise PermissionDenied
