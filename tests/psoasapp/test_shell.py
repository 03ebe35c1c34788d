"""The page shell's fixed parts, rendered once per process
(psoasapp/templatetags/shell.py): what depends on the page, the person, the
request's token, the script prefix or the settings is never taken from another
request's copy."""

import re
from http import HTTPStatus

import pytest
from django.db import OperationalError
from django.template import Context, Template
from django.test import Client
from django.urls import reverse, set_script_prefix

import quiz.selectors
from psoasapp.templatetags import shell
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CURRENT = re.compile(r'<a href="([^"]+)" aria-current="page">')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_the_menu_marks_the_page_it_is_on(client):
    pages = {
        reverse("home"): reverse("home"),
        reverse("exercises:guide"): reverse("exercises:guide"),
        reverse("exercises:exercise-list"): reverse("exercises:exercise-list"),
        reverse("exercises:routine-list"): reverse("exercises:routine-list"),
        reverse("quiz:quiz-list"): reverse("quiz:quiz-list"),
        reverse("privacy"): None,
    }
    for _ in range(2):
        for url, current in pages.items():
            marked = CURRENT.findall(html_of(client, url))
            assert marked == ([current] if current else []), url


def test_each_person_sees_their_own_menu_and_token():
    people = [UserFactory(email=f"reader{n}@example.com") for n in range(2)]
    clients = []
    for person in people:
        client = Client()
        client.force_login(person)
        clients.append(client)
    visitor = Client()

    for _ in range(2):
        for person, client in zip(people, clients, strict=True):
            html = html_of(client, reverse("home"))
            assert person.email in html
            assert all(other.email not in html for other in people if other != person)
            assert "Sign up" not in html
        html = html_of(visitor, reverse("home"))
        assert "Sign up" in html and "Log out" not in html
        assert all(person.email not in html for person in people)

    # Each page's logout form carries a token of its own browser: it logs
    # that browser out, and no other.
    for client in clients:
        token = TOKEN.search(html_of(client, reverse("home")))[1]
        response = client.post(
            reverse("account_logout"), {"csrfmiddlewaretoken": token}
        )
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == reverse("home")


def test_the_account_link_is_current_on_the_account_page_only(user_client):
    account = reverse("account")
    assert f'href="{account}" class="account-link"' in html_of(
        user_client, reverse("home")
    )
    assert 'class="account-link" title=' in html_of(user_client, reverse("home"))
    assert re.search(
        r'class="account-link" title="[^"]+" aria-current="page"',
        html_of(user_client, account),
    )
    assert not re.search(
        r'class="account-link" title="[^"]+" aria-current="page"',
        html_of(user_client, reverse("home")),
    )


def test_the_shell_follows_the_script_prefix(client):
    # The test client leaves the script prefix alone; a WSGI server sets it
    # from SCRIPT_NAME on every request.
    plain = html_of(client, reverse("privacy"))
    set_script_prefix("/psoas/")
    try:
        prefixed = html_of(client, "/privacy/")
    finally:
        set_script_prefix("/")

    assert 'href="/psoas/guide/"' in prefixed
    assert 'href="/psoas/privacy/"' in prefixed
    assert 'href="/guide/"' not in prefixed
    assert html_of(client, reverse("privacy")) == plain


def test_a_changed_setting_renders_the_shell_again(client, settings):
    html_of(client, reverse("home"))

    settings.PRIVACY_NOTICE_VERSION = "9.9"
    settings.STATIC_URL = "/assets/"

    assert 'href="/assets/psoasapp/css/site.css"' in html_of(client, reverse("home"))
    assert "Version 9.9," in html_of(client, reverse("privacy"))


def test_error_pages_keep_a_footer_of_their_own(client, monkeypatch):
    seek_help = reverse(
        "exercises:guide-section", args=["when-to-seek-medical-attention"]
    )
    link = f'<a href="{seek_help}">when to seek medical attention</a>'
    assert link in html_of(client, reverse("home"))

    def unavailable(*args, **kwargs):
        raise OperationalError("database or disk is full")

    # The outage page is rendered without the request (no context processor):
    # no link.
    monkeypatch.setattr(quiz.selectors, "quizzes_listed", unavailable)
    down = client.get(reverse("quiz:quiz-list"))
    assert down.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert "when to seek medical attention</a>" not in down.content.decode()
    assert link in html_of(client, reverse("home"))


def test_once_keys_on_the_values_given_and_nothing_else():
    template = Template(
        "{% load shell %}{% once which %}{{ which }} {{ other }}{% endonce %}"
    )

    assert template.render(Context({"which": "a", "other": 1})) == "a 1"
    assert template.render(Context({"which": "b", "other": 2})) == "b 2"
    # What is not among the values is the first copy's: only fixed content
    # belongs inside.
    assert template.render(Context({"which": "a", "other": 3})) == "a 1"

    shell.forget()
    assert template.render(Context({"which": "a", "other": 3})) == "a 3"
