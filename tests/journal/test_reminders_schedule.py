"""The periodic step (`send_reminders`): reminders are due at the chosen local
time in the plan's zone, across clock changes, once a day, whatever the
number of schedulers or people."""

import datetime
import io
import threading
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from journal import services as journal_services
from journal.models import Reminder, ReminderDelivery, ReminderKind
from journal.reminders import rules, schedule
from tests.conftest import run_python
from tests.factories import CheckInFactory, UserFactory
from tests.journal.reminder_kit import (
    LONG_AGO,
    clock,
    local,
    member,
    remind,
    run_worker,
    scheduler,
)

pytestmark = pytest.mark.django_db

LONDON = "Europe/London"
ONE_MINUTE = datetime.timedelta(minutes=1)
ONE_DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        # Either side of the March change (Sunday 29 March 2026) and on it.
        (LONDON, datetime.date(2026, 3, 28)),
        (LONDON, datetime.date(2026, 3, 29)),
        (LONDON, datetime.date(2026, 3, 30)),
        # Either side of the October change (Sunday 25 October 2026) and on it.
        (LONDON, datetime.date(2026, 10, 24)),
        (LONDON, datetime.date(2026, 10, 25)),
        (LONDON, datetime.date(2026, 10, 26)),
        # UTC+14: 08:00 there is 18:00 the day before in UTC.
        ("Pacific/Kiritimati", datetime.date(2026, 3, 29)),
        ("Pacific/Kiritimati", datetime.date(2026, 6, 1)),
        # Its own changes: 8 March and 1 November 2026.
        ("America/Los_Angeles", datetime.date(2026, 3, 8)),
        ("America/Los_Angeles", datetime.date(2026, 11, 1)),
        ("America/Los_Angeles", datetime.date(2026, 7, 15)),
    ],
)
def test_a_reminder_at_8_is_sent_at_8_local_time(monkeypatch, zone, day):
    user = member(zone)
    remind(user, ReminderKind.CHECK_IN, datetime.time(8, 0))

    before = scheduler(monkeypatch, local(day, 7, 59, zone))
    run_worker()
    assert (before.created, before.queued, len(mail.outbox)) == (0, 0, 0)

    on_time = scheduler(monkeypatch, local(day, 8, 0, zone))
    run_worker()
    assert (on_time.created, on_time.queued) == (1, 1)
    assert len(mail.outbox) == 1
    delivery = ReminderDelivery.objects.get()
    assert delivery.local_date == day
    assert delivery.due_at == local(day, 8, 0, zone)


def test_the_days_are_the_local_days_not_utcs(monkeypatch):
    # Monday 08:00 in Kiritimati is Sunday 18:00 in UTC.
    monday = datetime.date(2026, 3, 30)
    on_monday = member("Pacific/Kiritimati")
    on_sunday = member("Pacific/Kiritimati")
    remind(on_monday, days=rules.days_mask([0]))
    remind(on_sunday, days=rules.days_mask([6]))

    run = scheduler(monkeypatch, local(monday, 8, 0, "Pacific/Kiritimati"))

    assert run.created == 1
    assert ReminderDelivery.objects.get().user == on_monday


def every_minute(monkeypatch, start: datetime.datetime, end: datetime.datetime):
    """Run the scheduler and the worker each minute from `start` to `end`;
    the instants at which a delivery was made."""
    made = []
    instant = start
    while instant <= end:
        if scheduler(monkeypatch, instant).created:
            made.append(instant)
        run_worker()
        instant += ONE_MINUTE
    return made


def test_a_time_the_clocks_skip_is_sent_once_an_hour_on(monkeypatch):
    # 01:30 does not happen in London on 29 March 2026: 01:00 GMT is 02:00 BST.
    # Read at the offset before the change (RFC 5545, as the calendar feed's
    # event is): 01:30 GMT, that is 02:30 BST.
    user = member(LONDON)
    remind(user, time=datetime.time(1, 30))
    made = every_minute(
        monkeypatch,
        datetime.datetime(2026, 3, 28, 23, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 29, 3, 0, tzinfo=datetime.UTC),
    )
    assert made == [datetime.datetime(2026, 3, 29, 1, 30, tzinfo=datetime.UTC)]
    assert len(mail.outbox) == 1


