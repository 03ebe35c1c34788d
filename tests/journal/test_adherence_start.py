"""Weeks before the journal began are not missed weeks (issue 12, case 6)."""

import datetime
import re

import pytest
from django.urls import reverse

from journal import selectors, series
from tests.factories import CheckInFactory, SessionFactory
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def adherence_rows(html: str) -> list[str]:
    """The rows of the sessions-per-week data table, as text."""
    table = re.search(r"Sessions per week[^<]*: data table.*?</table>", html, re.S)
    assert table, "no adherence table"
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", table.group(0), re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", row).strip() for row in rows]


@pytest.mark.parametrize("range_key", ["4w", "12w", "1y", "all"])
def test_day_one_shows_only_the_week_the_journal_began(user_client, user, range_key):
    today = today_for(user)
    SessionFactory(user=user, date=today)

    html = user_client.get(reverse("journal:dashboard"), {"range": range_key})
    rows = adherence_rows(html.content.decode())

    assert len(rows) == 1
    assert rows[0].startswith(f"{series.week_start(today):%a} ")


def test_report_counts_weeks_from_the_first_entry_only(user_client, user):
    today = today_for(user)
    began = today - 10 * DAY
    CheckInFactory(user=user, date=began, pain_score=3)
    SessionFactory(user=user, date=today)

    html = user_client.get(reverse("journal:report")).content.decode()
    rows = adherence_rows(html)

    weeks = {series.week_start(began + n * DAY) for n in range(11)}
    assert len(rows) == len(weeks)
    # The week it began in counts only from that day.
    if began.weekday() != 0:
        assert "(part of the week)" in rows[0]


def test_a_backdated_entry_moves_the_start_back(user):
    today = today_for(user)
    SessionFactory(user=user, date=today)
    CheckInFactory(user=user, date=today - 30 * DAY, pain_score=2)

    assert selectors.journal_start(user) == today - 30 * DAY


def test_no_entries_no_start(user):
    assert selectors.journal_start(user) is None


@pytest.mark.parametrize(
    ("first", "began", "expected"),
    [
        # Range starts before the journal: the series starts at its week.
        (
            datetime.date(2026, 6, 1),
            datetime.date(2026, 6, 17),
            datetime.date(2026, 6, 15),
        ),
        # Journal began before the range: the range's first week.
        (
            datetime.date(2026, 6, 1),
            datetime.date(2026, 3, 4),
            datetime.date(2026, 6, 1),
        ),
        # No entries yet, or only after the end: the last week alone.
        (datetime.date(2026, 6, 1), None, datetime.date(2026, 6, 22)),
        (
            datetime.date(2026, 6, 1),
            datetime.date(2026, 7, 9),
            datetime.date(2026, 6, 22),
        ),
    ],
)
def test_adherence_weeks(first, began, expected):
    end = datetime.date(2026, 6, 24)

    assert series.adherence_weeks(first, end, began)[0] == expected
