"""A read-only link to a person's report for a clinician: a random token of
which only a hash is stored, for a date range, valid for a few days."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from ..rules import EARLIEST_DATE

# The choices of how long a link works, in days.
SHARE_DAYS = (7, 30, 90)
SHARE_LABEL_MAX_LENGTH = 80


class ReportShareQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def working(self, now: datetime.datetime):
        """The links that open: not revoked, not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ReportShare(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # sha256 of the token, hex: the token itself is shown once, never stored.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    start = models.DateField()
    end = models.DateField()
    # Whether the report shows the person's email address beside their name.
    shows_email = models.BooleanField(default=False)
    # For the person's own list ("for Dr Patel"); never shown to the reader.
    label = models.CharField(max_length=SHARE_LABEL_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The one-time token of the form that made it: the same form sent again
    # (a double click, two requests at once) finds this link instead of
    # making a second one whose address would never be shown.
    form_token = models.UUIDField(null=True, blank=True, editable=False)

    objects = ReportShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "form_token"], name="report_share_once_per_form"
            ),
            models.CheckConstraint(
                condition=Q(start__lte=F("end")), name="report_share_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(start__gte=EARLIEST_DATE),
                name="report_share_from_2000",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="report_share_expires_after_made",
            ),
        ]

    def __str__(self) -> str:
        return f"Report link #{self.pk}"

    def is_working(self, now: datetime.datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at
