"""Retention (issue 16, case 5): audit paths lose their tokens and keys before
they are stored, audit events older than AUDIT_RETENTION_DAYS go, a deleted
account leaves no session row, and `manage.py maintain` does the periodic
chores, the second run in a row finding nothing to do."""

import datetime
import io
import re
from http import HTTPStatus
from importlib import import_module

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.usersessions.models import UserSession
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import audit
from core.models import AuditAction, AuditEvent
from journal.models import ReminderDelivery, ReminderKind
from journal.tasks import reminder_send
from tests.auth import log_in_recently
from tests.conftest import run_python
from tests.factories import UserFactory, UserSessionFactory

PASSWORD = "a-new-and-long-passphrase-42"
ADDRESS = "203.0.113.7"
NOW = datetime.datetime(2026, 6, 30, 12, 0, tzinfo=datetime.UTC)


# Paths without secrets ------------------------------------------------------------


@pytest.mark.django_db
def test_the_login_after_an_email_confirmation_stores_no_key(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent": "on",
        },
    )
    [message] = mail.outbox
    link = re.search(r"https?://testserver(/\S+)", message.body).group(1)
    key = link.rstrip("/").rsplit("/", 1)[1]

    response = client.post(link, REMOTE_ADDR=ADDRESS)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.path == "/account/confirm-email/:key/"
    assert event.ip_address == ADDRESS
    stored = " ".join(str(getattr(event, f.attname)) for f in AuditEvent._meta.fields)
    assert key not in stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "stored"),
    [
        pytest.param(
            "/account/confirm-email/MQ:1vA2bC:x9_Yz-long-signed-key/",
            "/account/confirm-email/:key/",
            id="email-confirmation-key",
        ),
        pytest.param(
            "/account/password/reset/key/1b-d2k4-0123456789abcdef0123/",
            "/account/password/reset/key/:uidb36-:key/",
            id="password-reset-key",
        ),
        pytest.param(
            # allauth moves the key into the session and shows this address.
            "/account/password/reset/key/11-set-password/",
            "/account/password/reset/key/:uidb36-:key/",
            id="password-reset-after-the-key-moved",
        ),
        pytest.param(
            "/account/password/reset/key/done/",
            "/account/password/reset/key/done/",
            id="no-key-in-the-done-page",
        ),
        pytest.param(
            "/account/login/?next=/journal/&token=s3cr3t&key=abc:def",
            "/account/login/?next=:value&token=:value&key=:value",
            id="query-values",
        ),
        pytest.param(
            "/admin/journal/checkin/?q=someone%40example.com&o=1",
            "/admin/journal/checkin/?q=:value&o=:value",
            id="admin-search",
        ),
        pytest.param(
            "/journal/check-ins/12/",
            "/journal/check-ins/12/",
            id="an-objects-number-stays",
        ),
        pytest.param(
            "/no/such/page/?signature=abc",
            "/no/such/page/?signature=:value",
            id="unknown-page",
        ),
        pytest.param(
            "/journal/caf%C3%A9/?%C3%A9=1",
            "/journal/caf%C3%A9/?%C3%A9=:value",
            id="non-ascii",
        ),
    ],
)
def test_audit_paths_keep_no_token_or_key(rf, path, stored):
    event = audit.audit_record(action=AuditAction.LOGIN_FAILED, request=rf.get(path))

    assert event.path == stored


@pytest.mark.django_db
def test_a_staff_view_stores_the_search_without_what_was_searched(superuser_client):
    response = superuser_client.get(
        reverse("admin:journal_checkin_changelist"), {"q": "private words"}
    )

    assert response.status_code == HTTPStatus.OK
    # The page shows the search to the superuser; the log keeps only that
    # there was one.
    assert 'value="private words"' in response.content.decode()
    event = AuditEvent.objects.get(action=AuditAction.STAFF_VIEW)
    assert event.path == reverse("admin:journal_checkin_changelist") + "?q=:value"


