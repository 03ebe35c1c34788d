"""The forms' pages keep what an unbound form draws (journal/cache.py, issue
20): "log a session"'s doses (under the advice's tag) and its routine chooser
(under the content's version); the plan page's fields (under the journal's
and the content's versions and the hour of the zones' labels); the check-in
form's, new and edited (under the journal's version, the tags' state, the
check-ins' links to them and the person's today); the function page's
(under the journal's version, every rating and the person's today); the
reminders page's (under the reminders they show). A kept page
is the page drawn afresh, but for the tokens each request gets; a write of
the person's, whichever way it is made, shows on the next page; no one gets
another's; a sent form is drawn afresh; and no token is ever kept."""

import datetime
import pickle
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from exercises import selectors as content
from exercises.models import Routine
from journal import cache, selectors, services, triage
from journal.forms import CheckInForm, FunctionForm, PlanForm
from journal.models import (
    CheckIn,
    FunctionRating,
    FunctionScore,
    JournalVersion,
    Plan,
    Reminder,
    ReminderKind,
    Session,
    SessionExercise,
    Trigger,
)
from journal.models.reminders import EVERY_DAY
from journal.views import entries
from journal.views import function as function_views
from journal.views import reminders as reminder_views
from tests.factories import (
    PlanFactory,
    RoutineFactory,
    RoutineItemFactory,
    UserFactory,
    function_score,
)
from tests.journal.kept import CSRF_TOKEN as CSRF
from tests.journal.kept import main_without_tokens
from tests.journal.test_advice_cache import _history
from tests.journal.test_dashboard import today_for
from tests.journal.test_queries import fill

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
LOG = reverse("journal:session-new")
TOKEN = re.compile(r'name="token" value="([^"]*)"')


def _main(html: str) -> str:
    """The page's main content, without its CSRF tokens and one-time token."""
    return TOKEN.sub("", main_without_tokens(html))


def _visit(client, url: str = LOG) -> str:
    return _main(client.get(url).content.decode())


def _forget_all() -> None:
    caches["dashboard"].clear()
    cache.forget_content()


def _fresh(client, url: str = LOG) -> str:
    """The page drawn afresh, nothing kept."""
    _forget_all()
    return _visit(client, url)


