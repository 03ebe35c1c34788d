"""Eight weeks of a made-up member's journal, for `manage.py demo_journal`
(`make demo`): a newcomer sees the dashboard, charts, suggestions and report
with a story in them at once.

The story, in days before today (0 is today):

- pain eases from about 6 (the first week's mean) to about 2 (the last
  week's), with seeded day-to-day noise, so every run writes the same days;
- a flare from day 20 to day 14: pain 7, 8 and 7 at its height (persistent
  and severe pain), and on day 18 numbness or tingling in the leg, a warning
  sign of the SOON tier, ticked in the check-in itself so the rules find it as
  they would find a member's;
- a missed week, days 13 to 7: no sessions and two check-ins;
- three sessions a week otherwise, none on the worst days of the flare.

The flare is more than RECENT_DAYS in the past, so today's dashboard carries no
alert (the rules look at the last seven days, and the pain has settled since):
it shows the flare in its charts and the report lists it as an event. Its
warning sign is of the SOON tier, not EMERGENCY: an emergency answer stays on
top of the dashboard until acknowledged, whatever its age, which would hide the
journal the demo is for. Both inside the default "4 weeks" chart range.

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
from .models import Effort

DAYS = 56  # eight weeks, ending today
SEED = 23
DAY = datetime.timedelta(days=1)

# The pain trend is a straight line through these (days before today, pain):
# the middle days of the first and the last week.
FIRST_WEEK = (DAYS - 4, 6.0)
LAST_WEEK = (3, 2.0)

# Days before today -> pain: the flare, which replaces the trend.
FLARE = {20: 5, 19: 7, 18: 8, 17: 7, 16: 5, 15: 4, 14: 4}
WARNING_SIGN_DAY = 18
WARNING_SIGN = "numbness_or_tingling"
# No sessions on these days (pain too high to train).
REST_DAYS = {19, 18, 17}
# The missed week: no sessions, and only these check-ins.
MISSED_WEEK = range(7, 14)
MISSED_WEEK_CHECK_INS = {11: 4, 8: 3}
# A session on this day leaves out the routine's last exercise.
PARTLY_DONE_DAY = 16
# Check-ins forgotten in ordinary weeks (the dashboard's streak starts after
# the last of them).
FORGOTTEN = {47, 38, 27}

CHECK_IN_NOTES = {
    DAYS - 1: "First day of the routine. Hip sore after a day at the desk.",
    41: "Walked to work and back without the ache coming on.",
    WARNING_SIGN_DAY: "Tingling down the front of the thigh after a long drive. "
    "Booked a GP appointment.",
    15: "Saw the GP. Back to the routine, gently.",
    11: "Away for work all week: no time for the routine.",
    2: "Sat through a long meeting with hardly any ache.",
}
SESSION_NOTES = {
    DAYS - 1: "Bird dog is harder than it looks.",
    30: "Everything felt easy today.",
    PARTLY_DONE_DAY: "Left out the last exercise: keeping it gentle after the flare.",
    6: "First session after the week away.",
}


@dataclass(frozen=True)
class Written:
    check_ins: int
    sessions: int


def pain_scores() -> dict[int, int]:
    """The day's check-in score by days before today; days without a
    check-in are missing."""
    rng = random.Random(SEED)
    (far, high), (near, low) = FIRST_WEEK, LAST_WEEK
    scores = {}
    for back in range(DAYS - 1, -1, -1):
        trend = low + (high - low) * (back - near) / (far - near)
        noise = rng.choice((-1, 0, 0, 1))
        if back in FLARE:
            scores[back] = FLARE[back]
        elif back in MISSED_WEEK:
            if back in MISSED_WEEK_CHECK_INS:
                scores[back] = MISSED_WEEK_CHECK_INS[back]
        elif back not in FORGOTTEN:
            scores[back] = max(0, min(10, round(trend + noise)))
    return scores


def session_days() -> list[int]:
    """The days before today with a session: three a week (every other day,
    two days off at the weekend), none in the missed week or the flare."""
    return [
        back
        for back in range(DAYS - 1, -1, -1)
        if (DAYS - 1 - back) % 7 in (0, 2, 4)
        and back not in MISSED_WEEK
        and back not in REST_DAYS
    ]


@transaction.atomic
def demo_journal_write(*, user, today: datetime.date) -> Written:
    """Replace `user`'s check-ins and sessions with the demo's, the last dated
    `today`. The plan (its routine) must be saved before."""
    routine = content.routine_default()
    services.journal_entries_delete(user=user)
    rng = random.Random(SEED)
    scores = pain_scores()
    sessions = set(session_days())
    exercise_ids = (
        [item.exercise_id for item in content.routine_items(routine)] if routine else []
    )
    written = Written(0, 0)
    for back in range(DAYS - 1, -1, -1):
        date = today - back * DAY
        if back in scores:
            services.check_in_record(
                user=user,
                date=date,
                pain_score=scores[back],
                notes=CHECK_IN_NOTES.get(back, ""),
                signs={WARNING_SIGN: True} if back == WARNING_SIGN_DAY else {},
            )
            written = Written(written.check_ins + 1, written.sessions)
        if back in sessions and routine is not None:
            # Pain during a session sits a little below the day's score.
            score = scores.get(back, scores.get(back + 1, 3))
            pain = max(0, min(triage.SEVERE_PAIN - 2, score - rng.choice((1, 2))))
            done = exercise_ids[:-1] if back == PARTLY_DONE_DAY else exercise_ids
            services.session_record(
                user=user,
                routine=routine,
                date=date,
                pain_during=pain,
                effort=Effort.HARD
                if pain >= 4
                else (Effort.RIGHT if pain >= 2 else Effort.EASY),
                duration_minutes=15 + rng.randint(0, 8),
                notes=SESSION_NOTES.get(back, ""),
                exercise_ids=done,
            )
            written = Written(written.check_ins, written.sessions + 1)
    return written
