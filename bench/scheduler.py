"""How long one minute of the reminder scheduler takes with many people.

    DJANGO_DEBUG=1 DATABASE_URL=sqlite:////tmp/bench-scheduler.sqlite3 \\
        .venv/bin/python -m bench.scheduler --people 10000

Builds a fresh database (it refuses one that has users) with `--people`
members spread over ten time zones, each with a session and a check-in
reminder at a random minute, then times `journal.reminders.schedule.run`
three times a minute apart: the first run catches up the last hour (as after
an outage), the next two are a steady minute. Prints, for each, the
deliveries made and queued, the time and the number of queries.
"""

import argparse
import datetime
import os
import random
import time

ZONES = [
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Pacific/Kiritimati",
    "Australia/Sydney",
    "Asia/Tokyo",
    "Europe/Berlin",
    "America/Sao_Paulo",
    "Africa/Nairobi",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "psoasapp.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from journal.models import Plan, Reminder
    from journal.reminders import schedule
    from psoasapp.models import User

    call_command("migrate", verbosity=0)
    if User.objects.exists():
        raise SystemExit("This database has users: give an empty one.")
    random.seed(1)
    User.objects.bulk_create(
        [User(email=f"bench{i}@example.com") for i in range(args.people)],
        batch_size=2000,
    )
    users = list(User.objects.order_by("pk"))
    Plan.objects.bulk_create(
        [
            Plan(user=user, time_zone=ZONES[i % len(ZONES)], time_zone_known=True)
            for i, user in enumerate(users)
        ],
        batch_size=2000,
    )
    armed = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    Reminder.objects.bulk_create(
        [
            Reminder(
                user=user,
                kind=kind,
                enabled=True,
                days=127,
                time=datetime.time(random.randrange(24), random.randrange(60)),
                armed_at=armed,
            )
            for user in users
            for kind in ("session", "check_in")
        ],
        batch_size=2000,
    )
    now = datetime.datetime(2026, 5, 4, 12, 0, tzinfo=datetime.UTC)
    print(f"{args.people} people, {2 * args.people} reminders, {connection.vendor}")
    for label in ("catch-up run", "next minute", "next minute"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            run = schedule.run(now)
            took = time.perf_counter() - started
        print(
            f"{label}: {run.created} made, {run.queued} queued, "
            f"{took * 1000:.0f} ms, {len(queries)} queries"
        )
        now += datetime.timedelta(minutes=1)


if __name__ == "__main__":
    main()