class _PostForm(HTMLParser):
    """The values a browser sends from a page's POST form, untouched: its
    inputs (checked ones only, for radios and checkboxes), selected options
    and text areas."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def _add(self, name, value) -> None:
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_form = attrs.get("method") == "post"
        if not self._in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            if attrs.get("type") in ("radio", "checkbox") and "checked" not in attrs:
                return
            self._add(attrs["name"], attrs.get("value") or "")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs["value"])
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self._add(self._textarea, "")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _post_form(html: str) -> dict[str, list[str]]:
    parser = _PostForm()
    parser.feed(html)
    return parser.data


def _kept_doses(user):
    return caches["dashboard"].get(cache._key(user.pk, cache.SESSION_FORM_PART))


def _everything_kept(user) -> bytes:
    """What this process keeps for `user` and for everyone, as bytes."""
    return pickle.dumps(
        (_kept_doses(user), dict(cache._content_parts)),
        protocol=pickle.HIGHEST_PROTOCOL,
    )


# "Log a session" ----------------------------------------------------------------


@pytest.fixture
def history(user):
    _history(user, today_for(user))
    return user


def test_a_kept_log_page_is_the_page_drawn_afresh(user_client, history):
    first = user_client.get(LOG).content.decode()
    kept = user_client.get(LOG).content.decode()

    assert _kept_doses(history) is not None
    assert ("routine-chooser", Routine.objects.get(is_default=True).pk) in (
        cache._content_parts
    )
    assert _main(kept) == _main(first) == _fresh(user_client)
    # As the page draws it without keeping anything: its form (every field
    # drawn in the page's template) and the chooser (bound to the routine).
    routine = Routine.objects.get(is_default=True)
    assert _main(kept) == _visit(user_client, f"{LOG}?routine={routine.pk}")
    assert 'name="dose_' in kept
    assert '<select name="routine"' in kept


def test_each_log_page_has_its_own_token_and_none_is_kept(user_client, history):
    pages = [user_client.get(LOG).content.decode() for _ in range(3)]

    tokens = [TOKEN.search(page).group(1) for page in pages]
    assert len(set(tokens)) == 3
    kept = _everything_kept(history)
    for token in tokens:
        assert token.encode() not in kept
    assert b"csrfmiddlewaretoken" not in kept


def test_a_session_recorded_through_the_site_moves_the_doses(user_client, history):
    before = _visit(user_client)

    form = _post_form(user_client.get(LOG).content.decode())
    form.update({"pain_during": ["9"], "effort": ["hard"]})
    response = user_client.post(LOG, form)
    user_client.get(response["Location"])  # shows (and drops) the message
    after = _visit(user_client)

    assert response.status_code == HTTPStatus.FOUND
    assert Session.objects.filter(user=history).count() == 4
    assert after != before
    assert after == _fresh(user_client)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda user: SessionExercise.objects.filter(session__user=user).update(
                pain=8
            ),
            id="session rows edited outside the services",
        ),
        pytest.param(
            lambda user: Session.objects.filter(user=user).delete(),
            id="sessions deleted outside the services",
        ),
        pytest.param(
            lambda user: services.check_in_record(
                user=user, date=today_for(user), pain_score=9
            ),
            id="a check-in through the service",
        ),
    ],
)
def test_the_users_own_write_shows_on_the_next_log_page(user_client, history, write):
    _visit(user_client)
    before = _visit(user_client)

    write(history)
    after = _visit(user_client)

    assert after != before
    assert after == _fresh(user_client)


def test_the_plans_routine_changed_shows_chosen_at_once(user_client, history):
    other = RoutineFactory(title="Desk break 7f1c")
    RoutineItemFactory(routine=other)
    before = _visit(user_client)

    Plan.objects.filter(user=history).update(routine=other)
    after = _visit(user_client)

    assert "Desk break 7f1c" in before  # offered, not chosen
    assert f'<option value="{other.pk}" selected>' in after
    assert "<strong>Routine:</strong> Desk break 7f1c" in after
    assert after == _fresh(user_client)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            lambda: RoutineFactory(title="New routine 2b8e"), id="a routine added"
        ),
        pytest.param(
            lambda: Routine.objects.filter(is_default=False).update(is_published=False),
            id="routines unpublished in bulk",
        ),
        pytest.param(
            lambda: Routine.objects.get(is_default=True).delete(),
            id="the plan's routine deleted",
        ),
    ],
)
def test_a_routine_edit_shows_in_the_chooser_at_once(user_client, history, edit):
    RoutineFactory(title="Other routine 4d1a")
    _visit(user_client)
    before = _visit(user_client)

    edit()
    after = _visit(user_client)

    assert after != before
    assert after == _fresh(user_client)


def test_another_users_doses_are_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    for user in (mine, theirs):
        _history(user, today_for(user))
    # As many writes each: the same journal version, the same day, the same
    # content; only the user tells the two apart (their alert holds the doses).
    services.check_in_record(user=theirs, date=today_for(theirs), pain_score=9)
    services.check_in_record(user=mine, date=today_for(mine), pain_score=1)
    assert JournalVersion.objects.get(user_id=mine.pk).version == (
        JournalVersion.objects.get(user_id=theirs.pk).version
    )

    client.force_login(theirs)
    _visit(client)
    theirs_page = _visit(client)
    client.force_login(mine)
    my_page = _visit(client)

    assert _kept_doses(theirs) is not None and _kept_doses(mine) is not None
    assert my_page != theirs_page
    assert my_page == _fresh(client)


def test_a_sent_log_form_is_drawn_afresh_and_keeps_nothing(user_client, history):
    response = user_client.post(LOG, {"effort": "right"})

    assert 'class="error-summary"' in response.content.decode()
    assert _kept_doses(history) is None


def test_a_routine_asked_for_is_drawn_afresh(user_client, history):
    other = RoutineFactory(title="Desk break 9a3e")
    RoutineItemFactory(routine=other)

    page = _visit(user_client, f"{LOG}?routine={other.pk}")

    assert "<strong>Routine:</strong> Desk break 9a3e" in page
    assert _kept_doses(history) is None
    assert not cache._content_parts


def test_forgetting_a_user_drops_their_log_page(user_client, history):
    user_client.get(LOG)
    assert _kept_doses(history) is not None

    cache.forget(history.pk)

    assert _kept_doses(history) is None


@pytest.mark.parametrize("days", [7, 1000])
def test_a_second_log_page_reads_the_plan_only(
    user_client, user, django_assert_num_queries, days
):
    fill(user, days)
    first = user_client.get(LOG).content.decode()

    # Session, user, and the plan with its routine and both versions.
    with django_assert_num_queries(3):
        second = user_client.get(LOG).content.decode()

    assert _main(second) == _main(first)


# The plan page ------------------------------------------------------------------

PLAN = reverse("journal:plan")


def _kept_plan(user):
    return caches["dashboard"].get(cache._key(user.pk, cache.PLAN_FORM_PART))


@pytest.fixture
def planned(user):
    PlanFactory(user=user, time_zone="Europe/Paris", time_zone_known=True)
    return user


def _drawn_inline(monkeypatch) -> None:
    """The plan page as its template draws it with the form (nothing kept,
    nothing drawn apart)."""
    page = entries._plan_page

    def inline(request, plan, form, *, fields_html=None):
        if form is None:
            form = PlanForm(instance=plan, routines=content.routines_published())
        return page(request, plan, form)

    monkeypatch.setattr(entries, "_plan_page", inline)


def test_a_kept_plan_page_is_the_page_drawn_afresh(user_client, planned, monkeypatch):
    first = user_client.get(PLAN).content.decode()
    kept = user_client.get(PLAN).content.decode()

    assert _kept_plan(planned) is not None
    assert _main(kept) == _main(first) == _visit(user_client, PLAN)
    assert '<option value="Europe/Paris" selected>' in kept
    _drawn_inline(monkeypatch)
    assert _main(kept) == _visit(user_client, PLAN)


def test_the_plan_saved_through_the_site_shows_at_once(user_client, planned):
    other = RoutineFactory(title="Desk break 3c5d")
    RoutineItemFactory(routine=other)
    _visit(user_client, PLAN)

    response = user_client.post(
        PLAN,
        {"weekly_target": "6", "routine": str(other.pk), "time_zone": "Asia/Tokyo"},
    )
    after = _visit(user_client, PLAN)
    again = _visit(user_client, PLAN)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("journal:dashboard")
    assert "Your plan is saved." in after  # the message, once
    assert 'value="6"' in after
    assert f'<option value="{other.pk}" selected>' in after
    assert '<option value="Asia/Tokyo" selected>' in after
    assert again == _fresh(user_client, PLAN)


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda user: Plan.objects.filter(user=user).update(weekly_target=6),
            id="the plan edited outside the services",
        ),
        pytest.param(
            lambda user: Plan.objects.filter(user=user).update(
                history_cancer=True, history_answered_at=timezone.now()
            ),
            id="the history answered outside the services",
        ),
        pytest.param(
            lambda user: Routine.objects.filter(is_default=True).update(
                title="Renamed 8d0e", updated_at=timezone.now()
            ),
            id="the routine renamed",
        ),
        pytest.param(
            lambda user: Routine.objects.filter(is_default=True).update(
                is_published=False
            ),
            id="the routine unpublished in bulk",
        ),
    ],
)
def test_a_write_shows_on_the_next_plan_page(user_client, planned, write):
    RoutineFactory(title="Other routine 6a2f")
    _visit(user_client, PLAN)
    before = _visit(user_client, PLAN)

    write(planned)
    after = _visit(user_client, PLAN)

    assert after != before
    assert after == _fresh(user_client, PLAN)


def test_another_users_plan_is_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    PlanFactory(user=theirs, weekly_target=6, time_zone="Asia/Tokyo")
    PlanFactory(user=mine, weekly_target=2, time_zone="Europe/Paris")
    assert JournalVersion.objects.get(user_id=mine.pk).version == (
        JournalVersion.objects.get(user_id=theirs.pk).version
    )

    client.force_login(theirs)
    _visit(client, PLAN)
    client.force_login(mine)
    my_page = _visit(client, PLAN)

    assert _kept_plan(theirs) is not None and _kept_plan(mine) is not None
    assert '<option value="Europe/Paris" selected>' in my_page
    assert "Asia/Tokyo" not in my_page.replace('value="Asia/Tokyo">', "")
    assert my_page == _fresh(client, PLAN)


def test_a_plan_page_in_an_hour_a_zone_changes_offset_is_not_kept(
    user_client, planned, monkeypatch
):
    # Lord Howe Island moves from UTC+10:30 to +11:00 at 15:30 UTC.
    for minute in (1, 50):
        moment = datetime.datetime(2026, 10, 3, 15, minute, tzinfo=datetime.UTC)
        monkeypatch.setattr("django.utils.timezone.now", lambda moment=moment: moment)
        html = user_client.get(PLAN).content.decode()

    assert "Lord Howe (UTC+11:00)" in html
    assert _kept_plan(planned) is None


def test_the_plan_page_moves_on_with_the_hour(user_client, planned, monkeypatch):
    # New York leaves daylight saving time at 06:00 UTC on 1 November 2026.
    pages = []
    for hour in (5, 6):
        moment = datetime.datetime(2026, 11, 1, hour, 0, tzinfo=datetime.UTC)
        monkeypatch.setattr("django.utils.timezone.now", lambda moment=moment: moment)
        user_client.get(PLAN)
        pages.append(user_client.get(PLAN).content.decode())

    assert "New York (UTC−04:00)" in pages[0]
    assert "New York (UTC−05:00)" in pages[1]


def test_a_plan_in_a_zone_not_offered_is_not_kept(user_client, planned):
    Plan.objects.filter(user=planned).update(time_zone="Asia/Calcutta")

    html = user_client.get(PLAN).content.decode()

    assert '<option value="Asia/Calcutta" selected>' in html
    assert _kept_plan(planned) is None


def test_a_sent_plan_form_is_drawn_afresh_and_keeps_nothing(user_client, planned):
    response = user_client.post(PLAN, {"weekly_target": "0"})

    assert 'class="error-summary"' in response.content.decode()
    assert _kept_plan(planned) is None


def test_forgetting_a_user_drops_their_plan_page(user_client, planned):
    user_client.get(PLAN)
    assert _kept_plan(planned) is not None

    cache.forget(planned.pk)

    assert _kept_plan(planned) is None


@pytest.mark.parametrize("days", [7, 1000])
def test_a_second_plan_page_reads_the_plan_only(
    user_client, user, django_assert_num_queries, days
):
    fill(user, days)
    first = user_client.get(PLAN).content.decode()

    # Session, user, and the plan with its routine and both versions.
    with django_assert_num_queries(3):
        second = user_client.get(PLAN).content.decode()

    assert _main(second) == _main(first)


# The check-in form, new and edited ---------------------------------------------

CHECK_IN = reverse("journal:check-in")


def _edit_url(entry) -> str:
    return reverse("journal:check-in-edit", args=[entry.pk])


def _kept_check_in(user, part=cache.CHECK_IN_NEW_PART):
    return caches["dashboard"].get(cache._key(user.pk, part))


@pytest.fixture
def checked_in(user):
    """A plan, yesterday's check-in with a tag and a medication, and none
    today."""
    today = today_for(user)
    entry = CheckIn.objects.create(
        user=user, date=today - DAY, pain_score=3, medication="Ibuprofen 2c4e"
    )
    entry.triggers.set([Trigger.objects.filter(is_active=True).first()])
    return user


def test_a_kept_check_in_page_is_the_page_drawn_afresh(user_client, checked_in):
    first = user_client.get(CHECK_IN).content.decode()
    kept = user_client.get(CHECK_IN).content.decode()
    today = today_for(checked_in)

    assert _kept_check_in(checked_in) is not None
    assert _main(kept) == _main(first) == _fresh(user_client, CHECK_IN)
    # As the page draws it without keeping anything: the form asked for a
    # day (today, which has no check-in) draws every field in its template.
    assert _main(kept) == _visit(user_client, f"{CHECK_IN}?date={today}")
    assert '<option value="Ibuprofen 2c4e">' in kept
    assert (today - DAY).isoformat() in kept  # the dates checked in


def test_each_check_in_page_has_its_own_token_and_none_is_kept(user_client, checked_in):
    pages = [user_client.get(CHECK_IN).content.decode() for _ in range(3)]

    tokens = [TOKEN.search(page).group(1) for page in pages]
    assert len(set(tokens)) == 3
    kept = pickle.dumps(_kept_check_in(checked_in))
    for token in tokens:
        assert token.encode() not in kept
    assert b"csrfmiddlewaretoken" not in kept


def test_a_check_in_saved_through_the_site_shows_at_once(user_client, checked_in):
    _visit(user_client, CHECK_IN)
    before = _visit(user_client, CHECK_IN)
    form = _post_form(user_client.get(CHECK_IN).content.decode())
    form.update({"pain_score": ["7"], "medication": ["Paracetamol 5f1b"]})

    response = user_client.post(CHECK_IN, form)
    user_client.get(response["Location"])  # shows (and drops) the message
    after = _visit(user_client, CHECK_IN)

    assert response.status_code == HTTPStatus.FOUND
    assert "You already checked in today" not in before
    assert "You already checked in today" in after
    assert "<dd>7 out of 10</dd>" in after
    assert '<option value="Paracetamol 5f1b">' in after
    assert after == _fresh(user_client, CHECK_IN)


def _today(user) -> CheckIn:
    return CheckIn.objects.create(user=user, date=today_for(user), pain_score=2)


def _tag_linked_outside_the_services(user):
    entry = CheckIn.objects.get(user=user, date=today_for(user))
    entry.triggers.add(Trigger.objects.filter(is_active=True).last())


def _emergency_answered_outside_the_services(user):
    CheckIn.objects.filter(user=user, date=today_for(user)).update(
        **{triage.EMERGENCY_FIELDS[0]: True}
    )


CHECK_IN_WRITES = {
    "today's check-in edited outside the services": lambda user: CheckIn.objects.filter(
        user=user, date=today_for(user)
    ).update(pain_score=9),
    "a tag linked outside the services": _tag_linked_outside_the_services,
    "an emergency answered outside the services": (
        _emergency_answered_outside_the_services
    ),
    "a medication written outside the services": lambda user: CheckIn.objects.filter(
        user=user
    ).update(medication="Naproxen 1d9c"),
    "a tag renamed by staff": lambda user: Trigger.objects.filter(
        is_active=True
    ).update(name=Concat(F("name"), Value(" 3e7a"))),
    "a tag retired by staff": lambda user: Trigger.objects.filter(
        pk=Trigger.objects.filter(is_active=True).first().pk
    ).update(is_active=False),
    "today's check-in deleted outside the services": lambda user: (
        CheckIn.objects.filter(user=user, date=today_for(user)).delete()
    ),
}


@pytest.mark.parametrize("write", CHECK_IN_WRITES)
def test_a_write_shows_on_the_next_check_in_page(user_client, checked_in, write):
    _today(checked_in)
    _visit(user_client, CHECK_IN)
    before = _visit(user_client, CHECK_IN)

    CHECK_IN_WRITES[write](checked_in)
    after = _visit(user_client, CHECK_IN)

    assert after != before
    assert after == _fresh(user_client, CHECK_IN)


def test_an_emergency_shows_with_its_own_form_on_each_kept_page(
    user_client, checked_in
):
    _today(checked_in)
    _emergency_answered_outside_the_services(checked_in)
    pages = [user_client.get(CHECK_IN).content.decode() for _ in range(2)]

    assert all('class="triage-acknowledge"' in page for page in pages)
    masks = [CSRF.findall(page) for page in pages]
    assert masks[0] != masks[1]  # each page's forms have their own CSRF mask
    entry = CheckIn.objects.get(user=checked_in, date=today_for(checked_in))
    response = user_client.post(
        reverse("journal:check-in-acknowledge", args=[entry.pk])
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == reverse("journal:dashboard")
    assert (
        'class="triage-acknowledge"' not in user_client.get(CHECK_IN).content.decode()
    )


def test_another_users_check_in_page_is_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    for user, medication in ((theirs, "Theirs 6b2a"), (mine, "Mine 0c3f")):
        PlanFactory(user=user)
        CheckIn.objects.create(
            user=user, date=today_for(user), pain_score=5, medication=medication
        )
    assert JournalVersion.objects.get(user_id=mine.pk).version == (
        JournalVersion.objects.get(user_id=theirs.pk).version
    )

    client.force_login(theirs)
    _visit(client, CHECK_IN)
    client.force_login(mine)
    my_page = _visit(client, CHECK_IN)

    assert _kept_check_in(theirs) is not None and _kept_check_in(mine) is not None
    assert "Mine 0c3f" in my_page
    assert "Theirs 6b2a" not in my_page
    assert my_page == _fresh(client, CHECK_IN)


def test_a_sent_check_in_form_is_drawn_afresh_and_keeps_nothing(
    user_client, checked_in
):
    response = user_client.post(CHECK_IN, {"pain_score": "11"})

    assert 'class="error-summary"' in response.content.decode()
    assert _kept_check_in(checked_in) is None


def test_a_check_in_page_without_a_saved_plan_is_not_kept(user_client, user):
    html = user_client.get(CHECK_IN).content.decode()

    assert "<h1>Daily check-in</h1>" in html
    assert _kept_check_in(user) is None


def test_forgetting_a_user_drops_their_check_in_pages(user_client, checked_in):
    entry = CheckIn.objects.get(user=checked_in)
    user_client.get(CHECK_IN)
    user_client.get(_edit_url(entry))
    for part in (cache.CHECK_IN_NEW_PART, cache.CHECK_IN_EDIT_PART):
        assert _kept_check_in(checked_in, part) is not None

    cache.forget(checked_in.pk)

    for part in (cache.CHECK_IN_NEW_PART, cache.CHECK_IN_EDIT_PART):
        assert _kept_check_in(checked_in, part) is None


def _edit_drawn_inline(monkeypatch) -> None:
    """The edit page as it was drawn before anything was kept: the whole
    form in the page's template."""

    def inline(request, entry):
        plan = selectors.zone_plan(request.user)
        return render(
            request,
            "journal/check_in_form.html",
            {
                "form": CheckInForm(today=selectors.user_today(plan), instance=entry),
                "entry": entry,
                "zone_plan": plan,
                "medication_suggestions": selectors.medication_suggestions(
                    request.user
                ),
            },
        )

    monkeypatch.setattr(entries, "_check_in_edit_page", inline)


