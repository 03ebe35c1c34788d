import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import selectors
from journal.models import CheckIn
from tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db

SEEK_HELP = reverse("exercises:guide-section", args=["when-to-seek-medical-attention"])


def day(days_ago: int) -> datetime.date:
    return timezone.now().date() - datetime.timedelta(days=days_ago)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"numbness_or_tingling": True}, "numbness or tingling"),
        ({"loss_of_function": True}, "loss of function"),
        ({"sudden_onset": True}, "sudden severe pain after an injury or fall"),
        ({"accompanying_symptoms": True}, "fever, chills or unexplained weight loss"),
        ({"pain_score": 8}, "pain score was 8"),
        ({"pain_score": 10}, "pain score was 10"),
    ],
)
def test_each_trigger_on_a_single_check_in(user, fields, reason):
    entry = CheckInFactory(user=user, date=day(0), **{"pain_score": 2, **fields})

    triage = selectors.triage_check_in(entry)

    assert triage is not None
    assert reason in " ".join(triage.reasons)


def test_pain_7_on_three_consecutive_days_is_severe_or_persistent(user):
    for days_ago in (2, 1, 0):
        CheckInFactory(user=user, date=day(days_ago), pain_score=7)

    triage = selectors.triage_check_in(CheckIn.objects.get(user=user, date=day(0)))

    assert triage is not None
    assert "7 or more for 3 days in a row" in " ".join(triage.reasons)


@pytest.mark.parametrize(
    "scores",
    [
        [7, 7],  # two days only
        [7, 6, 7],  # broken run
        [7, None, 7],  # a missing day breaks the run
    ],
)
def test_no_alert_without_three_consecutive_days_of_7(user, scores):
    for days_ago, score in zip(
        (2, 1, 0), [None] * (3 - len(scores)) + scores, strict=True
    ):
        if score is not None:
            CheckInFactory(user=user, date=day(days_ago), pain_score=score)

    entry = CheckIn.objects.get(user=user, date=day(0))

    assert selectors.triage_check_in(entry) is None


def test_a_calm_check_in_has_no_alert(user):
    assert selectors.triage_check_in(CheckInFactory(user=user, pain_score=7)) is None


def test_the_check_in_page_shows_the_alert_with_a_link_to_the_guide(user_client, user):
    response = user_client.post(
        reverse("journal:check-in"),
        {"date": day(0).isoformat(), "pain_score": "3", "numbness_or_tingling": "on"},
    )
    html = user_client.get(response["Location"]).content.decode()

    assert 'role="alert"' in html
    assert "When to seek medical attention" in html
    assert f'href="{SEEK_HELP}"' in html
    assert "numbness or tingling" in html


def test_a_calm_check_in_page_has_no_alert(user_client, user):
    entry = CheckInFactory(user=user, date=day(0), pain_score=2)

    html = user_client.get(entry.get_absolute_url()).content.decode()

    assert 'role="alert"' not in html


@pytest.mark.parametrize(("days_ago", "shown"), [(0, True), (6, True), (7, False)])
def test_the_dashboard_keeps_the_alert_for_seven_days(
    user_client, user, days_ago, shown
):
    CheckInFactory(user=user, date=day(days_ago), pain_score=9)

    response = user_client.get(reverse("journal:dashboard"))

    assert response.status_code == HTTPStatus.OK
    assert ('role="alert"' in response.content.decode()) is shown
