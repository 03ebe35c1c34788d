"""The account pages: the account page, "Download my data" and "Delete my
account" (and a superuser deleting an account in the admin)."""

import datetime
import json
import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from core.audit import audit_record
from core.models import AuditAction, AuditEvent
from journal import services as journal_services
from journal.models import CheckIn, Plan, Session, SessionExercise, Trigger
from psoasapp import services
from psoasapp.models import Consent
from quiz.models import Attempt, AttemptAnswer
from tests.auth import log_in_recently
from tests.factories import (
    CheckInFactory,
    ExerciseFactory,
    RoutineFactory,
    SessionFactory,
    UserFactory,
    exercise_done,
)
from tests.html import assert_accessible_page
from tests.psoasapp.test_site import assert_strict_csp

User = get_user_model()

pytestmark = pytest.mark.django_db

DELETE_MESSAGE = "Your account and everything in it have been deleted."


def fill_account(user, size: int) -> None:
    """Give `user` a row in every table that holds their data: `size` check-ins,
    sessions (two exercises each) and quiz attempts (two answers each)."""
    routine = RoutineFactory(title="Evening routine")
    Plan.objects.create(user=user, weekly_target=4, routine=routine)
    Consent.objects.create(user=user, notice_version="1.0")
    exercises = [ExerciseFactory(title=f"Move {n}") for n in range(2)]
    triggers = list(Trigger.objects.offered()[:2])
    for n in range(size):
        check_in = CheckInFactory(
            user=user,
            date=datetime.date(2026, 3, 1) + datetime.timedelta(days=n),
            pain_score=n % 11,
            notes=f"Stiff hip, day {n} — ça va",
            numbness_or_tingling=n == 0,
            side="left",
            medication="Ibuprofen 200 mg",
        )
        check_in.triggers.set(triggers)
        journal_services.function_record(
            user=user,
            date=datetime.date(2026, 3, 1) + datetime.timedelta(days=14 * n),
            ratings=[("Running", n % 11), ("Stairs", 5), ("Socks", 7)],
        )
        journal_services.report_share_create(
            user=user,
            start=datetime.date(2026, 3, 1),
            end=datetime.date(2026, 3, 31),
            days=30,
        )
        session = SessionFactory(
            user=user,
            date=datetime.date(2026, 3, 1) + datetime.timedelta(days=n),
            routine=routine,
            notes=f"Session {n}",
            duration_minutes=12,
        )
        for exercise in exercises:
            exercise_done(session, exercise).save()
        attempt = Attempt.objects.create(
            user=user,
            quiz_title="Test your understanding",
            score=1,
            total=2,
            percent=50,
            pass_mark=80,
            pass_required=2,
            passed=False,
        )
        for order, (chosen, is_correct) in enumerate(
            [("Walking", True), ("", False)], start=1
        ):
            AttemptAnswer.objects.create(
                attempt=attempt,
                order=order,
                question_text=f"Question {order}?",
                chosen_text=chosen,
                correct_text="Walking",
                is_correct=is_correct,
                explanation="Because.",
            )
    user.groups.add(Group.objects.get_or_create(name="Testers")[0])
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Group),
        object_id="1",
        object_repr="Testers",
        action_flag=ADDITION,
    )
    audit_record(action=AuditAction.LOGIN, user=user)


def user_foreign_keys():
    """Every (model, field) that points at the user model, auto-created
    many-to-many tables included: a model added later is covered as is."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        (model, field)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.get_fields()
        if field.concrete and field.is_relation and field.related_model is user_model
    ]


def rows_of(pk: int) -> dict[str, int]:
    return {
        f"{model._meta.label}.{field.name}": model._default_manager.filter(
            **{field.attname: pk}
        ).count()
        for model, field in user_foreign_keys()
    }


def data_rows_of(pk: int) -> dict[str, int]:
    """rows_of without the audit log, which records failed attempts too."""
    return {
        label: count
        for label, count in rows_of(pk).items()
        if label != "core.AuditEvent.user"
    }


def section_text(html: str, heading_id: str) -> str:
    """The words of the page's <section> titled by `heading_id`, spaces folded."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return re.sub(r"\s+", " ", html[start : html.index("</section>", start)])


# Every view needs a login -----------------------------------------------------


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "account"),
        ("post", "account-export"),
        ("get", "account-delete"),
        ("post", "account-delete"),
    ],
)
def test_account_views_send_anonymous_visitors_to_log_in(client, method, name):
    url = reverse(name)

    response = getattr(client, method)(url)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.parametrize("name", ["account-export", "account-delete"])
