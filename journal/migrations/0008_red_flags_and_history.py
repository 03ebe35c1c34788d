"""Check-ins ask warning-sign questions that each map to one tier of urgency
(journal.triage), and record when the person acknowledged the emergency
advice; the plan asks, once and optionally, about a history that makes hip
pain more urgent.

Past check-ins keep their answers as recorded (nothing is rewritten): the new
questions start unticked, and the retired "fever, chills or unexplained weight
loss" keeps its column.

On SQLite, adding these columns makes Django remake journal_checkin and
journal_plan, which drops the journal version triggers of migration 0007: they
are created again here, with a copy of its SQL for those two tables."""


from django.conf import settings
from django.db import migrations, models


TABLES = ["journal_checkin", "journal_plan"]  # their rows carry user_id
EVENTS = {"insert": ["NEW"], "update": ["NEW", "OLD"], "delete": ["OLD"]}
SQLITE_BUMP = """
    INSERT INTO journal_version (user_id, version)
    SELECT {row}.user_id, 1 WHERE {row}.user_id IS NOT NULL
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""


def sqlite_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL adds columns in place: its triggers stay.
    for table in TABLES:
        for event, rows in EVENTS.items():
            name = f"journal_version_{table}_{event}"
            body = "".join(SQLITE_BUMP.format(row=row) for row in rows)
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
            schema_editor.execute(
                f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} "
                f"FOR EACH ROW BEGIN{body}\nEND;"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0007_journal_version_triggers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="checkin",
            name="cannot_bear_weight_after_fall",
            field=models.BooleanField(
                default=False,
                verbose_name="not being able to put weight on the leg after a fall, or a leg that looks deformed",
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="cauda_equina_signs",
            field=models.BooleanField(
                default=False,
                verbose_name="numbness in the groin or buttocks, new problems with your bladder or bowels, or weakness in both legs",
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="emergency_acknowledged_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="emergency advice acknowledged at"
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="fever_or_chills",
            field=models.BooleanField(default=False, verbose_name="fever or chills"),
        ),
        migrations.AddField(
            model_name="checkin",
            name="fever_with_hot_hip",
            field=models.BooleanField(
                default=False,
                verbose_name="fever with a hot, red or swollen hip, or feeling very unwell",
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="groin_pain_weight_bearing",
            field=models.BooleanField(
                default=False,
                verbose_name="groin pain that gets worse with running, walking or standing on the leg",
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="night_pain",
            field=models.BooleanField(
                default=False, verbose_name="pain at night or at rest that wakes you"
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="weakness_one_leg",
            field=models.BooleanField(
                default=False, verbose_name="new weakness in one leg"
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="weight_loss",
            field=models.BooleanField(
                default=False, verbose_name="unexplained weight loss"
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="history_answered_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="history answered or skipped at"
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="history_cancer",
            field=models.BooleanField(
                blank=True, null=True, verbose_name="history of cancer"
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="history_steroids_or_osteoporosis",
            field=models.BooleanField(
                blank=True, null=True, verbose_name="long-term steroids or osteoporosis"
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="history_under_18",
            field=models.BooleanField(blank=True, null=True, verbose_name="under 18"),
        ),
        migrations.AlterField(
            model_name="checkin",
            name="numbness_or_tingling",
            field=models.BooleanField(
                default=False, verbose_name="numbness or tingling in the hip or leg"
            ),
        ),
        migrations.AlterField(
            model_name="checkin",
            name="sudden_onset",
            field=models.BooleanField(
                default=False,
                verbose_name="sudden onset of severe pain, after an injury or fall or without one",
            ),
        ),
        migrations.AddIndex(
            model_name="checkin",
            index=models.Index(
                condition=models.Q(
                    models.Q(
                        ("cauda_equina_signs", True),
                        ("cannot_bear_weight_after_fall", True),
                        ("fever_with_hot_hip", True),
                        _connector="OR",
                    ),
                    ("emergency_acknowledged_at__isnull", True),
                ),
                fields=["user"],
                name="check_in_emergency_open",
            ),
        ),
        migrations.RunPython(sqlite_triggers_again, migrations.RunPython.noop),
    ]
