"""The dashboard's body is kept in process memory until the user's journal
changes (journal/cache.py): it must never show stale or someone else's data,
whichever way the journal was written."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.apps import apps
from django.core.cache import caches
from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString

from exercises.models import Exercise
from journal import cache, selectors, series, services
from journal.models import (
    CalendarFeed,
    CheckIn,
    FunctionRating,
    JournalVersion,
    Plan,
    Reminder,
    ReminderDelivery,
    ReportShare,
    Session,
    SessionExercise,
    Trigger,
)
from psoasapp import services as account_services
from tests.db_triggers import triggers_on, version_triggers
from tests.factories import (
    CheckInFactory,
    PlanFactory,
    SessionFactory,
    UserFactory,
    exercise_done,
)
from tests.journal.test_dashboard import DASHBOARD, fill_history, today_for

pytestmark = pytest.mark.django_db


def main_of(html: str) -> str:
    """The page's main content, but for the CSRF tokens of its forms (a fresh
    mask on every page)."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", main)


def test_a_check_in_shows_on_the_next_visit(user_client, user):
    today = today_for(user)
    user_client.get(DASHBOARD)

    response = user_client.post(
        reverse("journal:check-in"), {"date": today.isoformat(), "pain_score": "9"}
    )
    html = user_client.get(DASHBOARD).content.decode()

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == CheckIn.objects.get(user=user).get_absolute_url()
    assert "pain 9 out of 10" in html


def _record_check_in(user, today):
    services.check_in_record(user=user, date=today, pain_score=4)


def _edit_check_in(user, today):
    entry = CheckInFactory(user=user, date=today - datetime.timedelta(days=1))
    services.check_in_update(
        check_in=entry, date=entry.date, pain_score=6, notes="", signs={}
    )


def _delete_check_in(user, today):
    services.check_in_delete(check_in=CheckInFactory(user=user, date=today))


def _record_session(user, today):
    plan = Plan.objects.get(user=user)
    services.session_record(
        user=user, routine=plan.routine, date=today, exercise_ids=[],
        pain_during=1, effort="easy",
    )  # fmt: skip


def _edit_session(user, today):
    session = SessionFactory(user=user, date=today)
    services.session_update(
        session=session, date=today, exercise_ids=[], pain_during=3,
        effort="hard", duration_minutes=None, notes="",
    )  # fmt: skip


def _delete_session(user, today):
    services.session_delete(session=SessionFactory(user=user, date=today))


def _change_plan(user, today):
    plan = Plan.objects.get(user=user)
    services.plan_update(
        plan=plan, weekly_target=5, routine=plan.routine, time_zone=plan.time_zone
    )


@pytest.mark.parametrize(
    "write",
    [
        _record_check_in,
        _edit_check_in,
        _delete_check_in,
        _record_session,
        _edit_session,
        _delete_session,
        _change_plan,
    ],
)
def test_every_write_moves_the_journal_version(user, write):
    today = today_for(user)
    before = version_of(user)

    write(user, today)

    assert version_of(user) > before


def version_of(user) -> int:
    row = JournalVersion.objects.filter(user_id=user.pk).first()
    return row.version if row else 0


def test_the_first_write_starts_the_version_and_stores_no_plan(user):
    """The plan used to be stored with the first write only to carry the
    version; the version is now the database's, and the plan is stored when
    the person saves it (or the browser's zone is adopted), as before."""
    services.check_in_record(user=user, date=datetime.date(2026, 1, 5), pain_score=2)

    assert version_of(user) == 1
    assert not Plan.objects.filter(user=user).exists()


@pytest.mark.parametrize("days", [7, 5 * 365])
def test_a_second_visit_is_served_from_memory_in_constant_queries(
    user_client, user, django_assert_num_queries, days
):
    fill_history(user, today_for(user), days)
    first = user_client.get(DASHBOARD).content.decode()

    # Session, user, and the plan with its routine: nothing of the journal.
    with django_assert_num_queries(3):
        second = user_client.get(DASHBOARD).content.decode()

    # The same page, but for the header's logout form (a fresh CSRF mask).
    assert main_of(second) == main_of(first)
    assert "in a row" in main_of(second)


