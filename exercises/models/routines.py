import math

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .base import PublishedQuerySet
from .library import Exercise

# Seconds to get into position before each exercise and to change sides.
SETUP_SECONDS = 20
SIDE_CHANGE_SECONDS = 5


class Routine(models.Model):
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=240)
    description = models.TextField(
        blank=True, help_text="Plain text; leave a blank line between paragraphs."
    )
    is_default = models.BooleanField(
        "default routine",
        default=False,
        help_text="The routine new users start with; only one can be the default.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="routine_single_default",
                violation_error_message="Another routine is already the default.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exercises:routine-detail", kwargs={"slug": self.slug})

    def estimated_minutes(self) -> int:
        """Whole minutes the routine takes, from its items' doses and rests
        (no query when the items are prefetched)."""
        seconds = sum(item.estimated_seconds for item in self.items.all())
        return max(1, math.ceil(seconds / 60)) if seconds else 0


class RoutineItem(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, related_name="routine_items"
    )
    order = models.PositiveSmallIntegerField()
    sets = models.PositiveSmallIntegerField(default=2)
    reps = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    per_side = models.BooleanField("each side", default=False)
    rest_seconds = models.PositiveSmallIntegerField(
        default=30, help_text="Rest between sets."
    )

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["routine", "order"], name="routine_item_order_unique"
            ),
            models.CheckConstraint(
                condition=Q(sets__gte=1), name="routine_item_sets_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(reps__gte=1) | Q(hold_seconds__gte=1),
                name="routine_item_has_reps_or_hold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.routine}: {self.exercise}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.sets is not None and self.sets < 1:
            errors["sets"] = "Give at least one set."
        if not self.reps and not self.hold_seconds:
            errors["reps"] = "Give a number of reps or a hold time (or both)."
        if errors:
            raise ValidationError(errors)

    @property
    def sides(self) -> int:
        return 2 if self.per_side else 1

    @property
    def dose_text(self) -> str:
        """The dose in words, for example '2 sets × 10 reps each side'."""
        sets = f"{self.sets} set{'' if self.sets == 1 else 's'}"
        if self.reps:
            work = f"{self.reps} rep{'' if self.reps == 1 else 's'}"
            if self.hold_seconds:
                work += f", holding {self.hold_seconds} s"
        else:
            work = f"{self.hold_seconds} s hold"
        return f"{sets} × {work}" + (" each side" if self.per_side else "")

    @property
    def estimated_seconds(self) -> int:
        reps = self.reps or 0
        work = reps * self.exercise.seconds_per_rep + (self.hold_seconds or 0) * max(
            reps, 1
        )
        per_set = work * self.sides + SIDE_CHANGE_SECONDS * (self.sides - 1)
        return SETUP_SECONDS + per_set * self.sets + self.rest_seconds * (self.sets - 1)
