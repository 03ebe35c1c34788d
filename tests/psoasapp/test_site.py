import json
import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import path, reverse

from psoasapp import urls as project_urls
from tests.conftest import run_python
from tests.html import assert_accessible_page

ANONYMOUS_PAGES = [
    "home",
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]
LOGGED_IN_PAGES = ["home", "account_email", "account_change_password", "account_logout"]


def _directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict_csp(response) -> None:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    policy = _directives(header)
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["script-src"][0] == "'self'"
    assert all(
        source == "'self'" or source.startswith("'nonce-")
        for source in policy["script-src"]
    ), policy["script-src"]
    assert policy["style-src"] == ["'self'"]
    assert "unsafe" not in header


@pytest.mark.django_db
def test_home_page_introduces_the_app_and_invites_sign_up(client):
    response = client.get(reverse("home"))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "iliopsoas" in html
    assert reverse("account_signup") in html
    assert "not medical advice" in html
    assert 'href="#main"' in html  # skip link
    assert 'role="status"' in html  # announced message area


@pytest.mark.django_db
def test_home_page_shows_the_account_menu_when_logged_in(user_client, user):
    html = user_client.get(reverse("home")).content.decode()

    assert user.email in html
    assert f'action="{reverse("account_logout")}"' in html
    assert reverse("account_signup") not in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_pages_have_a_strict_csp_and_accessible_markup(client, name):
    response = client.get(reverse(name))

    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/html")
    assert_strict_csp(response)
    assert_accessible_page(response.content.decode())


@pytest.mark.django_db
@pytest.mark.parametrize("name", LOGGED_IN_PAGES)
def test_logged_in_pages_have_a_strict_csp_and_accessible_markup(user_client, name):
    response = user_client.get(reverse(name))

    assert response.status_code == HTTPStatus.OK
    assert_strict_csp(response)
    assert_accessible_page(response.content.decode())


@pytest.mark.django_db
def test_form_errors_keep_the_page_accessible(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})

    assert response.status_code == HTTPStatus.OK
    assert_strict_csp(response)
    assert_accessible_page(response.content.decode())


@pytest.mark.django_db
def test_admin_pages_have_a_strict_csp(superuser_client):
    response = superuser_client.get(reverse("admin:index"))

    assert response.status_code == HTTPStatus.OK
    assert_strict_csp(response)


@pytest.mark.django_db
def test_unknown_page_gets_the_styled_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == HTTPStatus.NOT_FOUND
    html = response.content.decode()
    assert "Page not found" in html
    assert reverse("home") in html
    assert_strict_csp(response)
    assert_accessible_page(html)


def _boom(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]


@pytest.mark.django_db
@pytest.mark.urls("tests.psoasapp.test_site")
def test_server_error_shows_the_styled_500_without_a_traceback(client):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    html = response.content.decode()
    assert "Something went wrong" in html
    assert "secret internals" not in html
    assert "Traceback" not in html


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client, settings):
    settings.HEALTHZ_MIN_FREE_MB = 1  # tests/psoasapp/test_healthz.py checks it

    response = client.get(reverse("healthz"))

    assert response.status_code == HTTPStatus.OK
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "write": "ok",
        "disk": "ok",
    }
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param("postgres://postgres@127.0.0.1:1/psoasapp", id="postgres-down"),
        pytest.param("sqlite:////nonexistent-dir/db.sqlite3", id="sqlite-unreachable"),
    ],
)
def test_healthz_answers_503_when_the_database_is_unreachable(
    production_env, database_url
):
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz', headers={'host': 'psoasapp.example.org'},"
        " secure=True);"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    result = run_python(
        code,
        {**production_env, "DATABASE_URL": database_url, "HEALTHZ_MIN_FREE_MB": "1"},
    )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {
        "status": HTTPStatus.SERVICE_UNAVAILABLE,
        "body": {
            "status": "error",
            "database": "unavailable",
            "write": "not checked",
            "disk": "ok",
        },
    }


def test_every_stylesheet_closes_each_block_it_opens():
    """A rule left inside an unclosed @media block applies only there (a merge
    once put the header's rules inside a phone-only block)."""
    sheets = [
        sheet
        for app in ("psoasapp", "journal", "exercises", "quiz")
        for sheet in (settings.BASE_DIR / app / "static").rglob("*.css")
    ]
    assert sheets
    for sheet in sheets:
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        depth = 0
        for char in text:
            depth += {"{": 1, "}": -1}.get(char, 0)
            assert depth >= 0, f"{sheet.name}: a '}}' closes nothing"
        assert depth == 0, f"{sheet.name}: {depth} block(s) left open"
