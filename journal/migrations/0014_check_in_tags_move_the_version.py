"""Issue 20: a check-in's tags (the rows linking it to the triggers that made
its pain worse) move the journal version too, as its other columns do
(migration 0007), so that the pages that show them (the check-in list, the
pain trend) keep what they draw under the version instead of reading the
check-ins again to see whether they changed. A row's user is its check-in's.

This migration carries its own copy of the SQL (migrations never import app
code); on PostgreSQL it uses 0007's journal_version_bump()."""

from django.db import migrations

TABLE = "journal_checkin_triggers"
EVENTS = {"insert": ["NEW"], "update": ["NEW", "OLD"], "delete": ["OLD"]}
SQLITE_BUMP = """
    INSERT INTO journal_version (user_id, version)
    SELECT user_id, 1 FROM journal_checkin WHERE id = {row}.checkin_id
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""

POSTGRESQL_FUNCTION = """
    CREATE FUNCTION journal_version_by_check_in() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM journal_version_bump(
                (SELECT user_id FROM journal_checkin WHERE id = NEW.checkin_id)
            );
        END IF;
        IF TG_OP = 'DELETE' OR (
            TG_OP = 'UPDATE' AND NEW.checkin_id IS DISTINCT FROM OLD.checkin_id
        ) THEN
            PERFORM journal_version_bump(
                (SELECT user_id FROM journal_checkin WHERE id = OLD.checkin_id)
            );
        END IF;
        RETURN NULL;
    END
    $$;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        statements = [
            f"CREATE TRIGGER journal_version_{TABLE}_{event} "
            f"AFTER {event.upper()} ON {TABLE} FOR EACH ROW BEGIN"
            + "".join(SQLITE_BUMP.format(row=row) for row in rows)
            + "\nEND;"
            for event, rows in EVENTS.items()
        ]
    else:
        statements = [
            POSTGRESQL_FUNCTION,
            f"CREATE TRIGGER journal_version_{TABLE} "
            f"AFTER INSERT OR UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION journal_version_by_check_in();",
        ]
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        statements = [
            f"DROP TRIGGER IF EXISTS journal_version_{TABLE}_{event}"
            for event in EVENTS
        ]
    else:
        statements = [
            f"DROP TRIGGER IF EXISTS journal_version_{TABLE} ON {TABLE}",
            "DROP FUNCTION IF EXISTS journal_version_by_check_in();",
        ]
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("journal", "0013_seed_triggers")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
