"""`make screenshots`: the README's pictures, taken from the live server.

Not named test_*.py, so `make test` leaves it out; pytest runs it when the file is
named on the command line. Each page is still checked like a journey's, and each
picture is rewritten in docs/screenshots/ at a desktop width.
"""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from exercises.selectors import routine_default
from journal import selectors, services
from journal.models import Effort, ReminderKind
from journal.models.reminders import EVERY_DAY
from journal.reminders import rules as reminder_rules
from quiz.models import Quiz
from quiz.selectors import quiz_questions
from tests.factories import CheckInFactory, PlanFactory, UserFactory

from .browser import PHONE
from .conftest import log_in

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Well under 1 MiB each, so the README loads quickly and the repository stays small.
MAX_BYTES = 768 * 1024

# Four weeks of daily pain scores, oldest first: easing from 6 to 2, with the
# ups and downs of real days.
PAIN_SCORES = [
    6, 6, 5, 6, 5, 5, 6,
    5, 4, 5, 5, 4, 4, 5,
    4, 4, 3, 4, 3, 4, 3,
    3, 3, 2, 3, 2, 3, 2,
]  # fmt: skip
# Sessions as (days before today, pain during, effort, minutes): about three a
# week, hurting less and feeling easier as the weeks go by.
SESSIONS = [
    (26, 4, Effort.HARD, 18),
    (24, 4, Effort.RIGHT, 17),
    (21, 3, Effort.RIGHT, 16),
    (19, 3, Effort.RIGHT, 15),
    (17, 3, Effort.RIGHT, 16),
    (14, 2, Effort.RIGHT, 15),
    (12, 3, Effort.RIGHT, 15),
    (10, 2, Effort.EASY, 14),
    (7, 2, Effort.RIGHT, 15),
    (5, 2, Effort.RIGHT, 16),
    (3, 1, Effort.EASY, 14),
    (1, 1, Effort.RIGHT, 15),
]


@pytest.fixture
def regular(content):
    """A member who has checked in daily and done the routine for four weeks."""
    user = UserFactory(email="sam@example.com")
    plan = PlanFactory(user=user)
    today = selectors.user_today(plan)
    start = today - datetime.timedelta(days=len(PAIN_SCORES) - 1)
    for offset, score in enumerate(PAIN_SCORES):
        CheckInFactory(
            user=user, date=start + datetime.timedelta(days=offset), pain_score=score
        )
    exercise_ids = [item.exercise_id for item in plan.routine.items.all()]
    # Oldest first, through the service: each session records the dose its
    # progression suggested, so the dashboard shows the doses growing.
    for days_ago, pain, effort, minutes in SESSIONS:
        services.session_record(
            user=user,
            routine=plan.routine,
            date=today - datetime.timedelta(days=days_ago),
            exercise_ids=exercise_ids,
            pain_during=pain,
            effort=effort,
            duration_minutes=minutes,
        )
    return user


def save(web, name: str, *, full_page: bool = True) -> None:
    path = SCREENSHOTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    web.page.screenshot(path=path, full_page=full_page, animations="disabled")
    assert path.stat().st_size < MAX_BYTES, f"{path} is {path.stat().st_size} bytes"


def test_home(web):
    web.goto(reverse("home"))
    save(web, "home")


def test_exercise(web):
    web.goto(reverse("exercises:exercise-detail", args=["hip-flexor-stretch"]))
    save(web, "exercise")


def test_exercise_on_a_phone(web):
    web.page.set_viewport_size(PHONE)
    web.goto(reverse("exercises:exercise-detail", args=["bird-dog"]))
    web.page.locator("#positions-title").evaluate("title => title.scrollIntoView()")
    save(web, "exercise-phone", full_page=False)


def test_session_player_on_a_phone(web, regular):
    """The player one exercise at a time, 8 s into the first hold (the fake
    clock stops it there), as a person kneeling on a mat sees it."""
    page = web.page
    page.set_viewport_size(PHONE)
    log_in(web, regular)
    started = timezone.now()
    page.clock.install(time=started)
    web.goto(reverse("journal:session", args=[routine_default().slug]))
    page.clock.pause_at(started + datetime.timedelta(minutes=1))
    player = page.get_by_role("group", name="Player for Hip Flexor Stretch")
    player.get_by_role("button", name="Start hold").click()
    page.clock.run_for(5_000 + 8_000)
    page.locator("#exercise-1-title").evaluate("title => title.scrollIntoView()")
    save(web, "session-player-phone", full_page=False)


def test_session_player(web, regular):
    log_in(web, regular)
    web.goto(reverse("journal:session", args=[routine_default().slug]))
    # The first screen: the whole page, exercises and form, is over the size limit.
    save(web, "session-player", full_page=False)


def test_dashboard(web, regular):
    log_in(web, regular)
    web.goto(reverse("journal:dashboard"))
    save(web, "dashboard")


def test_reminders_on_a_phone(web, regular):
    """The reminders page with both reminders on, from the lines that say
    when the next emails go."""
    for kind, days in (
        (ReminderKind.SESSION, 0b0010101),
        (ReminderKind.CHECK_IN, EVERY_DAY),
    ):
        services.reminder_update(
            user=regular,
            kind=kind,
            enabled=True,
            days=days,
            time=reminder_rules.DEFAULT_TIME[kind],
        )
    web.page.set_viewport_size(PHONE)
    log_in(web, regular)
    web.goto(reverse("journal:reminders"))
    web.page.locator("#now-title").evaluate("title => title.scrollIntoView()")
    save(web, "reminders-phone", full_page=False)


def test_quiz_result(web, regular):
    quiz = Quiz.objects.published().get()
    log_in(web, regular)
    web.goto(quiz.get_absolute_url())
    page = web.page
    questions = quiz_questions(quiz)
    # Four right and the last one wrong: a pass that still shows an explanation.
    for number, question in enumerate(questions, start=1):
        right = number < len(questions)
        choice = next(c for c in question.choices.all() if c.is_correct == right)
        group = page.get_by_role("group", name=f"{number}. {question.text}")
        group.get_by_label(choice.text, exact=True).check()
    web.click(page.get_by_role("button", name="Submit answers"))
    assert page.get_by_role("heading", name="Score: 4 / 5 (80 %)").is_visible()
    save(web, "quiz-result")
