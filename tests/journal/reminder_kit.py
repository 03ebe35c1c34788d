"""What the reminder tests share: people with a plan in a zone, reminders
set long ago, the clock, the scheduler and the database worker."""

import datetime
import zoneinfo
from unittest import mock

from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from journal import services
from journal.models import ReminderKind
from journal.models.reminders import EVERY_DAY
from journal.reminders import schedule
from tests.factories import PlanFactory, UserFactory

LONG_AGO = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def member(zone: str = "Europe/London", **user_fields):
    """A person with a confirmed address and a plan in `zone`."""
    user = UserFactory(**user_fields)
    PlanFactory(user=user, time_zone=zone, time_zone_known=True)
    return user


def remind(
    user,
    kind: str = ReminderKind.CHECK_IN,
    time: datetime.time = datetime.time(8, 0),
    *,
    days: int = EVERY_DAY,
    armed: datetime.datetime = LONG_AGO,
):
    """Turn a reminder on, as the reminders page does, at `armed`."""
    return services.reminder_update(
        user=user, kind=kind, enabled=True, days=days, time=time, now=armed
    )


def local(
    day: datetime.date, hour: int, minute: int = 0, zone: str = "Europe/London"
) -> datetime.datetime:
    """A local wall-clock time in `zone` (the first, for a repeated one)."""
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone)
    )


def clock(monkeypatch, instant: datetime.datetime) -> datetime.datetime:
    """Set the clock that the scheduler, the worker and the models read."""
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


def scheduler(monkeypatch, instant: datetime.datetime) -> schedule.Run:
    """Run the periodic step at `instant`, with the clock there too."""
    clock(monkeypatch, instant)
    return schedule.run(instant)


def worker(worker_id: str = "test-worker") -> Worker:
    """`manage.py db_worker --batch`: runs the queued tasks, then stops."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def run_worker() -> None:
    """Drain the task queue as `db_worker --batch` would, without closing
    the test's database connection between tasks."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        worker().run()
