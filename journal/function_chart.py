"""The function score's chart (PSFS): the mean of each day's ratings over
time, in the frame and style of the journal's other charts (journal.geometry),
with the band of the scale's own error around the first score and a shape of
its own for each score that is a real change. Pure functions from the points
(journal.selectors.function_scores) to coordinates in viewBox units;
templates/journal/includes/chart_function.html draws them."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.dateformat import format as date_format
from django.utils.translation import ngettext

from .geometry import FRAME, Frame, Tick, date_ticks, text_width, value_ticks
from .models.function import PSFS_MDC_MEAN
from .selectors.function import FunctionPoint
from .series import DAY, long_date, one_decimal

FUNCTION_MAX = 10
# Half the width of a mark's shape, in viewBox units.
MARK_SIZE = 7.0


def _tenth(value: float) -> str:
    """`value` as the template's |floatformat:1 writes it (half up; no "-0.0"),
    without its cost (Django's filter checks types and locale on each)."""
    rounded = one_decimal(value)
    return str(rounded if rounded else abs(rounded))


def _shape(point: FunctionPoint) -> str:
    if point.change is None:
        return "first"
    return "real" if point.real else "within"


@dataclass(frozen=True)
class FunctionMark:
    point: FunctionPoint
    x: float
    y: float

    @property
    def shape(self) -> str:
        """ "first", "real" (a real change since the first score) or "within"
        (within the scale's own error): each is drawn as its own shape."""
        return _shape(self.point)

    @property
    def diamond(self) -> str:
        """The real change's shape, a diamond, as SVG points."""
        x, y, size = self.x, self.y, MARK_SIZE + 2
        corners = [(x, y - size), (x + size, y), (x, y + size), (x - size, y)]
        return " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)

    @property
    def square_x(self) -> float:
        return round(self.x - MARK_SIZE, 1)

    @property
    def square_y(self) -> float:
        return round(self.y - MARK_SIZE, 1)


@dataclass(frozen=True)
class FunctionRow:
    """A score as the data table words it: worked out here, as the template
    filters would, because filters and comparisons on each of five years of
    scores were most of the page."""

    date: str
    mean: str
    change: str
    # "first" (the starting point), "real" or "within" (the scale's error).
    shape: str
    better: bool

    @classmethod
    def of(cls, point: FunctionPoint) -> "FunctionRow":
        if point.restarted:
            change = "new activities: a new starting point"
        elif point.change is None:
            change = "first score"
        elif point.change > 0:
            change = f"+{_tenth(point.change)}"
        else:
            change = _tenth(point.change)
        return cls(
            date=date_format(point.date, "D j M Y"),
            mean=_tenth(point.mean),
            change=change,
            shape=_shape(point),
            better=point.change is not None and point.change > 0,
        )


@dataclass(frozen=True)
class FunctionChart:
    id: str
    title: str
    description: str
    points: list[FunctionPoint]  # for the data table
    marks: list[FunctionMark]
    line: str  # the means joined, as SVG points
    # The band within PSFS_MDC_MEAN of the first score (the scale's own
    # error), clipped to the axis: top and bottom edges.
    band_top: float | None
    band_bottom: float | None
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    frame: Frame = FRAME
    mark_size: float = MARK_SIZE
    mdc: int = PSFS_MDC_MEAN

    @property
    def band_height(self) -> float:
        if self.band_top is None or self.band_bottom is None:
            return 0.0
        return round(self.band_bottom - self.band_top, 1)

    @property
    def square_side(self) -> float:
        return 2 * self.mark_size

    @property
    def rows(self) -> list[FunctionRow]:
        """The data table's rows, oldest first."""
        return [FunctionRow.of(point) for point in self.points]


def _own_date_ticks(points: Sequence[FunctionPoint], x: dict, frame: Frame):
    """Scores close together (no Monday between them): a label at the first
    score's date, started at its tick when centring it would cross the axis."""
    first = points[0]
    label = date_format(first.date, "j M")
    at = x[first.date]
    anchor = "middle"
    if at - text_width(label, frame.label_size) / 2 < frame.left:
        anchor = "start"
    return [Tick(at, label, anchor=anchor)]


def function_chart(
    points: Sequence[FunctionPoint],
    *,
    title: str,
    chart_id: str = "function-chart",
    frame: Frame = FRAME,
) -> FunctionChart:
    """The chart of `points` (oldest first). Each score sits at its date, so
    the gaps between ratings show as gaps."""
    marks: list[FunctionMark] = []
    ticks: list[Tick] = []
    band_top = band_bottom = None
    if points:
        start, end = points[0].date, points[-1].date
        days = [start + DAY * n for n in range((end - start).days + 1)]
        x = {day: frame.x(index, len(days)) for index, day in enumerate(days)}
        marks = [
            FunctionMark(point, x[point.date], frame.y(point.mean, FUNCTION_MAX))
            for point in points
        ]
        ticks = date_ticks(days, frame) or _own_date_ticks(points, x, frame)
        first = points[0].mean
        band_top = frame.y(min(first + PSFS_MDC_MEAN, FUNCTION_MAX), FUNCTION_MAX)
        band_bottom = frame.y(max(first - PSFS_MDC_MEAN, 0), FUNCTION_MAX)

    count = len(points)
    description = (
        "Your function score: the mean of your activities' ratings, from 0 "
        "(unable to do them) to 10 (able to do them as before the problem), "
    )
    if points:
        description += (
            f"from {long_date(points[0].date)} to {long_date(points[-1].date)}. "
            + ngettext("%(count)d score", "%(count)d scores", count) % {"count": count}
            + f": the first {one_decimal(points[0].mean)}"
        )
        if count > 1:
            latest = points[-1]
            description += (
                f", the latest {one_decimal(latest.mean)}. {latest.change_words}"
            )
        else:
            description += "."
        description += (
            f" The shaded band is within {PSFS_MDC_MEAN} points of the first "
            "score: a change inside it may be the scale's own error."
        )
    else:
        description += "no scores yet."
    return FunctionChart(
        id=chart_id,
        title=title,
        description=description,
        points=list(points),
        marks=marks,
        line=" ".join(f"{mark.x:.1f},{mark.y:.1f}" for mark in marks),
        band_top=band_top,
        band_bottom=band_bottom,
        x_ticks=ticks,
        y_ticks=value_ticks(FUNCTION_MAX, 2, frame),
        frame=frame,
    )