def test_a_kept_edit_page_is_the_page_drawn_afresh(
    user_client, checked_in, monkeypatch
):
    entry = CheckIn.objects.get(user=checked_in)
    url = _edit_url(entry)
    first = user_client.get(url).content.decode()
    kept = user_client.get(url).content.decode()

    assert _kept_check_in(checked_in, cache.CHECK_IN_EDIT_PART) is not None
    assert _main(kept) == _main(first) == _fresh(user_client, url)
    assert 'id="id_triggers_0" checked>' in kept
    _edit_drawn_inline(monkeypatch)
    assert _main(kept) == _visit(user_client, url)


EDIT_WRITES = {
    "the check-in edited through the site": None,
    "the check-in edited outside the services": lambda entry: CheckIn.objects.filter(
        pk=entry.pk
    ).update(pain_score=9, side="left"),
    "a tag unlinked outside the services": lambda entry: entry.triggers.clear(),
    "a tag renamed by staff": lambda entry: Trigger.objects.update(
        name=Concat(F("name"), Value(" 3e7a"))
    ),
}


@pytest.mark.parametrize("write", EDIT_WRITES)
def test_a_write_shows_on_the_next_edit_page(user_client, checked_in, write):
    entry = CheckIn.objects.get(user=checked_in)
    url = _edit_url(entry)
    _visit(user_client, url)
    before = _visit(user_client, url)

    if EDIT_WRITES[write] is None:
        form = _post_form(user_client.get(url).content.decode())
        form.update({"pain_score": ["8"], "notes": ["Stiff 4a1e"]})
        response = user_client.post(url, form)
        assert response.status_code == HTTPStatus.FOUND
        user_client.get(response["Location"])
    else:
        EDIT_WRITES[write](entry)
    after = _visit(user_client, url)

    assert after != before
    assert after == _fresh(user_client, url)