def test_account_actions_refuse_a_post_without_a_csrf_token(user, name, password):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(reverse(name), {"password": password, "confirm": "on"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert User.objects.filter(pk=user.pk).exists()
    assert not AuditEvent.objects.filter(
        action__in=[AuditAction.ACCOUNT_EXPORT, AuditAction.ACCOUNT_DELETE]
    ).exists()


def test_the_download_is_not_offered_on_get(recent_client):
    response = recent_client.get(reverse("account-export"))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not AuditEvent.objects.filter(action=AuditAction.ACCOUNT_EXPORT).exists()


# The account page -------------------------------------------------------------


def test_the_header_links_the_account_page(user_client):
    html = user_client.get(reverse("home")).content.decode()

    assert f'<a href="{reverse("account")}" class="account-link"' in html


def test_the_account_page_shows_the_email_consent_and_actions(user_client, user):
    consent = Consent.objects.create(
        user=user,
        notice_version=settings.PRIVACY_NOTICE_VERSION,
        accepted_at=datetime.datetime(2026, 5, 4, 9, 30, tzinfo=datetime.UTC),
    )

    response = user_client.get(reverse("account"))

    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    assert_strict_csp(response)
    html = response.content.decode()
    assert_accessible_page(html)
    assert user.email in html
    assert (
        f"version {consent.notice_version}, on "
        '<time datetime="2026-05-04T09:30:00Z" data-local-time>4 May 2026, 09:30 UTC'
        "</time>" in html
    ), "the consent's version and time, rewritten into the reader's zone by script"
    assert "UTC</time>." in html, "no space before the full stop"
    joined = user.date_joined.astimezone(datetime.UTC)
    assert f'data-local-time="date">{joined.day} {joined:%B %Y}</time>' in html, (
        "the day the account was made, in the reader's zone by script"
    )
    for name in ["account_email", "account_change_password", "account-delete"]:
        assert f'href="{reverse(name)}"' in html, name
    assert f'<form method="post" action="{reverse("account-export")}"' in html
    assert "Download my data" in html


def test_the_account_page_says_when_the_notice_changed_since_the_consent(
    user_client, user, settings
):
    Consent.objects.create(user=user, notice_version="0.9")
    settings.PRIVACY_NOTICE_VERSION = "1.4"

    html = user_client.get(reverse("account")).content.decode()

    assert "version 0.9" in html
    assert "now at version 1.4" in html


def test_the_account_page_names_the_latest_consent_or_none(user_client, user):
    assert (
        "No consent is recorded for this account."
        in user_client.get(reverse("account")).content.decode()
    )
    moment = datetime.datetime(2026, 5, 4, 9, 30, tzinfo=datetime.UTC)
    Consent.objects.create(user=user, notice_version="0.9", accepted_at=moment)
    Consent.objects.create(
        user=user, notice_version="1.1", accepted_at=moment + datetime.timedelta(1)
    )
    Consent.objects.create(user=UserFactory(), notice_version="2.0")

    html = user_client.get(reverse("account")).content.decode()

    assert "version 1.1, on" in html
    assert "version 0.9" not in html and "version 2.0" not in html
    assert '<time datetime="2026-05-05T09:30:00Z"' in html


# How the account page names each part of the JSON file (issue 18 added the
# reminders, their log and the calendar address; issue 19 the function scores
# and the report links).
EXPORT_PARTS = {
    "profile": "your profile and consents",
    "two_factor": "your two-factor settings (never their secrets)",
    "logged_in_browsers": "your logged-in browsers",
    "plan": "your plan",
    "check_ins": "check-ins",
    "sessions": "sessions",
    "quiz_attempts": "quiz attempts",
    "reminders": "your reminder settings",
    "reminder_deliveries": "the log of reminders sent",
    "calendar_feed": "whether you have a calendar address (never the address itself)",
    "function_scores": "function scores",
    "report_shares": (
        "the links you made to share your report (never the links themselves)"
    ),
    "account_events": "your entries in the security log",
}


def test_the_download_description_names_every_part_of_the_file(user_client, user):
    parts = set(services.account_export(user=user)) - {"format", "exported_at"}
    assert parts == set(EXPORT_PARTS), "a part of the file the page does not name"

    text = section_text(
        user_client.get(reverse("account")).content.decode(), "download-title"
    )

    assert [words for words in EXPORT_PARTS.values() if words not in text] == []


# Download my data -------------------------------------------------------------


def test_download_my_data_is_a_json_attachment_of_everything_the_user_has(
    recent_client, user
):
    fill_account(user, size=2)
    other = UserFactory()
    fill_account(other, size=3)

    response = recent_client.post(reverse("account-export"))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"
    assert (
        response["Content-Disposition"] == 'attachment; filename="psoasapp-data.json"'
    )
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    profile = data["profile"]
    assert profile["email"] == user.email
    assert profile["date_joined"].startswith(user.date_joined.date().isoformat())
    assert [c["privacy_notice_version"] for c in profile["consents"]] == ["1.0"]
    assert profile["email_addresses"] == [
        {"email": user.email, "verified": True, "primary": True}
    ]
    assert data["plan"] == {
        "weekly_target": 4,
        "routine": "Evening routine",
        "time_zone": settings.TIME_ZONE,
        "history_cancer": None,
        "history_steroids_or_osteoporosis": None,
        "history_under_18": None,
        "history_answered_at": None,
        "report_name": "",
        "report_shows_email": False,
        "function_snoozed_until": None,
    }
    assert [c["date"] for c in data["check_ins"]] == ["2026-03-01", "2026-03-02"]
    first = data["check_ins"][0]
    assert first["pain_score"] == 0
    assert first["notes"] == "Stiff hip, day 0 — ça va"
    assert first["side"] == "left"
    assert first["triggers"] == ["Long sitting", "Running"]
    assert first["medication"] == "Ibuprofen 200 mg"
    assert [s["mean"] for s in data["function_scores"]] == [4.0, 13 / 3]
    assert data["function_scores"][1]["ratings"][0] == {
        "activity": "Running",
        "ability": 1,
    }
    assert "token_hash" not in json.dumps(data["report_shares"])
    assert first["warning_signs"] == ["numbness or tingling in the hip or leg"]
    assert first["answers"]["numbness_or_tingling"] is True
    assert first["answers"]["cauda_equina_signs"] is False
    assert first["emergency_acknowledged_at"] is None
    assert [s["notes"] for s in data["sessions"]] == ["Session 0", "Session 1"]
    done_in_full = {
        "side": None,
        "skipped": False,
        "sets": 2,
        "reps": 10,
        "hold_seconds": None,
        "planned_sets": 2,
        "planned_reps": 10,
        "planned_hold_seconds": None,
        "pain": None,
    }
    assert data["sessions"][0]["partly_done"] is False
    assert data["sessions"][0]["exercises"] == [
        {"exercise": "Move 0", **done_in_full},
        {"exercise": "Move 1", **done_in_full},
    ]
    assert len(data["quiz_attempts"]) == 2
    attempt = data["quiz_attempts"][0]
    assert (attempt["score"], attempt["total"], attempt["passed"]) == (1, 2, False)
    assert attempt["answers"] == [
        {
            "question": "Question 1?",
            "chosen": "Walking",
            "correct_answer": "Walking",
            "is_correct": True,
        },
        {
            "question": "Question 2?",
            "chosen": None,
            "correct_answer": "Walking",
            "is_correct": False,
        },
    ]
    assert AuditAction.LOGIN in [e["action"] for e in data["account_events"]]
    # Nothing of the other user's.
    assert other.email not in response.content.decode()


def test_download_my_data_is_written_to_the_audit_log(recent_client, user):
    recent_client.post(reverse("account-export"))

    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_EXPORT)
    assert event.action == AuditAction.ACCOUNT_EXPORT
    assert event.user == user
    assert event.user_ref == str(user.pk)
    assert event.ip_address == "127.0.0.1"
    assert event.path == reverse("account-export")


@pytest.mark.parametrize("size", [1, 8])
def test_the_export_runs_a_fixed_number_of_queries(
    user, size, django_assert_num_queries
):
    fill_account(user, size=size)

    # A savepoint and its release, email addresses, consents, two-factor
    # authenticators, logged-in browsers, plan, check-ins, sessions, their
    # exercises, those exercises, reminders, the calendar address, reminder
    # deliveries, the check-ins' triggers, function scores, their ratings,
    # report links with their counts of opens (their opens are read only
    # when one was opened: none here), attempts, their answers, audit events,
    # and the audit event of this download.
    with django_assert_num_queries(22):
        data = services.account_export(user=user)

    assert len(data["check_ins"]) == len(data["sessions"]) == size
    assert len(data["function_scores"]) == len(data["report_shares"]) == size
    assert data["check_ins"][0]["triggers"] == ["Long sitting", "Running"]
    assert len(data["quiz_attempts"]) == size


# Delete my account ------------------------------------------------------------


def test_the_delete_page_asks_for_the_password_and_a_confirmation(recent_client):
    response = recent_client.get(reverse("account-delete"))

    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    assert_strict_csp(response)
    html = response.content.decode()
    assert_accessible_page(html)
    assert 'type="password" name="password"' in html
    assert 'autocomplete="current-password"' in html
    assert 'type="checkbox" name="confirm"' in html
    assert "cannot be undone" in html


# How the delete page names what goes with the account: every model with a
# foreign key to the user, bar the staff's records.
DELETED = {
    "psoasapp.User_groups": None,  # a staff role, not the person's data
    "psoasapp.User_user_permissions": None,
    "admin.LogEntry": None,  # what a staff member changed in the admin
    "core.AuditEvent": None,  # kept without the link (see below)
    "account.EmailAddress": "your email addresses",
    "psoasapp.Consent": "your consents",
    "mfa.Authenticator": "your two-factor settings",
    "usersessions.UserSession": "you are logged out everywhere",
    "journal.Plan": "your journal plan",
    "journal.CheckIn": "every check-in",
    "journal.Session": "every session",
    "quiz.Attempt": "every quiz attempt",
    "journal.Reminder": "your reminder settings",
    "journal.ReminderDelivery": "the log of reminders sent",
    "journal.CalendarFeed": "your calendar address, which stops working at once",
    "journal.FunctionScore": "every function score",
    "journal.ReportShare": (
        "every link you made to share your report, which stops working at once"
    ),
}


def test_the_delete_page_names_everything_that_goes_with_the_account(
    recent_client,
):
    labels = {model._meta.label for model, _ in user_foreign_keys()}
    assert labels == set(DELETED), "a kind of row the delete page does not name"

    html = recent_client.get(reverse("account-delete")).content.decode()
    text = re.sub(r"\s+", " ", html)

    named = [words for words in DELETED.values() if words]
    assert [words for words in named if words not in text] == []
    assert "No more reminder emails are sent" in text


def test_the_account_page_says_deletion_ends_reminders_and_the_calendar_address(
    user_client,
):
    text = section_text(
        user_client.get(reverse("account")).content.decode(), "delete-title"
    )

    assert "your quiz attempts and your reminders" in text
    assert "Reminder emails stop, and your calendar address stops working." in text


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        pytest.param(
            {"password": "not-my-password", "confirm": "on"},
            "password",
            "Incorrect password.",
            id="wrong-password",
        ),
        pytest.param(
            {"confirm": "on"}, "password", "This field is required.", id="no-password"
        ),
        pytest.param(
            {"password": "\x00", "confirm": "on"},
            "password",
            "Null characters are not allowed.",
            id="nul-byte",
        ),
        pytest.param(
            {"password": "x" * 100_000, "confirm": "on"},
            "password",
            "Incorrect password.",
            id="huge-password",
        ),
        pytest.param(
            {"password": "RIGHT"},
            "confirm",
            "Tick this box to confirm",
            id="not-confirmed",
        ),
    ],
)
def test_delete_refused_shows_an_error_next_to_the_field_and_deletes_nothing(
    recent_client, user, password, data, field, message
):
    fill_account(user, size=1)
    if data.get("password") == "RIGHT":
        data = {**data, "password": password}
    before = data_rows_of(user.pk)

    response = recent_client.post(reverse("account-delete"), data)

    assert response.status_code == HTTPStatus.OK
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in errors[field][0]
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert 'aria-invalid="true"' in html
    assert_accessible_page(html)
    assert User.objects.filter(pk=user.pk).exists()
    assert data_rows_of(user.pk) == before
    assert not AuditEvent.objects.filter(action=AuditAction.ACCOUNT_DELETE).exists()
    assert recent_client.get(reverse("account")).status_code == HTTPStatus.OK


