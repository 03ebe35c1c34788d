"""Sessions record the dose done beside the dose planned, per side, and the
one-time token of the form that made them.

Rows logged before this were stored at the dose the player showed, so their
planned dose is that same dose."""

from django.db import migrations, models
from django.db.models import F


def planned_from_done(apps, schema_editor):
    SessionExercise = apps.get_model("journal", "SessionExercise")
    SessionExercise.objects.update(
        planned_sets=F("sets"),
        planned_reps=F("reps"),
        planned_hold_seconds=F("hold_seconds"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0005_check_in_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="session",
            name="token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="sessionexercise",
            name="side",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Both sides or not per side"),
                    ("right", "Right side"),
                    ("left", "Left side"),
                ],
                default="",
                max_length=5,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="sessionexercise",
            name="planned_sets",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="sessionexercise",
            name="planned_reps",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sessionexercise",
            name="planned_hold_seconds",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(planned_from_done, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sessionexercise",
            name="planned_sets",
            field=models.PositiveSmallIntegerField(),
        ),
        migrations.AlterField(
            model_name="sessionexercise",
            name="sets",
            field=models.PositiveSmallIntegerField(verbose_name="sets done"),
        ),
        migrations.AlterField(
            model_name="sessionexercise",
            name="reps",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="reps done"
            ),
        ),
        migrations.AlterField(
            model_name="sessionexercise",
            name="hold_seconds",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="hold done (seconds)"
            ),
        ),
        migrations.RemoveConstraint(
            model_name="sessionexercise",
            name="session_exercise_once",
        ),
        migrations.AddConstraint(
            model_name="sessionexercise",
            constraint=models.UniqueConstraint(
                fields=("session", "exercise", "side"), name="session_exercise_once"
            ),
        ),
        migrations.AddConstraint(
            model_name="session",
            constraint=models.UniqueConstraint(
                fields=("user", "token"), name="session_once_per_form"
            ),
        ),
        migrations.AddConstraint(
            model_name="sessionexercise",
            constraint=models.CheckConstraint(
                condition=models.Q(("side__in", ["", "right", "left"])),
                name="session_exercise_side",
            ),
        ),
        migrations.AddConstraint(
            model_name="sessionexercise",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("planned_sets__gte", 1),
                    ("planned_sets__lte", 20),
                    models.Q(
                        ("planned_reps__gte", 1),
                        ("planned_hold_seconds__gte", 1),
                        _connector="OR",
                    ),
                    models.Q(
                        ("planned_reps__isnull", True),
                        ("planned_reps__lte", 200),
                        _connector="OR",
                    ),
                    models.Q(
                        ("planned_hold_seconds__isnull", True),
                        ("planned_hold_seconds__lte", 600),
                        _connector="OR",
                    ),
                ),
                name="session_exercise_planned_range",
            ),
        ),
        migrations.AddConstraint(
            model_name="sessionexercise",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("hold_seconds__isnull", True),
                        ("reps__isnull", True),
                        ("sets", 0),
                    ),
                    models.Q(
                        ("sets__gte", 1),
                        ("sets__lte", 20),
                        models.Q(
                            models.Q(
                                ("planned_reps__isnull", True), ("reps__isnull", True)
                            ),
                            models.Q(
                                ("planned_reps__gte", 1),
                                ("reps__gte", 1),
                                ("reps__lte", 200),
                            ),
                            _connector="OR",
                        ),
                        models.Q(
                            models.Q(
                                ("hold_seconds__isnull", True),
                                ("planned_hold_seconds__isnull", True),
                            ),
                            models.Q(
                                ("hold_seconds__gte", 1),
                                ("hold_seconds__lte", 600),
                                ("planned_hold_seconds__gte", 1),
                            ),
                            _connector="OR",
                        ),
                    ),
                    _connector="OR",
                ),
                name="session_exercise_done_range",
            ),
        ),
    ]
