"""The check-ins the warning-sign triage judges, read for each page that shows
its alert. The rule is journal.triage's: these only read the rows it needs and
pass them as plain values."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from .. import triage
from ..models import CheckIn
from .entries import check_ins

# Rows fetched at a time while reading check-ins newest first for the triage:
# the window's and the few before it (triage.needed stops reading there).
TRIAGE_CHUNK = triage.RECENT_DAYS + triage.PERSISTENT_DAYS + 2


@dataclass(frozen=True)
class Triage:
    """A check-in that calls for the warning-signs advice, and why."""

    check_in: CheckIn
    alert: triage.Alert

    @property
    def reasons(self) -> list[str]:
        """The reasons as the pages say them to the person."""
        return [reason.sentence for reason in self.alert.reasons]


def triage_day(check_in: CheckIn) -> triage.Day:
    return triage.Day(
        check_in.date, check_in.pain_score, tuple(check_in.warning_sign_labels)
    )


def judged_check_ins(
    newest_first: QuerySet[CheckIn],
    *,
    start: datetime.date,
    end: datetime.date | None = None,
    chunk: int = TRIAGE_CHUNK,
) -> tuple[list[CheckIn], list[Triage]]:
    """The check-ins the triage needs to judge the days from `start` to `end`
    (None: any later day), read lazily from `newest_first` (one query, stopped
    where triage.needed stops), oldest first; and the alerts among them, oldest
    first. `newest_first` must hold every check-in up to `end` it may need."""
    read: dict[datetime.date, CheckIn] = {}
    rows = newest_first.iterator(chunk_size=chunk)

    def days():
        for check_in in rows:
            read[check_in.date] = check_in
            yield triage_day(check_in)

    try:
        days_needed = triage.needed(days(), start)
    finally:
        rows.close()
    kept = [read[day.date] for day in reversed(days_needed)]
    found = triage.alerts(days_needed, start=start, end=end)
    return kept, [Triage(read[alert.date], alert) for alert in found]


def triage_check_in(check_in: CheckIn) -> Triage | None:
    """Why this check-in calls for the warning-signs advice, if it does."""
    _, found = judged_check_ins(
        check_ins(check_in.user_id).filter(date__lte=check_in.date).order_by("-date"),
        start=check_in.date,
        end=check_in.date,
        chunk=triage.PERSISTENT_DAYS + 1,
    )
    return Triage(check_in, found[0].alert) if found else None


def triage_recent(user, today: datetime.date) -> list[Triage]:
    """Check-ins of the last seven days that call for the warning-signs advice,
    newest first. With no upper bound: a check-in dated after `today` (made
    before the user moved their zone west, it kept its date) still counts."""
    _, found = judged_check_ins(
        check_ins(user).order_by("-date"), start=triage.recent_start(today)
    )
    return found[::-1]
