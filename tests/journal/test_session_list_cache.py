"""The session list's pages are kept in process memory until the user's
journal changes (journal/cache.py, session_list): they never show a stale or
someone else's session, whichever way the journal was written."""

import pytest
from django.core.cache import caches
from django.urls import reverse

from exercises.models import Routine
from journal import cache, services
from journal.models import JournalVersion, Session, SessionExercise
from tests.factories import SessionFactory, UserFactory, exercise_done
from tests.journal.kept import main_without_tokens as _main
from tests.journal.test_dashboard import fill_history, today_for

pytestmark = pytest.mark.django_db

URL = reverse("journal:session-list")


def _visit(client, page: str | None = None) -> str:
    return _main(client.get(URL, {"page": page} if page else {}).content.decode())


def _fresh(client, page: str | None = None) -> str:
    caches["dashboard"].clear()
    return _visit(client, page)


def _kept(user) -> bool:
    return caches["dashboard"].get(cache._key(user.pk, cache.LIST_PART)) is not None


def _record(user, today):
    services.session_record(
        user=user,
        routine=Routine.objects.get(is_default=True),
        date=today,
        pain_during=2,
        effort="right",
        duration_minutes=41,
    )


def _notes_edited_outside_the_services(user, today):
    Session.objects.filter(user=user).update(duration_minutes=41)


def _row_cut_short_outside_the_services(user, today):
    latest = Session.objects.filter(user=user).latest("date")
    SessionExercise.objects.filter(session=latest).update(sets=1)


def _deleted(user, today):
    Session.objects.filter(user=user).latest("date").delete()


WRITES = {
    "a session, through the service": _record,
    "a session edited outside the services": _notes_edited_outside_the_services,
    "a row cut short outside the services": _row_cut_short_outside_the_services,
    "a session deleted": _deleted,
}


@pytest.mark.parametrize("write", WRITES)
def test_the_users_own_write_shows_at_once(user_client, user, write):
    today = today_for(user)
    fill_history(user, today, 7)
    _visit(user_client)
    before = _visit(user_client)
    assert _kept(user)

    WRITES[write](user, today)
    after = _visit(user_client)

    assert after != before
    assert after == _fresh(user_client)


def test_another_users_list_is_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    SessionFactory(user=mine, routine_title="Mine 7f3a")
    SessionFactory(user=theirs, routine_title="Theirs 7f3a")
    # The same version: only the user tells the two lists apart.
    assert JournalVersion.objects.get(user_id=mine.pk).version == (
        JournalVersion.objects.get(user_id=theirs.pk).version
    )

    client.force_login(theirs)
    their_list = _visit(client)
    client.force_login(mine)
    my_list = _visit(client)

    assert _kept(theirs) and _kept(mine)
    assert "Theirs 7f3a" in their_list and "Mine 7f3a" not in their_list
    assert "Mine 7f3a" in my_list and "Theirs 7f3a" not in my_list


def test_each_page_is_kept_and_moves_with_a_write(user_client, user):
    today = today_for(user)
    fill_history(user, today, 60)  # three pages of sessions
    first, second = _visit(user_client), _visit(user_client, "2")
    assert "Page 1 of 3" in first and "Page 2 of 3" in second

    session = SessionFactory(user=user, date=today, routine_title="New 7f3a")
    SessionExercise.objects.bulk_create(
        [
            exercise_done(session, row.exercise)
            for row in SessionExercise.objects.all()[:1]
        ]
    )
    after = _visit(user_client, "2")

    assert after != second
    assert after == _fresh(user_client, "2")
    assert "New 7f3a" in _visit(user_client)


def test_a_page_that_is_not_a_number_is_answered_but_not_kept(user_client, user):
    fill_history(user, today_for(user), 7)

    html = _visit(user_client, "last")

    assert "Page" not in html or "of 1" in html
    assert "In full" in html
    assert not _kept(user)


def test_forgetting_a_user_drops_their_list(user_client, user):
    fill_history(user, today_for(user), 7)
    _visit(user_client)
    assert _kept(user)

    cache.forget(user.pk)

    assert not _kept(user)
