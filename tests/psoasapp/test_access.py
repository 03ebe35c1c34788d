"""Who may reach what: a sweep of every URL, the ownership matrix, CSRF, and
GET requests that change nothing."""

from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import path, register_converter, reverse

from psoasapp import urls as project_urls
from tests.auth import log_in_recently
from tests.factories import UserFactory

from . import sweep

pytestmark = pytest.mark.django_db

LOGIN_PATHS = {resolve_url(django_settings.LOGIN_URL), reverse("admin:login")}
REFUSED = {HTTPStatus.FORBIDDEN, HTTPStatus.METHOD_NOT_ALLOWED}


def _goes_to_login(response, url: str) -> bool:
    """A 302 to the login page (allauth's, or the admin's, which hands over to
    allauth's) that comes back to `url` afterwards."""
    if response.status_code != HTTPStatus.FOUND:
        return False
    location = urlsplit(response["Location"])
    return location.path in LOGIN_PATHS and parse_qs(location.query).get("next") == [
        url
    ]


def anonymous_sweep(client, world) -> list[str]:
    """Every private route: an anonymous GET goes to login; an anonymous POST
    goes to login or is refused, and changes no row."""
    failures = []
    before, counts = sweep.snapshot(), sweep.row_counts()
    for route, url in sweep.built_routes(world):
        if route.public:
            continue
        response = client.get(url)
        if not _goes_to_login(response, url):
            failures.append(f"GET {url} ({route.label}): {response.status_code}")
        response = client.post(url, {"pain_score": "1", "date": "2026-01-06"})
        if not (_goes_to_login(response, url) or response.status_code in REFUSED):
            failures.append(f"POST {url} ({route.label}): {response.status_code}")
        if sweep.row_counts() != counts:
            failures.append(f"POST {url} ({route.label}) added or removed rows")
            counts = sweep.row_counts()
    if sweep.snapshot() != before:
        failures.append("the anonymous POSTs changed rows")
    return failures


def test_every_private_page_sends_an_anonymous_visitor_to_login(client):
    world = sweep.make_world()

    assert anonymous_sweep(client, world) == []


def test_public_pages_answer_anonymous_visitors(client):
    world = sweep.make_world()
    answers = {}
    for route, url in sweep.built_routes(world):
        if route.public:
            answers[route.name] = client.get(url).status_code

    assert set(answers) >= {"home", "privacy", "quiz:quiz-detail", "account_login"}
    assert {
        name: status
        for name, status in answers.items()
        if status >= HTTPStatus.BAD_REQUEST
    } == {
        # Links from emails: made-up keys get allauth's "bad link" page or 404.
        **{
            name: answers[name]
            for name in ("account_confirm_email", "account_reset_password_from_key")
            if answers[name] >= HTTPStatus.BAD_REQUEST
        },
        # Secret addresses with a made-up secret: a forged unsubscribe link is
        # refused, an unknown calendar or shared report is not found.
        "journal:reminder-unsubscribe": HTTPStatus.BAD_REQUEST,
        "journal:calendar-feed": HTTPStatus.NOT_FOUND,
        "journal:shared-report": HTTPStatus.NOT_FOUND,
    }


# A view added without @login_required, and a pattern the sweep cannot fill.
def _leaky(request, pk: int) -> HttpResponse:
    return HttpResponse("someone's data")


class _ShoutConverter:
    regex = "[A-Z]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(_ShoutConverter, "shout")

urlpatterns = [path("leaky/<int:pk>/", _leaky, name="leaky"), *project_urls.urlpatterns]


class UnbuildableUrls:
    urlpatterns = [path("odd/<shout:code>/", _leaky), *project_urls.urlpatterns]


@pytest.mark.urls("tests.psoasapp.test_access")
def test_the_sweep_covers_a_view_added_later_without_editing_it(client):
    failures = anonymous_sweep(client, sweep.make_world())

    assert len(failures) == 2
    assert all("leaky" in failure for failure in failures)


def test_the_sweep_fails_loudly_on_a_pattern_it_cannot_fill(client, settings):
    world = sweep.make_world()
    settings.ROOT_URLCONF = UnbuildableUrls

    with pytest.raises(sweep.UnbuildableRoute, match="odd/<shout:code>/"):
        anonymous_sweep(client, world)


