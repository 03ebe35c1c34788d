"""SITE_URL: the address reminder emails and the calendar address link to,
read by the worker, which has no request to take it from."""

import runpy

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.conftest import REPO_ROOT

SETTINGS = str(REPO_ROOT / "psoasapp" / "settings.py")


@pytest.fixture
def environ(monkeypatch, tmp_path):
    """A production environment without DJANGO_SITE_URL."""
    for name in ("DJANGO_DEBUG", "DJANGO_SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "a-long-random-production-secret-" * 2)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "psoasapp.example.org")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'prod.sqlite3'}")
    return monkeypatch


def site_url() -> str:
    return runpy.run_path(SETTINGS)["SITE_URL"]


def test_production_links_to_the_first_allowed_host_over_https(environ):
    environ.setenv("DJANGO_ALLOWED_HOSTS", "psoasapp.example.org,www.example.org")

    assert site_url() == "https://psoasapp.example.org"


def test_development_links_to_make_runs_default_address(environ):
    environ.setenv("DJANGO_DEBUG", "1")

    assert site_url() == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://psoasapp.example.org/", "https://psoasapp.example.org"),
        ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
    ],
)
def test_django_site_url_wins_without_its_trailing_slash(environ, given, expected):
    environ.setenv("DJANGO_SITE_URL", given)

    assert site_url() == expected


@pytest.mark.parametrize("pattern", ["*", ".example.org"])
def test_a_host_pattern_without_django_site_url_refuses_to_start(environ, pattern):
    environ.setenv("DJANGO_ALLOWED_HOSTS", pattern)

    with pytest.raises(ImproperlyConfigured, match="DJANGO_SITE_URL is not set"):
        site_url()


@pytest.mark.parametrize(
    "given",
    [
        "psoasapp.example.org",
        "ftp://psoasapp.example.org",
        "https://",
        "https://psoasapp.example.org/app",
        "https://psoasapp.example.org/?x=1",
    ],
)
def test_a_site_url_that_is_not_an_address_alone_refuses_to_start(environ, given):
    environ.setenv("DJANGO_SITE_URL", given)

    with pytest.raises(ImproperlyConfigured, match="must be the site's address"):
        site_url()
