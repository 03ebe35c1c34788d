"""The settings the multi-server set-up turns on (README "Production"):
psycopg's connection pool on PostgreSQL with DJANGO_DB_POOL, and allauth's
client address from X-Forwarded-For behind DJANGO_TRUSTED_PROXY_COUNT
proxies, so its per-address rate limits do not count all of nginx's
clients as one."""

import json

import pytest

from tests.conftest import run_python

POOL_PROBE = """
import django, json
django.setup()
from django.db import connection
pool = getattr(connection, "pool", None)  # PostgreSQL only
print(json.dumps({
    "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
    "pool": None if pool is None else [pool.min_size, pool.max_size],
    "statement_timeout": connection.settings_dict["OPTIONS"].get("options"),
}))
"""


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"DJANGO_DB_POOL": "1"}, [1, 4]),
        ({"DJANGO_DB_POOL": "1", "DJANGO_DB_POOL_MAX_SIZE": "8"}, [1, 8]),
        ({}, None),
    ],
)
def test_postgresql_connections_are_pooled_when_asked(production_env, given, expected):
    env = {
        **production_env,
        # Settings only: no connection is opened.
        "DATABASE_URL": "postgres://psoasapp@db.example.org:5432/psoasapp",
        **given,
    }

    result = run_python(POOL_PROBE, env)

    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert seen["pool"] == expected
    # Django refuses a pool beside persistent connections; without one they
    # stay as they were. The statement timeout holds either way.
    assert seen["conn_max_age"] == (0 if expected else 60)
    assert seen["statement_timeout"] == "-c statement_timeout=15000"


def test_sqlite_ignores_the_pool(production_env):
    result = run_python(POOL_PROBE, {**production_env, "DJANGO_DB_POOL": "1"})

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["pool"] is None


CLIENT_IP_PROBE = """
import django, json
django.setup()
from allauth.account.adapter import get_adapter
from django.test import RequestFactory
request = RequestFactory().get(
    "/", REMOTE_ADDR="10.0.0.10", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
)
print(get_adapter().get_client_ip(request))
"""


@pytest.mark.parametrize(
    ("count", "client"),
    [
        # nginx appends the address it saw; what the client wrote is ignored.
        ("1", "203.0.113.9"),
        # No proxy trusted: the header is the client's own and is ignored.
        ("0", "10.0.0.10"),
        (None, "10.0.0.10"),
    ],
)
def test_rate_limits_take_the_client_from_the_trusted_proxys_header(
    production_env, count, client
):
    env = dict(production_env)
    if count is not None:
        env["DJANGO_TRUSTED_PROXY_COUNT"] = count

    result = run_python(CLIENT_IP_PROBE, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == client
