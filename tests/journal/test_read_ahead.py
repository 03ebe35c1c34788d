"""core.rows.read_ahead: on PostgreSQL, the reads a page lists go in one round
trip and fetch() answers each from what was read, once; elsewhere nothing is
read ahead. The dashboard drawn with its reads read ahead is the dashboard
drawn without (issue 20: the page people see after every check-in)."""

import contextlib
import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import rows
from journal import cache, selectors
from journal.models import CheckIn
from tests.factories import (
    CheckInFactory,
    PlanFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="reads ahead on PostgreSQL only"
)
DAY = datetime.timedelta(days=1)


def _dates(user_id: int) -> tuple[str, list]:
    table = rows.quoted(CheckIn)
    return f'SELECT "date" FROM {table} WHERE "user_id" = %s ORDER BY "date"', [user_id]


def _scores(user_id: int) -> tuple[str, list]:
    table = rows.quoted(CheckIn)
    return (
        f'SELECT "pain_score" FROM {table} WHERE "user_id" = %s ORDER BY "date"',
        [user_id],
    )


def _count(user_id: int) -> tuple[str, list]:
    return f'SELECT COUNT(*) FROM {rows.quoted(CheckIn)} WHERE "user_id" = %s', [
        user_id
    ]


@pytest.fixture
def journal():
    user = UserFactory()
    today = datetime.date(2026, 3, 10)
    for back, score in enumerate([4, 6, 2]):
        CheckInFactory(user=user, date=today - back * DAY, pain_score=score)
    return user


@POSTGRESQL
def test_the_reads_listed_go_in_one_round_trip_and_answer_as_fetch_does(journal):
    expected = [rows.fetch(*query(journal.pk)) for query in (_dates, _scores, _count)]

    listed = [_dates(journal.pk), None, _scores(journal.pk), _count(journal.pk)]
    with CaptureQueriesContext(connection) as queries, rows.read_ahead(lambda: listed):
        found = [rows.fetch(*query(journal.pk)) for query in (_dates, _scores)]
        found.append(rows.fetch(*_count(journal.pk)))

    assert found == expected
    assert len(queries) == 1


@POSTGRESQL
def test_each_read_is_answered_once_and_any_other_goes_to_the_database(journal):
    other = UserFactory()
    CheckInFactory(user=other, date=datetime.date(2026, 1, 1), pain_score=9)

    listed = [_dates(journal.pk), _count(journal.pk)]
    with rows.read_ahead(lambda: listed), CaptureQueriesContext(connection) as queries:
        rows.fetch(*_dates(journal.pk))
        again = rows.fetch(*_dates(journal.pk))
        theirs = rows.fetch(*_count(other.pk))

    assert len(again) == 3 and theirs == [(1,)]
    # The second reading of the same query and another user's query: each a
    # query of its own.
    assert len(queries) == 2


@POSTGRESQL
def test_a_write_in_the_block_drops_what_was_read_ahead(journal):
    with rows.read_ahead(lambda: [_count(journal.pk), _dates(journal.pk)]):
        rows.execute(
            f'DELETE FROM {rows.quoted(CheckIn)} WHERE "user_id" = %s', [journal.pk]
        )
        with CaptureQueriesContext(connection) as queries:
            found = rows.fetch(*_count(journal.pk))

    assert found == [(0,)]
    assert len(queries) == 1


@POSTGRESQL
def test_a_block_inside_another_reads_nothing_more_ahead(journal):
    outer = [_count(journal.pk), _dates(journal.pk)]
    inner = [_scores(journal.pk), _scores(journal.pk)]
    with (
        rows.read_ahead(lambda: outer),
        CaptureQueriesContext(connection) as queries,
        rows.read_ahead(lambda: inner),
    ):
        rows.fetch(*_count(journal.pk))

    assert queries.captured_queries == []


def test_nothing_is_read_ahead_where_a_query_costs_no_round_trip(journal):
    """SQLite: the list is not even made, and every fetch is its own query."""
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's behaviour")
    listed = []

    with (
        CaptureQueriesContext(connection) as queries,
        rows.read_ahead(lambda: listed.append(1) or [_count(journal.pk)]),
    ):
        rows.fetch(*_count(journal.pk))

    assert listed == []
    assert len(queries) == 1


