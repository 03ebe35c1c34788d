"""The worker's part: one email per due reminder, whatever dies or runs twice;
skipped when no longer needed; neutral, with a link and one-click unsubscribe."""

import datetime
import re
import smtplib
import threading
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from journal import services
from journal.models import DeliveryStatus, ReminderDelivery, ReminderKind
from journal.reminders import delivery, links, rules, schedule
from journal.tasks import reminder_send
from tests.factories import CheckInFactory, SessionFactory
from tests.journal.reminder_kit import (
    clock,
    local,
    member,
    remind,
    run_worker,
    scheduler,
    worker,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 4)
EIGHT = local(DAY, 8, 0)
NOTES = "Stairs twinge on the left, worse after the long drive"


def due(monkeypatch, kind=ReminderKind.CHECK_IN, user=None) -> ReminderDelivery:
    """A reminder of `kind` due at 08:00 on DAY, made by the scheduler (and
    queued), the clock at 08:00."""
    user = user or member()
    remind(user, kind, datetime.time(8, 0))
    assert scheduler(monkeypatch, EIGHT).created == 1
    return ReminderDelivery.objects.get(user=user, kind=kind)


# The email --------------------------------------------------------------------

URL = re.compile(r"https?://[^\s\"<>]+")
HEALTH_WORDS = re.compile(
    r"pain|hip|flare|warning.sign|symptom|sore|ache|hurt|numb|fever|score",
    re.IGNORECASE,
)


def texts(email) -> list[str]:
    """The subject, and the plain and HTML bodies."""
    return [email.subject, email.body, *(body for body, _ in email.alternatives)]


def health_free(email, *values: str) -> None:
    """No health word, no number and none of `values` in the subject or the
    bodies (the links aside, checked on their own)."""
    for text in texts(email):
        # The words a reader sees: no links, no HTML tags.
        words = re.sub(r"<[^>]*>", " ", URL.sub(" ", text))
        assert not HEALTH_WORDS.search(words), words
        assert not re.search(r"\d", words), words
        for value in values:
            assert value.lower() not in text.lower()


@pytest.mark.parametrize(
    ("kind", "action"),
    [
        (ReminderKind.CHECK_IN, lambda plan: reverse("journal:check-in")),
        (
            ReminderKind.SESSION,
            lambda plan: reverse("journal:session-planned"),
        ),
    ],
)
def test_the_email_is_neutral_links_straight_there_and_unsubscribes_in_one_click(
    monkeypatch, kind, action
):
    user = member()
    # A painful day before, with notes: none of it may reach the email.
    CheckInFactory(
        user=user, date=DAY - datetime.timedelta(days=1), pain_score=7, notes=NOTES
    )
    due(monkeypatch, kind, user)
    run_worker()

    [email] = mail.outbox
    assert email.subject == "Your psoasapp reminder"
    assert email.to == [user.email]
    routine = user.journal_plan.routine
    assert routine is not None
    # Links included: a routine's name could say what is being treated.
    health_free(
        email, NOTES, "stairs", "twinge", user.email.split("@")[0], routine.slug
    )
    unsubscribe = links.unsubscribe_url(user_id=user.pk, kind=kind)
    assert unsubscribe.startswith("https://")
    headers = email.message()
    assert headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Subject"] == "Your psoasapp reminder"
    # As it goes on the wire: the header as written (not an RFC 2047 word a
    # mail provider cannot read as an address), and the link whole in the
    # plain-text body (no quoted-printable soft break).
    wire = email.message().as_string()
    assert f"\nList-Unsubscribe: <{unsubscribe}>\n" in wire
    assert f"\n{unsubscribe}\n" in wire
    target = settings.SITE_URL + action(user.journal_plan)
    expected = {
        target,
        settings.SITE_URL + reverse("journal:reminders"),
        unsubscribe,
    }
    for text in texts(email)[1:]:
        assert set(URL.findall(text)) == expected
    # The link to act comes first.
    assert URL.findall(email.body)[0] == target


def test_the_message_id_is_the_same_for_every_attempt_and_differs_between_deliveries(
    monkeypatch,
):
    first = due(monkeypatch)
    second = ReminderDelivery.objects.create(
        user=first.user,
        kind=ReminderKind.SESSION,
        local_date=DAY,
        due_at=EIGHT,
    )
    ids = [
        delivery.message(found, address="a@example.com", today=DAY).message()[
            "Message-ID"
        ]
        for found in (first, first, second)
    ]
    assert ids[0] == ids[1] != ids[2]
    assert re.fullmatch(r"<reminder-\d+@[\w.-]+>", ids[0])
    run_worker()
    assert mail.outbox[0].message()["Message-ID"] == ids[0]


