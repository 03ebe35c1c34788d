"""The Patient-Specific Functional Scale (PSFS): the person names 3 to 5
activities their hip makes hard and rates each from 0 (unable to do it) to
10 (able to do it as before the problem); the score is the mean. Asked at the
start and then every PSFS_EVERY (journal.selectors.function). The source and
the change that counts as real are in the README's "Clinical basis"."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from ..rules import EARLIEST_DATE

PSFS_MIN_ACTIVITIES = 3
PSFS_MAX_ACTIVITIES = 5
PSFS_ACTIVITY_MAX_LENGTH = 80
# Asked again this long after the last rating.
PSFS_EVERY = datetime.timedelta(days=14)
# The minimal detectable change (90 % confidence): a change of at least this
# much is more than the scale's own error. Stratford et al. 1995; Horn et al.
# 2012 (README, "Clinical basis").
PSFS_MDC_MEAN = 2
PSFS_MDC_ACTIVITY = 3
# Offered when the person names their activities (the list).
PSFS_SUGGESTIONS = [
    "Getting up from a chair",
    "Climbing stairs",
    "Running",
    "Sitting for an hour",
    "Putting on socks",
]


class FunctionScoreQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class FunctionScore(models.Model):
    """One day's PSFS: its ratings are FunctionRating rows (3 to 5)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField()
    # The one-time token of the form that saved it (as CheckIn.token).
    token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FunctionScoreQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = "function score (PSFS)"
        verbose_name_plural = "function scores (PSFS)"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "date"], name="function_score_one_per_day"
            ),
            models.UniqueConstraint(
                fields=["user", "token"], name="function_score_once_per_form"
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE),
                name="function_score_date_from_2000",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: function score"

    def get_absolute_url(self) -> str:
        return reverse("journal:function")


class FunctionRating(models.Model):
    """One activity of a PSFS and how able the person is to do it, 0-10."""

    score = models.ForeignKey(
        FunctionScore, on_delete=models.CASCADE, related_name="ratings"
    )
    position = models.PositiveSmallIntegerField()
    activity = models.CharField(max_length=PSFS_ACTIVITY_MAX_LENGTH)
    ability = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["score", "position"], name="function_rating_position_once"
            ),
            models.CheckConstraint(
                condition=Q(ability__gte=0) & Q(ability__lte=10),
                name="function_rating_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(position__lt=PSFS_MAX_ACTIVITIES),
                name="function_rating_at_most_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Function rating #{self.pk}"
