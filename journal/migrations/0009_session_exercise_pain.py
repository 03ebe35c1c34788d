"""Pain per exercise: optional, 0 to 10, asked once per exercise of a session
(each side's row holds it).

On SQLite, adding the check constraint remakes journal_sessionexercise, which
drops the journal version triggers 0007 made on it: they are made again here,
with a copy of 0007's SQL for that table (migrations never import app code)."""

import django.core.validators
from django.db import migrations, models

TABLE = "journal_sessionexercise"

SQLITE_BUMP = """
    INSERT INTO journal_version (user_id, version) {rows}
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""
SQLITE_ROWS = "SELECT user_id, 1 FROM journal_session WHERE id = {row}.session_id"


def sqlite_triggers() -> list[str]:
    statements = []
    for event, rows in (
        ("INSERT", ["NEW"]),
        ("UPDATE", ["NEW", "OLD"]),
        ("DELETE", ["OLD"]),
    ):
        body = "".join(
            SQLITE_BUMP.format(rows=SQLITE_ROWS.format(row=row)) for row in rows
        )
        statements.append(
            f"DROP TRIGGER IF EXISTS journal_version_{TABLE}_{event.lower()}"
        )
        statements.append(
            f"CREATE TRIGGER journal_version_{TABLE}_{event.lower()} "
            f"AFTER {event} ON {TABLE} FOR EACH ROW BEGIN{body}\nEND;"
        )
    return statements


def recreate_triggers(apps, schema_editor):
    # PostgreSQL alters the table in place: its trigger stays.
    if schema_editor.connection.vendor == "sqlite":
        for statement in sqlite_triggers():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0008_red_flags_and_history"),
    ]

    operations = [
        # Undone last: removing the column and the constraint remakes the table.
        migrations.RunPython(migrations.RunPython.noop, recreate_triggers),
        migrations.AddField(
            model_name="sessionexercise",
            name="pain",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(10),
                ],
                verbose_name="pain during this exercise",
            ),
        ),
        migrations.AddConstraint(
            model_name="sessionexercise",
            constraint=models.CheckConstraint(
                condition=models.Q(pain__isnull=True)
                | (models.Q(pain__gte=0) & models.Q(pain__lte=10)),
                name="session_exercise_pain_0_to_10",
            ),
        ),
        migrations.RunPython(recreate_triggers, migrations.RunPython.noop),
    ]
