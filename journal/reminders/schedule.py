"""The periodic step (`manage.py send_reminders`, every minute from cron or a
systemd timer): make the deliveries that are due, once each, and queue a task
for each. Idempotent: a second run for the same instant (or two schedulers at
once) finds the deliveries made and queues nothing again."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q

from .. import zones
from ..models import DeliveryStatus, Reminder, ReminderDelivery
from . import rules

# A queued task not yet started after this long is taken as lost (its row
# deleted, a worker's queue emptied by hand): the delivery is queued again.
REQUEUE_AFTER = datetime.timedelta(minutes=10)
# A claim older than this is a worker that died mid-send: another worker may
# claim it (journal.reminders.delivery), and the scheduler queues it again.
# Far longer than a send can take (the mail connection's timeout).
LEASE = datetime.timedelta(minutes=5)
# Deliveries older than this are left alone: their day is over anyway.
LOOK_BACK = datetime.timedelta(days=2)


@dataclass(frozen=True)
class Run:
    created: int
    queued: int


def _zone(name: str | None) -> zoneinfo.ZoneInfo:
    """A plan's zone as journal.models.Plan.zone reads it (no plan: the
    site's)."""
    return zoneinfo.ZoneInfo(zones.zone_name_in_use(name))


def due_reminders(
    now: datetime.datetime, *, lock: bool = False, as_if_set_before: bool = False
) -> dict[tuple[int, str, datetime.date], ReminderDelivery]:
    """The deliveries due at `now` (unsaved), by (user id, kind, local date):
    one for each reminder that is on and due in its person's zone
    (rules.windows, rules.due_now), made or not. `lock`: lock the reminders'
    rows (inside the caller's transaction). `as_if_set_before`: a reminder
    set after `now` (a dry run of an earlier instant) counts as if it had
    been set before it.

    Queries: one for the zones in use, one per zone and window (at most
    two), whatever the number of people.
    """
    names = (
        Reminder.objects.on()
        .order_by()
        .values_list("user__journal_plan__time_zone", flat=True)
        .distinct()
    )
    due: dict[tuple[int, str, datetime.date], ReminderDelivery] = {}
    # In the same order in every scheduler, so that two lock the same rows
    # in the same order and never deadlock.
    for name in sorted(names, key=lambda name: (name is not None, name or "")):
        zone = _zone(name)
        in_zone = (
            Q(user__journal_plan__isnull=True)
            if name is None
            else Q(user__journal_plan__time_zone=name)
        )
        for window in rules.windows(now, zone):
            bit = 1 << window.day.weekday()
            found = (
                Reminder.objects.on()
                .filter(in_zone, time__gte=window.start, time__lte=window.end)
                .alias(on_day=F("days").bitand(bit))
                .filter(on_day__gt=0)
                .only("user_id", "kind", "time", "armed_at")
                .order_by("pk")
            )
            if lock:
                found = found.select_for_update(of=("self",))
            for reminder in found:
                instant = rules.due_at(window.day, reminder.time, zone)
                # Not due yet, long past, or set (or turned on) after its
                # time today: from its next day.
                armed = reminder.armed_at
                if as_if_set_before and armed > now:
                    armed = instant
                if not rules.due_now(instant, now) or armed > instant:
                    continue
                key = (reminder.user_id, reminder.kind, window.day)
                due[key] = ReminderDelivery(
                    user_id=reminder.user_id,
                    kind=reminder.kind,
                    local_date=window.day,
                    due_at=instant,
                )
    return due


def deliveries_made(
    due: dict[tuple[int, str, datetime.date], ReminderDelivery],
) -> dict[tuple[int, str, datetime.date], ReminderDelivery]:
    """Of `due`, the deliveries already made (one query)."""
    if not due:
        return {}
    return {
        (made.user_id, made.kind, made.local_date): made
        for made in ReminderDelivery.objects.filter(
            user_id__in={user_id for user_id, _, _ in due},
            local_date__in={day for _, _, day in due},
        )
        if (made.user_id, made.kind, made.local_date) in due
    }


