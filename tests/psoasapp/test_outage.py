"""When the database is unavailable: pages answer 503 with Retry-After and a
calm page; a journal or quiz form whose save fails comes back with everything
typed and a message to save again; other faults stay 500 (issue 16, "Outages
are explained, input is kept")."""

import re
import socket
import sqlite3
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus

import psycopg
import pytest
from django.db import (
    DatabaseError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    connections,
)
from django.db.utils import load_backend
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

import journal.services
import quiz.selectors
import quiz.services
from core import outage
from journal.models import CheckIn, Plan, Session
from quiz.models import Attempt, Quiz
from tests.factories import CheckInFactory
from tests.html import assert_accessible_page
from tests.quiz.conftest import choice_ids

pytestmark = pytest.mark.django_db

CALM = "The site is having trouble right now"
NOTHING_LOST = "Nothing you had saved has been lost"
TYPED = "Stiff after the long drive, then easier by lunch"


def unavailable(*args, **kwargs):
    raise OperationalError("database or disk is full")


@pytest.fixture
def refused_database():
    """The site's database ("default") refuses every connection."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    config = connections.configure_settings(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "psoasapp",
                "USER": "psoasapp",
                "HOST": "127.0.0.1",
                "PORT": port,
            }
        }
    )["default"]
    refused = load_backend(config["ENGINE"]).DatabaseWrapper(config, "default")
    kept = connections["default"]
    connections["default"] = refused
    yield
    refused.close()
    connections["default"] = kept


def assert_outage_page(response) -> str:
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert CALM in html
    assert NOTHING_LOST in html
    assert "try again in a minute" in html
    assert "no-store" in response["Cache-Control"]
    assert "Something went wrong" not in html
    assert_accessible_page(html)
    return html


@pytest.mark.parametrize(
    "url",
    [
        reverse("quiz:quiz-list"),
        reverse("exercises:routine-list"),
        reverse("journal:dashboard"),
        reverse("journal:check-in-list"),
    ],
)
def test_pages_answer_503_and_a_calm_page_when_the_database_refuses(
    user_client, refused_database, url
):
    """Logged in: even finding out who is asking needs the database."""
    html = assert_outage_page(user_client.get(url))

    # The page itself asked the database for nothing: no user menu.
    assert "Log out" not in html
    assert "Log in" not in html


def test_a_post_that_meets_a_refused_database_answers_the_outage_page(
    user_client, refused_database
):
    response = user_client.post(reverse("journal:check-in"), {"notes": TYPED})

    assert_outage_page(response)


class FailingMiddleware:
    """Stands for a fault outside the views (a session that cannot be saved)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("could not write the session")


def test_a_fault_outside_the_views_answers_the_outage_page_too(client, settings):
    settings.MIDDLEWARE = [
        f"{__name__}.FailingMiddleware",
        *settings.MIDDLEWARE,
    ]
    client.raise_request_exception = False

    response = client.get(reverse("quiz:quiz-list"))

    assert_outage_page(response)


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("duplicate key value violates unique constraint"),
        ProgrammingError('relation "quiz_quiz" does not exist'),
        RuntimeError("a bug"),
    ],
)
def test_other_faults_stay_500(client, monkeypatch, error):
    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(quiz.selectors, "quizzes_listed", broken)
    client.raise_request_exception = False

    response = client.get(reverse("quiz:quiz-list"))

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Retry-After" not in response
    html = response.content.decode()
    assert "Something went wrong" in html
    assert CALM not in html


def _sqlite_error(sql: str, *, read_only: bool = False) -> sqlite3.Error:
    database = sqlite3.connect(
        "file::memory:?mode=ro" if read_only else ":memory:", uri=True
    )
    try:
        database.execute(sql)
    except sqlite3.Error as error:
        return error
    finally:
        database.close()
    raise AssertionError(f"{sql} did not fail")


def _wrapped(django_class: type[DatabaseError], cause: BaseException):
    """As Django's DatabaseErrorWrapper raises a driver's error."""
    error = django_class(*cause.args)
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "is_outage"),
    [
        # No code: a connection that could not be made.
        (OperationalError("connection refused"), True),
        (InterfaceError("connection already closed"), True),
        (
            _wrapped(OperationalError, psycopg.errors.QueryCanceled("timeout")),
            True,
        ),
        (_wrapped(OperationalError, psycopg.errors.DiskFull("full")), True),
        (
            _wrapped(
                DatabaseError,
                psycopg.errors.ReadOnlySqlTransaction("read-only transaction"),
            ),
            True,
        ),
        (
            _wrapped(ProgrammingError, psycopg.errors.UndefinedTable("no table")),
            False,
        ),
        (
            _wrapped(IntegrityError, psycopg.errors.UniqueViolation("duplicate")),
            False,
        ),
        (
            _wrapped(
                OperationalError,
                _sqlite_error("CREATE TABLE t (x)", read_only=True),
            ),
            True,
        ),
        (_wrapped(OperationalError, _sqlite_error("SELECT * FROM nowhere")), False),
        (RuntimeError("a bug"), False),
    ],
)
def test_only_faults_of_the_databases_availability_count_as_an_outage(error, is_outage):
    assert outage.is_outage(error) is is_outage


