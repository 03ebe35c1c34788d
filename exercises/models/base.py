from django.db import models


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


def range_text(low: int | None, high: int | None) -> str:
    """'10–15', or '10' when there is no upper bound or both are equal."""
    if low is None:
        return ""
    if high is None or high == low:
        return str(low)
    return f"{low}–{high}"


def counted(low: int | None, high: int | None, one: str, many: str) -> str:
    """A range with its unit, singular only for exactly one: '1 rep',
    '1–2 reps', '10 seconds'."""
    unit = one if low == 1 and (high is None or high == 1) else many
    return f"{range_text(low, high)} {unit}"
