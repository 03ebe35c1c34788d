import os
import sqlite3
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

PG_DUMP_HINT = (
    "For PostgreSQL use pg_dump, for example: "
    "pg_dump --format=custom --file=psoasapp.dump DATABASE_URL "
    "(see the README's section 'Backup and restore')."
)


class Command(BaseCommand):
    help = (
        "Copy the SQLite database to PATH while the site keeps running, with "
        "SQLite's online backup API (a consistent snapshot: writers are not "
        "blocked and no half-written transaction is copied), then run "
        "PRAGMA integrity_check on the copy. PostgreSQL is backed up with pg_dump."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="File to write the copy to.")
        parser.add_argument(
            "--force", action="store_true", help="Replace PATH if it already exists."
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="The database to copy (default: %(default)s).",
        )

    def handle(self, *args, path: str, force: bool, database: str, **options) -> None:
        source = self._source(database)
        target = Path(path).expanduser().absolute()
        self._check_target(target, source, force=force)

        # Written beside the target and renamed at the end, so PATH never holds
        # a half-made copy, and --force replaces the old one in one step.
        partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
        started = time.monotonic()
        try:
            pages = _backup(source, partial)
            result = _integrity_check(partial)
            if result != ["ok"]:
                raise CommandError(
                    "The copy failed PRAGMA integrity_check, so it was not kept: "
                    + "; ".join(result[:10])
                )
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)

        size_kib = target.stat().st_size / 1024
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {source} to {target}: {pages} pages, {size_kib:,.0f} KiB "
                f"in {time.monotonic() - started:.2f} s. integrity_check: ok"
            )
        )

    def _source(self, database: str) -> Path:
        if database not in connections:
            raise CommandError(f"There is no database called {database!r}.")
        connection = connections[database]
        if connection.vendor != "sqlite":
            raise CommandError(
                f"backup_db copies SQLite databases only; the {database!r} database "
                f"is {connection.vendor}. {PG_DUMP_HINT}"
            )
        name = str(connection.settings_dict["NAME"])
        if name == ":memory:" or "mode=memory" in name:
            raise CommandError(
                f"The {database!r} database is in memory: there is no file to copy."
            )
        source = Path(name).absolute()
        if not source.is_file():
            raise CommandError(f"The database file {source} does not exist.")
        return source

    def _check_target(self, target: Path, source: Path, *, force: bool) -> None:
        if not target.parent.is_dir():
            raise CommandError(
                f"The folder {target.parent} does not exist. Create it first, or "
                "choose a path in an existing folder."
            )
        if target.exists() or target.is_symlink():
            if target.resolve() == source.resolve():
                raise CommandError(
                    f"{target} is the database itself; choose another path."
                )
            if target.is_dir():
                raise CommandError(f"{target} is a folder; give a file name.")
            if not force:
                raise CommandError(
                    f"{target} already exists. Choose another path, or pass --force "
                    "to replace it."
                )


def _backup(source: Path, target: Path) -> int:
    """Copy `source` to `target` with the online backup API in one step: the
    copy is the database as of one moment, whatever other connections write.
    Returns the number of pages copied."""
    # mode=rw: never create an empty database where the file is missing.
    src = sqlite3.connect(f"{source.as_uri()}?mode=rw", uri=True, timeout=20)
    target.unlink(missing_ok=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # The live database is in WAL mode; the copy is one self-contained file.
        dst.execute("PRAGMA journal_mode=DELETE")
        return dst.execute("PRAGMA page_count").fetchone()[0]
    except sqlite3.Error as error:
        raise CommandError(f"The backup failed: {error}") from error
    finally:
        dst.close()
        src.close()


def _integrity_check(path: Path) -> list[str]:
    check = sqlite3.connect(path)
    try:
        return [row[0] for row in check.execute("PRAGMA integrity_check")]
    finally:
        check.close()
