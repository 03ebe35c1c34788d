"""One-click unsubscribe (RFC 8058): the signed link in each reminder email
turns that reminder off without a login; nothing else turns it off."""

import datetime
import json
from http import HTTPStatus

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from journal import services
from journal.models import Reminder, ReminderKind
from journal.reminders import links
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

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def both_on(user) -> None:
    remind(user, ReminderKind.CHECK_IN)
    remind(user, ReminderKind.SESSION)


def mail_client() -> Client:
    """A mail provider: no session, no cookie, no CSRF token."""
    return Client(enforce_csrf_checks=True)


def url_of(user, kind) -> str:
    return links.unsubscribe_url(user_id=user.pk, kind=kind)


def state(user) -> dict[str, bool]:
    return dict(Reminder.objects.filter(user=user).values_list("kind", "enabled"))


def test_the_one_click_post_turns_that_reminder_off_and_only_that(monkeypatch):
    user = member()
    both_on(user)
    now = clock(monkeypatch, datetime.datetime(2026, 5, 4, 9, tzinfo=datetime.UTC))

    response = mail_client().post(url_of(user, ReminderKind.CHECK_IN), ONE_CLICK)

    assert response.status_code == HTTPStatus.OK
    assert "Reminder turned off" in response.content.decode()
    assert state(user) == {ReminderKind.CHECK_IN: False, ReminderKind.SESSION: True}
    reminder = Reminder.objects.get(user=user, kind=ReminderKind.CHECK_IN)
    assert reminder.disabled_by == Reminder.DisabledBy.LINK
    assert reminder.disabled_at == now
    # The opt-in it records stays: when it was turned on.
    assert reminder.enabled_at == LONG_AGO


def test_the_link_in_the_email_itself_works(monkeypatch):
    user = member()
    both_on(user)
    Reminder.objects.update(time=datetime.time(8, 0))
    scheduler(monkeypatch, local(datetime.date(2026, 5, 4), 8, 0))
    run_worker()
    by_kind = {}
    for email in mail.outbox:
        link = email.message()["List-Unsubscribe"].strip("<>")
        # Read from the link itself: its signature carries the second it was
        # made, so a link made here a moment later may differ.
        token = link.rstrip("/").rsplit("/", 1)[-1]
        by_kind[links.unsubscribe_read(token)] = link
    assert set(by_kind) == {
        (user.pk, ReminderKind.CHECK_IN),
        (user.pk, ReminderKind.SESSION),
    }

    session_link = by_kind[user.pk, ReminderKind.SESSION]
    assert session_link.startswith("https://testserver/journal/reminders/unsubscribe/")
    response = mail_client().post(session_link, ONE_CLICK)

    assert response.status_code == HTTPStatus.OK
    assert state(user) == {ReminderKind.CHECK_IN: True, ReminderKind.SESSION: False}


def test_get_only_asks_to_confirm(monkeypatch):
    user = member()
    both_on(user)
    url = url_of(user, ReminderKind.SESSION)

    page = mail_client().get(url)
    head = mail_client().head(url)

    assert (page.status_code, head.status_code) == (HTTPStatus.OK, HTTPStatus.OK)
    assert "Stop reminder emails?" in page.content.decode()
    assert '<form method="post"' in page.content.decode()
    assert state(user) == {ReminderKind.CHECK_IN: True, ReminderKind.SESSION: True}
    assert page["Cache-Control"].startswith("max-age=0")


def tampered(token: str) -> list[str]:
    payload, rest = token.split(":", 1)
    signature = rest[-1]
    flipped = "A" if signature != "A" else "B"
    return [
        token[:-1] + flipped,  # signature changed
        token[:-6],  # cut short
        payload,  # no signature
        "x" + token,  # payload changed
        "",
    ]


@pytest.mark.parametrize("case", range(4))
def test_a_tampered_or_truncated_link_is_refused_and_changes_nothing(case):
    user = member()
    both_on(user)
    token = links.unsubscribe_token(user_id=user.pk, kind=ReminderKind.CHECK_IN)
    bad = tampered(token)[case]
    url = reverse("journal:reminder-unsubscribe", kwargs={"token": bad})

    posted = mail_client().post(url, ONE_CLICK)
    shown = mail_client().get(url)

    assert posted.status_code == HTTPStatus.BAD_REQUEST
    assert shown.status_code == HTTPStatus.BAD_REQUEST
    assert "This link is not valid" in posted.content.decode()
    assert state(user) == {ReminderKind.CHECK_IN: True, ReminderKind.SESSION: True}


