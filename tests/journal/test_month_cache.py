"""The month view's calendar is kept in process memory until the user's
journal or their day changes (journal/cache.py, month): it never shows a
stale or someone else's day, whichever way the journal was written."""

import datetime

import pytest
from django.core.cache import caches
from django.utils import timezone

from journal import cache, services
from journal.models import CheckIn, JournalVersion, Session
from tests.factories import CheckInFactory, PlanFactory, SessionFactory, UserFactory
from tests.journal.kept import main_without_tokens as _main
from tests.journal.test_month import DEC, MONTH, NOON, cell, month_of, text

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = DEC + 3 * DAY  # Friday 4 December 2026, NOON's date in UTC


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    set_to(NOON)
    return set_to


def _visit(client, url: str = MONTH) -> str:
    return _main(client.get(url).content.decode())


def _fresh(client, url: str = MONTH) -> str:
    caches["dashboard"].clear()
    return _visit(client, url)


def _kept(user) -> bool:
    return caches["dashboard"].get(cache._key(user.pk, cache.MONTH_PART)) is not None


@pytest.fixture
def journal(user, clock):
    PlanFactory(user=user, time_zone="UTC")
    CheckInFactory(user=user, date=TODAY - DAY, pain_score=3)
    SessionFactory(user=user, date=TODAY - 2 * DAY)
    return user


def _check_in_through_the_service(user):
    services.check_in_record(user=user, date=TODAY, pain_score=8)


def _pain_edited_outside_the_services(user):
    CheckIn.objects.filter(user=user, date=TODAY - DAY).update(pain_score=9)


def _session_moved_outside_the_services(user):
    Session.objects.filter(user=user).update(date=TODAY - 5 * DAY)


def _check_in_deleted(user):
    CheckIn.objects.filter(user=user).delete()


WRITES = {
    "a check-in, through the service": _check_in_through_the_service,
    "a pain edited outside the services": _pain_edited_outside_the_services,
    "a session moved outside the services": _session_moved_outside_the_services,
    "a check-in deleted": _check_in_deleted,
}


@pytest.mark.parametrize("write", WRITES)
def test_the_users_own_write_shows_at_once(user_client, journal, write):
    _visit(user_client)
    before = _visit(user_client)
    assert _kept(journal)

    WRITES[write](journal)
    after = _visit(user_client)

    assert after != before
    assert after == _fresh(user_client)


def test_a_new_day_shows_at_once(user_client, journal, clock):
    before = _visit(user_client)

    clock(NOON + DAY)
    after = _visit(user_client)

    assert "today" in text(cell(before, TODAY))
    assert "today" not in text(cell(after, TODAY))
    assert "today" in text(cell(after, TODAY + DAY))
    assert after == _fresh(user_client)


def test_each_month_is_kept_apart(user_client, journal):
    december = _visit(user_client)
    november = _visit(user_client, month_of(2026, 11))

    assert "December 2026" in december and "November 2026" in november
    assert _visit(user_client) == december
    assert _visit(user_client, month_of(2026, 11)) == november


def test_another_users_month_is_never_shown(client, clock):
    mine, theirs = UserFactory(), UserFactory()
    for user, pain in ((mine, 2), (theirs, 9)):
        PlanFactory(user=user, time_zone="UTC")
        CheckInFactory(user=user, date=TODAY, pain_score=pain)
    # The same version and day: only the user tells the two apart.
    assert JournalVersion.objects.get(user_id=mine.pk).version == (
        JournalVersion.objects.get(user_id=theirs.pk).version
    )

    client.force_login(theirs)
    their_month = _visit(client)
    client.force_login(mine)
    my_month = _visit(client)

    assert _kept(theirs) and _kept(mine)
    assert "pain 9 out of 10" in text(cell(their_month, TODAY))
    assert "pain 2 out of 10" in text(cell(my_month, TODAY))


def test_forgetting_a_user_drops_their_months(user_client, journal):
    _visit(user_client)
    assert _kept(journal)

    cache.forget(journal.pk)

    assert not _kept(journal)


def test_without_a_saved_plan_nothing_is_kept_and_no_query_is_added(
    user_client, user, clock, django_assert_num_queries
):
    """Without a plan row no version is read with it: the calendar is drawn
    afresh, in the queries the page made before anything was kept (session,
    user, the plan, the check-ins and the sessions)."""
    CheckInFactory(user=user, date=TODAY, pain_score=4)
    _visit(user_client)

    with django_assert_num_queries(5):
        html = _visit(user_client)

    assert "pain 4 out of 10" in text(cell(html, TODAY))
    assert not _kept(user)
