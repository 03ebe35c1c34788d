"""Twenty submissions of one session form (one token) at once, over real HTTP
against `live_server`: one session, and every request answered with the
redirect to it. The player's finish form and "log a session done elsewhere"."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from exercises.services import seed_content_load
from journal.models import Session, SessionExercise
from tests.factories import UserFactory
from tests.parallel import Browser

PARALLEL = 20

FIELD = re.compile(r'<input type="(?:hidden|number)" name="([^"]+)" value="([^"]*)"')


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "url",
    [
        reverse("journal:session", args=["iliopsoas-relief"]),
        reverse("journal:session-new"),
    ],
    ids=["player", "log"],
)
def test_twenty_parallel_submissions_of_one_session_form_make_one_session(
    live_server, url
):
    seed_content_load()  # a transactional test empties the database after it
    user = UserFactory()
    browser = Browser(live_server.url, user)
    html = browser.get_form(url)
    fields = dict(FIELD.findall(html))
    fields.pop("csrfmiddlewaretoken", None)
    assert "token" in fields
    date = re.search(r'name="date" value="([^"]+)"', html)
    if date:
        fields["date"] = date.group(1)

    answers = browser.post_together(
        url, {**fields, "pain_during": "1", "effort": "easy"}, PARALLEL
    )

    sessions = list(Session.objects.filter(user=user))
    assert len(sessions) == 1
    session = sessions[0]
    assert str(session.token) == fields["token"]
    assert SessionExercise.objects.filter(session=session).count() == 6
    assert [answer.status for answer in answers] == [HTTPStatus.FOUND] * PARALLEL
    assert {answer.location for answer in answers} == {session.get_absolute_url()}
