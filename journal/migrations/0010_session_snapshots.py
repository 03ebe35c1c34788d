"""Sessions keep the titles they were recorded under: the routine's on the
session, the exercise's on each row (as quiz attempts keep their quiz's). A
past session then reads as it was, whatever staff later rename, unpublish or
delete. Existing rows are filled from the current titles, the best there is
(a session whose routine was deleted keeps a blank one).

On SQLite, adding the columns makes Django remake journal_session and
journal_sessionexercise, which drops the journal version triggers of 0007 on
them (and those 0009 made again), and cannot rename the new journal_session
into place while journal_sessionexercise's triggers name it: the triggers of
both tables are dropped first and made again at the end, with a copy of
0007's SQL for those two tables (migrations never import app code).
PostgreSQL adds the columns in place: its triggers stay."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

TITLE_MAX_LENGTH = 120

SQLITE_BUMP = """
    INSERT INTO journal_version (user_id, version) {rows}
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""
# How a row of each table names its user, in a trigger's SELECT (SQLite's
# upsert needs a WHERE clause after a SELECT).
SQLITE_ROWS = {
    "journal_session": "SELECT {row}.user_id, 1 WHERE {row}.user_id IS NOT NULL",
    "journal_sessionexercise": (
        "SELECT user_id, 1 FROM journal_session WHERE id = {row}.session_id"
    ),
}
EVENTS = {"insert": ["NEW"], "update": ["NEW", "OLD"], "delete": ["OLD"]}


def sqlite_triggers() -> list[str]:
    statements = []
    for table, rows_sql in SQLITE_ROWS.items():
        for event, rows in EVENTS.items():
            name = f"journal_version_{table}_{event}"
            body = "".join(
                SQLITE_BUMP.format(rows=rows_sql.format(row=row)) for row in rows
            )
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} "
                f"FOR EACH ROW BEGIN{body}\nEND;"
            )
    return statements


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for table in SQLITE_ROWS:
            for event in EVENTS:
                schema_editor.execute(
                    f"DROP TRIGGER IF EXISTS journal_version_{table}_{event}"
                )


def recreate_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in sqlite_triggers():
            schema_editor.execute(statement)


def fill_titles(apps, schema_editor):
    Exercise = apps.get_model("exercises", "Exercise")
    Routine = apps.get_model("exercises", "Routine")
    Session = apps.get_model("journal", "Session")
    SessionExercise = apps.get_model("journal", "SessionExercise")

    def title(model):
        return Subquery(
            model.objects.filter(pk=OuterRef(f"{model._meta.model_name}_id"))
            .annotate(short=models.functions.Left("title", TITLE_MAX_LENGTH))
            .values("short")[:1]
        )

    SessionExercise.objects.update(exercise_title=title(Exercise))
    Session.objects.filter(routine__isnull=False).update(routine_title=title(Routine))


class Migration(migrations.Migration):
    dependencies = [
        ("journal", "0009_session_exercise_pain"),
    ]

    operations = [
        # SQLite cannot remake journal_session while journal_sessionexercise's
        # triggers name it: they go first, and come back at the end (both
        # ways: removing the columns remakes the tables too).
        migrations.RunPython(drop_triggers, recreate_triggers),
        migrations.AddField(
            model_name="session",
            name="routine_title",
            field=models.CharField(blank=True, max_length=TITLE_MAX_LENGTH),
        ),
        migrations.AddField(
            model_name="sessionexercise",
            name="exercise_title",
            field=models.CharField(default="", max_length=TITLE_MAX_LENGTH),
            preserve_default=False,
        ),
        migrations.RunPython(fill_titles, migrations.RunPython.noop),
        migrations.RunPython(recreate_triggers, drop_triggers),
    ]