def warning_sign(user, *, emergency: bool = True) -> None:
    """A warning sign two days ago: an emergency answer not yet acknowledged
    (the dashboard says to get help now), or one of a lower tier (night
    pain: an alert of the last seven days)."""
    CheckInFactory(
        user=user,
        date=DAY - datetime.timedelta(days=2),
        pain_score=9,
        notes=NOTES,
        **({"cauda_equina_signs": True} if emergency else {"night_pain": True}),
    )


def test_while_an_alert_is_active_the_session_reminder_says_to_read_it_first(
    monkeypatch,
):
    user = member()
    warning_sign(user, emergency=False)
    due(monkeypatch, ReminderKind.SESSION, user)
    run_worker()

    [email] = mail.outbox
    dashboard = settings.SITE_URL + reverse("journal:dashboard")
    for text in texts(email)[1:]:
        assert "read the alert on your dashboard first" in text
        # Before the link to start.
        assert text.index(dashboard) < text.index("/session/")
    health_free(email, NOTES)


def test_during_an_emergency_the_session_reminder_offers_no_session(monkeypatch):
    user = member()
    warning_sign(user)
    due(monkeypatch, ReminderKind.SESSION, user)
    run_worker()

    [email] = mail.outbox
    dashboard = settings.SITE_URL + reverse("journal:dashboard")
    for text in texts(email)[1:]:
        assert "read the alert on your dashboard before anything else" in text
        assert dashboard in text
        assert reverse("journal:session-planned") not in text
        assert "Start the session" not in text
    health_free(email, NOTES)


def test_the_check_in_reminder_needs_no_alert_notice(monkeypatch):
    user = member()
    warning_sign(user)
    due(monkeypatch, ReminderKind.CHECK_IN, user)
    run_worker()
    [email] = mail.outbox
    assert "alert" not in email.body


def test_without_an_alert_the_session_reminder_has_no_notice(monkeypatch):
    due(monkeypatch, ReminderKind.SESSION)
    run_worker()
    [email] = mail.outbox
    assert "alert" not in email.body


# Skips ------------------------------------------------------------------------


def test_a_check_in_done_before_the_reminder_time_suppresses_it(monkeypatch):
    user = member()
    CheckInFactory(user=user, date=DAY, pain_score=3)
    found = due(monkeypatch, ReminderKind.CHECK_IN, user)
    run_worker()
    found.refresh_from_db()
    assert mail.outbox == []
    assert (found.status, found.reason) == (DeliveryStatus.SKIPPED, "checked_in")


def test_a_check_in_of_another_day_does_not(monkeypatch):
    user = member()
    CheckInFactory(user=user, date=DAY - datetime.timedelta(days=1))
    due(monkeypatch, ReminderKind.CHECK_IN, user)
    run_worker()
    assert len(mail.outbox) == 1


def test_a_session_recorded_that_day_suppresses_the_session_reminder(monkeypatch):
    user = member()
    SessionFactory(user=user, date=DAY)
    found = due(monkeypatch, ReminderKind.SESSION, user)
    run_worker()
    found.refresh_from_db()
    assert mail.outbox == []
    assert (found.status, found.reason) == (DeliveryStatus.SKIPPED, "session_done")


def test_a_session_does_not_suppress_the_check_in_reminder(monkeypatch):
    user = member()
    SessionFactory(user=user, date=DAY)
    due(monkeypatch, ReminderKind.CHECK_IN, user)
    run_worker()
    assert len(mail.outbox) == 1


def test_a_reminder_turned_off_after_it_was_made_is_not_sent(monkeypatch):
    found = due(monkeypatch)
    services.reminder_update(
        user=found.user,
        kind=found.kind,
        enabled=False,
        days=127,
        time=datetime.time(8, 0),
        now=EIGHT,
    )
    run_worker()
    found.refresh_from_db()
    assert mail.outbox == []
    assert (found.status, found.reason) == (DeliveryStatus.SKIPPED, "turned_off")


@pytest.mark.parametrize(
    "without",
    [
        pytest.param(lambda: member(verified=False), id="never-confirmed"),
        pytest.param(lambda: member(is_active=False), id="inactive"),
    ],
)
def test_no_confirmed_address_no_email(monkeypatch, without):
    found = due(monkeypatch, user=without())
    run_worker()
    found.refresh_from_db()
    assert mail.outbox == []
    assert (found.status, found.reason) == (
        DeliveryStatus.SKIPPED,
        "no_verified_address",
    )


