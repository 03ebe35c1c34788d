"""`manage.py send_reminders`: the periodic step of journal.reminders."""

import datetime
import signal
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from journal.reminders import schedule


def instant(value: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--now {value!r} is not an ISO 8601 date and time, such as "
            "2026-03-29T08:00:00+01:00"
        ) from error
    if parsed.tzinfo is None:
        raise CommandError(
            f"--now {value!r} has no UTC offset: add one, such as +01:00 or Z"
        )
    return parsed


def _stop(signum, frame) -> None:
    sys.exit(0)


class Command(BaseCommand):
    help = (
        "Find the reminders due now (in each person's time zone) and queue one "
        "task per reminder for the worker (manage.py db_worker). Safe to run "
        "twice for the same minute: nothing is sent twice. Run it every minute "
        "from cron or a systemd timer (silent when there is nothing to do), or "
        "with --every in development."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            type=instant,
            help="Run as if it were this instant (ISO 8601 with an offset, such "
            "as 2026-03-29T08:00:00+01:00), to check the behaviour without "
            "waiting; says what it did even when it did nothing.",
        )
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, once every SECONDS (development: `make run`).",
        )

    def handle(self, *args, now=None, every=None, verbosity=1, **options):
        # call_command(now="...") passes the string unparsed.
        if isinstance(now, str):
            now = instant(now)
        if every is not None and (every < 1 or now is not None):
            raise CommandError("--every needs a whole number of seconds and no --now")
        if every is not None:
            # Stopped by honcho or systemd (SIGTERM): leave as from Ctrl-C,
            # cleanly; a run cut short rolls back and the next one redoes it.
            signal.signal(signal.SIGTERM, _stop)
        while True:
            at = now or timezone.now()
            run = schedule.run(at)
            if verbosity >= 2 or (verbosity and (now or run.created or run.queued)):
                self.stdout.write(self._report(at, run))
            if every is None:
                return
            time.sleep(every)
            # A long-running loop, like a worker: drop a connection the
            # database closed meanwhile.
            close_old_connections()

    def _report(self, now: datetime.datetime, run: schedule.Run) -> str:
        return (
            f"{now.isoformat(timespec='seconds')}: "
            f"{run.created} reminder(s) newly due, "
            f"{run.queued} queued for the worker (manage.py db_worker)"
        )
