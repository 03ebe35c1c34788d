import datetime
import re
from collections import Counter
from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse

from exercises.models import Routine
from journal import selectors, series, services
from journal.models import CheckIn, Session, SessionExercise
from tests.factories import (
    CheckInFactory,
    PlanFactory,
    SessionFactory,
    UserFactory,
    exercise_done,
)
from tests.html import assert_accessible_page

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("journal:dashboard")
SEEK_HELP = reverse("exercises:guide-section", args=["when-to-seek-medical-attention"])
DAY = datetime.timedelta(days=1)


def today_for(user) -> datetime.date:
    return selectors.user_today(PlanFactory(user=user))


def fill_history(user, today: datetime.date, days: int) -> None:
    """A check-in every day for `days` days up to today, and a session with
    the routine's exercises on weekdays (about five a week)."""
    dates = [today - n * DAY for n in range(days)]
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=date, pain_score=n % 7) for n, date in enumerate(dates)
    )
    routine = Routine.objects.get(slug="iliopsoas-relief")
    sessions = Session.objects.bulk_create(
        Session(user=user, date=date, routine=routine, pain_during=2, effort="right")
        for date in dates
        if date.weekday() < 5
    )
    exercises = [item.exercise for item in routine.items.all()]
    SessionExercise.objects.bulk_create(
        exercise_done(session, exercise)
        for session in sessions
        for exercise in exercises
    )


def svg(html: str, chart_id: str) -> str:
    """The inline SVG of one chart."""
    match = re.search(
        rf'<svg [^>]*aria-labelledby="{chart_id}-title {chart_id}-desc".*?</svg>',
        html,
        re.S,
    )
    assert match, f"no SVG labelled by {chart_id}"
    return match.group(0)


def table_rows(html: str, caption: str) -> list[str]:
    """The body rows of the table with this caption, as text without tags."""
    match = re.search(
        rf"<caption>{re.escape(caption)}</caption>.*?<tbody>(.*?)</tbody>", html, re.S
    )
    assert match, f"no table captioned {caption!r}"
    rows = re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def section(html: str, title_id: str) -> str:
    match = re.search(rf'aria-labelledby="{title_id}".*?</section>', html, re.S)
    assert match, f"no section {title_id}"
    return match.group(0)


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(DASHBOARD)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('account_login')}?next={DASHBOARD}"


def test_new_user_sees_what_to_do_first_instead_of_empty_charts(user_client):
    response = user_client.get(DASHBOARD)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Getting started" in html
    assert reverse("journal:check-in") in html
    assert reverse("journal:session", args=["iliopsoas-relief"]) in html
    assert reverse("journal:session-new") in html
    assert "your pain trend appears after your first check-in" in html
    assert "sessions per week appear after your first session" in html
    assert 'role="img"' not in html
    assert "Your progress" not in html
    assert "0 days" in html and "0 of 3" in html
    assert_accessible_page(html)


def test_known_series_draws_the_right_points_bars_and_table_rows(user_client, user):
    today = today_for(user)
    monday = series.week_start(today)
    start = monday - 21 * DAY
    for back, pain in [(0, 3), (1, 5), (2, 7)]:
        CheckInFactory(user=user, date=today - back * DAY, pain_score=pain)
    CheckInFactory(user=user, date=start - 3 * DAY, pain_score=9)  # lookback only
    SessionFactory(user=user, date=today)
    for _ in range(3):
        SessionFactory(user=user, date=monday - 7 * DAY)

    response = user_client.get(DASHBOARD)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    pain = svg(html, "pain-chart")
    # Taller than the adherence chart: the marks sit above the plot.
    assert 'role="img"' in pain and 'viewBox="0 0 560 340"' in pain
    assert '<title id="pain-chart-title">Pain trend, last 4 weeks</title>' in pain
    assert '<desc id="pain-chart-desc">Daily pain score' in pain
    assert pain.count("<circle") == 3
    # The mean from the day before the range runs into its first days, then
    # breaks until the recent check-ins.
    assert pain.count('class="chart-mean"') == 2
    assert [f">{value}</text>" in pain for value in range(0, 11, 2)] == [True] * 6
    # Issue 19: the days with a session are rows too, and each row says
    # whether it had one (and a warning sign), as the marks above the chart do.
    caption = "Pain trend, last 4 weeks: pain score, sessions and warning signs per day"
    assert table_rows(html, caption) == [
        f"{(monday - 7 * DAY):%a %-d %b %Y} no check-in none ▲ 3 sessions no",
        *(
            f"{(today - back * DAY):%a %-d %b %Y} {pain} {mean} {done} no"
            for back, pain, mean, done in [
                (2, 7, "7.0", "none"),
                (1, 5, "6.0", "none"),
                (0, 3, "5.0", "▲ 1 session"),
            ]
        ),
    ]
    assert pain.count("<polygon") == 2  # the two days with a session

    bars = svg(html, "adherence-chart")
    assert '<title id="adherence-chart-title">Sessions per week, last 4 weeks' in bars
    assert bars.count("<rect") == 2  # weeks with no session have no bar
    assert bars.count('class="chart-count') == 4
    assert bars.count("✓") == 1  # on the week that met the target of 3
    assert ">target 3</text>" in bars and 'stroke-dasharray="6 4"' in bars
    assert table_rows(
        html, "Sessions per week, last 4 weeks, against a target of 3 a week"
    ) == [
        f"{(start):%a %-d %b %Y} 0 No",
        f"{(start + 7 * DAY):%a %-d %b %Y} 0 No",
        f"{(monday - 7 * DAY):%a %-d %b %Y} 3 ✓ Yes",
        f"{monday:%a %-d %b %Y} 1 (part of the week) No"
        if today.weekday() < 6
        else f"{monday:%a %-d %b %Y} 1 No",
    ]
    assert "1 of 3" in html
    assert_accessible_page(html)


