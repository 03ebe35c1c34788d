"""The pain chart marks what was done and reported beside the pain (issue
19): a triangle above each day (week) with a session and a diamond above
each day (week) whose check-in answered a warning-sign question (the
triage's QUESTIONS), said in the key, the description and the data table,
on the dashboard and the report, in the same number of queries."""

import datetime
import re

import pytest
from django.urls import reverse

from journal import geometry, selectors, series
from journal.models import CheckIn, Session
from tests.factories import CheckInFactory, SessionFactory
from tests.journal.test_dashboard import svg, table_rows, today_for

DAY = datetime.timedelta(days=1)
JUNE_1 = datetime.date(2026, 6, 1)  # a Monday
DASHBOARD = reverse("journal:dashboard")
REPORT = reverse("journal:report")


def day(n: int) -> datetime.date:
    return JUNE_1 + n * DAY


# Geometry ------------------------------------------------------------------------


def test_daily_marks_sit_above_the_plot_over_their_days():
    points = series.rolling_mean(
        {day(0): 3, day(2): 5},
        day(0),
        day(6),
        sessions={day(0): 1, day(1): 2},
        warned={day(2)},
    )

    chart = geometry.pain_chart(points, weekly=False, title="Pain trend, test")

    frame = chart.frame
    assert [mark.x for mark in chart.session_marks] == [frame.x(0, 7), frame.x(1, 7)]
    assert [mark.x for mark in chart.warning_marks] == [frame.x(2, 7)]
    for mark in chart.session_marks + chart.warning_marks:
        # Wholly above the plot (the pain of 10 is at frame.top) and below the
        # axis title.
        assert mark.y - mark.half - 1 > 18 and mark.y + mark.half + 1 < frame.top
    # A triangle is three points, a diamond four.
    assert len(chart.session_marks[0].triangle.split()) == 3
    assert len(chart.warning_marks[0].diamond.split()) == 4
    assert chart.session_total == 3 and chart.warning_total == 1
    assert chart.description.endswith(
        "Above the chart, a triangle marks each day with a session (2 days) and "
        "a diamond each day whose check-in reported a warning sign (1 day)."
    )
    # A day with a session and no check-in is a row of the table too.
    assert [point.day for point in chart.rows] == [day(0), day(1), day(2)]
    assert [point.day for point in chart.recorded] == [day(0), day(2)]


def test_weekly_marks_count_the_sessions_and_check_ins_of_each_week():
    points = series.weekly_points(
        {day(0): (4.0, 3, 2), day(14): (2.0, 1, 0)},
        day(0),
        day(21),
        sessions={day(0): 4, day(7): 1},
    )

    chart = geometry.pain_chart(points, weekly=True, title="Pain trend, test")

    assert [(p.sessions, p.warning_signs) for p in points] == [
        (4, 2),
        (1, 0),
        (0, 0),
        (0, 0),
    ]
    assert len(chart.session_marks) == 2 and len(chart.warning_marks) == 1
    assert chart.description.endswith(
        "a triangle marks each week with a session (2 weeks, 5 sessions) and a "
        "diamond each week with a check-in that reported a warning sign (1 week, "
        "2 check-ins)."
    )
    assert [point.day for point in chart.rows] == [day(0), day(7), day(14)]


def test_nothing_marked_says_none():
    points = series.rolling_mean({day(0): 3}, day(0), day(6))

    chart = geometry.pain_chart(points, weekly=False, title="Pain trend, test")

    assert chart.session_marks == [] and chart.warning_marks == []
    assert (
        "(none) and a diamond each day whose check-in reported a warning sign "
        "(none)." in chart.description
    )


@pytest.mark.parametrize("count", [7, 28, 84, 260])
def test_marks_shrink_with_the_slots_but_stay_visible(count):
    half = geometry.mark_half(count, geometry.PAIN_FRAME)

    assert geometry.MARK_HALF_MIN <= half <= geometry.MARK_HALF_MAX
    if count <= 28:
        # Room to spare: neighbours never touch.
        assert 2 * half < geometry.PAIN_FRAME.plot_width / count


# Reads -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answer", ["night_pain", "cauda_equina_signs", "accompanying_symptoms"]
)
def test_a_warning_sign_is_any_triage_question_answered_yes(user, answer):
    """The retired question counts too: the triage still judges it."""
    CheckInFactory(user=user, date=day(1), pain_score=2, **{answer: True})
    # A score of 9 is a reason for advice, but no question was answered: it
    # is a high dot, not a diamond.
    CheckInFactory(user=user, date=day(2), pain_score=9)

    found = selectors.pain_and_signs_by_day(user, day(0), day(6))

    assert found == {day(1): (2, True), day(2): (9, False)}


