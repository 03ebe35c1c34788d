"""Issue 20: the check-in list and the pain trend are kept in process memory
under the journal's version and the triggers' state (journal/cache.py,
check_in_list_page and trend), read in the page's first query. A check-in's
tags move the version (migration 0014) whichever way they are written, and
staff's edits of the triggers show at once."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse

from journal import cache, services
from journal.models import CheckIn, JournalVersion, Session, Trigger
from tests.db_triggers import triggers_on, version_triggers
from tests.factories import CheckInFactory, PlanFactory, TriggerFactory, UserFactory
from tests.journal.kept import main_without_tokens as _main
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

LIST = reverse("journal:check-in-list")
TREND = reverse("journal:trend")
DAY = datetime.timedelta(days=1)
TAGS = "journal_checkin_triggers"


def _version(user) -> int:
    return JournalVersion.objects.get(user_id=user.pk).version


def _visit(client, url: str, query: dict | None = None) -> str:
    return _main(client.get(url, query or {}).content.decode())


def _fresh(client, url: str, query: dict | None = None) -> str:
    caches["dashboard"].clear()
    return _visit(client, url, query)


@pytest.fixture
def running(db):
    return TriggerFactory(name="Running 7c3a", slug="running-7c3a")


@pytest.fixture
def tagged(user, running):
    PlanFactory(user=user)
    today = today_for(user)
    for back in range(6):
        entry = CheckInFactory(user=user, date=today - back * DAY, pain_score=back)
        if back % 2:
            entry.triggers.add(running)
    return user


# Migration 0014 ------------------------------------------------------------------


def test_a_check_ins_tags_have_the_journal_version_triggers():
    assert version_triggers("journal_version", TAGS) <= triggers_on(TAGS)


TAG_WRITES = {
    "added": lambda entry, running, other: entry.triggers.add(other),
    "taken off": lambda entry, running, other: entry.triggers.remove(running),
    "changed in bulk": lambda entry, running, other: (
        CheckIn.triggers.through.objects.filter(checkin=entry).update(trigger=other)
    ),
    "deleted in bulk": lambda entry, running, other: (
        CheckIn.triggers.through.objects.filter(checkin=entry).delete()
    ),
    "the tag deleted by staff": lambda entry, running, other: running.delete(),
}


@pytest.mark.parametrize("write", TAG_WRITES)
def test_every_write_of_a_check_ins_tags_moves_its_users_version(user, running, write):
    other_user = UserFactory()
    other = TriggerFactory(name="Other 7c3a", slug="other-7c3a")
    entry = CheckInFactory(user=user, date=today_for(user))
    entry.triggers.add(running)
    CheckInFactory(user=other_user, date=today_for(other_user)).triggers.add(other)
    before, their_before = _version(user), _version(other_user)

    TAG_WRITES[write](entry, running, other)

    assert _version(user) > before
    assert _version(other_user) == their_before


# The check-in list -----------------------------------------------------------------


def _tag_added_through_the_service(user, running):
    services.check_in_record(
        user=user,
        date=today_for(user) - 10 * DAY,
        pain_score=4,
        diary=services.Diary(triggers=[running]),
    )


def _tag_taken_off_outside_the_services(user, running):
    CheckIn.objects.filter(user=user, triggers=running).first().triggers.clear()


def _tag_renamed_by_staff(user, running):
    Trigger.objects.filter(pk=running.pk).update(name="Jogging 7c3a")


def _tag_retired_by_staff(user, running):
    Trigger.objects.filter(pk=running.pk).update(is_active=False)


LIST_WRITES = {
    "a tagged check-in through the service": _tag_added_through_the_service,
    "a tag taken off outside the services": _tag_taken_off_outside_the_services,
    "a tag renamed by staff": _tag_renamed_by_staff,
}


@pytest.mark.parametrize("write", LIST_WRITES)
def test_the_list_shows_every_change_of_the_tags_at_once(
    user_client, tagged, running, write
):
    _visit(user_client, LIST)
    before = _visit(user_client, LIST)

    LIST_WRITES[write](tagged, running)
    after = _visit(user_client, LIST)

    assert after != before
    assert after == _fresh(user_client, LIST)


def test_a_check_in_tagged_through_the_site_shows_at_once(user_client, tagged, running):
    from tests.journal.test_check_in_diary import fields, form_token

    before = _visit(user_client, LIST)
    day = today_for(tagged) - 10 * DAY

    response = user_client.post(
        reverse("journal:check-in"),
        fields(day, token=form_token(user_client), triggers=[running.pk]),
    )
    user_client.get(reverse("journal:dashboard"))  # says it is saved, once
    after = _visit(user_client, LIST)

    assert response.status_code == 302
    saved = CheckIn.objects.get(user=tagged, date=day)
    assert response["Location"] == saved.get_absolute_url()
    assert after.count("Running 7c3a") == before.count("Running 7c3a") + 1
    assert after == _fresh(user_client, LIST)


@pytest.mark.parametrize("days", [7, 400])
def test_a_kept_list_is_read_with_one_query(
    user_client, user, django_assert_num_queries, days
):
    """The session, the user, and the version, the triggers and the count of
    check-ins in one query, whatever the journal holds."""
    PlanFactory(user=user)
    today = today_for(user)
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=today - n * DAY, pain_score=n % 11) for n in range(days)
    )
    first = _visit(user_client, LIST)

    with django_assert_num_queries(3):
        second = _visit(user_client, LIST)

    assert second == first


def test_a_page_past_the_last_is_the_last(user_client, user):
    today = today_for(user)
    for back in range(25):
        CheckInFactory(user=user, date=today - back * DAY)

    last = _visit(user_client, LIST, {"page": "2"})

    assert _visit(user_client, LIST, {"page": "9"}) == last
    assert _visit(user_client, LIST, {"page": "zzz"}) == _visit(user_client, LIST)
    assert "Page 2 of 2" in last


# The pain trend ---------------------------------------------------------------------


TREND_WRITES = {
    **LIST_WRITES,
    "a tag retired by staff": _tag_retired_by_staff,
    "a session outside the services": lambda user, running: Session.objects.create(
        user=user, date=today_for(user), pain_during=3, effort="right"
    ),
}


@pytest.mark.parametrize("write", TREND_WRITES)
def test_the_trend_shows_every_change_at_once(user_client, tagged, running, write):
    query = {"trigger": "running-7c3a", "range": "12w"}
    _visit(user_client, TREND, query)
    before = _visit(user_client, TREND, query)
    assert caches["dashboard"].get(cache._key(tagged.pk, cache.CHART_PART))

    TREND_WRITES[write](tagged, running)
    after = _visit(user_client, TREND, query)

    assert after != before
    assert after == _fresh(user_client, TREND, query)


def test_the_trend_moves_on_with_the_users_day(user_client, tagged, monkeypatch):
    from django.utils import timezone

    now = timezone.now()
    before = _visit(user_client, TREND)

    monkeypatch.setattr(timezone, "now", lambda: now + DAY)
    after = _visit(user_client, TREND)

    assert after != before
    assert after == _fresh(user_client, TREND)


def test_what_was_typed_is_never_kept(user_client, tagged):
    typed = _visit(user_client, TREND, {"side": "nowhere-7c3a"})

    assert "nowhere-7c3a" in typed
    assert "nowhere-7c3a" not in _visit(user_client, TREND)
    kept = caches["dashboard"].get(cache._key(tagged.pk, cache.CHART_PART))[1]
    assert not any("nowhere-7c3a" in str(part) for part in kept.values())


def test_another_users_trend_is_never_shown(client, running):
    mine, theirs = UserFactory(), UserFactory()
    for user, pain in ((mine, 2), (theirs, 9)):
        PlanFactory(user=user)
        CheckInFactory(user=user, date=today_for(user), pain_score=pain)
    JournalVersion.objects.filter(user_id=mine.pk).update(version=_version(theirs))

    client.force_login(theirs)
    their_trend = _visit(client, TREND)
    client.force_login(mine)
    my_trend = _visit(client, TREND)

    assert my_trend != their_trend
    assert my_trend == _fresh(client, TREND)


@pytest.mark.parametrize("days", [7, 400])
def test_a_kept_trend_is_read_with_one_query(
    user_client, tagged, running, django_assert_num_queries, days
):
    """The session, the user, and the plan with the version and the
    triggers, whatever the journal holds."""
    today = today_for(tagged)
    CheckIn.objects.bulk_create(
        CheckIn(user=tagged, date=today - (n + 6) * DAY, pain_score=n % 11)
        for n in range(days)
    )
    query = {"trigger": running.slug, "range": "all"}
    first = _visit(user_client, TREND, query)

    with django_assert_num_queries(3):
        second = _visit(user_client, TREND, query)

    assert second == first
    assert "3 check-ins match this filter" in second
