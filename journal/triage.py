"""The warning-sign triage: which days call for medical advice, how urgently,
and why. This module is the one place that decides it: the check-in page, the
dashboard, the session player and the advice that holds doses under an alert,
and the report all call it (through journal.selectors, which read the
check-ins and sessions and pass them here as plain `Day`s).

Every reason has a tier (`Tier`), most urgent first:

- EMERGENCY, get emergency help now: the answers of the QUESTIONS in that
  tier (signs of cauda equina syndrome; not bearing weight, or a deformed leg,
  after a fall; fever with a hot, red or swollen hip).
- SAME_DAY, get medical advice today: the answers in that tier (fever or
  chills, new weakness in one leg, sudden severe pain, pain at night or at
  rest that wakes you), and the retired mixed question "fever, chills or
  unexplained weight loss" of older check-ins, judged by its more urgent half.
- SOON, book an appointment within 1-2 weeks: the answers in that tier
  (numbness or tingling, unexplained weight loss, loss of function, groin
  pain on weight-bearing); SEVERE_PAIN (8) or more on a check-in or during a
  session of the day; pain of PERSISTENT_PAIN (7) or more on PERSISTENT_COUNT
  (3) of the last PERSISTENT_WINDOW (5) check-ins (the day's and the four
  before it, whatever their dates: a missed day breaks nothing); and no
  improvement (`no_improvement`) after six weeks.

A history that changes urgency (`HISTORY`: cancer, long-term steroids or
osteoporosis, under 18), answered "yes" in the plan, makes every SOON reason
SAME_DAY, and the reason says why.

A check-in dated after the user's today (made before they moved their zone
west, it kept its date) is judged like any other. The dashboard and the advice
look at the days of the last RECENT_DAYS days and any dated later.

The next-day rise (`next_day_rise`), the other rule that reads pain scores
around a day, is defined here too; progression eases off after a rise of
NEXT_DAY_RISE.

Pure functions on plain values (dates, scores, the names of the answers), so
that every case is unit-tested without a database. The sources of each rule
are listed in the README's "Clinical basis".
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum

SEVERE_PAIN = 8
PERSISTENT_PAIN = 7
# Persistent pain: PERSISTENT_COUNT of the last PERSISTENT_WINDOW check-ins.
PERSISTENT_COUNT = 3
PERSISTENT_WINDOW = 5
# The dashboard's and the advice's alert: the days of the last seven days.
RECENT_DAYS = 7
# A rise of this much from a session's day to the next day is a flare-up.
NEXT_DAY_RISE = 2
# The smallest change in a pain score that people feel as a real change
# (Farrar et al. 2001, the 0-10 numeric pain rating scale): 2 points or 30 %.
IMPORTANT_CHANGE_POINTS = 2
IMPORTANT_CHANGE_SHARE = 0.30
# No improvement: the week ending today against the week six weeks before
# (today - 48 to today - 42), each with at least NO_IMPROVEMENT_CHECK_INS
# check-ins, while the recent average is above the pain-monitoring model's
# "safe" zone (0 to 2).
NO_IMPROVEMENT_WEEKS = 6
NO_IMPROVEMENT_CHECK_INS = 3
SAFE_ZONE_MAX = 2

DAY = datetime.timedelta(days=1)


class Tier(IntEnum):
    """How urgently to get checked, most urgent first (sorts that way)."""

    EMERGENCY = 1
    SAME_DAY = 2
    SOON = 3

    @property
    def slug(self) -> str:
        return TIER_TEXT[self][0]

    @property
    def label(self) -> str:
        """A short name, for the report and the lists."""
        return TIER_TEXT[self][1]

    @property
    def heading(self) -> str:
        return TIER_TEXT[self][2]

    @property
    def advice(self) -> str:
        return TIER_TEXT[self][3]

    @property
    def icon(self) -> str:
        """A symbol beside the heading (shown aria-hidden: the heading says it)."""
        return TIER_TEXT[self][4]


TIER_TEXT = {
    Tier.EMERGENCY: (
        "emergency",
        "Emergency",
        "Get emergency help now",
        "Call your local emergency number now (999 in the UK, 112 in the EU, 911 "
        "in the US) or go to A&E, the emergency department.",
        "☎",
    ),
    Tier.SAME_DAY: (
        "same-day",
        "Same day",
        "Get medical advice today",
        "Contact your GP surgery today, or an urgent advice line (NHS 111 in the UK).",
        "⚠",
    ),
    Tier.SOON: (
        "soon",
        "Soon",
        "Book an appointment soon",
        "See your GP or a physiotherapist within 1 to 2 weeks.",
        "◷",
    ),
}


# The guide's five warning signs (the seed's slugs and titles): the check-in
# form groups its questions under them.
SIGNS = (
    ("severe-pain", "Severe pain"),
    ("numbness-or-tingling", "Numbness or tingling"),
    ("loss-of-function", "Loss of function"),
    ("sudden-onset", "Sudden onset"),
    ("accompanying-symptoms", "Accompanying symptoms"),
)


@dataclass(frozen=True)
class Question:
    """A warning-sign question of the check-in: a CheckIn boolean field, its
    label in the person's words, its tier, and the guide's sign it sits
    under. `asked`: new check-ins ask it (False: kept for past rows only)."""

    field: str
    label: str
    tier: Tier
    sign: str
    asked: bool = True


QUESTIONS = (
    # Severe pain: the score itself, and two kinds of pain the seed's "severe
    # or persistent pain that does not improve with rest" leaves unnamed.
    Question(
        "night_pain",
        "pain at night or at rest that wakes you",
        Tier.SAME_DAY,
        "severe-pain",
    ),
    Question(
        "groin_pain_weight_bearing",
        "groin pain that gets worse with running, walking or standing on the leg",
        Tier.SOON,
        "severe-pain",
    ),
    Question(
        "cauda_equina_signs",
        "numbness in the groin or buttocks, new problems with your bladder or "
        "bowels, or weakness in both legs",
        Tier.EMERGENCY,
        "numbness-or-tingling",
    ),
    Question(
        "numbness_or_tingling",
        "numbness or tingling in the hip or leg",
        Tier.SOON,
        "numbness-or-tingling",
    ),
    Question(
        "weakness_one_leg", "new weakness in one leg", Tier.SAME_DAY, "loss-of-function"
    ),
    Question(
        "loss_of_function",
        "loss of function, such as trouble walking or climbing stairs",
        Tier.SOON,
        "loss-of-function",
    ),
    Question(
        "cannot_bear_weight_after_fall",
        "not being able to put weight on the leg after a fall, or a leg that looks "
        "deformed",
        Tier.EMERGENCY,
        "sudden-onset",
    ),
    Question(
        "sudden_onset",
        "sudden onset of severe pain, after an injury or fall or without one",
        Tier.SAME_DAY,
        "sudden-onset",
    ),
    Question(
        "fever_with_hot_hip",
        "fever with a hot, red or swollen hip, or feeling very unwell",
        Tier.EMERGENCY,
        "accompanying-symptoms",
    ),
    Question(
        "fever_or_chills", "fever or chills", Tier.SAME_DAY, "accompanying-symptoms"
    ),
    Question(
        "weight_loss", "unexplained weight loss", Tier.SOON, "accompanying-symptoms"
    ),
    # Retired: it mixed a same-day sign (fever, chills) with a soon one
    # (weight loss). Past check-ins keep their answer, judged by its more
    # urgent half.
    Question(
        "accompanying_symptoms",
        "fever, chills or unexplained weight loss",
        Tier.SAME_DAY,
        "accompanying-symptoms",
        asked=False,
    ),
)
QUESTION = {question.field: question for question in QUESTIONS}
EMERGENCY_FIELDS = tuple(q.field for q in QUESTIONS if q.tier is Tier.EMERGENCY)


@dataclass(frozen=True)
class History:
    """A history that makes hip pain more urgent, asked once in the plan."""

    field: str
    question: str
    because: str  # ends a reason's sentence: "…, with your history of cancer."


HISTORY = (
    History(
        "history_cancer",
        "Have you ever had cancer?",
        "with your history of cancer",
    ),
    History(
        "history_steroids_or_osteoporosis",
        "Do you take steroid tablets long term, or have you been told you have "
        "osteoporosis (thin, fragile bones)?",
        "with your history of long-term steroids or osteoporosis",
    ),
    History("history_under_18", "Are you under 18?", "as you are under 18"),
)
HISTORY_FIELD = {history.field: history for history in HISTORY}


class Kind(StrEnum):
    WARNING_SIGN = "warning-sign"
    SEVERE_PAIN = "severe-pain"
    PERSISTENT_PAIN = "persistent-pain"
    NO_IMPROVEMENT = "no-improvement"


@dataclass(frozen=True)
class Day:
    """A day as the rules read it: its check-in's pain score and answers (the
    fields ticked), if it has a check-in, and the highest pain during its
    sessions, if it has any."""

    date: datetime.date
    pain_score: int | None
    answers: tuple[str, ...] = ()
    session_pain: int | None = None


@dataclass(frozen=True)
class Run:
    """Persistent pain: from the first high check-in of the run's first window
    to `date`, `high` of its `total` check-ins had pain of 7 or more; `high_last`
    of the last PERSISTENT_WINDOW (`window`) did."""

    start: datetime.date
    high: int
    total: int
    high_last: int
    window: int


@dataclass(frozen=True)
class Reason:
    """One reason a day calls for advice, with the values it rests on."""

    kind: Kind
    date: datetime.date
    base_tier: Tier
    question: Question | None = None
    pain: int | None = None
    during_session: bool = False
    run: Run | None = None
    # NO_IMPROVEMENT: the average pain six weeks ago, and over the last week.
    averages: tuple[float, float] | None = None
    # The history that made the reason more urgent (a SOON reason only).
    history: tuple[History, ...] = ()

    @property
    def tier(self) -> Tier:
        if self.history and self.base_tier is Tier.SOON:
            return Tier.SAME_DAY
        return self.base_tier

    @property
    def run_start(self) -> datetime.date | None:
        return self.run.start if self.run else None

    def _because(self, text: str) -> str:
        if not self.history:
            return text + "."
        return text + ", " + " and ".join(h.because for h in self.history) + "."

    @property
    def sentence(self) -> str:
        """The reason said to the person, on the pages that show the alert."""
        if self.kind is Kind.WARNING_SIGN:
            return self._because(f"You reported {self.question.label}")
        if self.kind is Kind.SEVERE_PAIN:
            if self.during_session:
                return self._because(
                    "Your highest pain during a session, overall or in one of its "
                    f"exercises, was {self.pain} out of 10"
                )
            return self._because(f"Your pain score was {self.pain} out of 10")
        if self.kind is Kind.PERSISTENT_PAIN:
            return self._because(
                f"Your pain was {PERSISTENT_PAIN} or more on {self.run.high_last} "
                f"of your last {self.run.window} check-ins"
            )
        earlier, recent = self.averages
        return self._because(
            f"Your average pain over the last 7 days ({recent:.1f}) has not fallen "
            f"by {IMPORTANT_CHANGE_POINTS} points or "
            f"{IMPORTANT_CHANGE_SHARE:.0%} since {NO_IMPROVEMENT_WEEKS} weeks ago "
            f"({earlier:.1f})"
        )

    @property
    def note(self) -> str:
        """The reason as the report writes it for a clinician."""
        if self.kind is Kind.WARNING_SIGN:
            text = f"Reported {self.question.label}"
        elif self.kind is Kind.SEVERE_PAIN:
            text = f"Pain {self.pain} out of 10" + (
                " during a session" if self.during_session else ""
            )
        elif self.kind is Kind.PERSISTENT_PAIN:
            text = (
                f"Pain {PERSISTENT_PAIN} or more on {self.run.high} of "
                f"{self.run.total} check-ins"
            )
        else:
            earlier, recent = self.averages
            text = (
                f"No improvement: 7-day average {recent:.1f}, against {earlier:.1f} "
                f"{NO_IMPROVEMENT_WEEKS} weeks before"
            )
        return self._because(text)


@dataclass(frozen=True)
class Alert:
    """A day that calls for advice, and every reason it does."""

    date: datetime.date
    reasons: tuple[Reason, ...]

    @property
    def kinds(self) -> set[Kind]:
        return {reason.kind for reason in self.reasons}

    @property
    def tier(self) -> Tier:
        """The most urgent of its reasons' tiers."""
        return min(reason.tier for reason in self.reasons)

    @property
    def emergency(self) -> bool:
        return self.tier is Tier.EMERGENCY


