"""A worker's part: claim one due delivery, skip it if it is no longer needed,
else send its email, and mark it.

Exactly one worker sends a delivery: the claim is a compare-and-set UPDATE
(status pending, or a claim older than LEASE) that one worker wins, on SQLite
and PostgreSQL alike. A worker that dies after claiming leaves a claim that
expires; the scheduler then queues the delivery again and another worker
sends it: no reminder is lost. The one window left is a worker that dies
after the mail server accepted the message and before the row says so: the
retry sends the same message again with the same Message-ID, which mail
servers and clients use to drop a duplicate.
"""

import datetime
import logging
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.mail import WholeLinesEmail

from .. import selectors
from ..models import (
    CheckIn,
    DeliveryStatus,
    Plan,
    Reminder,
    ReminderDelivery,
    ReminderKind,
    Session,
)
from . import links, rules
from .schedule import LEASE, _zone

# After this many failed sends (the mail server refusing), give up: the
# delivery is marked failed rather than retried for ever.
MAX_ATTEMPTS = 5

SUBJECT = "Your psoasapp reminder"

logger = logging.getLogger(__name__)


def _claim(delivery_id: int, now: datetime.datetime) -> uuid.UUID | None:
    claim = uuid.uuid4()
    won = (
        ReminderDelivery.objects.filter(pk=delivery_id)
        .filter(
            Q(status=DeliveryStatus.PENDING)
            | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - LEASE)
        )
        .update(
            status=DeliveryStatus.SENDING,
            claim=claim,
            claimed_at=now,
            attempts=F("attempts") + 1,
        )
    )
    return claim if won else None


def _finish(delivery_id: int, held: uuid.UUID, **fields) -> bool:
    """Mark the delivery, if this worker's claim (`held`) still holds it."""
    return bool(
        ReminderDelivery.objects.filter(pk=delivery_id, claim=held).update(**fields)
    )


def message(delivery: ReminderDelivery, *, address: str, today):
    """The email for `delivery`: a neutral subject and body (no health data),
    a link straight to the check-in or the session, and one-click
    unsubscribe headers (RFC 8058)."""
    user = delivery.user
    if delivery.kind == ReminderKind.CHECK_IN:
        action_url = links.absolute(reverse("journal:check-in"))
        alert = None
    else:
        # Not the routine's own address: its name could say what the
        # person is treating (journal.views.reminders.session_planned).
        action_url = links.absolute(reverse("journal:session-planned"))
        # While a warning-sign alert is active the email says to read it
        # first (the dashboard shows it), without saying what it is; during
        # an emergency it offers no session at all.
        alert = selectors.alert_level(user, today)
    unsubscribe = links.unsubscribe_url(user_id=user.pk, kind=delivery.kind)
    context = {
        "kind": delivery.kind,
        "action_url": action_url,
        "alert": alert,
        "dashboard_url": links.absolute(reverse("journal:dashboard")),
        "settings_url": links.absolute(reverse("journal:reminders")),
        "unsubscribe_url": unsubscribe,
    }
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    email = WholeLinesEmail(
        subject=SUBJECT,
        body=render_to_string("journal/email/reminder.txt", context),
        to=[address],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # The same for every attempt of this delivery: a retry after a
            # worker died just after sending is seen as the same message.
            "Message-ID": f"<reminder-{delivery.pk}@{domain}>",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(
        render_to_string("journal/email/reminder.html", context), "text/html"
    )
    return email


def assess(
    delivery: ReminderDelivery, now: datetime.datetime
) -> tuple[rules.Skip | None, str | None]:
    """Whether `delivery` is to be sent at `now`: (None, the address) to send
    it, or (why not, None). Reads its person's reminder, address, and that
    day's check-in and session; writes nothing (send_reminders --now uses it
    to say what a worker would do)."""
    user = delivery.user
    reminder = Reminder.objects.filter(user=user, kind=delivery.kind).first()
    address = selectors.reminder_address(user)
    reason = rules.skip_reason(
        kind=delivery.kind,
        enabled=reminder is not None and reminder.enabled,
        checked_in=CheckIn.objects.filter(user=user, date=delivery.local_date).exists(),
        session_done=Session.objects.filter(
            user=user, date=delivery.local_date
        ).exists(),
        has_address=address is not None,
        due=delivery.due_at,
        now=now,
    )
    return reason, None if reason else address


def deliver(delivery_id: int, *, now: datetime.datetime | None = None) -> str:
    """Claim delivery `delivery_id`, then skip it (rules.skip_reason) or send
    its email, and mark it. Returns what happened, for the task's result,
    and logs it (the worker's output says why no email came)."""
    now = now or timezone.now()
    outcome, delivery = _deliver(delivery_id, now)
    said = outcome
    if outcome.startswith("skipped: "):
        said = f"skipped ({outcome.removeprefix('skipped: ')})"
    if delivery is None:
        logger.info("reminder %s: %s", delivery_id, said)
    else:
        logger.info(
            "reminder %s (%s, %s): %s",
            delivery_id,
            delivery.kind,
            delivery.local_date,
            said,
        )
    return outcome


def _deliver(
    delivery_id: int, now: datetime.datetime
) -> tuple[str, ReminderDelivery | None]:
    due = (
        ReminderDelivery.objects.filter(pk=delivery_id)
        .values_list("due_at", flat=True)
        .first()
    )
    if due is None:
        return "gone: the account was deleted", None
    if rules.not_yet(due, now):
        # Made for a later instant by hand: left pending; the scheduler
        # queues it again (schedule.REQUEUE_AFTER) until it is due.
        return "not due yet: left for later", None
    claim = _claim(delivery_id, now)
    if claim is None:
        return "not claimed: done, or another worker has it", None
    delivery = (
        ReminderDelivery.objects.select_related("user").filter(pk=delivery_id).first()
    )
    if delivery is None:
        return "gone: the account was deleted", None
    reason, address = assess(delivery, now)
    if reason is not None:
        _finish(delivery_id, claim, status=DeliveryStatus.SKIPPED, reason=reason)
        return f"skipped: {reason}", delivery
    plan = Plan.objects.filter(user=delivery.user).first()
    today = now.astimezone(_zone(plan.time_zone if plan else None)).date()
    email = message(delivery, address=address, today=today)
    try:
        email.send()
    except Exception:
        # Give the delivery back (or give up): the scheduler queues it again
        # once schedule.REQUEUE_AFTER has passed since this attempt was queued.
        # `attempts` already counts this one (the claim added it).
        failed = delivery.attempts >= MAX_ATTEMPTS
        _finish(
            delivery_id,
            claim,
            status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
            reason="send_error",
            claim=None,
            claimed_at=None,
        )
        logger.warning(
            "reminder %s: the send failed (%s)",
            delivery_id,
            "gave up" if failed else "given back for a retry",
        )
        raise
    _finish(
        delivery_id,
        claim,
        status=DeliveryStatus.SENT,
        reason="",
        sent_at=timezone.now(),
    )
    return "sent", delivery
