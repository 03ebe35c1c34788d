"""URLs by owner (psoasapp/urls.py): each app's pages under its own prefix, the
whole account under /account/, and nothing of another app under exercises'
three content prefixes."""

import allauth.urls
import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve, reverse

from . import sweep

# Each feature app's URL namespace and the prefixes its pages live under.
PREFIXES = {
    "exercises": ("guide/", "exercises/", "routines/"),
    "journal": ("journal/",),
    "quiz": ("quiz/",),
}
# psoasapp's own account pages, beside allauth's under the same prefix.
ACCOUNT_PAGES = {
    "account": "",
    "account-export": "export/",
    "account-delete": "delete/",
    "account-browser-log-out": "sessions/1/log-out/",
}
ROUTES = sweep.routes()


def _namespace(route: sweep.Route) -> str | None:
    return route.name.split(":")[0] if route.name and ":" in route.name else None


def _is_account_page(route: sweep.Route) -> bool:
    return route.name in ACCOUNT_PAGES or route.lookup.startswith("allauth.")


@pytest.mark.parametrize("app", PREFIXES)
def test_every_page_of_an_app_lives_under_its_prefix(app):
    routes = [route for route in ROUTES if _namespace(route) == app]

    assert routes
    assert [r.route for r in routes if not r.route.startswith(PREFIXES[app])] == []


@pytest.mark.parametrize("app", PREFIXES)
def test_no_other_page_lives_under_an_apps_prefix(app):
    """The only route of another owner there is a permanent redirect of an
    old address (the player's, under /routines/): not a page."""
    strangers = [
        route.label
        for route in ROUTES
        if route.route.startswith(PREFIXES[app])
        and _namespace(route) not in {app, "moved"}
    ]

    assert strangers == []


def test_the_whole_account_lives_under_account():
    account = [route for route in ROUTES if _is_account_page(route)]
    under_account = [route for route in ROUTES if route.route.startswith("account/")]

    assert len(account) > 15  # allauth's pages are there
    assert [r.label for r in account if not r.route.startswith("account/")] == []
    assert [r.label for r in under_account if not _is_account_page(r)] == []
    assert resolve_url(settings.LOGIN_URL) == "/account/login/"


@pytest.mark.parametrize(("name", "path"), ACCOUNT_PAGES.items())
def test_allauth_has_no_page_at_psoasapps_account_addresses(name, path):
    """psoasapp's pages come first under /account/: an allauth page at the same
    address would be shadowed. allauth's URLconf alone answers none of them."""
    with pytest.raises(Resolver404):
        resolve("/" + path, urlconf=allauth.urls)
    match = resolve("/account/" + path)
    assert match.url_name == name
    assert reverse(name, kwargs=match.kwargs) == "/account/" + path
    assert match.func.__module__ == "psoasapp.views"


@pytest.mark.django_db
def test_every_account_page_answers_at_its_own_address():
    """Every route under /account/ resolves back to its own view (sweep.build
    raises when an address lands on another view)."""
    world = sweep.make_world()

    built = {
        route.name: sweep.build(route, world)
        for route in ROUTES
        if route.route.startswith("account/")
    }

    assert built["account_login"] == "/account/login/"
    assert built["account-export"] == "/account/export/"
    assert len(set(built.values())) == len(built)


def test_the_session_player_lives_under_the_journal():
    player = reverse("journal:session", args=["iliopsoas-relief"])

    assert player == "/journal/routines/iliopsoas-relief/session/"
    assert player.startswith(reverse("journal:dashboard"))


# The URL names as they were before the URLs moved: none may change.
NAMES = {
    "home",
    "healthz",
    "privacy",
    "account",
    "account-export",
    "account-delete",
    "account_login",
    "account_logout",
    "account_signup",
    "account_email",
    "account_confirm_email",
    "account_reset_password",
    "account_reset_password_from_key",
    "exercises:guide",
    "exercises:guide-section",
    "exercises:exercise-list",
    "exercises:exercise-detail",
    "exercises:routine-list",
    "exercises:routine-detail",
    "journal:dashboard",
    "journal:report",
    "journal:plan",
    "journal:check-in",
    "journal:check-in-list",
    "journal:check-in-detail",
    "journal:check-in-edit",
    "journal:check-in-delete",
    "journal:session",
    "journal:session-list",
    "journal:session-new",
    "journal:session-detail",
    "journal:session-edit",
    "journal:session-delete",
    "journal:export",
    "quiz:quiz-list",
    "quiz:quiz-detail",
    "quiz:attempt-list",
    "quiz:attempt-detail",
}


def test_no_url_name_changed():
    assert NAMES - {route.name for route in ROUTES} == set()
