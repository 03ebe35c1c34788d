"""Browser tests: Playwright drives Debian's Chromium against `live_server`."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client
from playwright.sync_api import Browser, sync_playwright

from exercises.services import seed_content_load
from quiz.services import seed_quiz_load
from tests.auth import confirm_password
from tests.factories import UserFactory

from .browser import DESKTOP, Audit, CheckedPage, chromium_executable

AUDIT = Audit()


def pytest_terminal_summary(terminalreporter):
    if AUDIT.pages:
        terminalreporter.write_sep("-", "browser checks")
        terminalreporter.write_line(AUDIT.summary())


@pytest.fixture
def content(transactional_db) -> None:
    """The seed content: a transactional test empties the database after it."""
    seed_content_load()
    seed_quiz_load()


@pytest.fixture
def browser(live_server, content, monkeypatch) -> Iterator[Browser]:
    """Chromium, started after the server and the data and stopped before them.

    While Playwright's sync API is running, its event loop sits in the test's
    thread and Django takes any ORM call there for async code; so Playwright
    runs only inside each test, and the test's own ORM calls are allowed."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable())
        yield browser
        browser.close()
        # The test's ORM calls opened their own connection (Django's connections
        # are per context, and Playwright's loop gives the test a new one).
        connections.close_all()


def checked_pages(browser, live_server, *, timezone_id: str) -> Iterator[CheckedPage]:
    """A desktop-sized page in a new context whose clock reads `timezone_id`,
    checked (CheckedPage) until the test ends: the body of the page fixtures."""
    context = browser.new_context(
        viewport=DESKTOP, accept_downloads=True, locale="en-GB", timezone_id=timezone_id
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    checked = CheckedPage(page, live_server.url, AUDIT)
    yield checked
    context.close()
    checked.assert_all_checked()


@pytest.fixture
def web(browser, live_server) -> Iterator[CheckedPage]:
    yield from checked_pages(browser, live_server, timezone_id="UTC")


@pytest.fixture
def member(content):
    """A verified user with a password, for journeys that start logged out."""
    return UserFactory()


def log_in(web: CheckedPage, user, *, confirmed: bool = False) -> None:
    """Give the browser a logged-in session without going through the form;
    `confirmed`: the password was just confirmed too (tests/auth.py), as the
    download, the deletion and the security settings ask."""
    client = Client()
    client.force_login(user)
    if confirmed:
        confirm_password(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    web.page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": web.base_url}]
    )
