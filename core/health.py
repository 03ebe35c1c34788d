"""What /healthz checks: the database answers, it takes a write, and the disk
has room. Each check gives "ok" or a short word for what is wrong; the details
go to the log, never to the answer (a load balancer or anyone may read it).

The checks must end well inside a load balancer's patience (5 s): a new
PostgreSQL connection gives up after DATABASE_CONNECT_TIMEOUT (settings), and
each statement here after PROBE_TIMEOUT_MS, on SQLite as the busy timeout."""

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from .models import HealthProbe

logger = logging.getLogger(__name__)

OK = "ok"
# How long one statement of the checks may wait (for a lock, a busy file).
PROBE_TIMEOUT_MS = 1000


@dataclass(frozen=True)
class Report:
    checks: dict[str, str]

    @property
    def ok(self) -> bool:
        return all(result == OK for result in self.checks.values())


def report(using: str = DEFAULT_DB_ALIAS) -> Report:
    connection = connections[using]
    checks = {}
    try:
        _read(connection)
    except DatabaseError:
        logger.warning("healthz: the database does not answer", exc_info=True)
        checks["database"] = "unavailable"
        checks["write"] = "not checked"
    else:
        checks["database"] = OK
        try:
            _write(connection)
        except DatabaseError:
            logger.warning("healthz: the database refuses a write", exc_info=True)
            checks["write"] = "failed"
        else:
            checks["write"] = OK
    free_mb = disk_free_mb(Path(settings.HEALTHZ_DISK_PATH))
    if free_mb < settings.HEALTHZ_MIN_FREE_MB:
        logger.warning(
            "healthz: %.0f MB free under %s, below HEALTHZ_MIN_FREE_MB (%s)",
            free_mb,
            settings.HEALTHZ_DISK_PATH,
            settings.HEALTHZ_MIN_FREE_MB,
        )
        checks["disk"] = "low"
    else:
        checks["disk"] = OK
    return Report(checks)


def disk_free_mb(path: Path) -> float:
    """Free megabytes on the file system holding `path`, or its nearest
    existing parent (the folder may not be made yet)."""
    path = path.resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free / 2**20


def _read(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


class _RollBack(Exception):
    """Raised inside the probe's transaction so that it never commits."""


def _write(connection: BaseDatabaseWrapper) -> None:
    """Insert a row into the probe's table and roll it back. A read-only
    database (a standby, a read-only file, default_transaction_read_only)
    refuses it. A full disk may not: the row never reaches the disk, hence the
    separate free-space check."""
    with _short_waits(connection):
        try:
            with transaction.atomic(using=connection.alias):
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        # Undone with the transaction (or its savepoint).
                        for name in ("statement_timeout", "lock_timeout"):
                            cursor.execute(f"SET LOCAL {name} = {PROBE_TIMEOUT_MS}")
                HealthProbe.objects.using(connection.alias).create(
                    checked_at=timezone.now()
                )
                raise _RollBack
        except _RollBack:
            pass


class _short_waits:
    """On SQLite, wait PROBE_TIMEOUT_MS for a busy file instead of the site's
    busy timeout (20 s), and put the site's back afterwards."""

    def __init__(self, connection: BaseDatabaseWrapper):
        self.connection = connection
        self.kept: int | None = None

    def __enter__(self) -> None:
        if self.connection.vendor != "sqlite":
            return
        with self.connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout")
            self.kept = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA busy_timeout = {PROBE_TIMEOUT_MS}")

    def __exit__(self, *exc_info) -> None:
        if self.kept is None:
            return
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(f"PRAGMA busy_timeout = {self.kept}")
        except DatabaseError:
            # The connection is broken: Django closes it at the request's end.
            pass
