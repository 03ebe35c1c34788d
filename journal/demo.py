"""Eight weeks of a made-up member's journal, for `manage.py demo_journal`
(`make demo`): a newcomer sees the dashboard, charts, suggestions and report
with a story in them at once.

The story is told in calendar weeks, Monday to Sunday as the charts group
them, counted back from the week of today (week 0):

- pain eases from about 6 (the mean of the first seven days) to about 2 (the
  last seven's), with seeded day-to-day noise, so every run writes the same
  scores; outside the flare the noise never makes the morning after a session
  rise by 2 or more, so the suggested doses step up as the pain eases and no
  step up is undone (journal.progression reads such a rise as the hip reacting
  to the session);
- the notes that speak of the pain go on days whose score agrees with them
  (PAIN_NOTES);
- week 3 holds a flare: pain 7, 8 and 7 from Wednesday to Friday (persistent
  and severe pain), and on the Thursday numbness or tingling in the leg, a
  warning sign of the SOON tier, ticked in the check-in itself so the rules
  find it as they would find a member's;
- week 2 is the missed week: no sessions, and two check-ins;
- sessions on Mondays, Wednesdays and Fridays otherwise (the default target of
  three a week); in the flare's week on the Monday and, gently, the Sunday;
- the diary (issue 19): the pain is in the left hip, both hips in the flare;
  long sitting makes it worse on the desk days the notes speak of, and the
  long drive on the warning-sign day (getting out of a car); ibuprofen on the
  flare's worst days; and the function score (PSFS) every two weeks from the
  first day, on three activities, rising by more than its minimal detectable
  change (a dip in the flare's fortnight).

The flare ends 16 days or more before today, more than RECENT_DAYS, so today's
dashboard carries no alert (the rules look at the last seven days, and the
pain has settled since): it shows the flare in its charts (week 3 is inside
the default "4 weeks" range) and the report lists it as an event. Its warning
sign is of the SOON tier, not EMERGENCY: an emergency answer stays on top of
the dashboard until acknowledged, whatever its age, which would hide the
journal the demo is for.

Every row is written through journal.services, in date order, so the planned
doses are those the progression would have offered on each day and the
database's triggers move the journal's version.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction

from exercises import selectors as content

from . import services, triage
from .models import Effort, FunctionScore, Trigger

DAYS = 56  # eight weeks, ending today
SEED = 40
DAY = datetime.timedelta(days=1)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

# The pain trend is a straight line through these (days before today, pain):
# the middle days of the first and the last seven days.
FIRST_WEEK = (DAYS - 4, 6.0)
LAST_WEEK = (3, 2.0)

FLARE_WEEK = 3
# Weekday -> pain in the flare's week, which replaces the trend.
FLARE = {TUE: 5, WED: 7, THU: 8, FRI: 7, SAT: 5, SUN: 4}
WARNING_SIGN_WEEKDAY = THU
WARNING_SIGN = "numbness_or_tingling"
FLARE_SESSIONS = (MON, SUN)
# The last exercise of the routine is left out on the flare's Sunday.
PARTLY_DONE_WEEKDAY = SUN

MISSED_WEEK = 2
MISSED_WEEK_CHECK_INS = {WED: 4, SAT: 3}
SESSION_WEEKDAYS = (MON, WED, FRI)
# Check-ins forgotten, in days before today: all in ordinary weeks (the flare
# and the missed week end 28 days before today at most).
FORGOTTEN = {47, 38, 31}


def _notes(kind: str, week: int, weekday: int) -> str:
    """The member's notes on a day's check-in or session ("check-in" or
    "session") that belong to the story's weeks, if any (PAIN_NOTES for the
    others)."""
    special = {
        ("check-in", FLARE_WEEK, WARNING_SIGN_WEEKDAY): "Tingling down the front "
        "of the thigh after a long drive. Booked a GP appointment.",
        ("check-in", FLARE_WEEK, SAT): "Saw the GP. Back to the routine, gently.",
        ("session", FLARE_WEEK, PARTLY_DONE_WEEKDAY): "Left out the last "
        "exercise: keeping it gentle after the flare.",
        ("check-in", MISSED_WEEK, WED): "Away for work all week: no time for the "
        "routine.",
        ("session", MISSED_WEEK - 1, MON): "First session after the week away.",
        ("session", 5, WED): "Held the stretch the full time on both sides.",
    }
    return special.get((kind, week, weekday), "")


# Notes that speak of the pain, each with the check-in scores it agrees with
# (both included) and the day it is meant for, in days before today: it goes
# on the nearest day of an ordinary week whose score is in its band, so that
# no note contradicts its score whatever the noise.
PAIN_NOTES = (
    (
        DAYS - 1,
        (5, 10),
        "First day of the routine. Hip sore after a day at the desk.",
    ),
    (41, (0, 3), "Walked to work and back without the ache coming on."),
    (2, (0, 2), "Sat through a long meeting with hardly any ache."),
)


def pain_notes(
    today: datetime.date, scores: dict[datetime.date, int]
) -> dict[datetime.date, str]:
    """PAIN_NOTES by the date each goes on (a note finding no day in its band
    is left out)."""
    ordinary = [
        day
        for day in days(today)
        if day.week not in {FLARE_WEEK, MISSED_WEEK} and day.date in scores
    ]
    placed = {}
    for back, (low, high), text in PAIN_NOTES:
        fitting = [
            day
            for day in ordinary
            if low <= scores[day.date] <= high and day.date not in placed
        ]
        if fitting:
            nearest = min(fitting, key=lambda day: (abs(day.back - back), day.back))
            placed[nearest.date] = text
    return placed


@dataclass(frozen=True)
class Day:
    back: int  # days before today
    date: datetime.date
    week: int  # calendar weeks before today's
    weekday: int

    @property
    def check_in_notes(self) -> str:
        return _notes("check-in", self.week, self.weekday)

    @property
    def session_notes(self) -> str:
        return _notes("session", self.week, self.weekday)


@dataclass(frozen=True)
class Written:
    check_ins: int
    sessions: int


def days(today: datetime.date) -> list[Day]:
    """The journal's days, oldest first."""
    monday = today - today.weekday() * DAY
    found = []
    for back in range(DAYS - 1, -1, -1):
        date = today - back * DAY
        week = (monday - (date - date.weekday() * DAY)).days // 7
        found.append(Day(back, date, week, date.weekday()))
    return found