def test_an_address_changed_and_not_yet_confirmed_gets_nothing(monkeypatch):
    user = member()
    found = due(monkeypatch, user=user)
    type(user).objects.filter(pk=user.pk).update(email="new@example.com")
    run_worker()
    found.refresh_from_db()
    assert mail.outbox == []
    assert found.reason == "no_verified_address"


def test_a_reminder_reached_over_two_hours_late_is_not_sent(monkeypatch):
    found = due(monkeypatch)
    # The workers were down: back 2 hours and a minute after its time.
    clock(monkeypatch, EIGHT + rules.SEND_BY + datetime.timedelta(minutes=1))
    run_worker()
    found.refresh_from_db()
    assert mail.outbox == []
    assert (found.status, found.reason) == (DeliveryStatus.SKIPPED, "too_late")


def test_a_late_evening_reminder_reached_after_midnight_is_still_sent(monkeypatch):
    """Within SEND_BY, the day's end makes no difference: 23:45's reminder
    reached at 00:10 goes out (it was dropped as "day over")."""
    user = member()
    remind(user, ReminderKind.CHECK_IN, datetime.time(23, 45))
    scheduler(monkeypatch, local(DAY, 23, 45))
    clock(monkeypatch, local(DAY + datetime.timedelta(days=1), 0, 10))
    run_worker()
    assert len(mail.outbox) == 1
    assert ReminderDelivery.objects.get().status == DeliveryStatus.SENT


def test_a_delivery_made_for_a_later_instant_waits_for_it(monkeypatch):
    """A worker never sends before the time (a delivery made by hand for a
    later instant, or clocks apart): it is left pending, unclaimed."""
    found = due(monkeypatch)
    clock(monkeypatch, EIGHT - datetime.timedelta(minutes=5))
    run_worker()
    found.refresh_from_db()
    assert mail.outbox == []
    assert (found.status, found.claim, found.attempts) == (
        DeliveryStatus.PENDING,
        None,
        0,
    )


# Dying, failing and running twice ---------------------------------------------

LATER = datetime.timedelta(minutes=1)


def test_a_worker_that_dies_mid_send_loses_nothing_and_sends_nothing_twice(
    monkeypatch,
):
    found = due(monkeypatch)

    class Died(BaseException):
        """The worker's process ends mid-send (no `except Exception` runs)."""

    with mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=Died):
        run_worker()
    found.refresh_from_db()
    assert (found.status, found.attempts) == (DeliveryStatus.SENDING, 1)
    assert mail.outbox == []

    # Another worker, before the lease ends, leaves it alone.
    clock(monkeypatch, EIGHT + schedule.LEASE - LATER)
    assert delivery.deliver(found.pk).startswith("not claimed")
    assert scheduler(monkeypatch, EIGHT + schedule.LEASE - LATER).queued == 0
    run_worker()
    assert mail.outbox == []

    # After the lease the scheduler queues it again, once; a worker sends it.
    after = EIGHT + schedule.LEASE + LATER
    assert scheduler(monkeypatch, after).queued == 1
    assert scheduler(monkeypatch, after + LATER).queued == 0
    run_worker()
    assert len(mail.outbox) == 1
    found.refresh_from_db()
    assert (found.status, found.attempts) == (DeliveryStatus.SENT, 2)

    # And nothing more, however often it runs.
    assert scheduler(monkeypatch, after + 20 * LATER).queued == 0
    assert delivery.deliver(found.pk).startswith("not claimed")
    assert len(mail.outbox) == 1


def test_a_claimed_delivery_is_only_the_claimants(monkeypatch):
    found = due(monkeypatch)
    # A worker claims it, then nothing more is heard of it.
    assert delivery._claim(found.pk, EIGHT) is not None
    clock(monkeypatch, EIGHT + LATER)
    assert delivery.deliver(found.pk).startswith("not claimed")
    assert mail.outbox == []
    clock(monkeypatch, EIGHT + schedule.LEASE + LATER)
    assert delivery.deliver(found.pk) == "sent"
    assert len(mail.outbox) == 1


def smtp_down():
    return mock.patch.object(
        mail.EmailMultiAlternatives,
        "send",
        side_effect=smtplib.SMTPConnectError(421, "try later"),
    )


