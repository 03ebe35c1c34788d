import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .. import triage, zones

# Three sessions a week: enough for strength to build, with rest days between
# for the gradual progression the guide asks for. Users change it in their plan.
DEFAULT_WEEKLY_TARGET = 3
MAX_WEEKLY_TARGET = 14


TIME_ZONE_INVALID = (
    "Choose a place from the list, such as London in Europe or New York in "
    "America: zone names such as Etc/GMT+5, US/Eastern or localtime are not "
    "accepted."
)


def validate_time_zone(value: str) -> None:
    if zones.accepted_time_zone(value) is None:
        raise ValidationError(TIME_ZONE_INVALID, code="invalid_time_zone")


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
    time_zone = models.CharField(
        max_length=64,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text="“Today” in your journal follows this time zone.",
    )
    time_zone_known = models.BooleanField(
        "time zone chosen or detected",
        default=False,
        help_text="False while time_zone is only the site's default: the "
        "browser's zone, sent with the first form, then replaces it.",
    )

    # A history that makes hip pain more urgent (journal.triage.HISTORY),
    # asked once: None is not answered, or "prefer not to say".
    history_cancer = models.BooleanField("history of cancer", null=True, blank=True)
    history_steroids_or_osteoporosis = models.BooleanField(
        "long-term steroids or osteoporosis", null=True, blank=True
    )
    history_under_18 = models.BooleanField("under 18", null=True, blank=True)
    # When the history was answered, or the question put off ("Not now"):
    # until then the dashboard asks.
    history_answered_at = models.DateTimeField(
        "history answered or skipped at", null=True, blank=True
    )

    # How the report names the person: a display name they set (blank: "the
    # person"), and their email address only if they choose.
    report_name = models.CharField(
        "name on your report",
        max_length=80,
        blank=True,
        help_text="How your report names you, for example “Sam Lee”.",
    )
    report_shows_email = models.BooleanField(
        "show my email address on the report", default=False
    )
    # "Not now" on the dashboard's function-score card: it comes back after.
    function_snoozed_until = models.DateField(null=True, blank=True)

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
    def history(self) -> tuple:
        """The histories answered yes (journal.triage.History)."""
        return triage.history_yes(
            {field: getattr(self, field) for field in triage.HISTORY_FIELD}
        )

    @property
    def zone_missing(self) -> bool:
        """The stored zone is one the server's tz database no longer knows
        (tzdata dropped it): dates follow the site's zone until a new choice."""
        return self.time_zone not in zones.server_time_zones()

    @property
    def zone_name(self) -> str:
        """The zone dates follow: the stored one, or the site's when the
        server no longer knows it."""
        return zones.zone_name_in_use(self.time_zone)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.zone_name)

    @property
    def zone_label(self) -> str:
        """ "America/New York (UTC−05:00)", for the line that says which zone a
        page uses."""
        return zones.full_label(self.zone_name)
