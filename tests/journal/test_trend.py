"""The pain trend filtered by side and by trigger (issue 19): the dashboard's
chart and table over one of its ranges, only the check-ins that match, said
in words with how many match; an unknown filter is a message, never a 500."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import selectors
from journal.models import CheckIn, Session, Trigger
from tests.factories import CheckInFactory, PlanFactory, SessionFactory, UserFactory
from tests.html import assert_accessible_page
from tests.journal.test_dashboard import svg, table_rows

pytestmark = pytest.mark.django_db

TREND = reverse("journal:trend")
NOON = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 12, 4)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOON)


@pytest.fixture
def running():
    return Trigger.objects.get(slug="running")


def tagged(user, back: int, pain: int, *triggers, **fields) -> CheckIn:
    check_in = CheckInFactory(
        user=user, date=TODAY - back * DAY, pain_score=pain, **fields
    )
    check_in.triggers.add(*triggers)
    return check_in


def test_trigger_filter_charts_only_the_tagged_days(user_client, user, running):
    stairs = Trigger.objects.get(slug="climbing-stairs")
    tagged(user, 1, 6, running, night_pain=True)
    tagged(user, 3, 5, running, stairs)
    tagged(user, 2, 1, stairs)
    tagged(user, 0, 2)
    SessionFactory(user=user, date=TODAY - 2 * DAY)
    tagged(UserFactory(), 1, 9, running)  # someone else's

    response = user_client.get(TREND, {"trigger": "running"})

    html = response.content.decode()
    assert "Pain on days tagged “Running”, last 4 weeks" in html
    assert "2 check-ins match this filter." in html
    chart = svg(html, "trend-chart")
    assert chart.count("<circle") == 2
    # The session is marked whatever the filter; the warning sign is that of
    # a matching check-in.
    assert chart.count("<polygon") == 2
    caption = (
        "Pain trend, last 4 weeks: pain score, sessions and warning signs per day, "
        "pain only from the check-ins tagged “Running”"
    )
    rows = table_rows(html, caption)
    # No 7-day average column: the filtered days have none.
    assert rows == [
        f"{TODAY - 3 * DAY:%a %-d %b %Y} 5 none no",
        f"{TODAY - 2 * DAY:%a %-d %b %Y} no matching check-in ▲ 1 session no",
        f"{TODAY - DAY:%a %-d %b %Y} 6 none ◆ Yes",
    ]
    assert_accessible_page(html)


def lines(chart: str, kind: str) -> list[list[str]]:
    """The points of each polyline of this class in a chart's SVG."""
    return [
        points.split()
        for points in re.findall(rf'<polyline class="{kind}" points="([^"]*)"', chart)
    ]


def test_a_filtered_trend_joins_only_consecutive_days_and_draws_no_average(
    user_client, user, running
):
    """Issue 19, a newcomer: days tagged "long sitting" weeks apart were
    joined by one line, as if pain had moved steadily between them, and the
    7-day average of the tagged days alone stood as short dashes by each dot."""
    for back, pain in ((40, 2), (20, 7), (6, 3), (5, 4), (4, 6), (1, 5)):
        tagged(user, back, pain, running)
    tagged(user, 2, 9)  # between two tagged days, not tagged itself

    html = user_client.get(
        TREND, {"trigger": "running", "range": "12w"}
    ).content.decode()

    chart = svg(html, "trend-chart")
    assert chart.count("<circle") == 6
    # Only days 6, 5 and 4 back follow each other: one line through them.
    assert [len(points) for points in lines(chart, "chart-line")] == [3]
    assert lines(chart, "chart-mean") == []
    description = re.search(r"<desc [^>]*>(.*?)</desc>", chart, re.S).group(1)
    assert (
        "on each day with a check-in tagged “Running”, from 14 September 2026 to "
        "4 December 2026: only those days, as points, a line joining two of them "
        "only when they are consecutive days, and no 7-day average"
    ) in description
    assert "6 matching check-ins; lowest 2.0, highest 7.0." in description
    key = re.search(r'<figcaption class="chart-legend">(.*?)</figcaption>', html, re.S)
    assert "a thin line joins only consecutive days" in key.group(1)
    assert "No 7-day average" in key.group(1)
    assert "Thick dashed line" not in key.group(1)
    assert "7-day average</th>" not in html
    caption = (
        "Pain trend, last 12 weeks: pain score, sessions and warning signs per "
        "day, pain only from the check-ins tagged “Running”"
    )
    rows = table_rows(html, caption)
    assert rows[0] == f"{TODAY - 40 * DAY:%a %-d %b %Y} 2 none no"
    assert len(rows) == 6
    assert_accessible_page(html)


def test_a_filtered_weekly_trend_joins_only_weeks_that_follow(
    user_client, user, running
):
    monday = TODAY - TODAY.weekday() * DAY
    for back in (0, 7, 28):  # this week, last week, and four weeks back
        tagged(user, (TODAY - (monday - back * DAY)).days, 4, running, side="left")
    tagged(user, (TODAY - (monday - 14 * DAY)).days, 8)  # no tag: not matching
    SessionFactory(user=user, date=monday - 14 * DAY)

    html = user_client.get(
        TREND, {"trigger": "running", "side": "left", "range": "1y"}
    ).content.decode()

    chart = svg(html, "trend-chart")
    assert chart.count("<circle") == 3
    assert [len(points) for points in lines(chart, "chart-line")] == [2]
    assert "a line joining two of them only when they follow each other" in chart
    assert "3 weeks with matching check-ins" in chart
    assert "a thin line joins only weeks that follow each other" in html
    assert '<th scope="col">Matching check-ins</th>' in html
    week = monday - 14 * DAY
    assert f"{week:%a %-d %b %Y} no matching check-in 0 ▲ 1 none" in table_rows(
        html,
        "Pain trend, last 1 year: average pain, sessions and warning signs per "
        "week, pain only from the check-ins tagged “Running”, with pain in the "
        "left hip",
    )


