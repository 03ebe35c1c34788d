"""Issue 20: the content's version moves by itself. The database keeps one
token (exercises_contentversion, one row) and triggers write a new random one
on every insert, update or delete of a content table, whichever way the row is
written. Pages that keep what they drew read that one row, where they read
the state of eight tables before (each one's latest change, row count and
published ids): 0.05 ms on SQLite, but 0.8 ms on PostgreSQL, most of it
planning, on every kept page.

The SQL is written here for SQLite and PostgreSQL, the two databases psoasapp
runs on; this migration carries its own copy of the table names (migrations
never import app code). On SQLite, a later migration that makes Django remake
one of these tables (most AddField and AlterField operations) drops its
triggers with it and must create them again, with a copy of this SQL:
tests/exercises/test_content_version.py fails until it does, as it does for a
new content table without them. On PostgreSQL the triggers are per statement
(a bulk action moves the token once) and TRUNCATE moves it too."""

from django.db import migrations, models

TABLES = [
    "exercises_routine",
    "exercises_routineitem",
    "exercises_exercise",
    "exercises_exercisestep",
    "exercises_exerciseimage",
    "exercises_guidesection",
    "exercises_tip",
    "exercises_warningsign",
]

SQLITE_TOKEN = "lower(hex(randomblob(16)))"
POSTGRESQL_TOKEN = "md5(random()::text || clock_timestamp()::text)"
MOVE = (
    "INSERT INTO exercises_contentversion (id, token) VALUES (1, {token}) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
)

POSTGRESQL_FUNCTION = f"""
    CREATE FUNCTION content_version_move() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {MOVE.format(token=POSTGRESQL_TOKEN)};
        RETURN NULL;
    END
    $$;
"""


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [
            f"CREATE TRIGGER content_version_{table}_{event.lower()} "
            f"AFTER {event} ON {table} FOR EACH ROW BEGIN "
            f"{MOVE.format(token=SQLITE_TOKEN)}; END;"
            for table in TABLES
            for event in ("INSERT", "UPDATE", "DELETE")
        ]
    elif vendor == "postgresql":
        statements = [POSTGRESQL_FUNCTION] + [
            f"CREATE TRIGGER content_version_{table} "
            f"AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION content_version_move();"
            for table in TABLES
        ]
    else:
        raise NotImplementedError(f"no content version triggers for {vendor}")
    token = SQLITE_TOKEN if vendor == "sqlite" else POSTGRESQL_TOKEN
    statements.append(MOVE.format(token=token))
    for statement in statements:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [
            f"DROP TRIGGER IF EXISTS content_version_{table}_{event}"
            for table in TABLES
            for event in ("insert", "update", "delete")
        ]
    else:
        statements = [
            f"DROP TRIGGER IF EXISTS content_version_{table} ON {table}"
            for table in TABLES
        ] + ["DROP FUNCTION IF EXISTS content_version_move();"]
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("exercises", "0008_exercise_images"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentVersion",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(
                        default=1, primary_key=True, serialize=False
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "db_table": "exercises_contentversion",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(create, drop, elidable=False),
    ]
