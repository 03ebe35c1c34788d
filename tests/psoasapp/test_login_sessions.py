"""Sessions: a new key at login, a configurable lifetime, and a password change
that logs out every other session."""

import datetime
from http import HTTPStatus

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import run_python

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-new-and-long-passphrase-42"


def _session_key(client) -> str | None:
    cookie = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else None


def _log_in(client, user, password, **extra):
    return client.post(
        reverse("account_login"), {"login": user.email, "password": password, **extra}
    )


def _is_logged_in_as(client, user) -> bool:
    response = client.get(reverse("journal:dashboard"))
    return response.status_code == HTTPStatus.OK and response.context["user"] == user


def test_logging_in_gives_a_new_session_key(client, user, password):
    """A key planted before login (session fixation) is worthless after it."""
    session = client.session
    session["before-login"] = True
    session.save()
    planted = _session_key(client)
    assert planted

    response = _log_in(client, user, password)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("home")
    assert _session_key(client) not in {None, planted}
    assert not Session.objects.filter(session_key=planted).exists()
    assert _is_logged_in_as(client, user)
    attacker = Client()
    attacker.cookies[django_settings.SESSION_COOKIE_NAME] = planted
    refused = attacker.get(reverse("journal:dashboard"))
    assert refused.status_code == HTTPStatus.FOUND
    assert refused["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("remember", [True, False])
def test_a_login_lasts_session_cookie_age(client, user, password, settings, remember):
    settings.SESSION_COOKIE_AGE = 600
    extra = {"remember": "on"} if remember else {}

    _log_in(client, user, password, **extra)

    stored = Session.objects.get(session_key=_session_key(client))
    expected = timezone.now() + datetime.timedelta(seconds=600)
    assert abs(stored.expire_date - expected) < datetime.timedelta(seconds=30)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
    # "Remember me" keeps the cookie across browser restarts, for the same age.
    assert cookie["max-age"] == (600 if remember else "")


def test_an_expired_login_asks_to_log_in_again(client, user, password):
    _log_in(client, user, password)
    Session.objects.filter(session_key=_session_key(client)).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    response = client.get(reverse("journal:dashboard"))

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("value", "expected"), [(None, 14 * 24 * 3600), ("3600", 3600)]
)
def test_session_cookie_age_comes_from_the_environment(production_env, value, expected):
    env = dict(production_env)
    if value is not None:
        env["DJANGO_SESSION_COOKIE_AGE"] = value
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.SESSION_COOKIE_AGE)"
    )

    result = run_python(code, env)

    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) == expected


def test_a_password_change_logs_out_every_other_session(user, password):
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        logged_in = _log_in(client, user, password)
        assert logged_in.status_code == HTTPStatus.FOUND
        assert logged_in["Location"] == reverse("home")
        assert _is_logged_in_as(client, user)

    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    assert "has been logged out" in response.content.decode()
    assert _is_logged_in_as(here, user)
    refused = elsewhere.get(reverse("journal:dashboard"))
    assert refused.status_code == HTTPStatus.FOUND
    assert refused["Location"].startswith(reverse("account_login"))
