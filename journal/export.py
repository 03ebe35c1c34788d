"""The CSV export: every check-in and session of a user, streamed."""

import csv
import datetime
import io
from collections.abc import Iterator
from functools import lru_cache
from itertools import groupby
from operator import itemgetter

from django.db import connections

from . import triage
from .models import CheckIn, Effort, PainSide, Session
from .models.entries import Side
from .progression import Dose, falls_short

# The answers' columns: the four of earlier exports where they were, then the
# questions added since (journal.triage.QUESTIONS), then when the emergency
# advice was acknowledged.
FIRST_SIGNS = [
    "numbness_or_tingling",
    "loss_of_function",
    "sudden_onset",
    "accompanying_symptoms",
]
SIGN_COLUMNS = FIRST_SIGNS + [
    question.field for question in triage.QUESTIONS if question.field not in FIRST_SIGNS
]
HEADER = [
    "record",
    "date",
    "pain_score",
    *SIGN_COLUMNS,
    "emergency_acknowledged_at",
    "routine",
    "exercises_completed",
    "exercises_skipped",
    "doses",
    "partly_done",
    "pain_during",
    "effort",
    "duration_minutes",
    "notes",
    # The diary's details (issue 19), after the columns earlier exports had.
    "side",
    "triggers",
    "trigger_other",
    "medication",
]
# A spreadsheet treats a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500
# The response is sent in pieces of about this many characters: one write to
# the socket per line made 3,000 writes for five years.
CHUNK_CHARS = 32 * 1024


