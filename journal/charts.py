"""Reads for the journal's dashboard, charts and report, and the geometry that
turns their series into SVG coordinates.

The reads are selectors: they group per day and per week in the database,
run a fixed number of queries whatever the size of the data, and return plain
data. The geometry functions are pure, so every number is unit-tested."""

import datetime
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db.models import Avg, Count, Q, Subquery
from django.db.models.functions import TruncWeek
from django.utils.dateformat import format as date_format
from django.utils.translation import ngettext

from . import selectors, triage
from .models import CheckIn, Session

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)
ROLLING_DAYS = 7
PAIN_MAX = 10
LATEST_COUNT = 5
STREAK_CHUNK = 200
# Longer than this, a daily pain chart has too many points: weekly averages.
DAILY_MAX_DAYS = 92
SUMMARY_WEEKS_BACK = 4


def week_start(day: datetime.date) -> datetime.date:
    """The Monday of the week holding `day`."""
    return day - datetime.timedelta(days=day.weekday())


def _long_date(day: datetime.date) -> str:
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


# Pure series ------------------------------------------------------------------


@dataclass(frozen=True)
class PainPoint:
    """One point of the pain chart: a day's score and its rolling mean, or a
    week's average (`day` is then the week's Monday)."""

    day: datetime.date
    value: float | None
    mean: float | None = None
    check_ins: int = 1


def rolling_mean(
    scores: Mapping[datetime.date, int],
    start: datetime.date,
    end: datetime.date,
    days: int = ROLLING_DAYS,
) -> list[PainPoint]:
    """Every day from start to end with its score (None when there was no
    check-in) and the mean of the scores recorded in the `days` calendar days
    ending that day (None when there were none). `scores` should reach back
    `days - 1` days before `start`."""
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
            )
        )
        day += DAY
    return points


def weekly_points(
    averages: Mapping[datetime.date, tuple[float, int]],
    first_week: datetime.date,
    last_week: datetime.date,
) -> list[PainPoint]:
    """Every week from first_week to last_week (Mondays), with its average."""
    points = []
    week = first_week
    while week <= last_week:
        mean, count = averages.get(week, (None, 0))
        points.append(PainPoint(day=week, value=mean, check_ins=count))
        week += WEEK
    return points


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


def streak_length(dates_newest_first: Iterable[datetime.date], today) -> int:
    """Consecutive days with a check-in ending today, or ending yesterday when
    there is no check-in today yet, or ending on a day after today (a check-in
    made before the user moved their zone west keeps its date). Stops reading
    at the first gap."""
    expected = None
    length = 0
    for day in dates_newest_first:
        if expected is None:
            if day not in (today, today - DAY) and day < today:
                return 0
            expected = day
        if day != expected:
            break
        length += 1
        expected -= DAY
    return length


@dataclass(frozen=True)
class PainSummary:
    """Average pain this week (Monday to today) and in the same week four
    weeks earlier (Monday to Sunday)."""

    this_week: float | None
    weeks_ago: float | None

    @property
    def sentence(self) -> str:
        now = None if self.this_week is None else one_decimal(self.this_week)
        then = None if self.weeks_ago is None else one_decimal(self.weeks_ago)
        if now is not None and then is not None:
            change = now - then
            if change < 0:
                trend = f"down {-change} from four weeks ago ({then})"
            elif change > 0:
                trend = f"up {change} from four weeks ago ({then})"
            else:
                trend = "the same as four weeks ago"
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


# Geometry ---------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """The SVG canvas and the plot area inside it, in viewBox units."""

    width: int = 560
    height: int = 300
    left: int = 44
    right: int = 492
    top: int = 44
    bottom: int = 246
    # The largest size journal.css draws the axis labels at (on a phone, where
    # the chart shrinks, the type grows): the labels are placed for it.
    label_size: int = 20

    @property
    def plot_width(self) -> int:
        return self.right - self.left

    @property
    def plot_height(self) -> int:
        return self.bottom - self.top

    # Where the axes' labels sit.
    @property
    def value_label_x(self) -> int:
        return self.left - 8

    @property
    def date_label_y(self) -> int:
        """Below the tick marks, with the date's capitals clear of the "0"
        value label beside the axis at the largest label size."""
        return self.tick_end + 3 + math.ceil(TEXT_ASCENT * self.label_size)

    @property
    def tick_end(self) -> int:
        return self.bottom + 5

    @property
    def axis_title_y(self) -> int:
        return self.height - 5

    @property
    def side_label_x(self) -> int:
        return self.right + 6

    def x(self, index: int, count: int) -> float:
        """The centre of slot `index` of `count` equal slots across the plot."""
        return round(self.left + (index + 0.5) * self.plot_width / count, 1)

    def y(self, value: float, maximum: float) -> float:
        return round(self.bottom - value / maximum * self.plot_height, 1)