def test_repeated_wrong_passwords_lock_the_delete_form_too(
    recent_client, user, password
):
    for _ in range(5):
        recent_client.post(
            reverse("account-delete"), {"password": "guess", "confirm": "on"}
        )

    response = recent_client.post(
        reverse("account-delete"), {"password": password, "confirm": "on"}
    )

    assert response.status_code == HTTPStatus.OK
    assert "Too many failed login attempts" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_my_account_deletes_every_row_of_the_user_and_nothing_else(
    recent_client, user, password
):
    fill_account(user, size=3)
    recent_client.post(reverse("account-export"))  # an audit event to keep
    other = UserFactory()
    fill_account(other, size=2)
    pk = user.pk
    mine = {
        "session exercises": list(
            SessionExercise.objects.filter(session__user=user).values_list(
                "pk", flat=True
            )
        ),
        "answers": list(
            AttemptAnswer.objects.filter(attempt__user=user).values_list(
                "pk", flat=True
            )
        ),
    }
    before = rows_of(pk)
    others_before = rows_of(other.pk)
    # The sweep sees the tables it must: each holds something of the user's.
    for label in [
        "psoasapp.Consent.user",
        "core.AuditEvent.user",
        "psoasapp.User_groups.user",
        "journal.Plan.user",
        "journal.CheckIn.user",
        "journal.Session.user",
        "quiz.Attempt.user",
        "account.EmailAddress.user",
        "admin.LogEntry.user",
    ]:
        assert before[label] > 0, label

    response = recent_client.post(
        reverse("account-delete"), {"password": password, "confirm": "on"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=pk).exists()
    assert rows_of(pk) == dict.fromkeys(before, 0)
    assert not SessionExercise.objects.filter(pk__in=mine["session exercises"])
    assert not AttemptAnswer.objects.filter(pk__in=mine["answers"])
    assert not EmailAddress.objects.filter(email=user.email).exists()
    # The other user keeps everything.
    assert rows_of(other.pk) == others_before
    assert CheckIn.objects.filter(user=other).count() == 2
    assert Session.objects.filter(user=other).count() == 2


def test_delete_my_account_keeps_its_audit_events_without_the_link(
    recent_client, user, password
):
    pk = user.pk
    recent_client.post(reverse("account-export"))

    recent_client.post(
        reverse("account-delete"), {"password": password, "confirm": "on"}
    )

    events = {event.action: event for event in AuditEvent.objects.all()}
    assert {AuditAction.ACCOUNT_EXPORT, AuditAction.ACCOUNT_DELETE} <= set(events)
    assert not AuditEvent.objects.filter(user_ref=str(pk), user__isnull=False)
    deletion = events[AuditAction.ACCOUNT_DELETE]
    assert deletion.user is None
    assert deletion.user_ref == str(pk)
    assert deletion.ip_address == "127.0.0.1"
    assert deletion.path == reverse("account-delete")
    assert events[AuditAction.ACCOUNT_EXPORT].user is None
    assert events[AuditAction.ACCOUNT_EXPORT].user_ref == str(pk)


def test_delete_my_account_logs_out_and_says_so(recent_client, user, password):
    response = recent_client.post(
        reverse("account-delete"),
        {"password": password, "confirm": "on"},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("home"), HTTPStatus.FOUND)]
    assert DELETE_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in recent_client.session
    assert not response.context["user"].is_authenticated