def history_yes(answers: Mapping[str, bool | None]) -> tuple[History, ...]:
    """The histories answered "yes", from the plan's answers by field (None:
    not answered, or preferred not to say)."""
    return tuple(history for history in HISTORY if answers.get(history.field))


def escalated(reason: Reason, history: Sequence[History]) -> Reason:
    """`reason`, more urgent with `history` when it is a SOON one."""
    if history and reason.base_tier is Tier.SOON:
        return replace(reason, history=tuple(history))
    return reason


def persistent(window: Sequence[int]) -> bool:
    """Whether check-ins with these scores (the day's and up to the
    PERSISTENT_WINDOW - 1 before it) are persistent pain."""
    recent = window[-PERSISTENT_WINDOW:]
    return sum(score >= PERSISTENT_PAIN for score in recent) >= PERSISTENT_COUNT


def reasons(
    day: Day, run: Run | None = None, history: Sequence[History] = ()
) -> tuple[Reason, ...]:
    """Why `day` calls for advice (empty: it does not), most urgent first.
    `run`: the persistent pain `day` is part of, if it is."""
    found = [
        Reason(Kind.WARNING_SIGN, day.date, QUESTION[field].tier, QUESTION[field])
        for field in (q.field for q in QUESTIONS)
        if field in day.answers
    ]
    if day.pain_score is not None and day.pain_score >= SEVERE_PAIN:
        found.append(Reason(Kind.SEVERE_PAIN, day.date, Tier.SOON, pain=day.pain_score))
    elif day.session_pain is not None and day.session_pain >= SEVERE_PAIN:
        # The same reason as a check-in of 8 or more (issue 14).
        found.append(
            Reason(
                Kind.SEVERE_PAIN,
                day.date,
                Tier.SOON,
                pain=day.session_pain,
                during_session=True,
            )
        )
    if run is not None:
        found.append(
            Reason(
                Kind.PERSISTENT_PAIN,
                day.date,
                Tier.SOON,
                pain=day.pain_score,
                run=run,
            )
        )
    return tuple(
        sorted((escalated(reason, history) for reason in found), key=lambda r: r.tier)
    )


