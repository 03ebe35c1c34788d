"""The benchmark's database, made fresh for each run of `make bench`.

SQLite in var/bench/db.sqlite3, or, when DATABASE_URL is a PostgreSQL URL, the
database psoasapp_bench on that server (dropped and created again). After
`migrate` (which loads the content) it holds:

- 300 members with two to six weeks of daily check-ins and two to four
  sessions a week, and a few quiz attempts each;
- the five-year member: a check-in every day for 5 x 365 days ending today and
  about five sessions a week (each with its exercises at the routine's doses),
  pain easing from about 6 to about 2 with flare-ups, and a plan of 5 a week;
- the new member: an account and nothing else (no check-in, no plan);
- members with 1 and 20 years of the same kind of data, for the CSV export's
  memory, and members with no data who take the benchmark's writes;
- for "dashboard after a check-in", members like the five-year member (and
  like the new one) who check in and then look at their dashboard, one per
  wrk connection, so that the five-year member's own dashboard row is not
  disturbed.

Rows go in with bulk_create; quiz attempts go through quiz.services so that
their copies of the questions are right. Members log in through sessions made
here, as in `make loadtest`.
"""

import datetime
import os
import random
from importlib import import_module
from pathlib import Path

from loadtest import run as loadtest

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "var" / "bench"
# BENCH_PG_DATABASE names another database on the same server (a second
# checkout's benchmark, for example).
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "psoasapp_bench")

MEMBERS = 300
FIVE_YEARS = 5 * 365
CHECK_IN_WRITERS = 12  # 4 for the warm-up, 8 for the measured run
# "Dashboard after a check-in": one member per wrk connection, and one more
# for the in-process requests (queries, profile, the first check).
PAIR_WRITERS = 9
BATCH = 1000
NOTES = [
    "Stiff after a long drive.",
    "Better after the stretches.",
    "Sat at the desk all day.",
    "Walked 5 km, fine.",
    "Tight first thing in the morning.",
]


def fresh_database() -> tuple[str, str]:
    """The benchmark database's URL, emptied, and a label for the report."""
    return loadtest.fresh_database(PG_DATABASE, OUT)


# Members -----------------------------------------------------------------------


def _users(prefix: str, count: int) -> list:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    User = get_user_model()
    users = User.objects.bulk_create(
        User(email=f"{prefix}{number}@example.com", password=make_password(None))
        for number in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=True)
        for user in users
    )
    return users


def _user(name: str):
    return _users(name, 1)[0]


