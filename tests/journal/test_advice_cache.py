"""The advice for the next session is kept in process memory until the user's
journal, the content or their day changes (journal/cache.py): the player,
"log a session" and the latest session never show stale or someone else's
advice, whichever way the journal or the content was written."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from exercises import cache as content_cache
from exercises.models import Exercise, Routine
from journal import cache, services
from journal.models import (
    CheckIn,
    JournalVersion,
    Plan,
    Session,
    SessionExercise,
)
from journal.progression import ALERT_HOLD
from tests.factories import UserFactory, exercise_done
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PAGES = ["player", "session new", "session detail"]


def _routine() -> Routine:
    return Routine.objects.get(is_default=True)


def _history(user, today: datetime.date) -> None:
    """Three easy sessions of the default routine done in full and a low pain
    every day since: each exercise is suggested a step up."""
    routine = _routine()
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=today - back * DAY, pain_score=1)
        for back in range(1, 10)
    )
    for back in (7, 5, 3):
        session = Session.objects.create(
            user=user,
            date=today - back * DAY,
            routine=routine,
            pain_during=0,
            effort="right",
        )
        SessionExercise.objects.bulk_create(
            exercise_done(
                session,
                item.exercise,
                sets=item.sets,
                reps=item.reps,
                hold_seconds=item.hold_seconds,
                side=side,
            )
            for item in routine.items.all()
            for side in (["right", "left"] if item.per_side else [""])
        )


def _url(user, page: str) -> str:
    if page == "player":
        return reverse("journal:session", args=[_routine().slug])
    if page == "session new":
        return reverse("journal:session-new")
    return Session.objects.filter(user=user).latest("date").get_absolute_url()


def _main(html: str) -> str:
    """The page's main content, but for its forms' fresh tokens (a new CSRF
    mask and a new one-time token on every page)."""
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)
    return re.sub(r'name="token" value="[^"]*"', "", main)


def _visit(client, url: str) -> str:
    return _main(client.get(url).content.decode())


def _fresh(client, url: str) -> str:
    """The page worked out afresh, nothing kept."""
    caches["dashboard"].clear()
    return _visit(client, url)


def _kept_for(user) -> bool:
    advice = caches["dashboard"]
    return any(
        advice.get(cache._key(user.pk, part)) is not None
        for part in [cache.ADVICE_PART, cache.PLAYER_PAGE_PART]
    )


# The user's own writes, however they are made ---------------------------------


def _check_in_through_the_service(user, today):
    services.check_in_record(user=user, date=today, pain_score=9)


def _check_in_edited_outside_the_services(user, today):
    CheckIn.objects.filter(user=user, date=today - DAY).update(pain_score=9)


def _exercise_pain_edited_outside_the_services(user, today):
    latest = Session.objects.filter(user=user).latest("date")
    SessionExercise.objects.filter(session=latest).update(pain=7)


def _history_answered(user, today):
    # A warning sign only booked "soon" before is same-day with this history;
    # the alert itself needs the sign.
    CheckIn.objects.filter(user=user, date=today - DAY).update(pain_score=8)
    Plan.objects.filter(user=user).update(history_under_18=True)


WRITES = {
    "a check-in, through the service": _check_in_through_the_service,
    "a check-in edited outside the services": _check_in_edited_outside_the_services,
    "an exercise's pain edited outside the services": (
        _exercise_pain_edited_outside_the_services
    ),
    "the plan's history and a check-in": _history_answered,
}


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("page", PAGES)
def test_the_users_own_write_shows_at_once(user_client, user, page, write):
    today = today_for(user)
    _history(user, today)
    url = _url(user, page)
    _visit(user_client, url)
    before = _visit(user_client, url)
    assert _kept_for(user)

    WRITES[write](user, today)
    after = _visit(user_client, url)

    assert after != before
    assert after == _fresh(user_client, url)


@pytest.mark.parametrize("page", ["player", "session detail"])
def test_an_alert_from_a_check_in_holds_the_advice_at_once(user_client, user, page):
    today = today_for(user)
    _history(user, today)
    url = _url(user, page)
    before = _visit(user_client, url)

    services.check_in_record(user=user, date=today, pain_score=9)
    after = _visit(user_client, url)

    assert ALERT_HOLD not in before
    assert ALERT_HOLD in after


def test_a_recorded_session_moves_the_doses_at_once(user_client, user):
    today = today_for(user)
    _history(user, today)
    url = _url(user, "session new")
    before = _visit(user_client, url)

    Session.objects.filter(user=user).delete()
    after = _visit(user_client, url)

    assert after != before
    assert after == _fresh(user_client, url)


@pytest.mark.parametrize("page", PAGES)
def test_another_users_advice_is_never_shown(client, page):
    mine, theirs = UserFactory(), UserFactory()
    for user in (mine, theirs):
        _history(user, today_for(user))
    # As many writes each: the same journal version, the same day, the same
    # content; only the user tells the two apart.
    services.check_in_record(user=theirs, date=today_for(theirs), pain_score=9)
    services.check_in_record(user=mine, date=today_for(mine), pain_score=1)
    assert JournalVersion.objects.get(user_id=mine.pk).version == (
        JournalVersion.objects.get(user_id=theirs.pk).version
    )

    client.force_login(theirs)
    their_page = _visit(client, _url(theirs, page))
    client.force_login(mine)
    my_page = _visit(client, _url(mine, page))

    assert _kept_for(theirs) and _kept_for(mine)
    assert my_page != their_page
    assert my_page == _fresh(client, _url(mine, page))
    if page != "session new":  # the form shows the doses only
        assert ALERT_HOLD in their_page
        assert ALERT_HOLD not in my_page


def test_the_advice_moves_on_with_the_users_day(user_client, user, monkeypatch):
    today = today_for(user)
    _history(user, today)
    # Pain 9 six days ago: an alert of the last seven days, today, not tomorrow.
    CheckIn.objects.filter(user=user, date=today - 6 * DAY).update(pain_score=9)
    url = _url(user, "player")
    now = timezone.now()
    before = _visit(user_client, url)

    monkeypatch.setattr("django.utils.timezone.now", lambda: now + DAY)
    after = _visit(user_client, url)

    assert ALERT_HOLD in before
    assert ALERT_HOLD not in after
    assert after == _fresh(user_client, url)


# Content edits show at once ------------------------------------------------------


def _rename_exercise():
    exercise = _routine().items.first().exercise
    exercise.title = "Renamed exercise 5e2b"
    exercise.save()


def _change_a_dose_limit():
    """As staff's admin does: the item's exercise saved with its limits."""
    exercise = _routine().items.first().exercise
    exercise.reps_max = exercise.reps_min or 1
    exercise.hold_seconds_max = exercise.hold_seconds_min or 1
    exercise.save()


def _unpublish_in_bulk():
    """As a bulk action may: QuerySet.update moves no `updated_at`."""
    exercise = _routine().items.first().exercise
    Exercise.objects.filter(pk=exercise.pk).update(is_published=False)


def _delete_an_item():
    _routine().items.first().delete()


CONTENT_EDITS = {
    "rename an exercise": _rename_exercise,
    "lower an exercise's limits": _change_a_dose_limit,
    "unpublish an exercise in bulk": _unpublish_in_bulk,
    "delete a routine item": _delete_an_item,
}


@pytest.mark.parametrize("edit", CONTENT_EDITS)
@pytest.mark.parametrize("page", PAGES)
def test_a_content_edit_shows_at_once(user_client, user, page, edit):
    _history(user, today_for(user))
    url = _url(user, page)
    _visit(user_client, url)
    before = _visit(user_client, url)
    assert _kept_for(user)

    CONTENT_EDITS[edit]()
    after = _visit(user_client, url)

    assert after != before
    assert after == _fresh(user_client, url)


def test_forgetting_a_user_drops_their_advice(user_client, user):
    _history(user, today_for(user))
    for page in PAGES:
        user_client.get(_url(user, page))
    assert _kept_for(user)

    cache.forget(user.pk)

    assert not _kept_for(user)


def test_a_sent_form_is_never_answered_from_memory(user_client, user):
    """A session form sent with an error is read against the routine's
    exercises as they are, unpublished ones included: nothing is kept."""
    _history(user, today_for(user))

    response = user_client.post(_url(user, "session new"), {"effort": "right"})

    assert 'class="error-summary"' in response.content.decode()
    assert not _kept_for(user)


def test_log_a_session_without_any_routine_published_then_with_one(user_client, user):
    _history(user, today_for(user))
    url = _url(user, "session new")
    Routine.objects.update(is_published=False)
    without = user_client.get(url)

    Routine.objects.filter(pk=_routine().pk).update(is_published=True)
    after = _visit(user_client, url)

    assert without.status_code == HTTPStatus.OK
    assert "Suggested:" not in _main(without.content.decode())
    assert "Suggested:" in after
    assert after == _fresh(user_client, url)


@pytest.mark.parametrize(("page", "queries"), [("player", 13), ("session new", 14)])
def test_without_a_saved_plan_nothing_is_kept_and_no_query_is_added(
    user_client, user, page, queries, django_assert_num_queries
):
    """A user without a plan row has no version read with it: the page works
    the advice out afresh, in the queries it made before anything was kept
    (as for a user with a plan, and the default routine and its items)."""
    _history(user, today_for(user))
    Plan.objects.filter(user=user).delete()
    url = _url(user, page)
    user_client.get(url)

    with django_assert_num_queries(queries):
        html = user_client.get(url).content.decode()

    assert "Suggested:" in html or ALERT_HOLD not in html
    assert not _kept_for(user)


@pytest.mark.parametrize("edit", CONTENT_EDITS)
def test_a_content_edit_reaches_a_member_whose_advice_was_never_kept(client, edit):
    """The routine's items are kept once for everyone (exercises.selectors.
    routine_items_kept), under the content's version: a member who opens the
    dashboard after staff's edit reads the routine as edited, though another
    read it, and kept it, before."""
    first, second = UserFactory(), UserFactory()
    for person in (first, second):
        _history(person, today_for(person))
    dashboard = reverse("journal:dashboard")
    client.force_login(first)
    client.get(dashboard)

    CONTENT_EDITS[edit]()
    client.force_login(second)
    kept = _visit(client, dashboard)
    caches["dashboard"].clear()
    content_cache.forget()
    afresh = _visit(client, dashboard)

    assert kept == afresh
