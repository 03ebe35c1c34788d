"""The warning-sign triage: which check-ins call for "When to seek medical
attention", and why. This module is the one place that decides it: the check-in
page, the dashboard, the session player and the advice that holds doses under
an alert, and the report all call it (through journal.selectors, which read the
check-ins and pass them here as plain `Day`s).

A check-in calls for the advice when, on its day:

- a warning sign was ticked (numbness or tingling, loss of function, sudden
  severe pain after an injury or fall, fever, chills or weight loss);
- the pain score was SEVERE_PAIN (8) or more; or
- the pain score was PERSISTENT_PAIN (7) or more on that day and on each of the
  PERSISTENT_DAYS - 1 (2) calendar days before it. A day without a check-in
  breaks the run: nothing is assumed of a day that was not recorded.

A check-in dated after the user's today (made before they moved their zone
west, it kept its date) is judged like any other. The dashboard and the advice
look at the check-ins of the last RECENT_DAYS days and any dated later.

The next-day rise (`next_day_rise`), the other rule that reads pain scores
around a day, is defined here too; progression eases off after a rise of
NEXT_DAY_RISE.

Pure functions on plain values (dates, scores, the labels of the signs), so
that every case is unit-tested without a database.
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

SEVERE_PAIN = 8
PERSISTENT_PAIN = 7
PERSISTENT_DAYS = 3
# The dashboard's and the advice's alert: the check-ins of the last seven days.
RECENT_DAYS = 7
# A rise of this much from a session's day to the next day is a flare-up.
NEXT_DAY_RISE = 2
# The smallest change in a pain score that people feel as a real change
# (Farrar et al. 2001, the 0-10 numeric pain rating scale): 2 points or 30 %.
IMPORTANT_CHANGE_POINTS = 2
IMPORTANT_CHANGE_SHARE = 0.30

DAY = datetime.timedelta(days=1)


class Kind(StrEnum):
    WARNING_SIGN = "warning-sign"
    SEVERE_PAIN = "severe-pain"
    PERSISTENT_PAIN = "persistent-pain"


@dataclass(frozen=True)
class Day:
    """A check-in as the rules read it: one a day."""

    date: datetime.date
    pain_score: int
    warning_signs: tuple[str, ...] = ()  # the labels of the signs ticked


@dataclass(frozen=True)
class Reason:
    """One reason a day calls for the advice, with the values it rests on."""

    kind: Kind
    date: datetime.date
    pain_score: int
    warning_signs: tuple[str, ...] = ()
    # PERSISTENT_PAIN: the first day of the run of pain of 7 or more that
    # `date` ends (as far back as the check-ins passed to `alerts` reach).
    run_start: datetime.date | None = None

    @property
    def run_days(self) -> int:
        """Days in the run from run_start to date (0 for other kinds)."""
        if self.run_start is None:
            return 0
        return (self.date - self.run_start).days + 1

    @property
    def sentence(self) -> str:
        """The reason said to the person, on the pages that show the alert
        (check-in, dashboard, session player and detail)."""
        if self.kind is Kind.WARNING_SIGN:
            return "You reported: " + "; ".join(self.warning_signs) + "."
        if self.kind is Kind.SEVERE_PAIN:
            return f"Your pain score was {self.pain_score} out of 10."
        return (
            f"Your pain has been {PERSISTENT_PAIN} or more for {PERSISTENT_DAYS} "
            "days in a row."
        )

    @property
    def note(self) -> str:
        """The reason as the report writes it for a clinician."""
        if self.kind is Kind.WARNING_SIGN:
            return "Reported " + "; ".join(self.warning_signs) + "."
        if self.kind is Kind.SEVERE_PAIN:
            return f"Pain {self.pain_score} out of 10."
        return f"Pain {PERSISTENT_PAIN} or more on {self.run_days} days in a row."


@dataclass(frozen=True)
class Alert:
    """A day that calls for the advice, and every reason it does."""

    date: datetime.date
    reasons: tuple[Reason, ...]

    @property
    def kinds(self) -> set[Kind]:
        return {reason.kind for reason in self.reasons}


def reasons(day: Day, run_start: datetime.date | None = None) -> tuple[Reason, ...]:
    """Why `day` calls for the advice (empty: it does not). `run_start` is the
    first day of the run of consecutive days of pain of PERSISTENT_PAIN or
    more that `day` ends, if it ends one."""
    found = []
    if day.warning_signs:
        found.append(
            Reason(Kind.WARNING_SIGN, day.date, day.pain_score, day.warning_signs)
        )
    if day.pain_score >= SEVERE_PAIN:
        found.append(Reason(Kind.SEVERE_PAIN, day.date, day.pain_score))
    if (
        run_start is not None
        and day.pain_score >= PERSISTENT_PAIN
        and (day.date - run_start).days + 1 >= PERSISTENT_DAYS
    ):
        found.append(
            Reason(Kind.PERSISTENT_PAIN, day.date, day.pain_score, run_start=run_start)
        )
    return tuple(found)


def alerts(
    days: Iterable[Day],
    *,
    start: datetime.date,
    end: datetime.date | None = None,
) -> list[Alert]:
    """The days from `start` to `end` (None: every later day too) that call for
    the advice, oldest first.

    `days` are the user's check-ins, one a day, in any order. To judge `start`
    they must include the run of persistent pain that reaches it from before:
    `needed` picks exactly those from a query read newest first."""
    by_date = {day.date: day for day in days}
    run_starts: dict[datetime.date, datetime.date] = {}
    found = []
    for date in sorted(by_date):
        day = by_date[date]
        if day.pain_score >= PERSISTENT_PAIN:
            run_starts[date] = run_starts.get(date - DAY, date)
        if date < start or (end is not None and date > end):
            continue
        if why := reasons(day, run_starts.get(date)):
            found.append(Alert(date, why))
    return found


def needed(newest_first: Iterable[Day], start: datetime.date) -> list[Day]:
    """Of a user's check-ins read newest first, those `alerts` needs to judge
    every day from `start` on: all those from `start` on and, before it, the
    run of persistent pain that reaches `start`, so that a run crossing the
    start is judged, and described, whole.

    Stops reading at the first check-in it does not need, so that a lazy query
    (QuerySet.iterator) reads no further: usually one row before `start`."""
    kept: list[Day] = []
    for day in newest_first:
        if day.date >= start:
            kept.append(day)
            continue
        oldest = kept[-1] if kept else None
        if (
            oldest is None
            or oldest.date - day.date != DAY
            or oldest.pain_score < PERSISTENT_PAIN
            or day.pain_score < PERSISTENT_PAIN
        ):
            break
        kept.append(day)
    return kept


def important_change(before: float, after: float) -> bool:
    """Whether pain moved from `before` to `after` by a change people feel:
    IMPORTANT_CHANGE_POINTS or more, or IMPORTANT_CHANGE_SHARE of `before` or
    more. Anything less is "about the same"."""
    change = abs(after - before)
    return change >= IMPORTANT_CHANGE_POINTS or (
        before > 0 and change >= IMPORTANT_CHANGE_SHARE * before
    )


def improved(before: float, after: float) -> bool:
    """Whether pain fell from `before` to `after` by a change people feel."""
    return after < before and important_change(before, after)


def recent_start(today: datetime.date) -> datetime.date:
    """The first day of the dashboard's and the advice's alert window."""
    return today - (RECENT_DAYS - 1) * DAY


# The report --------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One of the report's warning-sign events: a day's warning signs and severe
    pain, or a run of persistent pain from its first day to the last day it
    reaches in the report's dates."""

    start: datetime.date
    end: datetime.date
    reasons: tuple[Reason, ...]

    @property
    def description(self) -> str:
        return " ".join(reason.note for reason in self.reasons)


