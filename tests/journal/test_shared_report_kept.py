"""Issue 20: the shared report reads the person's plan's zone and name line
and the kept body's versions with the link, in one query
(journal.cache.shared_report_annotations): what the person writes, staff's
edits and the plan itself still show on the next open."""

import datetime

import pytest
from django.test import Client

from exercises.models import Exercise
from journal.models import CheckIn, Plan, Trigger
from tests.factories import CheckInFactory, PlanFactory
from tests.journal.test_dashboard import today_for
from tests.journal.test_sharing import make_share, shared_url

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _open(token: str) -> str:
    response = Client().get(shared_url(token))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def plan(user):
    return PlanFactory(user=user, report_name="Sam 8d1e", weekly_target=3)


def _name_changed(user, plan):
    Plan.objects.filter(pk=plan.pk).update(report_name="Alex 8d1e")
    return "Alex 8d1e"


def _zone_changed(user, plan):
    Plan.objects.filter(pk=plan.pk).update(
        time_zone="Pacific/Auckland", time_zone_known=True
    )
    return "Pacific/Auckland"


def _target_changed(user, plan):
    """Shown only by the body: the whole plan is read to draw it again."""
    Plan.objects.filter(pk=plan.pk).update(weekly_target=6)
    return "against a target of 6 a week"


def _check_in_edited(user, plan):
    CheckIn.objects.filter(user=user).update(notes="Edited 8d1e")
    return "Edited 8d1e"


def _tag_renamed(user, plan):
    trigger = Trigger.objects.offered().first()
    CheckIn.objects.filter(user=user).first().triggers.add(trigger)
    Trigger.objects.filter(pk=trigger.pk).update(name="Gardening 8d1e")
    return "Gardening 8d1e"


def _exercise_renamed(user, plan):
    exercise = Exercise.objects.filter(routine_items__routine=plan.routine).first()
    exercise.title = "Renamed stretch 8d1e"
    exercise.save()
    return "Renamed stretch 8d1e"


WRITES = {
    "the name line": _name_changed,
    "the zone": _zone_changed,
    "the weekly target": _target_changed,
    "a check-in": _check_in_edited,
    "a tag renamed by staff": _tag_renamed,
    "an exercise renamed by staff": _exercise_renamed,
}


@pytest.mark.parametrize("write", WRITES)
def test_every_change_shows_on_the_next_open(user, plan, write):
    CheckInFactory(user=user, date=today_for(user), notes="First 8d1e")
    _, token = make_share(user)
    _open(token)
    before = _open(token)

    shown = WRITES[write](user, plan)
    after = _open(token)

    assert shown not in before
    assert shown in after


def test_a_person_without_a_saved_plan(user):
    CheckInFactory(user=user, date=today_for(user), notes="No plan 8d1e")
    _, token = make_share(user)
    Plan.objects.filter(user=user).delete()  # a rare journal of entries only

    first, second = _open(token), _open(token)

    assert "No plan 8d1e" in first and "No plan 8d1e" in second
    assert not Plan.objects.filter(user=user).exists()


@pytest.mark.parametrize("days", [7, 200])
def test_a_kept_shared_report_is_read_with_one_query(
    user, plan, django_assert_num_queries, days
):
    """The link with the plan's zone and name line and the versions, and the
    open's audit event, whatever the journal holds."""
    today = today_for(user)
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=today - n * DAY, pain_score=n % 11, notes=f"n{n}")
        for n in range(days)
    )
    _, token = make_share(user, start=today - 60 * DAY)
    client = Client()
    first = client.get(shared_url(token)).content.decode()

    with django_assert_num_queries(2):
        second = client.get(shared_url(token)).content.decode()

    assert second == first
    assert "Sam 8d1e" in second
