"""The geometry of the journal's SVG charts: the frame, ticks and labels, and
the pain and adherence charts placed in it. Pure functions from the series
(journal.series) to coordinates in viewBox units, so every number is
unit-tested; templates/journal/includes/chart_*.html draw them.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.dateformat import format as date_format
from django.utils.translation import ngettext

from .series import DAY, WEEK, PainPoint, WeekCount, long_date, one_decimal

PAIN_MAX = 10


@dataclass(frozen=True)
class Frame:
    """The SVG canvas and the plot area inside it, in viewBox units."""

    width: int = 560
    height: int = 304
    left: int = 44
    right: int = 492
    top: int = 44
    bottom: int = 246
    # The largest size journal.css draws the axis labels and titles at (on a
    # phone, where the chart shrinks, the type grows: 22 units is about 11 px
    # at 320 px wide): the labels are placed for it.
    label_size: int = 22

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
# The pain chart's frame: the plot as tall as the others', with two rows of
# marks above it (warning signs, then sessions) under the axis title.
PAIN_FRAME = Frame(height=340, top=80, bottom=282)
WARNING_ROW_Y = 38
SESSION_ROW_Y = 62
# A mark's half-width: at most this, and less when the slots are narrow (they
# may then touch: the data table lists each day).
MARK_HALF_MAX = 7.0
MARK_HALF_MIN = 3.0
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
class Mark:
    """A session's triangle or a warning sign's diamond above a day (or a
    week) of the pain chart, centred on (x, y), `half` wide each way."""

    x: float
    y: float
    half: float
    point: PainPoint

    @property
    def triangle(self) -> str:
        """An upward triangle, as SVG points."""
        return _polyline(
            [
                (self.x, self.y - self.half),
                (self.x + self.half, self.y + self.half),
                (self.x - self.half, self.y + self.half),
            ]
        )

    @property
    def diamond(self) -> str:
        return _polyline(
            [
                (self.x, self.y - self.half - 1),
                (self.x + self.half, self.y),
                (self.x, self.y + self.half + 1),
                (self.x - self.half, self.y),
            ]
        )


def mark_half(count: int, frame: Frame) -> float:
    """A mark's half-width for `count` slots across the plot."""
    slot = frame.plot_width / count if count else frame.plot_width
    return round(min(MARK_HALF_MAX, max(MARK_HALF_MIN, slot * 0.45)), 1)


@dataclass(frozen=True)
class PainChart:
    id: str
    title: str
    description: str
    weekly: bool
    points: list[PainPoint]  # every slot, for the data table
    dots: list[Dot]
    # The scores (or weekly averages) joined, as SVG points: one line through
    # every dot; on a filtered chart, one per run of consecutive slots.
    lines: list[str]
    mean_lines: list[str]  # the rolling mean, broken where it has no value
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    frame: Frame = PAIN_FRAME
    # Above the plot: a triangle over each day (week) with a session, a
    # diamond over each day (week) whose check-in reported a warning sign.
    session_marks: list[Mark] = field(default_factory=list)
    warning_marks: list[Mark] = field(default_factory=list)
    # The check-ins drawn, in words, when only some are ("tagged “Running”"):
    # blank for every check-in.
    filtered: str = ""

    @property
    def rows(self) -> list[PainPoint]:
        """The data table's rows: the days (weeks) with a score or a mark."""
        return [point for point in self.points if point.marked]

    @property
    def recorded(self) -> list[PainPoint]:
        return [point for point in self.points if point.value is not None]

    @property
    def session_total(self) -> int:
        return sum(point.sessions for point in self.points)

    @property
    def warning_total(self) -> int:
        return sum(point.warning_signs for point in self.points)


def _runs(places: Iterable[tuple[float, float] | None]) -> list[str]:
    """SVG polylines through the places, broken at each None (a run of one
    place draws nothing and is left out)."""
    lines: list[str] = []
    run: list[tuple[float, float]] = []
    for place in [*places, None]:
        if place is not None:
            run.append(place)
            continue
        if len(run) > 1:
            lines.append(_polyline(run))
        run = []
    return lines


