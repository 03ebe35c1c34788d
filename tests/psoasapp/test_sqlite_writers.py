"""psoasapp.sqlite: on SQLite, a transaction waits for the one before it on a
lock file beside the database (woken by the kernel as soon as it is free)
instead of sleeping in SQLite's busy handler; commit, rollback and close all
let the next writer in."""

import fcntl
import os
import threading

import pytest
from django.db.utils import ConnectionHandler

WAIT = 0.3  # seconds a queued writer is seen still waiting


def _connection(path):
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "psoasapp.sqlite",
                "NAME": str(path),
                "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
            }
        }
    )
    connection = handler["default"]
    connection.inc_thread_sharing()
    connection.ensure_connection()
    return connection


@pytest.fixture(autouse=True)
def _own_databases(django_db_blocker):
    """These tests open their own databases, not the test database."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "db.sqlite3"
    setup = _connection(path)
    setup.cursor().execute("CREATE TABLE entry (writer TEXT)")
    setup.close()
    return path


def _second_writer(path) -> tuple[threading.Thread, threading.Event]:
    """A second connection that begins a transaction, writes and commits in
    a thread; the event is set once its transaction has begun."""
    second = _connection(path)
    began = threading.Event()

    def write():
        second._start_transaction_under_autocommit()
        began.set()
        second.cursor().execute("INSERT INTO entry VALUES ('second')")
        second.commit()
        second.close()

    thread = threading.Thread(target=write)
    thread.start()
    return thread, began


def _writers(path) -> list[str]:
    reader = _connection(path)
    try:
        with reader.cursor() as cursor:
            cursor.execute("SELECT writer FROM entry ORDER BY rowid")
            return [row[0] for row in cursor.fetchall()]
    finally:
        reader.close()


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_second_writer_waits_for_the_first_to_end(database, end):
    first = _connection(database)
    first._start_transaction_under_autocommit()
    first.cursor().execute("INSERT INTO entry VALUES ('first')")

    thread, began = _second_writer(database)
    assert not began.wait(WAIT), "the second writer began beside the first"
    getattr(first, end)()
    thread.join(timeout=10)

    assert began.is_set() and not thread.is_alive()
    expected = ["first", "second"] if end == "commit" else ["second"]
    assert _writers(database) == expected
    first.close()


def _queue_taken(database) -> bool:
    """Whether a transaction holds the queue, tried without waiting."""
    probe = os.open(f"{database}-writers", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(probe)
    return False


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_a_transaction_holds_the_queue_from_begin_to_its_end(database, end):
    first = _connection(database)
    assert not _queue_taken(database)

    first._start_transaction_under_autocommit()
    assert _queue_taken(database)
    first.cursor().execute("INSERT INTO entry VALUES ('first')")
    assert _queue_taken(database)
    getattr(first, end)()

    assert not _queue_taken(database)
    first.close()


def test_a_writer_alone_does_not_wait_and_leaves_the_queue_free(database):
    first = _connection(database)
    for _ in range(3):
        first._start_transaction_under_autocommit()
        first.cursor().execute("INSERT INTO entry VALUES ('first')")
        first.commit()

    thread, began = _second_writer(database)
    thread.join(timeout=10)

    assert began.is_set()
    assert _writers(database) == ["first"] * 3 + ["second"]
    first.close()


def test_the_queue_file_sits_beside_the_database(database):
    assert (database.parent / f"{database.name}-writers").exists() is False
    first = _connection(database)
    first._start_transaction_under_autocommit()
    first.commit()
    first.close()

    assert (database.parent / f"{database.name}-writers").exists()


def test_an_in_memory_database_has_no_queue_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    memory = _connection(":memory:")
    memory._start_transaction_under_autocommit()
    memory.commit()
    memory.close()

    assert list(tmp_path.iterdir()) == []
