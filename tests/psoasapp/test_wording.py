"""Words that say what is true and say it one way (issue 12, case 11): "Log in",
"Sign up" and "Log out" on every page, allauth's included, and no "Welcome back"
on the very first login."""

import re
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.factories import UserFactory

from . import sweep

pytestmark = pytest.mark.django_db

# The site says "Log in", "Log out" and "Sign up" (verbs, sentence case).
MIXED = re.compile(
    r"\bSign ?In\b|\bSign ?Up\b|\bSign ?Out\b|\bLog ?In\b|\bLog ?Out\b|\bSignup\b"
    r"|\bLogin\b|\bsign(?:ed|ing)?[ -]?(?:in|out)\b",
    re.IGNORECASE,
)
ALLOWED = {"Log in", "log in", "Log out", "log out", "Sign up", "sign up"}
TAG = re.compile(r"<script\b.*?</script>|<[^>]+>", re.DOTALL)


def _mixed_words(html: str) -> set[str]:
    """The wordings of logging in and out that are not the site's: visible text
    and the page title (tags and scripts left out, so URLs and names such as
    `account_login` do not count)."""
    text = TAG.sub(" ", html)
    return {
        match.group(0)
        for match in MIXED.finditer(text)
        if match.group(0) not in ALLOWED
    }


ROUTES = {route.name: route for route in sweep.routes() if route.name}


def _allauth(public: bool) -> list[str]:
    return sorted(
        name
        for name, route in ROUTES.items()
        if route.lookup.startswith("allauth.") and route.public == public
    )


def _page(client, url: str) -> str:
    """The page (after any redirect) and the messages it would show."""
    response = client.get(url, follow=True)
    return response.getvalue().decode() + " ".join(
        str(message) for message in get_messages(response.wsgi_request)
    )


@pytest.mark.parametrize("name", ["home", *_allauth(public=True)])
def test_pages_for_visitors_say_log_in_and_sign_up(client, name):
    world = sweep.make_world()

    assert _mixed_words(_page(client, sweep.build(ROUTES[name], world))) == set()


@pytest.mark.parametrize(
    "name", ["home", "account", "account_logout", *_allauth(public=False)]
)
def test_a_members_account_pages_say_log_in_and_log_out(client, name):
    member = UserFactory()
    world = sweep.make_world(owner=member)
    client.force_login(member)

    assert _mixed_words(_page(client, sweep.build(ROUTES[name], world))) == set()


def test_logging_in_and_out_say_so_in_the_sites_words(client, password):
    user = UserFactory()

    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": password},
        follow=True,
    )
    logged_in = _page(client, reverse("home")) + response.getvalue().decode()
    response = client.post(reverse("account_logout"), follow=True)
    logged_out = " ".join(str(m) for m in response.context["messages"])

    assert _mixed_words(logged_in) == set()
    assert "logged in" in logged_in
    assert _mixed_words(logged_out) == set()
    assert "logged out" in logged_out


def test_the_very_first_login_does_not_say_welcome_back(client, password):
    user = UserFactory(last_login=None)

    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": password},
        follow=True,
    )

    assert response.status_code == HTTPStatus.OK
    assert "Welcome back" not in response.getvalue().decode()