def events(found: Sequence[Alert]) -> list[Event]:
    """The report's events from `alerts` over its dates, by date: each day's
    warning signs and severe pain as one event, and the days of one run of
    persistent pain as one event (the run's first day may be before the
    report's first: the run is shown whole)."""
    found_events = []
    runs: dict[datetime.date, Reason] = {}
    for alert in found:
        single = []
        for reason in alert.reasons:
            if reason.kind is Kind.PERSISTENT_PAIN:
                runs[reason.run_start] = reason  # the latest day of the run wins
            else:
                single.append(reason)
        if single:
            found_events.append(Event(alert.date, alert.date, tuple(single)))
    found_events.extend(
        Event(first, reason.date, (reason,)) for first, reason in runs.items()
    )
    return sorted(found_events, key=lambda event: (event.start, event.end))


# The next-day rise ---------------------------------------------------------------


def rise_days(day: datetime.date) -> tuple[datetime.date, ...]:
    """The days whose scores `next_day_rise` reads for a session on `day`."""
    return (day - DAY, day, day + DAY)


def next_day_rise(
    day: datetime.date, scores: Mapping[datetime.date, int]
) -> int | None:
    """How much pain rose the day after a session on `day`.

    The next day's check-in score minus the score of `day`'s check-in or, when
    `day` has none, of the check-in of the day before, which stands in for it.
    None when either score is missing: nothing is assumed of a day that was
    not recorded. A fall is a negative rise. `scores` maps dates to pain
    scores and must hold `rise_days(day)` where they have a check-in."""
    baseline = scores.get(day, scores.get(day - DAY))
    following = scores.get(day + DAY)
    if baseline is None or following is None:
        return None
    return following - baseline
