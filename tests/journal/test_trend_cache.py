"""The pain trend's chart is kept in process memory under the journal's
version, the triggers and the day (journal/cache.py, trend): any change of
the check-ins it draws, or of their tags, shows at once, and no one sees
another's chart."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse

from journal import cache
from journal.models import CheckIn
from tests.factories import CheckInFactory, TriggerFactory, UserFactory
from tests.journal.kept import main_without_tokens as _main
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

URL = reverse("journal:trend")
DAY = datetime.timedelta(days=1)


def _visit(client, query: dict | None = None) -> str:
    return _main(client.get(URL, query or {}).content.decode())


def _fresh(client, query: dict | None = None) -> str:
    caches["dashboard"].clear()
    return _visit(client, query)


def _kept(user) -> bool:
    return caches["dashboard"].get(cache._key(user.pk, cache.CHART_PART)) is not None


@pytest.fixture
def running(db):
    return TriggerFactory(name="Running 5d2e", slug="running-5d2e")


@pytest.fixture
def check_ins(user, running):
    today = today_for(user)
    for back in range(6):
        entry = CheckInFactory(user=user, date=today - back * DAY, pain_score=3)
        if back % 2:
            entry.triggers.add(running)
    return user


def _pain_edited_outside_the_services(user, running):
    CheckIn.objects.filter(user=user).update(pain_score=7)


def _tag_added_outside_the_services(user, running):
    for entry in CheckIn.objects.filter(user=user):
        entry.triggers.add(running)


def _tag_taken_off_outside_the_services(user, running):
    for entry in CheckIn.objects.filter(user=user)[:2]:
        entry.triggers.remove(running)


WRITES = {
    "a pain edited outside the services": _pain_edited_outside_the_services,
    "a tag added outside the services": _tag_added_outside_the_services,
    "a tag taken off outside the services": _tag_taken_off_outside_the_services,
}


@pytest.mark.parametrize("write", WRITES)
def test_every_change_shows_at_once(user_client, check_ins, running, write):
    query = {"trigger": running.slug}
    _visit(user_client, query)
    before = _visit(user_client, query)
    assert _kept(check_ins)

    WRITES[write](check_ins, running)
    after = _visit(user_client, query)

    assert after != before
    assert after == _fresh(user_client, query)


def test_another_users_chart_is_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    CheckInFactory(user=mine, date=today_for(mine), pain_score=2)
    CheckInFactory(user=theirs, date=today_for(theirs), pain_score=9)

    client.force_login(theirs)
    their_chart = _visit(client)
    client.force_login(mine)
    my_chart = _visit(client)

    assert _kept(theirs) and _kept(mine)
    assert my_chart != their_chart
    assert my_chart == _fresh(client)


def test_forgetting_a_user_drops_their_charts(user_client, check_ins):
    _visit(user_client)
    assert _kept(check_ins)

    cache.forget(check_ins.pk)

    assert not _kept(check_ins)