@pytest.mark.django_db
def test_old_audit_paths_are_scrubbed_by_the_migration():
    migration = import_module("core.migrations.0003_audit_paths_without_secrets")
    cases = {
        "/account/confirm-email/MQ:1vA2bC:abc/": "/account/confirm-email/:key/",
        "/account/password/reset/key/1-abc-def/": (
            "/account/password/reset/key/:uidb36-:key/"
        ),
        "/account/password/reset/key/done/": "/account/password/reset/key/done/",
        "/account/confirm-email/": "/account/confirm-email/",
        "/admin/journal/checkin/?q=a%40b.c&o=1": (
            "/admin/journal/checkin/?q=:value&o=:value"
        ),
        "/account/login/": "/account/login/",
    }
    for before in cases:
        AuditEvent.objects.create(action=AuditAction.LOGIN, path=before)

    class SchemaEditor:
        connection = connection

    migration.scrub_paths(apps, SchemaEditor())

    assert sorted(AuditEvent.objects.values_list("path", flat=True)) == sorted(
        cases.values()
    )


# Pruning ----------------------------------------------------------------------


def _event_at(at: datetime.datetime) -> AuditEvent:
    return AuditEvent.objects.create(action=AuditAction.LOGIN, at=at)


@pytest.mark.django_db
@pytest.mark.parametrize("days", [365, 30, 1])
def test_pruning_removes_exactly_the_events_older_than_the_period(settings, days):
    settings.AUDIT_RETENTION_DAYS = days
    cutoff = NOW - datetime.timedelta(days=days)
    gone = [
        _event_at(cutoff - datetime.timedelta(microseconds=1)),
        _event_at(cutoff - datetime.timedelta(days=3000)),
    ]
    kept = [
        _event_at(cutoff),
        _event_at(cutoff + datetime.timedelta(seconds=1)),
        _event_at(NOW),
    ]

    assert set(AuditEvent.objects.older_than(cutoff)) == set(gone)
    assert audit.audit_prune(now=NOW) == len(gone)
    assert set(AuditEvent.objects.all()) == set(kept)
    assert audit.audit_prune(now=NOW) == 0


@pytest.mark.django_db
def test_pruning_keeps_twelve_months_by_default():
    assert settings.AUDIT_RETENTION_DAYS == 365
    year_ago = timezone.now() - datetime.timedelta(days=365)
    old = _event_at(year_ago - datetime.timedelta(minutes=1))
    recent = _event_at(year_ago + datetime.timedelta(minutes=1))

    assert audit.audit_prune() == 1
    assert list(AuditEvent.objects.all()) == [recent]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


