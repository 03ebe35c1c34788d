"""When reminders are due, and whether one is still needed: pure functions
that the scheduler, the worker, the reminders page and the calendar feed all
call."""

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from ..models.reminders import EVERY_DAY, ReminderKind

# Default local times: a session after the working day, the check-in (pain
# over the last 24 hours) in the evening.
DEFAULT_TIME = {
    ReminderKind.SESSION: datetime.time(18, 0),
    ReminderKind.CHECK_IN: datetime.time(20, 0),
}

# A reminder found late (the scheduler or its machine was down) is still sent
# within this time of its due time, never later: a reminder for a session an
# afternoon ago would only confuse.
CATCH_UP = datetime.timedelta(minutes=60)

DAY_NAMES = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)


def days_mask(weekdays: Iterable[int]) -> int:
    """The bits of `weekdays` (0 = Monday … 6 = Sunday)."""
    mask = 0
    for day in weekdays:
        if not 0 <= day <= 6:
            raise ValueError(f"not a weekday: {day!r}")
        mask |= 1 << day
    return mask


def weekdays(mask: int) -> list[int]:
    """The weekdays (0 = Monday) set in `mask`, in order."""
    return [day for day in range(7) if mask & (1 << day)]


def day_names(mask: int) -> list[str]:
    return [DAY_NAMES[day] for day in weekdays(mask)]


def default_session_days(weekly_target: int) -> int:
    """The plan's weekly target spread evenly over the week, from Monday:
    3 is Monday, Wednesday and Friday; 2 is Monday and Thursday; 7 or more is
    every day (one reminder a day at most)."""
    if weekly_target >= 7:
        return EVERY_DAY
    count = max(weekly_target, 1)
    return days_mask(i * 7 // count for i in range(count))


def on_day(mask: int, day: datetime.date) -> bool:
    return bool(mask & (1 << day.weekday()))


def due_at(
    day: datetime.date, time: datetime.time, zone: zoneinfo.ZoneInfo
) -> datetime.datetime:
    """The instant a reminder set for `time` is due on local `day`, in UTC.

    A time that happens twice (the night the clocks go back) is due the first
    time. A time the clocks skip (01:30 the night they go forward) reads at
    the offset before the change, as RFC 5545 reads it: 01:30 GMT, which the
    clocks show as 02:30 BST. So the email, the calendar feed's event, the
    page's "next email" and `send_reminders --now` all give one time.
    (Python's fold=0 is both rules.)
    """
    return datetime.datetime.combine(day, time, tzinfo=zone).astimezone(datetime.UTC)


@dataclass(frozen=True)
class Window:
    """Set times to look at, on one local date: `day`, times in [start, end]."""

    day: datetime.date
    start: datetime.time
    end: datetime.time


def windows(now: datetime.datetime, zone: zoneinfo.ZoneInfo) -> list[Window]:
    """Where to look for reminders due at `now` in `zone`: every local date
    and set time the zone's wall clock read from CATCH_UP ago until `now`
    (one window a date, two after midnight), widened where the clocks went
    back in between (the repeated hour reads earlier than where it started).

    The windows are a superset: the caller keeps a reminder only when
    `due_at` of its date and time falls in [now - CATCH_UP, now]. That
    settles the hour the clocks skip (its times are due as the clock jumps
    past them) and the hour they repeat (due the first time; the second
    reading finds the day's delivery made). The dedup is by local date, so a
    window that overlaps an earlier run's sends nothing twice.
    """
    start = now - CATCH_UP
    # A CATCH_UP-long span holds at most one clock change: the offsets at its
    # ends are all the offsets in it.
    offsets = (
        start.astimezone(zone).utcoffset(),
        now.astimezone(zone).utcoffset(),
    )
    low = start.astimezone(datetime.UTC).replace(tzinfo=None) + min(offsets)
    high = now.astimezone(datetime.UTC).replace(tzinfo=None) + max(offsets)
    found = []
    day = low.date()
    while day <= high.date():
        found.append(
            Window(
                day,
                low.time() if day == low.date() else datetime.time.min,
                high.time() if day == high.date() else datetime.time.max,
            )
        )
        day += datetime.timedelta(days=1)
    return found


def due_now(instant: datetime.datetime, now: datetime.datetime) -> bool:
    """Whether a reminder due at `instant` is due at `now`: not yet past
    CATCH_UP (a reminder for a session an afternoon ago only confuses)."""
    return now - CATCH_UP <= instant <= now


# A delivery the worker reaches later than this after its time (a worker down
# for hours) is skipped, not sent late; the scheduler makes deliveries up to
# CATCH_UP late, and this leaves a worker as long again to send them.
SEND_BY = 2 * CATCH_UP
# A worker never sends a reminder more than this before its time (clocks of
# two machines differ by a little; a delivery made for a later instant, by
# hand, waits for it).
EARLY = datetime.timedelta(minutes=1)


def not_yet(due: datetime.datetime, now: datetime.datetime) -> bool:
    return now < due - EARLY


class Skip(StrEnum):
    """Why a due reminder is not sent (ReminderDelivery.reason)."""

    TURNED_OFF = "turned_off"
    CHECKED_IN = "checked_in"
    SESSION_DONE = "session_done"
    NO_ADDRESS = "no_verified_address"
    TOO_LATE = "too_late"


def skip_reason(
    *,
    kind: str,
    enabled: bool,
    checked_in: bool,
    session_done: bool,
    has_address: bool,
    due: datetime.datetime,
    now: datetime.datetime,
) -> Skip | None:
    """Why the reminder of `kind` due at `due` should not be sent at `now`,
    or None to send it. One reached more than SEND_BY after its time (a
    worker down all evening) is not sent late."""
    if not enabled:
        return Skip.TURNED_OFF
    if not has_address:
        return Skip.NO_ADDRESS
    if now > due + SEND_BY:
        return Skip.TOO_LATE
    if kind == ReminderKind.CHECK_IN and checked_in:
        return Skip.CHECKED_IN
    if kind == ReminderKind.SESSION and session_done:
        return Skip.SESSION_DONE
    return None


def next_due(
    *,
    mask: int,
    time: datetime.time,
    zone: zoneinfo.ZoneInfo,
    now: datetime.datetime,
    armed_at: datetime.datetime | None = None,
) -> datetime.datetime | None:
    """The next instant after `now` (and after `armed_at`) a reminder set for
    `mask` days at `time` is due, in `zone`; None with no day set."""
    if not mask:
        return None
    after = max(now, armed_at) if armed_at else now
    day = after.astimezone(zone).date()
    for offset in range(8):
        candidate = day + datetime.timedelta(days=offset)
        if on_day(mask, candidate):
            instant = due_at(candidate, time, zone)
            if instant >= after:
                return instant
    return None
