"""Alerts by urgency on the pages (issue 14): the emergency advice first on the
page that received it, kept on top of the dashboard until acknowledged, and the
history that makes warning signs more urgent, asked once."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from exercises.models import Routine
from journal import services, triage
from journal.models import CheckIn, JournalVersion, Plan
from tests.factories import CheckInFactory, PlanFactory, SessionFactory, UserFactory
from tests.html import assert_accessible_page
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

SESSION_PAIN = (
    "Your highest pain during a session, overall or in one of its exercises, was "
    "{} out of 10."
)

DASHBOARD = reverse("journal:dashboard")
PLAN = reverse("journal:plan")
SKIP = reverse("journal:history-skip")


def main_of(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def blocks(html: str) -> list[str]:
    """The tiers of the alert blocks of a page, in their order."""
    return re.findall(r'<section class="triage-alert triage-([a-z-]+)"', html)


def acknowledge(check_in: CheckIn) -> str:
    return reverse("journal:check-in-acknowledge", args=[check_in.pk])


def test_an_emergency_answer_is_the_first_thing_in_main_on_the_page_that_got_it(
    user_client, user
):
    today = today_for(user)
    response = user_client.post(
        reverse("journal:check-in"),
        {
            "date": today.isoformat(),
            "pain_score": "6",
            "numbness_or_tingling": "on",
            "cauda_equina_signs": "on",
        },
    )
    entry = CheckIn.objects.get(user=user)
    assert response["Location"] == entry.get_absolute_url()

    html = user_client.get(response["Location"]).content.decode()

    main = main_of(html)
    first = re.search(r"<main[^>]*>\s*<section([^>]*)>", main)
    assert first and 'class="triage-alert triage-emergency"' in first.group(1)
    assert main.index("Get emergency help now") < main.index("<h1")
    assert "999 in the UK, 112 in the EU, 911 in the US" in main
    assert blocks(main) == ["emergency", "soon"]
    assert "You reported numbness in the groin or buttocks" in main
    assert f'action="{acknowledge(entry)}"' in main
    assert "Not acknowledged yet" in main
    assert_accessible_page(html)


def test_the_check_in_form_groups_its_questions_under_the_guides_five_signs(
    user_client,
):
    html = user_client.get(reverse("journal:check-in")).content.decode()

    legends = re.findall(
        r'<fieldset class="sign-group"[^>]*>\s*<legend><a[^>]*>([^<]*)', html
    )
    assert legends == [title for _, title in triage.SIGNS]
    for slug, _ in triage.SIGNS:
        assert f'href="/guide/when-to-seek-medical-attention/#{slug}"' in html
    group = re.search(r'id="sign-numbness-or-tingling".*?</fieldset>', html, re.S)
    assert "id_cauda_equina_signs" in group.group(0)
    assert "id_numbness_or_tingling" in group.group(0)
    # The tiers are the app's, not the person's words: not in the labels.
    assert "Emergency" not in group.group(0)


def test_the_dashboard_keeps_an_emergency_on_top_whatever_its_age_until_read(
    user_client, user
):
    today = today_for(user)
    old = CheckInFactory(
        user=user, date=today - datetime.timedelta(days=40), fever_with_hot_hip=True
    )
    CheckInFactory(user=user, date=today, pain_score=2, weakness_one_leg=True)

    before = main_of(user_client.get(DASHBOARD).content.decode())
    response = user_client.post(acknowledge(old))
    after = main_of(user_client.get(DASHBOARD).content.decode())

    assert blocks(before) == ["emergency", "same-day"]
    assert before.index("Get emergency help now") < before.index("<h1")
    assert f'href="{old.get_absolute_url()}"' in before
    assert "I have read this advice" in before
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == DASHBOARD
    old.refresh_from_db()
    assert old.emergency_acknowledged_at is not None
    # Read, and older than a week: no longer on the dashboard.
    assert blocks(after) == ["same-day"]
    assert "I have read this advice" not in after
    # It stays in the check-in's page, saying when it was read.
    detail = user_client.get(old.get_absolute_url()).content.decode()
    assert blocks(detail) == ["emergency"]
    assert "You acknowledged it on" in detail
    assert "I have read this advice" not in detail


def test_a_recent_emergency_once_read_shows_like_any_recent_alert(user_client, user):
    entry = CheckInFactory(
        user=user, date=today_for(user), pain_score=2, cauda_equina_signs=True
    )
    services.check_in_acknowledge(check_in=entry)

    main = main_of(user_client.get(DASHBOARD).content.decode())

    assert blocks(main) == ["emergency"]
    assert "I have read this advice" not in main
    assert "You have said you read this advice." in main


def test_another_users_check_in_cannot_be_acknowledged(user_client):
    theirs = CheckInFactory(user=UserFactory(), cauda_equina_signs=True)

    response = user_client.post(acknowledge(theirs))

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not response.has_header("Location")
    assert "I have read this advice" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.emergency_acknowledged_at is None


def test_acknowledging_takes_a_post(user_client, user):
    entry = CheckInFactory(user=user, cauda_equina_signs=True)

    response = user_client.get(acknowledge(entry))

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "POST"
    entry.refresh_from_db()
    assert entry.emergency_acknowledged_at is None


def test_changing_the_emergency_answers_clears_the_acknowledgement(user):
    entry = CheckInFactory(user=user, cauda_equina_signs=True)
    services.check_in_acknowledge(check_in=entry)

    def edit(**signs):
        services.check_in_update(
            check_in=entry, date=entry.date, pain_score=3, notes="", signs=signs
        )
        entry.refresh_from_db()

    edit(cauda_equina_signs=True, weight_loss=True)  # not an emergency answer
    assert entry.emergency_acknowledged_at is not None
    edit(cauda_equina_signs=True, fever_with_hot_hip=True)
    assert entry.emergency_acknowledged_at is None


def test_editing_a_past_check_in_keeps_its_retired_answer(user_client, user):
    entry = CheckInFactory(user=user, pain_score=3, accompanying_symptoms=True)
    form = user_client.get(
        reverse("journal:check-in-edit", args=[entry.pk])
    ).content.decode()

    user_client.post(
        reverse("journal:check-in-edit", args=[entry.pk]),
        {
            "date": entry.date.isoformat(),
            "pain_score": "4",
            "accompanying_symptoms": "on",
        },
    )
    entry.refresh_from_db()

    assert "Fever, chills or unexplained weight loss" in form
    assert entry.accompanying_symptoms and entry.pain_score == 4
    # A new check-in does not ask it.
    new = user_client.get(reverse("journal:check-in")).content.decode()
    assert "id_accompanying_symptoms" not in new


# The history that makes warning signs more urgent --------------------------------


def plan_form(**history) -> dict:
    return {
        "weekly_target": "3",
        "routine": str(Routine.objects.get(is_default=True).pk),
        "time_zone": "UTC",
        **history,
    }


def test_the_dashboard_asks_about_history_once_until_answered_or_put_off(
    user_client, user
):
    PlanFactory(user=user)
    asked = main_of(user_client.get(DASHBOARD).content.decode())

    response = user_client.post(SKIP)
    again = main_of(user_client.get(DASHBOARD).content.decode())

    assert "Three optional questions about your health" in asked
    assert f'href="{PLAN}#history"' in asked
    assert f'action="{SKIP}"' in asked
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == DASHBOARD
    assert Plan.objects.get(user=user).history_answered_at is not None
    assert "Three optional questions about your health" not in again
    # Put off, not answered: nothing stored but the time.
    plan = Plan.objects.get(user=user)
    assert (plan.history_cancer, plan.history_under_18) == (None, None)


def test_putting_the_question_off_without_a_plan_stores_one(user_client, user):
    user_client.post(SKIP)

    plan = Plan.objects.get(user=user)
    assert plan.history_answered_at is not None
    assert plan.routine == Routine.objects.get(is_default=True)


def test_answering_in_the_plan_stops_the_question(user_client, user):
    PlanFactory(user=user)

    response = user_client.post(
        PLAN,
        plan_form(
            history_cancer="no",
            history_steroids_or_osteoporosis="prefer-not-to-say",
            history_under_18="no",
        ),
    )
    dashboard = main_of(user_client.get(DASHBOARD).content.decode())
    page = user_client.get(PLAN).content.decode()

    assert response["Location"] == DASHBOARD
    plan = Plan.objects.get(user=user)
    assert (
        plan.history_cancer,
        plan.history_steroids_or_osteoporosis,
        plan.history_under_18,
    ) == (False, None, False)
    assert plan.history_answered_at is not None
    assert "Three optional questions about your health" not in dashboard
    # The answers are shown as given, "prefer not to say" included.
    unsaid = re.search(
        r'<input[^>]*name="history_steroids_or_osteoporosis"'
        r'[^>]*value="prefer-not-to-say"[^>]*>',
        page,
    ).group(0)
    assert "checked" in unsaid


def test_the_plan_page_explains_why_it_asks(user_client):
    html = user_client.get(PLAN).content.decode()

    history = re.search(
        r'<fieldset class="history-fields".*?</fieldset>\s*<div class="form-actions"',
        html,
        re.S,
    ).group(0)
    for item in triage.HISTORY:
        assert item.question in history
    assert "We ask because" in history
    assert history.count("Prefer not to say") == 3
    assert_accessible_page(html)


def test_saving_the_plan_without_touching_the_history_answers_nothing(
    user_client, user
):
    user_client.post(PLAN, plan_form())

    plan = Plan.objects.get(user=user)
    assert plan.history_answered_at is None
    assert plan.history_cancer is None


@pytest.mark.parametrize("value", ["maybe", "1", "true"])
def test_a_bad_history_answer_is_refused_next_to_its_field(user_client, user, value):
    response = user_client.post(
        PLAN, plan_form(history_cancer=value, weekly_target="5")
    )

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert 'id="id_history_cancer_error"' in html
    assert "Choose Yes, No or Prefer not to say" in html
    assert not Plan.objects.filter(user=user).exists()


def test_a_yes_to_cancer_shows_the_same_day_advice_on_the_page_that_got_it(
    user_client, user
):
    response = user_client.post(PLAN, plan_form(history_cancer="yes"))
    page = user_client.get(response["Location"]).content.decode()
    again = user_client.get(PLAN).content.decode()

    assert response["Location"] == PLAN + "#history-advice"
    main = main_of(page)
    assert blocks(main) == ["same-day"]
    assert main.index("Get medical advice today") < main.index("<h1")
    assert (
        "If this hip pain is new or has changed and your doctor does not know "
        "about it</strong>, new hip pain with a history of cancer" in main
    )
    assert "NHS 111" in main
    assert blocks(main_of(again)) == []  # shown once, on the page that got it


def test_a_history_makes_the_dashboards_soon_alert_same_day(user_client, user):
    PlanFactory(user=user, history_steroids_or_osteoporosis=True)
    CheckInFactory(user=user, date=today_for(user), pain_score=2, weight_loss=True)

    main = main_of(user_client.get(DASHBOARD).content.decode())

    assert blocks(main) == ["same-day"]
    assert (
        "You reported unexplained weight loss, with your history of long-term "
        "steroids or osteoporosis." in main
    )


# The cached dashboard sees them ---------------------------------------------------


def version_of(user) -> int:
    return JournalVersion.objects.get(user_id=user.pk).version


def test_acknowledging_and_history_answers_refresh_the_cached_dashboard(
    user_client, user
):
    PlanFactory(user=user)
    entry = CheckInFactory(
        user=user, date=today_for(user), pain_score=2, numbness_or_tingling=True
    )
    CheckInFactory(
        user=user,
        date=today_for(user) - datetime.timedelta(days=20),
        cauda_equina_signs=True,
    )
    old = CheckIn.objects.get(user=user, cauda_equina_signs=True)
    first = main_of(user_client.get(DASHBOARD).content.decode())
    kept = main_of(user_client.get(DASHBOARD).content.decode())

    before = version_of(user)
    user_client.post(acknowledge(old))
    acknowledged = main_of(user_client.get(DASHBOARD).content.decode())
    middle = version_of(user)
    user_client.post(PLAN, plan_form(history_cancer="yes"))
    answered = main_of(user_client.get(DASHBOARD).content.decode())

    assert blocks(first) == blocks(kept) == ["emergency", "soon"]
    assert middle > before and version_of(user) > middle
    assert blocks(acknowledged) == ["soon"]
    assert blocks(answered) == ["same-day"]
    assert "with your history of cancer" in answered
    assert f'href="{entry.get_absolute_url()}"' in answered


def test_a_painful_session_puts_its_alert_first_on_the_session_and_the_player(
    user_client, user
):
    today = today_for(user)
    routine = Routine.objects.get(is_default=True)
    session = SessionFactory(user=user, date=today, routine=routine, pain_during=9)

    for url in (
        session.get_absolute_url(),
        reverse("journal:session", args=[routine.slug]),
    ):
        main = main_of(user_client.get(url).content.decode())

        first = re.search(r"<main[^>]*>\s*<section([^>]*)>", main)
        assert first and 'class="triage-alert triage-soon"' in first.group(1), url
        assert main.index("Book an appointment soon") < main.index("<h1"), url
        assert SESSION_PAIN.format(9) in main, url


def test_an_emergency_alert_never_sits_beside_an_invitation_to_exercise(
    user_client, user
):
    today = today_for(user)
    routine = Routine.objects.get(is_default=True)
    PlanFactory(user=user, routine=routine)
    CheckInFactory(user=user, date=today, pain_score=5, fever_with_hot_hip=True)
    player = reverse("journal:session", args=[routine.slug])

    dashboard = main_of(user_client.get(DASHBOARD).content.decode())
    session = main_of(user_client.get(player).content.decode())

    assert blocks(dashboard)[0] == "emergency"
    assert f'href="{player}"' not in dashboard
    assert "leave the exercises for now: get help first" in dashboard
    assert "leave the exercises until you have been checked" in dashboard
    assert "Get help first: see the emergency advice" in dashboard
    assert "keep this dose" not in dashboard
    assert "leave the exercises for now: get help first" in session


def test_a_soon_alert_keeps_the_session_on_offer_as_a_secondary_action(
    user_client, user
):
    today = today_for(user)
    routine = Routine.objects.get(is_default=True)
    PlanFactory(user=user, routine=routine)
    CheckInFactory(user=user, date=today, pain_score=5, weight_loss=True)
    player = reverse("journal:session", args=[routine.slug])

    dashboard = main_of(user_client.get(DASHBOARD).content.decode())

    assert blocks(dashboard) == ["soon"]
    assert f'class="button button-secondary" href="{player}"' in dashboard
    assert "leave the exercises" not in dashboard


def test_the_check_in_page_keeps_an_open_emergency_first_until_it_is_read(
    user_client, user
):
    today = today_for(user)
    entry = CheckInFactory(user=user, date=today, cauda_equina_signs=True)
    page = reverse("journal:check-in")

    before = main_of(user_client.get(page).content.decode())
    services.check_in_acknowledge(check_in=entry)
    after = main_of(user_client.get(page).content.decode())

    assert blocks(before) == ["emergency"]
    assert before.index("Get emergency help now") < before.index("<h1")
    assert f'action="{acknowledge(entry)}"' in before
    assert "You already checked in today" in before
    assert blocks(after) == []
