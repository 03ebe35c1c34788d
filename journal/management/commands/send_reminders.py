"""`manage.py send_reminders`: the periodic step of journal.reminders."""

import datetime
import signal
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from journal.reminders import schedule

# The instants --now accepts: far enough from datetime's limits that an hour
# either side (rules.CATCH_UP) and a zone's offset stay dates.
YEARS = range(1971, 9000)


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
    if parsed.year not in YEARS:
        raise CommandError(
            f"--now {value!r} is out of range: give a year from {YEARS.start} "
            f"to {YEARS.stop - 1}"
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
        "with --every in development. With --now it only says what it would "
        "do at that instant."
    )

    def add_arguments(self, parser):
        # Parsed in handle(), not by argparse's type=: a CommandError there
        # prints one line, not a traceback.
        parser.add_argument(
            "--now",
            metavar="INSTANT",
            help="A dry run: say which reminders would be due at INSTANT (ISO "
            "8601 with an offset, such as 2026-03-29T08:00:00+01:00) and "
            "whether each would be sent or skipped and why, judged as if a "
            "worker ran then. Stores, queues and sends nothing, so a real "
            "reminder is never used up by a try.",
        )
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, once every SECONDS (development: `make run`).",
        )

    def handle(self, *args, now=None, every=None, verbosity=1, **options):
        if now is not None:
            if every is not None:
                raise CommandError("--every and --now do not go together")
            self._preview(instant(now) if isinstance(now, str) else now)
            return
        if every is not None and every < 1:
            raise CommandError("--every needs a whole number of seconds, 1 or more")
        if every is not None:
            # Stopped by honcho or systemd (SIGTERM): leave as from Ctrl-C,
            # cleanly; a run cut short rolls back and the next one redoes it.
            signal.signal(signal.SIGTERM, _stop)
        while True:
            at = timezone.now()
            run = schedule.run(at)
            if verbosity >= 2 or (verbosity and (run.created or run.queued)):
                self.stdout.write(
                    f"{at.isoformat(timespec='seconds')}: "
                    f"{run.created} reminder(s) newly due, "
                    f"{run.queued} queued for the worker (manage.py db_worker)"
                )
            if every is None:
                return
            time.sleep(every)
            # A long-running loop, like a worker: drop a connection the
            # database closed meanwhile.
            close_old_connections()

    def _preview(self, now: datetime.datetime) -> None:
        found = schedule.preview(now)
        self.stdout.write(
            f"{now.isoformat(timespec='seconds')} (a dry run: nothing is stored, "
            f"queued or sent): {len(found)} reminder(s) due."
        )
        for item in found:
            delivery = item.delivery
            zone = schedule.zone_of(delivery.user)
            local = delivery.due_at.astimezone(zone)
            self.stdout.write(
                f"- person {delivery.user_id}, {delivery.get_kind_display().lower()}"
                f" for {delivery.local_date:%a %Y-%m-%d} at {local:%H:%M}"
                f" {zone.key}: {item.outcome}"
            )