# Each journal and quiz form: its page, what a person typed, the service its
# save goes through, and how to tell that nothing was stored.


def _values(client, url: str) -> dict[str, str]:
    """The form on the page as a browser sends it untouched."""
    form = client.get(url).context["form"]
    return {
        name: str(form[name].value())
        for name in form.fields
        if form[name].value() is not None
    }


@dataclass
class Case:
    module: object
    service: str
    # (client, user) -> (url, data, typed: what must be on the page again,
    # stored: whether anything was stored)
    prepare: Callable


def _check_in_new(client, user):
    url = reverse("journal:check-in")
    today = timezone.now().date()
    data = {"date": today.isoformat(), "pain_score": "6", "notes": TYPED}
    typed = [TYPED, f'value="{today.isoformat()}"', r'value="6"[^>]*checked']
    return url, data, typed, lambda: CheckIn.objects.filter(user=user).exists()


def _check_in_edit(client, user):
    entry = CheckInFactory(user=user, pain_score=2, notes="Before.")
    url = reverse("journal:check-in-edit", args=[entry.pk])
    data = {"date": entry.date.isoformat(), "pain_score": "7", "notes": TYPED}

    def stored():
        entry.refresh_from_db()
        return (entry.pain_score, entry.notes) != (2, "Before.")

    return url, data, [TYPED, r'value="7"[^>]*checked'], stored


def _session_data(client, url):
    data = _values(client, url)
    return {
        **data,
        "pain_during": "3",
        "effort": "hard",
        "duration_minutes": "25",
        "notes": TYPED,
    }


def _session_new(client, user):
    url = reverse("journal:session-new")
    data = _session_data(client, url)
    typed = [TYPED, 'value="25"', r'value="3"[^>]*checked']
    return url, data, typed, lambda: Session.objects.filter(user=user).exists()


def _player(client, user):
    url = reverse("journal:session", args=["iliopsoas-relief"])
    data = _session_data(client, url)
    typed = [TYPED, 'value="25"', r'value="3"[^>]*checked']
    return url, data, typed, lambda: Session.objects.filter(user=user).exists()


def _session_edit(client, user):
    player = reverse("journal:session", args=["iliopsoas-relief"])
    data = _session_data(client, player)
    client.post(player, {**data, "notes": "Before."})
    session = Session.objects.get(user=user)
    url = reverse("journal:session-edit", args=[session.pk])
    data = {**_values(client, url), "duration_minutes": "40", "notes": TYPED}

    def stored():
        session.refresh_from_db()
        return (session.notes, session.duration_minutes) != ("Before.", 25)

    return url, data, [TYPED, 'value="40"'], stored


def _plan(client, user):
    url = reverse("journal:plan")
    data = {**_values(client, url), "weekly_target": "6", "time_zone": "Asia/Tokyo"}
    typed = ['value="6"', r'value="Asia/Tokyo"[^>]*selected']
    return url, data, typed, lambda: Plan.objects.filter(user=user).exists()


def _quiz(client, user):
    quiz = Quiz.objects.get(slug="iliopsoas-pain")
    chosen = choice_ids(quiz, "dabca")
    data = {"token": str(uuid.uuid4()), **chosen}
    typed = [rf'value="{choice}"[^>]*checked' for choice in chosen.values()]
    return (
        quiz.get_absolute_url(),
        data,
        typed,
        lambda: Attempt.objects.filter(user=user).exists(),
    )


CASES = {
    "check-in": Case(journal.services, "check_in_record", _check_in_new),
    "check-in-edit": Case(journal.services, "check_in_update", _check_in_edit),
    "session-new": Case(journal.services, "session_record", _session_new),
    "session-player": Case(journal.services, "session_record", _player),
    "session-edit": Case(journal.services, "session_update", _session_edit),
    "plan": Case(journal.services, "plan_update", _plan),
    "quiz": Case(quiz.services, "attempt_submit", _quiz),
}


@pytest.mark.parametrize("name", CASES)
def test_a_form_whose_save_fails_comes_back_with_everything_typed(
    user_client, user, monkeypatch, name
):
    case = CASES[name]
    url, data, typed, stored = case.prepare(user_client, user)
    monkeypatch.setattr(case.module, case.service, unavailable)

    response = user_client.post(url, data)

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    message = outage.UNSAVED_CHOICES if name == "quiz" else outage.UNSAVED
    assert escape(message) in html
    for value in typed:
        assert re.search(value if "[" in value else re.escape(value), html), value
    assert CALM not in html  # the form itself, not the outage page
    assert not stored()
    assert_accessible_page(html)


def test_the_form_sent_again_once_the_database_is_back_is_saved(
    user_client, user, monkeypatch
):
    url, data, _, _ = _check_in_new(user_client, user)
    with monkeypatch.context() as patched:
        patched.setattr(journal.services, "check_in_record", unavailable)
        user_client.post(url, data)

    response = user_client.post(url, data)

    entry = CheckIn.objects.get(user=user)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == entry.get_absolute_url()
    assert entry.notes == TYPED
