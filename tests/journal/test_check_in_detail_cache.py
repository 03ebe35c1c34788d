"""A check-in's warning-sign advice is kept in process memory until the
user's journal changes (journal/cache.py, check_in_triage): it never shows a
stale or someone else's advice, whichever way the journal was written."""

import datetime

import pytest
from django.core.cache import caches

from journal import cache
from journal.models import CheckIn, Plan
from tests.factories import CheckInFactory, PlanFactory, SessionFactory, UserFactory
from tests.journal.kept import main_without_tokens as _main
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _visit(client, entry) -> str:
    return _main(client.get(entry.get_absolute_url()).content.decode())


def _fresh(client, entry) -> str:
    caches["dashboard"].clear()
    return _visit(client, entry)


def _kept(user) -> bool:
    key = cache._key(user.pk, cache.CHECK_IN_TRIAGE_PART)
    return caches["dashboard"].get(key) is not None


@pytest.fixture
def entry(user):
    PlanFactory(user=user)
    return CheckInFactory(user=user, date=today_for(user) - DAY, pain_score=8)


def _answer_edited_outside_the_services(user, entry):
    CheckIn.objects.filter(pk=entry.pk).update(cauda_equina_signs=True)


def _history_answered_outside_the_services(user, entry):
    Plan.objects.filter(user=user).update(history_cancer=True)


def _pain_eased_outside_the_services(user, entry):
    CheckIn.objects.filter(pk=entry.pk).update(pain_score=2)


WRITES = {
    "an answer edited outside the services": _answer_edited_outside_the_services,
    "the plan's history": _history_answered_outside_the_services,
    "the pain eased outside the services": _pain_eased_outside_the_services,
}


@pytest.mark.parametrize("write", WRITES)
def test_the_users_own_write_shows_at_once(user_client, user, entry, write):
    _visit(user_client, entry)
    before = _visit(user_client, entry)
    assert _kept(user)

    WRITES[write](user, entry)
    after = _visit(user_client, entry)

    assert after != before
    assert after == _fresh(user_client, entry)


def test_a_painful_session_that_day_shows_at_once(user_client, user, entry):
    CheckIn.objects.filter(pk=entry.pk).update(pain_score=2)
    before = _visit(user_client, entry)

    SessionFactory(user=user, date=entry.date, pain_during=9)
    after = _visit(user_client, entry)

    assert "triage-alert" not in before
    assert "triage-alert" in after
    assert after == _fresh(user_client, entry)


def test_another_users_advice_is_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    PlanFactory(user=mine)
    PlanFactory(user=theirs)
    my_entry = CheckInFactory(user=mine, date=today_for(mine), pain_score=1)
    their_entry = CheckInFactory(user=theirs, date=today_for(theirs), pain_score=9)

    client.force_login(theirs)
    their_page = _visit(client, their_entry)
    client.force_login(mine)
    my_page = _visit(client, my_entry)

    assert _kept(theirs) and _kept(mine)
    assert "triage-alert" in their_page
    assert "triage-alert" not in my_page


def test_forgetting_a_user_drops_their_advice(user_client, user, entry):
    _visit(user_client, entry)
    assert _kept(user)

    cache.forget(user.pk)

    assert not _kept(user)