def test_each_check_ins_edit_page_is_its_own(user_client, checked_in):
    older = CheckIn.objects.create(
        user=checked_in, date=today_for(checked_in) - 3 * DAY, pain_score=8
    )
    newer = CheckIn.objects.get(user=checked_in, pain_score=3)

    pages = {
        entry.pk: _visit(user_client, _edit_url(entry)) for entry in (older, newer)
    }
    again = {
        entry.pk: _visit(user_client, _edit_url(entry)) for entry in (older, newer)
    }

    assert pages == again
    assert pages[older.pk] != pages[newer.pk]
    assert _fresh(user_client, _edit_url(older)) == pages[older.pk]


def test_another_users_check_in_cannot_be_edited_from_memory(client, checked_in):
    entry = CheckIn.objects.get(user=checked_in)
    client.force_login(checked_in)
    client.get(_edit_url(entry))
    other = UserFactory()
    PlanFactory(user=other)
    client.force_login(other)

    response = client.get(_edit_url(entry))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Ibuprofen 2c4e" not in response.content.decode()
    assert "Edit your check-in" not in response.content.decode()


@pytest.mark.parametrize("days", [7, 1000])
def test_second_check_in_pages_read_the_plan_only(
    user_client, user, django_assert_num_queries, days
):
    fill(user, days)
    latest = CheckIn.objects.filter(user=user).latest("date")
    pages = {}
    for url in (CHECK_IN, _edit_url(latest)):
        pages[url] = user_client.get(url).content.decode()

    # Session, user, and the plan's zone with the journal's version and the
    # tags' state.
    with django_assert_num_queries(3):
        new = user_client.get(CHECK_IN).content.decode()
    # And the check-in edited.
    with django_assert_num_queries(4):
        edit = user_client.get(_edit_url(latest)).content.decode()

    assert _main(new) == _main(pages[CHECK_IN])
    assert _main(edit) == _main(pages[_edit_url(latest)])


