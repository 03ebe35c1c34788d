"""/healthz answers 503 within 5 s whenever the database cannot serve the site:
it stalls, refuses, is read-only or cannot write, or the disk is nearly full;
and 200 when all is well. The answer names the check that failed and nothing
else (issue 16, "Timeouts")."""

import json
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.utils import load_backend
from django.urls import reverse

from core import health
from core.models import HealthProbe
from tests.conftest import run_python

# What a load balancer waits for before it gives up on a server.
BUDGET_SECONDS = 5.0

HEALTHY = {"status": "ok", "database": "ok", "write": "ok", "disk": "ok"}

# A request to /healthz in a fresh process with production settings, timed.
HEALTHZ_IN_A_FRESH_PROCESS = (
    "import django, json, time; django.setup();"
    "from django.test import Client;"
    "started = time.monotonic();"
    "r = Client().get('/healthz', headers={'host': 'psoasapp.example.org'},"
    " secure=True);"
    "print(json.dumps({'status': r.status_code, 'body': r.json(),"
    " 'seconds': time.monotonic() - started,"
    " 'retry_after': r.get('Retry-After')}))"
)


@pytest.fixture
def stalled_port() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for peer in held:
        peer.close()
    listener.close()


@pytest.fixture
def refused_port() -> int:
    """A port nothing listens on (it was free a moment ago)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def healthz_with_production_settings(env: dict[str, str]) -> dict:
    # On main the stalled case hangs: the timeout turns that into a failure.
    result = run_python(HEALTHZ_IN_A_FRESH_PROCESS, env, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("port_fixture", ["stalled_port", "refused_port"])
def test_healthz_answers_503_within_5_s_when_postgresql_stalls_or_refuses(
    request, production_env, port_fixture
):
    port = request.getfixturevalue(port_fixture)
    url = f"postgres://psoasapp:do-not-show@127.0.0.1:{port}/psoasapp"

    answer = healthz_with_production_settings(
        {**production_env, "DATABASE_URL": url, "HEALTHZ_MIN_FREE_MB": "1"}
    )

    assert answer["status"] == HTTPStatus.SERVICE_UNAVAILABLE
    assert answer["seconds"] < BUDGET_SECONDS
    assert answer["body"] == {
        "status": "error",
        "database": "unavailable",
        "write": "not checked",
        "disk": "ok",
    }
    assert answer["retry_after"] == "30"
    # Nothing of the connection's settings in the answer.
    body = json.dumps(answer["body"])
    for secret in ("psoasapp:", "do-not-show", "127.0.0.1", str(port)):
        assert secret not in body


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        pytest.param(
            {}, {"connect_timeout": 3, "statement_timeout": "15000"}, id="defaults"
        ),
        pytest.param(
            {"DJANGO_DB_CONNECT_TIMEOUT": "2", "DJANGO_DB_STATEMENT_TIMEOUT": "500"},
            {"connect_timeout": 2, "statement_timeout": "500"},
            id="from-the-environment",
        ),
    ],
)
def test_postgresql_connections_have_a_connect_and_a_statement_timeout(
    production_env, env, expected
):
    code = (
        "import json; from django.conf import settings;"
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    url = "postgres://psoasapp@127.0.0.1:5432/psoasapp?sslmode=prefer"

    result = run_python(code, {**production_env, **env, "DATABASE_URL": url})

    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout.strip().splitlines()[-1])
    assert options["connect_timeout"] == expected["connect_timeout"]
    assert options["options"] == (
        f"-c statement_timeout={expected['statement_timeout']}"
    )
    assert options["sslmode"] == "prefer"  # the URL's own options stay


def test_sqlite_keeps_its_busy_timeout(production_env):
    code = (
        "import json; from django.conf import settings;"
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )

    result = run_python(code, production_env)

    assert result.returncode == 0, result.stderr
    options = json.loads(result.stdout.strip().splitlines()[-1])
    assert options["timeout"] == 20
    assert "PRAGMA busy_timeout=20000;" in options["init_command"]
    assert "connect_timeout" not in options


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL's statement timeout",
)
def test_postgresql_cancels_a_statement_that_runs_past_the_timeout(production_env):
    """Run on the PostgreSQL the tests use, through the site's settings."""
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT'] or 5432}/postgres"
    )
    code = (
        "import django, time; django.setup();"
        "from django.db import connection, OperationalError;"
        "started = time.monotonic();\n"
        "try:\n"
        "    connection.cursor().execute('SELECT pg_sleep(5)')\n"
        "except OperationalError as error:\n"
        "    print(type(error.__cause__).__name__, time.monotonic() - started)\n"
    )

    result = run_python(
        code,
        {**production_env, "DATABASE_URL": url, "DJANGO_DB_STATEMENT_TIMEOUT": "200"},
    )

    assert result.returncode == 0, result.stderr
    name, seconds = result.stdout.split()
    assert name == "QueryCanceled"
    assert float(seconds) < 2


