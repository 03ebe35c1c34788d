import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditAction(models.TextChoices):
    LOGIN = "login", "Logged in"
    LOGIN_FAILED = "login_failed", "Failed login"
    ACCESS_REFUSED = "access_refused", "Refused access to another user's object"
    STAFF_VIEW = "staff_view", "Staff viewed health data"
    ACCOUNT_EXPORT = "account_export", "Downloaded their data"
    ACCOUNT_DELETE = "account_delete", "Deleted their account"
    SHARE_CREATE = "share_create", "Made a link to their report"
    SHARE_VIEW = "share_view", "Opened a shared report"
    SHARE_REVOKE = "share_revoke", "Revoked a link to their report"


class AuditEventQuerySet(models.QuerySet):
    def older_than(self, cutoff: datetime.datetime) -> Self:
        """The events written before `cutoff` (one written at it is kept)."""
        return self.filter(at__lt=cutoff)


class AuditEvent(models.Model):
    """Who did what, when (UTC) and from where. Written by `core.audit`, never
    edited. The user link is emptied when the account is deleted, so no row
    belongs to a deleted user; `user_ref` keeps the account's number."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    user_ref = models.CharField(
        "account", max_length=40, blank=True, help_text="The account's number."
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    target = models.CharField(
        max_length=200, blank=True, help_text="What was viewed or refused."
    )
    detail = models.CharField(max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        # The table psoasapp's first audit migration made: the model moved to
        # core in its state only (core/migrations/0001_auditevent.py).
        db_table = "psoasapp_auditevent"
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["action", "-at"], name="audit_action_at"),
            # A target's events of one action, newest first: a share link's
            # opens are counted in it and its newest read down it, however
            # many there are (journal.selectors.report_shares).
            models.Index(
                fields=["action", "target", "-at", "-id"],
                name="audit_action_target_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M:%S} UTC"


class HealthProbe(models.Model):
    """Never holds a row. /healthz inserts one inside a transaction and rolls
    it back (core/health.py), which proves the database takes writes (not
    read-only, not a standby, the file writable) without changing any data and
    without needing the right to create tables."""

    checked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Health probe of {self.checked_at:%Y-%m-%d %H:%M:%S} UTC"
