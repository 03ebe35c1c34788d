"""Templates keep the boundaries the imports keep (STYLE.md, "Which app may know
which"): exercises names neither journal nor quiz, and journal and quiz never
name each other. Shared pieces live in templates/includes/, which the project
(knowing every app) provides."""

import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from tests.factories import UserFactory

# The apps each app's templates must not name, by template folder or URL
# namespace.
FORBIDDEN = {
    "exercises": {"journal", "quiz"},
    "quiz": {"journal"},
    "journal": {"quiz"},
}
# {% include "app/..." %}, {% extends "app/..." %} and {% url 'app:...' %}, with
# either quote, the "as" form included.
REFERENCE = re.compile(
    r"""\{%-?\s*(?:(?:include|extends)\s+["'](?P<folder>[\w-]+)/"""
    r"""|url\s+["'](?P<namespace>[\w-]+):)"""
)


def apps_named(source: str) -> set[str]:
    """The template folders and URL namespaces (one per app) that a template's
    source names through an include, an extends or a reversed URL."""
    return {
        match["folder"] or match["namespace"] for match in REFERENCE.finditer(source)
    }


def template_dirs() -> list[Path]:
    """The project's template folders: templates/ and its own apps' (not
    Django's or allauth's)."""
    base = Path(settings.BASE_DIR)
    dirs = [Path(d) for config in settings.TEMPLATES for d in config["DIRS"]]
    dirs += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(base) and ".venv" not in config.path
    ]
    return [d for d in dirs if d.is_dir()]


def templates_of(app: str) -> list[Path]:
    return sorted(
        path
        for folder in template_dirs()
        if (folder / app).is_dir()
        for path in (folder / app).rglob("*")
        if path.is_file()
    )


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ('{% include "journal/includes/pagination.html" %}', {"journal"}),
        ("{% extends 'journal/base.html' %}", {"journal"}),
        ('{% include "quiz/attempt_detail.html#score" with a=b %}', {"quiz"}),
        ("{% url 'journal:session' routine.slug as session_url %}", {"journal"}),
        ('{%url "quiz:quiz-list"%}', {"quiz"}),
        ("<a href=\"{% url 'exercises:guide' %}\">", {"exercises"}),
        ('{% include "includes/pagination.html" %}', {"includes"}),
        ('{% url "account_login" %}', set()),
        ("<p>journal:session and journal/x.html in plain text</p>", set()),
    ],
)
def test_the_scan_finds_every_way_a_template_names_an_app(source, named):
    assert apps_named(source) == named


def test_the_scan_reads_every_apps_templates():
    for app in FORBIDDEN:
        assert templates_of(app), f"no templates found for {app}"
    assert Path(
        settings.BASE_DIR
    ) / "templates/exercises/routine_detail.html" in templates_of("exercises")


@pytest.mark.parametrize("app", FORBIDDEN)
def test_an_apps_templates_never_name_an_app_it_may_not_know(app):
    crossings = {
        str(path): sorted(apps_named(path.read_text(encoding="utf-8")) & FORBIDDEN[app])
        for path in templates_of(app)
    }

    assert {path: names for path, names in crossings.items() if names} == {}


# A quoted string that starts with one slash: an address written out.
PATH_LITERAL = re.compile(r"""(?P<quote>["'])/(?!/)[^"'\s]*(?P=quote)""")


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("{% if request.path|slice:':7' == '/guide/' %}", ["/guide/"]),
        ('<a href="/account/login/">', ["/account/login/"]),
        ("{% if request.path == '/' %}", ["/"]),
        ("<a href=\"{% url 'home' %}\">", []),
        ("<link href=\"{% static 'psoasapp/css/site.css' %}\">", []),
        ('<a href="https://example.org/a/">', []),
    ],
)
def test_the_scan_finds_a_path_written_out(source, found):
    assert [m.group(0)[1:-1] for m in PATH_LITERAL.finditer(source)] == found


def test_no_template_writes_out_a_path():
    """Addresses come from {% url %}, get_absolute_url or the view; a path
    written in a template breaks silently when the URLs move."""
    found = {
        str(path): [m.group(0) for m in PATH_LITERAL.finditer(path.read_text())]
        for folder in template_dirs()
        for path in folder.rglob("*.html")
    }

    assert len(found) > 50
    assert {path: paths for path, paths in found.items() if paths} == {}


# The header marks the section a page belongs to, by the page's URL name.
NAV_CURRENT = re.compile(r'<a href="[^"]*" aria-current="page">([^<]+)</a>')
SECTIONS = [
    pytest.param("home", [], "Home", id="home"),
    pytest.param("exercises:guide", [], "Guide", id="guide"),
    pytest.param("exercises:guide-section", ["causes"], "Guide", id="guide-section"),
    pytest.param("exercises:exercise-list", [], "Exercises", id="exercise-list"),
    pytest.param(
        "exercises:exercise-detail", ["bird-dog"], "Exercises", id="exercise-detail"
    ),
    pytest.param("exercises:routine-list", [], "Routines", id="routine-list"),
    pytest.param(
        "exercises:routine-detail", ["iliopsoas-relief"], "Routines", id="routine"
    ),
    # The player is the journal's, under /journal/.
    pytest.param("journal:session", ["iliopsoas-relief"], "Journal", id="player"),
    pytest.param("journal:dashboard", [], "Journal", id="dashboard"),
    pytest.param("journal:check-in-list", [], "Journal", id="check-ins"),
    pytest.param("quiz:quiz-list", [], "Quiz", id="quiz-list"),
    pytest.param("quiz:quiz-detail", ["iliopsoas-pain"], "Quiz", id="quiz"),
    pytest.param("quiz:attempt-list", [], "Quiz", id="attempts"),
    pytest.param("account", [], None, id="account"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "args", "current"), SECTIONS)
def test_the_header_marks_the_section_of_the_page(client, name, args, current):
    client.force_login(UserFactory())

    response = client.get(reverse(name, args=args))

    assert response.status_code == HTTPStatus.OK
    main_nav = response.content.decode().split('aria-label="Main"', 1)[1]
    main_nav = main_nav.split("</nav>", 1)[0]
    assert NAV_CURRENT.findall(main_nav) == ([current] if current else [])


@pytest.mark.django_db
def test_a_routine_page_offers_the_journals_player(client):
    """exercises' page gets the button from the project's include."""
    client.force_login(UserFactory())

    html = client.get(reverse("exercises:routine-detail", args=["iliopsoas-relief"]))

    assert (
        reverse("journal:session", args=["iliopsoas-relief"]) in html.content.decode()
    )