@pytest.mark.parametrize("range_key", ["4w", "12w", "1y", "all"])
def test_the_dashboard_read_ahead_is_the_dashboard_read_query_by_query(
    client, monkeypatch, range_key
):
    """A journal with something in every part of the page (alerts, a session
    that hurt, next doses, a streak, both charts, an open emergency): drawn
    with its reads read ahead and drawn without, the same page."""
    user = UserFactory()
    plan = PlanFactory(user=user, time_zone="America/New_York", time_zone_known=True)
    today = selectors.user_today(plan)
    for back in range(1, 60):
        CheckInFactory(
            user=user,
            date=today - back * DAY,
            pain_score=(back * 7) % 11,
            night_pain=back % 9 == 0,
            cauda_equina_signs=back == 20,
        )
    for back in range(0, 60, 3):
        SessionFactory(user=user, date=today - back * DAY, pain_during=back % 8)
    # Another member's day, which nothing of this page may show.
    CheckInFactory(user=UserFactory(), date=today, pain_score=10, sudden_onset=True)
    client.force_login(user)

    counted = []

    def page() -> str:
        # The bodies kept in memory, not the streak's hint: the first page
        # finds the run's start, the others check the hint.
        caches[cache.CACHE_ALIAS].clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("journal:dashboard"), {"range": range_key})
        assert response.status_code == 200
        counted.append(len(queries))
        # Each response's CSRF token is masked afresh.
        return re.sub(r'value="[A-Za-z0-9]{64}"', "", response.content.decode())

    first = page()
    with monkeypatch.context() as patched:
        patched.setattr(rows, "read_ahead", lambda queries: contextlib.nullcontext())
        without = page()
    again = page()

    assert without == first
    assert again == first
    assert "triage-alert" in first and "Sessions per week" in first
    if connection.vendor == "postgresql":
        # Read ahead, at least ten queries fewer (the hint's check among them).
        assert counted[2] <= counted[1] - 10


@POSTGRESQL
def test_the_reads_are_prepared_on_the_connection(journal):
    """Prepared once per connection, the server plans each read once; a
    query of Django's own cursor is not prepared."""
    dates, count = _dates(journal.pk), _count(journal.pk)

    def prepared() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return {row[0] for row in cursor.fetchall()}

    before = prepared()
    with rows.read_ahead(lambda: [dates, count]):
        assert rows.fetch(*dates) and rows.fetch(*count) == [(3,)]
    rows.fetch(*_scores(journal.pk))
    made = prepared() - before

    assert any('SELECT "date" FROM' in statement for statement in made)
    assert any("COUNT(*)" in statement for statement in made)
    assert not any('SELECT "pain_score" FROM' in statement for statement in made)


@POSTGRESQL
def test_a_read_that_fails_raises_djangos_error_and_reads_nothing(journal):
    from django.db import ProgrammingError, transaction

    broken = ('SELECT "no_such_column" FROM journal_checkin WHERE "user_id" = %s', [1])
    with pytest.raises(ProgrammingError), transaction.atomic():  # noqa: SIM117
        with rows.read_ahead(lambda: [_count(journal.pk), broken]):
            pytest.fail("the block ran")

    assert rows.fetch(*_count(journal.pk)) == [(3,)]


@POSTGRESQL
def test_a_database_lost_during_the_read_ahead_answers_the_outage_page(
    client, monkeypatch
):
    """The pipeline's error is Django's: the dashboard answers 503 with its
    calm page, as any query meeting an unavailable database does."""
    import psycopg

    user = UserFactory()
    plan = PlanFactory(user=user, time_zone="Pacific/Auckland", time_zone_known=True)
    CheckInFactory(user=user, date=selectors.user_today(plan), pain_score=5)
    client.force_login(user)
    caches[cache.CACHE_ALIAS].clear()

    def lost(self):
        raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(psycopg.Connection, "pipeline", lost)
    response = client.get(reverse("journal:dashboard"))

    assert response.status_code == 503
    assert response["Retry-After"]
