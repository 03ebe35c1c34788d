"""The month view (issue 19): a calendar of one month, Monday first, each day
with its pain (a number and a band), its sessions and its warning signs,
linking to its check-in or to a new one; months from January 2000 to the
person's current month, in their zone."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import selectors
from journal.models import CheckIn, Session
from tests.factories import CheckInFactory, PlanFactory, SessionFactory, UserFactory
from tests.html import assert_accessible_page

pytestmark = pytest.mark.django_db

MONTH = reverse("journal:month")
NEW_YORK = "America/New_York"
# 23:30 on Monday 30 November in New York: already 1 December in UTC.
NY_LATE = datetime.datetime(2026, 12, 1, 4, 30, tzinfo=datetime.UTC)
# Noon on Friday 4 December 2026, UTC.
NOON = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=datetime.UTC)
DEC = datetime.date(2026, 12, 1)


@pytest.fixture
def clock(monkeypatch):
    def set_to(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    set_to(NOON)
    return set_to


def month_of(year: int, month: int) -> str:
    return reverse("journal:month-of", kwargs={"year": year, "month": month})


def cell(html: str, day: datetime.date) -> str:
    """The <td> of one day, found by its screen-reader date."""
    label = f"{day:%A} {day.day} {day:%B}"
    match = re.search(
        rf'<td class="month-day[^"]*"[^>]*>(?:(?!</td>).)*?{label}\b.*?</td>',
        html,
        re.S,
    )
    assert match, f"no cell for {label}"
    return match.group(0)


def text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


# Selectors ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2026, 12, DEC),
        (2026, 11, datetime.date(2026, 11, 1)),
        (2000, 1, datetime.date(2000, 1, 1)),
        (2026, 13, None),
        (2026, 0, None),
        (1999, 12, None),
        (2027, 1, None),  # after the current month
        (99999, 1, None),  # far future: no date can even hold it
    ],
)
def test_month_of_allows_january_2000_to_the_current_month(year, month, expected):
    assert selectors.month_of(year, month, datetime.date(2026, 12, 4)) == expected


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "low"), (2, "low"), (3, "middle"), (5, "middle"), (6, "high"), (10, "high")],
)
def test_pain_bands_follow_the_pain_monitoring_zones(score, band):
    assert selectors.pain_band(score) == band


def test_month_calendar_puts_monday_first_and_each_days_entries(
    user, django_assert_num_queries
):
    CheckInFactory(user=user, date=datetime.date(2026, 12, 2), pain_score=4)
    CheckInFactory(
        user=user,
        date=datetime.date(2026, 12, 3),
        pain_score=8,
        night_pain=True,
        fever_or_chills=True,
    )
    SessionFactory(user=user, date=datetime.date(2026, 12, 3))
    SessionFactory(user=user, date=datetime.date(2026, 12, 3))
    SessionFactory(user=user, date=datetime.date(2026, 11, 30))  # not this month
    CheckInFactory(user=UserFactory(), date=datetime.date(2026, 12, 2), pain_score=9)

    with django_assert_num_queries(2):
        found = selectors.month_calendar(user, DEC, datetime.date(2026, 12, 4))

    # December 2026 starts on a Tuesday and ends on a Thursday: five rows.
    assert len(found.weeks) == 5
    assert found.weeks[0][0] is None
    assert found.weeks[0][1].date == DEC
    assert found.weeks[-1][3].date == datetime.date(2026, 12, 31)
    assert found.weeks[-1][4:] == [None, None, None]
    by_date = {day.date: day for day in found.days}
    assert by_date[datetime.date(2026, 12, 2)].pain == 4
    assert by_date[datetime.date(2026, 12, 2)].band == "middle"
    third = by_date[datetime.date(2026, 12, 3)]
    assert (third.pain, third.sessions, len(third.warning_signs)) == (8, 2, 2)
    assert (found.check_in_count, found.session_count, found.warning_days) == (2, 2, 1)
    assert found.previous == datetime.date(2026, 11, 1)
    assert found.next is None


# The page ----------------------------------------------------------------------


def test_month_view_shows_each_day_as_a_table_cell(user_client, user, clock):
    PlanFactory(user=user)
    with_check_in = CheckInFactory(
        user=user, date=datetime.date(2026, 12, 2), pain_score=7, night_pain=True
    )
    SessionFactory(user=user, date=datetime.date(2026, 12, 2))
    SessionFactory(user=user, date=datetime.date(2026, 12, 2))
    SessionFactory(user=user, date=datetime.date(2026, 12, 3))

    response = user_client.get(MONTH)

    html = response.content.decode()
    assert "<h1>December 2026</h1>" in html
    assert "<caption>December 2026: each day’s pain score" in html
    # Monday first, the full names for a screen reader.
    headers = re.findall(r'<th scope="col">(.*?)</th>', html)
    assert [text(header) for header in headers][:2] == ["Mon Monday", "Tue Tuesday"]
    second = cell(html, datetime.date(2026, 12, 2))
    assert f'href="{with_check_in.get_absolute_url()}"' in second
    assert 'class="month-pain band-high"' in second
    said = text(second)
    assert said.startswith("2 Wednesday 2 December: pain 7 out of 10, ▲ 2 sessions")
    assert "◆ warning warning sign: " in said  # the shape, and the words
    third = cell(html, datetime.date(2026, 12, 3))
    assert "?date=2026-12-03" in third  # a past day without a check-in
    assert "no check-in, add one" in text(third)
    assert "1 session done" in text(third)
    today = cell(html, datetime.date(2026, 12, 4))
    assert 'aria-current="date"' in today and "Friday 4 December, today" in today
    future = cell(html, datetime.date(2026, 12, 5))
    assert "<a " not in future  # no entry can be dated in the future
    assert "In December: 1 check-in, 3 sessions, and 1 day whose check-in" in html
    assert_accessible_page(html)


def test_a_warning_sign_says_which_question_in_words(user_client, user, clock):
    CheckInFactory(user=user, date=datetime.date(2026, 12, 1), fever_or_chills=True)

    html = user_client.get(MONTH).content.decode()

    first = text(cell(html, DEC))
    assert "warning sign: fever or chills" in first.lower()


def test_month_links_to_neighbouring_months_within_bounds(user_client, clock):
    current = user_client.get(MONTH).content.decode()
    past = user_client.get(month_of(2026, 6)).content.decode()
    first = user_client.get(month_of(2000, 1)).content.decode()

    assert f'href="{month_of(2026, 11)}" rel="prev"' in current
    assert 'rel="next"' not in current and "This month" not in current
    assert f'href="{month_of(2026, 5)}" rel="prev"' in past
    assert f'href="{month_of(2026, 7)}" rel="next"' in past
    assert f'href="{MONTH}">This month</a>' in past
    assert "<h1>January 2000</h1>" in first
    assert 'rel="prev"' not in first
    assert "Nothing recorded in January 2000" in first


@pytest.mark.parametrize(
    ("year", "month"), [(2026, 13), (2026, 0), (1999, 12), (2027, 1), (99999, 1)]
)
def test_months_outside_the_journal_are_not_found(user_client, clock, year, month):
    response = user_client.get(month_of(year, month))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "Page not found" in response.content.decode()


def test_another_persons_entries_never_show(user_client, user, clock):
    theirs = CheckInFactory(
        user=UserFactory(), date=datetime.date(2026, 12, 2), pain_score=9
    )
    SessionFactory(user=theirs.user, date=datetime.date(2026, 12, 2))

    html = user_client.get(MONTH).content.decode()

    assert theirs.get_absolute_url() not in html
    second = text(cell(html, datetime.date(2026, 12, 2)))
    assert "pain" not in second and "session" not in second


def test_a_person_in_new_york_late_in_the_evening_sees_their_own_month(client, clock):
    """23:30 on 30 November in New York is 1 December in UTC: the page shows
    November, with the 30th as today, and no link for the UTC date."""
    person = UserFactory()
    PlanFactory(user=person, time_zone=NEW_YORK, time_zone_known=True)
    CheckInFactory(user=person, date=datetime.date(2026, 11, 30), pain_score=3)
    client.force_login(person)
    clock(NY_LATE)

    html = client.get(MONTH).content.decode()

    assert "<h1>November 2026</h1>" in html
    assert "Monday 30 November, today" in cell(html, datetime.date(2026, 11, 30))
    # December is not a month yet for them.
    assert client.get(month_of(2026, 12)).status_code == HTTPStatus.NOT_FOUND
    assert 'rel="next"' not in html


def test_the_dashboard_and_the_check_in_list_link_to_the_month(
    user_client, user, clock
):
    CheckInFactory(user=user, date=datetime.date(2026, 12, 4))

    dashboard = user_client.get(reverse("journal:dashboard")).content.decode()
    check_ins = user_client.get(reverse("journal:check-in-list")).content.decode()

    assert f'href="{MONTH}"' in dashboard
    assert f'href="{MONTH}"' in check_ins


def test_the_month_needs_a_login(client):
    response = client.get(MONTH)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("years", [0, 5])
def test_month_reads_in_a_constant_number_of_queries(
    user_client, user, django_assert_num_queries, clock, years
):
    PlanFactory(user=user)
    if years:
        days = [
            DEC + datetime.timedelta(days=3) - datetime.timedelta(n)
            for n in range(years * 365)
        ]
        CheckIn.objects.bulk_create(
            CheckIn(user=user, date=day, pain_score=n % 11, night_pain=n % 50 == 0)
            for n, day in enumerate(days)
        )
        Session.objects.bulk_create(
            Session(user=user, date=day, pain_during=2, effort="right")
            for day in days[::2]
        )
    else:
        CheckInFactory(user=user, date=DEC, pain_score=2)

    # The session and the user (2), the plan's zone, the month's check-ins and
    # its sessions per day.
    with django_assert_num_queries(5):
        response = user_client.get(MONTH)

    assert "December 2026" in response.content.decode()