def test_each_range_and_user_has_its_own_body(client, user):
    other = UserFactory()
    today = today_for(user)
    services.check_in_record(user=user, date=today, pain_score=8)
    services.check_in_record(user=other, date=today, pain_score=1)

    client.force_login(user)
    mine = client.get(DASHBOARD).content.decode()
    mine_all = client.get(DASHBOARD, {"range": "all"}).content.decode()
    client.force_login(other)
    theirs = client.get(DASHBOARD).content.decode()

    assert "pain 8 out of 10" in mine and "pain 8 out of 10" in mine_all
    assert "pain 8 out of 10" not in theirs and "pain 1 out of 10" in theirs
    assert main_of(mine_all) != main_of(mine)


def test_deleting_the_account_drops_its_bodies_and_version(rf, user, user_client):
    pk = user.pk  # the delete empties the instance's
    fill_history(user, today_for(user), 7)
    user_client.get(DASHBOARD)
    bodies = caches["dashboard"]
    key = f"journal:dashboard:{pk}:4w"
    assert bodies.get(key) is not None
    assert JournalVersion.objects.filter(user_id=pk).exists()

    request = rf.post("/account/delete/")
    request.user = UserFactory()
    account_services.account_delete(user=user, request=request)

    assert bodies.get(key) is None
    assert not CheckIn.objects.filter(user_id=pk).exists()
    assert not Session.objects.filter(user_id=pk).exists()
    # Written by the triggers while the rows went, then dropped with the rest.
    assert not JournalVersion.objects.filter(user_id=pk).exists()


# Every write shows on the next load, however it was made ---------------------------


def _entries(user, today):
    """A check-in and a session of yesterday, with its exercise rows."""
    check_in = CheckInFactory(user=user, date=today - datetime.timedelta(days=1))
    session = SessionFactory(user=user, date=today - datetime.timedelta(days=1))
    SessionExercise.objects.bulk_create(
        exercise_done(session, exercise) for exercise in Exercise.objects.all()[:2]
    )
    return check_in, session


def _link(entry) -> str:
    return f'href="{entry.get_absolute_url()}"'


