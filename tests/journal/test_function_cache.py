"""The function page's history (chart, table and each score's activities) is
kept in process memory under a digest of the scores it shows
(journal/cache.py, function_history): a rating edited any way shows at once,
though ratings move no journal version, and no one sees another's."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from journal import cache, services
from journal.models import FunctionRating, FunctionScore
from tests.factories import UserFactory, function_score
from tests.journal.test_dashboard import today_for

pytestmark = pytest.mark.django_db

URL = reverse("journal:function")
DAY = datetime.timedelta(days=1)


def _history(html: str) -> str:
    return html[html.index('<section class="function-history"') : html.index("</main>")]


def _visit(client, query: dict | None = None) -> str:
    return _history(client.get(URL, query or {}).content.decode())


def _fresh(client, query: dict | None = None) -> str:
    caches["dashboard"].clear()
    return _visit(client, query)


def _kept(user) -> bool:
    return caches["dashboard"].get(cache._key(user.pk, cache.FUNCTION_PART)) is not None


@pytest.fixture
def scores(user):
    today = today_for(user)
    for back, abilities in ((28, [2, 3, 4]), (14, [4, 5, 6]), (1, [6, 6, 7])):
        function_score(user, today - back * DAY, abilities)
    return user


def _rating_edited_outside_the_services(user):
    FunctionRating.objects.filter(score__user=user, ability=7).update(ability=1)


def _activity_renamed_outside_the_services(user):
    rating = FunctionRating.objects.filter(score__user=user).first()
    FunctionRating.objects.filter(pk=rating.pk).update(activity="Kneeling 3c9d")


def _score_through_the_service(user):
    services.function_record(
        user=user,
        date=today_for(user),
        ratings=[("Walking", 9), ("Stairs", 9), ("Running", 9)],
    )


def _score_deleted(user):
    FunctionScore.objects.filter(user=user).order_by("date").first().delete()


WRITES = {
    "a rating edited outside the services": _rating_edited_outside_the_services,
    "an activity renamed outside the services": _activity_renamed_outside_the_services,
    "a score through the service": _score_through_the_service,
    "a score deleted": _score_deleted,
}


@pytest.mark.parametrize("query", [None, {"all": "1"}])
@pytest.mark.parametrize("write", WRITES)
def test_the_users_own_write_shows_at_once(user_client, scores, write, query):
    _visit(user_client, query)
    before = _visit(user_client, query)
    assert _kept(scores)

    WRITES[write](scores)
    after = _visit(user_client, query)

    assert after != before
    assert after == _fresh(user_client, query)


def test_another_users_history_is_never_shown(client):
    mine, theirs = UserFactory(), UserFactory()
    for user, activity in ((mine, "Mine 3c9d"), (theirs, "Theirs 3c9d")):
        function_score(user, today_for(user), [5, 5, 5], [activity, "Stairs", "Sit"])

    client.force_login(theirs)
    their_history = _visit(client)
    client.force_login(mine)
    my_history = _visit(client)

    assert _kept(theirs) and _kept(mine)
    assert "Theirs 3c9d" in their_history and "Mine 3c9d" not in their_history
    assert "Mine 3c9d" in my_history and "Theirs 3c9d" not in my_history


def test_the_newest_and_all_scores_are_kept_apart(user_client, user):
    today = today_for(user)
    for back in range(14):
        function_score(user, today - 14 * back * DAY, [back % 10, 5, 5])

    newest = _visit(user_client)
    every = _visit(user_client, {"all": "1"})

    assert "Show the activities of all your scores (2 older)" in newest
    assert "older)" not in every
    assert _visit(user_client) == newest
    assert len(re.findall('class="function-score"', every)) == 14


def test_forgetting_a_user_drops_their_history(user_client, scores):
    _visit(user_client)
    assert _kept(scores)

    cache.forget(scores.pk)

    assert not _kept(scores)
