from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse

from exercises.models import Routine
from journal import services
from journal.models import Plan
from journal.models.plan import DEFAULT_WEEKLY_TARGET
from tests.factories import RoutineFactory

pytestmark = pytest.mark.django_db

URL = reverse("journal:plan")


def test_a_new_plan_starts_with_the_default_routine_target_and_site_zone(user):
    plan = services.plan_get_or_create(user=user)

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
    assert Plan.objects.get(user=user).weekly_target == DEFAULT_WEEKLY_TARGET


def test_an_unpublished_routine_cannot_be_chosen(user_client, user):
    draft = RoutineFactory(is_published=False)

    response = user_client.post(
        URL, {"weekly_target": "3", "routine": str(draft.pk), "time_zone": "UTC"}
    )

    assert "routine" in response.context["form"].errors
