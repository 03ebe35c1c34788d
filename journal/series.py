"""The numbers the journal's charts and summaries show, from plain values:
chart ranges, the daily pain series with its rolling mean, weekly averages,
sessions per week against the target, the check-in streak and the pain
summary. Pure: the reads that feed them are in journal.selectors, the drawing
in journal.geometry.
"""

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.dateformat import format as date_format

from .triage import important_change

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)
ROLLING_DAYS = 7
# Longer than this, a daily pain chart has too many points: weekly averages.
DAILY_MAX_DAYS = 92
SUMMARY_WEEKS_BACK = 4


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week holding `day`."""
    return day - datetime.timedelta(days=day.weekday())


def long_date(day: datetime.date) -> str:
    return date_format(day, "j F Y")


def one_decimal(value: float) -> Decimal:
    """Round half up to one decimal, as people round by hand."""
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Ranges -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChartRange:
    key: str
    label: str
    weeks: int | None  # None: everything since the first entry

    @property
    def weekly(self) -> bool:
        """Whether the pain chart shows weekly averages instead of days."""
        return self.weeks is None or self.weeks * 7 > DAILY_MAX_DAYS


RANGES = {
    chart_range.key: chart_range
    for chart_range in (
        ChartRange("4w", "4 weeks", 4),
        ChartRange("12w", "12 weeks", 12),
        ChartRange("1y", "1 year", 52),
        ChartRange("all", "All", None),
    )
}
DEFAULT_RANGE = RANGES["4w"]


def chart_range(value: str | None) -> tuple[ChartRange, bool]:
    """The range a `?range=` value names, and whether it fell back to the
    default because the value was not one of ours."""
    if value is None or value == "":
        return DEFAULT_RANGE, False
    if value in RANGES:
        return RANGES[value], False
    return DEFAULT_RANGE, True


def range_start(chart_range: ChartRange, today: datetime.date) -> datetime.date | None:
    """The Monday that starts a dashboard range: the current week and the weeks
    before it, so that every bar is a whole Monday-to-Sunday week."""
    if chart_range.weeks is None:
        return None
    return week_start(today) - (chart_range.weeks - 1) * WEEK


# Series -----------------------------------------------------------------------


@dataclass(frozen=True)
class PainPoint:
    """One point of the pain chart: a day's score and its rolling mean, or a
    week's average (`day` is then the week's Monday)."""

    day: datetime.date
    value: float | None
    mean: float | None = None
    check_ins: int = 1
    # What was done and reported beside the pain: sessions done that day (or
    # week), and check-ins that answered a warning-sign question (the triage's
    # QUESTIONS): 0 or 1 for a day, the days with one for a week.
    sessions: int = 0
    warning_signs: int = 0

    @property
    def marked(self) -> bool:
        """Worth a row of the data table: a score, a session or a sign."""
        return self.value is not None or self.sessions > 0 or self.warning_signs > 0


def rolling_mean(
    scores: Mapping[datetime.date, int],
    start: datetime.date,
    end: datetime.date,
    days: int = ROLLING_DAYS,
    *,
    sessions: Mapping[datetime.date, int] | None = None,
    warned: Collection[datetime.date] = (),
) -> list[PainPoint]:
    """Every day from start to end with its score (None when there was no
    check-in) and the mean of the scores recorded in the `days` calendar days
    ending that day (None when there were none; always None for `days=0`,
    no mean). `scores` should reach back `days - 1` days before `start`.
    `sessions`: sessions done by day; `warned`: the days whose check-in
    reported a warning sign."""
    sessions = sessions or {}
    points = []
    day = start
    while day <= end:
        window = [
            scores[past]
            for back in range(days)
            if (past := day - datetime.timedelta(days=back)) in scores
        ]
        points.append(
            PainPoint(
                day=day,
                value=scores.get(day),
                mean=sum(window) / len(window) if window else None,
                sessions=sessions.get(day, 0),
                warning_signs=int(day in warned),
            )
        )
        day += DAY
    return points


def weekly_points(
    averages: Mapping[datetime.date, tuple],
    first_week: datetime.date,
    last_week: datetime.date,
    *,
    sessions: Mapping[datetime.date, int] | None = None,
) -> list[PainPoint]:
    """Every week from first_week to last_week (Mondays), with its average.
    `averages`: {Monday: (mean, check-ins)} or (mean, check-ins, days with a
    warning sign); `sessions`: sessions done by week."""
    sessions = sessions or {}
    points = []
    week = first_week
    while week <= last_week:
        mean, count, *signs = averages.get(week, (None, 0))
        points.append(
            PainPoint(
                day=week,
                value=mean,
                check_ins=count,
                sessions=sessions.get(week, 0),
                warning_signs=signs[0] if signs else 0,
            )
        )
        week += WEEK
    return points


def by_week(counts: Mapping[datetime.date, int]) -> dict[datetime.date, int]:
    """Counts by day added up by week (Monday)."""
    weeks: dict[datetime.date, int] = {}
    for day, count in counts.items():
        monday = week_start(day)
        weeks[monday] = weeks.get(monday, 0) + count
    return weeks


@dataclass(frozen=True)
class WeekCount:
    week: datetime.date  # Monday
    count: int
    target: int
    # Part of the week falls outside the range (in the future, or outside the
    # report's dates), so its count is not the whole week's.
    partial: bool = False

    @property
    def met(self) -> bool:
        return self.count >= self.target

    @property
    def sunday(self) -> datetime.date:
        return self.week + datetime.timedelta(days=6)


def weekly_adherence(
    counts: Mapping[datetime.date, int],
    first_week: datetime.date,
    last_week: datetime.date,
    target: int,
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> list[WeekCount]:
    """Sessions in every week from first_week to last_week (Mondays) against
    the target, weeks without a session counting zero."""
    weeks = []
    week = first_week
    while week <= last_week:
        partial = (start is not None and week < start) or (
            end is not None and week + datetime.timedelta(days=6) > end
        )
        weeks.append(WeekCount(week, counts.get(week, 0), target, partial))
        week += WEEK
    return weeks


@dataclass(frozen=True)
class PainSummary:
    """Average pain this week (Monday to today) and in the same week four
    weeks earlier (Monday to Sunday). A change smaller than people feel as a
    real change (triage.important_change: 2 points or 30 %, Farrar et al.
    2001) is "about the same"."""

    this_week: float | None
    weeks_ago: float | None

    @property
    def sentence(self) -> str:
        now = None if self.this_week is None else one_decimal(self.this_week)
        then = None if self.weeks_ago is None else one_decimal(self.weeks_ago)
        if now is not None and then is not None:
            change = now - then
            if not important_change(float(then), float(now)):
                trend = f"about the same as four weeks ago ({then})"
            elif change < 0:
                trend = f"down {-change} from four weeks ago ({then})"
            else:
                trend = f"up {change} from four weeks ago ({then})"
            return f"Average pain this week {now}, {trend}."
        if now is not None:
            return (
                f"Average pain this week {now}. There are no check-ins from "
                "four weeks ago to compare with yet."
            )
        if then is not None:
            return (
                "No check-ins yet this week to compare with four weeks ago, "
                f"when your average pain was {then}."
            )
        return (
            "No check-ins this week or four weeks ago yet, so there is nothing "
            "to compare."
        )


def adherence_weeks(
    first: datetime.date, end: datetime.date, began: datetime.date | None
) -> tuple[datetime.date, datetime.date | None]:
    """The first Monday of the adherence series and the day counting starts
    from. Weeks before the journal began are not missed weeks: they are left
    out, and the week it began in counts only from that day."""
    last = week_start(end)
    if began is None or began > end:
        return last, began
    return min(max(first, week_start(began)), last), began