def login_session(user) -> str:
    """The key of a new logged-in session for `user`."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


# Journal history -----------------------------------------------------------------


def _pain(day_number: int, rng: random.Random) -> int:
    """Easing from about 6 to about 2 over the first half year, with a flare-up
    of a few days every three months or so."""
    trend = 2 + 4 * max(0.0, 1 - day_number / 180)
    flare = 3 if day_number % 97 in range(4) else 0
    return max(0, min(10, round(trend + flare + rng.gauss(0, 1.2))))


def journal_history(
    users, *, days: int, sessions_per_week: float, items, today, rng
) -> tuple[int, int]:
    """A check-in every day for `days` days ending today, and sessions on about
    `sessions_per_week` of the days, each with every routine exercise."""
    from journal.models import CheckIn, Effort, Session, SessionExercise
    from journal.models.entries import WARNING_SIGN_FIELDS

    check_ins, sessions = [], []
    for user in users:
        for back in range(days - 1, -1, -1):
            day = today - datetime.timedelta(days=back)
            number = days - 1 - back
            pain = _pain(number, rng)
            sign = rng.random() < 0.003
            check_ins.append(
                CheckIn(
                    user=user,
                    date=day,
                    pain_score=pain,
                    notes=rng.choice(NOTES) if rng.random() < 0.2 else "",
                    **{WARNING_SIGN_FIELDS[0][0]: sign},
                )
            )
            if rng.random() < sessions_per_week / 7:
                sessions.append(
                    Session(
                        user=user,
                        date=day,
                        routine=items[0].routine if items else None,
                        routine_title=items[0].routine.title if items else "",
                        pain_during=max(0, min(10, pain - rng.randint(0, 2))),
                        effort=rng.choice(list(Effort.values)),
                        duration_minutes=rng.randint(9, 16),
                        notes=rng.choice(NOTES) if rng.random() < 0.1 else "",
                    )
                )
    CheckIn.objects.bulk_create(check_ins, batch_size=BATCH)
    sessions = Session.objects.bulk_create(sessions, batch_size=BATCH)
    done = []
    for session in sessions:
        for item in items:
            exercise = item.exercise
            step = min(3, (session.date - today).days // -120)  # easier long ago
            reps = hold = None
            if item.reps is not None:
                reps = min(exercise.reps_max or item.reps, item.reps + 2 * (3 - step))
            if item.hold_seconds is not None:
                top = exercise.hold_seconds_max or item.hold_seconds
                hold = min(top, item.hold_seconds + 5 * (3 - step))
            done.append(
                SessionExercise(
                    session=session,
                    exercise=exercise,
                    exercise_title=exercise.title,
                    sets=item.sets,
                    reps=reps,
                    hold_seconds=hold,
                    # Bench history: every session done in full as planned.
                    planned_sets=item.sets,
                    planned_reps=reps,
                    planned_hold_seconds=hold,
                )
            )
    SessionExercise.objects.bulk_create(done, batch_size=BATCH)
    return len(check_ins), len(sessions)


def quiz_attempts(users, *, per_user: int, rng) -> int:
    from quiz import selectors as quiz_selectors
    from quiz import services as quiz_services

    quiz = quiz_selectors.quizzes_published().first()
    questions = quiz_selectors.quiz_questions(quiz)
    count = 0
    for user in users:
        for _ in range(rng.randint(0, per_user)):
            chosen = {
                question.pk: rng.choice([*question.choices.all(), None])
                for question in questions
            }
            quiz_services.attempt_submit(
                user=user,
                quiz=quiz,
                answers={pk: c.pk for pk, c in chosen.items() if c is not None},
                token=_uuid(rng),
            )
            count += 1
    return count


def _uuid(rng: random.Random):
    import uuid

    return uuid.UUID(int=rng.getrandbits(128), version=4)


# The whole database ----------------------------------------------------------------


# The dates of the 5-year user's share link: the last 90 days, what a
# clinician would usually be sent (the queries do not grow with the range).
SHARE_DAYS_BACK = 90


def diary_and_share(user, *, today: datetime.date, rng: random.Random) -> str:
    """Issue 19's diary for `user`: a trigger on about a third of the
    check-ins, a function score (PSFS) every two weeks, and a share link to
    the report; returns the link's token."""
    from journal import services
    from journal.models import CheckIn, FunctionRating, FunctionScore, Trigger

    triggers = list(Trigger.objects.offered())
    Through = CheckIn.triggers.through
    Through.objects.bulk_create(
        Through(checkin_id=pk, trigger_id=rng.choice(triggers).pk)
        for pk in CheckIn.objects.filter(user=user).values_list("pk", flat=True)
        if rng.random() < 1 / 3
    )
    scores = FunctionScore.objects.bulk_create(
        FunctionScore(user=user, date=today - datetime.timedelta(days=back))
        for back in range(0, FIVE_YEARS, 14)
    )
    FunctionRating.objects.bulk_create(
        FunctionRating(
            score=score, position=position, activity=activity, ability=rng.randint(2, 9)
        )
        for score in scores
        for position, activity in enumerate(
            ("Climbing stairs", "Running", "Sitting for an hour")
        )
    )
    _, token = services.report_share_create(
        user=user,
        start=today - datetime.timedelta(days=SHARE_DAYS_BACK - 1),
        end=today,
        days=90,
        label="bench",
    )
    return token


