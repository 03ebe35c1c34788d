"""The CSV export: every check-in and session of a user, streamed."""

import csv
from collections.abc import Iterator

from django.db.models import Prefetch

from .models import CheckIn, Session, SessionExercise
from .models.entries import WARNING_SIGN_FIELDS

HEADER = [
    "record",
    "date",
    "pain_score",
    *[field for field, _ in WARNING_SIGN_FIELDS],
    "routine",
    "exercises_completed",
    "pain_during",
    "effort",
    "duration_minutes",
    "notes",
]
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def neutralise(value) -> str:
    """The cell as text, with a leading quote if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _check_in_rows(user) -> Iterator[list]:
    for entry in CheckIn.objects.for_user(user).order_by("date").iterator(CHUNK):
        yield [
            "check-in",
            entry.date.isoformat(),
            entry.pain_score,
            *[
                "yes" if getattr(entry, field) else "no"
                for field, _ in WARNING_SIGN_FIELDS
            ],
            "",
            "",
            "",
            "",
            "",
            entry.notes,
        ]


def _session_rows(user) -> Iterator[list]:
    sessions = (
        Session.objects.for_user(user)
        .select_related("routine")
        .prefetch_related(
            Prefetch(
                "exercises",
                queryset=SessionExercise.objects.select_related("exercise"),
            )
        )
        .order_by("date", "created_at")
    )
    blank_signs = [""] * len(WARNING_SIGN_FIELDS)
    for session in sessions.iterator(CHUNK):
        yield [
            "session",
            session.date.isoformat(),
            "",
            *blank_signs,
            session.routine.title if session.routine else "",
            "; ".join(entry.exercise.title for entry in session.exercises.all()),
            session.pain_during,
            session.get_effort_display(),
            session.duration_minutes,
            session.notes,
        ]


def csv_lines(user) -> Iterator[str]:
    """The CSV as lines of text: a header, check-ins by date, then sessions by
    date. Memory stays flat: rows are read in chunks of CHUNK."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for rows in (_check_in_rows(user), _session_rows(user)):
        for row in rows:
            yield writer.writerow([neutralise(cell) for cell in row])
