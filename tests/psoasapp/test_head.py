"""HEAD answers like GET, without a body (issue 12, case 12): uptime monitors
and link checkers send HEAD and read a 405 as the site being down."""

from http import HTTPStatus

import pytest

from tests.factories import UserFactory

from . import sweep

pytestmark = pytest.mark.django_db

ROUTES = {route.name: route for route in sweep.routes() if route.name}
PUBLIC = sorted(name for name, route in ROUTES.items() if route.public)
# A member's own pages (the admin's are for staff, swept in test_access).
MEMBER = sorted(
    name
    for name, route in ROUTES.items()
    if not route.public and not route.route.startswith("admin/")
)


def _url(name: str, world: sweep.World) -> str:
    return sweep.build(ROUTES[name], world)


def _same_answer(client, url: str) -> HTTPStatus:
    """HEAD gets GET's status, redirect and type, and no body; returns the status."""
    get = client.get(url)
    head = client.head(url)

    assert (head.status_code, head.get("Location"), head.get("Content-Type")) == (
        get.status_code,
        get.get("Location"),
        get.get("Content-Type"),
    )
    assert head.getvalue() == b""
    return HTTPStatus(head.status_code)


def test_the_lists_cover_the_pages_monitors_watch():
    assert {"home", "healthz", "exercises:guide", "quiz:quiz-detail"} <= set(PUBLIC)
    assert {"journal:dashboard", "journal:check-in", "account"} <= set(MEMBER)


@pytest.mark.parametrize("name", PUBLIC)
def test_head_answers_like_get_on_public_pages(client, name):
    world = sweep.make_world()

    status = _same_answer(client, _url(name, world))

    assert status != HTTPStatus.METHOD_NOT_ALLOWED


def test_head_on_healthz_says_up_without_a_body(client):
    response = client.head("/healthz")

    assert response.status_code == HTTPStatus.OK
    assert response.content == b""


@pytest.mark.parametrize("name", MEMBER)
def test_head_answers_like_get_on_a_members_pages(client, name):
    member = UserFactory()
    world = sweep.make_world(owner=member)
    client.force_login(member)

    # Pages that only take POST (export, delete) refuse HEAD as they refuse GET.
    _same_answer(client, _url(name, world))