FRAME = Frame()
MAX_DATE_LABELS = 6
# Rough text metrics, in ems, generous for the site's sans-serif: the height of
# capitals and digits above the baseline, and the widest average character.
TEXT_ASCENT = 0.75
TEXT_CHAR_WIDTH = 0.62


def text_width(text: str, size: float) -> float:
    """A generous estimate of how wide `text` is drawn at `size`."""
    return len(text) * TEXT_CHAR_WIDTH * size


@dataclass(frozen=True)
class Tick:
    at: float
    label: str
    # How a date label sits on its tick: centred, or starting at it when
    # centring would push it left of the axis, into the value labels.
    anchor: str = "middle"
    # Left out on a phone (journal.css) where the larger type would make the
    # date labels run into each other.
    minor: bool = False

    @property
    def text_baseline(self) -> float:
        """Where a value label's baseline goes to centre it on the tick."""
        return round(self.at + 4, 1)


def value_ticks(maximum: int, step: int, frame: Frame = FRAME) -> list[Tick]:
    return [
        Tick(frame.y(value, maximum), str(value))
        for value in range(0, maximum + 1, step)
    ]


def date_ticks(
    days: Sequence[datetime.date], frame: Frame = FRAME, *, weekly: bool = False
) -> list[Tick]:
    """Labelled ticks at Mondays across slots for `days`, no more than
    MAX_DATE_LABELS of them, with the year in the label when the span is long.

    Placed for the largest label size: a first label that would cross the axis
    into the value labels starts at its tick instead of centring on it, or is
    left out when it would then run into the next one; on a phone every other
    label is `minor` (hidden) when they would run into each other."""
    if not days:
        return []
    mondays = [index for index, day in enumerate(days) if weekly or day.weekday() == 0]
    if not mondays:
        return []
    step = max(1, math.ceil(len(mondays) / MAX_DATE_LABELS))
    label = "M Y" if (days[-1] - days[0]).days > 366 else "j M"
    size = frame.label_size
    ticks = [
        Tick(frame.x(index, len(days)), date_format(days[index], label))
        for index in mondays[::step]
    ]
    first = ticks[0]
    if first.at - text_width(first.label, size) / 2 < frame.left:
        first = Tick(first.at, first.label, anchor="start")
        ticks[0] = first
        if len(ticks) > 1:
            following = ticks[1]
            following_left = following.at - text_width(following.label, size) / 2
            if first.at + text_width(first.label, size) + size / 2 > following_left:
                ticks = ticks[1:]
    if len(ticks) > 1:
        widest = max(text_width(tick.label, size) for tick in ticks)
        if ticks[1].at - ticks[0].at < widest + size / 2:
            ticks = [
                Tick(tick.at, tick.label, tick.anchor, minor=number % 2 == 1)
                for number, tick in enumerate(ticks)
            ]
    return ticks