# The function page --------------------------------------------------------------

FUNCTION = reverse("journal:function")


def _kept_function(user):
    return caches["dashboard"].get(cache._key(user.pk, cache.FUNCTION_PAGE_PART))


@pytest.fixture
def rated(user):
    today = today_for(user)
    function_score(user, today - 14 * DAY, [3, 4, 5], ["Walking", "Stairs", "Socks"])
    function_score(user, today, [5, 6, 7], ["Walking", "Stairs", "Socks"])
    return user


def _function_drawn_inline(monkeypatch) -> None:
    """The function page as it was drawn before anything was kept: the whole
    form in the page's template."""

    def inline(request):
        today = selectors.user_today(selectors.zone_plan(request.user))
        history = selectors.function_scores(request.user)
        latest = history[-1] if history else None
        todays = latest if latest is not None and latest.date == today else None
        form = FunctionForm.starting_from(
            latest.activities, abilities=todays is not None
        )
        form.initial["day"] = today
        if todays is not None:
            form.initial["replacing"] = today
        show_all = request.GET.get("all") == "1"
        return render(
            request,
            function_views.PAGE,
            {
                **function_views.FIXED,
                "form": form,
                "latest": latest,
                "todays": todays,
                "history_section": lambda: function_views._history_section(
                    request, history, show_all
                ),
            },
        )

    monkeypatch.setattr(function_views, "_function_page", inline)


