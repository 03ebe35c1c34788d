"""The function score (PSFS): its history with the changes that count as
real, and whether it is time to rate it again."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Prefetch

from ..models import FunctionRating, FunctionScore, Plan
from ..models.function import PSFS_EVERY, PSFS_MDC_ACTIVITY, PSFS_MDC_MEAN


@dataclass(frozen=True)
class ActivityChange:
    activity: str
    ability: int
    # Against the same activity (by name, ignoring case) in the first score
    # that rated it; None when this is its first rating.
    change: int | None

    @property
    def real(self) -> bool:
        """At least the scale's minimal detectable change for one activity."""
        return self.change is not None and abs(self.change) >= PSFS_MDC_ACTIVITY


@dataclass(frozen=True)
class FunctionPoint:
    date: datetime.date
    mean: float
    activities: list[ActivityChange] = field(default_factory=list)
    # The mean's change since the first score (None for the first).
    change: float | None = None

    @property
    def real(self) -> bool:
        """The mean moved by at least the minimal detectable change since the
        first score: more than the scale's own error."""
        return self.change is not None and abs(self.change) >= PSFS_MDC_MEAN - 1e-9

    @property
    def real_activities(self) -> list[ActivityChange]:
        return [activity for activity in self.activities if activity.real]

    @property
    def change_words(self) -> str:
        """The change since the first score, in words (the chart's marks and
        table say the same)."""
        if self.change is None:
            return "First score: the starting point."
        amount = f"{abs(self.change):.1f}"
        if not self.real:
            return (
                f"{'Up' if self.change > 0 else 'Down' if self.change else 'No change'}"
                f"{' ' + amount if self.change else ''} since the first score: "
                f"less than {PSFS_MDC_MEAN} points, within the scale's own error."
            )
        direction = "better" if self.change > 0 else "worse"
        return (
            f"{'Up' if self.change > 0 else 'Down'} {amount} since the first score: "
            f"a real change ({direction}), at least the {PSFS_MDC_MEAN} points "
            "the scale can detect."
        )


def function_scores(
    user, *, start: datetime.date | None = None, end: datetime.date | None = None
) -> list[FunctionPoint]:
    """The person's function scores, oldest first, each with its mean and the
    change since the first score ever (not the first in the dates asked), per
    activity too. Two queries whatever the number of scores."""
    scores = list(
        FunctionScore.objects.for_user(user)
        .annotate(mean=Avg("ratings__ability"))
        .prefetch_related(
            Prefetch("ratings", queryset=FunctionRating.objects.order_by("position"))
        )
        .order_by("date")
    )
    points: list[FunctionPoint] = []
    first_mean: float | None = None
    first_ability: dict[str, int] = {}
    for score in scores:
        activities = []
        for rating in score.ratings.all():
            key = rating.activity.strip().casefold()
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
        mean = float(score.mean)
        if first_mean is None:
            first_mean = mean
            change = None
        else:
            change = round(mean - first_mean, 1)
        points.append(FunctionPoint(score.date, mean, activities, change))
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
