"""The journal's one date rule (journal.rules), and every form that takes a
date applying it with the same messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from journal import rules
from journal.dashboard_forms import ReportRangeForm
from journal.forms import CheckInForm, SessionForm

TODAY = datetime.date(2026, 3, 14)
DAY = datetime.timedelta(days=1)
TOO_EARLY = "Choose a date on or after 1 January 2000."
FUTURE = "This date is in the future. Choose today or an earlier day."


@pytest.mark.parametrize(
    ("day", "keep", "problem"),
    [
        (rules.EARLIEST_DATE, None, None),
        (rules.EARLIEST_DATE - DAY, None, rules.DateProblem.TOO_EARLY),
        (TODAY, None, None),
        (TODAY + DAY, None, rules.DateProblem.FUTURE),
        # An edited entry keeps its own date after today, and only that one.
        (TODAY + DAY, TODAY + DAY, None),
        (TODAY + 2 * DAY, TODAY + DAY, rules.DateProblem.FUTURE),
        (
            rules.EARLIEST_DATE - DAY,
            rules.EARLIEST_DATE - DAY,
            rules.DateProblem.TOO_EARLY,
        ),
    ],
)
def test_date_problem(day, keep, problem):
    assert rules.date_problem(day, today=TODAY, keep=keep) == problem


@pytest.mark.parametrize(
    ("day", "message", "code"),
    [
        (rules.EARLIEST_DATE - DAY, TOO_EARLY, "too_early"),
        (TODAY + DAY, FUTURE, "future"),
    ],
)
def test_check_date_says_what_is_wrong(day, message, code):
    with pytest.raises(ValidationError) as refused:
        rules.check_date(day, today=TODAY)

    assert refused.value.messages == [message]
    assert refused.value.code == code


def test_bounds_reach_an_edited_entrys_later_date():
    assert rules.date_bounds(TODAY) == (rules.EARLIEST_DATE, TODAY)
    assert rules.date_bounds(TODAY, TODAY + DAY) == (rules.EARLIEST_DATE, TODAY + DAY)


def _check_in(day):
    form = CheckInForm({"date": day, "pain_score": "3"}, today=TODAY)
    return form, "date"


def _session(day):
    data = {"date": day, "pain_during": "2", "effort": "easy", "token": "x"}
    return SessionForm(data, plans=[], today=TODAY, token=False), "date"


def _report_start(day):
    return ReportRangeForm({"start": day, "end": TODAY}, today=TODAY), "start"


def _report_end(day):
    start = rules.EARLIEST_DATE.isoformat()
    return ReportRangeForm({"start": start, "end": day}, today=TODAY), "end"


@pytest.mark.parametrize("make", [_check_in, _session, _report_start, _report_end])
@pytest.mark.parametrize(
    ("day", "message"),
    [("1999-12-31", TOO_EARLY), ((TODAY + DAY).isoformat(), FUTURE)],
)
def test_every_date_field_applies_the_one_rule_with_its_messages(make, day, message):
    """The report's and the entry forms' own checks said the same thing in
    different words: now one rule, one set of messages and the same bounds."""
    form, field = make(day)

    assert not form.is_valid()
    assert form.errors[field] == [message]
    minimum = form.fields[field].widget.attrs["min"]
    maximum = form.fields[field].widget.attrs["max"]
    assert (minimum, maximum) == ("2000-01-01", TODAY.isoformat())
