"""The privacy notice says what reminders store and for how long (issue 18),
with the periods the code keeps them for."""

import re

import pytest
from django.urls import reverse

from core.maintenance import TASK_RESULTS_KEPT
from journal.services import DELIVERIES_KEPT

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(client) -> str:
    html = client.get(reverse("privacy")).content.decode()
    start = html.index('<h2 id="reminders">')
    return re.sub(r"\s+", " ", html[start : html.index("<h2", start + 1)])


def test_the_notice_states_how_long_deliveries_and_task_records_are_kept(notice):
    assert f"This log is deleted after {DELIVERIES_KEPT.days} days." in notice
    assert f"deleted {TASK_RESULTS_KEPT.days} days after it is done" in notice


@pytest.mark.parametrize(
    "topic",
    [
        "off until you turn them on",
        "when you turned them on and off",
        "whether that day's check-in or session is in your journal",
        "they never name your pain, your entries or your warning signs",
        "a SHA-256 hash",
        "anyone who has the address can read it",
        "the old address stops working at once",
    ],
)
def test_the_notice_says_what_reminders_store_and_who_can_read_it(notice, topic):
    assert topic in notice


def test_download_deletion_and_retention_include_reminders(client):
    html = re.sub(r"\s+", " ", client.get(reverse("privacy")).content.decode())

    assert "your reminder settings and their log, whether you have a calendar" in html
    assert "your reminders and their log, your calendar address" in html
    assert (
        f"The log of reminders due is deleted after {DELIVERIES_KEPT.days} days" in html
    )
