import json

import pytest

from tests.conftest import REPO_ROOT, run_python


def _manage(*args: str) -> str:
    return (
        "import sys; from django.core.management import execute_from_command_line;"
        f"execute_from_command_line(['manage.py', *{list(args)!r}])"
    )


def test_check_deploy_is_clean_under_the_production_environment(production_env):
    result = run_python(
        _manage("check", "--deploy", "--fail-level", "WARNING"), production_env
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(production_env, missing):
    env = {key: value for key, value in production_env.items() if key != missing}

    result = run_python(_manage("check"), env)

    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_debug_mode_starts_without_a_secret_and_mails_to_the_console(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.MAILERS['default']['BACKEND'], settings.DEBUG)"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "psoasapp.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}",
    }

    result = run_python(code, env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.console.EmailBackend",
        "True",
    ]


SQLITE_PROBE = """
import django, json
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    pragmas = {
        name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "busy_timeout", "foreign_keys")
    }
print(json.dumps({**pragmas, "transaction_mode": connection.transaction_mode}))
"""


def test_sqlite_is_tuned_for_several_server_processes(production_env):
    result = run_python(SQLITE_PROBE, production_env)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "journal_mode": "wal",
        "busy_timeout": 20000,
        "foreign_keys": 1,
        "transaction_mode": "IMMEDIATE",
    }


WRITER = """
import django, sys
django.setup()
from django.db import connection, transaction
for i in range(40):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO hits (writer) VALUES (%s)", [sys.argv[1]])
        cursor.execute("SELECT COUNT(*) FROM hits")
        cursor.fetchone()
"""


def test_concurrent_sqlite_writers_wait_instead_of_failing(production_env, tmp_path):
    import sqlite3
    import subprocess
    import sys

    db_path = tmp_path / "prod.sqlite3"
    with sqlite3.connect(db_path) as db:
        db.execute("CREATE TABLE hits (id INTEGER PRIMARY KEY, writer TEXT)")
    env = {**production_env, "PATH": "/usr/bin:/bin"}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, name],
            cwd=REPO_ROOT,
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b", "c")
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]

    assert [writer.returncode for writer in writers] == [0, 0, 0], errors
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT COUNT(*) FROM hits").fetchone()[0] == 120


def test_cache_is_the_database_by_default_and_redis_with_redis_url(production_env):
    code = (
        "import django; django.setup();"
        "from django.conf import settings; from django.core.cache import cache;"
        "print(settings.CACHES['default']['BACKEND']);"
        "cache.set('psoasapp-test', 'shared', 10); print(cache.get('psoasapp-test'))"
    )
    with_redis = run_python(
        code, {**production_env, "REDIS_URL": "redis://127.0.0.1:6379/15"}
    )
    default = run_python(code, production_env)

    assert with_redis.returncode == 0, with_redis.stderr
    assert with_redis.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "shared",
    ]
    assert default.stdout.split()[0] == "django.core.cache.backends.db.DatabaseCache"


def test_a_log_line_is_printed_once_in_development(tmp_path):
    """The worker's task lines and runserver's came out twice in DEBUG: once
    from Django's "django" logger, once from the root's."""
    code = (
        "import django, logging; django.setup();"
        "logging.getLogger('django.tasks').info('task line');"
        "logging.getLogger('django.request').warning('request line')"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "psoasapp.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }

    result = run_python(code, env)

    assert result.returncode == 0, result.stderr
    assert result.stderr.count("task line") == 1, result.stderr
    assert result.stderr.count("request line") == 1, result.stderr


def test_the_wsgi_application_freezes_what_it_loaded(production_env):
    """psoasapp.wsgi moves everything loaded at start-up, the views' modules
    included, out of the garbage collector's full collections (issue 20)."""
    code = (
        "import gc, sys\n"
        "before = gc.get_freeze_count()\n"
        "from psoasapp.wsgi import application\n"
        "print(before, gc.get_freeze_count(), 'journal.views' in sys.modules)\n"
    )
    result = run_python(code, production_env)
    assert result.returncode == 0, result.stderr
    before, frozen, views = result.stdout.split()
    assert int(frozen) - int(before) > 50_000 and views == "True"