def resigned_for(token: str, **changes) -> str:
    """`token` with its payload changed and its own signature kept."""
    payload, rest = token.split(":", 1)
    value = json.loads(signing.b64_decode(payload.encode()))
    value.update(changes)
    forged = signing.b64_encode(
        json.dumps(value, separators=(",", ":")).encode()
    ).decode()
    return f"{forged}:{rest}"


@pytest.mark.parametrize(
    "change", [lambda other: {"u": other.pk}, lambda other: {"k": "session"}]
)
def test_a_link_signed_for_one_person_cannot_be_altered_to_another(change):
    mine, theirs = member(), member()
    both_on(mine)
    both_on(theirs)
    token = links.unsubscribe_token(user_id=mine.pk, kind=ReminderKind.CHECK_IN)
    forged = resigned_for(token, **change(theirs))
    assert forged != token

    response = mail_client().post(
        reverse("journal:reminder-unsubscribe", kwargs={"token": forged}), ONE_CLICK
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This link is not valid" in response.content.decode()
    for person in (mine, theirs):
        assert state(person) == {
            ReminderKind.CHECK_IN: True,
            ReminderKind.SESSION: True,
        }


def test_a_signed_link_of_an_unknown_kind_is_refused():
    user = member()
    both_on(user)
    token = links.unsubscribe_token(user_id=user.pk, kind="weekly_digest")
    response = mail_client().post(
        reverse("journal:reminder-unsubscribe", kwargs={"token": token}), ONE_CLICK
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This link is not valid" in response.content.decode()
    assert state(user) == {ReminderKind.CHECK_IN: True, ReminderKind.SESSION: True}


def test_a_link_from_another_signing_purpose_is_refused():
    user = member()
    both_on(user)
    token = signing.dumps({"u": user.pk, "k": ReminderKind.CHECK_IN})  # no salt
    response = mail_client().post(
        reverse("journal:reminder-unsubscribe", kwargs={"token": token}), ONE_CLICK
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This link is not valid" in response.content.decode()
    assert state(user)[ReminderKind.CHECK_IN]


def test_a_reminder_already_off_stays_as_the_page_left_it(monkeypatch):
    user = member()
    both_on(user)
    services.reminder_update(
        user=user,
        kind=ReminderKind.CHECK_IN,
        enabled=False,
        days=127,
        time=datetime.time(8, 0),
        now=LONG_AGO,
    )
    mail_client().post(url_of(user, ReminderKind.CHECK_IN), ONE_CLICK)
    reminder = Reminder.objects.get(user=user, kind=ReminderKind.CHECK_IN)
    assert (reminder.disabled_by, reminder.disabled_at) == (
        Reminder.DisabledBy.PAGE,
        LONG_AGO,
    )


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_link_of_a_deleted_account_says_no_emails_go_and_changes_nothing(method):
    """It said "You can turn it on again" for an account that no longer is."""
    user = member()
    both_on(user)
    url = url_of(user, ReminderKind.CHECK_IN)
    user.delete()
    response = getattr(mail_client(), method)(url, ONE_CLICK)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "No reminder emails are sent for this link any more." in html
    assert "turn it on again" not in html
    assert not Reminder.objects.exists()


def test_the_unsubscribe_link_needs_no_login_and_sets_no_session():
    user = member()
    both_on(user)
    client = mail_client()
    response = client.post(url_of(user, ReminderKind.CHECK_IN), ONE_CLICK)
    assert response.status_code == HTTPStatus.OK
    assert "sessionid" not in response.cookies
    assert "_auth_user_id" not in client.session


REMINDERS_LINK = f'<a href="{reverse("journal:reminders")}">Reminders</a>'


def test_the_confirmation_links_to_the_reminders_page():
    user = member()
    both_on(user)

    html = mail_client().get(url_of(user, ReminderKind.CHECK_IN)).content.decode()

    assert "Stop reminder emails?" in html
    assert REMINDERS_LINK in html


@pytest.mark.parametrize("how", ["page", "never set"])
def test_a_reminder_already_off_is_said_to_be_off(how):
    user = member()
    both_on(user)
    url = url_of(user, ReminderKind.CHECK_IN)
    if how == "page":
        Reminder.objects.filter(user=user, kind=ReminderKind.CHECK_IN).update(
            enabled=False
        )
    else:
        Reminder.objects.filter(user=user, kind=ReminderKind.CHECK_IN).delete()

    response = mail_client().get(url)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "This reminder is already off" in html
    assert "Stop reminder emails?" not in html
    assert '<form method="post"' not in html
    assert REMINDERS_LINK in html


def test_the_other_kind_being_off_still_asks():
    user = member()
    remind(user, ReminderKind.CHECK_IN)

    html = mail_client().get(url_of(user, ReminderKind.CHECK_IN)).content.decode()

    assert "Stop reminder emails?" in html
    assert "already off" not in html