def build(pair_writers: int = PAIR_WRITERS) -> dict:
    """Fill the migrated, empty database; return what the runner needs: who
    logs in with which session, and the ids its requests use."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connections, transaction
    from django.utils.crypto import get_random_string

    from exercises import selectors as content
    from journal.models import CheckIn, Plan, Session, SessionExercise
    from quiz import selectors as quiz_selectors
    from quiz.models import Attempt

    rng = random.Random(8)
    today = datetime.datetime.now(datetime.UTC).date()
    routine = content.routine_default()
    items = list(content.routine_items(routine))

    with transaction.atomic():
        members = _users("member", MEMBERS)
        for user in members:
            journal_history(
                [user],
                days=rng.randint(14, 42),
                sessions_per_week=rng.uniform(2, 4),
                items=items,
                today=today,
                rng=rng,
            )
        quiz_attempts(members, per_user=3, rng=rng)

        five_years = _user("five-years")
        Plan.objects.create(user=five_years, weekly_target=5, routine=routine)
        journal_history(
            [five_years],
            days=FIVE_YEARS,
            sessions_per_week=5,
            items=items,
            today=today,
            rng=rng,
        )
        quiz_attempts([five_years], per_user=6, rng=rng)
        share_token = diary_and_share(five_years, today=today, rng=rng)
        one_year, twenty_years = _user("one-year"), _user("twenty-years")
        for user, years in ((one_year, 1), (twenty_years, 20)):
            journal_history(
                [user],
                days=years * 365,
                sessions_per_week=5,
                items=items,
                today=today,
                rng=rng,
            )
        new = _user("new")
        pair_five_years = _users("pair-five-years", pair_writers)
        for user in pair_five_years:
            Plan.objects.create(user=user, weekly_target=5, routine=routine)
        journal_history(
            pair_five_years,
            days=FIVE_YEARS,
            sessions_per_week=5,
            items=items,
            today=today,
            rng=rng,
        )
        for user in pair_five_years:
            diary_and_share(user, today=today, rng=rng)
        pair_new = _users("pair-new", pair_writers)
        writers = _users("check-in-writer", CHECK_IN_WRITERS)
        quiz_writer = _user("quiz-writer")
        probe = _user("probe")

    quiz = quiz_selectors.quizzes_published().first()
    questions = quiz_selectors.quiz_questions(quiz)
    section = content.guide_sections().first()
    sample = {
        "check_ins": CheckIn.objects.filter(user=five_years).count(),
        "sessions": Session.objects.filter(user=five_years).count(),
        "session_exercises": SessionExercise.objects.filter(
            session__user=five_years
        ).count(),
    }
    seed = {
        "today": today.isoformat(),
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf_secret": get_random_string(32),
        "sessions": {
            name: login_session(user)
            for name, user in (
                ("five_years", five_years),
                ("new", new),
                ("one_year", one_year),
                ("twenty_years", twenty_years),
                ("quiz_writer", quiz_writer),
                ("probe", probe),
            )
        },
        "writers": [login_session(user) for user in writers],
        # The first of each list is for in-process requests, the rest for wrk.
        "pair_writers": {
            "pair_five_years": [login_session(user) for user in pair_five_years],
            "pair_new": [login_session(user) for user in pair_new],
        },
        "user_ids": {
            "five_years": five_years.pk,
            "new": new.pk,
            "one_year": one_year.pk,
            "twenty_years": twenty_years.pk,
            "quiz_writer": quiz_writer.pk,
            "probe": probe.pk,
            "writers": [user.pk for user in writers],
        },
        # The pages of one entry: the 5-year user's latest.
        "ids": {
            "check_in": CheckIn.objects.filter(user=five_years).latest("date").pk,
            "session": Session.objects.filter(user=five_years).latest("date").pk,
            "attempt": Attempt.objects.filter(user=five_years).latest("pk").pk,
            "guide_section": section.slug,
            "routine": routine.slug,
        },
        "titles": {"guide_section": section.title, "routine": routine.title},
        # The 5-year user's share link to the last SHARE_DAYS_BACK days.
        "share_token": share_token,
        "exercise": items[0].exercise.slug,
        "quiz": quiz.slug,
        # One right answer per question: the submissions pass.
        "answers": {
            f"q{question.pk}": next(
                choice.pk for choice in question.choices.all() if choice.is_correct
            )
            for question in questions
        },
        "five_years_rows": sample,
        "totals": {
            "users": get_user_model().objects.count(),
            "check_ins": CheckIn.objects.count(),
            "sessions": Session.objects.count(),
            "session_exercises": SessionExercise.objects.count(),
            "quiz_attempts": Attempt.objects.count(),
        },
    }
    for name, keys in seed["pair_writers"].items():
        seed["sessions"][name] = keys[0]
    connections.close_all()
    return seed