def _runs(days: Sequence[Day]) -> dict[datetime.date, Run]:
    """The persistent-pain run of each check-in day that is in one, from the
    check-ins in date order (days without a check-in are skipped)."""
    scores: list[int] = []
    dates: list[datetime.date] = []
    runs: dict[datetime.date, Run] = {}
    start_index: int | None = None
    for day in days:
        if day.pain_score is None:
            continue
        scores.append(day.pain_score)
        dates.append(day.date)
        if not persistent(scores):
            start_index = None
            continue
        if start_index is None:
            # The run starts at the first high score of its first window.
            first = max(0, len(scores) - PERSISTENT_WINDOW)
            start_index = next(
                i for i in range(first, len(scores)) if scores[i] >= PERSISTENT_PAIN
            )
        in_run = scores[start_index:]
        window = scores[-PERSISTENT_WINDOW:]
        runs[day.date] = Run(
            start=dates[start_index],
            high=sum(score >= PERSISTENT_PAIN for score in in_run),
            total=len(in_run),
            high_last=sum(score >= PERSISTENT_PAIN for score in window),
            window=len(window),
        )
    return runs


def alerts(
    days: Iterable[Day],
    *,
    start: datetime.date,
    end: datetime.date | None = None,
    history: Sequence[History] = (),
) -> list[Alert]:
    """The days from `start` to `end` (None: every later day too) that call for
    advice, oldest first.

    `days` are the user's days, one a date, in any order. To judge `start`
    they must include the PERSISTENT_WINDOW - 1 check-ins before it, and to
    describe a run of persistent pain crossing it whole, the run: `needed`
    picks exactly those from check-ins read newest first."""
    ordered = sorted(days, key=lambda day: day.date)
    runs = _runs(ordered)
    found = []
    for day in ordered:
        if day.date < start or (end is not None and day.date > end):
            continue
        if why := reasons(day, runs.get(day.date), history):
            found.append(Alert(day.date, why))
    return found


