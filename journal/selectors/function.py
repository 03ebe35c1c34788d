"""The function score (PSFS): its history with the changes that count as
real, and whether it is time to rate it again."""

import datetime
import math
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Prefetch

from ..models import FunctionRating, FunctionScore, Plan
from ..models.function import PSFS_EVERY, PSFS_MDC_ACTIVITY, PSFS_MDC_MEAN


@dataclass(frozen=True)
class ActivityChange:
    activity: str
    ability: int
    # Against the same activity (by name, ignoring case and spacing) in the
    # first score that rated it; None when this is its first rating.
    change: int | None

    @property
    def real(self) -> bool:
        """At least the scale's minimal detectable change for one activity."""
        return self.change is not None and abs(self.change) >= PSFS_MDC_ACTIVITY

    @property
    def change_words(self) -> str:
        """The change since this activity's first rating, in words."""
        if self.change is None:
            return "its first rating"
        if not self.change:
            return "the same as its first rating"
        direction = "up" if self.change > 0 else "down"
        words = f"{direction} {abs(self.change)} since its first rating"
        if self.real:
            better = "better" if self.change > 0 else "worse"
            return f"{words}: a real change ({better})"
        return words


def _tenths_toward_zero(value: Fraction) -> float:
    """`value` cut (not rounded) to one decimal: the figure shown then reaches
    2.0 only when the change itself does. A mean of 7.2 against a first of
    5.25 is 1.95 apart, less than the minimal detectable change: rounded it
    would read 2.0 (and, as floats, 7.2 - 5.25 is 1.9500000000000002)."""
    return math.trunc(value * 10) / 10


@dataclass(frozen=True)
class FunctionPoint:
    date: datetime.date
    mean: float
    activities: list[ActivityChange] = field(default_factory=list)
    # The mean's change since the first score (None for the first), worked
    # out exactly and cut toward zero to one decimal (_tenths_toward_zero).
    change: float | None = None
    # The FunctionScore this point is, for its links (deleting it).
    score_id: int | None = None

    @property
    def real(self) -> bool:
        """The mean moved by at least the minimal detectable change since the
        first score: more than the scale's own error. `change` is a whole
        number of tenths, so 2.0 compares exactly."""
        return self.change is not None and abs(self.change) >= PSFS_MDC_MEAN

    @property
    def real_activities(self) -> list[ActivityChange]:
        return [activity for activity in self.activities if activity.real]

    @property
    def change_words(self) -> str:
        """The change since the first score, in words (the chart's marks and
        table say the same)."""
        if self.change is None:
            return "First score: the starting point."
        if not self.change:
            return (
                "No change since the first score: less than "
                f"{PSFS_MDC_MEAN} points, within the scale's own error."
            )
        direction = "Up" if self.change > 0 else "Down"
        amount = f"{abs(self.change):.1f}"
        if not self.real:
            return (
                f"{direction} {amount} since the first score: less than "
                f"{PSFS_MDC_MEAN} points, within the scale's own error."
            )
        better = "better" if self.change > 0 else "worse"
        return (
            f"{direction} {amount} since the first score: a real change "
            f"({better}), at least the {PSFS_MDC_MEAN} points the scale can "
            "detect."
        )


def activity_key(activity: str) -> str:
    """How two names of an activity are told apart: not by case or spacing."""
    return " ".join(activity.split()).casefold()


def function_scores(
    user, *, start: datetime.date | None = None, end: datetime.date | None = None
) -> list[FunctionPoint]:
    """The person's function scores, oldest first, each with its mean and the
    change since the first score ever (not the first in the dates asked), per
    activity too. The means and changes are worked out exactly (fractions),
    so a change of exactly 2 is never read as 1.999... or 1.95 as 2. Two
    queries whatever the number of scores."""
    scores = FunctionScore.objects.for_user(user).prefetch_related(
        Prefetch("ratings", queryset=FunctionRating.objects.order_by("position"))
    )
    points: list[FunctionPoint] = []
    first_mean: Fraction | None = None
    first_ability: dict[str, int] = {}
    for score in scores.order_by("date"):
        ratings = list(score.ratings.all())
        if not ratings:  # never saved so by the service; nothing to average
            continue
        activities = []
        for rating in ratings:
            key = activity_key(rating.activity)
            before = first_ability.get(key)
            if before is None:
                first_ability[key] = rating.ability
            activities.append(
                ActivityChange(
                    rating.activity,
                    rating.ability,
                    None if before is None else rating.ability - before,
                )
            )
        mean = Fraction(sum(rating.ability for rating in ratings), len(ratings))
        if first_mean is None:
            first_mean = mean
            change = None
        else:
            change = _tenths_toward_zero(mean - first_mean)
        points.append(
            FunctionPoint(score.date, float(mean), activities, change, score.pk)
        )
    return [
        point
        for point in points
        if (start is None or point.date >= start) and (end is None or point.date <= end)
    ]


def function_latest(user) -> FunctionScore | None:
    """The person's latest function score, with its ratings in order."""
    return (
        FunctionScore.objects.for_user(user)
        .prefetch_related("ratings")
        .order_by("-date")
        .first()
    )


def function_due(user, plan: Plan, today: datetime.date) -> bool:
    """Time to rate function: never rated, or PSFS_EVERY since the last
    score; and not put off ("Not now") until after today. One query."""
    if plan.function_snoozed_until and today < plan.function_snoozed_until:
        return False
    last = (
        FunctionScore.objects.for_user(user)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    return last is None or today - last >= PSFS_EVERY