def test_a_time_the_clocks_repeat_is_sent_once_the_first_time(monkeypatch):
    # 01:30 happens twice in London on 25 October 2026 (BST, then GMT).
    user = member(LONDON)
    remind(user, time=datetime.time(1, 30))
    made = every_minute(
        monkeypatch,
        datetime.datetime(2026, 10, 24, 23, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 10, 25, 3, 0, tzinfo=datetime.UTC),
    )
    assert made == [datetime.datetime(2026, 10, 25, 0, 30, tzinfo=datetime.UTC)]
    assert len(mail.outbox) == 1


SPRING = datetime.date(2026, 3, 29)
AUTUMN = datetime.date(2026, 10, 25)


@pytest.mark.parametrize(
    ("day", "hour", "minute", "made_at"),
    [
        # Going forward at 01:00 GMT: 01:00-01:59 do not happen, and are
        # read at the offset before (RFC 5545): an hour on, in BST.
        (SPRING, 0, 59, local(SPRING, 0, 59)),
        (SPRING, 1, 0, local(SPRING, 2, 0)),
        (SPRING, 1, 59, local(SPRING, 2, 59)),
        (SPRING, 2, 0, local(SPRING, 2, 0)),
        (SPRING, 2, 30, local(SPRING, 2, 30)),
        # Going back at 02:00 BST: 01:00-01:59 happen twice; the first counts.
        (AUTUMN, 0, 59, local(AUTUMN, 0, 59)),
        (AUTUMN, 1, 0, local(AUTUMN, 1, 0)),
        (AUTUMN, 1, 59, local(AUTUMN, 1, 59)),
        (AUTUMN, 2, 0, local(AUTUMN, 2, 0)),
        (AUTUMN, 2, 5, local(AUTUMN, 2, 5)),
        (AUTUMN, 2, 30, local(AUTUMN, 2, 30)),
    ],
)
def test_around_a_change_each_time_is_made_once_and_never_early(
    monkeypatch, day, hour, minute, made_at
):
    remind(member(LONDON), time=datetime.time(hour, minute))
    made = []
    instant = datetime.datetime.combine(
        day - ONE_DAY, datetime.time(23, 30), tzinfo=datetime.UTC
    )
    while instant <= datetime.datetime.combine(
        day, datetime.time(3, 30), tzinfo=datetime.UTC
    ):
        if scheduler(monkeypatch, instant).created:
            made.append(instant)
        instant += ONE_MINUTE
    # (A repeated wall time never equals an instant of another zone: in UTC.)
    assert made == [made_at.astimezone(datetime.UTC)]


def test_a_reminder_turned_on_after_its_time_starts_tomorrow(monkeypatch):
    user = member(LONDON)
    today = datetime.date(2026, 5, 4)
    remind(user, time=datetime.time(8, 0), armed=local(today, 8, 30))

    assert scheduler(monkeypatch, local(today, 8, 30)).created == 0
    assert scheduler(monkeypatch, local(today, 8, 31)).created == 0
    assert scheduler(monkeypatch, local(today + ONE_DAY, 8, 0)).created == 1
    assert ReminderDelivery.objects.get().local_date == today + ONE_DAY


@pytest.mark.parametrize(
    ("minutes_late", "made"), [(0, 1), (45, 1), (60, 1), (61, 0), (300, 0)]
)
def test_a_late_scheduler_catches_up_an_hour_and_no_more(
    monkeypatch, minutes_late, made
):
    user = member(LONDON)
    remind(user, time=datetime.time(8, 0))
    late = local(datetime.date(2026, 5, 4), 8, 0) + datetime.timedelta(
        minutes=minutes_late
    )
    assert scheduler(monkeypatch, late).created == made


