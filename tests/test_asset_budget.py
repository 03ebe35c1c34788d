"""The CSS and JavaScript of each main page stay under 60 KB compressed
(issue 17): the pages are rendered with the test client, the files they link
are found with the static finders (whatever the apps add, no list here), and
each is compressed as it is sent. `make bench` reports the same figures from
the running server (bench/assets.py)."""

import datetime
import os
from http import HTTPStatus
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from bench import assets
from exercises import selectors as content
from journal import services
from quiz import selectors as quizzes


def static_file(url: str) -> bytes:
    """The content of a linked static file, found as runserver would find it."""
    path = urlsplit(url).path
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    assert path.startswith(prefix), f"{url} is not a static file"
    found = finders.find(path.removeprefix(prefix))
    assert found, f"{url} is linked but no static file has that name"
    with open(found, "rb") as file:
        return file.read()


def main_pages() -> dict[str, str]:
    exercise = content.exercises_published().first()
    routine = content.routine_default()
    quiz = quizzes.quizzes_published().first()
    return {
        "home": reverse("home"),
        "exercise list": reverse("exercises:exercise-list"),
        "exercise detail": exercise.get_absolute_url(),
        "routine": reverse("exercises:routine-detail", args=[routine.slug]),
        "session player": reverse("journal:session", args=[routine.slug]),
        "dashboard": reverse("journal:dashboard"),
        "check-in": reverse("journal:check-in"),
        "quiz": reverse("quiz:quiz-detail", args=[quiz.slug]),
        "report": reverse("journal:report"),
    }


@pytest.fixture
def journal_client(user_client, user):
    """A member with a week of journal, so that the dashboard and the report
    draw their charts."""
    today = timezone.now().date()
    for back in range(7):
        services.check_in_record(
            user=user, date=today - datetime.timedelta(days=back), pain_score=3
        )
    services.session_record(
        user=user,
        routine=content.routine_default(),
        date=today,
        pain_during=2,
        effort="right",
        exercise_ids=[
            item.exercise_id
            for item in content.routine_items(content.routine_default())
        ],
    )
    return user_client


@pytest.mark.django_db
def test_every_main_page_keeps_its_css_and_js_under_60_kb_compressed(
    journal_client,
):
    pages = {}
    for name, path in main_pages().items():
        response = journal_client.get(path)
        assert response.status_code == HTTPStatus.OK, name
        pages[name] = assets.page_assets(response.content.decode(), static_file)

    over = {
        name: f"{page.total.gzip:,} bytes gzip: {', '.join(page.urls)}"
        for name, page in pages.items()
        if not page.within_budget
    }
    assert not over
    # Each page found its stylesheet: the budget is not met by finding nothing.
    for name, page in pages.items():
        assert any(urlsplit(url).path.endswith(".css") for url in page.urls), name
        assert page.total.gzip > 0


def test_the_budget_fails_a_page_over_60_kb():
    heavy = os.urandom(assets.BUDGET_BYTES)  # random bytes do not compress
    html = '<link rel="stylesheet" href="/static/a.css"><script src="/b.js"></script>'
    files = {"/static/a.css": b"body{}", "/b.js": heavy}

    page = assets.page_assets(html, files.__getitem__)

    assert page.urls == ["/static/a.css", "/b.js"]
    assert page.total.gzip > assets.BUDGET_BYTES
    assert not page.within_budget


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<link href="/s.css" rel="stylesheet">', ["/s.css"]),
        ('<link rel="preload stylesheet" href="/s.css">', ["/s.css"]),
        ('<link rel="icon" href="/favicon.png">', []),
        ('<script defer src="/a.js"></script><script src="/a.js"></script>', ["/a.js"]),
        ('<script type="application/json" id="data">{}</script>', []),
    ],
)
def test_linked_assets(html, expected):
    assert assets.linked_assets(html) == expected
