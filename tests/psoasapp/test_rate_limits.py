"""allauth's rate limits count in the shared cache, so they hold across server
processes: two gunicorn processes on the test database, requests alternating
between them."""

import os
import socket
import string
import subprocess
import sys
import time
from collections.abc import Iterator
from http import HTTPStatus
from pathlib import Path

import pytest
import requests
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils.crypto import get_random_string

from tests.conftest import REPO_ROOT
from tests.factories import UserFactory

GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    """The test database, as a URL the server processes can open."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_until_up(url: str, server: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.stderr.read()}")
        try:
            if requests.get(f"{url}/healthz", timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer at {url} within {timeout} s")


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker) -> Iterator[list[str]]:
    """Two single-worker gunicorn processes sharing the test database (and so
    its cache table, or Redis when REDIS_URL is set)."""
    with django_db_blocker.unblock():
        database_url = _database_url()
    env = {
        **{k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}},
        "DJANGO_SETTINGS_MODULE": "psoasapp.settings_test",
        "DATABASE_URL": database_url,
        "DJANGO_CONN_MAX_AGE": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    if os.environ.get("REDIS_URL"):
        env["REDIS_URL"] = os.environ["REDIS_URL"]
    processes, urls = [], []
    try:
        for _ in range(2):
            port = _free_port()
            process = subprocess.Popen(
                [
                    str(GUNICORN),
                    "psoasapp.wsgi",
                    "--workers=1",
                    f"--bind=127.0.0.1:{port}",
                    "--log-level=warning",
                ],
                cwd=REPO_ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            processes.append(process)
            urls.append(f"http://127.0.0.1:{port}")
        for url, process in zip(urls, processes, strict=True):
            _wait_until_up(url, process)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def empty_cache(servers) -> Iterator[None]:
    """Counters live outside the test's rows (a cache table is no model, so a
    flush leaves it): start and end with none."""
    cache.clear()
    yield
    cache.clear()


def _post(base: str, path: str, data: dict) -> requests.Response:
    """A form POST with a valid CSRF pair. Production marks the CSRF cookie
    Secure, so it is sent by hand over this plain-HTTP loopback.

    Both processes get the same Host, as behind the site's proxy: allauth keys
    an account's failed logins by host name and email address."""
    token = get_random_string(32, string.ascii_letters + string.digits)
    return requests.post(
        base + path,
        data={**data, "csrfmiddlewaretoken": token},
        headers={"Cookie": f"csrftoken={token}", "Host": "localhost"},
        allow_redirects=False,
        timeout=20,
    )


def _alternate(servers: list[str], count: int) -> Iterator[str]:
    for i in range(count):
        yield servers[i % len(servers)]


LOGIN = reverse("account_login")
PASSWORD_RESET = reverse("account_reset_password")
SIGNUP = reverse("account_signup")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("empty_cache"),
]


def test_failed_logins_count_across_processes(servers, password):
    user = UserFactory()
    wrong = {"login": user.email, "password": "not-the-password"}
    right = {"login": user.email, "password": password}

    # allauth's limit: five failures per account in five minutes.
    for server in _alternate(servers, 5):
        response = _post(server, LOGIN, wrong)
        assert response.status_code == HTTPStatus.OK
        assert "Too many" not in response.text

    for server in servers:  # both refuse, even the right password
        response = _post(server, LOGIN, right)
        assert response.status_code == HTTPStatus.OK
        assert "Too many failed login attempts" in response.text
        assert "sessionid" not in response.cookies


def test_logins_from_one_address_get_429_from_every_process(servers):
    # allauth's limit: 30 login POSTs a minute from one address.
    data = {"login": "nobody@example.com", "password": ""}
    for server in _alternate(servers, 30):
        assert _post(server, LOGIN, data).status_code == HTTPStatus.OK

    for server in servers:
        response = _post(server, LOGIN, data)
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_password_resets_get_429_from_every_process(servers):
    user = UserFactory()
    # allauth's limit: five reset emails per address a minute.
    for server in _alternate(servers, 5):
        response = _post(server, PASSWORD_RESET, {"email": user.email})
        assert response.status_code == HTTPStatus.FOUND

    for server in servers:
        response = _post(server, PASSWORD_RESET, {"email": user.email})
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_sign_ups_get_429_from_every_process(servers):
    # allauth's limit: 20 sign-up POSTs a minute from one address. Invalid
    # forms count too, so the test needs no valid sign-up.
    for server in _alternate(servers, 20):
        response = _post(server, SIGNUP, {"email": "not-an-email"})
        assert response.status_code == HTTPStatus.OK

    for server in servers:
        response = _post(server, SIGNUP, {"email": "not-an-email"})
        assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