def test_today_status_links_to_check_in_and_sessions(user_client):
    html = user_client.get(DASHBOARD).content.decode()
    today = section(html, "today-title")

    assert today.count("Not yet today.") == 2
    assert reverse("journal:check-in") in today
    assert reverse("journal:session", args=["iliopsoas-relief"]) in today
    assert reverse("journal:session-new") in today


def test_today_status_shows_what_is_done(user_client, user):
    today = today_for(user)
    CheckInFactory(user=user, date=today)
    SessionFactory(user=user, date=today)

    html = user_client.get(DASHBOARD).content.decode()

    assert section(html, "today-title").count("Done today.") == 2
    assert "Not yet today." not in html


@pytest.mark.parametrize(
    ("backs", "number", "wording"),
    [
        ([0, 1, 2], "3 days", "in a row, up to today."),
        ([1, 2], "2 days", "in a row, up to yesterday"),
        ([0, 1, 3, 4, 5], "2 days", "in a row, up to today."),
        ([2, 3], "0 days", "Check in today to start a streak."),
        ([0], "1 day", "in a row, up to today."),
    ],
)
def test_streak_is_shown(user_client, user, backs, number, wording):
    today = today_for(user)
    for back in backs:
        CheckInFactory(user=user, date=today - back * DAY)

    html = user_client.get(DASHBOARD).content.decode()

    streak = re.search(r"Check-in streak</h3>(.*?)</li>", html, re.S).group(1)
    assert f'<p class="status-number">{number}</p>' in streak
    assert wording in streak


def test_summary_line_compares_with_four_weeks_ago(user_client, user):
    today = today_for(user)
    monday = series.week_start(today)
    CheckInFactory(user=user, date=today, pain_score=2)
    CheckInFactory(user=user, date=monday - 28 * DAY, pain_score=5)

    html = user_client.get(DASHBOARD).content.decode()

    assert "Average pain this week 2.0, down 3.0 from four weeks ago (5.0)." in html


def test_summary_line_calls_a_small_change_about_the_same(user_client, user):
    """Less than 2 points or 30 % is not a change people feel (Farrar 2001)."""
    today = today_for(user)
    monday = series.week_start(today)
    CheckInFactory(user=user, date=today, pain_score=4)
    CheckInFactory(user=user, date=monday - 28 * DAY, pain_score=5)

    html = user_client.get(DASHBOARD).content.decode()

    assert "Average pain this week 4.0, about the same as four weeks ago (5.0)." in (
        html
    )
    assert "down 1.0" not in html


@pytest.mark.parametrize(
    ("value", "current"), [("4w", "4w"), ("12w", "12w"), ("1y", "1y"), ("all", "all")]
)
def test_range_links_mark_the_current_range(user_client, user, value, current):
    CheckInFactory(user=user, date=today_for(user))

    response = user_client.get(DASHBOARD, {"range": value})

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.count('aria-current="true"') == 1
    assert f'href="?range={current}" aria-current="true"' in html
    assert "is not a range this page knows" not in html
    assert_accessible_page(html)


@pytest.mark.parametrize("value", ["5y", "", "<b>x</b>"])
def test_unknown_range_falls_back_to_4_weeks_and_says_so(user_client, user, value):
    CheckInFactory(user=user, date=today_for(user))

    response = user_client.get(DASHBOARD, {"range": value})

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'href="?range=4w" aria-current="true"' in html
    assert "Pain trend, last 4 weeks" in html
    note = "is not a range this page knows, so the charts show the last 4 weeks."
    assert (note in html) is bool(value)
    assert "<b>x</b>" not in html


