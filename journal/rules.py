"""Which dates the journal accepts: the one rule for every form and page that
takes a date (a check-in's, a session's, the report's, the check-in form's
?date=), with its messages. Pure functions on dates.

A date is valid from EARLIEST_DATE (the database checks it too) up to the
user's today, in their zone. An entry being edited keeps its own date even when
that is after today: made before the user moved their zone west, it kept the
date it was given.
"""

import datetime
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

EARLIEST_DATE = datetime.date(2000, 1, 1)


class DateProblem(StrEnum):
    TOO_EARLY = "too_early"
    FUTURE = "future"


MESSAGES = {
    DateProblem.TOO_EARLY: "Choose a date on or after %(earliest)s.",
    DateProblem.FUTURE: "This date is in the future. Choose today or an earlier day.",
}


def date_problem(
    day: datetime.date,
    *,
    today: datetime.date,
    keep: datetime.date | None = None,
) -> DateProblem | None:
    """What is wrong with `day` as a journal date, if anything. `keep` is the
    date the entry being edited already has: always accepted."""
    if day < EARLIEST_DATE:
        return DateProblem.TOO_EARLY
    if day > today and day != keep:
        return DateProblem.FUTURE
    return None


def check_date(
    day: datetime.date,
    *,
    today: datetime.date,
    keep: datetime.date | None = None,
) -> datetime.date:
    """`day`, or a ValidationError with the message and code of its problem."""
    problem = date_problem(day, today=today, keep=keep)
    if problem is not None:
        raise ValidationError(
            MESSAGES[problem],
            code=problem.value,
            params={"earliest": date_format(EARLIEST_DATE, "j F Y")},
        )
    return day


def date_bounds(
    today: datetime.date, keep: datetime.date | None = None
) -> tuple[datetime.date, datetime.date]:
    """The first and last valid dates, for a date input's min and max."""
    return EARLIEST_DATE, max(today, keep or today)
