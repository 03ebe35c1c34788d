"""The month view: a calendar of one month, each day with its pain score,
the sessions done and the warning signs its check-in reported. Two reads
whatever the size of the journal: the month's check-ins and its sessions per
day (the plan, for the person's today, is the caller's)."""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from .. import triage
from ..models import Session
from ..progression import AMBER_MAX
from ..rules import EARLIEST_DATE
from .entries import check_ins

# The colour bands of a day's pain, from the pain-monitoring model the journal
# follows elsewhere (README, "Clinical basis"): 0-2 its "safe" zone
# (triage.SAFE_ZONE_MAX), 3-5 "acceptable" (up to progression.AMBER_MAX), and
# above. Only a tint beside the number: the number is what the page says.
PAIN_BANDS = (
    (triage.SAFE_ZONE_MAX, "low", f"0 to {triage.SAFE_ZONE_MAX}"),
    (AMBER_MAX, "middle", f"{triage.SAFE_ZONE_MAX + 1} to {AMBER_MAX}"),
    (10, "high", f"{AMBER_MAX + 1} to 10"),
)


def pain_band(score: int) -> str:
    return next(name for top, name, _ in PAIN_BANDS if score <= top)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_of(year: int, month: int, today: datetime.date) -> datetime.date | None:
    """The first day of that month, or None when it is not a month the view
    shows: before January 2000 (the journal's first date) or after the
    person's current month."""
    if not 1 <= month <= 12 or not EARLIEST_DATE.year <= year <= today.year:
        return None
    first = datetime.date(year, month, 1)
    if first < month_start(EARLIEST_DATE) or first > month_start(today):
        return None
    return first


def _next_month(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1)


def _previous_month(first: datetime.date) -> datetime.date:
    return (first - datetime.timedelta(days=1)).replace(day=1)


@dataclass(frozen=True)
class MonthDay:
    date: datetime.date
    today: datetime.date
    check_in_id: int | None = None
    pain: int | None = None
    sessions: int = 0
    warning_signs: tuple[str, ...] = ()  # the questions answered yes, as asked

    @property
    def is_today(self) -> bool:
        return self.date == self.today

    @property
    def band(self) -> str | None:
        return None if self.pain is None else pain_band(self.pain)

    @property
    def url(self) -> str | None:
        """Its check-in, or a new check-in for that date; None for a day after
        today without one (no entry can be dated in the future)."""
        if self.check_in_id is not None:
            return reverse("journal:check-in-detail", kwargs={"pk": self.check_in_id})
        if self.date > self.today:
            return None
        return reverse("journal:check-in") + "?" + urlencode({"date": self.date})


@dataclass(frozen=True)
class Month:
    first: datetime.date
    today: datetime.date
    weeks: list[list[MonthDay | None]]  # Monday first; None: another month

    @property
    def days(self) -> list[MonthDay]:
        return [day for week in self.weeks for day in week if day is not None]

    @property
    def previous(self) -> datetime.date | None:
        before = _previous_month(self.first)
        return before if before >= month_start(EARLIEST_DATE) else None

    @property
    def next(self) -> datetime.date | None:
        after = _next_month(self.first)
        return after if after <= month_start(self.today) else None

    @property
    def is_current(self) -> bool:
        return self.first == month_start(self.today)

    @property
    def check_in_count(self) -> int:
        return sum(1 for day in self.days if day.pain is not None)

    @property
    def session_count(self) -> int:
        return sum(day.sessions for day in self.days)

    @property
    def warning_days(self) -> int:
        return sum(1 for day in self.days if day.warning_signs)


def month_calendar(user, first: datetime.date, today: datetime.date) -> Month:
    """The calendar of the month starting `first` for `user`: two queries."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    fields = [question.field for question in triage.QUESTIONS]
    found = {
        row["date"]: row
        for row in check_ins(user)
        .between(first, last)
        .order_by()
        .values("pk", "date", "pain_score", *fields)
    }
    done = dict(
        Session.objects.for_user(user)
        .between(first, last)
        .values("date")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("date", "count")
    )
    weeks = []
    for week in calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(
        first.year, first.month
    ):
        row: list[MonthDay | None] = []
        for day in week:
            if day.month != first.month:
                row.append(None)
                continue
            check_in = found.get(day)
            row.append(
                MonthDay(
                    date=day,
                    today=today,
                    check_in_id=check_in["pk"] if check_in else None,
                    pain=check_in["pain_score"] if check_in else None,
                    sessions=done.get(day, 0),
                    warning_signs=tuple(
                        question.label
                        for question in triage.QUESTIONS
                        if check_in and check_in[question.field]
                    ),
                )
            )
        weeks.append(row)
    return Month(first=first, today=today, weeks=weeks)
