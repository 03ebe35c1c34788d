"""Issue 15: the pass mark is kept as a percentage or as a number of correct
answers, as the editor chooses, and an attempt keeps how many correct answers
it needed.

Every existing quiz keeps a percentage pass mark, so it grades as it did (the
seed quiz: 80 %, 4 of its 5 questions). A 0 % pass mark, which passed an
attempt with no right answer, becomes 1 %: the lowest a percentage may now be.

Each existing attempt gets the number of correct answers it needed, worked out
by the rule it was graded with (the fewest correct answers whose rounded
percent reaches the pass mark); where that would disagree with the verdict it
was shown, the verdict wins and the number is set to agree with it.

Going back, a count pass mark becomes the percentage that passes at the same
count. The rule is a copy, as a migration must not import app code."""

import django.core.validators
from django.db import migrations, models


def required_by_percent(mark: int, total: int) -> int:
    if total <= 0:
        return 1
    return next(
        (right for right in range(total + 1) if round(100 * right / total) >= mark),
        total,
    )


def forwards(apps, schema_editor):
    Quiz = apps.get_model("quiz", "Quiz")
    Attempt = apps.get_model("quiz", "Attempt")
    Quiz.objects.filter(pass_mark=0).update(pass_mark=1)
    attempts = Attempt.objects.only("score", "total", "pass_mark", "passed")
    for attempt in attempts.iterator(chunk_size=2000):
        required = required_by_percent(attempt.pass_mark, attempt.total)
        if attempt.passed and attempt.score < required:
            required = attempt.score
        elif not attempt.passed and attempt.score >= required:
            required = attempt.score + 1
        attempt.pass_required = required
        attempt.save(update_fields=["pass_required"])


def backwards(apps, schema_editor):
    Quiz = apps.get_model("quiz", "Quiz")
    for row in Quiz.objects.filter(pass_mark_kind="questions"):
        total = row.questions.count()
        row.pass_mark = round(100 * min(row.pass_mark, total) / total) if total else 100
        row.pass_mark_kind = "percent"
        row.save(update_fields=["pass_mark", "pass_mark_kind"])


KINDS = [
    ("percent", "A percentage of the questions"),
    ("questions", "A number of correct answers"),
]


class Migration(migrations.Migration):
    dependencies = [("quiz", "0005_honest_explanations")]

    operations = [
        migrations.RemoveConstraint(model_name="quiz", name="quiz_pass_mark_percent"),
        migrations.AddField(
            model_name="quiz",
            name="pass_mark_kind",
            field=models.CharField(
                choices=KINDS,
                default="percent",
                help_text="A percentage keeps its share as questions are added; a "
                "number of correct answers stays the same.",
                max_length=10,
                verbose_name="pass mark is",
            ),
        ),
        migrations.AlterField(
            model_name="quiz",
            name="pass_mark",
            field=models.PositiveSmallIntegerField(
                default=80,
                help_text="A percentage from 1 to 100, or a number of correct "
                "answers no greater than the number of questions.",
                validators=[django.core.validators.MinValueValidator(1)],
                verbose_name="pass mark",
            ),
        ),
        migrations.AddField(
            model_name="attempt",
            name="pass_mark_kind",
            field=models.CharField(choices=KINDS, default="percent", max_length=10),
        ),
        migrations.AddField(
            model_name="attempt",
            name="pass_required",
            field=models.PositiveSmallIntegerField(
                null=True, verbose_name="correct answers needed"
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.AlterField(
            model_name="attempt",
            name="pass_required",
            field=models.PositiveSmallIntegerField(
                verbose_name="correct answers needed"
            ),
        ),
        migrations.AddConstraint(
            model_name="attempt",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("passed", True), ("score__gte", models.F("pass_required"))),
                    models.Q(("passed", False), ("score__lt", models.F("pass_required"))),
                    _connector="OR",
                ),
                name="attempt_passed_at_required",
            ),
        ),
        migrations.AddConstraint(
            model_name="quiz",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("pass_mark__gte", 1),
                    models.Q(
                        ("pass_mark_kind", "questions"),
                        models.Q(("pass_mark__lte", 100), ("pass_mark_kind", "percent")),
                        _connector="OR",
                    ),
                ),
                name="quiz_pass_mark_in_range",
                violation_error_message="A percentage pass mark is between 1 and "
                "100; a number of correct answers is at least 1.",
            ),
        ),
    ]
