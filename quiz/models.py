import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from core.remembered import reverse

RESERVED_SLUGS = {"attempts"}
TRUE_FALSE = ["True", "False"]


class PassMarkKind(models.TextChoices):
    PERCENT = "percent", "A percentage of the questions"
    QUESTIONS = "questions", "A number of correct answers"


def pass_required(kind: str, mark: int, total: int) -> int:
    """How many correct answers of `total` pass, for a pass mark of `mark`
    percent or `mark` questions: the one rule that grading, the quiz and result
    pages and the admin all use.

    A percentage passes at the fewest correct answers whose rounded percent
    reaches it (as attempts were graded before the mark could be a count: 80 %
    of 5 is 4). A count above the number of questions (a question deleted
    since) asks for all of them; a quiz without questions cannot be passed."""
    if total <= 0:
        return 1
    if kind == PassMarkKind.QUESTIONS:
        return min(mark, total)
    return next(
        (right for right in range(total + 1) if round(100 * right / total) >= mark),
        total,
    )


class QuizQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Quiz(models.Model):
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=80, unique=True)
    introduction = models.TextField(
        blank=True, help_text="Plain text; leave a blank line between paragraphs."
    )
    pass_mark_kind = models.CharField(
        "pass mark is",
        max_length=10,
        choices=PassMarkKind.choices,
        default=PassMarkKind.PERCENT,
        help_text="A percentage keeps its share as questions are added; a number "
        "of correct answers stays the same.",
    )
    pass_mark = models.PositiveSmallIntegerField(
        "pass mark",
        default=80,
        validators=[MinValueValidator(1)],
        help_text="A percentage from 1 to 100, or a number of correct answers no "
        "greater than the number of questions.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    is_published = models.BooleanField("published", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name_plural = "quizzes"
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1)
                & (
                    Q(pass_mark_kind=PassMarkKind.QUESTIONS)
                    | Q(pass_mark_kind=PassMarkKind.PERCENT, pass_mark__lte=100)
                ),
                name="quiz_pass_mark_in_range",
                violation_error_message="A percentage pass mark is between 1 and "
                "100; a number of correct answers is at least 1.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quiz:quiz-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = "This address is taken by the site."
        if (
            self.pass_mark_kind == PassMarkKind.PERCENT
            and self.pass_mark is not None
            and self.pass_mark > 100
        ):
            errors["pass_mark"] = "A percentage pass mark is between 1 and 100."
        if errors:
            raise ValidationError(errors)

    def pass_required(self, total: int) -> int:
        return pass_required(self.pass_mark_kind, self.pass_mark, total)

    @property
    def pass_required_now(self) -> int:
        """For a quiz read with its number of questions as `question_total`."""
        return self.pass_required(self.question_total)


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", "Single choice"
        TRUE_FALSE = "true_false", "True or false"

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SINGLE)
    explanation = models.TextField(
        help_text="Shown with the result: why the answer is right."
    )
    guide_section = models.ForeignKey(
        "exercises.GuideSection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The guide section the explanation links to.",
    )
    # With the choices' and the quiz's, the version of the quiz page kept in
    # memory (selectors.quizzes_versioned).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["quiz", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "order"], name="question_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


def choice_problems(kind: str, choices: list[tuple[str, bool]]) -> list[str]:
    """What is wrong with a question's (text, is correct) choices, if anything."""
    correct = sum(1 for _, is_correct in choices if is_correct)
    if kind == Question.Kind.TRUE_FALSE:
        texts = sorted(text.strip() for text, _ in choices)
        if texts != sorted(TRUE_FALSE):
            return ["A true/false question has exactly two choices: True and False."]
    elif len(choices) < 2:
        return ["A single-choice question needs at least two choices."]
    if correct != 1:
        return [f"Mark exactly one choice as correct (now {correct})."]
    return []


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices"
    )
    order = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField("correct", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "order"], name="choice_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Attempt(models.Model):
    """A graded, saved attempt. It keeps copies of what it showed, so that
    later edits to the quiz never change it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(
        Quiz, on_delete=models.SET_NULL, null=True, related_name="attempts"
    )
    quiz_title = models.CharField(max_length=160)
    # One per rendered form: a second submission of the same form finds it.
    token = models.UUIDField(default=uuid.uuid4)
    score = models.PositiveSmallIntegerField()
    total = models.PositiveSmallIntegerField()
    percent = models.PositiveSmallIntegerField()
    # The pass mark as the quiz stated it then, and what it asked of this
    # attempt: later edits to the quiz change neither.
    pass_mark_kind = models.CharField(
        max_length=10, choices=PassMarkKind.choices, default=PassMarkKind.PERCENT
    )
    pass_mark = models.PositiveSmallIntegerField()
    pass_required = models.PositiveSmallIntegerField("correct answers needed")
    passed = models.BooleanField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "quiz"], name="attempt_user_quiz")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"], name="attempt_once_per_form"
            ),
            models.CheckConstraint(
                condition=Q(score__lte=models.F("total")), name="attempt_score_in_total"
            ),
            models.CheckConstraint(
                condition=Q(passed=True, score__gte=models.F("pass_required"))
                | Q(passed=False, score__lt=models.F("pass_required")),
                name="attempt_passed_at_required",
            ),
        ]

    def __str__(self) -> str:
        return f"Attempt #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("quiz:attempt-detail", kwargs={"pk": self.pk})


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(
        Attempt, on_delete=models.CASCADE, related_name="answers"
    )
    order = models.PositiveSmallIntegerField()
    question = models.ForeignKey(
        Question, on_delete=models.SET_NULL, null=True, related_name="attempt_answers"
    )
    question_text = models.TextField()
    chosen = models.ForeignKey(
        Choice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    chosen_text = models.CharField(max_length=300, blank=True)  # blank: unanswered
    correct_text = models.CharField(max_length=300)
    is_correct = models.BooleanField()
    explanation = models.TextField()
    guide_section = models.ForeignKey(
        "exercises.GuideSection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["attempt", "order"]

    def __str__(self) -> str:
        return f"Answer #{self.pk}"

    @property
    def answered(self) -> bool:
        return bool(self.chosen_text)
