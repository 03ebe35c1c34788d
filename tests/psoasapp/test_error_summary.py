"""Issue 12, case 7: every form's failed submit shows the error summary at the
top of the page, each error linking to a field that is on the page."""

import re
import uuid
from collections.abc import Callable
from http import HTTPStatus

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from quiz.models import Quiz
from tests.auth import confirm_password
from tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'<div class="error-summary".*?</div>', re.S)
HREF = re.compile(r'href="#([^"]+)"')
CONTROL_ID = re.compile(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"')


def _check_in(client, user):
    return client.post(reverse("journal:check-in"), {"token": str(uuid.uuid4())})


def _check_in_edit(client, user):
    entry = CheckInFactory(user=user)
    url = reverse("journal:check-in-edit", args=[entry.pk])
    return client.post(url, {"date": "", "pain_score": "11"})


def _plan(client, user):
    return client.post(reverse("journal:plan"), {"weekly_target": "0"})


def _report(client, user):
    return client.get(reverse("journal:report"), {"start": "x", "end": "1999-01-01"})


def _account_delete(client, user):
    confirm_password(client)  # the deletion asks for it first (tests/auth.py)
    return client.post(reverse("account-delete"), {})


def _password_change(client, user):
    return client.post(reverse("account_change_password"), {})


def _email_add(client, user):
    return client.post(reverse("account_email"), {"action_add": "", "email": "x@"})


def _quiz(client, user):
    quiz = Quiz.objects.get(slug="iliopsoas-pain")
    question = quiz.questions.first()
    return client.post(
        quiz.get_absolute_url(), {"token": str(uuid.uuid4()), f"q{question.pk}": "0"}
    )


def _signup(client, user):
    client.logout()
    return client.post(reverse("account_signup"), {})


def _login(client, user):
    client.logout()
    return client.post(reverse("account_login"), {})


def _password_reset(client, user):
    client.logout()
    return client.post(reverse("account_reset_password"), {})


def _password_reset_from_key(client, user):
    client.logout()
    url = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    form_url = client.get(url)["Location"]  # allauth keeps the key in the session
    return client.post(form_url, {"password1": "", "password2": "x"})


@pytest.mark.parametrize(
    "submit",
    [
        _check_in,
        _check_in_edit,
        _plan,
        _report,
        _account_delete,
        _password_change,
        _email_add,
        _quiz,
        _signup,
        _login,
        _password_reset,
        _password_reset_from_key,
    ],
    ids=lambda submit: submit.__name__.strip("_"),
)
def test_a_failed_submit_shows_the_error_summary_first_with_links_to_fields(
    user_client, user, submit: Callable
):
    response = submit(user_client, user)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    main = html[html.index("<main") :]
    summaries = SUMMARY.findall(main)
    assert len(summaries) == 1, "one summary"
    # At the top: before the page's heading and its form.
    assert main.index('class="error-summary"') < main.index("<h1")
    links = HREF.findall(summaries[0])
    assert links, summaries[0]
    ids = set(CONTROL_ID.findall(html))
    assert set(links) <= ids, (links, ids)
