from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from ..figures import DRAWING_CHOICES
from .base import PublishedQuerySet, counted, range_text


class Kind(models.TextChoices):
    STRETCH = "stretch", "Stretching"
    STRENGTHENING = "strengthening", "Strengthening"
    STABILIZATION = "stabilization", "Stabilization"


class ExerciseQuerySet(PublishedQuerySet):
    def of_kind(self, kind: str):
        return self.filter(kind=kind) if kind else self

    def matching(self, text: str):
        """Exercises whose title, summary, explanation or steps contain `text`."""
        if not text:
            return self
        in_steps = ExerciseStep.objects.filter(
            exercise=OuterRef("pk"), text__icontains=text
        )
        return self.filter(
            Q(title__icontains=text)
            | Q(summary__icontains=text)
            | Q(why_it_helps__icontains=text)
            | Q(starting_position__icontains=text)
            | Exists(in_steps)
        )


class Exercise(models.Model):
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.CharField(
        max_length=240, help_text="One sentence shown in lists and search results."
    )
    why_it_helps = models.TextField(
        help_text="Plain text; leave a blank line between paragraphs."
    )
    starting_position = models.TextField()
    sets_min = models.PositiveSmallIntegerField("sets (minimum)", default=2)
    sets_max = models.PositiveSmallIntegerField("sets (maximum)", null=True, blank=True)
    reps_min = models.PositiveSmallIntegerField("reps (minimum)", null=True, blank=True)
    reps_max = models.PositiveSmallIntegerField("reps (maximum)", null=True, blank=True)
    hold_seconds_min = models.PositiveSmallIntegerField(
        "hold seconds (minimum)", null=True, blank=True
    )
    hold_seconds_max = models.PositiveSmallIntegerField(
        "hold seconds (maximum)", null=True, blank=True
    )
    per_side = models.BooleanField(
        "each side", default=False, help_text="The dose is done on each side."
    )
    seconds_per_rep = models.PositiveSmallIntegerField(
        default=4, help_text="Used to estimate how long a routine takes."
    )
    progression = models.TextField("how to progress", blank=True)
    safety_cues = models.TextField(
        blank=True, help_text="One cue per line, shown as a list."
    )
    drawing = models.CharField(
        max_length=40,
        blank=True,
        choices=DRAWING_CHOICES,
        help_text="Which of the project's drawings shows this exercise",
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sets_min__gte=1), name="exercise_sets_min_at_least_one"
            ),
            models.CheckConstraint(
                condition=Q(sets_max__isnull=True)
                | Q(sets_max__gte=models.F("sets_min")),
                name="exercise_sets_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(reps_min__gte=1) | Q(hold_seconds_min__gte=1),
                name="exercise_has_reps_or_hold",
            ),
            models.CheckConstraint(
                condition=Q(reps_max__isnull=True)
                | Q(reps_max__gte=models.F("reps_min")),
                name="exercise_reps_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds_max__isnull=True)
                | Q(hold_seconds_max__gte=models.F("hold_seconds_min")),
                name="exercise_hold_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exercises:exercise-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.sets_min is not None and self.sets_min < 1:
            errors["sets_min"] = "Give at least one set."
        if (
            self.sets_max is not None
            and self.sets_min
            and self.sets_max < self.sets_min
        ):
            errors["sets_max"] = "The maximum sets cannot be below the minimum."
        if not self.reps_min and not self.hold_seconds_min:
            errors["reps_min"] = "Give a number of reps or a hold time (or both)."
        if self.reps_max is not None and (
            not self.reps_min or self.reps_max < self.reps_min
        ):
            errors["reps_max"] = "The maximum reps cannot be below the minimum."
        if self.hold_seconds_max is not None and (
            not self.hold_seconds_min or self.hold_seconds_max < self.hold_seconds_min
        ):
            errors["hold_seconds_max"] = (
                "The maximum hold cannot be below the minimum hold."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def dose_text(self) -> str:
        """The dose in words, for example '2–3 sets of 10–15 reps, each side'."""
        sets = range_text(self.sets_min, self.sets_max)
        one_set = (self.sets_max or self.sets_min) == 1
        side = ", each side" if self.per_side else ""
        parts = []
        if self.reps_min:
            parts.append(
                f"{sets} set{'' if one_set else 's'} of "
                + counted(self.reps_min, self.reps_max, "rep", "reps")
            )
        if self.hold_seconds_min:
            hold = counted(
                self.hold_seconds_min, self.hold_seconds_max, "second", "seconds"
            )
            parts.append(
                f"hold each rep {hold}"
                if self.reps_min
                else f"hold {hold}, " + ("once" if one_set else f"{sets} times")
            )
        text = "; ".join(parts)
        return text[:1].upper() + text[1:] + side

    @property
    def safety_cue_list(self) -> list[str]:
        return [line.strip() for line in self.safety_cues.splitlines() if line.strip()]


class ExerciseStep(models.Model):
    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=80, blank=True)
    text = models.TextField()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "order"], name="exercise_step_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise}: step {self.order}"