def test_side_and_trigger_together(user_client, user, running):
    tagged(user, 1, 6, running, side="left")
    tagged(user, 2, 4, running, side="right")
    tagged(user, 3, 8, side="left")

    html = user_client.get(
        TREND, {"trigger": "running", "side": "left", "range": "12w"}
    ).content.decode()

    assert (
        "Pain on days tagged “Running”, with pain in the left hip, last 12 weeks"
        in html
    )
    assert "1 check-in matches this filter." in html
    assert svg(html, "trend-chart").count("<circle") == 1


def test_weekly_range_counts_check_ins_by_week(user_client, user, running):
    tagged(user, 0, 6, running)
    tagged(user, 1, 4, running)
    tagged(user, 200, 2, running)
    tagged(user, 3, 9)

    html = user_client.get(
        TREND, {"trigger": "running", "range": "1y"}
    ).content.decode()

    assert "3 check-ins match this filter, averaged by week." in html
    assert "Week starting" in html
    assert svg(html, "trend-chart").count("<circle") == 2


def test_no_filter_shows_every_check_in(user_client, user):
    tagged(user, 0, 3)
    tagged(user, 1, 4, side="both")

    html = user_client.get(TREND).content.decode()

    assert "Pain on every day you checked in, last 4 weeks" in html
    assert "2 check-ins match in these dates." in html
    # Every check-in: the dashboard's chart, one line and the 7-day average.
    chart = svg(html, "trend-chart")
    assert [len(points) for points in lines(chart, "chart-line")] == [2]
    assert len(lines(chart, "chart-mean")) == 1
    assert "with the 7-day average" in chart
    assert "7-day average</th>" in html


def test_none_matching_says_so_without_a_chart(user_client, user, running):
    tagged(user, 0, 3)

    html = user_client.get(TREND, {"trigger": "running"}).content.decode()

    assert "No check-in matches this filter in the last 4 weeks." in html
    assert "trend-chart-title" not in html
    assert_accessible_page(html)


def test_retired_triggers_are_offered_only_when_the_person_used_them(user_client, user):
    used = Trigger.objects.create(name="Gardening", slug="gardening", is_active=False)
    Trigger.objects.create(name="Skiing", slug="skiing", is_active=False)
    tagged(user, 0, 5, used)

    html = user_client.get(TREND, {"trigger": "gardening"}).content.decode()

    assert '<option value="gardening" selected>Gardening (no longer offered)' in html
    assert "skiing" not in html
    assert "Pain on days tagged “Gardening”" in html
    assert "1 check-in matches this filter." in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"side": "up"}, "“up” is not a side this page knows"),
        ({"trigger": "nope"}, "“nope” is not a trigger this page knows"),
        ({"trigger": "skiing"}, "“skiing” is not a trigger this page knows"),
        ({"range": "9y"}, "“9y” is not a range this page knows"),
    ],
)
def test_an_unknown_filter_is_a_message_beside_its_field(
    user_client, user, params, message
):
    # A retired trigger nobody used is not one this person can filter by.
    Trigger.objects.create(name="Skiing", slug="skiing", is_active=False)
    tagged(user, 0, 3)

    response = user_client.get(TREND, params)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    (field,) = params
    error = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html)
    assert error and message in error.group(1)
    assert f'aria-describedby="id_{field}_error"' in html
    # The chart leaves the unknown filter out.
    assert "Pain on every day you checked in, last 4 weeks" in html


def test_the_dashboard_chart_links_to_the_trend_with_its_range(user_client, user):
    tagged(user, 0, 3)

    html = user_client.get(reverse("journal:dashboard"), {"range": "12w"})

    assert f'href="{TREND}?range=12w"' in html.content.decode()


def test_trend_triggers_in_one_query(user, django_assert_num_queries):
    retired = Trigger.objects.create(name="Golf", slug="golf", is_active=False)
    tagged(user, 0, 3, retired)

    with django_assert_num_queries(1):
        found = selectors.trend_triggers(user)

    assert retired in found
    assert all(t.is_active for t in found if t != retired)


@pytest.mark.parametrize("years", [0, 5])
@pytest.mark.parametrize("range_key", ["4w", "all"])
def test_trend_reads_in_a_constant_number_of_queries(
    user_client, user, django_assert_num_queries, running, years, range_key
):
    PlanFactory(user=user)
    tagged(user, 0, 4, running, side="left")
    if years:
        days = [TODAY - (n + 1) * DAY for n in range(years * 365)]
        rows = CheckIn.objects.bulk_create(
            CheckIn(user=user, date=day, pain_score=n % 11, side="left")
            for n, day in enumerate(days)
        )
        CheckIn.triggers.through.objects.bulk_create(
            CheckIn.triggers.through(checkin=row, trigger=running) for row in rows[::3]
        )
        Session.objects.bulk_create(
            Session(user=user, date=day, pain_during=2, effort="right")
            for day in days[::2]
        )

    # The session and the user (2), the plan's zone, the triggers offered or
    # used, the matching check-ins (by day or week) and the sessions.
    with django_assert_num_queries(6):
        response = user_client.get(
            TREND, {"trigger": "running", "side": "left", "range": range_key}
        )

    matching = 1 + (years * 365 + 2) // 3 if range_key == "all" else None
    said = re.search(
        r"(\d+) check-ins? match(?:es)? this filter", response.content.decode()
    )
    assert said
    if matching is not None:
        assert int(said.group(1)) == matching