def test_delete_my_account_ends_its_sessions_in_other_browsers(user, password):
    here, elsewhere = Client(), Client()
    log_in_recently(here, user)
    elsewhere.force_login(user)
    assert elsewhere.get(reverse("account")).status_code == HTTPStatus.OK

    here.post(reverse("account-delete"), {"password": password, "confirm": "on"})

    response = elsewhere.get(reverse("account"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))
    home = elsewhere.get(reverse("home"))
    assert not home.context["user"].is_authenticated
    assert user.email not in home.content.decode()


def test_an_account_without_an_email_address_row_can_be_deleted(client, password):
    # Accounts made with createsuperuser have no allauth EmailAddress row.
    user = UserFactory(verified=False)
    pk = user.pk
    log_in_recently(client, user)

    response = client.post(
        reverse("account-delete"), {"password": password, "confirm": "on"}
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert not User.objects.filter(pk=pk).exists()


# A superuser deleting an account in the admin ---------------------------------


def test_a_superuser_deletes_an_account_in_the_admin_like_its_owner(
    superuser_client, superuser
):
    member = UserFactory()
    fill_account(member, size=3)
    url = reverse("admin:psoasapp_user_delete", args=[member.pk])

    confirmation = superuser_client.get(url)
    response = superuser_client.post(url, {"post": "yes"})

    assert confirmation.status_code == HTTPStatus.OK
    page = confirmation.content.decode()
    # Counts of what goes, never the health data itself.
    assert "<li>Check ins: 3</li>" in page
    assert "<li>Session exercises: 6</li>" in page
    assert "Stiff hip" not in page and "Session 0" not in page
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:psoasapp_user_changelist")
    assert not any(rows_of(member.pk).values())
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_DELETE)
    assert event.user_ref == str(member.pk)
    assert event.detail == f"deleted by account #{superuser.pk}"
    # The superuser stays logged in.
    assert superuser_client.get(reverse("admin:index")).context["user"] == superuser


def test_the_data_download_writes_the_effort_in_words(recent_client, user):
    SessionFactory(user=user, effort="right")

    data = recent_client.post(reverse("account-export")).json()

    assert data["sessions"][0]["effort"] == "About right"
