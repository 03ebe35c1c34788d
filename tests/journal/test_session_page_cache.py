"""A session's page is kept in process memory until the user's journal, the
content or their day changes (journal/cache.py, session_page_kept): an edit
or a deletion shows at once, whichever way it is made, and no one sees
another's session."""

import datetime
from http import HTTPStatus

import pytest
from django.core.cache import caches

from exercises.models import Routine
from journal import cache
from journal.models import Session, SessionExercise
from tests.factories import PlanFactory, SessionFactory, UserFactory, exercise_done
from tests.journal.kept import main_without_tokens as _main
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _session(user, back: int = 0, **fields) -> Session:
    routine = Routine.objects.get(is_default=True)
    session = SessionFactory(
        user=user, date=today_for(user) - back * DAY, routine=routine, **fields
    )
    SessionExercise.objects.bulk_create(
        exercise_done(session, item.exercise) for item in routine.items.all()
    )
    return session


def _visit(client, session: Session) -> str:
    return _main(client.get(session.get_absolute_url()).content.decode())


def _fresh(client, session: Session) -> str:
    caches["dashboard"].clear()
    return _visit(client, session)


def _kept(user, session: Session):
    entry = caches["dashboard"].get(cache._key(user.pk, cache.SESSION_PAGE_PART))
    return entry[1].get(str(session.pk)) if entry else None


@pytest.fixture
def planned(user):
    PlanFactory(user=user)
    return user


def test_an_edit_through_the_site_shows_at_once(user_client, planned):
    session = _session(planned, notes="Before 3f9a")
    _visit(user_client, session)
    before = _visit(user_client, session)
    assert _kept(planned, session) is not None
    form = user_client.get(f"{session.get_absolute_url()}edit/").context["form"]
    data = {
        name: str(form[name].value())
        for name in form.fields
        if form[name].value() is not None
    }

    response = user_client.post(
        f"{session.get_absolute_url()}edit/", {**data, "notes": "After 3f9a"}
    )
    user_client.get(session.get_absolute_url())  # says it is saved, once
    after = _visit(user_client, session)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == session.get_absolute_url()
    assert "Before 3f9a" in before and "After 3f9a" in after
    assert after == _fresh(user_client, session)


def _notes_edited_outside_the_services(session):
    Session.objects.filter(pk=session.pk).update(notes="Edited 3f9a")


def _row_pain_edited_outside_the_services(session):
    SessionExercise.objects.filter(session=session).update(pain=7)


def _a_later_session(session):
    """The page was the latest's: its suggestions go."""
    SessionFactory(user=session.user, date=session.date + DAY)


WRITES = {
    "notes edited outside the services": _notes_edited_outside_the_services,
    "a row's pain edited outside the services": _row_pain_edited_outside_the_services,
    "a later session": _a_later_session,
}


@pytest.mark.parametrize("write", WRITES)
def test_every_change_shows_at_once(user_client, planned, write):
    session = _session(planned, back=1)
    _visit(user_client, session)
    before = _visit(user_client, session)

    WRITES[write](session)
    after = _visit(user_client, session)

    assert after != before
    assert after == _fresh(user_client, session)


def test_a_deleted_session_answers_404_at_once(user_client, planned):
    session = _session(planned)
    _visit(user_client, session)

    Session.objects.filter(pk=session.pk).delete()

    assert user_client.get(session.get_absolute_url()).status_code == 404


def test_another_users_session_is_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    for user in (mine, theirs):
        PlanFactory(user=user)
    their_session = _session(theirs, notes="Theirs 3f9a")
    my_session = _session(mine, notes="Mine 3f9a")

    client.force_login(theirs)
    assert "Theirs 3f9a" in _visit(client, their_session)
    client.force_login(mine)
    response = client.get(their_session.get_absolute_url())

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert _kept(mine, their_session) is None
    assert "Mine 3f9a" in _visit(client, my_session)
    assert "Theirs 3f9a" not in str(
        caches["dashboard"].get(cache._key(mine.pk, cache.SESSION_PAGE_PART))
    )


def test_the_players_note_is_never_kept(user_client, planned):
    """The page a recorded session redirects to tells the browser, once, to
    forget the player's progress."""
    session = _session(planned)
    session_store = user_client.session
    session_store["journal_player_recorded"] = {
        "routine": "iliopsoas-relief",
        "day": session.date.isoformat(),
    }
    session_store.save()

    first = user_client.get(session.get_absolute_url()).content.decode()
    second = user_client.get(session.get_absolute_url()).content.decode()

    assert "data-player-recorded" in first
    assert "data-player-recorded" not in second
    assert "data-player-recorded" not in _kept(planned, session).body


def test_forgetting_a_user_drops_their_sessions(user_client, planned):
    session = _session(planned)
    _visit(user_client, session)
    assert _kept(planned, session) is not None

    cache.forget(planned.pk)

    assert _kept(planned, session) is None


@pytest.mark.parametrize("days", [3, 200])
@pytest.mark.parametrize("latest", [True, False])
def test_a_kept_session_is_read_with_one_query(
    user_client, planned, django_assert_num_queries, days, latest
):
    """The session, the user, and the plan with the versions and the latest
    session's id, whatever the journal holds."""
    for back in range(1, days):
        _session(planned, back=back)
    session = _session(planned, back=0 if latest else days)
    first = _visit(user_client, session)

    with django_assert_num_queries(3):
        second = _visit(user_client, session)

    assert second == first
    assert ("Suggestions for your next session" in second) is latest
