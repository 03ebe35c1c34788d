"""The function score (PSFS): its history with the changes that count as
real, and whether it is time to rate it again."""

import datetime
import math
from dataclasses import dataclass, field
from fractions import Fraction

from core import rows

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


def _tenths(value: Fraction) -> float:
    """`value` to one decimal, halves away from zero (as people round). Only
    the figure shown: whether a change is real is read from the exact value.
    Two means of the same 3 to 5 activities differ by a multiple of 1/3, 1/4
    or 1/5, so no change below 2 is shown as 2.0 (the nearest are 1.8 and
    1.75)."""
    tenths = abs(value) * 10
    whole = math.floor(tenths + Fraction(1, 2))
    return math.copysign(whole, value) / 10 if whole else 0.0


@dataclass(frozen=True)
class FunctionPoint:
    date: datetime.date
    mean: float
    activities: list[ActivityChange] = field(default_factory=list)
    # The mean's change since the first score of the same activities (None
    # for that first), to one decimal (_tenths) for showing.
    change: float | None = None
    # The FunctionScore this point is, for its links (deleting it).
    score_id: int | None = None
    # Not the first score, but the first with these activities: its mean is a
    # new starting point (a mean of other activities is not comparable).
    restarted: bool = False
    # The change exactly, which decides whether it is real (None: `change`).
    exact: Fraction | None = None
    # The score it is compared with (the first of the same activities): its
    # date and mean, for a reader to check the change (None for that first).
    since: datetime.date | None = None
    since_mean: float | None = None

    @property
    def real(self) -> bool:
        """The mean moved by at least the minimal detectable change since the
        first score of the same activities: more than the scale's own error.
        Read from the exact change, never from the rounded figure."""
        if self.change is None:
            return False
        exact = self.exact if self.exact is not None else Fraction(str(self.change))
        return abs(exact) >= PSFS_MDC_MEAN

    @property
    def real_activities(self) -> list[ActivityChange]:
        return [activity for activity in self.activities if activity.real]

    @property
    def change_words(self) -> str:
        """The change since the first score, in words (the chart's marks and
        table say the same)."""
        if self.change is None and self.restarted:
            return (
                "New activities: the first score with these, a new starting "
                "point for the score (a mean of other activities is not "
                "compared). An activity rated before is still compared on "
                "its own."
            )
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
    activity too. The mean is compared only with the first score that rated
    the same activities (the PSFS re-rates the same ones): a score of other
    activities is a new starting point (`restarted`), never a change. The
    means and changes are worked out exactly (fractions): whether a change is
    real is never read from a rounded or floating-point figure. Two queries
    whatever the number of scores."""
    # Rows as tuples, not models: five years of scores are 130 scores and
    # 400 ratings, whose model instances cost more than the rest of the work.
    scores = (
        FunctionScore.objects.for_user(user).order_by("date").values_list("pk", "date")
    )
    ratings_of: dict[int, list[tuple[str, int]]] = {}
    for score_id, activity, ability in (
        FunctionRating.objects.filter(score__user=user)
        .order_by("score_id", "position")
        .values_list("score_id", "activity", "ability")
    ):
        ratings_of.setdefault(score_id, []).append((activity, ability))
    points: list[FunctionPoint] = []
    # The first score of each set of activities: its date and mean.
    first_mean: dict[frozenset[str], tuple[datetime.date, Fraction]] = {}
    first_ability: dict[str, int] = {}
    for score_id, date in scores:
        ratings = ratings_of.get(score_id)
        if not ratings:  # never saved so by the service; nothing to average
            continue
        activities = []
        keys = []
        for activity, ability in ratings:
            key = activity_key(activity)
            keys.append(key)
            before = first_ability.get(key)
            if before is None:
                first_ability[key] = ability
            activities.append(
                ActivityChange(
                    activity, ability, None if before is None else ability - before
                )
            )
        mean = Fraction(sum(ability for _, ability in ratings), len(ratings))
        same = frozenset(keys)
        since, baseline = first_mean.get(same, (None, None))
        restarted = baseline is None and bool(points)
        if baseline is None:
            first_mean[same] = (date, mean)
            change = None
        else:
            change = _tenths(mean - baseline)
        points.append(
            FunctionPoint(
                date,
                float(mean),
                activities,
                change,
                score_id,
                restarted,
                None if baseline is None else mean - baseline,
                since,
                None if baseline is None else float(baseline),
            )
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


def function_put_off(plan: Plan, today: datetime.date) -> bool:
    """The person said "Not now" to the function score until after today."""
    return bool(plan.function_snoozed_until and today < plan.function_snoozed_until)


def function_due(user, plan: Plan, today: datetime.date) -> bool:
    """Time to rate function: never rated, or PSFS_EVERY since the last
    score; and not put off ("Not now") until after today. One query, written
    out: the dashboard reads it after every write, and the ORM took longer
    to compile it than to run it."""
    if function_put_off(plan, today):
        return False
    found = rows.fetch(*function_last_query(rows.user_id(user)))
    last = rows.as_date(found[0][0]) if found else None
    return last is None or today - last >= PSFS_EVERY


def function_last_query(user_id: int) -> tuple[str, list]:
    """function_due's query, the date of the last score (rows.read_ahead
    lists it)."""
    return (
        f'SELECT "date" FROM {rows.quoted(FunctionScore)} WHERE "user_id" = %s '
        'ORDER BY "date" DESC LIMIT 1',
        [user_id],
    )
