"""The check-in list's pages are kept in process memory under the journal's
version and the triggers' names (journal/cache.py, check_in_list_page): a
change shows at once, a tag added to a check-in (which moves the version:
migration 0014) or renamed by staff included, and no one sees another's
list."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse

from journal import cache, services
from journal.models import CheckIn, Trigger
from tests.factories import CheckInFactory, TriggerFactory, UserFactory
from tests.journal.kept import main_without_tokens as _main
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

URL = reverse("journal:check-in-list")
DAY = datetime.timedelta(days=1)


def _visit(client, page: str | None = None) -> str:
    return _main(client.get(URL, {"page": page} if page else {}).content.decode())


def _fresh(client, page: str | None = None) -> str:
    caches["dashboard"].clear()
    return _visit(client, page)


def _kept(user) -> bool:
    entry = caches["dashboard"].get(cache._key(user.pk, cache.CHECK_IN_LIST_PART))
    return entry is not None


@pytest.fixture
def check_ins(user):
    today = today_for(user)
    tag = TriggerFactory(name="Long sitting 4e1b")
    for back in range(5):
        entry = CheckInFactory(user=user, date=today - (back + 1) * DAY, pain_score=3)
    entry.triggers.add(tag)
    return user


def _check_in_through_the_service(user):
    services.check_in_record(user=user, date=today_for(user), pain_score=8)


def _notes_edited_outside_the_services(user):
    CheckIn.objects.filter(user=user).update(notes="Edited 4e1b")


def _tag_added_outside_the_services(user):
    CheckIn.objects.filter(user=user).first().triggers.add(
        TriggerFactory(name="Running 4e1b")
    )


def _tag_renamed_by_staff(user):
    Trigger.objects.filter(name="Long sitting 4e1b").update(name="Sitting 4e1b")


def _check_in_deleted(user):
    CheckIn.objects.filter(user=user).first().delete()


WRITES = {
    "a check-in, through the service": _check_in_through_the_service,
    "notes edited outside the services": _notes_edited_outside_the_services,
    "a tag added outside the services": _tag_added_outside_the_services,
    "a tag renamed by staff": _tag_renamed_by_staff,
    "a check-in deleted": _check_in_deleted,
}


@pytest.mark.parametrize("write", WRITES)
def test_every_change_shows_at_once(user_client, check_ins, write):
    _visit(user_client)
    before = _visit(user_client)
    assert _kept(check_ins)

    WRITES[write](check_ins)
    after = _visit(user_client)

    assert after != before
    assert after == _fresh(user_client)


def test_another_users_list_is_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    CheckInFactory(user=mine, date=today_for(mine), notes="Mine 4e1b")
    CheckInFactory(user=theirs, date=today_for(theirs), notes="Theirs 4e1b")

    client.force_login(theirs)
    their_list = _visit(client)
    client.force_login(mine)
    my_list = _visit(client)

    assert _kept(theirs) and _kept(mine)
    assert "Theirs 4e1b" in their_list and "Mine 4e1b" not in their_list
    assert "Mine 4e1b" in my_list and "Theirs 4e1b" not in my_list


def test_each_page_is_kept_apart(user_client, user):
    today = today_for(user)
    for back in range(30):
        CheckInFactory(user=user, date=today - back * DAY)

    first, second = _visit(user_client), _visit(user_client, "2")

    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert _visit(user_client) == first
    assert _visit(user_client, "2") == second


def test_forgetting_a_user_drops_their_list(user_client, check_ins):
    _visit(user_client)
    assert _kept(check_ins)

    cache.forget(check_ins.pk)

    assert not _kept(check_ins)