@transaction.atomic
def deliveries_create(now: datetime.datetime) -> int:
    """Make a delivery for each reminder due at `now` (due_reminders) unless
    its local date has one. Returns how many it made.

    Queries: those of due_reminders, one for the deliveries already made,
    one insert; whatever the number of people. The due reminders' rows are
    locked (PostgreSQL; SQLite runs one writing transaction at a time), so of
    two schedulers at once the second waits and then finds the deliveries
    made: the count is exact, and the unique constraint is there besides.
    """
    due = due_reminders(now, lock=True)
    made = deliveries_made(due)
    new = [delivery for key, delivery in due.items() if key not in made]
    if new:
        ReminderDelivery.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def deliveries_enqueue(now: datetime.datetime) -> int:
    """Queue a task (journal.tasks.reminder_send) for each open delivery that
    needs one: a new one, one whose task seems lost (queued REQUEUE_AFTER ago
    and still pending, or given back after a failed send), and one whose
    worker died mid-send (claimed LEASE ago, and not queued since). Returns
    how many it queued.

    Queries: one to find and lock them, one to mark them queued, then one
    insert per task (the tasks API queues one task at a time). The rows are
    locked and skipped by a second scheduler at once (PostgreSQL; SQLite runs
    one writing transaction at a time), so each is queued once.
    """
    from ..tasks import reminder_send

    lost = now - REQUEUE_AFTER
    with transaction.atomic():
        ids = list(
            ReminderDelivery.objects.filter(
                Q(status=DeliveryStatus.PENDING)
                & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=lost))
                | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - LEASE)
                & (Q(enqueued_at__lte=F("claimed_at")) | Q(enqueued_at__lt=lost)),
                due_at__gte=now - LOOK_BACK,
            )
            .order_by("pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        if not ids:
            return 0
        ReminderDelivery.objects.filter(pk__in=ids).update(enqueued_at=now)
        # With the database backend the task rows are written in this
        # transaction: a delivery is never marked queued without its task.
        for pk in ids:
            reminder_send.enqueue(pk)
    return len(ids)


def run(now: datetime.datetime) -> Run:
    return Run(created=deliveries_create(now), queued=deliveries_enqueue(now))


def zone_of(user) -> zoneinfo.ZoneInfo:
    plan = getattr(user, "journal_plan", None)
    return _zone(plan.time_zone if plan else None)


@dataclass(frozen=True)
class Preview:
    """What the scheduler and a worker would do with one reminder due at an
    instant (`send_reminders --now`), without doing it."""

    delivery: ReminderDelivery
    # "made already (sent)", "would be sent", "would be skipped (checked_in)"
    outcome: str


def preview(now: datetime.datetime) -> list[Preview]:
    """The reminders due at `now` and what would become of each, read-only:
    nothing is stored, queued or sent. A worker's decision is judged as if
    it ran at `now`; reminders are taken as they are set today, even for an
    instant before they were set (else a dry run of a past date finds
    nothing); one already made for that date is named with its own time
    (the reminder may have been moved since)."""
    from .delivery import assess

    due = due_reminders(now, as_if_set_before=True)
    made = deliveries_made(due)
    users = {
        user.pk: user
        for user in get_user_model()
        .objects.filter(pk__in={user_id for user_id, _, _ in due})
        .select_related("journal_plan")
    }
    for (user_id, _, _), delivery in due.items():
        delivery.user = users[user_id]
    found = []
    for key, delivery in sorted(due.items(), key=lambda item: item[1].due_at):
        if key in made:
            earlier = made[key]
            at = earlier.due_at.astimezone(zone_of(delivery.user))
            outcome = (
                f"made already, for {at:%H:%M} ({earlier.get_status_display().lower()})"
            )
        else:
            reason, _ = assess(delivery, now)
            outcome = (
                "would be sent" if reason is None else f"would be skipped ({reason})"
            )
        found.append(Preview(delivery, outcome))
    return found
