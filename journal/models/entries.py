import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL

from core.remembered import reverse

from ..progression import Dose, falls_short
from ..rules import EARLIEST_DATE
from ..triage import EMERGENCY_FIELDS, QUESTION, QUESTIONS

NOTES_MAX_LENGTH = 2000
# The longest exercise or routine title a session keeps (exercises' own limit).
TITLE_MAX_LENGTH = 120
PAIN_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]

# The warning-sign questions of a check-in, as (field, guide slug), in the
# order of journal.triage.QUESTIONS (the retired one included: past rows keep
# it). Severe or persistent pain is not a checkbox: it is read from the scores.
WARNING_SIGN_FIELDS = [(question.field, question.sign) for question in QUESTIONS]

# A check-in with an emergency answer, as a query.
HAS_EMERGENCY = Q()
for _field in EMERGENCY_FIELDS:
    HAS_EMERGENCY |= Q(**{_field: True})


def _answer(field: str) -> models.BooleanField:
    """A warning-sign question's column, labelled as journal.triage asks it."""
    return models.BooleanField(QUESTION[field].label, default=False)


class Effort(models.TextChoices):
    EASY = "easy", "Easy"
    RIGHT = "right", "About right"
    HARD = "hard", "Hard"


class PainSide(models.TextChoices):
    """Where a check-in's pain was: the hip (blank: not said)."""

    LEFT = "left", "Left hip"
    RIGHT = "right", "Right hip"
    BOTH = "both", "Both hips"


# The longest "other" trigger and medication a check-in keeps: a word or two,
# and a line of what was taken.
TRIGGER_OTHER_MAX_LENGTH = 60
MEDICATION_MAX_LENGTH = 200


class TriggerQuerySet(models.QuerySet):
    def offered(self):
        """The tags a check-in form offers, in the order staff set."""
        return self.filter(is_active=True).order_by("position", "name")