@pytest.mark.parametrize("query", ["", "?all=1"])
def test_a_kept_function_page_is_the_page_drawn_afresh(
    user_client, rated, monkeypatch, query
):
    url = FUNCTION + query
    first = user_client.get(url).content.decode()
    kept = user_client.get(url).content.decode()

    assert _kept_function(rated) is not None
    assert _main(kept) == _main(first) == _fresh(user_client, url)
    assert "You have rated your function today" in kept
    assert 'name="replacing" value="' in kept
    _function_drawn_inline(monkeypatch)
    assert _main(kept) == _visit(user_client, url)


def test_each_function_page_has_its_own_token_and_none_is_kept(user_client, rated):
    pages = [user_client.get(FUNCTION).content.decode() for _ in range(3)]

    tokens = [TOKEN.search(page).group(1) for page in pages]
    assert len(set(tokens)) == 3
    kept = pickle.dumps(_kept_function(rated))
    for token in tokens:
        assert token.encode() not in kept
    assert b"csrfmiddlewaretoken" not in kept


def _rated_through_the_site(client, user):
    form = _post_form(client.get(FUNCTION).content.decode())
    form.update({"activity_0": ["Kneeling 7b3d"], "ability_0": ["2"]})
    response = client.post(FUNCTION, form)
    assert response.status_code == HTTPStatus.FOUND
    client.get(FUNCTION)  # shows (and drops) the message