def needed(newest_first: Iterable[Day], start: datetime.date) -> list[Day]:
    """Of a user's check-ins read newest first, those `alerts` needs to judge
    every day from `start` on: all those from `start` on and, before it, the
    PERSISTENT_WINDOW - 1 check-ins that complete the start's window, and the
    run of persistent pain that reaches the start, read back to the first
    check-in before it that is not persistent pain (with its own window), so
    that a run crossing the start is judged, and described, whole.

    Stops reading at the last check-in it needs, so that a lazy query reads no
    further: usually PERSISTENT_WINDOW rows before `start`."""
    kept: list[Day] = []
    before: list[Day] = []  # the kept check-ins before start, newest first
    for day in newest_first:
        kept.append(day)
        if day.date >= start:
            continue
        before.append(day)
        if len(before) < PERSISTENT_WINDOW:
            continue
        # The window of the check-in PERSISTENT_WINDOW - 1 older than the
        # newest before start is now complete: when it is not persistent
        # pain, no run reaching the start goes back past it.
        checked = len(before) - PERSISTENT_WINDOW
        window = [d.pain_score for d in reversed(before[checked:])]
        if not persistent(window):
            break
    return kept


def important_change(before: float, after: float) -> bool:
    """Whether pain moved from `before` to `after` by a change people feel:
    IMPORTANT_CHANGE_POINTS or more, or IMPORTANT_CHANGE_SHARE of `before` or
    more. Anything less is "about the same"."""
    change = abs(after - before)
    return change >= IMPORTANT_CHANGE_POINTS or (
        before > 0 and change >= IMPORTANT_CHANGE_SHARE * before
    )


