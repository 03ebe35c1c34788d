# allauth's admin modules, imported before their app's turn comes (psoasapp's
# admin loads first) so that what they register is there to unregister below.
import allauth.mfa.admin  # noqa: F401
import allauth.usersessions.admin  # noqa: F401
from allauth.account.admin import EmailAddressAdmin as BaseEmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.base.internal.flows import delete_and_cleanup
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import router

from core.admin import SuperuserReadOnly, SuperuserWrites

from .admin_rights import AccountRightsAdmin
from .forms import AdminUserCreationForm, UserChangeForm
from .models import Consent, User
from .services import account_delete


@admin.register(User)
class UserAdmin(AccountRightsAdmin, BaseUserAdmin):
    form = UserChangeForm
    add_form = AdminUserCreationForm
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal info", {"fields": ["first_name", "last_name"]}),
        (
            "Permissions",
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                ]
            },
        ),
        ("Important dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "usable_password", "password1", "password2"],
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and request.user.is_superuser:
            # A superuser typed the address, as with createsuperuser: it counts
            # as confirmed, so a new editor can log in at once instead of
            # waiting for a confirmation email (ACCOUNT_EMAIL_VERIFICATION is
            # "mandatory").
            EmailAddress.objects.update_or_create(
                user=obj,
                email=obj.email.lower(),
                defaults={"verified": True, "primary": True},
            )

    def get_deleted_objects(self, objs, request):
        """Deleting an account here does what "Delete my account" does. The
        confirmation counts the rows that go, never lists them: their contents
        are health data, which the admin shows only through audited views."""
        self.refuse_privileged(request, objs)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        counts = {
            model._meta.verbose_name_plural: len(rows)
            for model, rows in collector.model_objs.items()
            if rows
        }
        return [str(obj) for obj in objs], counts, set(), []

    def delete_model(self, request, obj):
        account_delete(user=obj, request=request)

    def delete_queryset(self, request, queryset):
        self.refuse_privileged(request, queryset)
        for user in queryset:
            account_delete(user=user, request=request)


@admin.register(Consent)
class ConsentAdmin(SuperuserReadOnly, admin.ModelAdmin):
    """Who consented to which privacy notice. Viewing it is audited like the
    journal (health data in psoasapp/privacy.py)."""

    list_display = ["user", "notice_version", "accepted_at"]
    list_select_related = ["user"]
    list_filter = ["notice_version"]
    date_hierarchy = "accepted_at"
    search_fields = ["=user__id", "user__email"]


# Groups and email addresses are registered by django.contrib.auth and allauth;
# their admin modules are imported above, so they are registered already and
# are replaced here. Only superusers write to either: a group's permissions are
# rights, and an address is where a password reset goes, so changing one hands
# over its account (a member's holds a journal only superusers may read).
admin.site.unregister(Group)
admin.site.unregister(EmailAddress)


@admin.register(Group)
class GroupAdmin(SuperuserWrites, BaseGroupAdmin):
    pass


@admin.register(EmailAddress)
class EmailAddressAdmin(SuperuserWrites, BaseEmailAddressAdmin):
    pass


# Two-factor sign-in and signed-in browsers ------------------------------------
# allauth's own admins show everything to any staff member with the permission,
# the TOTP secret and recovery seed among them. Here only superusers see who
# enrolled what (never the secrets) and which browsers are signed in; they may
# remove a factor (a member who lost their phone) or sign a browser out, and
# nothing else.
admin.site.unregister(Authenticator)
admin.site.unregister(UserSession)


class SuperuserRemovesOnly(SuperuserReadOnly):
    def has_delete_permission(self, request, obj=None) -> bool:
        return self._superuser(request)


@admin.register(Authenticator)
class AuthenticatorAdmin(SuperuserRemovesOnly, admin.ModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_select_related = ["user"]
    list_filter = ["type"]
    search_fields = ["=user__id", "user__email"]
    # Never `data`: the secret, the recovery seed, the passkey's credential.
    fields = ["user", "type", "created_at", "last_used_at"]

    def delete_model(self, request, obj):
        delete_and_cleanup(request, obj)

    def delete_queryset(self, request, queryset):
        for authenticator in queryset.select_related("user"):
            delete_and_cleanup(request, authenticator)


@admin.register(UserSession)
class UserSessionAdmin(SuperuserRemovesOnly, admin.ModelAdmin):
    list_display = ["user", "created_at", "ip", "user_agent"]
    list_select_related = ["user"]
    search_fields = ["=user__id", "user__email", "^ip"]
    fields = ["user", "created_at", "ip", "user_agent"]

    def delete_model(self, request, obj):
        # Ends the browser's session too, not only the row that lists it.
        obj.end()

    def delete_queryset(self, request, queryset):
        for user_session in queryset:
            user_session.end()
