"""The names of the database triggers on a table, on SQLite or PostgreSQL:
for the tests that check a table moves a version (the journal's, the
content's) whichever way it is written."""

from django.db import connection


def triggers_on(table: str) -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = %s",
                [table],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass "
                "AND NOT tgisinternal",
                [table],
            )
        return {name for (name,) in cursor.fetchall()}


def version_triggers(prefix: str, table: str) -> set[str]:
    """The triggers a versioned table must have, as the migrations name them:
    `<prefix>_<table>_<event>` for each event on SQLite (one per row event),
    `<prefix>_<table>` on PostgreSQL."""
    if connection.vendor == "sqlite":
        return {f"{prefix}_{table}_{event}" for event in ("insert", "update", "delete")}
    return {f"{prefix}_{table}"}
