"""The report's body, kept in each process's memory (journal.cache.report_body,
issue 20): the person's own write, a content edit, a renamed tag and a new
email show on the next load, on their page and on their share links, and no
one else's page ever shows it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from exercises.models import Exercise
from journal import cache
from journal.models import CheckIn, Trigger
from tests.factories import CheckInFactory, PlanFactory, UserFactory
from tests.journal.test_dashboard import today_for
from tests.journal.test_sharing import make_share, shared_url

pytestmark = pytest.mark.django_db

REPORT = reverse("journal:report")
DAY = datetime.timedelta(days=1)


@pytest.fixture
def plan(user):
    return PlanFactory(user=user)


def report(client) -> str:
    response = client.get(REPORT)
    assert response.status_code == 200
    return response.content.decode()


def test_a_repeat_visit_reads_the_kept_body_in_four_queries(
    user_client, user, plan, django_assert_num_queries
):
    today = today_for(user)
    for back in range(20):
        CheckInFactory(user=user, date=today - back * DAY, notes=f"day {back}")
    first = report(user_client)

    # The session, the user, the plan with the versions, and the messages'
    # nothing: the report's own queries are not run again.
    with django_assert_num_queries(3):
        again = report(user_client)

    assert "day 19" in again
    assert again.count("day 1") == first.count("day 1")


def test_the_persons_own_write_shows_on_the_next_load(user_client, user, plan):
    today = today_for(user)
    CheckInFactory(user=user, date=today - DAY, notes="first words")
    assert "first words" in report(user_client)

    CheckIn.objects.filter(user=user).update(notes="after the edit")
    CheckInFactory(user=user, date=today, notes="a new one")

    html = report(user_client)
    assert "after the edit" in html and "a new one" in html
    assert "first words" not in html


def test_another_persons_page_never_shows_the_kept_body(user_client, user, plan):
    today = today_for(user)
    CheckInFactory(user=user, date=today, notes="only mine")
    assert "only mine" in report(user_client)

    other = UserFactory()
    PlanFactory(user=other)
    other_client = Client()
    other_client.force_login(other)

    assert "only mine" not in report(other_client)


def test_a_content_edit_shows_on_the_next_load(user_client, user, plan):
    exercise = Exercise.objects.filter(routine_items__routine=plan.routine).first()
    assert exercise.title in report(user_client)

    exercise.title = "A renamed stretch"
    exercise.save()  # as the admin saves it: its updated_at moves

    assert "A renamed stretch" in report(user_client)


def test_a_renamed_tag_shows_on_the_next_load(user_client, user, plan):
    trigger = Trigger.objects.offered().first()
    entry = CheckInFactory(user=user, date=today_for(user))
    entry.triggers.add(trigger)
    assert trigger.name in report(user_client)

    Trigger.objects.filter(pk=trigger.pk).update(name="Gardening")

    assert "Gardening" in report(user_client)


def test_a_new_email_address_shows_on_the_next_load(user_client, user, plan):
    plan.report_shows_email = True
    plan.save()
    assert f"({user.email})" in report(user_client)

    type(user).objects.filter(pk=user.pk).update(email="new-address@example.com")

    assert "(new-address@example.com)" in report(user_client)


def test_a_share_link_shows_the_owners_write_at_once(client, user, plan):
    today = today_for(user)
    CheckInFactory(user=user, date=today - DAY, notes="seen first")
    _, token = make_share(user)
    assert "seen first" in client.get(shared_url(token)).content.decode()

    CheckInFactory(user=user, date=today, notes="written since")

    assert "written since" in client.get(shared_url(token)).content.decode()


def test_a_person_keeps_a_few_ranges_and_forget_drops_them(user_client, user, plan):
    today = today_for(user)
    for span in range(cache.REPORT_BODIES_KEPT + 2):
        start = today - (10 + span) * DAY
        user_client.get(REPORT, {"start": start.isoformat(), "end": today.isoformat()})
    kept = cache.caches[cache.CACHE_ALIAS].get(cache._report_key(user.pk))
    assert len(kept) == cache.REPORT_BODIES_KEPT

    cache.forget(user.pk)

    assert cache.caches[cache.CACHE_ALIAS].get(cache._report_key(user.pk)) is None
