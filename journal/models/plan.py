import zoneinfo
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

# Three sessions a week: enough for strength to build, with rest days between
# for the gradual progression the guide asks for. Users change it in their plan.
DEFAULT_WEEKLY_TARGET = 3
MAX_WEEKLY_TARGET = 14


@cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            "Choose a time zone from the list, such as Europe/London.",
            code="invalid_time_zone",
        )


class Plan(models.Model):
    """A user's journal settings: weekly target, routine and time zone."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_plan"
    )
    weekly_target = models.PositiveSmallIntegerField(
        "weekly session target",
        default=DEFAULT_WEEKLY_TARGET,
        help_text=f"Sessions you aim to do each week (1 to {MAX_WEEKLY_TARGET}).",
    )
    routine = models.ForeignKey(
        "exercises.Routine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    journal_version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Moves with every change to the user's journal (journal/cache.py).",
    )
    time_zone = models.CharField(
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text="“Today” in your journal follows this time zone.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_target__gte=1)
                & Q(weekly_target__lte=MAX_WEEKLY_TARGET),
                name="plan_weekly_target_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Plan of {self.user}"

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)