class Trigger(models.Model):
    """A tag for "what made it worse today" (long sitting, running, ...), which
    staff manage in the admin. A retired tag (`is_active` off) is no longer
    offered; the check-ins that have it keep it. Content, not health data:
    which check-ins carry it is the person's, through CheckIn.triggers."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(
        "offered", default=True, help_text="Untick to stop offering it on check-ins."
    )

    objects = TriggerQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = "trigger (what made pain worse)"
        verbose_name_plural = "triggers (what made pain worse)"

    def __str__(self) -> str:
        return self.name


class EntryQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def between(self, start: datetime.date, end: datetime.date):
        return self.filter(date__gte=start, date__lte=end)


class SessionQuerySet(EntryQuerySet):
    def with_partly_done(self):
        """Annotate `has_shortfall`: one of the session's exercises fell short of
        its planned dose or was skipped (read by Session.partly_done)."""
        return self.annotate(
            has_shortfall=RawSQL(
                HAS_SHORTFALL_SQL.format(
                    rows=SessionExercise._meta.db_table,
                    sessions=Session._meta.db_table,
                ),
                (),
                output_field=models.BooleanField(),
            )
        )


class CheckIn(models.Model):
    """One day's pain score (0-10, average over the last 24 hours)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_ins"
    )
    date = models.DateField()
    pain_score = models.PositiveSmallIntegerField(validators=PAIN_VALIDATORS)
    notes = models.TextField(max_length=NOTES_MAX_LENGTH, blank=True)
    # Emergency (journal.triage.Tier.EMERGENCY).
    cauda_equina_signs = _answer("cauda_equina_signs")
    cannot_bear_weight_after_fall = _answer("cannot_bear_weight_after_fall")
    fever_with_hot_hip = _answer("fever_with_hot_hip")
    # Same day.
    fever_or_chills = _answer("fever_or_chills")
    weakness_one_leg = _answer("weakness_one_leg")
    sudden_onset = _answer("sudden_onset")
    night_pain = _answer("night_pain")
    # Soon.
    numbness_or_tingling = _answer("numbness_or_tingling")
    weight_loss = _answer("weight_loss")
    loss_of_function = _answer("loss_of_function")
    groin_pain_weight_bearing = _answer("groin_pain_weight_bearing")
    # No longer asked (it mixed tiers): past check-ins keep their answer.
    accompanying_symptoms = _answer("accompanying_symptoms")
    # The diary's optional details: which hip, what made it worse (staff's
    # tags and a word of the person's own), and what they took.
    side = models.CharField(max_length=5, choices=PainSide.choices, blank=True)
    triggers = models.ManyToManyField(
        Trigger, blank=True, related_name="+", verbose_name="what made it worse"
    )
    trigger_other = models.CharField(
        "something else made it worse", max_length=TRIGGER_OTHER_MAX_LENGTH, blank=True
    )
    medication = models.CharField(
        "medication or treatment taken", max_length=MEDICATION_MAX_LENGTH, blank=True
    )
    # When the person said they had read the emergency advice (the dashboard
    # shows it first until then). Cleared when the emergency answers change.
    emergency_acknowledged_at = models.DateTimeField(
        "emergency advice acknowledged at", null=True, blank=True
    )
    # The one-time token of the form that saved it: the same form sent again
    # (a double click, a resubmit) finds this row instead of making or
    # replacing one. Empty for rows saved before forms carried one.
    token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        indexes = [
            # The dashboard's emergencies not yet acknowledged, whatever their age.
            models.Index(
                fields=["user"],
                condition=HAS_EMERGENCY & Q(emergency_acknowledged_at__isnull=True),
                name="check_in_emergency_open",
            )
        ]
        constraints = [
            # Also the index for every per-user date query.
            models.UniqueConstraint(
                fields=["user", "date"], name="check_in_one_per_day"
            ),
            models.UniqueConstraint(
                fields=["user", "token"], name="check_in_once_per_form"
            ),
            models.CheckConstraint(
                condition=Q(pain_score__gte=0) & Q(pain_score__lte=10),
                name="check_in_pain_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE), name="check_in_date_from_2000"
            ),
            models.CheckConstraint(
                condition=Q(side__in=["", *PainSide.values]), name="check_in_side"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: pain {self.pain_score}"

    def get_absolute_url(self) -> str:
        return reverse("journal:check-in-detail", kwargs={"pk": self.pk})

    @property
    def answers(self) -> tuple[str, ...]:
        """The warning-sign questions answered yes, by field."""
        return tuple(field for field, _ in WARNING_SIGN_FIELDS if getattr(self, field))

    @property
    def warning_sign_slugs(self) -> list[str]:
        return [slug for field, slug in WARNING_SIGN_FIELDS if getattr(self, field)]

    @property
    def warning_sign_labels(self) -> list[str]:
        return [QUESTION[field].label for field in self.answers]

    @property
    def has_emergency(self) -> bool:
        return any(getattr(self, field) for field in EMERGENCY_FIELDS)

    @property
    def emergency_open(self) -> bool:
        """An emergency answer whose advice is not acknowledged yet."""
        return self.has_emergency and self.emergency_acknowledged_at is None


class Session(models.Model):
    """A routine session the user did, in the player or away from the site."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField()
    routine = models.ForeignKey(
        "exercises.Routine",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The routine's title when the session was recorded: the history reads as
    # it was, whatever staff later rename, unpublish or delete. Blank: the
    # session had no routine.
    routine_title = models.CharField(max_length=TITLE_MAX_LENGTH, blank=True)
    pain_during = models.PositiveSmallIntegerField(
        "pain during the session", validators=PAIN_VALIDATORS
    )
    effort = models.CharField(max_length=10, choices=Effort.choices)
    duration_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    notes = models.TextField(max_length=NOTES_MAX_LENGTH, blank=True)
    # The one-time token of the form that made it: a resubmitted or doubled
    # form finds this session instead of making another. Null for sessions
    # made before tokens existed or by scripts.
    token = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        # Newest first, as the lists and the progression read them: "the last
        # three sessions with this exercise" walks it and stops early.
        indexes = [
            models.Index(
                fields=["user", "-date", "-created_at"], name="session_user_newest"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_during__gte=0) & Q(pain_during__lte=10),
                name="session_pain_0_to_10",
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE), name="session_date_from_2000"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True)
                | (Q(duration_minutes__gte=1) & Q(duration_minutes__lte=600)),
                name="session_duration_range",
            ),
            models.UniqueConstraint(
                fields=["user", "token"], name="session_once_per_form"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date}: session"

    def get_absolute_url(self) -> str:
        return reverse("journal:session-detail", kwargs={"pk": self.pk})

    @property
    def partly_done(self) -> bool:
        """An exercise fell short of its planned dose or was skipped. Reads the
        `with_partly_done` annotation when the query made it, else the
        (ideally prefetched) exercises."""
        if hasattr(self, "has_shortfall"):
            return self.has_shortfall
        return any(row.partly_done for row in self.exercises.all())


class Side(models.TextChoices):
    # "": the exercise is not done per side, or was logged for each side at once.
    NONE = "", "Both sides or not per side"
    RIGHT = "right", "Right side"
    LEFT = "left", "Left side"


MAX_SETS = 20
MAX_REPS = 200
MAX_HOLD_SECONDS = 600

# A row short of its plan, as a query: progression.falls_short in SQL.
SHORT_OF_PLAN = (
    Q(sets=0)
    | Q(sets__lt=F("planned_sets"))
    | Q(reps__lt=F("planned_reps"))
    | Q(hold_seconds__lt=F("planned_hold_seconds"))
)


# A session with a row short of its plan, as SHORT_OF_PLAN's Exists written
# out for the outer query's session table (a session queryset's own, never a
# subquery's): compiling the Exists of four comparisons cost 0.6 ms on every
# dashboard drawn, for its five latest sessions. tests/journal/test_models.py
# checks that it finds what SHORT_OF_PLAN finds.
HAS_SHORTFALL_SQL = (
    'EXISTS (SELECT 1 FROM "{rows}" short WHERE short."session_id" = '
    '"{sessions}"."id" AND (short."sets" = 0 OR short."sets" < short."planned_sets" '
    'OR short."reps" < short."planned_reps" '
    'OR short."hold_seconds" < short."planned_hold_seconds"))'
)


class SessionExercise(models.Model):
    """An exercise of a session, per side when done per side: the dose done
    (`sets`, `reps`, `hold_seconds`) beside the dose planned (suggested).

    `sets` counts finished sets only, each at `reps` (or `hold_seconds`). An
    unfinished set is recorded as "1 set × the reps done" only when no set was
    finished; after finished sets it is left out, so the record never claims
    more than was done. A skipped exercise has 0 sets and no reps or hold."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="exercises"
    )
    # PROTECT: history is never lost with content; staff unpublish instead.
    exercise = models.ForeignKey(
        "exercises.Exercise", on_delete=models.PROTECT, related_name="+"
    )
    # The exercise's title when the session was recorded (as quiz attempts
    # keep their quiz's): pages and exports show this, never the current one.
    exercise_title = models.CharField(max_length=TITLE_MAX_LENGTH)
    side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    sets = models.PositiveSmallIntegerField("sets done")
    reps = models.PositiveSmallIntegerField("reps done", null=True, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(
        "hold done (seconds)", null=True, blank=True
    )
    planned_sets = models.PositiveSmallIntegerField()
    planned_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    planned_hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    # Optional, asked once per exercise (each side's row holds it): the
    # progression reads it instead of the session's pain_during when given.
    pain = models.PositiveSmallIntegerField(
        "pain during this exercise",
        null=True,
        blank=True,
        validators=PAIN_VALIDATORS,
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "exercise", "side"], name="session_exercise_once"
            ),
            models.CheckConstraint(
                condition=Q(side__in=Side.values), name="session_exercise_side"
            ),
            models.CheckConstraint(
                condition=Q(planned_sets__gte=1, planned_sets__lte=MAX_SETS)
                & (Q(planned_reps__gte=1) | Q(planned_hold_seconds__gte=1))
                & (Q(planned_reps__isnull=True) | Q(planned_reps__lte=MAX_REPS))
                & (
                    Q(planned_hold_seconds__isnull=True)
                    | Q(planned_hold_seconds__lte=MAX_HOLD_SECONDS)
                ),
                name="session_exercise_planned_range",
            ),
            # Skipped: 0 sets and nothing else. Done: reps exactly when the
            # plan counts reps, a hold exactly when it has one.
            models.CheckConstraint(
                condition=Q(sets=0, reps__isnull=True, hold_seconds__isnull=True)
                | (
                    Q(sets__gte=1, sets__lte=MAX_SETS)
                    & (
                        Q(reps__isnull=True, planned_reps__isnull=True)
                        | Q(reps__gte=1, reps__lte=MAX_REPS, planned_reps__gte=1)
                    )
                    & (
                        Q(hold_seconds__isnull=True, planned_hold_seconds__isnull=True)
                        | Q(
                            hold_seconds__gte=1,
                            hold_seconds__lte=MAX_HOLD_SECONDS,
                            planned_hold_seconds__gte=1,
                        )
                    )
                ),
                name="session_exercise_done_range",
            ),
            models.CheckConstraint(
                condition=Q(pain__isnull=True) | (Q(pain__gte=0) & Q(pain__lte=10)),
                name="session_exercise_pain_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        # Neutral: the admin may show this to content editors.
        return f"Session exercise #{self.pk}"

    @property
    def done(self) -> Dose:
        return Dose(self.sets, self.reps, self.hold_seconds)

    @property
    def planned(self) -> Dose:
        return Dose(self.planned_sets, self.planned_reps, self.planned_hold_seconds)

    @property
    def skipped(self) -> bool:
        return self.sets == 0

    @property
    def partly_done(self) -> bool:
        return falls_short(self.done, self.planned)

    @property
    def summary(self) -> str:
        """The dose in words, as the lists and exports show it: "2 sets × 10
        reps", "skipped", or "1 set × 5 reps (planned 2 sets × 10 reps)"."""
        if self.skipped:
            return f"skipped (planned {self.planned})"
        if self.partly_done:
            return f"{self.done} (planned {self.planned})"
        return str(self.done)
