"""Reminders a person chose (journal.reminders), their deliveries, and their
private calendar feed."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

# Monday is bit 0, as in datetime.date.weekday(); 127 is every day.
EVERY_DAY = 0b1111111


class ReminderKind(models.TextChoices):
    SESSION = "session", "Session reminder"
    CHECK_IN = "check_in", "Check-in reminder"


class ReminderQuerySet(models.QuerySet):
    def on(self):
        return self.filter(enabled=True)


class Reminder(models.Model):
    """One kind of reminder of one person: the days and local time (in their
    plan's zone) it is due, and whether they turned it on. Off until they do:
    `enabled_at` records the opt-in like a consent, `disabled_at` when and
    `disabled_by` how it was turned off."""

    class DisabledBy(models.TextChoices):
        PAGE = "page", "Reminders page"
        LINK = "link", "Unsubscribe link in an email"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=16, choices=ReminderKind)
    enabled = models.BooleanField("email me", default=False)
    # A set of weekdays as bits (Monday = 1, Sunday = 64): one small column
    # the scheduler can test in SQL.
    days = models.PositiveSmallIntegerField(default=EVERY_DAY)
    time = models.TimeField("local time")
    enabled_at = models.DateTimeField("turned on at", null=True, blank=True)
    disabled_at = models.DateTimeField("turned off at", null=True, blank=True)
    disabled_by = models.CharField(max_length=8, choices=DisabledBy, blank=True)
    # When the days, time or switch last changed: a reminder is sent only for
    # a due time after this, so turning one on at 08:30 for 08:00 sends
    # nothing until tomorrow.
    armed_at = models.DateTimeField("days or time last changed at")

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="reminder_one_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(days__gte=0) & Q(days__lte=EVERY_DAY),
                name="reminder_days_are_weekdays",
            ),
        ]
        indexes = [
            models.Index(
                fields=["kind", "time"],
                condition=Q(enabled=True),
                name="reminder_on_by_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.user}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the worker"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Not needed"
    FAILED = "failed", "Failed"


class ReminderDelivery(models.Model):
    """One reminder due on one local date: made once by the scheduler (the
    unique constraint is what keeps two runs, or two schedulers, from sending
    it twice) and then claimed, sent or skipped by a worker."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_deliveries",
    )
    kind = models.CharField(max_length=16, choices=ReminderKind)
    local_date = models.DateField()
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=DeliveryStatus, default=DeliveryStatus.PENDING
    )
    # Why it was skipped or failed (journal.reminders.delivery.Skip).
    reason = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The last time a task was queued for it: the scheduler queues it again
    # when that task seems lost.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # The worker's claim: a claim older than the lease is a worker that died.
    claim = models.UUIDField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-local_date", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "local_date"],
                name="reminder_delivery_once_a_day",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "enqueued_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="reminder_delivery_open",
            ),
        ]
        verbose_name_plural = "reminder deliveries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.local_date}"


class CalendarFeed(models.Model):
    """A person's private calendar address. Only a SHA-256 hash of its token
    is stored: the address is shown once, when made or rotated. Revoking it
    deletes the row."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    # Stays the same when the token is rotated: calendar apps match events
    # by UID, so a new address does not duplicate them.
    uid = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