def test_two_runs_for_one_instant_send_one_email(monkeypatch):
    remind(member(LONDON))
    instant = local(datetime.date(2026, 5, 4), 8, 0)

    first = scheduler(monkeypatch, instant)
    second = scheduler(monkeypatch, instant)
    run_worker()
    third = scheduler(monkeypatch, instant + ONE_MINUTE)
    run_worker()

    assert (first.created, first.queued) == (1, 1)
    assert (second.created, second.queued) == (0, 0)
    assert (third.created, third.queued) == (0, 0)
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_schedulers_at_once_make_one_delivery_and_queue_it_once(
    monkeypatch, round_
):
    remind(member(LONDON))
    remind(member(LONDON), ReminderKind.SESSION)
    instant = clock(monkeypatch, local(datetime.date(2026, 5, 4), 8, 0))
    # Both reminders are at 08:00; the session one too.
    Reminder.objects.update(time=datetime.time(8, 0))
    barrier = threading.Barrier(2)
    runs: list[schedule.Run] = []
    errors: list[BaseException] = []

    def scheduler_process() -> None:
        try:
            barrier.wait(timeout=10)
            runs.append(schedule.run(instant))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler_process) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert ReminderDelivery.objects.count() == 2
    # The counts are exact: what one made, the other did not.
    assert sum(run.created for run in runs) == 2
    assert sum(run.queued for run in runs) == 2
    assert DBTaskResult.objects.count() == 2


def test_the_count_of_deliveries_made_is_exact(monkeypatch):
    first, second = member(LONDON), member(LONDON)
    remind(first)
    remind(second)
    day = datetime.date(2026, 5, 4)
    # One already made (an earlier run), and one of another day.
    ReminderDelivery.objects.create(
        user=first,
        kind=ReminderKind.CHECK_IN,
        local_date=day,
        due_at=local(day, 8, 0),
    )
    ReminderDelivery.objects.create(
        user=second,
        kind=ReminderKind.CHECK_IN,
        local_date=day - ONE_DAY,
        due_at=local(day - ONE_DAY, 8, 0),
    )
    clock(monkeypatch, local(day, 8, 5))
    assert schedule.deliveries_create(local(day, 8, 5)) == 1
    assert ReminderDelivery.objects.filter(local_date=day).count() == 2


def test_without_a_plan_a_reminder_follows_the_sites_zone(monkeypatch, settings):
    assert settings.TIME_ZONE == "UTC"
    user = UserFactory()
    Reminder.objects.create(
        user=user,
        kind=ReminderKind.CHECK_IN,
        enabled=True,
        time=datetime.time(8, 0),
        armed_at=LONG_AGO,
    )
    london = member(LONDON)
    remind(london)
    day = datetime.date(2026, 7, 1)

    # 08:00 in London (BST) is 07:00 UTC: only the Londoner's.
    assert scheduler(monkeypatch, local(day, 8, 0)).created == 1
    assert scheduler(monkeypatch, local(day, 8, 59)).created == 0
    # 08:00 UTC: the one without a plan.
    assert scheduler(monkeypatch, local(day, 8, 0, "UTC")).created == 1
    assert set(ReminderDelivery.objects.values_list("user", flat=True)) == {
        user.pk,
        london.pk,
    }


def test_a_zone_the_server_no_longer_knows_follows_the_sites(monkeypatch):
    user = member(LONDON)
    remind(user)
    user.journal_plan.__class__.objects.filter(user=user).update(
        time_zone="Mars/Olympus_Mons"
    )
    day = datetime.date(2026, 7, 1)

    assert scheduler(monkeypatch, local(day, 8, 0)).created == 0  # 07:00 UTC
    assert scheduler(monkeypatch, local(day, 8, 0, "UTC")).created == 1
    run_worker()
    assert len(mail.outbox) == 1


def people(count: int) -> None:
    """`count` people with both reminders due at 17:00 UTC on 1 June 2026,
    half in London (18:00 BST), half in Los Angeles (10:00 PDT)."""
    for number in range(count):
        zone, time = (
            (LONDON, datetime.time(18, 0))
            if number % 2
            else ("America/Los_Angeles", datetime.time(10, 0))
        )
        user = member(zone)
        remind(user, ReminderKind.CHECK_IN, time)
        remind(user, ReminderKind.SESSION, time)


