"""Security and caching headers on every HTML page, as production serves them
(DEBUG off; requests over HTTPS, as the TLS proxy forwards them)."""

import json
import re
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import run_python
from tests.factories import UserFactory
from tests.psoasapp.test_site import assert_strict_csp

from . import sweep

ONE_YEAR = 365 * 24 * 3600


def header_problems(response) -> list[str]:
    headers = response.headers
    problems = []
    try:
        assert_strict_csp(response)
    except AssertionError as error:
        problems.append(f"CSP: {error}")
    hsts = headers.get("Strict-Transport-Security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    if not (max_age and int(max_age[1]) >= ONE_YEAR and "includeSubDomains" in hsts):
        problems.append(f"HSTS: {hsts!r}")
    expected = {
        "X-Content-Type-Options": {"nosniff"},
        "Referrer-Policy": {"same-origin", "no-referrer", "strict-origin"},
        "Cross-Origin-Opener-Policy": {"same-origin"},
        "X-Frame-Options": {"DENY"},
    }
    for name, allowed in expected.items():
        if headers.get(name) not in allowed:
            problems.append(f"{name}: {headers.get(name)!r}")
    return problems


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def _is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "member", "superuser"])
def test_every_html_response_carries_the_security_headers(who):
    owner = UserFactory(is_staff=who == "superuser", is_superuser=who == "superuser")
    world = sweep.make_world(owner=owner)
    client = Client()
    if who != "anonymous":
        client.force_login(world.owner)
    problems = {}
    html_pages = 0
    for route, url in sweep.built_routes(world):
        response = client.get(url, secure=True)
        if not _is_html(response):
            continue
        html_pages += 1
        if found := header_problems(response):
            problems[f"{url} ({route.label}) {response.status_code}"] = found
        if who != "anonymous" and not _no_store(response):
            problems[f"{url} ({route.label})"] = ["a logged-in page without no-store"]

    assert problems == {}
    assert html_pages > 30


PRIVATE_PAGES = [
    "journal:dashboard",
    "journal:check-in",
    "journal:check-in-list",
    "journal:session-list",
    "journal:report",
    "journal:plan",
    "quiz:attempt-list",
    "account",
    "account_email",
    "account_change_password",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_journal_quiz_result_and_account_pages_are_never_stored(user_client, name):
    response = user_client.get(reverse(name), secure=True)

    assert response.status_code == HTTPStatus.OK
    assert _no_store(response)
    assert (
        "private" in response["Cache-Control"]
        or "max-age=0" in (response["Cache-Control"])
    )


@pytest.mark.django_db
def test_the_csv_export_and_a_saved_quiz_result_are_never_stored(client):
    world = sweep.make_world()
    client.force_login(world.owner)

    export = client.get(reverse("journal:export"), secure=True)
    result = client.get(world.attempt.get_absolute_url(), secure=True)

    assert export.status_code == result.status_code == HTTPStatus.OK
    assert _no_store(export)
    assert _no_store(result)


@pytest.mark.django_db
def test_a_visitors_quiz_result_is_never_stored(client):
    from quiz.models import Quiz

    quiz = Quiz.objects.published().first()

    response = client.post(
        quiz.get_absolute_url(),
        {
            "token": "8d0e4f5e-3b1c-4e7a-9f2d-0a1b2c3d4e5f",
            # Every question left unanswered, and confirmed (issue 15).
            "confirm_unanswered": str(quiz.questions.count()),
        },
    )

    assert response.status_code == HTTPStatus.OK
    assert "Score" in response.content.decode()
    assert _no_store(response)


ACCOUNT_PAGES_FOR_VISITORS = [
    "account_login",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_email_verification_sent",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ACCOUNT_PAGES_FOR_VISITORS)
def test_allauths_pages_for_visitors_are_never_stored(client, name):
    response = client.get(reverse(name), secure=True)

    assert response.status_code == HTTPStatus.OK
    assert _no_store(response)
    assert header_problems(response) == []


@pytest.mark.django_db
def test_public_content_stays_cacheable_for_visitors(client):
    """The no-store rule is for personal pages: the guide is not one."""
    response = client.get(reverse("exercises:guide"), secure=True)

    assert response.status_code == HTTPStatus.OK
    assert not _no_store(response)


PROBE = """
import django, json
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)
from django.test import Client
from django.urls import reverse
client = Client(headers={"host": "psoasapp.example.org"})
out = {}
for name in ("home", "account_login", "exercises:guide"):
    r = client.get(reverse(name), secure=True)
    out[name] = {"status": r.status_code, **dict(r.headers)}
out["insecure"] = {"status": client.get(reverse("exercises:guide")).status_code}
print(json.dumps(out))
"""


def test_production_settings_send_the_headers(production_env, tmp_path):
    """The test settings are production's with a few speed-ups; this checks the
    real production environment too, in a fresh interpreter."""
    # Production serves static files by their hashed names, from a manifest
    # that collectstatic writes: into this test's own folder.
    env = {**production_env, "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    result = run_python(PROBE, env, timeout=120)

    assert result.returncode == 0, result.stderr
    pages = json.loads(result.stdout.strip().splitlines()[-1])
    assert pages.pop("insecure")["status"] == HTTPStatus.MOVED_PERMANENTLY
    for name, headers in pages.items():
        assert headers["status"] == HTTPStatus.OK, name
        assert (
            "max-age=31536000; includeSubDomains"
            in (headers["Strict-Transport-Security"])
        )
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "no-store" in pages["account_login"]["Cache-Control"]
