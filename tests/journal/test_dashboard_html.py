"""journal/dashboard_html.py writes the dashboard's body in Python, byte for
byte as its template (journal/includes/dashboard_body.html, with the time
zone line and the function card) renders it: every dashboard any test draws
is compared (tests/conftest.py, _dashboard_body_as_its_template); these are
dashboards of every kind, each one's branch checked as reached."""

import datetime

import pytest
from django.urls import reverse

from exercises.models import GuideSection, Routine
from journal import cache
from journal.models import CheckIn, Plan
from tests.factories import (
    CheckInFactory,
    PlanFactory,
    RoutineFactory,
    SessionFactory,
    function_score,
)
from tests.journal.test_dashboard import fill_history, today_for

pytestmark = pytest.mark.django_db

URL = reverse("journal:dashboard")
DAY = datetime.timedelta(days=1)


def new_member(user):
    return "Getting started"


def new_member_without_a_routine_offered(user):
    Routine.objects.update(is_default=False, is_published=False)
    return "Choose a routine in your plan</a> and start it"


def checked_in_today_with_a_session(user):
    today = today_for(user)
    fill_history(user, today, 20)
    PlanFactory(user=user, weekly_target=1)
    return "Update today’s check-in"


def one_session_this_week_of_one(user):
    today = today_for(user)
    Plan.objects.filter(user=user).update(weekly_target=1)
    CheckInFactory(user=user, date=today - DAY, pain_score=2)
    SessionFactory(user=user, date=today)
    return "1 of 1"


def a_warning_sign(user):
    today = today_for(user)
    fill_history(user, today - DAY, 10)
    CheckInFactory(user=user, date=today, pain_score=5, night_pain=True)
    return "nothing steps up while an alert"


def an_emergency(user):
    today = today_for(user)
    fill_history(user, today - DAY, 10)
    CheckInFactory(user=user, date=today, pain_score=2, cauda_equina_signs=True)
    return "Get help first"


def an_emergency_without_the_guides_warning_signs(user):
    GuideSection.objects.update(is_published=False)
    return an_emergency(user) and "leave the exercises for now"


def the_routine_unpublished(user):
    fill_history(user, today_for(user), 5)
    routine = Routine.objects.get(slug="iliopsoas-relief")
    Routine.objects.filter(pk=routine.pk).update(is_published=False)
    Routine.objects.update(is_default=False)
    RoutineFactory(title="Another routine", is_default=True)
    return "is no longer offered"


def the_routine_unpublished_and_nothing_else(user):
    fill_history(user, today_for(user), 5)
    Routine.objects.update(is_published=False, is_default=False)
    return "choose another routine in your plan"


def a_plan_without_a_routine(user):
    fill_history(user, today_for(user), 5)
    Plan.objects.filter(user=user).update(routine=None)
    return "Your plan has no routine at the moment"


def a_plan_without_a_routine_and_none_offered(user):
    a_plan_without_a_routine(user)
    Routine.objects.update(is_default=False, is_published=False)
    return "choose one in your plan settings"


def a_known_zone(user):
    Plan.objects.filter(user=user).update(
        time_zone="America/New_York", time_zone_known=True
    )
    CheckInFactory(user=user, date=today_for(user) - 2 * DAY, pain_score=1)
    return "Dates follow your time zone, "


def a_zone_the_server_no_longer_knows(user):
    Plan.objects.filter(user=user).update(time_zone="Mars/Olympus_Mons")
    return "is no longer known to the server"


def function_rated_lately(user):
    fill_history(user, today_for(user), 3)
    function_score(user, today_for(user), [5, 6, 7])
    return "Your function score</a>: the activities"


def sessions_only(user):
    SessionFactory(user=user, date=today_for(user) - 3 * DAY)
    return '<p class="chart-empty">No check-ins'


def check_ins_with_text_to_escape(user):
    CheckInFactory(user=user, date=today_for(user), pain_score=4)
    Routine.objects.filter(slug="iliopsoas-relief").update(title="Hips & <backs>")
    return "Hips &amp; &lt;backs&gt;"


STATES = [
    new_member,
    new_member_without_a_routine_offered,
    checked_in_today_with_a_session,
    one_session_this_week_of_one,
    a_warning_sign,
    an_emergency,
    an_emergency_without_the_guides_warning_signs,
    the_routine_unpublished,
    the_routine_unpublished_and_nothing_else,
    a_plan_without_a_routine,
    a_plan_without_a_routine_and_none_offered,
    a_known_zone,
    a_zone_the_server_no_longer_knows,
    function_rated_lately,
    sessions_only,
    check_ins_with_text_to_escape,
]


@pytest.mark.parametrize("state", STATES, ids=lambda state: state.__name__)
@pytest.mark.parametrize("asked", ["", "?range=12w", "?range=all", "?range=<b>x"])
def test_the_body_is_its_templates_bytes(user_client, user, state, asked, monkeypatch):
    PlanFactory(user=user)
    reached = state(user)
    drawn = []
    render = cache.render_to_string
    monkeypatch.setattr(
        cache,
        "render_to_string",
        lambda name, *args, **kwargs: (
            drawn.append(name) or render(name, *args, **kwargs)
        ),
    )

    response = user_client.get(URL + asked)

    assert response.status_code == 200
    assert reached in response.content.decode()
    # Drawn by Python (and compared with the template by the fixture), not
    # by the template engine.
    assert cache.BODY_TEMPLATE not in drawn
    if asked == "?range=<b>x" and "Your progress" in response.content.decode():
        assert (
            "“&lt;b&gt;x” is not a range this page knows" in response.content.decode()
        )


def test_the_check_in_of_today_has_the_links_and_the_flag(user_client, user):
    PlanFactory(user=user)
    today = today_for(user)
    CheckInFactory(user=user, date=today, pain_score=3, night_pain=True)
    entry = CheckIn.objects.get(user=user)

    page = user_client.get(URL).content.decode()

    assert reverse("journal:check-in-edit", args=[entry.pk]) in page
    assert "warning sign</span>" in page