def neutralise(value) -> str:
    """The cell as text, with a leading quote if a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


# A check-in's columns, read as values: its triggers come as consecutive rows.
CHECK_IN_FIELDS = [
    "pk",
    "date",
    "pain_score",
    *SIGN_COLUMNS,
    "emergency_acknowledged_at",
    "notes",
    "side",
    "trigger_other",
    "medication",
    "triggers__name",
]


def _raw(queryset) -> Iterator[tuple]:
    """The rows of a values_list() query as the database driver returns them,
    read in chunks of CHUNK through Django's chunked cursor (a server-side
    cursor on PostgreSQL): Django's converters, one Python call per cell,
    took a fifth of the export's time. What differs between drivers is
    handled where the rows are read: a date is a date or its ISO text (str()
    gives the same text), a boolean is True/False or 1/0, and a time stamp
    goes through _moment."""
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    with connections[queryset.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows


def _moment(value) -> str:
    """A time stamp from the database as ISO 8601 text in UTC; SQLite returns
    its text, naive, in UTC."""
    if value is None:
        return ""
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.astimezone(datetime.UTC).isoformat()


def _check_in_rows(user) -> Iterator[list]:
    """One query, read in chunks, whatever the history: a check-in with
    several triggers arrives as consecutive rows, one per trigger (in the
    order the form offers them)."""
    rows = _raw(
        CheckIn.objects.for_user(user)
        .order_by("date", "pk", "triggers__position", "triggers__name")
        .values_list(*CHECK_IN_FIELDS)
    )
    sides = dict(PainSide.choices)
    signs = slice(3, 3 + len(SIGN_COLUMNS))
    rest = itemgetter(*range(3 + len(SIGN_COLUMNS), len(CHECK_IN_FIELDS) - 1))
    blank = [""] * 8  # a session's columns
    for _, group in groupby(rows, key=itemgetter(0)):
        first, *others = group
        acknowledged, notes, side, other, medication = rest(first)
        names = [first[-1], *(row[-1] for row in others)]
        yield [
            "check-in",
            str(first[1]),
            first[2],
            *["yes" if sign else "no" for sign in first[signs]],
            _moment(acknowledged),
            *blank,
            neutralise(notes),
            sides.get(side, ""),
            neutralise("; ".join(name for name in names if name is not None)),
            neutralise(other),
            neutralise(medication),
        ]


def _dose_text(
    title: str, side: str, done: Dose, planned: Dose, pain: int | None = None
) -> str:
    where = f" ({Side(side).label.lower()})" if side else ""
    # The exercise's own pain, when given (else the session's pain_during).
    felt = "" if pain is None else f", pain {pain} out of 10"
    if not done.sets:
        return f"{title}{where}: skipped (planned {planned}){felt}"
    if falls_short(done, planned):
        return f"{title}{where}: {done} (planned {planned}){felt}"
    return f"{title}{where}: {done}{felt}"


def _exercise_row(row: tuple) -> tuple[str, bool, bool]:
    """An exercise row's words, whether it was done, and whether it fell
    short of the plan."""
    title, side, *numbers, pain = row
    done, planned = Dose(*numbers[:3]), Dose(*numbers[3:])
    return (
        _dose_text(title, side, done, planned, pain),
        bool(done.sets),
        falls_short(done, planned),
    )


def _session_rows(user) -> Iterator[list]:
    """One query, read in chunks: a session's exercises arrive as consecutive
    rows. (Prefetching model instances kept sessions and their exercises in
    reference cycles, so memory grew with the history until the garbage
    collector ran.)"""
    rows = _raw(
        Session.objects.for_user(user)
        .order_by("date", "created_at", "pk", "exercises__pk")
        .values_list(
            "pk",
            "date",
            "routine_title",
            "pain_during",
            "effort",
            "duration_minutes",
            "notes",
            "exercises__exercise_title",
            "exercises__side",
            "exercises__sets",
            "exercises__reps",
            "exercises__hold_seconds",
            "exercises__planned_sets",
            "exercises__planned_reps",
            "exercises__planned_hold_seconds",
            "exercises__pain",
        )
    )
    efforts = dict(Effort.choices)
    blank_signs = [""] * (len(SIGN_COLUMNS) + 1)  # and the acknowledgement
    # The same exercise at the same dose recurs session after session: each
    # distinct row is worded once (a bounded cache keeps memory flat).
    exercise_row = lru_cache(maxsize=512)(_exercise_row)
    for _, group in groupby(rows, key=itemgetter(0)):
        group = list(group)
        _, date, routine, pain_during, effort, minutes, notes = group[0][:7]
        completed: list[str] = []
        skipped: list[str] = []
        doses: list[str] = []
        short = False
        for row in group:
            title = row[7]
            if title is None:
                continue  # a session without exercise rows
            text, done, row_short = exercise_row(row[7:])
            short = short or row_short
            names = completed if done else skipped
            if title not in names:
                names.append(title)
            doses.append(text)
        # Done on one side and skipped on the other: done, partly.
        skipped = [title for title in skipped if title not in completed]
        yield [
            "session",
            str(date),
            "",
            *blank_signs,
            neutralise(routine),
            neutralise("; ".join(completed)),
            neutralise("; ".join(skipped)),
            neutralise("; ".join(doses)),
            "yes" if short else "no",
            pain_during,
            efforts.get(effort, effort),
            minutes,
            neutralise(notes),
            *[""] * 4,  # a check-in's details
        ]


def csv_rows(user) -> Iterator[list]:
    """The CSV's rows: a header, check-ins by date, then sessions by date.
    Memory stays flat: rows are read in chunks of CHUNK. Only the cells that
    hold text someone typed (or staff named) can start like a formula: those
    are neutralised where the rows are made; the rest are numbers, dates and
    fixed words."""
    yield HEADER
    yield from _check_in_rows(user)
    yield from _session_rows(user)


def csv_lines(user) -> Iterator[str]:
    """The CSV as lines of text, the first with the byte order mark."""
    writer = csv.writer(_Echo())
    rows = csv_rows(user)
    yield "\ufeff" + writer.writerow(next(rows))
    for row in rows:
        yield writer.writerow(row)


def csv_chunks(user, size: int = CHUNK_CHARS) -> Iterator[str]:
    """The same text as csv_lines, in pieces of about `size` characters (a
    line is never split): what the download streams."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    for row in csv_rows(user):
        writer.writerow(row)
        if buffer.tell() >= size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()
