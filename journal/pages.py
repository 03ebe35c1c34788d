"""What the dashboard and the report show, as plain dataclasses: the
selectors (journal.selectors) fill them, the templates read them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .geometry import AdherenceChart, PainChart
from .series import PainSummary, WeekCount
from .triage import Event

if TYPE_CHECKING:
    from .models import CheckIn, Session
    from .selectors.function import FunctionPoint


@dataclass(frozen=True)
class Charts:
    pain: PainChart
    adherence: AdherenceChart

    @property
    def has_check_ins(self) -> bool:
        return bool(self.pain.recorded)

    @property
    def has_sessions(self) -> bool:
        return any(week.count for week in self.adherence.weeks)


@dataclass(frozen=True)
class Dashboard:
    today: datetime.date
    streak: int
    checked_in_today: bool
    session_today: bool
    this_week: WeekCount
    summary: PainSummary
    charts: Charts
    latest_check_ins: list[CheckIn] = field(default_factory=list)
    latest_sessions: list[Session] = field(default_factory=list)

    @property
    def is_new(self) -> bool:
        """No entries at all yet: the page guides instead of charting."""
        return not self.latest_check_ins and not self.latest_sessions


@dataclass(frozen=True)
class SessionRow:
    session: Session
    exercises: list[str]


@dataclass(frozen=True)
class Report:
    start: datetime.date
    end: datetime.date
    charts: Charts
    check_ins: list[CheckIn]
    sessions: list[SessionRow]
    events: list[Event]
    # The function scores (PSFS) of the dates, oldest first, each with its
    # change since the person's first score.
    function: list[FunctionPoint] = field(default_factory=list)