def pain_scores(today: datetime.date) -> dict[datetime.date, int]:
    """The check-in scores by date; days without a check-in are missing."""
    rng = random.Random(SEED)
    (far, high), (near, low) = FIRST_WEEK, LAST_WEEK
    scores = {}
    for day in days(today):
        trend = low + (high - low) * (day.back - near) / (far - near)
        noise = rng.choice((-1, 0, 1))  # drawn every day: the same noise
        if _flare_day(day):
            scores[day.date] = FLARE[day.weekday]
        elif day.week == MISSED_WEEK:
            if day.weekday in MISSED_WEEK_CHECK_INS:
                scores[day.date] = MISSED_WEEK_CHECK_INS[day.weekday]
        elif day.back not in FORGOTTEN:
            scores[day.date] = max(0, min(10, round(trend + noise)))
    return _settled(today, scores)


def _settled(
    today: datetime.date, scores: dict[datetime.date, int]
) -> dict[datetime.date, int]:
    """`scores` with the noise kept from making a session's next morning rise
    by NEXT_DAY_RISE or more outside the flare: the progression reads such a
    rise as the hip reacting to the session and eases the dose off
    (journal.progression), which the story does not mean on an ordinary week.
    Such a morning is lowered to one point above the session's day."""
    journal = days(today)
    for day, after in zip(journal, journal[1:], strict=False):
        if not has_session(day) or after.date not in scores or _flare_day(after):
            continue
        rise = triage.next_day_rise(day.date, scores)
        if rise is not None and rise >= triage.NEXT_DAY_RISE:
            scores[after.date] -= rise - (triage.NEXT_DAY_RISE - 1)
    return scores


