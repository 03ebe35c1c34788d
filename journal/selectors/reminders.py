"""A person's reminders and calendar feed, as the reminders page, the feed
and the export read them."""

import datetime
import hashlib

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from ..models import (
    CalendarFeed,
    CheckIn,
    Plan,
    Reminder,
    ReminderDelivery,
    ReminderKind,
    Session,
)
from ..models.reminders import EVERY_DAY
from ..reminders import rules


def token_hash(token: str) -> str:
    """What is stored of a feed token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def reminder_default(user, kind: str, *, weekly_target: int) -> Reminder:
    """The unsaved reminder a person sees before they set one: off, on the
    plan's weekly target spread over the week (sessions) or every day
    (check-ins), at rules.DEFAULT_TIME."""
    return Reminder(
        user=user,
        kind=kind,
        enabled=False,
        days=rules.default_session_days(weekly_target)
        if kind == ReminderKind.SESSION
        else EVERY_DAY,
        time=rules.DEFAULT_TIME[ReminderKind(kind)],
    )


def reminders_of(user, plan: Plan) -> dict[str, Reminder]:
    """Both kinds of reminder of `user`, saved or the default (one query,
    written out: the ORM's compiling of it cost four times its reading)."""
    table = connection.ops.quote_name(Reminder._meta.db_table)
    saved = {
        reminder.kind: reminder
        for reminder in Reminder.objects.raw(
            f'SELECT * FROM {table} WHERE "user_id" = %s', [user.pk]
        )
    }
    return {
        kind: saved.get(kind)
        or reminder_default(user, kind, weekly_target=plan.weekly_target)
        for kind in ReminderKind.values
    }


def reminder_is_on(*, user_id: int, kind: str) -> bool:
    """Whether the reminder an unsubscribe link names still sends emails
    (False too when its person has deleted the account)."""
    return Reminder.objects.filter(user_id=user_id, kind=kind, enabled=True).exists()


def reminder_address(user) -> str | None:
    """Where reminder emails go: the person's primary address, if they have
    confirmed it (and their account is active); else None, and none is sent."""
    if not _may_get_email(user):
        return None
    return user.email if _address_verified(user).exists() else None


def _may_get_email(user) -> bool:
    return user.is_active and bool(user.email)


def _address_verified(user):
    return EmailAddress.objects.filter(
        user=user, email__iexact=user.email, verified=True
    )


def reminder_person_exists(user_id: int) -> bool:
    """Whether the person an unsubscribe link names still has an account
    (its page then says nothing of turning the reminder on again)."""
    return get_user_model().objects.filter(pk=user_id, is_active=True).exists()


def calendar_feed_of(user) -> CalendarFeed | None:
    """The person's calendar feed, if any (written out, as reminders_of)."""
    table = connection.ops.quote_name(CalendarFeed._meta.db_table)
    feeds = CalendarFeed.objects.raw(
        f'SELECT * FROM {table} WHERE "user_id" = %s ORDER BY "id" LIMIT 1', [user.pk]
    )
    return next(iter(feeds), None)


def calendar_feed_find(token: str) -> CalendarFeed | None:
    """The live feed whose token is `token`, with its user; None when no feed
    has it (unknown, rotated away or revoked) or its owner is inactive."""
    if not token or len(token) > 128:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), user__is_active=True)
        .first()
    )


def reminders_done_today(user, today: datetime.date) -> set[str]:
    """The kinds of reminder `user` gets no more email of on local `today`:
    today's check-in is in or a session is recorded (the worker would skip
    the reminder: rules.skip_reason), or today's delivery of that kind exists
    already, sent, skipped, failed or on its way (one a kind and local date:
    ReminderDelivery's constraint). One query."""
    return reminders_day(user, today)[0]


def reminders_day(user, today: datetime.date) -> tuple[set[str], str | None]:
    """reminders_done_today and reminder_address, in one query (the
    reminders page shows both). Written out: the ORM's compiling of its five
    EXISTS took some 2 ms, a third of the page."""
    quote = connection.ops.quote_name
    delivered = (
        f"SELECT 1 FROM {quote(ReminderDelivery._meta.db_table)} "
        'WHERE "user_id" = %s AND "local_date" = %s AND "kind" = %s'
    )
    # email__iexact, as _address_verified: the same on both databases for an
    # address without wildcards (SQLite's LIKE and UPPER fold ASCII only).
    verified = (
        f"SELECT 1 FROM {quote(EmailAddress._meta.db_table)} "
        'WHERE "user_id" = %s AND UPPER("email") = UPPER(%s) AND "verified" = %s'
    )
    on_day = 'WHERE "user_id" = %s AND "date" = %s'
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT EXISTS(SELECT 1 FROM {quote(CheckIn._meta.db_table)} {on_day}), "
            f"EXISTS(SELECT 1 FROM {quote(Session._meta.db_table)} {on_day}), "
            f"EXISTS({delivered}), EXISTS({delivered}), EXISTS({verified})",
            [
                *(user.pk, today),
                *(user.pk, today),
                *(user.pk, today, ReminderKind.CHECK_IN.value),
                *(user.pk, today, ReminderKind.SESSION.value),
                *(user.pk, user.email, True),
            ],
        )
        checked_in, session_done, check_in_sent, session_sent, address_verified = (
            cursor.fetchone()
        )
    verified = _may_get_email(user) and address_verified
    address = user.email if verified else None
    done = set()
    if checked_in or check_in_sent:
        done.add(ReminderKind.CHECK_IN)
    if session_done or session_sent:
        done.add(ReminderKind.SESSION)
    return done, address


def reminder_next(
    reminder: Reminder,
    plan: Plan,
    now: datetime.datetime | None = None,
    *,
    done_today: bool = False,
) -> datetime.datetime | None:
    """When `reminder` is next sent, in the plan's zone; None when it is off
    or has no day. `done_today`: today's check-in or session is in already,
    or today's email is made, so nothing more goes today: the next is from
    tomorrow. Otherwise a time passed within rules.CATCH_UP counts (the
    scheduler has yet to find it, up to a minute later): the result may be
    just before `now`, an email on its way."""
    if not reminder.enabled:
        return None
    now = now or timezone.now()
    if done_today:
        tomorrow = now.astimezone(plan.zone).date() + datetime.timedelta(days=1)
        now = max(now, rules.due_at(tomorrow, datetime.time.min, plan.zone))
    else:
        now -= rules.CATCH_UP
    found = rules.next_due(
        mask=reminder.days,
        time=reminder.time,
        zone=plan.zone,
        now=now,
        armed_at=reminder.armed_at,
    )
    return found.astimezone(plan.zone) if found else None
