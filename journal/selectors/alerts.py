"""The check-ins the warning-sign triage judges, read for each page that shows
its alert. The rule is journal.triage's: these only read the rows it needs and
pass them as plain values."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from .. import triage
from ..models import CheckIn
from .entries import check_ins

# Check-ins before the start read in the same query as the days judged, beyond
# the two the rule needs: a run of persistent pain crossing the start that
# reaches further back costs one more query for each page of rows (it is read
# whole). Each row read costs about 20 microseconds.
RUN_READ_AHEAD = 5


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


def newest_first(check_ins: QuerySet[CheckIn], page: int) -> Iterator[CheckIn]:
    """`check_ins` newest first, read `page` rows (one LIMIT query) at a time,
    so that a reader that stops early reads no further. (QuerySet.iterator
    would not do: on PostgreSQL, outside a transaction, its cursor is held
    WITH HOLD, which makes the server copy every row of the query.)"""
    rows = check_ins.order_by("-date")
    while True:
        found = list(rows[:page])
        yield from found
        if len(found) < page:
            return
        rows = rows.filter(date__lt=found[-1].date)


def page_size(days: int) -> int:
    """Rows read at a time for `days` check-ins expected from the start on."""
    return days + triage.PERSISTENT_DAYS - 1 + RUN_READ_AHEAD


def judged_check_ins(
    check_ins: QuerySet[CheckIn],
    *,
    start: datetime.date,
    end: datetime.date | None = None,
    days: int = triage.RECENT_DAYS + 2,
) -> tuple[list[CheckIn], list[Triage]]:
    """The check-ins the triage needs to judge the days from `start` to `end`
    (None: any later day), oldest first, and the alerts among them, oldest
    first. `check_ins` must hold every check-in up to `end` it may need; they
    are read newest first, in one query for the `days` check-ins expected
    from `start` on and the run of persistent pain before it (usually)."""
    read: dict[datetime.date, CheckIn] = {}

    def as_days():
        for check_in in newest_first(check_ins, page_size(days)):
            read[check_in.date] = check_in
            yield triage_day(check_in)

    days_needed = triage.needed(as_days(), start)
    kept = [read[day.date] for day in reversed(days_needed)]
    found = triage.alerts(days_needed, start=start, end=end)
    return kept, [Triage(read[alert.date], alert) for alert in found]


def triage_check_in(check_in: CheckIn) -> Triage | None:
    """Why this check-in calls for the warning-signs advice, if it does."""
    _, found = judged_check_ins(
        check_ins(check_in.user_id).filter(date__lte=check_in.date),
        start=check_in.date,
        end=check_in.date,
        days=1,
    )
    return Triage(check_in, found[0].alert) if found else None


def triage_recent(user, today: datetime.date) -> list[Triage]:
    """Check-ins of the last seven days that call for the warning-signs advice,
    newest first. With no upper bound: a check-in dated after `today` (made
    before the user moved their zone west, it kept its date) still counts."""
    _, found = judged_check_ins(check_ins(user), start=triage.recent_start(today))
    return found[::-1]
