"""After a write, the dashboard's body is drawn again (journal/cache.py), but
its sessions-per-week chart only when the chart changed: it is kept under a
digest of its data, so a check-in (the usual write before the page) does not
redraw it, and a session does, at once. And a kept body never says an offset
from UTC that no longer holds."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse

from journal import cache
from journal.models import CheckIn, Session
from tests.factories import CheckInFactory, SessionFactory, UserFactory
from tests.journal.kept import main_without_tokens
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

URL = reverse("journal:dashboard")
DAY = datetime.timedelta(days=1)


@pytest.fixture
def drawn(monkeypatch):
    """The templates journal/cache.py renders, in order; the body, which
    journal/dashboard_html.py writes in Python, as its template's name."""
    from journal import dashboard_html

    names = []
    render = cache.render_to_string
    body = dashboard_html.dashboard_body_html

    def counting(template_name, *args, **kwargs):
        names.append(template_name)
        return render(template_name, *args, **kwargs)

    def body_counting(context):
        names.append(cache.BODY_TEMPLATE)
        return body(context)

    monkeypatch.setattr(cache, "render_to_string", counting)
    monkeypatch.setattr(dashboard_html, "dashboard_body_html", body_counting)
    return names


@pytest.fixture
def journal(user):
    today = today_for(user)
    for back in range(10):
        CheckInFactory(user=user, date=today - back * DAY, pain_score=3)
        if back % 3 == 0:
            SessionFactory(user=user, date=today - back * DAY)
    return today


def _page(client) -> str:
    return main_without_tokens(client.get(URL).content.decode())


def _fresh(client) -> str:
    caches["dashboard"].clear()
    return _page(client)


def test_a_check_in_redraws_the_body_but_not_the_sessions_chart(
    user_client, user, journal, drawn
):
    _page(user_client)
    assert drawn.count(cache.ADHERENCE_TEMPLATE) == 1

    # Written outside the services: the database moves the journal version.
    CheckIn.objects.filter(user=user, date=journal).update(pain_score=8)
    page = _page(user_client)

    assert drawn.count(cache.BODY_TEMPLATE) == 2
    assert drawn.count(cache.ADHERENCE_TEMPLATE) == 1
    assert "pain 8 out of 10" in page
    assert page == _fresh(user_client)


def test_a_session_redraws_the_sessions_chart_at_once(
    user_client, user, journal, drawn
):
    before = _page(user_client)

    # Written outside the services: the database moves the journal version.
    Session.objects.create(user=user, date=journal - DAY, pain_during=1, effort="right")
    after = _page(user_client)

    assert drawn.count(cache.ADHERENCE_TEMPLATE) == 2
    assert after != before
    assert after == _fresh(user_client)


def test_two_members_with_the_same_sessions_each_draw_their_own(
    client, user, journal, drawn
):
    other = UserFactory()
    other_today = today_for(other)
    for back in range(10):
        CheckInFactory(user=other, date=other_today - back * DAY, pain_score=3)
        if back % 3 == 0:
            SessionFactory(user=other, date=other_today - back * DAY)

    for member in (user, other):
        client.force_login(member)
        client.get(URL)

    assert drawn.count(cache.ADHERENCE_TEMPLATE) == 2
    for member in (user, other):
        assert caches["dashboard"].get(cache._key(member.pk, cache.ADHERENCE_PART))


def test_the_kept_body_says_the_new_offset_on_the_day_the_clocks_change(
    user_client, user, monkeypatch
):
    """New York's clocks go back at 2:00 on 1 November 2026: the dashboard
    kept at 1:00 (UTC−04:00) is not shown at 3:00, the same local day, with
    the offset it had."""
    from django.utils import timezone

    from journal.models import Plan

    Plan.objects.update_or_create(
        user=user,
        defaults={"time_zone": "America/New_York", "time_zone_known": True},
    )
    before = datetime.datetime(2026, 11, 1, 5, 0, tzinfo=datetime.UTC)  # 1:00 EDT
    after = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC)  # 3:00 EST
    monkeypatch.setattr(timezone, "now", lambda: before)
    assert "America/New York (UTC−04:00)" in _page(user_client)

    monkeypatch.setattr(timezone, "now", lambda: after)
    page = _page(user_client)

    assert "America/New York (UTC−05:00)" in page
    assert "UTC−04:00" not in page
    assert "Sunday 1 November" in page


def test_forgetting_a_member_drops_their_kept_chart(user_client, user, journal):
    _page(user_client)
    key = cache._key(user.pk, cache.ADHERENCE_PART)
    assert caches["dashboard"].get(key)

    cache.forget(user.pk)

    assert caches["dashboard"].get(key) is None