@pytest.mark.parametrize(
    ("value", "days"), [(None, 365), ("30", 30), (" 730 ", 730), ("1", 1)]
)
def test_the_retention_period_is_read_from_the_environment(production_env, value, days):
    env = dict(production_env)
    if value is not None:
        env["DJANGO_AUDIT_RETENTION_DAYS"] = value
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.AUDIT_RETENTION_DAYS)"
    )

    result = run_python(code, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(days)


@pytest.mark.parametrize("value", ["0", "-5", "a year", "12.5", "٣٠"])
def test_a_retention_period_that_is_not_whole_days_refuses_to_start(
    production_env, value
):
    result = run_python(
        "import django; django.setup()",
        {**production_env, "DJANGO_AUDIT_RETENTION_DAYS": value},
    )

    assert result.returncode != 0
    assert "DJANGO_AUDIT_RETENTION_DAYS must be a whole number of days" in (
        result.stderr
    )


# Sessions of a deleted account --------------------------------------------------


def _sessions_of(pk) -> list[str]:
    return [
        session.session_key
        for session in Session.objects.all()
        if session.get_decoded().get(SESSION_KEY) == str(pk)
    ]


@pytest.mark.django_db
def test_a_deleted_account_leaves_no_session_rows(user, password):
    here, elsewhere, other = Client(), Client(), Client()
    log_in_recently(here, user)  # the deletion asks for the password first
    elsewhere.force_login(user)
    someone_else = UserFactory()
    other.force_login(someone_else)
    pk = user.pk
    assert len(_sessions_of(pk)) == 2

    response = here.post(
        reverse("account-delete"), {"password": password, "confirm": "on"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert _sessions_of(pk) == []
    assert _sessions_of(someone_else.pk) == [other.session.session_key]
    assert other.get(reverse("account")).context["user"] == someone_else


@pytest.mark.django_db
def test_an_account_deleted_in_the_admin_leaves_no_session_rows(
    superuser_client, superuser
):
    member = UserFactory()
    Client().force_login(member)
    assert _sessions_of(member.pk)

    response = superuser_client.post(
        reverse("admin:psoasapp_user_delete", args=[member.pk]), {"post": "yes"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:psoasapp_user_changelist")
    assert _sessions_of(member.pk) == []
    assert len(_sessions_of(superuser.pk)) == 1


@pytest.mark.django_db
def test_with_cached_db_sessions_the_cached_copies_go_too(settings, user, password):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    here, elsewhere = Client(), Client()
    log_in_recently(here, user)  # the deletion asks for the password first
    elsewhere.force_login(user)
    key = elsewhere.session.session_key
    cached = store_class.cache_key_prefix + key
    assert caches[settings.SESSION_CACHE_ALIAS].get(cached) is not None

    here.post(reverse("account-delete"), {"password": password, "confirm": "on"})

    assert _sessions_of(user.pk) == []
    assert caches[settings.SESSION_CACHE_ALIAS].get(cached) is None
    assert not store_class().exists(key)


# manage.py maintain -----------------------------------------------------------


def _maintain() -> dict[str, str]:
    out = io.StringIO()
    call_command("maintain", stdout=out)
    return dict(
        line.split(": ", 1) for line in out.getvalue().splitlines() if ": " in line
    )


def _cache_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, expires FROM django_cache ORDER BY 1")
        return cursor.fetchall()


def _expire_cache_entry(key: str) -> None:
    long_ago = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE django_cache SET expires = %s WHERE cache_key = %s",
            [connection.ops.adapt_datetimefield_value(long_ago), cache.make_key(key)],
        )
        assert cursor.rowcount == 1


def _everything() -> dict[str, list]:
    return {
        "sessions": sorted(Session.objects.values_list("session_key", flat=True)),
        "audit": sorted(AuditEvent.objects.values_list("pk", flat=True)),
        "browsers": sorted(UserSession.objects.values_list("session_key", flat=True)),
        "cache": _cache_rows(),
        "confirmations": sorted(
            EmailConfirmation.objects.values_list("key", flat=True)
        ),
    }


@pytest.mark.django_db
def test_maintain_does_each_chore_and_a_second_run_changes_nothing(user):
    now = timezone.now()
    # Sessions: one expired, one current.
    live = Client()
    live.force_login(user)
    Session.objects.create(
        session_key="expired0session0key0000000000000",
        session_data=Session.objects.get().session_data,
        expire_date=now - datetime.timedelta(seconds=1),
    )
    # The logged-in browsers list: the live session's row stays, the rows of
    # the expired session and of one deleted long ago go.
    UserSessionFactory(user=user, session_key=live.session.session_key)
    UserSessionFactory(user=user, session_key="expired0session0key0000000000000")
    UserSessionFactory(user=user, session_key="deleted0session0key0000000000000")
    # Audit: two past twelve months, one inside.
    old = [_event_at(now - datetime.timedelta(days=days)) for days in (400, 366)]
    recent = _event_at(now - datetime.timedelta(days=364))
    # Cache: two expired rows (rate-limit counters, say), one live.
    for key in ("old-1", "old-2", "live"):
        cache.set(key, 1, timeout=600)
    _expire_cache_entry("old-1")
    _expire_cache_entry("old-2")
    # allauth's stored confirmations (not HMAC): one expired, one fresh.
    address = EmailAddress.objects.get(user=user)
    EmailConfirmation.objects.create(
        email_address=address, key="expired-key", sent=now - datetime.timedelta(days=9)
    )
    EmailConfirmation.objects.create(email_address=address, key="fresh-key", sent=now)
    # Reminder deliveries: kept 90 days. Finished background tasks: 7 days.
    for days in (91, 89):
        delivery = ReminderDelivery.objects.create(
            user=user,
            kind=ReminderKind.SESSION,
            local_date=(now - datetime.timedelta(days=days)).date(),
            due_at=now - datetime.timedelta(days=days),
        )
        ReminderDelivery.objects.filter(pk=delivery.pk).update(
            created_at=now - datetime.timedelta(days=days)
        )
    for days in (8, 6):
        result = reminder_send.enqueue(0)
        DBTaskResult.objects.filter(pk=result.id).update(
            status=TaskResultStatus.SUCCESSFUL,
            finished_at=now - datetime.timedelta(days=days),
        )
    reminder_send.enqueue(0)  # not run yet: kept whatever its age
    # Claimed by workers that died: one long ago, one running now.
    for days in (8, 0):
        result = reminder_send.enqueue(0)
        DBTaskResult.objects.filter(pk=result.id).update(
            status=TaskResultStatus.RUNNING,
            started_at=now - datetime.timedelta(days=days),
        )

    first = _maintain()
    # What was current still works.
    assert cache.get("live") == 1
    assert live.get(reverse("account")).context["user"] == user
    after_first = _everything()
    second = _maintain()

    assert first == {
        "Expired sessions deleted": "1",
        "Ended browsers removed from the logged-in list": "2",
        "Audit events past the retention period deleted": "2",
        "Expired cache rows deleted": "2",
        "Expired email confirmations deleted": "1",
        "Finished or abandoned background tasks deleted": "2",
        "Reminder deliveries past their retention deleted": "1",
    }
    assert ReminderDelivery.objects.count() == 1
    assert DBTaskResult.objects.count() == 3
    assert after_first["sessions"] == [live.session.session_key]
    assert after_first["browsers"] == [live.session.session_key]
    assert recent.pk in after_first["audit"]
    assert not {event.pk for event in old} & set(after_first["audit"])
    assert [row[0] for row in after_first["cache"]] == [cache.make_key("live")]
    assert after_first["confirmations"] == ["fresh-key"]

    assert {label: count for label, count in second.items() if count != "0"} == {}
    assert _everything() == after_first


@pytest.mark.django_db
def test_maintain_with_sessions_in_signed_cookies_says_it_cannot_count(settings):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"

    assert _maintain()["Expired sessions deleted"] == (
        "done (this session engine does not count)"
    )


# What the privacy notice says ---------------------------------------------------


def _notice(client) -> str:
    return " ".join(client.get(reverse("privacy")).content.decode().split())


@pytest.mark.django_db
def test_the_privacy_notice_says_what_the_audit_keeps_and_for_how_long(client):
    notice = _notice(client)

    assert "the internet (IP) address" in notice
    assert "anything secret in it is removed" in notice
    assert "once it is 12 months old" in notice
    assert "until they are 12 months old" in notice
    assert "The security log is not deleted automatically" not in notice
    # Sessions: what they are, and when they go.
    assert "the server keeps a record of that login (a session)" in notice
    # The browsers list's entries go with their session (maintain, daily).
    assert "or within a day of its login expiring" in notice
    assert "deleting the server's record of every login to your account" in notice
    assert "within a day of its end" in notice


@pytest.mark.django_db
@pytest.mark.parametrize(("days", "words"), [(30, "30 days"), (1, "1 day")])
def test_the_privacy_notice_follows_the_retention_setting(
    client, settings, days, words
):
    settings.AUDIT_RETENTION_DAYS = days

    notice = _notice(client)

    assert f"once it is {words} old" in notice
    assert "12 months" not in notice
