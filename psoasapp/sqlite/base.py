"""Django's SQLite backend, with writers queued on a lock file.

SQLite lets one writer at a time hold the database's write lock; a second
waits in SQLite's busy handler, which sleeps and tries again (1, 2, 5, 10 ms
and longer). Several gunicorn workers writing at once then lose whole
milliseconds asleep while the lock was free again long before (a check-in
holds it for about half a millisecond): under load, one check-in in a hundred
took 50 ms. Here a transaction first takes an exclusive lock on a file beside
the database (flock: the kernel wakes the next writer the moment the lock is
released), then begins as Django's backend does (BEGIN IMMEDIATE, settings
DATABASES OPTIONS), and lets the file go when it commits, rolls back or
closes. A worker that dies lets it go too: the kernel releases a dead
process's locks. Writes outside a transaction (autocommit) do not queue:
they are short, and SQLite's own lock still orders them.

An in-memory database (no file) has no lock file and no other writer.
"""

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._queue_file: int | None = None
        self._queued = False

    def _queue(self) -> int | None:
        """The lock file's descriptor (opened once per connection), None for
        an in-memory database."""
        if self._queue_file is None and not self.is_in_memory_db():
            self._queue_file = os.open(
                f"{self.settings_dict['NAME']}-writers", os.O_RDWR | os.O_CREAT, 0o600
            )
        return self._queue_file

    def _leave_queue(self) -> None:
        if self._queued:
            self._queued = False
            fcntl.flock(self._queue_file, fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self):
        queue = self._queue()
        if queue is not None and not self._queued:
            fcntl.flock(queue, fcntl.LOCK_EX)
            self._queued = True
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_queue()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._leave_queue()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._leave_queue()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._leave_queue()
            if self._queue_file is not None:
                os.close(self._queue_file)
                self._queue_file = None
