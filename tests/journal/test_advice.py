"""The advice never contradicts the warning-sign alert (issue 12, case 5)."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from exercises.models import Routine
from journal import selectors
from journal.progression import (
    ALERT_HOLD,
    Action,
    Dose,
    Suggestion,
    under_alert,
)
from tests.factories import CheckInFactory, PlanFactory, SessionFactory, exercise_done
from tests.journal.test_dashboard import today_for

DAY = datetime.timedelta(days=1)
CURRENT = Dose(2, 10)
HIGHER = Dose(2, 12)
LOWER = Dose(1, 10)


@pytest.mark.parametrize(
    ("suggestion", "dose"),
    [
        (Suggestion(Action.PROGRESS, HIGHER, "you could try"), CURRENT),
        (Suggestion(Action.KEEP, CURRENT, "Going well."), CURRENT),
        (Suggestion(Action.KEEP, CURRENT, "Start with this dose"), CURRENT),
    ],
)
def test_under_an_alert_nothing_steps_up(suggestion, dose):
    held = under_alert(suggestion, current=CURRENT)

    assert held.action is Action.HOLD
    assert held.dose == dose
    assert held.message == ALERT_HOLD
    assert held.show_warning_signs


def test_under_an_alert_easing_off_stays_and_points_to_the_alert():
    eased = Suggestion(Action.EASE, LOWER, "Because your pain…, consider easing off.")

    held = under_alert(eased, current=CURRENT)

    assert held.action is Action.EASE
    assert held.dose == LOWER
    assert held.message.startswith(eased.message)
    assert "When to seek medical attention" in held.message
    assert held.show_warning_signs


def comfortable_history(user, today, routine, *, last_pain: int = 1) -> None:
    """Three sessions at the starting dose, the last with `last_pain` during
    it: at 1 the progression would suggest a step up for every exercise, at 4
    keeping the dose, at 7 easing off."""
    for back in (6, 4, 2):
        session = SessionFactory(
            user=user,
            date=today - back * DAY,
            routine=routine,
            pain_during=last_pain if back == 2 else 1,
        )
        for item in routine.items.all():
            for side in ("right", "left") if item.per_side else ("",):
                exercise_done(
                    session,
                    item.exercise,
                    side=side,
                    sets=item.sets,
                    reps=item.reps,
                    hold_seconds=item.hold_seconds,
                ).save()


ALERTS = {
    "none": {},
    "numbness": {"numbness_or_tingling": True},
    "loss of function": {"loss_of_function": True},
    "sudden onset": {"sudden_onset": True},
    "fever": {"accompanying_symptoms": True},
    "pain 8": {"pain_score": 8},
}


# The progression's states: a step up, keeping the dose (a new journal, or
# pain 4-5), easing off (pain above 5), each as the last session leaves it.
HISTORIES = {
    "none": (None, Action.KEEP),
    "comfortable": (1, Action.PROGRESS),
    "amber": (4, Action.KEEP),
    "painful": (7, Action.EASE),
}


@pytest.mark.django_db
@pytest.mark.parametrize("history", HISTORIES)
@pytest.mark.parametrize("alert", ALERTS)
def test_dashboard_cards_agree_with_the_alert(user_client, user, history, alert):
    PlanFactory(user=user)
    today = today_for(user)
    routine = Routine.objects.get(slug="iliopsoas-relief")
    last_pain, action = HISTORIES[history]
    if last_pain is not None:
        comfortable_history(user, today, routine, last_pain=last_pain)
    CheckInFactory(user=user, date=today, **{"pain_score": 2, **ALERTS[alert]})
    assert {
        plan.suggestion.action for plan in selectors.exercise_plans(user, routine)
    } == {action}, "the history leads to the progression state it names"

    response = user_client.get(reverse("journal:dashboard"))
    html = response.content.decode()
    plans = selectors.advice(user, routine, today).plans

    assert response.status_code == HTTPStatus.OK
    next_session = html.split('id="next-title"')[1].split("</section>")[0]
    start = reverse("journal:session", args=[routine.slug])
    if alert == "none":
        assert "triage-alert" not in html
        assert f'<a class="button" href="{start}">Start the session</a>' in html
        if history == "comfortable":
            assert all(plan.suggestion.action is Action.PROGRESS for plan in plans)
            assert "you could try" in next_session
    else:
        assert "triage-alert" in html
        if action is Action.EASE:
            # Easing off stays, and points to the alert.
            assert all(plan.suggestion.action is Action.EASE for plan in plans)
            assert "Read “When to seek medical attention” above first." in (
                next_session
            )
        else:
            assert all(plan.suggestion.action is Action.HOLD for plan in plans)
            assert all(plan.dose == plan.start_dose for plan in plans)
            assert "Hold at:" in next_session
        assert "you could try" not in next_session
        assert "you could step up" not in next_session
        # The alert's link is the main call to action, not the session.
        assert f'<a class="button" href="{start}">' not in html
        assert f'class="button button-secondary" href="{start}">Start the session' in (
            next_session
        )
        assert "Read when to seek medical attention</a>" in next_session


@pytest.mark.django_db
@pytest.mark.parametrize("alert", [True, False])
def test_player_and_latest_session_agree_with_the_alert(user_client, user, alert):
    PlanFactory(user=user)
    today = today_for(user)
    routine = Routine.objects.get(slug="iliopsoas-relief")
    comfortable_history(user, today, routine)
    CheckInFactory(user=user, date=today, pain_score=2, numbness_or_tingling=alert)
    latest = user.sessions.first()

    player = user_client.get(reverse("journal:session", args=[routine.slug]))
    detail = user_client.get(latest.get_absolute_url())

    for response in (player, detail):
        html = response.content.decode()
        assert ("you could try" in html) is not alert
        assert ("triage-alert" in html) is alert
    assert ("Hold the dose or rest" in detail.content.decode()) is alert


@pytest.mark.django_db
def test_following_the_held_dose_is_not_partly_done(user_client, user):
    """Under an alert the form offers the held dose; the session records it as
    the plan, so doing just that is done in full, not 'partly done'."""
    PlanFactory(user=user)
    today = today_for(user)
    routine = Routine.objects.get(slug="iliopsoas-relief")
    comfortable_history(user, today, routine)
    CheckInFactory(user=user, date=today, pain_score=2, numbness_or_tingling=True)
    url = reverse("journal:session", args=[routine.slug])
    form = user_client.get(url).context["form"]
    data = {
        name: str(form[name].value())
        for name in form.fields
        if form[name].value() is not None
    }

    user_client.post(url, {**data, "pain_during": "1", "effort": "easy"})

    session = user.sessions.order_by("-created_at").first()
    assert session.date == today
    assert not session.partly_done
    assert all(row.done == row.planned for row in session.exercises.all())
