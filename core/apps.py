from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer every app may import: audit recording, owner access,
    the admin's read-only mixin and the registry of personal data. It imports
    no other app of the project."""

    name = "core"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.utils.module_loading import autodiscover_modules

        from . import audit, checks  # noqa: F401 (checks registers itself)

        user_logged_in.connect(audit.on_user_logged_in, dispatch_uid="audit_login")
        user_login_failed.connect(
            audit.on_user_login_failed, dispatch_uid="audit_login_failed"
        )
        # Every app's declaration of the personal data it stores, found the
        # way the admin finds admin.py.
        autodiscover_modules("privacy")