FUNCTION_WRITES = {
    "a score through the site": _rated_through_the_site,
    "a rating edited outside the services": lambda client, user: (
        FunctionRating.objects.filter(score__user=user, ability=7).update(ability=1)
    ),
    "an activity renamed outside the services": lambda client, user: (
        FunctionRating.objects.filter(score__user=user, activity="Socks").update(
            activity="Shoes"
        )
    ),
    "today's score deleted outside the services": lambda client, user: (
        FunctionScore.objects.filter(user=user, date=today_for(user)).delete()
    ),
}


@pytest.mark.parametrize("write", FUNCTION_WRITES)
def test_a_write_shows_on_the_next_function_page(user_client, rated, write):
    _visit(user_client, FUNCTION)
    before = _visit(user_client, FUNCTION)

    FUNCTION_WRITES[write](user_client, rated)
    after = _visit(user_client, FUNCTION)

    assert after != before
    assert after == _fresh(user_client, FUNCTION)


def test_the_function_page_moves_on_with_the_persons_day(
    user_client, rated, monkeypatch
):
    before = _visit(user_client, FUNCTION)
    tomorrow = timezone.now() + DAY
    monkeypatch.setattr("django.utils.timezone.now", lambda: tomorrow)

    after = _visit(user_client, FUNCTION)

    assert "You have rated your function today" in before
    assert "You have rated your function today" not in after
    assert "The same activities as last time" in after
    assert after == _fresh(user_client, FUNCTION)


def test_another_users_function_page_is_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    for user, activity in ((theirs, "Theirs 5e0a"), (mine, "Mine 9f4c")):
        function_score(user, today_for(user), [5, 5, 5], [activity, "Stairs", "Sit"])
    assert JournalVersion.objects.get(user_id=mine.pk).version == (
        JournalVersion.objects.get(user_id=theirs.pk).version
    )

    client.force_login(theirs)
    _visit(client, FUNCTION)
    client.force_login(mine)
    my_page = _visit(client, FUNCTION)

    assert _kept_function(theirs) is not None and _kept_function(mine) is not None
    assert "Mine 9f4c" in my_page
    assert "Theirs 5e0a" not in my_page
    assert my_page == _fresh(client, FUNCTION)


def test_a_sent_function_form_is_drawn_afresh_and_keeps_nothing(user_client, rated):
    response = user_client.post(FUNCTION, {"activity_0": "Walking"})

    assert 'class="error-summary"' in response.content.decode()
    assert _kept_function(rated) is None


def test_forgetting_a_user_drops_their_function_page(user_client, rated):
    user_client.get(FUNCTION)
    assert _kept_function(rated) is not None

    cache.forget(rated.pk)

    assert _kept_function(rated) is None


# The reminders page --------------------------------------------------------------

REMINDERS = reverse("journal:reminders")


def _kept_reminders(user):
    return caches["dashboard"].get(cache._key(user.pk, cache.REMINDER_FORM_PART))


@pytest.fixture
def reminded(user):
    PlanFactory(user=user, weekly_target=3, time_zone="Europe/London")
    Reminder.objects.create(
        user=user,
        kind=ReminderKind.CHECK_IN,
        enabled=True,
        days=EVERY_DAY,
        time=datetime.time(20, 0),
        armed_at=timezone.now(),
    )
    return user