def improved(before: float, after: float) -> bool:
    """Whether pain fell from `before` to `after` by a change people feel."""
    return after < before and important_change(before, after)


@dataclass(frozen=True)
class Week:
    """The check-ins of seven days, as the no-improvement rule reads them."""

    count: int
    average: float | None


def no_improvement_weeks(
    today: datetime.date,
) -> tuple[tuple[datetime.date, datetime.date], tuple[datetime.date, datetime.date]]:
    """The first and last days of the earlier and the recent week."""
    recent = (today - (RECENT_DAYS - 1) * DAY, today)
    back = NO_IMPROVEMENT_WEEKS * 7 * DAY
    return (recent[0] - back, recent[1] - back), recent


def no_improvement(
    *,
    today: datetime.date,
    earlier: Week,
    recent: Week,
    history: Sequence[History] = (),
) -> Reason | None:
    """No improvement after six weeks (SOON), dated today: both weeks have
    NO_IMPROVEMENT_CHECK_INS check-ins or more, the recent average is above
    the safe zone (SAFE_ZONE_MAX), and it has not fallen by an important
    change (`improved`) from the earlier one."""
    if (
        earlier.count < NO_IMPROVEMENT_CHECK_INS
        or recent.count < NO_IMPROVEMENT_CHECK_INS
        or recent.average is None
        or earlier.average is None
        or recent.average <= SAFE_ZONE_MAX
        or improved(earlier.average, recent.average)
    ):
        return None
    return escalated(
        Reason(
            Kind.NO_IMPROVEMENT,
            today,
            Tier.SOON,
            averages=(earlier.average, recent.average),
        ),
        history,
    )


def recent_start(today: datetime.date) -> datetime.date:
    """The first day of the dashboard's and the advice's alert window."""
    return today - (RECENT_DAYS - 1) * DAY


@dataclass(frozen=True)
class Block:
    """The reasons of one tier, as a page shows them: (item, reason) pairs
    in the order given, where an item is whatever the caller keeps with an
    alert (a selectors.Triage)."""

    tier: Tier
    entries: list


def by_tier(items: Iterable, alert_of=lambda item: item) -> list[Block]:
    """The reasons of `items` grouped by tier, most urgent tier first; within
    a tier, the items' order. `alert_of` gives an item's Alert."""
    blocks = {tier: Block(tier, []) for tier in Tier}
    for item in items:
        for reason in alert_of(item).reasons:
            blocks[reason.tier].entries.append((item, reason))
    return [block for block in blocks.values() if block.entries]


# The report --------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """One of the report's warning-sign events: a day's answers and severe
    pain, or a run of persistent pain from its first high check-in to the
    last day it reaches in the report's dates."""

    start: datetime.date
    end: datetime.date
    reasons: tuple[Reason, ...]

    @property
    def description(self) -> str:
        return " ".join(reason.note for reason in self.reasons)

    @property
    def tier(self) -> Tier:
        return min(reason.tier for reason in self.reasons)


def events(found: Sequence[Alert]) -> list[Event]:
    """The report's events from `alerts` over its dates, by date: each day's
    answers and severe pain as one event, and the days of one run of
    persistent pain as one event (the run's first day may be before the
    report's first: the run is shown whole)."""
    found_events = []
    runs: dict[datetime.date, Reason] = {}
    for alert in found:
        single = []
        for reason in alert.reasons:
            if reason.kind is Kind.PERSISTENT_PAIN:
                runs[reason.run.start] = reason  # the latest day of the run wins
            else:
                single.append(reason)
        if single:
            found_events.append(Event(alert.date, alert.date, tuple(single)))
    found_events.extend(
        Event(first, reason.date, (reason,)) for first, reason in runs.items()
    )
    return sorted(found_events, key=lambda event: (event.start, event.end))


# The next-day rise ---------------------------------------------------------------


def rise_days(day: datetime.date) -> tuple[datetime.date, ...]:
    """The days whose scores `next_day_rise` reads for a session on `day`."""
    return (day - DAY, day, day + DAY)


def next_day_rise(
    day: datetime.date, scores: Mapping[datetime.date, int]
) -> int | None:
    """How much pain rose the day after a session on `day`.

    The next day's check-in score minus the score of `day`'s check-in or, when
    `day` has none, of the check-in of the day before, which stands in for it.
    None when either score is missing: nothing is assumed of a day that was
    not recorded. A fall is a negative rise. `scores` maps dates to pain
    scores and must hold `rise_days(day)` where they have a check-in."""
    baseline = scores.get(day, scores.get(day - DAY))
    following = scores.get(day + DAY)
    if baseline is None or following is None:
        return None
    return following - baseline