# The diary's details by (week, weekday): (side, trigger slugs, medication).
# Other check-ins say the left hip and nothing else.
DIARY = {
    (FLARE_WEEK, WED): ("both", ["long-sitting"], "Ibuprofen 400 mg"),
    (FLARE_WEEK, THU): ("both", ["getting-out-of-a-car"], "Ibuprofen 400 mg"),
    (FLARE_WEEK, FRI): ("left", [], "Ibuprofen 400 mg"),
}
# Notes of long sitting: their check-ins carry the tag too.
SITTING_NOTE = "desk"

# The function score: its three activities, and their ratings at each
# fortnight from the first day (days before today -> abilities).
ACTIVITIES = ["Getting up from a chair", "Climbing stairs", "Sitting for an hour"]
FUNCTION = {
    DAYS - 1: (4, 3, 3),
    DAYS - 15: (5, 4, 3),
    DAYS - 29: (4, 4, 2),
    DAYS - 43: (7, 7, 6),
}


def diary(day: Day, notes: str, triggers: dict[str, object]) -> services.Diary:
    """The check-in's side, triggers and medication in the story."""
    side, slugs, medication = DIARY.get((day.week, day.weekday), ("left", [], ""))
    if SITTING_NOTE in notes and "long-sitting" not in slugs:
        slugs = [*slugs, "long-sitting"]
    return services.Diary(
        side=side,
        triggers=[triggers[slug] for slug in slugs if slug in triggers],
        medication=medication,
    )


def _flare_day(day: Day) -> bool:
    return day.week == FLARE_WEEK and day.weekday in FLARE


def has_session(day: Day) -> bool:
    if day.week == MISSED_WEEK:
        return False
    if day.week == FLARE_WEEK:
        return day.weekday in FLARE_SESSIONS
    return day.weekday in SESSION_WEEKDAYS


@transaction.atomic
def demo_journal_write(*, user, today: datetime.date) -> Written:
    """Replace `user`'s check-ins and sessions with the demo's, the last dated
    `today`. The plan (its routine) must be saved before."""
    routine = content.routine_default()
    services.journal_entries_delete(user=user)
    rng = random.Random(SEED)
    scores = pain_scores(today)
    notes = pain_notes(today, scores)
    exercise_ids = (
        [item.exercise_id for item in content.routine_items(routine)] if routine else []
    )
    FunctionScore.objects.filter(user=user).delete()
    triggers = {trigger.slug: trigger for trigger in Trigger.objects.all()}
    check_ins = sessions = 0
    for day in days(today):
        if day.back in FUNCTION:
            services.function_record(
                user=user,
                date=day.date,
                ratings=list(zip(ACTIVITIES, FUNCTION[day.back], strict=True)),
            )
        if day.date in scores:
            note = notes.get(day.date) or day.check_in_notes
            services.check_in_record(
                user=user,
                date=day.date,
                pain_score=scores[day.date],
                notes=note,
                signs={WARNING_SIGN: True}
                if (day.week, day.weekday) == (FLARE_WEEK, WARNING_SIGN_WEEKDAY)
                else {},
                diary=diary(day, note, triggers),
            )
            check_ins += 1
        if routine is not None and has_session(day):
            # Pain during a session sits a little below the day's score.
            score = scores.get(day.date, scores.get(day.date - DAY, 3))
            pain = max(0, min(triage.SEVERE_PAIN - 2, score - rng.choice((1, 2))))
            partly = (day.week, day.weekday) == (FLARE_WEEK, PARTLY_DONE_WEEKDAY)
            services.session_record(
                user=user,
                routine=routine,
                date=day.date,
                pain_during=pain,
                effort=Effort.HARD
                if pain >= 4
                else (Effort.RIGHT if pain >= 2 else Effort.EASY),
                duration_minutes=15 + rng.randint(0, 8),
                notes=day.session_notes,
                exercise_ids=exercise_ids[:-1] if partly else exercise_ids,
            )
            sessions += 1
    return Written(check_ins, sessions)