def test_long_ranges_chart_weekly_averages(user_client, user):
    today = today_for(user)
    fill_history(user, today, 120)

    html = user_client.get(DASHBOARD, {"range": "1y"}).content.decode()

    pain = svg(html, "pain-chart")
    assert "Each point is the average pain score" in pain
    assert "chart-mean" not in pain
    weeks_with_data = len({series.week_start(today - n * DAY) for n in range(120)})
    assert pain.count("<circle") == weeks_with_data
    bars = svg(html, "adherence-chart")
    # A bar for each week since the journal began, not 52: the weeks before it
    # are not missed weeks.
    assert bars.count('class="chart-count"') == weeks_with_data
    sessions_per_week = Counter(
        series.week_start(today - n * DAY)
        for n in range(120)
        if (today - n * DAY).weekday() < 5
    )
    met = sum(count >= 3 for count in sessions_per_week.values())
    assert bars.count('class="chart-mark"') == met > 0


@pytest.mark.parametrize(("back", "shown"), [(0, True), (6, True), (8, False)])
def test_triage_alert_for_a_warning_sign_of_the_last_7_days(
    user_client, user, back, shown
):
    CheckInFactory(
        user=user, date=today_for(user) - back * DAY, pain_score=2, sudden_onset=True
    )

    html = user_client.get(DASHBOARD).content.decode()

    assert ('class="triage-alert triage-same-day" role="alert"' in html) is shown


def test_next_session_lists_each_exercise_with_its_suggested_dose(user_client, user):
    plan = PlanFactory(user=user)
    today = selectors.user_today(plan)
    routine = plan.routine
    ids = [item.exercise_id for item in routine.items.all()]
    services.session_record(
        user=user,
        routine=routine,
        date=today,
        exercise_ids=ids,
        # 7: eases off; 8 would be a warning-sign alert of its own.
        pain_during=7,
        effort="hard",
    )

    html = user_client.get(DASHBOARD).content.decode()

    next_session = section(html, "next-title")
    plans = selectors.exercise_plans(user, routine)
    assert plans
    for item in plans:
        assert item.exercise.title in next_session
        each_side = " each side" if item.item.per_side else ""
        assert f"Suggested: {item.dose}{each_side}</p>" in next_session
        assert item.suggestion.show_warning_signs
        assert "consider" in item.suggestion.message
    assert next_session.count(f'href="{SEEK_HELP}"') == len(plans)
    assert reverse("journal:session", args=[routine.slug]) in next_session


def test_latest_entries_link_to_each_entry_and_the_full_lists(user_client, user):
    today = today_for(user)
    check_ins = [
        CheckInFactory(user=user, date=today - back * DAY) for back in range(7)
    ]
    sessions = [SessionFactory(user=user, date=today - back * DAY) for back in range(7)]

    html = user_client.get(DASHBOARD).content.decode()

    latest = section(html, "latest-title")
    for entry in check_ins[:5] + sessions[:5]:
        assert f'href="{entry.get_absolute_url()}"' in latest
    for entry in check_ins[5:] + sessions[5:]:
        assert f'href="{entry.get_absolute_url()}"' not in latest
    assert reverse("journal:check-in-list") in latest
    assert reverse("journal:session-list") in latest


def test_links_to_report_export_and_plan(user_client):
    html = user_client.get(DASHBOARD).content.decode()

    more = section(html, "more-title")
    for name in ["journal:report", "journal:export", "journal:plan"]:
        assert f'href="{reverse(name)}"' in more


def test_another_users_data_never_appears(user_client, user):
    other = UserFactory()
    today = today_for(user)
    theirs = CheckInFactory(user=other, date=today, pain_score=9, sudden_onset=True)
    their_session = SessionFactory(user=other, date=today, pain_during=9)

    html = user_client.get(DASHBOARD).content.decode()

    assert "Getting started" in html
    assert "triage-alert" not in html
    assert theirs.get_absolute_url() not in html
    assert their_session.get_absolute_url() not in html
    assert "Not yet today." in html


@pytest.mark.parametrize("days", [7, 5 * 365])
@pytest.mark.parametrize("range_key", ["4w", "12w", "1y", "all"])
def test_query_count_is_the_same_for_one_week_and_five_years(
    user_client, user, django_assert_num_queries, days, range_key
):
    fill_history(user, today_for(user), days)

    # 13 (one of them the journal's first day, for adherence), plus one for
    # the recent rows of all the routine's exercises (however many) for the
    # next doses, plus three for the alerts by urgency: the sessions' highest
    # pain of the last week, the weeks the no-improvement rule and the weekly
    # average pain that may hold a step up compare (one aggregate), and the
    # emergencies not yet acknowledged (the plan's history comes with the
    # plan); and one for the function score's card (the date of the last
    # score: is it due?). On PostgreSQL the reads the body makes whatever the
    # journal holds go in one round trip (rows.read_ahead): the session, the
    # user, the plan, the routine's items, that one, the check-ins around
    # the recent sessions (read from those), the streak's start (no hint
    # kept yet), and for a weekly range its two aggregates by week.
    if connection.vendor == "postgresql":
        expected = 9 if series.RANGES[range_key].weekly else 7
    else:
        expected = 18
    with django_assert_num_queries(expected):
        response = user_client.get(DASHBOARD, {"range": range_key})

    assert response.status_code == HTTPStatus.OK
    assert_accessible_page(response.content.decode())