# The ownership matrix: (route, which object, a valid form for a POST).
CHECK_IN_EDIT = {"date": "2026-01-05", "pain_score": "1", "notes": "edited"}
SESSION_EDIT = {
    "date": "2026-01-05",
    "pain_during": "1",
    "effort": "easy",
    "doses": "<the session's exercises, each one set at its planned dose>",
}
MATRIX = [
    pytest.param("journal:check-in-detail", "check_in", None, id="check-in-view"),
    pytest.param("journal:check-in-edit", "check_in", None, id="check-in-edit-get"),
    pytest.param(
        "journal:check-in-edit", "check_in", CHECK_IN_EDIT, id="check-in-edit-post"
    ),
    pytest.param("journal:check-in-delete", "check_in", None, id="check-in-delete-get"),
    pytest.param("journal:check-in-delete", "check_in", {}, id="check-in-delete-post"),
    pytest.param("journal:session-detail", "session", None, id="session-view"),
    pytest.param("journal:session-edit", "session", None, id="session-edit-get"),
    pytest.param(
        "journal:session-edit", "session", SESSION_EDIT, id="session-edit-post"
    ),
    pytest.param("journal:session-delete", "session", None, id="session-delete-get"),
    pytest.param("journal:session-delete", "session", {}, id="session-delete-post"),
    pytest.param("quiz:attempt-detail", "attempt", None, id="attempt-view"),
]


def _request(client, url: str, data: dict | None, world=None):
    if data is None:
        return client.get(url)
    if "doses" in data:
        data = {key: value for key, value in data.items() if key != "doses"}
        for row in world.session.exercises.all():
            prefix = f"dose_{row.exercise_id}" + (f"_{row.side}" if row.side else "")
            data[f"{prefix}_sets"] = "1"
            if row.planned_reps:
                data[f"{prefix}_reps"] = str(row.planned_reps)
            if row.planned_hold_seconds:
                data[f"{prefix}_hold"] = str(row.planned_hold_seconds)
    return client.post(url, data)


@pytest.mark.parametrize(("name", "kind", "data"), MATRIX)
def test_another_user_gets_404_and_changes_nothing(client, name, kind, data):
    world = sweep.make_world()
    url = reverse(name, args=[getattr(world, kind).pk])
    client.force_login(world.other)
    before = sweep.snapshot()

    response = _request(client, url, data, world)

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert sweep.OWNER_NOTE not in response.content.decode()
    assert sweep.snapshot() == before


@pytest.mark.parametrize(("name", "kind", "data"), MATRIX)
def test_an_anonymous_visitor_is_sent_to_login_and_changes_nothing(
    client, name, kind, data
):
    world = sweep.make_world()
    url = reverse(name, args=[getattr(world, kind).pk])
    before = sweep.snapshot()

    response = _request(client, url, data, world)

    assert _goes_to_login(response, url)
    assert sweep.snapshot() == before


@pytest.mark.parametrize(("name", "kind", "data"), MATRIX)
def test_the_owner_succeeds(client, name, kind, data):
    world = sweep.make_world()
    obj = getattr(world, kind)
    url = reverse(name, args=[obj.pk])
    client.force_login(world.owner)
    before = sweep.snapshot()

    response = _request(client, url, data, world)

    if data is None:
        assert response.status_code == HTTPStatus.OK
        html = response.content.decode()
        if kind == "attempt":
            assert obj.quiz_title in html
        else:
            # The entry's page, its edit form and its delete confirmation.
            assert obj.get_absolute_url() in html
        assert sweep.snapshot() == before
    else:
        assert response.status_code == HTTPStatus.FOUND
        if "delete" in name:
            # Back to the list: journal:check-in-list, journal:session-list.
            assert response["Location"] == reverse(name.replace("-delete", "-list"))
            assert not type(obj).objects.filter(pk=obj.pk).exists()
        else:
            assert response["Location"] == obj.get_absolute_url()
            obj.refresh_from_db()
            assert obj.notes == "edited" or obj.pain_during == 1


# Pages about "my data" without a key: each user sees only their own.
def _marker(world, name: str) -> str:
    return {
        "journal:check-in-list": world.check_in.get_absolute_url(),
        "journal:session-list": world.session.get_absolute_url(),
        "quiz:attempt-list": world.attempt.get_absolute_url(),
    }.get(name, sweep.OWNER_NOTE)


PER_USER_PAGES = [
    pytest.param("journal:dashboard", None, id="dashboard"),
    pytest.param("journal:report", None, id="report"),
    pytest.param("journal:check-in-list", None, id="check-in-list"),
    pytest.param("journal:session-list", None, id="session-list"),
    pytest.param("journal:export", None, id="csv-export"),
    pytest.param("quiz:attempt-list", None, id="attempt-list"),
    pytest.param("account", None, id="account"),
    pytest.param("account-export", {}, id="account-data-download"),
]
SHOWN_TO_OWNER = {
    "journal:check-in-list",
    "journal:session-list",
    "journal:export",
    "quiz:attempt-list",
    "account-export",
}


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


