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
    time. A time the clocks skip (01:30 the night they go forward) reads as
    the new offset's, an instant before the change: the scheduler, which
    compares wall clocks, sends it as the clock jumps past it.
    """
    local = datetime.datetime.combine(day, time, tzinfo=zone)
    back = local.astimezone(datetime.UTC).astimezone(zone)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        local = local.replace(fold=1)
    return local.astimezone(datetime.UTC)


@dataclass(frozen=True)
class Window:
    """The local dates and times whose reminders are due at one instant in
    one zone: on `day`, times in [start, end]."""

    day: datetime.date
    start: datetime.time
    end: datetime.time


def windows(now: datetime.datetime, zone: zoneinfo.ZoneInfo) -> list[Window]:
    """Where to look for due reminders at `now` in `zone`: set times from
    CATCH_UP ago up to the local time now, on today's date and, after
    midnight, on yesterday's. The dedup is by local date, so a window that
    overlaps an earlier run's sends nothing twice.

    Times are compared on the local wall clock; `due_at` then gives the
    instant, which the caller checks against `now`. That settles the hour the
    clocks skip (its times are due at the new offset's same reading) and the
    hour they repeat (the first reading sends, the second finds the day done).
    """
    local = now.astimezone(zone)
    # The wall clock a CATCH_UP ago, read in the zone (not local minus an
    # hour: across a change that is not an hour ago).
    earlier = (now - CATCH_UP).astimezone(zone)
    today = local.date()
    if earlier.date() == today:
        return [Window(today, earlier.time().replace(tzinfo=None), local.time())]
    return [
        Window(
            earlier.date(),
            earlier.time().replace(tzinfo=None),
            datetime.time.max,
        ),
        Window(today, datetime.time.min, local.time().replace(tzinfo=None)),
    ]


class Skip(StrEnum):
    """Why a due reminder is not sent (ReminderDelivery.reason)."""

    TURNED_OFF = "turned_off"
    CHECKED_IN = "checked_in"
    SESSION_DONE = "session_done"
    NO_ADDRESS = "no_verified_address"
    DAY_OVER = "day_over"


def skip_reason(
    *,
    kind: str,
    enabled: bool,
    checked_in: bool,
    session_done: bool,
    has_address: bool,
    local_date: datetime.date,
    today: datetime.date,
) -> Skip | None:
    """Why the reminder of `kind` due on `local_date` should not be sent now,
    or None to send it. `today` is the person's local date now: a reminder
    whose day has ended (a worker down all evening) is not sent late."""
    if not enabled:
        return Skip.TURNED_OFF
    if not has_address:
        return Skip.NO_ADDRESS
    if today > local_date:
        return Skip.DAY_OVER
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
