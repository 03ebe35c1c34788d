"""The periodic step (`manage.py send_reminders`, every minute from cron or a
systemd timer): make the deliveries that are due, once each, and queue a task
for each. Idempotent: a second run for the same instant (or two schedulers at
once) finds the deliveries made and queues nothing again."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q

from .. import zones
from ..models import DeliveryStatus, Reminder, ReminderDelivery
from . import rules

# A queued task not yet started after this long is taken as lost (its row
# deleted, a worker's queue emptied by hand): the delivery is queued again.
REQUEUE_AFTER = datetime.timedelta(minutes=10)
# A claim older than this is a worker that died mid-send (journal.reminders
# .delivery.LEASE is the same rule seen from the worker).
LEASE = datetime.timedelta(minutes=5)
# Deliveries older than this are left alone: their day is over anyway.
LOOK_BACK = datetime.timedelta(days=2)


@dataclass(frozen=True)
class Run:
    created: int
    queued: int


def _zone(name: str | None) -> zoneinfo.ZoneInfo:
    """A plan's zone as journal.models.Plan.zone reads it: the site's when
    there is no plan or the server no longer knows the stored name."""
    if not name or name not in zones.server_time_zones():
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return zoneinfo.ZoneInfo(name)


def deliveries_create(now: datetime.datetime) -> int:
    """Make a delivery for each reminder that is on and due at `now` (on the
    wall clock of its person's zone, within rules.CATCH_UP), unless one
    exists for its local date. Returns how many were made.

    One query per time zone in use and window, whatever the number of people.
    """
    zone_names = set(
        Reminder.objects.on().values_list("user__journal_plan__time_zone", flat=True)
    )
    due = []
    for name in zone_names:
        zone = _zone(name)
        in_zone = (
            Q(user__journal_plan__time_zone=name)
            if name
            else Q(user__journal_plan__isnull=True)
        )
        for window in rules.windows(now, zone):
            bit = 1 << window.day.weekday()
            found = (
                Reminder.objects.on()
                .filter(in_zone, time__gte=window.start, time__lte=window.end)
                .alias(on_day=F("days").bitand(bit))
                .filter(on_day__gt=0)
                .only("user_id", "kind", "time", "armed_at")
            )
            for reminder in found:
                instant = rules.due_at(window.day, reminder.time, zone)
                # Set (or turned on) after its time today: from tomorrow.
                if reminder.armed_at > instant:
                    continue
                due.append(
                    ReminderDelivery(
                        user_id=reminder.user_id,
                        kind=reminder.kind,
                        local_date=window.day,
                        due_at=instant,
                    )
                )
    if not due:
        return 0
    before = ReminderDelivery.objects.filter(created_at__gte=now - LOOK_BACK).count()
    ReminderDelivery.objects.bulk_create(due, ignore_conflicts=True)
    return (
        ReminderDelivery.objects.filter(created_at__gte=now - LOOK_BACK).count()
        - before
    )


def deliveries_enqueue(now: datetime.datetime) -> int:
    """Queue a task (journal.tasks.reminder_send) for each open delivery that
    has none: new ones, ones whose task seems lost, and ones whose worker
    died mid-send. Returns how many were queued."""
    from ..tasks import reminder_send

    open_ = ReminderDelivery.objects.filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - REQUEUE_AFTER),
        Q(status=DeliveryStatus.PENDING)
        | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - LEASE),
        due_at__gte=now - LOOK_BACK,
    ).values_list("pk", "enqueued_at")
    queued = 0
    for pk, enqueued_at in open_:
        with transaction.atomic():
            # Compare and set: of two schedulers at once, one queues it.
            if not ReminderDelivery.objects.filter(
                pk=pk, enqueued_at=enqueued_at
            ).update(enqueued_at=now):
                continue
            # With the database backend the task row is written in this
            # transaction: the delivery is never marked queued without it.
            reminder_send.enqueue(pk)
        queued += 1
    return queued


def run(now: datetime.datetime) -> Run:
    with transaction.atomic():
        created = deliveries_create(now)
    return Run(created=created, queued=deliveries_enqueue(now))
