from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The bottom layer every app may import: audit recording, owner access
    and the admin's read-only mixin. It imports no other app of the project."""

    name = "core"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import audit

        user_logged_in.connect(audit.on_user_logged_in, dispatch_uid="audit_login")
        user_login_failed.connect(
            audit.on_user_login_failed, dispatch_uid="audit_login_failed"
        )