def test_a_send_that_fails_gives_the_delivery_back_and_a_later_try_sends_it(
    monkeypatch,
):
    found = due(monkeypatch)
    with smtp_down():
        run_worker()
    found.refresh_from_db()
    assert (found.status, found.reason, found.claim) == (
        DeliveryStatus.PENDING,
        "send_error",
        None,
    )
    # Not queued again at once (the mail server needs a moment), but later.
    assert scheduler(monkeypatch, EIGHT + LATER).queued == 0
    again = EIGHT + schedule.REQUEUE_AFTER + LATER
    assert scheduler(monkeypatch, again).queued == 1
    run_worker()
    found.refresh_from_db()
    assert len(mail.outbox) == 1
    assert (found.status, found.reason, found.attempts) == (
        DeliveryStatus.SENT,
        "",
        2,
    )


def test_after_max_attempts_it_is_marked_failed(monkeypatch):
    found = due(monkeypatch)
    instant = EIGHT
    with smtp_down() as send:
        for _ in range(delivery.MAX_ATTEMPTS + 2):
            scheduler(monkeypatch, instant)
            run_worker()
            instant += schedule.REQUEUE_AFTER + LATER
    found.refresh_from_db()
    assert send.call_count == delivery.MAX_ATTEMPTS
    assert (found.status, found.attempts) == (
        DeliveryStatus.FAILED,
        delivery.MAX_ATTEMPTS,
    )
    assert mail.outbox == []


def together(count: int, work) -> list:
    """Run `work(i)` in `count` threads at once; their results."""
    results: list = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results.append(work(index))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


def claims_meet(count: int):
    """Make `count` workers reach the claim at the same moment."""
    barrier = threading.Barrier(count)
    claim = delivery._claim

    def meeting(*args, **kwargs):
        barrier.wait(timeout=20)
        return claim(*args, **kwargs)

    return mock.patch.object(delivery, "_claim", meeting)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_workers_at_once_send_one_email(monkeypatch, round_):
    found = due(monkeypatch)
    # A second task for the same delivery (the scheduler queued it again).
    reminder_send.enqueue(found.pk)
    with (
        claims_meet(2),
        mock.patch(
            "django_tasks_db.management.commands.db_worker.close_old_connections"
        ),
    ):
        together(2, lambda i: worker(f"worker-{i}").run())

    assert len(mail.outbox) == 1
    found.refresh_from_db()
    assert (found.status, found.attempts) == (DeliveryStatus.SENT, 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_two_deliver_calls_at_once_send_one_email(monkeypatch, round_):
    found = due(monkeypatch)
    with claims_meet(2):
        results = together(2, lambda i: delivery.deliver(found.pk))
    assert sorted(result.split(":")[0] for result in results) == [
        "not claimed",
        "sent",
    ]
    assert len(mail.outbox) == 1


def test_a_delivery_of_an_account_deleted_mid_run_is_gone_quietly(monkeypatch):
    found = due(monkeypatch)
    claim = delivery._claim

    def claim_then_account_deleted(*args):
        won = claim(*args)
        found.user.delete()
        return won

    with mock.patch.object(delivery, "_claim", claim_then_account_deleted):
        assert delivery.deliver(found.pk).startswith("gone")
    assert mail.outbox == []


def test_rules_skip_reason_is_the_one_place_the_skips_are_decided():
    base = {
        "kind": ReminderKind.CHECK_IN,
        "enabled": True,
        "checked_in": False,
        "session_done": False,
        "has_address": True,
        "due": EIGHT,
        "now": EIGHT,
    }
    assert rules.skip_reason(**base) is None
    assert rules.skip_reason(**{**base, "now": EIGHT + rules.SEND_BY}) is None
    assert (
        rules.skip_reason(
            **{**base, "now": EIGHT + rules.SEND_BY + datetime.timedelta(seconds=1)}
        )
        == "too_late"
    )
    assert rules.skip_reason(**{**base, "enabled": False}) == "turned_off"
    assert rules.skip_reason(**{**base, "session_done": True}) is None
    assert (
        rules.skip_reason(**{**base, "kind": ReminderKind.SESSION, "checked_in": True})
        is None
    )


def test_the_task_runs_through_the_database_backend(monkeypatch):
    found = due(monkeypatch)
    task = DBTaskResult.objects.get()
    assert task.task_path == "journal.tasks.reminder_send"
    assert task.args_kwargs == {"args": [found.pk], "kwargs": {}}
    run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value == "sent"
    assert len(mail.outbox) == 1


def test_the_worker_says_why_no_email_came(monkeypatch, caplog):
    found = due(monkeypatch)
    CheckInFactory(user=found.user, date=DAY)

    with caplog.at_level("INFO", logger="journal.reminders.delivery"):
        run_worker()

    assert mail.outbox == []
    assert (
        f"reminder {found.pk} (check_in, {DAY}): skipped (checked_in)"
        in caplog.messages
    )
