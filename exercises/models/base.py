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