DUE = datetime.datetime(2026, 6, 1, 17, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize("count", [2, 20])
def test_finding_and_making_the_deliveries_takes_the_same_queries_for_2_or_20(
    monkeypatch, django_assert_num_queries, count
):
    people(count)
    clock(monkeypatch, DUE)
    # A savepoint and its release, the zones in use, one query a zone, the
    # deliveries already made, one insert.
    with django_assert_num_queries(7):
        assert schedule.deliveries_create(DUE) == 2 * count
    schedule.deliveries_enqueue(DUE)
    # A run that finds them made: the same but the insert, then a savepoint,
    # its release and the open deliveries (none to queue).
    with django_assert_num_queries(9):
        assert schedule.run(DUE + ONE_MINUTE) == schedule.Run(created=0, queued=0)


@pytest.mark.parametrize("count", [2, 20])
def test_queuing_costs_one_insert_per_task_and_nothing_per_person_else(
    monkeypatch, django_assert_num_queries, count
):
    people(count)
    clock(monkeypatch, DUE)
    schedule.deliveries_create(DUE)
    # A savepoint and its release, the open deliveries, marking them queued,
    # then one task row each.
    with django_assert_num_queries(4 + 2 * count):
        assert schedule.deliveries_enqueue(DUE) == 2 * count


# The command line ----------------------------------------------------------


def test_send_reminders_now_is_a_dry_run_that_says_what_would_happen(monkeypatch):
    sunday = datetime.date(2026, 3, 29)
    waiting, done = member(LONDON), member(LONDON)
    remind(waiting)
    remind(done)
    CheckInFactory(user=done, date=sunday)
    out = io.StringIO()

    call_command("send_reminders", "--now", "2026-03-29T08:00:00+01:00", stdout=out)

    assert out.getvalue().splitlines() == [
        "2026-03-29T08:00:00+01:00 (a dry run: nothing is stored, queued or "
        "sent): 2 reminder(s) due.",
        f"- person {waiting.pk}, check-in reminder for Sun 2026-03-29 at 08:00 "
        "Europe/London: would be sent",
        f"- person {done.pk}, check-in reminder for Sun 2026-03-29 at 08:00 "
        "Europe/London: would be skipped (checked_in)",
    ]
    assert not ReminderDelivery.objects.exists()
    assert not DBTaskResult.objects.exists()
    # The real run at that instant does what the dry run said.
    scheduler(monkeypatch, local(sunday, 8, 0))
    run_worker()
    assert [email.to for email in mail.outbox] == [[waiting.email]]
    again = io.StringIO()
    call_command("send_reminders", "--now", "2026-03-29T08:00:30+01:00", stdout=again)
    assert "made already, for 08:00 (sent)" in again.getvalue()


def test_a_dry_run_for_a_later_instant_uses_up_no_reminder(monkeypatch):
    """A try with tomorrow's time sent tomorrow's reminder at once, and then
    the once-a-day rule kept the real one from going."""
    user = member(LONDON)
    remind(user)
    day = datetime.date(2026, 5, 4)
    clock(monkeypatch, local(day, 7, 0))

    call_command(
        "send_reminders", "--now", "2026-05-05T08:00:00+01:00", stdout=io.StringIO()
    )
    run_worker()

    assert mail.outbox == []
    scheduler(monkeypatch, local(day + datetime.timedelta(days=1), 8, 0))
    run_worker()
    assert len(mail.outbox) == 1


def test_under_cron_it_is_silent_with_nothing_to_do_and_speaks_otherwise(
    monkeypatch,
):
    remind(member(LONDON))
    day = datetime.date(2026, 5, 4)
    quiet = io.StringIO()
    clock(monkeypatch, local(day, 7, 0))
    call_command("send_reminders", stdout=quiet)
    said = io.StringIO()
    clock(monkeypatch, local(day, 8, 0))
    call_command("send_reminders", stdout=said)

    assert quiet.getvalue() == ""
    assert "1 reminder(s) newly due, 1 queued" in said.getvalue()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--now", "yesterday"], "is not an ISO 8601 date and time"),
        (["--now", "2026-03-29 25:00"], "is not an ISO 8601 date and time"),
        (["--now", "2026-03-29T08:00:00"], "has no UTC offset"),
        (["--now", "2026-03-29T08:00:00Z", "--every", "60"], "do not go together"),
        (["--every", "0"], "whole number of seconds"),
        (["--now", "9999-12-31T23:59:59+00:00"], "out of range"),
        (["--now", "0001-01-01T00:00:00+00:00"], "out of range"),
    ],
)
def test_bad_arguments_are_a_clear_command_error(argv, message):
    with pytest.raises(CommandError, match=message):
        call_command("send_reminders", *argv, stdout=io.StringIO())
    assert not ReminderDelivery.objects.exists()


