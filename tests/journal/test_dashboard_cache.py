"""The dashboard's body is kept in process memory until the user's journal
changes (journal/cache.py): it must never show stale or someone else's data."""

import datetime
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.urls import reverse

from journal import services
from journal.models import CheckIn, Plan, Session
from psoasapp import services as account_services
from tests.factories import CheckInFactory, SessionFactory, UserFactory
from tests.journal.test_dashboard import DASHBOARD, fill_history, today_for

pytestmark = pytest.mark.django_db


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


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
    before = Plan.objects.get(user=user).journal_version

    write(user, today)

    assert Plan.objects.get(user=user).journal_version > before


def test_the_first_write_stores_the_plan(user):
    services.check_in_record(user=user, date=datetime.date(2026, 1, 5), pain_score=2)

    assert Plan.objects.get(user=user).journal_version == 1


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


def test_deleting_the_account_drops_its_bodies(rf, user, user_client):
    fill_history(user, today_for(user), 7)
    user_client.get(DASHBOARD)
    bodies = caches["dashboard"]
    key = f"journal:dashboard:{user.pk}:4w"
    assert bodies.get(key) is not None

    request = rf.post("/account/delete/")
    request.user = UserFactory()
    account_services.account_delete(user=user, request=request)

    assert bodies.get(key) is None
    assert not CheckIn.objects.filter(user_id=user.pk).exists()
    assert not Session.objects.filter(user_id=user.pk).exists()
