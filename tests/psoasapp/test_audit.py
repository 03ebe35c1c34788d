"""The audit log: logins, failed logins and refused access are written with who,
when (UTC), what and from which address; superusers read the log in the admin
and nobody can change it there."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.audit import audit_record
from core.models import AuditAction, AuditEvent
from quiz.models import Attempt, Quiz
from tests.factories import CheckInFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"
WRONG_PASSWORD = "not-the-right-passphrase-99"


def only_event(action: AuditAction) -> AuditEvent:
    [event] = AuditEvent.objects.filter(action=action)
    return event


def assert_written_now(event: AuditEvent, before: datetime.datetime) -> None:
    assert before <= event.at <= timezone.now()
    assert event.at.utcoffset() == datetime.timedelta(0), "stored and read in UTC"


# Logins -----------------------------------------------------------------------


def test_login_writes_who_when_and_from_where(client, user, password):
    before = timezone.now()

    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": password},
        REMOTE_ADDR=ADDRESS,
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    event = only_event(AuditAction.LOGIN)
    assert (event.user, event.user_ref, event.ip_address, event.path) == (
        user,
        str(user.pk),
        ADDRESS,
        reverse("account_login"),
    )
    assert_written_now(event, before)
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()


def test_admin_login_goes_through_allauth_and_is_recorded(client, password):
    admin_user = UserFactory(is_staff=True, is_superuser=True)

    to_login = client.get(reverse("admin:index"), follow=True).redirect_chain[-1][0]
    response = client.post(
        to_login,
        {"login": admin_user.email, "password": password},
        REMOTE_ADDR=ADDRESS,
    )

    assert response["Location"] == reverse("admin:index")
    event = only_event(AuditAction.LOGIN)
    assert (event.user, event.ip_address) == (admin_user, ADDRESS)


@pytest.mark.parametrize("typed", [str.lower, str.upper], ids=["as-is", "upper"])
def test_failed_login_records_the_account_and_never_the_password(client, user, typed):
    before = timezone.now()

    response = client.post(
        reverse("account_login"),
        {"login": typed(user.email), "password": WRONG_PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )

    assert response.status_code == HTTPStatus.OK
    assert "password you specified are not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = only_event(AuditAction.LOGIN_FAILED)
    assert (event.user, event.user_ref, event.ip_address, event.path) == (
        user,
        str(user.pk),
        ADDRESS,
        reverse("account_login"),
    )
    assert_written_now(event, before)
    stored = " ".join(str(getattr(event, f.attname)) for f in AuditEvent._meta.fields)
    assert WRONG_PASSWORD not in stored
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_failed_login_for_an_unknown_address_stores_neither_address_nor_password(
    client,
):
    tried = "not.a.member@example.com"

    client.post(
        reverse("account_login"),
        {"login": tried, "password": WRONG_PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )

    event = only_event(AuditAction.LOGIN_FAILED)
    assert (event.user, event.user_ref, event.ip_address) == (None, "", ADDRESS)
    assert "no account" in event.detail.lower()
    stored = " ".join(str(getattr(event, f.attname)) for f in AuditEvent._meta.fields)
    assert tried not in stored.lower()
    assert WRONG_PASSWORD not in stored


# Refused access -----------------------------------------------------------------


def make_check_in(owner):
    return CheckInFactory(user=owner, pain_score=6, notes="Private note.")


def make_session(owner):
    return SessionFactory(user=owner)


def make_attempt(owner):
    quiz = Quiz.objects.get(slug="iliopsoas-pain")
    return Attempt.objects.create(
        user=owner,
        quiz=quiz,
        quiz_title=quiz.title,
        score=3,
        total=5,
        percent=60,
        pass_mark=quiz.pass_mark,
        pass_required=4,
        passed=False,
    )


# (maker, the target's label, URL name, method)
OWNED_PAGES = [
    (make_check_in, "journal.checkin", "journal:check-in-detail", "get"),
    (make_check_in, "journal.checkin", "journal:check-in-edit", "get"),
    (make_check_in, "journal.checkin", "journal:check-in-edit", "post"),
    (make_check_in, "journal.checkin", "journal:check-in-delete", "get"),
    (make_check_in, "journal.checkin", "journal:check-in-delete", "post"),
    (make_session, "journal.session", "journal:session-detail", "get"),
    (make_session, "journal.session", "journal:session-edit", "get"),
    (make_session, "journal.session", "journal:session-edit", "post"),
    (make_session, "journal.session", "journal:session-delete", "get"),
    (make_session, "journal.session", "journal:session-delete", "post"),
    (make_attempt, "quiz.attempt", "quiz:attempt-detail", "get"),
]
OWNED_PAGE_IDS = [
    f"{name.split(':')[1]}-{method}" for _, _, name, method in OWNED_PAGES
]


def _without_tokens(html: str) -> str:
    """A page with its per-request CSRF tokens blanked out."""
    return re.sub(r'(csrfmiddlewaretoken" value=")[^"]+', r"\1", html)


@pytest.mark.parametrize(
    ("make", "label", "name", "method"), OWNED_PAGES, ids=OWNED_PAGE_IDS
)
def test_another_users_object_answers_404_and_the_refusal_is_recorded(
    client, make, label, name, method
):
    owner, intruder = UserFactory(), UserFactory()
    theirs = make(owner)
    client.force_login(intruder)
    url = reverse(name, args=[theirs.pk])
    before = timezone.now()

    response = getattr(client, method)(url, REMOTE_ADDR=ADDRESS)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert type(theirs).objects.filter(pk=theirs.pk).exists()
    event = only_event(AuditAction.ACCESS_REFUSED)
    assert (event.user, event.user_ref, event.ip_address, event.path) == (
        intruder,
        str(intruder.pk),
        ADDRESS,
        url,
    )
    assert event.target == f"{label} #{theirs.pk}"
    assert_written_now(event, before)
    # Indistinguishable from an object that does not exist.
    missing = getattr(client, method)(reverse(name, args=[theirs.pk + 10_000]))
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert _without_tokens(missing.content.decode()) == _without_tokens(
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("make", "label", "name", "method"), OWNED_PAGES, ids=OWNED_PAGE_IDS
)
def test_a_missing_object_answers_404_and_records_nothing(
    user_client, make, label, name, method
):
    gone = make(UserFactory())
    url = reverse(name, args=[gone.pk])
    gone.delete()

    response = getattr(user_client, method)(url)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).exists()


@pytest.mark.parametrize(
    ("make", "label", "name", "method"),
    [page for page in OWNED_PAGES if page[3] == "get"],
    ids=[
        i
        for i, page in zip(OWNED_PAGE_IDS, OWNED_PAGES, strict=True)
        if page[3] == "get"
    ],
)
def test_the_owner_gets_their_object_and_nothing_is_recorded(
    user_client, user, make, label, name, method
):
    mine = make(user)

    response = user_client.get(reverse(name, args=[mine.pk]))

    assert response.status_code == HTTPStatus.OK
    # The page is the owner's entry (a delete confirmation links back to it).
    names = response.context.keys()
    shown = [response.context[name] for name in names]
    cancel_url = response.context.get("cancel_url")
    assert mine in shown or cancel_url == mine.get_absolute_url()
    assert not AuditEvent.objects.filter(action=AuditAction.ACCESS_REFUSED).exists()


def test_an_anonymous_visitor_is_sent_to_login_and_nothing_is_recorded(client):
    theirs = make_check_in(UserFactory())

    response = client.get(reverse("journal:check-in-detail", args=[theirs.pk]))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    assert not AuditEvent.objects.exists()


# The audit log in the admin -----------------------------------------------------


@pytest.fixture
def event(user):
    return audit_record(
        action=AuditAction.ACCESS_REFUSED, user=user, target="journal.checkin #1"
    )


def test_superuser_reads_the_audit_log_with_filters(superuser_client, event):
    changelist = reverse("admin:core_auditevent_changelist")

    listing = superuser_client.get(changelist, {"action": "access_refused"})
    detail = superuser_client.get(
        reverse("admin:core_auditevent_change", args=[event.pk])
    )

    assert listing.status_code == HTTPStatus.OK
    assert list(listing.context["cl"].result_list) == [event]
    assert detail.status_code == HTTPStatus.OK
    assert "journal.checkin #1" in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
    assert listing.context["action_form"] is None, "no delete action"
    # Reading the log is not itself health data.
    assert not AuditEvent.objects.filter(action=AuditAction.STAFF_VIEW).exists()


def test_audit_log_is_searchable_by_account_number_and_address(superuser_client):
    first, second = UserFactory(), UserFactory()
    by_first = AuditEvent.objects.create(
        action=AuditAction.LOGIN,
        user=first,
        user_ref=str(first.pk),
        ip_address="fd00::7",  # no account number is a prefix of it
    )
    by_second = AuditEvent.objects.create(
        action=AuditAction.LOGIN, user=second, user_ref=str(second.pk)
    )
    changelist = reverse("admin:core_auditevent_changelist")

    def found(query: str) -> set[AuditEvent]:
        response = superuser_client.get(changelist, {"q": query})
        return set(response.context["cl"].result_list)

    # Account numbers match whole (3 is not 13); addresses by their start.
    assert found(str(second.pk)) == {by_second}
    assert found("fd00:") == {by_first}
    anonymous = AuditEvent.objects.create(
        action=AuditAction.LOGIN_FAILED, ip_address=ADDRESS
    )
    assert found("203.0.113.") == {anonymous}


def test_nobody_adds_changes_or_deletes_audit_events_in_the_admin(
    superuser_client, event
):
    change = reverse("admin:core_auditevent_change", args=[event.pk])
    delete = reverse("admin:core_auditevent_delete", args=[event.pk])
    changelist = reverse("admin:core_auditevent_changelist")

    responses = [
        superuser_client.get(reverse("admin:core_auditevent_add")),
        superuser_client.post(
            reverse("admin:core_auditevent_add"), {"action": "login"}
        ),
        superuser_client.post(change, {"action": "login", "target": "changed"}),
        superuser_client.get(delete),
        superuser_client.post(delete, {"post": "yes"}),
    ]
    bulk = superuser_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [event.pk]}
    )

    assert [r.status_code for r in responses] == [HTTPStatus.FORBIDDEN] * 5
    # Without the delete permission the list offers no action: it shows again.
    assert bulk.status_code == HTTPStatus.OK
    assert 'name="action"' not in bulk.content.decode()
    event.refresh_from_db()
    assert (event.action, event.target) == ("access_refused", "journal.checkin #1")


@pytest.mark.parametrize("page", ["changelist", "change"])
def test_staff_who_are_not_superusers_cannot_read_the_audit_log(
    editor_client, event, page
):
    url = reverse(
        f"admin:core_auditevent_{page}",
        args=[event.pk] if page == "change" else [],
    )
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client_with_view_permission = Client()
    client_with_view_permission.force_login(viewer)

    assert editor_client.get(url).status_code == HTTPStatus.FORBIDDEN
    assert client_with_view_permission.get(url).status_code == HTTPStatus.FORBIDDEN
    assert (
        "auditevent" not in editor_client.get(reverse("admin:index")).content.decode()
    )