def _polyline(points: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float


@dataclass(frozen=True)
class PainChart:
    id: str
    title: str
    description: str
    weekly: bool
    points: list[PainPoint]  # every slot, for the data table
    dots: list[Dot]
    line: str  # the scores (or weekly averages) joined, as SVG points
    mean_lines: list[str]  # the rolling mean, broken where it has no value
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    frame: Frame = FRAME

    @property
    def rows(self) -> list[PainPoint]:
        return [point for point in self.points if point.value is not None]


def pain_chart(
    points: Sequence[PainPoint],
    *,
    weekly: bool,
    title: str,
    chart_id: str = "pain-chart",
    frame: Frame = FRAME,
) -> PainChart:
    count = len(points)
    dots = [
        Dot(frame.x(index, count), frame.y(point.value, PAIN_MAX))
        for index, point in enumerate(points)
        if point.value is not None
    ]
    mean_lines: list[str] = []
    run: list[tuple[float, float]] = []
    for index, point in enumerate(points):
        if point.mean is None:
            if len(run) > 1:
                mean_lines.append(_polyline(run))
            run = []
            continue
        run.append((frame.x(index, count), frame.y(point.mean, PAIN_MAX)))
    if len(run) > 1:
        mean_lines.append(_polyline(run))

    recorded = [point for point in points if point.value is not None]
    n = len(recorded)
    span = ""
    if points:
        last_day = points[-1].day + (WEEK - DAY if weekly else datetime.timedelta())
        span = f"from {_long_date(points[0].day)} to {_long_date(last_day)}"
    if weekly:
        description = (
            "Each point is the average pain score, from 0 (no pain) to 10, of "
            f"the check-ins in one week, Monday to Sunday, {span}. "
            + ngettext(
                "%(count)d week with check-ins", "%(count)d weeks with check-ins", n
            )
            % {"count": n}
        )
    else:
        description = (
            f"Daily pain score from 0 (no pain) to 10, {span}, with the 7-day "
            "average: the mean of the scores recorded in the 7 days ending each "
            "day. "
            + ngettext("%(count)d check-in", "%(count)d check-ins", n)
            % {"count": n}
        )
    if recorded:
        values = [point.value for point in recorded]
        description += (
            f"; lowest {one_decimal(min(values))}, highest {one_decimal(max(values))}."
        )
    else:
        description += "."
    return PainChart(
        id=chart_id,
        title=title,
        description=description,
        weekly=weekly,
        points=list(points),
        dots=dots,
        line=_polyline((dot.x, dot.y) for dot in dots),
        mean_lines=mean_lines,
        x_ticks=date_ticks([point.day for point in points], frame, weekly=weekly),
        y_ticks=value_ticks(PAIN_MAX, 2, frame),
        frame=frame,
    )


@dataclass(frozen=True)
class Bar:
    week: WeekCount
    x: float  # left edge
    y: float  # top edge
    width: float
    height: float
    centre: float
    count_y: float  # baseline of the count written above the bar
    mark_y: float  # baseline of the ✓ above the count


# Below this slot width (viewBox units) the counts no longer fit above the bars.
MIN_LABELLED_SLOT = 8.0
# From this slot width up, counts can be drawn larger on small screens.
ROOMY_SLOT = 30.0


@dataclass(frozen=True)
class AdherenceChart:
    id: str
    title: str
    description: str
    weeks: list[WeekCount]
    bars: list[Bar]
    target: int
    target_y: float
    maximum: int
    show_counts: bool
    count_size: float
    roomy: bool  # room for larger counts on a small screen
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    frame: Frame = FRAME

    @property
    def target_label_y(self) -> float:
        return round(self.target_y + 4, 1)


def adherence_chart(
    weeks: Sequence[WeekCount],
    *,
    target: int,
    title: str,
    chart_id: str = "adherence-chart",
    frame: Frame = FRAME,
) -> AdherenceChart:
    count = len(weeks)
    maximum = max([target, *(week.count for week in weeks)])
    slot = frame.plot_width / count if count else frame.plot_width
    show_counts = slot >= MIN_LABELLED_SLOT
    count_size = round(min(12.0, slot * 0.9), 1)
    bars = []
    for index, week in enumerate(weeks):
        centre = frame.x(index, count)
        top = frame.y(week.count, maximum)
        width = round(slot * 0.7, 1)
        bars.append(
            Bar(
                week=week,
                x=round(centre - width / 2, 1),
                y=top,
                width=width,
                height=round(frame.bottom - top, 1),
                centre=centre,
                count_y=round(top - 4, 1),
                mark_y=round(top - 5 - count_size, 1),
            )
        )
    met = sum(week.met for week in weeks)
    span = (
        f"from the week of {_long_date(weeks[0].week)} to the week of "
        f"{_long_date(weeks[-1].week)}"
        if weeks
        else ""
    )
    description = (
        f"Sessions done each week, Monday to Sunday, {span}, against your target "
        f"of {target} a week. The target was met in {met} of "
        + ngettext("%(count)d week.", "%(count)d weeks.", count)
        % {"count": count}
    )
    if any(week.partial for week in weeks):
        description += (
            " A week that is still in progress or only partly inside the dates "
            "counts only its days so far or inside the dates."
        )
    if not show_counts:
        description += (
            " There are too many weeks to write each count on its bar: the table "
            "below lists them."
        )
    return AdherenceChart(
        id=chart_id,
        title=title,
        description=description,
        weeks=list(weeks),
        bars=bars,
        target=target,
        target_y=frame.y(target, maximum),
        maximum=maximum,
        show_counts=show_counts,
        count_size=count_size,
        roomy=slot >= ROOMY_SLOT,
        x_ticks=date_ticks([week.week for week in weeks], frame, weekly=True),
        y_ticks=value_ticks(maximum, 1 if maximum <= 8 else 2, frame),
        frame=frame,
    )


# Reads ------------------------------------------------------------------------


def pain_by_day(user, start: datetime.date, end: datetime.date) -> dict:
    """{date: pain score}: one check-in per day, so a day is a row."""
    return dict(
        selectors.check_ins(user)
        .between(start, end)
        .order_by()
        .values_list("date", "pain_score")
    )


class WeekStart(TruncWeek):
    """The Monday of a date's week. On SQLite, its own date arithmetic: Django's
    TruncWeek calls a Python function there once per row (11 ms for a five-year
    journal, against 2.5 ms)."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        # The next Sunday (the day itself on a Sunday), then back to its Monday.
        return f"date({sql}, 'weekday 0', '-6 days')", params


def pain_by_week(user, start: datetime.date | None, end: datetime.date) -> dict:
    """{Monday: (average pain, check-ins)}, grouped in the database."""
    rows = selectors.check_ins(user).filter(date__lte=end)
    if start is not None:
        rows = rows.filter(date__gte=start)
    rows = (
        rows.annotate(week=WeekStart("date"))
        .values("week")
        .annotate(mean=Avg("pain_score"), days=Count("pk"))
        .order_by("week")
    )
    return {row["week"]: (row["mean"], row["days"]) for row in rows}


def sessions_by_week(user, start: datetime.date | None, end: datetime.date) -> dict:
    """{Monday: sessions}, grouped in the database."""
    rows = Session.objects.for_user(user).filter(date__lte=end)
    if start is not None:
        rows = rows.filter(date__gte=start)
    rows = (
        rows.annotate(week=WeekStart("date"))
        .values("week")
        .annotate(sessions=Count("pk"))
        .order_by("week")
    )
    return {row["week"]: row["sessions"] for row in rows}


def check_in_streak(user, today: datetime.date) -> int:
    """One query, read newest first and only as far as the first gap."""
    dates = selectors.check_ins(user).order_by("-date").values_list("date", flat=True)
    return streak_length(dates.iterator(chunk_size=STREAK_CHUNK), today)


def pain_summary(user, today: datetime.date) -> PainSummary:
    monday = week_start(today)
    before = monday - SUMMARY_WEEKS_BACK * WEEK
    # The whole week, not only up to today: a check-in dated after today (the
    # zone moved west) still belongs to it.
    this_week = Q(date__gte=monday, date__lte=monday + WEEK - DAY)
    weeks_ago = Q(date__gte=before, date__lte=before + WEEK - DAY)
    averages = (
        selectors.check_ins(user)
        .filter(this_week | weeks_ago)
        .aggregate(
            this_week=Avg("pain_score", filter=this_week),
            weeks_ago=Avg("pain_score", filter=weeks_ago),
        )
    )
    return PainSummary(averages["this_week"], averages["weeks_ago"])


@dataclass(frozen=True)
class Charts:
    pain: PainChart
    adherence: AdherenceChart

    @property
    def has_check_ins(self) -> bool:
        return bool(self.pain.rows)

    @property
    def has_sessions(self) -> bool:
        return any(week.count for week in self.adherence.weeks)


def journal_start(user) -> datetime.date | None:
    """The date of the user's first journal entry, check-in or session (None
    before there is one): one query, two index look-ups."""
    first = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values_list(
            Subquery(selectors.check_ins(user).order_by("date").values("date")[:1]),
            Subquery(
                Session.objects.for_user(user).order_by("date").values("date")[:1]
            ),
        )
        .first()
    )
    return min([day for day in first or () if day is not None], default=None)


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


def period_charts(
    user,
    *,
    start: datetime.date | None,
    end: datetime.date,
    target: int,
    weekly: bool,
    label: str,
) -> Charts:
    """Both charts from start (None: the first entry) to end: three queries."""
    counts = sessions_by_week(user, start, end)
    if weekly:
        averages = pain_by_week(user, start, end)
        first = week_start(start) if start else min([*averages, *counts], default=None)
        first = first or week_start(end)
        points = weekly_points(averages, first, week_start(end))
    else:
        assert start is not None  # daily charts always have a start
        first = week_start(start)
        scores = pain_by_day(user, start - (ROLLING_DAYS - 1) * DAY, end)
        points = rolling_mean(scores, start, end)
    first_week, began = adherence_weeks(first, end, journal_start(user))
    counted_from = max(day for day in (start, began) if day) if start or began else None
    weeks = weekly_adherence(
        counts, first_week, week_start(end), target, start=counted_from, end=end
    )
    return Charts(
        pain=pain_chart(points, weekly=weekly, title=f"Pain trend, {label}"),
        adherence=adherence_chart(
            weeks, target=target, title=f"Sessions per week, {label}"
        ),
    )


def range_start(chart_range: ChartRange, today: datetime.date) -> datetime.date | None:
    """The Monday that starts a dashboard range: the current week and the weeks
    before it, so that every bar is a whole Monday-to-Sunday week."""
    if chart_range.weeks is None:
        return None
    return week_start(today) - (chart_range.weeks - 1) * WEEK


@dataclass(frozen=True)
class Dashboard:
    today: datetime.date
    streak: int
    checked_in_today: bool
    session_today: bool
    this_week: WeekCount
    summary: PainSummary
    charts: Charts
    latest_check_ins: list[CheckIn] = field(default_factory=list)
    latest_sessions: list[Session] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        """No entries at all yet: the page guides instead of charting."""
        return not self.latest_check_ins and not self.latest_sessions


def dashboard(
    user, *, today: datetime.date, target: int, chart_range: ChartRange
) -> Dashboard:
    """Everything the dashboard shows but the triage and the next session:
    six queries whatever the range and the size of the history."""
    label = (
        "all your entries" if chart_range.weeks is None else f"last {chart_range.label}"
    )
    # No upper bound on dates: an entry keeps the date it was given, so after
    # the user moves their zone west the newest entries can be dated after the
    # new local today, and they are still listed and charted.
    latest_check_ins = list(selectors.check_ins(user)[:LATEST_COUNT])
    latest_sessions = list(
        Session.objects.for_user(user)
        .with_partly_done()
        .select_related("routine")[:LATEST_COUNT]
    )
    end = max([today, *(entry.date for entry in latest_check_ins + latest_sessions)])
    charts = period_charts(
        user,
        start=range_start(chart_range, today),
        end=end,
        target=target,
        weekly=chart_range.weekly,
        label=label,
    )
    this_week = next(
        (week for week in charts.adherence.weeks if week.week == week_start(today)),
        charts.adherence.weeks[-1],
    )
    return Dashboard(
        today=today,
        streak=check_in_streak(user, today),
        checked_in_today=any(entry.date == today for entry in latest_check_ins),
        session_today=any(entry.date == today for entry in latest_sessions),
        this_week=this_week,
        summary=pain_summary(user, today),
        charts=charts,
        latest_check_ins=latest_check_ins,
        latest_sessions=latest_sessions,
    )


@dataclass(frozen=True)
class SessionRow:
    session: Session
    exercises: list[str]


@dataclass(frozen=True)
class Report:
    start: datetime.date
    end: datetime.date
    charts: Charts
    check_ins: list[CheckIn]
    sessions: list[SessionRow]
    events: list[triage.Event]


def report(user, *, start: datetime.date, end: datetime.date, target: int) -> Report:
    """A clinician summary from start to end: six queries whatever the size."""
    charts = period_charts(
        user,
        start=start,
        end=end,
        target=target,
        weekly=(end - start).days + 1 > DAILY_MAX_DAYS,
        label=f"{_long_date(start)} to {_long_date(end)}",
    )
    # Every check-in of the dates and, before them, the run of persistent pain
    # that reaches into them: one query, read newest first in one chunk but
    # for a long run.
    rows, found = selectors.judged_check_ins(
        selectors.check_ins(user).filter(date__lte=end).order_by("-date"),
        start=start,
        end=end,
        chunk=(end - start).days + 1 + triage.PERSISTENT_DAYS,
    )
    sessions = selectors.sessions(user).between(start, end).order_by("date", "pk")
    return Report(
        start=start,
        end=end,
        charts=charts,
        check_ins=[check_in for check_in in rows if check_in.date >= start],
        sessions=[
            SessionRow(
                session,
                [
                    f"{done.exercise.title}"
                    f"{', ' + done.get_side_display().lower() if done.side else ''}"
                    f": {done.summary}"
                    for done in session.exercises.all()
                ],
            )
            for session in sessions
        ],
        events=triage.events([item.alert for item in found]),
    )
