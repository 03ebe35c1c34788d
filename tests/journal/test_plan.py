from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse

from exercises.models import Routine
from journal import selectors
from journal.models import Plan
from journal.models.plan import DEFAULT_WEEKLY_TARGET
from tests.factories import RoutineFactory

pytestmark = pytest.mark.django_db

URL = reverse("journal:plan")


def test_a_new_plan_starts_with_the_default_routine_target_and_site_zone(user):
    plan = selectors.plan_for(user)

    assert plan.routine == Routine.objects.get(is_default=True)
    assert plan.weekly_target == DEFAULT_WEEKLY_TARGET == 3
    assert plan.time_zone == settings.TIME_ZONE


def test_the_plan_page_saves_target_routine_and_time_zone(user_client, user):
    other = RoutineFactory()

    page = user_client.get(URL)
    response = user_client.post(
        URL,
        {"weekly_target": "5", "routine": str(other.pk), "time_zone": "Europe/Paris"},
    )

    assert page.status_code == HTTPStatus.OK
    assert response.status_code == HTTPStatus.FOUND
    plan = Plan.objects.get(user=user)
    assert (plan.weekly_target, plan.routine, plan.time_zone) == (
        5,
        other,
        "Europe/Paris",
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"weekly_target": "0"}, "weekly_target"),
        ({"weekly_target": "15"}, "weekly_target"),
        ({"weekly_target": "three"}, "weekly_target"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"routine": "999999"}, "routine"),
        ({"routine": "abc"}, "routine"),
    ],
)
def test_bad_plan_input_is_refused_next_to_the_field(user_client, user, data, field):
    form = {"weekly_target": "4", "time_zone": "UTC", **data}
    form.setdefault("routine", str(Routine.objects.get(is_default=True).pk))

    response = user_client.post(URL, form)

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Plan.objects.filter(user=user).exists()


def test_an_unpublished_routine_cannot_be_chosen(user_client, user):
    draft = RoutineFactory(is_published=False)

    response = user_client.post(
        URL, {"weekly_target": "3", "routine": str(draft.pk), "time_zone": "UTC"}
    )

    assert "routine" in response.context["form"].errors


@pytest.mark.parametrize(
    "name",
    [
        "journal:dashboard",
        "journal:report",
        "journal:plan",
        "journal:check-in",
        "journal:session-new",
        "journal:check-in-list",
        "journal:session-list",
    ],
)
def test_reading_a_journal_page_stores_no_plan(user_client, user, name):
    """A GET changes no state: the defaults are shown until the user saves."""
    response = user_client.get(reverse(name))

    assert response.status_code == HTTPStatus.OK
    assert not Plan.objects.filter(user=user).exists()


def test_the_player_stores_no_plan(user_client, user):
    routine = Routine.objects.get(is_default=True)

    response = user_client.get(reverse("journal:session", args=[routine.slug]))

    assert response.status_code == HTTPStatus.OK
    assert not Plan.objects.filter(user=user).exists()


def test_the_first_save_stores_the_plan_once(user_client, user):
    routine = Routine.objects.get(is_default=True)
    data = {"weekly_target": "4", "routine": str(routine.pk), "time_zone": "UTC"}

    user_client.post(URL, data)
    user_client.post(URL, {**data, "weekly_target": "2"})

    assert Plan.objects.filter(user=user).count() == 1
    assert Plan.objects.get(user=user).weekly_target == 2


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("journal:plan", "weekly_target"),
        ("journal:check-in", "pain_score"),
        ("journal:session-new", "pain_during"),
    ],
)
def test_an_empty_post_shows_errors_not_a_blank_form(user_client, name, field):
    response = user_client.post(reverse(name), {})

    assert response.status_code == HTTPStatus.OK
    assert field in response.context["form"].errors