def test_now_given_as_a_keyword_is_read_the_same_way():
    remind(member(LONDON))
    with pytest.raises(CommandError, match="has no UTC offset"):
        call_command("send_reminders", now="2026-03-29T08:00", stdout=io.StringIO())
    out = io.StringIO()
    call_command("send_reminders", now="2026-03-29T08:00:00+01:00", stdout=out)
    assert "1 reminder(s) due" in out.getvalue()


def test_a_bad_now_on_the_command_line_is_one_line_not_a_traceback(tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "psoasapp.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    code = (
        "from django.core.management import execute_from_command_line;"
        "execute_from_command_line(['manage.py', 'send_reminders', '--now', "
        "'2026-03-29T08:00:00'])"
    )

    result = run_python(code, env)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "CommandError: --now '2026-03-29T08:00:00' has no UTC offset: add one, "
        "such as +01:00 or Z"
    )


def test_a_skipped_time_is_one_time_for_the_email_the_dry_run_and_the_feed():
    """01:30 on the night London's clocks go forward: the email went at 02:00
    BST, the page and --now said 00:30 and the feed's event was at 02:30."""
    remind(member(LONDON), time=datetime.time(1, 30))
    out = io.StringIO()
    call_command("send_reminders", "--now", "2026-03-29T01:30:00Z", stdout=out)
    assert "for Sun 2026-03-29 at 02:30 Europe/London: would be sent" in out.getvalue()
    early = io.StringIO()
    call_command("send_reminders", "--now", "2026-03-29T01:29:00Z", stdout=early)
    assert "0 reminder(s) due" in early.getvalue()
    # The feed's reading of a time in the gap (RFC 5545 3.3.5): the offset
    # before it, which is the instant the email goes.
    zone = ZoneInfo(LONDON)
    event = icalendar.Event()
    event.add("DTSTART", datetime.datetime(2026, 3, 29, 1, 30, tzinfo=zone))
    start = icalendar.Event.from_ical(event.to_ical())["DTSTART"].dt
    assert start.astimezone(datetime.UTC) == rules.due_at(
        SPRING, datetime.time(1, 30), zone
    )


def test_a_dry_run_of_an_instant_before_the_reminder_was_set_still_shows_it():
    """The README's own example (a past date) printed 0 on a fresh clone:
    reminders set after the instant were left out."""
    remind(member(LONDON), armed=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC))
    out = io.StringIO()

    call_command("send_reminders", "--now", "2026-03-29T08:00:00+01:00", stdout=out)

    assert "1 reminder(s) due" in out.getvalue()
    assert "at 08:00 Europe/London: would be sent" in out.getvalue()


def test_a_dry_run_names_a_made_deliverys_own_time(monkeypatch):
    """Moved from 08:00 to 09:00 after 08:00's was sent: the dry run at
    09:00 says today's was made for 08:00, not "made already" for 09:00."""
    user = member(LONDON)
    remind(user)
    day = datetime.date(2026, 5, 4)
    scheduler(monkeypatch, local(day, 8, 0))
    run_worker()
    remind(user, time=datetime.time(9, 0), armed=local(day, 8, 30))
    out = io.StringIO()

    call_command("send_reminders", "--now", "2026-05-04T09:00:00+01:00", stdout=out)

    assert "at 09:00 Europe/London: made already, for 08:00 (sent)" in out.getvalue()


def test_moving_the_plans_zone_moves_reminders_to_tomorrow_if_already_past(
    monkeypatch,
):
    """A zone change moves every reminder on the clock: 08:00 in London is
    past already in Tokyo's evening, and was sent at once as a catch-up."""
    user = member(LONDON)
    remind(user, time=datetime.time(17, 30))
    now = clock(monkeypatch, datetime.datetime(2026, 5, 4, 8, 45, tzinfo=datetime.UTC))
    plan = user.journal_plan
    journal_services.plan_update(
        plan=plan,
        weekly_target=plan.weekly_target,
        routine=plan.routine,
        time_zone="Asia/Tokyo",
    )

    # 17:45 in Tokyo: 17:30 is within the catch-up hour, but was set (by
    # the move) after it.
    assert scheduler(monkeypatch, now).created == 0
    tomorrow = datetime.datetime(2026, 5, 5, 8, 30, tzinfo=datetime.UTC)
    assert scheduler(monkeypatch, tomorrow).created == 1
