"""The journal's version moves by itself: the database keeps a version per
user (journal_version) and triggers add one on every insert, update or delete
of the user's plan, check-ins, sessions and session exercises, whichever way the
row is written. It replaces Plan.journal_version, which every service had to
remember to move.

The SQL is written here for SQLite and PostgreSQL, the two databases psoasapp
runs on; this migration carries its own copy of the table names.

On SQLite, a later migration that makes Django remake one of these tables (most
AddField and AlterField operations: a new table is copied and the old one
dropped) drops its triggers with it: such a migration must create them again,
with a copy of this SQL. tests/journal/test_dashboard_cache.py
(test_every_journal_table_moves_the_version) fails until it does, as it does
for a new journal table without them."""

from django.db import migrations, models

# The journal's tables, and how a row of each names its user.
USER_COLUMN = {
    "journal_plan": "user_id",
    "journal_checkin": "user_id",
    "journal_session": "user_id",
}
BY_SESSION = "journal_sessionexercise"  # its user is its session's
TABLES = [*USER_COLUMN, BY_SESSION]

SQLITE_BUMP = """
    INSERT INTO journal_version (user_id, version) {rows}
    ON CONFLICT (user_id) DO UPDATE SET version = version + 1;"""


def _sqlite_rows(table: str, row: str) -> str:
    # A SELECT with a WHERE clause: SQLite's upsert needs one after a SELECT.
    if table == BY_SESSION:
        return (
            "SELECT user_id, 1 FROM journal_session "
            f"WHERE id = {row}.session_id"
        )
    return f"SELECT {row}.user_id, 1 WHERE {row}.user_id IS NOT NULL"


def sqlite_create(table: str) -> list[str]:
    statements = []
    for event, rows in (
        ("INSERT", ["NEW"]),
        ("UPDATE", ["NEW", "OLD"]),
        ("DELETE", ["OLD"]),
    ):
        body = "".join(
            SQLITE_BUMP.format(rows=_sqlite_rows(table, row)) for row in rows
        )
        statements.append(
            f"CREATE TRIGGER journal_version_{table}_{event.lower()} "
            f"AFTER {event} ON {table} FOR EACH ROW BEGIN{body}\nEND;"
        )
    return statements


def sqlite_drop(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS journal_version_{table}_{event}"
        for event in ("insert", "update", "delete")
    ]


POSTGRESQL_FUNCTIONS = [
    """
    CREATE FUNCTION journal_version_bump(changed_user bigint) RETURNS void
    LANGUAGE sql AS $$
        INSERT INTO journal_version (user_id, version)
        SELECT changed_user, 1 WHERE changed_user IS NOT NULL
        ON CONFLICT (user_id) DO UPDATE SET version = journal_version.version + 1
    $$;
    """,
    """
    CREATE FUNCTION journal_version_by_user() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM journal_version_bump(NEW.user_id);
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM journal_version_bump(NEW.user_id);
            IF NEW.user_id IS DISTINCT FROM OLD.user_id THEN
                PERFORM journal_version_bump(OLD.user_id);
            END IF;
        ELSE
            PERFORM journal_version_bump(OLD.user_id);
        END IF;
        RETURN NULL;
    END
    $$;
    """,
    """
    CREATE FUNCTION journal_version_by_session() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM journal_version_bump(
                (SELECT user_id FROM journal_session WHERE id = NEW.session_id)
            );
        END IF;
        IF TG_OP = 'DELETE' OR (
            TG_OP = 'UPDATE' AND NEW.session_id IS DISTINCT FROM OLD.session_id
        ) THEN
            PERFORM journal_version_bump(
                (SELECT user_id FROM journal_session WHERE id = OLD.session_id)
            );
        END IF;
        RETURN NULL;
    END
    $$;
    """,
]


def postgresql_create(table: str) -> list[str]:
    function = "by_session" if table == BY_SESSION else "by_user"
    return [
        f"CREATE TRIGGER journal_version_{table} "
        f"AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION journal_version_{function}();"
    ]


def postgresql_drop(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS journal_version_{table} ON {table};"]


def _run(schema_editor, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement)


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, [s for table in TABLES for s in sqlite_create(table)])
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRESQL_FUNCTIONS)
        _run(schema_editor, [s for table in TABLES for s in postgresql_create(table)])
    else:
        raise NotImplementedError(f"No journal version triggers for {vendor}.")


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, [s for table in TABLES for s in sqlite_drop(table)])
    elif vendor == "postgresql":
        _run(schema_editor, [s for table in TABLES for s in postgresql_drop(table)])
        _run(
            schema_editor,
            [
                "DROP FUNCTION IF EXISTS journal_version_by_user();",
                "DROP FUNCTION IF EXISTS journal_version_by_session();",
                "DROP FUNCTION IF EXISTS journal_version_bump(bigint);",
            ],
        )


class Migration(migrations.Migration):

    dependencies = [
        ('journal', '0006_session_dose_done'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='plan',
            name='journal_version',
        ),
        migrations.CreateModel(
            name='JournalVersion',
            fields=[
                ('user_id', models.BigIntegerField(primary_key=True, serialize=False)),
                ('version', models.BigIntegerField(default=0)),
            ],
            options={
                'db_table': 'journal_version',
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
