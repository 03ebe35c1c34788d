"""The function score (PSFS): its form and page, the changes that count as
real (the minimal detectable change), when the dashboard asks for it, "Not
now", and deleting a score (journal/views/function.py, issue 19)."""

import datetime
import re
import uuid
from fractions import Fraction
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import selectors, services
from journal.forms import FunctionForm
from journal.function_chart import function_chart
from journal.models import FunctionRating, FunctionScore, Plan
from journal.selectors.function import ActivityChange, FunctionPoint
from tests.factories import PlanFactory, UserFactory, function_score
from tests.journal.test_dashboard import DASHBOARD, section

pytestmark = pytest.mark.django_db

PAGE = reverse("journal:function")
SNOOZE = reverse("journal:function-snooze")
DAY = datetime.timedelta(days=1)
# Late on a Friday evening in Auckland: the person's today is Saturday there,
# while it is still Friday in UTC (the site's zone).
NOW = datetime.datetime(2026, 3, 13, 12, 30, tzinfo=datetime.UTC)
AUCKLAND_TODAY = datetime.date(2026, 3, 14)


@pytest.fixture
def clock(monkeypatch):
    """The clock at NOW; `clock(moment)` moves it."""

    def set_to(moment: datetime.datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    set_to(NOW)
    return set_to


@pytest.fixture
def plan(user):
    return PlanFactory(user=user, time_zone="Pacific/Auckland", time_zone_known=True)


def rows(*pairs, token=None) -> dict[str, str]:
    """The form's data for (activity, ability) rows, in order."""
    data = {"token": str(token or uuid.uuid4())}
    for position, (activity, ability) in enumerate(pairs):
        data[f"activity_{position}"] = activity
        data[f"ability_{position}"] = "" if ability is None else str(ability)
    return data


THREE = [("Climbing stairs", 4), ("Running", 2), ("Putting on socks", 6)]


def field_group(html: str, name: str) -> str:
    """The markup of one field of the form: its label, errors and input."""
    match = re.search(
        rf'<label for="id_{name}">.*?(?:</select>|<input [^>]*id="id_{name}">)',
        html,
        re.S,
    )
    assert match, f"no field {name}"
    return match.group(0)


# A page's CSRF and one-time tokens: each request has its own.
TOKENS = re.compile(r'name="(csrfmiddlewaretoken|token)" value="[^"]*"')


def main(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


# The form -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        pytest.param(
            rows(("Climbing stairs", 4), ("Running", 2)),
            "activity_2",
            "Name at least 3 activities (you named 2)",
            id="fewer-than-three",
        ),
        pytest.param(
            rows(*THREE[:2], ("", 5)),
            "activity_2",
            "Name the activity you rated",
            id="rating-without-activity",
        ),
        pytest.param(
            rows(*THREE, ("Sitting for an hour", None)),
            "ability_3",
            "Rate “Sitting for an hour” from 0 (unable to do it) to 10",
            id="activity-without-rating",
        ),
        pytest.param(
            rows(*THREE, ("  running ", 5)),
            "activity_3",
            "“running” is activity 2 already",
            id="duplicate-ignoring-case-and-spaces",
        ),
        pytest.param(
            rows(*THREE[:2], ("Putting on socks", 11)),
            "ability_2",
            "Choose a whole number from 0 (unable to do it) to 10",
            id="rating-above-10",
        ),
        pytest.param(
            rows(*THREE[:2], ("Putting on socks", -1)),
            "ability_2",
            "Choose a whole number from 0",
            id="rating-below-0",
        ),
        pytest.param(
            rows(*THREE[:2], ("Putting on socks", "7.5")),
            "ability_2",
            "Choose a whole number from 0",
            id="rating-not-whole",
        ),
        pytest.param(
            rows(*THREE[:2], ("x" * 81, 5)),
            "activity_2",
            "Name the activity in at most 80 characters; this has 81",
            id="activity-too-long",
        ),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_stored(
    user_client, data, field, message
):
    response = user_client.post(PAGE, data)

    assert response.status_code == HTTPStatus.OK
    html = main(response)
    assert "There is a problem with what you entered" in html
    group = field_group(html, field)
    assert message in group
    assert 'aria-invalid="true"' in group
    assert f'href="#id_{field}"' in html  # the summary links to it
    assert not FunctionScore.objects.exists()


def test_an_empty_form_asks_for_three_activities(user_client):
    response = user_client.post(PAGE, rows())

    html = main(response)
    for name in ("activity_0", "activity_1", "activity_2"):
        assert "Name at least 3 activities (you named 0)" in field_group(html, name)
    assert "Name at least" not in field_group(html, "activity_3")
    assert not FunctionScore.objects.exists()


def test_rows_may_skip_an_empty_one_and_keep_their_order():
    form = FunctionForm(
        rows(("Running", 2), ("", None), (" Climbing   stairs ", 4), ("Socks", 6))
    )

    assert form.is_valid(), form.errors
    assert form.ratings == [("Running", 2), ("Climbing stairs", 4), ("Socks", 6)]


def test_five_activities_at_most_and_the_scales_anchors():
    form = FunctionForm()

    assert len(form.rows) == 5
    assert form["activity_3"].label == "Activity 4 (optional)"
    labels = dict(form.fields["ability_0"].choices)
    assert labels[0] == "0 – unable to do it"
    assert labels[10] == "10 – able to do it as before the problem"


# The page -----------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(PAGE)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('account_login')}?next={PAGE}"


def test_the_empty_page_offers_the_suggestions_and_the_anchors(user_client):
    response = user_client.get(PAGE)

    html = main(response)
    assert response.status_code == HTTPStatus.OK
    assert '<datalist id="psfs-suggestions">' in html
    for suggestion in [
        "Getting up from a chair",
        "Climbing stairs",
        "Running",
        "Sitting for an hour",
        "Putting on socks",
    ]:
        assert f'<option value="{suggestion}">' in html
    assert 'list="psfs-suggestions"' in field_group(html, "activity_0")
    assert "0 means you are unable to do it" in html
    assert "No scores yet" in html
    assert "<svg" not in html


def test_rating_saves_the_persons_today_and_shows_it_on_the_chart(
    user_client, user, plan, clock
):
    response = user_client.post(PAGE, rows(*THREE))

    score = FunctionScore.objects.get(user=user)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == PAGE + "#history"
    # Auckland's Saturday, while the server's clock still reads Friday.
    assert score.date == AUCKLAND_TODAY
    assert list(score.ratings.values_list("position", "activity", "ability")) == [
        (0, "Climbing stairs", 4),
        (1, "Running", 2),
        (2, "Putting on socks", 6),
    ]
    page = user_client.get(PAGE)
    html = main(page)
    assert "Function score for Saturday 14 March 2026 saved (4.0 out of 10)." in html
    assert '<svg class="chart-svg"' in html
    assert 'class="function-mark-first"' in html
    assert '<th scope="row">Sat 14 Mar 2026</th>' in html


def test_the_same_form_sent_twice_saves_once(user_client, user):
    data = rows(*THREE)

    first = user_client.post(PAGE, data)
    second = user_client.post(PAGE, data)

    assert first["Location"] == second["Location"] == PAGE + "#history"
    assert FunctionScore.objects.filter(user=user).count() == 1
    assert FunctionRating.objects.filter(score__user=user).count() == 3


def test_the_second_time_starts_from_the_last_activities(user_client, user, today):
    function_score(
        user,
        today - 14 * DAY,
        [3, 5, 7, 1],
        ["Running", "Climbing stairs", "Putting on socks", "Kneeling"],
    )

    response = user_client.get(PAGE)

    html = main(response)
    form = response.context["form"]
    assert [form[f"activity_{n}"].value() for n in range(5)] == [
        "Running",
        "Climbing stairs",
        "Putting on socks",
        "Kneeling",
        None,
    ]
    # Rated afresh: no rating is carried over.
    assert all(form[f"ability_{n}"].value() is None for n in range(5))
    assert "a changed activity starts its own comparison afresh" in html
    assert "Saving replaces" not in html


def test_rating_again_the_same_day_says_so_and_replaces_it(user_client, user, today):
    function_score(user, today, [3, 5, 7], ["Running", "Stairs", "Socks"])

    page = user_client.get(PAGE)
    form = page.context["form"]
    data = rows(("Running", 4), ("Stairs", 5), ("Socks", 9))
    data["replacing"] = form["replacing"].value().isoformat()
    response = user_client.post(PAGE, data)

    assert "You have rated your function today" in main(page)
    assert "saving the form replaces today’s score" in main(page)
    assert [form[f"ability_{n}"].value() for n in range(3)] == [3, 5, 7]
    assert response["Location"] == PAGE + "#history"
    score = FunctionScore.objects.get(user=user)
    assert list(score.ratings.values_list("ability", flat=True)) == [4, 5, 9]
    assert "saved (6.0 out of 10): it replaces the one you had for that day." in main(
        user_client.get(PAGE)
    )


def test_a_score_saved_meanwhile_is_not_replaced_unseen(user_client, user, today):
    # The page was opened before today had a score (another tab saved one).
    data = rows(("Running", 9), ("Stairs", 9), ("Socks", 9))
    function_score(user, today, [3, 5, 7], ["Running", "Stairs", "Socks"])

    response = user_client.post(PAGE, data)

    html = main(response)
    assert response.status_code == HTTPStatus.OK
    assert "You have rated your function today already" in html
    assert f'name="replacing" value="{today.isoformat()}"' in html
    score = FunctionScore.objects.get(user=user)
    assert list(score.ratings.values_list("ability", flat=True)) == [3, 5, 7]

    again = user_client.post(PAGE, {**data, "replacing": today.isoformat()})

    assert again["Location"] == PAGE + "#history"
    assert list(score.ratings.values_list("ability", flat=True)) == [9, 9, 9]


# Issue 19, a newcomer: a page opened at 23:59 in New York, sent after
# midnight. Friday 4 December 2026 there is 05:00 UTC on the 5th at midnight.
FRIDAY = datetime.date(2026, 12, 4)
SATURDAY = FRIDAY + DAY
NY_FRIDAY_2359 = datetime.datetime(2026, 12, 5, 4, 59, tzinfo=datetime.UTC)
NY_SATURDAY_0001 = datetime.datetime(2026, 12, 5, 5, 1, tzinfo=datetime.UTC)


def sent_back(response, ratings) -> dict[str, str]:
    """The ratings with the hidden fields of the page the response drew, as
    the browser sends them when the person presses "Save ratings"."""
    html = response.content.decode()
    data = rows(*ratings)
    for name in ("token", "day", "replacing"):
        match = re.search(
            rf'<input type="hidden" name="{name}"(?: value="([^"]*)")?', html
        )
        assert match, f"no hidden {name}"
        data[name] = match.group(1) or ""
    return data


def abilities(user, day) -> list[int]:
    score = FunctionScore.objects.get(user=user, date=day)
    return list(score.ratings.values_list("ability", flat=True))


@pytest.fixture
def new_york(user):
    return PlanFactory(user=user, time_zone="America/New_York", time_zone_known=True)


def test_a_page_opened_before_midnight_does_not_save_for_the_next_day_unsaid(
    user_client, user, new_york, clock
):
    """Opened on Friday, which has a score, to replace it; sent on Saturday:
    the form comes back saying what saving now does, and nothing is saved
    until it is sent again."""
    function_score(user, FRIDAY, [3, 5, 7], ["Running", "Stairs", "Socks"])
    clock(NY_FRIDAY_2359)
    page = user_client.get(PAGE)
    assert "Saving replaces the score you gave today." in main(page)
    ratings = [("Running", 9), ("Stairs", 9), ("Socks", 9)]
    data = sent_back(page, ratings)
    assert (data["day"], data["replacing"]) == ("2026-12-04", "2026-12-04")

    clock(NY_SATURDAY_0001)
    response = user_client.post(PAGE, data)

    html = main(response)
    assert response.status_code == HTTPStatus.OK
    assert (
        "It is now Saturday 5 December: saving makes these ratings Saturday’s "
        "score; Friday’s stays as it is. Press “Save ratings” again to save them, "
        "or leave this page to save nothing."
    ) in html
    assert "Saving replaces the score you gave today" not in html
    assert [(score.date) for score in FunctionScore.objects.filter(user=user)] == [
        FRIDAY
    ]
    assert abilities(user, FRIDAY) == [3, 5, 7]
    # The ratings sent stay in the form, which now names Saturday.
    again = sent_back(response, ratings)
    assert (again["day"], again["replacing"]) == ("2026-12-05", "")
    assert again["token"] == data["token"]
    assert 'name="ability_0"' in html and '<option value="9" selected>' in html

    saved = user_client.post(PAGE, again)

    assert saved["Location"] == PAGE + "#history"
    assert abilities(user, SATURDAY) == [9, 9, 9]
    assert abilities(user, FRIDAY) == [3, 5, 7]


def test_a_page_opened_before_midnight_does_not_replace_the_next_days_score(
    user_client, user, new_york, clock
):
    """Opened on Friday, which has no score; meanwhile Saturday has one
    (another tab after midnight): sending the page does not replace it
    unseen."""
    function_score(user, FRIDAY - 14 * DAY, [2, 2, 2], ["Running", "Stairs", "Socks"])
    clock(NY_FRIDAY_2359)
    page = user_client.get(PAGE)
    ratings = [("Running", 9), ("Stairs", 9), ("Socks", 9)]
    data = sent_back(page, ratings)
    assert (data["day"], data["replacing"]) == ("2026-12-04", "")
    clock(NY_SATURDAY_0001)
    function_score(user, SATURDAY, [4, 5, 6], ["Running", "Stairs", "Socks"])

    response = user_client.post(PAGE, data)

    html = main(response)
    assert response.status_code == HTTPStatus.OK
    assert (
        "It is now Saturday 5 December, and you have rated your function for "
        "Saturday already (5.0 out of 10): saving replaces Saturday’s score with "
        "these ratings. Press “Save ratings” again"
    ) in html
    assert "Friday’s stays" not in html  # Friday has no score
    assert "Saving replaces the score you gave today." in html
    assert "the form below holds the ratings you sent" in html
    assert abilities(user, SATURDAY) == [4, 5, 6]
    assert not FunctionScore.objects.filter(user=user, date=FRIDAY).exists()
    again = sent_back(response, ratings)
    assert (again["day"], again["replacing"]) == ("2026-12-05", "2026-12-05")

    saved = user_client.post(PAGE, again)

    assert saved["Location"] == PAGE + "#history"
    assert abilities(user, SATURDAY) == [9, 9, 9]


def test_a_double_click_across_midnight_saves_once(user_client, user, new_york, clock):
    clock(NY_FRIDAY_2359)
    data = sent_back(user_client.get(PAGE), THREE)
    first = user_client.post(PAGE, data)
    clock(NY_SATURDAY_0001)

    second = user_client.post(PAGE, data)

    assert first["Location"] == second["Location"] == PAGE + "#history"
    assert list(FunctionScore.objects.filter(user=user).values_list("date")) == [
        (FRIDAY,)
    ]


def test_history_shows_each_change_in_words_and_by_shape(user_client, user, today):
    function_score(user, today - 28 * DAY, [2, 2, 2], ["Running", "Stairs", "Socks"])
    function_score(user, today - 14 * DAY, [3, 3, 3], ["Running", "Stairs", "Socks"])
    function_score(user, today, [5, 5, 2], ["Running", "Stairs", "Socks"])

    html = main(user_client.get(PAGE))

    assert html.count('class="function-mark-first"') == 2  # the mark and the key
    assert html.count('class="function-mark-within"') == 2
    assert html.count('class="function-mark-real"') == 2
    assert "Up 2.0 since the first score: a real change (better)" in html
    assert "Up 1.0 since the first score: less than 2 points" in html
    assert "up 3 since its first rating: a real change (better)" in html
    assert "Socks</span>: 2 out of 10 (the same as its first rating)" in html
    table = html[html.index("<table>") : html.index("</table>")]
    assert "+2.0" in table and "Yes, better" in table
    assert "+1.0" in table and "No, within the scale’s error" in table


def test_page_query_count_is_the_same_for_one_score_and_a_hundred(
    user_client, user, today, django_assert_num_queries
):
    PlanFactory(user=user)
    for n in range(100):
        function_score(user, today - 14 * n * DAY, [n % 11, 5, 7, 3, 10])
    other = UserFactory()
    function_score(other, today, [5, 5, 5])
    other_client = user_client.__class__()
    other_client.force_login(other)
    PlanFactory(user=other)

    # Session, user, plan (today, with the journal's version and the ratings:
    # journal/cache.py's function_plan), the scores and their ratings.
    with django_assert_num_queries(5):
        many = user_client.get(PAGE)
    with django_assert_num_queries(5):
        one = other_client.get(PAGE)
    # Again: the page is kept while those are the same (the plan's query).
    with django_assert_num_queries(3):
        many_again = user_client.get(PAGE)
    with django_assert_num_queries(3):
        one_again = other_client.get(PAGE)
    for first, again in ((many, many_again), (one, one_again)):
        assert TOKENS.sub("", main(again)) == TOKENS.sub("", main(first))

    # The newest twelve scores' activities; every score in the chart's table.
    assert main(many).count('class="function-score"') == 12
    assert "Show the activities of all your scores (88 older)" in main(many)
    assert main(many).count("<tr") == 101
    assert main(one).count('class="function-score"') == 1
    assert "Show the activities of all" not in main(one)
    everything = main(user_client.get(PAGE + "?all=1"))
    assert everything.count('class="function-score"') == 100
    assert "Show the activities of all" not in everything


# The changes that count as real -----------------------------------------------------


@pytest.mark.parametrize(
    ("first", "later", "shown", "real"),
    [
        pytest.param([5, 5, 5, 5, 5], [7, 7, 7, 6, 7], 1.8, False, id="1.8"),
        # 2 then 11/3: 1.666..., shown as 1.7, below the minimal
        # detectable change. (The same activities each time: a score of other
        # activities is a new starting point, never a change.)
        pytest.param([2, 2, 2], [4, 4, 3], 1.7, False, id="5/3"),
        pytest.param([1, 1, 1, 1], [3, 3, 3, 3], 2.0, True, id="2.0"),
        pytest.param([4, 4, 4, 5], [6, 6, 6, 7], 2.0, True, id="2.0-quarters"),
        # 16/3 then 22/3: exactly 2.
        pytest.param([5, 5, 6], [7, 7, 8], 2.0, True, id="2.0-thirds"),
        pytest.param([5, 6, 6], [3, 4, 4], -2.0, True, id="-2.0"),
        # 5.25 then 7: 1.75 apart, shown as 1.8 (halves away from zero);
        # not real: read from the exact change, not the figure.
        pytest.param([5, 5, 5, 6], [7, 7, 7, 7], 1.8, False, id="1.75"),
        pytest.param([7, 7, 7, 7], [5, 5, 5, 6], -1.8, False, id="-1.75"),
        # 0 then 7/3: 2.333..., real; shown as 2.3.
        pytest.param([0, 0, 0], [2, 2, 3], 2.3, True, id="7/3"),
        pytest.param([5, 5, 5], [5, 5, 5], 0.0, False, id="none"),
    ],
)
def test_the_mean_change_is_exact_and_real_from_two_points(
    user, first, later, shown, real
):
    function_score(user, datetime.date(2026, 1, 1), first)
    function_score(user, datetime.date(2026, 1, 15), later)

    start, point = selectors.function_scores(user)

    exact = Fraction(sum(later), len(later)) - Fraction(sum(first), len(first))
    assert start.change is None and not start.real
    assert point.change == shown
    assert point.real is real is (abs(exact) >= 2)
    assert ("a real change" in point.change_words) is real
    assert point.mean == float(Fraction(sum(later), len(later)))


def test_one_point_nine_against_two_point_zero():
    """The minimal detectable change of the mean, at its edge (1.9 and 2.0
    are whole tenths, as the selector gives them)."""
    below = FunctionPoint(datetime.date(2026, 1, 15), 6.9, change=1.9)
    at = FunctionPoint(datetime.date(2026, 1, 15), 7.0, change=2.0)
    down = FunctionPoint(datetime.date(2026, 1, 15), 3.0, change=-2.0)

    assert not below.real
    assert below.change_words == (
        "Up 1.9 since the first score: less than 2 points, within the scale's "
        "own error."
    )
    assert at.real
    assert at.change_words == (
        "Up 2.0 since the first score: a real change (better), at least the 2 "
        "points the scale can detect."
    )
    assert down.real
    assert "Down 2.0 since the first score: a real change (worse)" in (
        down.change_words
    )


@pytest.mark.parametrize(
    ("change", "real"), [(None, False), (0, False), (2, False), (-2, False),
                         (3, True), (-3, True), (10, True)],
)  # fmt: skip
def test_one_activity_is_real_from_three_points(change, real):
    assert ActivityChange("Running", 5, change).real is real


def test_an_activity_is_compared_with_its_own_first_rating(user):
    function_score(user, datetime.date(2026, 1, 1), [2, 4, 6], ["Running", "B", "C"])
    function_score(user, datetime.date(2026, 1, 15), [4, 6, 6], ["B", "C", "D"])
    function_score(
        user, datetime.date(2026, 1, 29), [5, 6, 8, 3], [" running", "b", "C", "D"]
    )

    first, second, third = selectors.function_scores(user)

    assert [a.change for a in second.activities] == [0, 0, None]
    assert [(a.activity, a.change, a.real) for a in third.activities] == [
        (" running", 3, True),
        ("b", 2, False),
        ("C", 2, False),
        ("D", -3, True),
    ]


def test_changes_are_since_the_first_score_ever_whatever_the_dates_asked(user):
    function_score(user, datetime.date(2026, 1, 1), [2, 2, 2])
    function_score(user, datetime.date(2026, 2, 1), [3, 3, 3])
    function_score(user, datetime.date(2026, 3, 1), [5, 5, 5])

    points = selectors.function_scores(user, start=datetime.date(2026, 2, 1))

    assert [(p.date, p.change) for p in points] == [
        (datetime.date(2026, 2, 1), 1.0),
        (datetime.date(2026, 3, 1), 3.0),
    ]


def test_a_mean_of_other_activities_is_a_new_starting_point_not_a_change(
    user, user_client
):
    """Found by a newcomer: swapping the hard activities for easy ones read
    as "a real change (better)". The mean compares the same activities."""
    first = ["Putting on socks", "Sitting for an hour", "Kneeling"]
    others = ["Getting up from a chair", "Climbing stairs", "Running"]
    function_score(user, datetime.date(2026, 1, 1), [1, 1, 1], first)
    function_score(user, datetime.date(2026, 1, 15), [4, 10, 1], others)
    # The same activities again (other case and spacing): compared with the
    # first score of these, not with the very first.
    function_score(
        user, datetime.date(2026, 1, 29), [7, 10, 4], [" running", *others[:2]]
    )
    function_score(user, datetime.date(2026, 2, 12), [2, 1, 1], first)

    points = selectors.function_scores(user)

    assert [(p.change, p.restarted, p.real) for p in points] == [
        (None, False, False),
        (None, True, False),
        (2.0, False, True),
        (0.3, False, False),
    ]
    assert points[1].change_words.startswith("New activities: the first score")
    assert "real change" not in points[1].change_words
    html = user_client.get(PAGE).content.decode()
    assert "new activities: a new starting point" in html


def test_the_chart_places_scores_at_their_dates_with_a_shape_each(user):
    function_score(user, datetime.date(2026, 1, 1), [2, 2, 2])
    function_score(user, datetime.date(2026, 1, 3), [3, 3, 3])
    function_score(user, datetime.date(2026, 1, 11), [5, 5, 5])

    chart = function_chart(selectors.function_scores(user), title="Function")

    first, near, far = chart.marks
    assert [mark.shape for mark in chart.marks] == ["first", "within", "real"]
    # Two days, then eight: the gaps show.
    assert (far.x - near.x) == pytest.approx(4 * (near.x - first.x), abs=0.2)
    assert first.y > near.y > far.y
    # The band of the scale's error: 2 points either side of the first (2.0).
    assert chart.band_bottom == chart.frame.y(0, 10)
    assert chart.band_top == chart.frame.y(4, 10)
    assert "Up 3.0 since the first score: a real change" in chart.description


# When it is due, and "Not now" ---------------------------------------------------


@pytest.mark.parametrize(
    ("last", "snoozed_until", "due"),
    [
        (None, None, True),
        (13, None, False),
        (14, None, True),
        (40, None, True),
        (None, 1, False),
        (None, 7, False),
        (None, 0, True),  # the day the snooze ends, it asks again
        (None, -3, True),
        (20, 2, False),
    ],
)
def test_due_never_rated_or_fourteen_days_on_and_not_while_snoozed(
    user, today, last, snoozed_until, due
):
    plan = PlanFactory(user=user)
    if last is not None:
        function_score(user, today - last * DAY, [5, 5, 5])
    if snoozed_until is not None:
        plan.function_snoozed_until = today + snoozed_until * DAY

    assert selectors.function_due(user, plan, today) is due


def test_not_now_puts_the_card_off_for_a_week(user_client, user, plan, clock):
    response = user_client.post(SNOOZE)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == DASHBOARD
    plan.refresh_from_db()
    assert plan.function_snoozed_until == AUCKLAND_TODAY + 7 * DAY
    html = main(user_client.get(DASHBOARD))
    assert "The dashboard will ask again on Saturday 21 March 2026" in html
    assert "function-card-title" not in html

    clock(NOW + 6 * DAY)
    assert "function-card-title" not in main(user_client.get(DASHBOARD))
    clock(NOW + 7 * DAY)
    assert "function-card-title" in main(user_client.get(DASHBOARD))


def test_not_now_is_a_post(user_client, user):
    response = user_client.get(SNOOZE)

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "POST"
    assert not Plan.objects.filter(user=user, function_snoozed_until__isnull=False)


# The dashboard's card ---------------------------------------------------------------


def card(html: str) -> str:
    return section(html, "function-card-title")


def test_the_card_asks_a_new_person_with_rate_now_and_not_now(user_client, user):
    PlanFactory(user=user)

    html = main(user_client.get(DASHBOARD))

    found = card(html)
    assert f'<a class="button" href="{PAGE}">Rate now</a>' in found
    assert 'form="function-snooze"' in found
    assert (
        '>Not now<span class="visually-hidden">: ask me about my function '
        "later</span></button>"
    ) in found
    # Its form is outside the kept body, with this request's CSRF token.
    form = re.search(r'<form id="function-snooze"[^>]*>(.*?)</form>', html, re.S)
    assert form and f'action="{SNOOZE}"' in form.group(0)
    assert 'name="csrfmiddlewaretoken"' in form.group(1)
    # Just above the charts: after today's cards, before the next session.
    assert html.index("today-title") < html.index("function-card-title")
    assert html.index("function-card-title") < html.index("next-title")


def test_the_card_goes_once_rated_and_comes_back_two_weeks_on(
    user_client, user, plan, clock
):
    fill = main(user_client.get(DASHBOARD))  # the body is kept from here
    user_client.post(PAGE, rows(*THREE))

    rated = main(user_client.get(DASHBOARD))

    assert "function-card-title" in fill
    assert "function-card-title" not in rated
    assert 'id="function-snooze"' not in rated
    # A quiet link instead, never a reminder.
    assert f'<a href="{PAGE}">Your function score</a>' in rated
    clock(NOW + 13 * DAY)
    assert "function-card-title" not in main(user_client.get(DASHBOARD))
    clock(NOW + 14 * DAY)
    assert "function-card-title" in main(user_client.get(DASHBOARD))


def test_the_card_goes_after_not_now_though_the_body_was_kept(
    user_client, user, plan, clock
):
    before = main(user_client.get(DASHBOARD))
    version = selectors.plan_and_version(user)[1]

    user_client.post(SNOOZE)
    after = main(user_client.get(DASHBOARD))

    assert "function-card-title" in before
    assert selectors.plan_and_version(user)[1] > version
    assert "function-card-title" not in after


def test_deleting_the_only_score_brings_the_card_back(user_client, user, plan, clock):
    user_client.post(PAGE, rows(*THREE))
    rated = main(user_client.get(DASHBOARD))
    score = FunctionScore.objects.get(user=user)

    user_client.post(reverse("journal:function-delete", args=[score.pk]))

    assert "function-card-title" not in rated
    assert "function-card-title" in main(user_client.get(DASHBOARD))


# Deleting a score ---------------------------------------------------------------------


def test_deleting_a_score_asks_first_then_deletes_it(user_client, user, today):
    score = function_score(user, today, [5, 5, 5])
    kept = function_score(user, today - 14 * DAY, [4, 4, 4])
    url = reverse("journal:function-delete", args=[score.pk])

    asked = user_client.get(url)
    response = user_client.post(url)

    html = main(asked)
    day = f"{today:%A} {today.day} {today:%B %Y}"
    assert f"Delete your function score of {day}?" in html
    assert f'href="{PAGE}#history">No, keep it</a>' in html
    assert response["Location"] == PAGE
    assert list(FunctionScore.objects.filter(user=user)) == [kept]
    assert not FunctionRating.objects.filter(score_id=score.pk).exists()
    assert f"Function score of {day} deleted." in main(user_client.get(PAGE))


def test_the_page_links_each_score_to_its_deletion(user_client, user, today):
    score = function_score(user, today, [5, 5, 5])

    html = main(user_client.get(PAGE))

    assert f'href="{reverse("journal:function-delete", args=[score.pk])}"' in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_score_answers_404(user_client, method):
    theirs = function_score(UserFactory(), datetime.date(2026, 1, 5), [5, 5, 5])

    response = getattr(user_client, method)(
        reverse("journal:function-delete", args=[theirs.pk])
    )

    assert response.status_code == HTTPStatus.NOT_FOUND
    assert FunctionScore.objects.filter(pk=theirs.pk).exists()
    assert theirs.date.isoformat() not in response.content.decode()


# The service --------------------------------------------------------------------


def test_the_service_creates_repeats_and_replaces(user):
    day, token = datetime.date(2026, 1, 5), uuid.uuid4()
    ratings = [("Running", 2), ("Stairs", 4), ("Socks", 6)]

    created = services.function_record(
        user=user, date=day, ratings=ratings, token=token
    )
    repeated = services.function_record(
        user=user, date=day, ratings=[("Other", 9)] * 3, token=token
    )
    replaced = services.function_record(
        user=user, date=day, ratings=[("Running", 5)] + ratings[1:], token=uuid.uuid4()
    )

    assert [created.outcome, repeated.outcome, replaced.outcome] == [
        "created",
        "repeated",
        "replaced",
    ]
    assert created.score.pk == repeated.score.pk == replaced.score.pk
    assert list(
        FunctionRating.objects.filter(score__user=user).values_list(
            "activity", "ability"
        )
    ) == [("Running", 5), ("Stairs", 4), ("Socks", 6)]


def test_the_service_refuses_fewer_than_three_or_more_than_five(user):
    for count in (2, 6):
        with pytest.raises(ValueError, match="3 to 5"):
            services.function_record(
                user=user,
                date=datetime.date(2026, 1, 5),
                ratings=[(f"A{n}", 5) for n in range(count)],
            )
    assert not FunctionScore.objects.exists()


def test_today_is_the_persons_not_the_servers(user, plan, clock):
    assert timezone.now().date() == AUCKLAND_TODAY - DAY
    assert selectors.user_today(plan) == AUCKLAND_TODAY


def test_the_data_table_words_each_figure_as_the_templates_filter_did():
    """The table's figures are written in Python (function_chart.FunctionRow),
    as |floatformat:1 wrote them: every mean of 3 to 5 ratings and every
    change, half up, never "-0.0"."""
    from fractions import Fraction

    from django.template.defaultfilters import floatformat

    from journal.function_chart import _tenth

    values = {float(Fraction(n, 60)) for n in range(-600, 601)} | {
        n / 10 for n in range(-100, 101)
    }

    assert [v for v in values if _tenth(v) != floatformat(v, 1)] == []


def test_due_reads_the_persons_newest_score_only(user, today):
    """The newest of several scores counts (written out: issue 20), and
    another member's score does not."""
    plan = PlanFactory(user=user)
    function_score(user, today - 30 * DAY, [5, 5, 5])
    function_score(user, today - 3 * DAY, [5, 5, 5])
    function_score(user, today - 20 * DAY, [5, 5, 5])
    assert selectors.function_due(user, plan, today) is False

    other = UserFactory()
    function_score(other, today - DAY, [5, 5, 5])
    assert selectors.function_due(other, PlanFactory(user=other), today) is False
    assert selectors.function_due(user.pk, plan, today + 11 * DAY) is True
