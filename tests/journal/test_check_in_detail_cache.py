"""A check-in's page and the warning-sign advice of its day are kept in
process memory until the user's journal or the tags change (journal/cache.py,
check_in_page): it never shows a stale or someone else's check-in or advice,
whichever way the journal was written."""

import datetime

import pytest
from django.core.cache import caches

from core.models import AuditAction, AuditEvent
from journal import cache
from journal.models import CheckIn, Plan, Trigger
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
    key = cache._key(user.pk, cache.CHECK_IN_PAGE_PART)
    return caches["dashboard"].get(key) is not None


@pytest.fixture
def entry(user):
    PlanFactory(user=user)
    check_in = CheckInFactory(user=user, date=today_for(user) - DAY, pain_score=8)
    check_in.triggers.add(Trigger.objects.create(name="Stairs", slug="stairs"))
    return check_in


def _answer_edited_outside_the_services(user, entry):
    CheckIn.objects.filter(pk=entry.pk).update(cauda_equina_signs=True)


def _history_answered_outside_the_services(user, entry):
    Plan.objects.filter(user=user).update(history_cancer=True)


def _pain_eased_outside_the_services(user, entry):
    CheckIn.objects.filter(pk=entry.pk).update(pain_score=2)


def _notes_edited_outside_the_services(user, entry):
    CheckIn.objects.filter(pk=entry.pk).update(notes="Worse after the stairs")


def _tag_renamed_by_staff(user, entry):
    Trigger.objects.filter(pk=entry.triggers.get().pk).update(name="Stair climbing")


WRITES = {
    "an answer edited outside the services": _answer_edited_outside_the_services,
    "the notes edited outside the services": _notes_edited_outside_the_services,
    "a tag renamed by staff": _tag_renamed_by_staff,
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


def test_a_deleted_check_in_answers_404_though_its_page_was_kept(
    user_client, user, entry
):
    url = entry.get_absolute_url()
    _visit(user_client, entry)
    assert _kept(user)

    CheckIn.objects.filter(pk=entry.pk).delete()

    assert user_client.get(url).status_code == 404


def test_another_users_check_in_answers_404_and_is_audited_though_kept_for_them(
    client, user, entry
):
    """The page kept for its owner is under the owner's key: another person
    asking for it reads the check-in, is refused, and the refusal audited."""
    client.force_login(user)
    _visit(client, entry)
    other = UserFactory()
    client.force_login(other)

    response = client.get(entry.get_absolute_url())

    assert response.status_code == 404
    assert AuditEvent.objects.filter(
        action=AuditAction.ACCESS_REFUSED,
        user=other,
        target=f"journal.checkin #{entry.pk}",
    ).exists()


def test_a_kept_page_reads_one_query_for_its_tag(
    user_client, user, entry, django_assert_num_queries
):
    url = entry.get_absolute_url()
    user_client.get(url)

    # The session, the user, and the journal's version with the tags' state.
    with django_assert_num_queries(3):
        page = user_client.get(url).content.decode()

    assert "Stairs" in page and "triage-alert" in page