def pain_chart(
    points: Sequence[PainPoint],
    *,
    weekly: bool,
    title: str,
    chart_id: str = "pain-chart",
    frame: Frame = PAIN_FRAME,
    filtered: str = "",
) -> PainChart:
    """The pain chart of `points`. `filtered`: which check-ins the points
    hold, in words, when only some are (the trend's filters). A filtered
    chart draws the matching days (weeks) as points, joined only where they
    are consecutive, and no rolling mean: a line across days that did not
    match, or an average of the few that did, would show a trend the
    filtered days cannot tell."""
    count = len(points)
    half = mark_half(count, frame)
    session_marks = [
        Mark(frame.x(index, count), SESSION_ROW_Y, half, point)
        for index, point in enumerate(points)
        if point.sessions
    ]
    warning_marks = [
        Mark(frame.x(index, count), WARNING_ROW_Y, half, point)
        for index, point in enumerate(points)
        if point.warning_signs
    ]
    places = [
        None
        if point.value is None
        else (frame.x(index, count), frame.y(point.value, PAIN_MAX))
        for index, point in enumerate(points)
    ]
    dots = [Dot(*place) for place in places if place is not None]
    if filtered:
        lines = _runs(places)
        mean_lines: list[str] = []
    else:
        lines = [_polyline((dot.x, dot.y) for dot in dots)] if dots else []
        mean_lines = _runs(
            None
            if point.mean is None
            else (frame.x(index, count), frame.y(point.mean, PAIN_MAX))
            for index, point in enumerate(points)
        )

    recorded = [point for point in points if point.value is not None]
    n = len(recorded)
    span = ""
    if points:
        last_day = points[-1].day + (WEEK - DAY if weekly else datetime.timedelta())
        span = f"from {long_date(points[0].day)} to {long_date(last_day)}"
    if weekly and filtered:
        description = (
            "Each point is the average pain score, from 0 (no pain) to 10, of "
            f"the check-ins {filtered} in one week, Monday to Sunday, {span}: "
            "only the weeks with such a check-in, a line joining two of them "
            "only when they follow each other. "
            + ngettext(
                "%(count)d week with matching check-ins",
                "%(count)d weeks with matching check-ins",
                n,
            )
            % {"count": n}
        )
    elif weekly:
        description = (
            "Each point is the average pain score, from 0 (no pain) to 10, of "
            f"the check-ins in one week, Monday to Sunday, {span}. "
            + ngettext(
                "%(count)d week with check-ins", "%(count)d weeks with check-ins", n
            )
            % {"count": n}
        )
    elif filtered:
        description = (
            "Pain score from 0 (no pain) to 10 on each day with a check-in "
            f"{filtered}, {span}: only those days, as points, a line joining "
            "two of them only when they are consecutive days, and no 7-day "
            "average (the days between did not match). "
            + ngettext("%(count)d matching check-in", "%(count)d matching check-ins", n)
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
    description += " " + marks_sentence(points, weekly=weekly)
    return PainChart(
        id=chart_id,
        title=title,
        description=description,
        weekly=weekly,
        points=list(points),
        dots=dots,
        lines=lines,
        mean_lines=mean_lines,
        x_ticks=date_ticks([point.day for point in points], frame, weekly=weekly),
        y_ticks=value_ticks(PAIN_MAX, 2, frame),
        frame=frame,
        session_marks=session_marks,
        warning_marks=warning_marks,
        filtered=filtered,
    )


def _counted(count: int, singular: str, plural: str) -> str:
    return "none" if count == 0 else f"{count} {singular if count == 1 else plural}"


def marks_sentence(points: Sequence[PainPoint], *, weekly: bool) -> str:
    """What the marks above the pain chart show, in words, with their counts."""
    with_sessions = _counted(
        sum(1 for point in points if point.sessions), *UNITS[weekly]
    )
    with_signs = _counted(
        sum(1 for point in points if point.warning_signs), *UNITS[weekly]
    )
    if weekly:
        sessions = sum(point.sessions for point in points)
        signs = sum(point.warning_signs for point in points)
        if sessions:
            with_sessions += ", " + _counted(sessions, "session", "sessions")
        if signs:
            with_signs += ", " + _counted(signs, "check-in", "check-ins")
        return (
            "Above the chart, a triangle marks each week with a session "
            f"({with_sessions}) and a diamond each week with a check-in that "
            f"reported a warning sign ({with_signs})."
        )
    return (
        "Above the chart, a triangle marks each day with a session "
        f"({with_sessions}) and a diamond each day whose check-in reported a "
        f"warning sign ({with_signs})."
    )


UNITS = {False: ("day", "days"), True: ("week", "weeks")}


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
        f"from the week of {long_date(weeks[0].week)} to the week of "
        f"{long_date(weeks[-1].week)}"
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
