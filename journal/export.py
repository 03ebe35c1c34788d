"""The CSV export: every check-in and session of a user, streamed."""

import csv
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

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


def _check_in_rows(user) -> Iterator[list]:
    """One query, read in chunks, whatever the history: a check-in with
    several triggers arrives as consecutive rows, one per trigger (in the
    order the form offers them)."""
    rows = (
        CheckIn.objects.for_user(user)
        .order_by("date", "pk", "triggers__position", "triggers__name")
        .values_list(*CHECK_IN_FIELDS)
        .iterator(CHUNK)
    )
    sides = dict(PainSide.choices)
    for _, group in groupby(rows, key=itemgetter(0)):
        group = list(group)
        entry = dict(zip(CHECK_IN_FIELDS, group[0], strict=True))
        acknowledged = entry["emergency_acknowledged_at"]
        yield [
            "check-in",
            entry["date"].isoformat(),
            entry["pain_score"],
            *["yes" if entry[field] else "no" for field in SIGN_COLUMNS],
            acknowledged.isoformat() if acknowledged else "",
            *[""] * 8,
            entry["notes"],
            sides.get(entry["side"], ""),
            "; ".join(row[-1] for row in group if row[-1] is not None),
            entry["trigger_other"],
            entry["medication"],
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


def _session_rows(user) -> Iterator[list]:
    """One query, read in chunks: a session's exercises arrive as consecutive
    rows. (Prefetching model instances kept sessions and their exercises in
    reference cycles, so memory grew with the history until the garbage
    collector ran.)"""
    rows = (
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
        .iterator(CHUNK)
    )
    efforts = dict(Effort.choices)
    blank_signs = [""] * (len(SIGN_COLUMNS) + 1)  # and the acknowledgement
    for _, group in groupby(rows, key=itemgetter(0)):
        group = list(group)
        _, date, routine, pain_during, effort, minutes, notes = group[0][:7]
        completed: list[str] = []
        skipped: list[str] = []
        doses: list[str] = []
        short = False
        for row in group:
            title, side, *numbers, pain = row[7:]
            if title is None:
                continue  # a session without exercise rows
            done, planned = Dose(*numbers[:3]), Dose(*numbers[3:])
            short = short or falls_short(done, planned)
            names = completed if done.sets else skipped
            if title not in names:
                names.append(title)
            doses.append(_dose_text(title, side, done, planned, pain))
        # Done on one side and skipped on the other: done, partly.
        skipped = [title for title in skipped if title not in completed]
        yield [
            "session",
            date.isoformat(),
            "",
            *blank_signs,
            routine or "",
            "; ".join(completed),
            "; ".join(skipped),
            "; ".join(doses),
            "yes" if short else "no",
            pain_during,
            efforts.get(effort, effort),
            minutes,
            notes,
            *[""] * 4,  # a check-in's details
        ]


def csv_lines(user) -> Iterator[str]:
    """The CSV as lines of text: a header, check-ins by date, then sessions by
    date. Memory stays flat: rows are read in chunks of CHUNK."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    for rows in (_check_in_rows(user), _session_rows(user)):
        for row in rows:
            yield writer.writerow([neutralise(cell) for cell in row])
