import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from exercises.content import CONTENT_EDITORS_GROUP
from tests.factories import DEFAULT_PASSWORD, UserFactory

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def password() -> str:
    return DEFAULT_PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def editor_client(client):
    """Logged in as staff in the content editors' group (and nothing more)."""
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name=CONTENT_EDITORS_GROUP))
    client.force_login(editor)
    return client


def run_python(
    code: str, env: dict[str, str], timeout: int = 60
) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter from the repo root with only `env` on top
    of a minimal environment: settings are read at start-up, so this is how a
    test sees what another environment would do."""
    base = {
        key: os.environ[key]
        for key in ("PATH", "HOME", "LANG", "SYSTEMROOT")
        if key in os.environ
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """The environment a production deployment sets."""
    return {
        "DJANGO_SETTINGS_MODULE": "psoasapp.settings",
        "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-secret-0123456789",
        "DJANGO_ALLOWED_HOSTS": "psoasapp.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory) -> Path:
    """Uploads go to a folder of this test's own, never into the repository's
    var/ (and not into tmp_path, which some tests list)."""
    root = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture(autouse=True)
def _empty_dashboard_cache():
    """The dashboard cache is process memory: rolled-back tests reuse user ids,
    so it starts empty in every test."""
    from django.core.cache import caches

    caches["dashboard"].clear()


@pytest.fixture(autouse=True)
def _empty_page_caches():
    """The shell's fixed parts, the content pages' bodies and the forms'
    content parts are process memory too (psoasapp/templatetags/shell.py,
    exercises/cache.py, journal/cache.py's content_part): a
    rolled-back test's content can come back with the same version."""
    from exercises import cache
    from journal import cache as journal_cache
    from journal.selectors import charts
    from psoasapp.templatetags import shell

    cache.forget()
    journal_cache.forget_content()
    shell.forget()
    # A hint only, checked before use; dropped so that each test's query
    # counts start from the same place.
    charts.run_start_forget()


@pytest.fixture(autouse=True)
def _dashboard_body_as_its_template(monkeypatch):
    """Every dashboard body a test draws (journal/dashboard_html.py, Python)
    is drawn by its template too, and the two must be the same bytes: the
    template is the markup's definition."""
    from journal import dashboard_html

    monkeypatch.setattr(
        dashboard_html,
        "dashboard_body_html",
        dashboard_html_checked(dashboard_html.dashboard_body_html),
    )


def dashboard_html_checked(python):
    """`python` (dashboard_html.dashboard_body_html), failing with the first
    difference when the template draws something else."""
    import difflib

    from django.template.loader import render_to_string

    from journal.cache import BODY_TEMPLATE

    def both(context):
        written = python(context)
        expected = render_to_string(BODY_TEMPLATE, context)
        if written != expected:
            diff = "\n".join(
                difflib.unified_diff(
                    [repr(line) for line in expected.splitlines()],
                    [repr(line) for line in written.splitlines()],
                    "template",
                    "python",
                    lineterm="",
                )
            )
            pytest.fail(f"the dashboard's body differs from its template:\n{diff}")
        return written

    return both


# Re-authentication (tests/auth.py) -------------------------------------------


@pytest.fixture
def recent_client(client, user):
    """Logged in as `user`, who has just confirmed their password: what the
    download, the account deletion and the security settings ask for."""
    from tests.auth import log_in_recently

    return log_in_recently(client, user)