def _raw(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _add_check_in(user, today, check_in, session):
    CheckIn.objects.create(user=user, date=today, pain_score=9)


def _add_check_ins_in_bulk(user, today, check_in, session):
    CheckIn.objects.bulk_create([CheckIn(user=user, date=today, pain_score=9)])


def _save_check_in(user, today, check_in, session):
    check_in.pain_score = 9
    check_in.save()


def _update_check_in(user, today, check_in, session):
    CheckIn.objects.filter(pk=check_in.pk).update(pain_score=9)


def _update_check_in_in_sql(user, today, check_in, session):
    _raw("UPDATE journal_checkin SET pain_score = 9 WHERE id = %s", check_in.pk)


def _delete_check_in(user, today, check_in, session):
    CheckIn.objects.get(pk=check_in.pk).delete()


def _delete_check_in_in_sql(user, today, check_in, session):
    _raw("DELETE FROM journal_checkin WHERE id = %s", check_in.pk)


def _update_session(user, today, check_in, session):
    Session.objects.filter(pk=session.pk).update(pain_during=9)


def _skip_the_exercises(user, today, check_in, session):
    SessionExercise.objects.filter(session=session).update(
        sets=0, reps=None, hold_seconds=None
    )


def _delete_session(user, today, check_in, session):
    Session.objects.filter(pk=session.pk).delete()


def _update_plan(user, today, check_in, session):
    Plan.objects.filter(user=user).update(weekly_target=7)


def _pain_9(html, check_in, session):
    return "pain 9 out of 10" in html


def _check_in_gone(html, check_in, session):
    return _link(check_in) not in html


# What is done, as a shell, a script or the admin would, and what shows next.
DIRECT_WRITES = {
    "add a check-in": (_add_check_in, _pain_9),
    "add check-ins in bulk": (_add_check_ins_in_bulk, _pain_9),
    "edit a check-in and save it": (_save_check_in, _pain_9),
    "edit a check-in with QuerySet.update": (_update_check_in, _pain_9),
    "edit a check-in in SQL": (_update_check_in_in_sql, _pain_9),
    "delete a check-in": (_delete_check_in, _check_in_gone),
    "delete a check-in in SQL": (_delete_check_in_in_sql, _check_in_gone),
    "edit a session with QuerySet.update": (
        _update_session,
        lambda html, check_in, session: "pain during 9 out of 10" in html,
    ),
    "edit only a session's exercise rows": (
        _skip_the_exercises,
        lambda html, check_in, session: "partly done" in html,
    ),
    "delete a session with QuerySet.delete": (
        _delete_session,
        lambda html, check_in, session: _link(session) not in html,
    ),
    "change the plan with QuerySet.update": (
        _update_plan,
        lambda html, check_in, session: "weekly target (7)" in html,
    ),
}


@pytest.mark.parametrize("change", DIRECT_WRITES)
def test_a_write_made_outside_the_services_shows_on_the_next_load(
    user_client, user, change
):
    """No service call moves the version: the database does, so a write made
    in a shell, the admin or a script that forgets every rule still shows."""
    write, shows = DIRECT_WRITES[change]
    today = today_for(user)
    check_in, session = _entries(user, today)
    before = main_of(user_client.get(DASHBOARD).content.decode())
    assert not shows(before, check_in, session)
    assert main_of(user_client.get(DASHBOARD).content.decode()) == before  # kept

    write(user, today, check_in, session)
    after = main_of(user_client.get(DASHBOARD).content.decode())

    assert shows(after, check_in, session)


def test_a_user_without_a_plan_sees_every_write(user_client, user):
    """Without a plan row the version is read on its own: one more query."""
    first = user_client.get(DASHBOARD).content.decode()
    CheckIn.objects.create(user=user, date=selectors.today_for(user), pain_score=9)

    second = user_client.get(DASHBOARD).content.decode()

    assert "pain 9 out of 10" not in first
    assert "pain 9 out of 10" in second
    assert not Plan.objects.filter(user=user).exists()


@pytest.mark.parametrize("days", [7, 5 * 365])
def test_without_a_plan_a_second_visit_costs_no_query_more(
    user_client, user, django_assert_num_queries, days
):
    fill_history(user, today_for(user), days)
    Plan.objects.filter(user=user).delete()
    user_client.get(DASHBOARD)

    # Session, user, and the plan (none) with the versions, as for a user
    # with a plan. (The default routine the unsaved plan follows is read only
    # when the body is drawn.)
    with django_assert_num_queries(3):
        user_client.get(DASHBOARD)


def test_another_users_write_keeps_my_body(user_client, user):
    fill_history(user, today_for(user), 7)
    user_client.get(DASHBOARD)
    bodies = caches["dashboard"]
    key = f"journal:dashboard:{user.pk}:4w"
    kept = bodies.get(key)

    CheckInFactory(user=UserFactory(), date=today_for(user), pain_score=9)
    user_client.get(DASHBOARD)

    assert bodies.get(key) == kept


def test_the_body_is_safe_html_from_memory_too(rf, user):
    request = rf.get(DASHBOARD)
    request.user = user

    _, made = cache.dashboard_body(
        request, chart_range=series.DEFAULT_RANGE, unknown_range=None
    )
    _, kept = cache.dashboard_body(
        request, chart_range=series.DEFAULT_RANGE, unknown_range=None
    )

    for body in (made, kept):
        assert isinstance(body.html, SafeString)
        assert isinstance(body.alerts, SafeString)
    assert kept == made


# Tables the dashboard never reads: the reminders' settings, their deliveries
# (written by the scheduler every minute: a trigger would throw every cached
# dashboard away each time) and the calendar address. The dashboard shows a
# plain link to the reminders page, whatever they hold.
# Tables whose writes the dashboard never shows: reminders, the report's
# links, staff's trigger tags (the dashboard names none), and a function
# score's ratings (its card reads only the scores' dates, which move the
# version through journal_functionscore's own triggers).
NOT_ON_THE_DASHBOARD = {
    Reminder,
    ReminderDelivery,
    CalendarFeed,
    ReportShare,
    Trigger,
    FunctionRating,
}


@pytest.mark.parametrize(
    "model",
    [
        model
        for model in apps.get_app_config("journal").get_models()
        if model is not JournalVersion and model not in NOT_ON_THE_DASHBOARD
    ],
    ids=lambda model: model.__name__,
)
def test_every_journal_table_moves_the_version(model):
    """A new journal table must join: its writes change what the dashboard may
    show. Migration 0007 shows how (triggers named journal_version_<table>)."""
    table = model._meta.db_table
    assert version_triggers("journal_version", table) <= triggers_on(table)


def test_forgetting_a_user_before_deleting_the_account_leaves_nothing(user):
    """However the account's deletion orders its steps, the version the
    triggers write while the journal's rows go does not outlive them."""
    fill_history(user, today_for(user), 7)

    services.account_forget(user_id=user.pk)

    assert not Plan.objects.filter(user=user).exists()
    assert not CheckIn.objects.filter(user=user).exists()
    assert not Session.objects.filter(user=user).exists()
    assert not JournalVersion.objects.filter(user_id=user.pk).exists()


# Content edits show at once (issue 15, case 3) ----------------------------------


def _default_routine():
    from exercises.models import Routine

    return Routine.objects.get(is_default=True)


def _rename_routine():
    routine = _default_routine()
    routine.title = "Renamed routine 5e2b"
    routine.save()
    return "Renamed routine 5e2b"


def _rename_exercise():
    exercise = _default_routine().items.first().exercise
    exercise.title = "Renamed exercise 5e2b"
    exercise.save()
    return "Renamed exercise 5e2b"


def _unpublish_in_bulk():
    """As a bulk action may: QuerySet.update moves no `updated_at`."""
    exercise = _default_routine().items.first().exercise
    Exercise.objects.filter(pk=exercise.pk).update(is_published=False)
    return lambda html: f"<h3>{exercise.title}</h3>" not in html


def _delete_an_item():
    item = _default_routine().items.first()
    item.delete()
    return lambda html: f"<h3>{item.exercise.title}</h3>" not in html


CONTENT_EDITS = {
    "rename the routine": _rename_routine,
    "rename an exercise": _rename_exercise,
    "unpublish an exercise in bulk": _unpublish_in_bulk,
    "delete a routine item": _delete_an_item,
}


@pytest.mark.parametrize("edit", CONTENT_EDITS)
def test_a_content_edit_shows_on_the_next_load(user_client, user, edit):
    fill_history(user, today_for(user), 7)
    user_client.get(DASHBOARD)
    before = main_of(user_client.get(DASHBOARD).content.decode())

    shows = CONTENT_EDITS[edit]()
    after = main_of(user_client.get(DASHBOARD).content.decode())

    if isinstance(shows, str):
        assert shows not in before and shows in after
    else:
        assert not shows(before) and shows(after)


def test_an_admin_edit_of_the_routine_title_shows_at_once(user_client, user):
    from django.test import Client

    from tests.exercises.test_guard import change_url, form_data

    client = Client()  # staff, beside the member's

    PlanFactory(user=user)
    first = user_client.get(DASHBOARD).content.decode()
    routine = _default_routine()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = form_data(client.get(change_url(routine)))
    data["title"] = "Edited in the admin 5e2b"

    response = client.post(change_url(routine), data)
    second = user_client.get(DASHBOARD).content.decode()

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("admin:exercises_routine_changelist")
    assert "Edited in the admin 5e2b" not in first
    assert "Edited in the admin 5e2b" in second


def test_an_unpublished_routine_is_never_started_from_the_dashboard(user_client, user):
    from exercises.models import Routine
    from tests.factories import RoutineFactory, RoutineItemFactory

    followed = RoutineItemFactory(routine=RoutineFactory(title="Old routine")).routine
    PlanFactory(user=user, routine=followed)
    user_client.get(DASHBOARD)
    Routine.objects.filter(pk=followed.pk).update(is_published=False)

    html = main_of(user_client.get(DASHBOARD).content.decode())

    old_player = reverse("journal:session", kwargs={"slug": followed.slug})
    default = _default_routine()
    assert old_player not in html
    assert "“Old routine”, the routine in your plan, is no longer offered" in html
    assert reverse("journal:session", kwargs={"slug": default.slug}) in html
    assert user_client.get(old_player).status_code == HTTPStatus.NOT_FOUND


def test_without_a_published_default_the_dashboard_offers_the_plan(user_client, user):
    from exercises.models import Routine

    default = _default_routine()
    PlanFactory(user=user)
    user_client.get(DASHBOARD)
    Routine.objects.filter(pk=default.pk).update(is_published=False)

    html = main_of(user_client.get(DASHBOARD).content.decode())

    assert reverse("journal:session", kwargs={"slug": default.slug}) not in html
    assert "is no longer offered" in html
    assert "choose another routine in your plan" in html
    plan_page = user_client.get(reverse("journal:plan")).content.decode()
    assert f"“{default.title}”, the routine you followed, is no longer offered" in (
        plan_page
    )


def test_a_plan_whose_routine_was_deleted_is_offered_the_default(user_client, user):
    """Staff deleted the routine the member followed (Plan.routine is then
    empty): the dashboard offers the default, as to a new member, without
    claiming the plan never had a routine."""
    from tests.factories import RoutineFactory, RoutineItemFactory

    followed = RoutineItemFactory(routine=RoutineFactory(title="Old routine")).routine
    PlanFactory(user=user, routine=followed)
    user_client.get(DASHBOARD)
    followed.delete()

    html = main_of(user_client.get(DASHBOARD).content.decode())

    default = _default_routine()
    assert Plan.objects.get(user=user).routine is None
    assert reverse("journal:session", kwargs={"slug": default.slug}) in html
    assert f"Start “{default.title}”" in html
    assert "Your plan has no routine at the moment" in html
    assert f"this page suggests “{default.title}”, the recommended routine" in html
    assert "no routine yet" not in html


def test_a_plan_without_a_routine_and_no_default_links_to_the_plan(user_client, user):
    from exercises.models import Routine

    PlanFactory(user=user, routine=None)
    Routine.objects.update(is_default=False)

    html = main_of(user_client.get(DASHBOARD).content.decode())

    assert "/session/" not in html.replace(reverse("journal:session-new"), "")
    assert "Your plan has no routine at the moment" in html
    assert f'<a href="{reverse("journal:plan")}">choose one in your plan settings' in (
        html
    )


def test_a_user_without_a_plan_is_offered_the_default_routine_from_memory_too(
    user_client, user
):
    """The unsaved plan's default routine is read only when the body is
    drawn: the kept body offers it as the first did."""
    routine = _default_routine()

    first = main_of(user_client.get(DASHBOARD).content.decode())
    second = main_of(user_client.get(DASHBOARD).content.decode())

    assert second == first
    assert reverse("journal:session", args=[routine.slug]) in second
    assert "Your plan has no routine at the moment" not in second
    assert not Plan.objects.filter(user=user).exists()