@pytest.mark.parametrize(("name", "data"), PER_USER_PAGES)
def test_per_user_pages_show_only_ones_own_data(client, name, data):
    world = sweep.make_world()
    url = reverse(name)
    owner_client = Client()
    # Just confirmed their passwords: the download asks for it (tests/auth.py).
    log_in_recently(owner_client, world.owner)
    log_in_recently(client, world.other)
    marker = _marker(world, name)

    own = _request(owner_client, url, data)
    theirs = _request(client, url, data)

    assert own.status_code == theirs.status_code == HTTPStatus.OK
    own_body, their_body = _body(own), _body(theirs)
    if name in SHOWN_TO_OWNER:  # proves the marker would be seen if it leaked
        assert marker in own_body
    assert marker not in their_body
    assert world.owner.email not in their_body
    assert world.other.email not in own_body


@pytest.mark.parametrize(("name", "data"), PER_USER_PAGES)
def test_per_user_pages_send_an_anonymous_visitor_to_login(client, name, data):
    url = reverse(name)

    assert _goes_to_login(_request(client, url, data), url)


# CSRF: every route refuses a POST without a token, logged in or not.
def test_every_route_refuses_a_post_without_a_csrf_token():
    world = sweep.make_world(owner=UserFactory(is_staff=True, is_superuser=True))
    logged_in = Client(enforce_csrf_checks=True)
    logged_in.force_login(world.owner)
    anonymous = Client(enforce_csrf_checks=True)
    failures = []
    before, counts = sweep.snapshot(), sweep.row_counts()
    for route, url in sweep.built_routes(world):
        for who, client in (("user", logged_in), ("anonymous", anonymous)):
            response = client.post(url, {"pain_score": "1", "date": "2026-01-06"})
            if route.name in sweep.CSRF_EXEMPT:
                # The sweep's made-up token is refused all the same.
                if response.status_code != HTTPStatus.BAD_REQUEST:
                    failures.append(f"{who} POST {url}: {response.status_code}")
            elif response.status_code != HTTPStatus.FORBIDDEN:
                failures.append(f"{who} POST {url}: {response.status_code}")
            if sweep.row_counts() != counts:
                failures.append(f"{who} POST {url} added or removed rows")
                counts = sweep.row_counts()

    assert failures == []
    assert sweep.snapshot() == before
    assert logged_in.get(reverse("journal:dashboard")).status_code == HTTPStatus.OK


def _csrf_token(client, url: str) -> str:
    client.get(url)
    return client.cookies[django_settings.CSRF_COOKIE_NAME].value


@pytest.mark.parametrize(
    ("name", "kind", "data"),
    [
        pytest.param(
            "journal:check-in",
            None,
            {"date": "2026-01-07", "pain_score": "2"},
            id="check-in",
        ),
        pytest.param("journal:check-in-delete", "check_in", {}, id="check-in-delete"),
        pytest.param("journal:session-delete", "session", {}, id="session-delete"),
        pytest.param("account_logout", None, {}, id="logout"),
    ],
)
def test_the_same_post_with_its_token_goes_through(name, kind, data):
    """The control for the sweep above: these POSTs do change state once they
    carry the token, so a 403 there is the CSRF check and nothing else."""
    world = sweep.make_world()
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.owner)
    url = reverse(name, args=[getattr(world, kind).pk] if kind else [])
    before = sweep.snapshot()

    refused = client.post(url, data)
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert sweep.snapshot() == before
    token = _csrf_token(client, reverse("journal:dashboard"))
    accepted = client.post(url, {**data, "csrfmiddlewaretoken": token})

    assert accepted.status_code == HTTPStatus.FOUND
    if name == "account_logout":
        assert accepted["Location"] == reverse("home")
        assert "_auth_user_id" not in client.session
    else:
        assert sweep.snapshot() != before


def test_no_get_changes_any_row():
    """A superuser with data GETs every URL (the admin's too): no row of any
    model changes. Left out: the session store (a GET may store a message or
    a one-time key there) and the audit log (staff views are logged by design).
    """
    world = sweep.make_world(owner=UserFactory(is_staff=True, is_superuser=True))
    client = Client()
    client.force_login(world.owner)
    before, counts = sweep.snapshot(), sweep.row_counts()
    errors = {}
    for route, url in sweep.built_routes(world):
        status = client.get(url).status_code
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            errors[url] = status
        assert sweep.row_counts() == counts, f"GET {url} ({route.label}) added rows"

    assert errors == {}
    assert sweep.snapshot() == before
