"""The session player's page is kept in process memory until the user's
journal, the content or their day changes (journal/cache.py, player_page_kept):
it never shows a stale or someone else's page, and never keeps a token."""

import datetime
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.urls import reverse

from exercises.models import Routine
from journal import cache
from journal.models import JournalVersion, Session
from tests.factories import PlanFactory, SessionFactory, UserFactory
from tests.journal.kept import main_without_tokens
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

SLUG = "iliopsoas-relief"
URL = reverse("journal:session", args=[SLUG])
RECORDED_TODAY = "You already recorded a session of this routine today"
ONE_TIME_TOKEN = re.compile(r'name="token" value="([^"]*)"')


def _main(html: str) -> str:
    return ONE_TIME_TOKEN.sub("", main_without_tokens(html))


def _visit(client) -> str:
    return _main(client.get(URL).content.decode())


def _fresh(client) -> str:
    caches["dashboard"].clear()
    return _visit(client)


def _kept(user):
    entry = caches["dashboard"].get(cache._key(user.pk, cache.PLAYER_PAGE_PART))
    return entry[1].get(SLUG) if entry else None


class _FinishForm(HTMLParser):
    """What a browser sends of the player's form untouched: its inputs,
    checked boxes and selected options, as the page's HTML holds them (a kept
    page has no form object to read them from)."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.select: str | None = None
        self.data: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-finish-form" in attrs:
            self.inside = True
        elif not self.inside:
            return
        elif tag == "input" and (
            attrs.get("type") not in ("radio", "checkbox") or "checked" in attrs
        ):
            self.data[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None


def finish(client, **data):
    """Send the page's form as it is, with a pain score and an effort."""
    form = _FinishForm()
    form.feed(client.get(URL).content.decode())
    form.data.update({"pain_during": "2", "effort": "right", **data})
    return client.post(URL, form.data)


def _session(user, day):
    return SessionFactory(user=user, date=day, routine=Routine.objects.get(slug=SLUG))


@pytest.fixture
def planned(user):
    PlanFactory(user=user)
    return user


def test_a_session_recorded_through_the_player_shows_at_once(user_client, planned):
    before = _visit(user_client)
    assert _visit(user_client) == before
    assert _kept(planned) is not None
    assert RECORDED_TODAY not in before

    response = finish(user_client)
    user_client.get(URL)  # says "Session recorded", once
    after = _visit(user_client)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == Session.objects.get(user=planned).get_absolute_url()
    assert RECORDED_TODAY in after
    assert after == _fresh(user_client)


@pytest.mark.parametrize("write", ["moved to today", "deleted"])
def test_a_session_written_outside_the_services_shows_at_once(
    user_client, planned, write
):
    today = today_for(planned)
    _session(planned, today if write == "deleted" else today.replace(year=2020))
    before = _visit(user_client)
    assert _kept(planned) is not None

    if write == "deleted":
        Session.objects.filter(user=planned).delete()
    else:
        Session.objects.filter(user=planned).update(date=today)
    after = _visit(user_client)

    assert (RECORDED_TODAY in after) is (write != "deleted")
    assert after != before
    assert after == _fresh(user_client)


def test_the_tokens_are_the_requests_own_and_never_kept(user_client, planned):
    first = user_client.get(URL).content.decode()
    second = user_client.get(URL).content.decode()

    tokens = [ONE_TIME_TOKEN.findall(html) for html in (first, second)]
    assert all(len(found) == 1 for found in tokens)
    assert tokens[0] != tokens[1]
    kept = _kept(planned)
    for part in (kept.alerts, kept.head, kept.finish, kept.doses):
        assert 'name="token"' not in part
        assert "csrfmiddlewaretoken" not in part
        assert 'name="routine_key"' not in part
    # The kept page still has every field the form sends.
    assert 'name="routine_key"' in second
    main = second[second.index("<main") : second.index("</main>")]
    assert main.count('name="csrfmiddlewaretoken"') == 1
    assert "_sets" in kept.doses and 'name="effort"' in kept.doses


def test_another_users_page_is_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    for user in (mine, theirs):
        PlanFactory(user=user)
    _session(theirs, today_for(theirs))
    # As many writes each: the same journal version, the same content and
    # day; only the user tells the two apart.
    JournalVersion.objects.filter(user_id=mine.pk).update(
        version=JournalVersion.objects.get(user_id=theirs.pk).version
    )

    client.force_login(theirs)
    their_page = _visit(client)
    client.force_login(mine)
    my_page = _visit(client)

    assert RECORDED_TODAY in their_page
    assert RECORDED_TODAY not in my_page
    assert my_page == _fresh(client)


def test_an_unpublished_routine_answers_404_at_once(user_client, planned):
    _visit(user_client)

    Routine.objects.filter(slug=SLUG).update(is_published=False)

    assert user_client.get(URL).status_code == HTTPStatus.NOT_FOUND


def test_an_unknown_routine_keeps_nothing(user_client, planned):
    response = user_client.get(reverse("journal:session", args=["no-such"]))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "<h1>Page not found</h1>" in response.content.decode()
    assert caches["dashboard"].get(cache._key(planned.pk, cache.PLAYER_PAGE_PART)) in (
        None,
        (None, {}),
    )


def test_a_sent_form_is_drawn_afresh_and_never_kept(user_client, planned):
    kept = _visit(user_client)

    response = finish(user_client, duration_minutes="forty")
    html = _main(response.content.decode())

    assert response.status_code == HTTPStatus.OK
    assert 'class="error-summary"' in html
    assert 'value="forty"' in html
    assert _visit(user_client) == kept
    assert 'value="forty"' not in kept


def test_forgetting_a_user_drops_their_player(user_client, planned):
    _visit(user_client)
    assert _kept(planned) is not None

    cache.forget(planned.pk)

    assert _kept(planned) is None


@pytest.mark.parametrize("days", [7, 60])
def test_a_kept_page_is_read_with_one_query(
    user_client, planned, django_assert_num_queries, days
):
    """The session, the user, and the plan with the journal's and content's
    versions, whatever the journal holds."""
    for back in range(days):
        _session(planned, today_for(planned) - datetime.timedelta(days=back))
    _visit(user_client)

    with django_assert_num_queries(3):
        html = user_client.get(URL).content.decode()

    assert "Finish and record the session" in html


def test_the_kept_page_says_the_new_offset_on_the_day_the_clocks_change(
    user_client, user, monkeypatch
):
    """New York's clocks go back at 2:00 on 1 November 2026: the player kept
    at 1:00 (UTC−04:00) is not shown at 3:00, the same local day, with the
    offset it had (its finish form says the zone the date follows)."""
    from django.utils import timezone

    PlanFactory(user=user, time_zone="America/New_York", time_zone_known=True)
    before = datetime.datetime(2026, 11, 1, 5, 0, tzinfo=datetime.UTC)  # 1:00 EDT
    after = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC)  # 3:00 EST
    monkeypatch.setattr(timezone, "now", lambda: before)
    assert "America/New York (UTC−04:00)" in _visit(user_client)
    assert _kept(user) is not None

    monkeypatch.setattr(timezone, "now", lambda: after)
    page = _visit(user_client)

    assert "America/New York (UTC−05:00)" in page
    assert "UTC−04:00" not in page