def test_a_kept_reminders_page_is_the_page_drawn_afresh(
    user_client, reminded, monkeypatch
):
    first = user_client.get(REMINDERS).content.decode()
    kept = user_client.get(REMINDERS).content.decode()

    assert _kept_reminders(reminded) is not None
    assert _main(kept) == _main(first) == _fresh(user_client, REMINDERS)
    assert 'name="check_in_enabled" id="id_check_in_enabled" checked>' in kept
    assert b"csrfmiddlewaretoken" not in pickle.dumps(_kept_reminders(reminded))
    # As the page draws it without keeping anything: the form in its
    # template.
    monkeypatch.setattr(
        reminder_views.cache, "reminder_form", lambda user, saved, render: None
    )
    assert _main(kept) == _visit(user_client, REMINDERS)


REMINDER_WRITES = {
    "reminders saved through the site": lambda client, user: client.post(
        REMINDERS,
        {
            "session_enabled": "on",
            "session_days": ["1", "3"],
            "session_time": "07:30",
            "check_in_time": "21:00",
        },
    ),
    "a reminder edited outside the services": lambda client, user: (
        Reminder.objects.filter(user=user).update(time=datetime.time(6, 15))
    ),
    "the weekly target edited outside the services": lambda client, user: (
        Plan.objects.filter(user=user).update(weekly_target=6)
    ),
}


@pytest.mark.parametrize("write", REMINDER_WRITES)
def test_a_write_shows_on_the_next_reminders_page(user_client, reminded, write):
    _visit(user_client, REMINDERS)
    before = _visit(user_client, REMINDERS)

    REMINDER_WRITES[write](user_client, reminded)
    user_client.get(REMINDERS)  # shows (and drops) a message
    after = _visit(user_client, REMINDERS)

    assert after != before
    assert after == _fresh(user_client, REMINDERS)


def test_another_users_reminders_are_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    for user, hour in ((theirs, 6), (mine, 21)):
        PlanFactory(user=user)
        Reminder.objects.create(
            user=user,
            kind=ReminderKind.CHECK_IN,
            enabled=True,
            days=EVERY_DAY,
            time=datetime.time(hour, 0),
            armed_at=timezone.now(),
        )

    client.force_login(theirs)
    _visit(client, REMINDERS)
    client.force_login(mine)
    my_page = _visit(client, REMINDERS)

    assert _kept_reminders(theirs) is not None and _kept_reminders(mine) is not None
    assert 'value="21:00"' in my_page
    assert 'value="06:00"' not in my_page
    assert my_page == _fresh(client, REMINDERS)


def test_a_sent_reminders_form_is_drawn_afresh_and_keeps_nothing(user_client, reminded):
    response = user_client.post(REMINDERS, {"session_time": "25:00"})

    assert 'class="error-summary"' in response.content.decode()
    assert _kept_reminders(reminded) is None


def test_forgetting_a_user_drops_their_reminders_form(user_client, reminded):
    user_client.get(REMINDERS)
    assert _kept_reminders(reminded) is not None

    cache.forget(reminded.pk)

    assert _kept_reminders(reminded) is None


# The plan read for the kept pages ------------------------------------------------


def _as_read(saved):
    plan = saved.plan
    routine = plan.routine
    return (
        {f.attname: getattr(plan, f.attname) for f in plan._meta.concrete_fields},
        routine
        and {
            f.attname: getattr(routine, f.attname)
            for f in routine._meta.concrete_fields
        },
        plan.pk is None,
        saved.version,
        saved.content_version,
    )


@pytest.mark.parametrize("case", ["saved", "answered", "no routine", "no plan"])
def test_the_plan_read_written_out_is_the_orms(user, case):
    if case != "no plan":
        PlanFactory(user=user, time_zone="Asia/Tokyo", time_zone_known=True)
    if case == "answered":
        Plan.objects.filter(user=user).update(
            history_cancer=True,
            history_answered_at=timezone.now(),
            function_snoozed_until=datetime.date(2026, 3, 1),
        )
    if case == "no routine":
        Plan.objects.filter(user=user).update(routine=None)
    if case != "no plan":
        services.check_in_record(user=user, date=today_for(user), pain_score=3)

    written_out = cache.saved_plan(user)
    orm = selectors.plan_if_saved(user, with_routine=True, with_content=True)

    assert _as_read(written_out) == _as_read(orm)
    assert written_out.saved is (case != "no plan")
    for field in Plan._meta.concrete_fields:
        assert type(getattr(written_out.plan, field.attname)) is type(
            getattr(orm.plan, field.attname)
        )