@contextmanager
def site_database(settings_dict: dict) -> Iterator[None]:
    """For the block, the connection Django hands out as the site's database
    ("default", which the view uses) is one made from `settings_dict`."""
    config = connections.configure_settings({"default": settings_dict})["default"]
    swapped = load_backend(config["ENGINE"]).DatabaseWrapper(config, "default")
    kept = connections["default"]
    connections["default"] = swapped
    try:
        yield
    finally:
        swapped.close()
        connections["default"] = kept


def sqlite_settings(name: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        },
    }


def timed_get(client, url: str):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


@pytest.fixture
def low_disk_floor_off(settings):
    """Any machine that runs the tests has a megabyte free."""
    settings.HEALTHZ_MIN_FREE_MB = 1


@pytest.mark.django_db
def test_healthz_answers_503_when_the_sqlite_file_is_read_only(
    client, tmp_path, low_disk_floor_off
):
    path = tmp_path / "read-only.sqlite3"
    with site_database(sqlite_settings(str(path))), connection.schema_editor() as made:
        made.create_model(HealthProbe)
    # As root a chmod does not stop a write: SQLite's own read-only mode does.
    with site_database(sqlite_settings(f"file:{path}?mode=ro")):
        response, seconds = timed_get(client, reverse("healthz"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert seconds < BUDGET_SECONDS
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "write": "failed",
        "disk": "ok",
    }
    assert response["Retry-After"] == "30"
    untouched = sqlite3.connect(path)
    rows = untouched.execute("SELECT COUNT(*) FROM core_healthprobe").fetchone()
    untouched.close()
    assert rows == (0,)


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL's read-only transactions",
)
@pytest.mark.django_db
def test_healthz_answers_503_when_postgresql_is_read_only(client, low_disk_floor_off):
    """As a standby answers, or a server set to default_transaction_read_only."""
    read_only = {
        **connection.settings_dict,
        "OPTIONS": {"options": "-c default_transaction_read_only=on"},
    }
    with site_database(read_only):
        response, seconds = timed_get(client, reverse("healthz"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert seconds < BUDGET_SECONDS
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "write": "failed",
        "disk": "ok",
    }


@pytest.mark.django_db
def test_healthz_answers_503_when_the_disk_has_less_free_space_than_the_floor(
    client, settings, tmp_path
):
    settings.HEALTHZ_DISK_PATH = tmp_path
    settings.HEALTHZ_MIN_FREE_MB = int(health.disk_free_mb(tmp_path)) + 1024

    response = client.get(reverse("healthz"))

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "write": "ok",
        "disk": "low",
    }
    assert str(tmp_path) not in response.content.decode()


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_reads_and_writes_and_the_disk_has_room(
    client, settings, tmp_path
):
    settings.HEALTHZ_DISK_PATH = tmp_path / "not-made-yet"
    settings.HEALTHZ_MIN_FREE_MB = 1

    response, seconds = timed_get(client, reverse("healthz"))

    assert response.status_code == HTTPStatus.OK
    assert seconds < BUDGET_SECONDS
    assert response.json() == HEALTHY
    assert "Retry-After" not in response
    assert "no-store" in response["Cache-Control"]
    # The probe's write was rolled back.
    assert not HealthProbe.objects.exists()


def test_the_disk_floor_defaults_to_200_mb_under_the_databases_folder(
    production_env, tmp_path
):
    code = (
        "from django.conf import settings;"
        "print(settings.HEALTHZ_DISK_PATH, settings.HEALTHZ_MIN_FREE_MB,"
        " settings.OUTAGE_RETRY_AFTER)"
    )

    result = run_python(code, production_env)

    assert result.returncode == 0, result.stderr
    path, floor, retry_after = result.stdout.split()
    assert Path(path) == tmp_path  # production_env's database is tmp_path/prod.sqlite3
    assert (floor, retry_after) == ("200", "30")
