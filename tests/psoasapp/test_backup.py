import datetime
import sqlite3
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from journal.models import CheckIn, Session
from tests.factories import UserFactory

on_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="backup_db copies SQLite only; PostgreSQL is backed up with pg_dump",
)


def table_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }
    finally:
        db.close()


def integrity(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return [row[0] for row in db.execute("PRAGMA integrity_check")]
    finally:
        db.close()


def restore(backup: Path, target: Path) -> None:
    """Restore as an operator would: the backup API from the copy into a new
    database file."""
    source, fresh = sqlite3.connect(backup), sqlite3.connect(target)
    try:
        source.backup(fresh)
    finally:
        fresh.close()
        source.close()


class Writer(threading.Thread):
    """Writes a check-in and a session for one user in each transaction, one
    day after another, until stopped."""

    def __init__(self, user):
        super().__init__(daemon=True)
        self.user = user
        self.written = 0
        self.started_writing = threading.Event()
        self.stop = threading.Event()
        self.errors: list[BaseException] = []

    def run(self) -> None:
        day = datetime.date(2001, 1, 1)
        try:
            while not self.stop.is_set():
                with transaction.atomic():
                    CheckIn.objects.create(user=self.user, date=day, pain_score=3)
                    Session.objects.create(
                        user=self.user,
                        date=day,
                        pain_during=2,
                        effort="right",
                        notes=f"backup test {self.written}",
                    )
                self.written += 1
                day += datetime.timedelta(days=1)
                if self.written == 20:
                    self.started_writing.set()
        except BaseException as error:  # noqa: BLE001 - reported by the test
            self.errors.append(error)
            self.started_writing.set()
        finally:
            connection.close()


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_backup_during_writes_is_consistent_and_restores(tmp_path, capsys):
    user = UserFactory()
    writer = Writer(user)
    writer.start()
    try:
        assert writer.started_writing.wait(timeout=30)
        before = CheckIn.objects.filter(user=user).count()
        call_command("backup_db", str(tmp_path / "backup.sqlite3"))
        after = CheckIn.objects.filter(user=user).count()
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert writer.errors == []
    backup = tmp_path / "backup.sqlite3"

    assert "integrity_check: ok" in capsys.readouterr().out
    assert integrity(backup) == ["ok"]
    counts = table_counts(backup)
    # A snapshot taken while rows kept coming: between the counts before and
    # after the backup began, and never half a transaction.
    assert before <= counts["journal_checkin"] <= after
    assert before < after, "the writer should have kept writing during the backup"
    assert counts["journal_session"] == counts["journal_checkin"]

    restored = tmp_path / "restored.sqlite3"
    restore(backup, restored)
    assert integrity(restored) == ["ok"]
    assert table_counts(restored) == counts
    assert {"journal_checkin", "psoasapp_user", "django_migrations"} <= set(counts)
    assert counts["psoasapp_user"] >= 1
    assert counts["django_migrations"] > 0


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_backup_is_one_self_contained_file(tmp_path):
    UserFactory.create_batch(3)
    backup = tmp_path / "backup.sqlite3"

    call_command("backup_db", str(backup))

    db = sqlite3.connect(backup)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        db.close()
    assert table_counts(backup)["psoasapp_user"] == 3
    assert sorted(path.name for path in tmp_path.iterdir()) == ["backup.sqlite3"]


@on_sqlite
def test_backup_refuses_an_existing_path_unless_forced(db, tmp_path):
    backup = tmp_path / "backup.sqlite3"
    backup.write_text("an older file")

    with pytest.raises(CommandError, match=r"already exists.*--force"):
        call_command("backup_db", str(backup))
    assert backup.read_text() == "an older file"

    call_command("backup_db", str(backup), "--force")
    assert integrity(backup) == ["ok"]
    assert "django_migrations" in table_counts(backup)


@on_sqlite
@pytest.mark.parametrize(
    ("relative", "message"),
    [
        ("missing-folder/backup.sqlite3", "does not exist"),
        (".", "is a folder"),
    ],
)
def test_backup_refuses_a_bad_path(db, tmp_path, relative, message):
    with pytest.raises(CommandError, match=message):
        call_command("backup_db", str(tmp_path / relative), "--force")
    assert not (tmp_path / "missing-folder").exists()


@on_sqlite
def test_backup_never_overwrites_the_database_itself(db):
    database = Path(connection.settings_dict["NAME"])
    size = database.stat().st_size

    with pytest.raises(CommandError, match="the database itself"):
        call_command("backup_db", str(database), "--force")
    assert database.stat().st_size == size


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="checks the refusal on PostgreSQL"
)
def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    with pytest.raises(CommandError, match="SQLite databases only.*pg_dump"):
        call_command("backup_db", str(tmp_path / "backup.sqlite3"))
    assert list(tmp_path.iterdir()) == []
