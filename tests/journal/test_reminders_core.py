"""The reminder pipeline end to end through its public seams: the scheduler
(`send_reminders`), the database task queue and its worker, the email."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

from journal import services
from journal.models import DeliveryStatus, ReminderDelivery, ReminderKind
from journal.models.reminders import EVERY_DAY
from tests.factories import PlanFactory, UserFactory

pytestmark = pytest.mark.django_db


def run_worker() -> None:
    """Drain the task queue as `manage.py db_worker --batch` would (without
    closing the test's database connection between tasks)."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections"
    ):
        _worker().run()


def _worker():
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def member(zone="Europe/London"):
    user = UserFactory(verified=True)
    PlanFactory(user=user, time_zone=zone, time_zone_known=True)
    return user


def at(monkeypatch, moment: str) -> datetime.datetime:
    """Set the clock of the scheduler and the worker to `moment`."""
    instant = datetime.datetime.fromisoformat(moment)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    return instant


def test_a_check_in_reminder_is_queued_sent_once_and_neutral(monkeypatch):
    user = member()
    services.reminder_update(
        user=user,
        kind=ReminderKind.CHECK_IN,
        enabled=True,
        days=EVERY_DAY,
        time=datetime.time(8, 0),
        now=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )
    call_command("send_reminders", now=at(monkeypatch, "2026-03-29T08:00:00+01:00"))
    call_command("send_reminders", now=at(monkeypatch, "2026-03-29T08:00:30+01:00"))
    run_worker()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == "Your psoasapp reminder"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/journal/check-in/" in email.body
    delivery = ReminderDelivery.objects.get()
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.local_date == datetime.date(2026, 3, 29)


def test_the_feed_is_a_weekly_event_per_session_day_in_the_zone(client):
    import icalendar

    user = member("America/Los_Angeles")
    services.reminder_update(
        user=user,
        kind=ReminderKind.SESSION,
        enabled=False,
        days=0b0010101,
        time=datetime.time(7, 30),
    )
    token = services.calendar_feed_issue(user=user)
    response = client.get(f"/journal/calendar/{token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    cal = icalendar.Calendar.from_ical(response.content)
    events = cal.events
    assert sorted(str(e["RRULE"].to_ical(), "ascii") for e in events) == [
        "FREQ=WEEKLY;BYDAY=FR",
        "FREQ=WEEKLY;BYDAY=MO",
        "FREQ=WEEKLY;BYDAY=WE",
    ]
    assert [tz["TZID"] for tz in cal.timezones] == ["America/Los_Angeles"]
    assert all(e.alarms for e in events)
    services.calendar_feed_issue(user=user)
    assert client.get(f"/journal/calendar/{token}.ics").status_code == 404