@pytest.mark.django_db
def test_period_charts_mark_sessions_and_warning_signs(user):
    CheckInFactory(user=user, date=day(1), pain_score=4, weakness_one_leg=True)
    CheckInFactory(user=user, date=day(3), pain_score=2)
    SessionFactory(user=user, date=day(3))
    SessionFactory(user=user, date=day(3))
    SessionFactory(user=user, date=day(5))  # no check-in that day
    SessionFactory(date=day(4))  # someone else's

    charts = selectors.period_charts(
        user, start=day(0), end=day(13), target=3, weekly=False, label="test"
    )

    pain = charts.pain
    assert {p.day: p.sessions for p in pain.points if p.sessions} == {
        day(3): 2,
        day(5): 1,
    }
    assert [p.day for p in pain.points if p.warning_signs] == [day(1)]
    # The bars still count the same sessions.
    assert [week.count for week in charts.adherence.weeks] == [3, 0]


@pytest.mark.django_db
@pytest.mark.parametrize("weekly", [False, True])
@pytest.mark.parametrize("days", [7, 5 * 365])
def test_period_charts_stay_three_queries(
    user, django_assert_num_queries, weekly, days
):
    end = day(5 * 365)
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=end - n * DAY, pain_score=n % 11, night_pain=n % 9 == 0)
        for n in range(days)
    )
    Session.objects.bulk_create(
        Session(user=user, date=end - n * DAY, pain_during=2, effort="right")
        for n in range(0, days, 2)
    )

    with django_assert_num_queries(3):
        charts = selectors.period_charts(
            user,
            start=None if weekly else end - 83 * DAY,
            end=end,
            target=3,
            weekly=weekly,
            label="test",
        )

    assert charts.pain.session_marks and charts.pain.warning_marks


# Pages ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dashboard_chart_has_the_marks_their_key_and_table_columns(
    user_client, user
):
    today = today_for(user)
    CheckInFactory(user=user, date=today - DAY, pain_score=6, sudden_onset=True)
    CheckInFactory(user=user, date=today, pain_score=3)
    SessionFactory(user=user, date=today)

    html = user_client.get(DASHBOARD).content.decode()

    chart = svg(html, "pain-chart")
    assert re.search(
        r'<g class="chart-marks-session"><polygon points="[^"]+"/></g>', chart
    )
    assert re.search(
        r'<g class="chart-marks-warning"><polygon points="[^"]+"/></g>', chart
    )
    assert (
        "Triangle above the chart: a day with a session (1 session in these dates)"
        in html
    )
    assert (
        "Diamond above the chart: a day whose check-in reported a warning sign "
        "(1 check-in in these dates)"
    ) in html
    assert '<th scope="col">Session</th><th scope="col">Warning sign</th>' in html
    rows = table_rows(
        html, "Pain trend, last 4 weeks: pain score, sessions and warning signs per day"
    )
    assert rows == [
        f"{today - DAY:%a %-d %b %Y} 6 6.0 none ◆ Yes",
        f"{today:%a %-d %b %Y} 3 4.5 ▲ 1 session no",
    ]


@pytest.mark.django_db
def test_a_weekly_dashboard_chart_counts_by_week(user_client, user):
    today = today_for(user)
    monday = series.week_start(today)
    CheckInFactory(user=user, date=monday, pain_score=4, night_pain=True)
    CheckInFactory(user=user, date=monday - 7 * DAY, pain_score=2)
    SessionFactory(user=user, date=monday)
    SessionFactory(user=user, date=monday - 6 * DAY)
    SessionFactory(user=user, date=monday - 5 * DAY)

    html = user_client.get(DASHBOARD, {"range": "1y"}).content.decode()

    assert '<th scope="col">Sessions</th><th scope="col">Warning signs</th>' in html
    rows = table_rows(
        html,
        "Pain trend, last 1 year: average pain, sessions and warning signs per week",
    )
    assert rows == [
        f"{monday - 7 * DAY:%a %-d %b %Y} 2.0 1 ▲ 2 none",
        f"{monday:%a %-d %b %Y} 4.0 1 ▲ 1 ◆ 1 check-in",
    ]
    assert "a week with a session" in html


@pytest.mark.django_db
def test_a_new_session_shows_its_mark_on_the_next_dashboard(user_client, user):
    """The body is kept per journal version; a session moves it."""
    today = today_for(user)
    CheckInFactory(user=user, date=today, pain_score=3)
    before = svg(user_client.get(DASHBOARD).content.decode(), "pain-chart")
    SessionFactory(user=user, date=today)
    CheckIn.objects.filter(user=user).update(night_pain=True)

    after = svg(user_client.get(DASHBOARD).content.decode(), "pain-chart")

    assert "chart-marks-session" not in before and "chart-marks-session" in after
    assert "chart-marks-warning" in after


@pytest.mark.django_db
def test_the_report_chart_has_the_marks_too(user_client, user):
    today = today_for(user)
    CheckInFactory(user=user, date=today, pain_score=3, fever_or_chills=True)
    SessionFactory(user=user, date=today)

    html = user_client.get(REPORT).content.decode()

    chart = svg(html, "pain-chart")
    assert "chart-marks-session" in chart and "chart-marks-warning" in chart
    assert "a triangle marks each day with a session (1 day)" in chart
