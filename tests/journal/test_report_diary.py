"""Issue 19: the report names the person as they choose, and carries the
diary (side, triggers, medication), the session notes and the function score
(PSFS); a Print / Save as PDF button and a way to the share links."""

import datetime
import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from journal import selectors, services
from journal.models import CheckIn, Plan, Trigger
from tests.factories import CheckInFactory, PlanFactory, SessionFactory
from tests.html import assert_accessible_page
from tests.journal.test_dashboard import section, table_rows, today_for

pytestmark = pytest.mark.django_db

REPORT = reverse("journal:report")
IDENTITY = reverse("journal:report-identity")
DAY = datetime.timedelta(days=1)
PSFS_ACTIVITIES = ("Climbing stairs", "Running", "Putting on socks")


def fill_diary(user, today: datetime.date, days: int) -> None:
    """To a journal filled by fill_history: a trigger on every check-in, and a
    function score every two weeks of the `days` up to today."""
    trigger = Trigger.objects.get(slug="long-sitting")
    Through = CheckIn.triggers.through
    Through.objects.bulk_create(
        Through(checkin_id=pk, trigger_id=trigger.pk)
        for pk in CheckIn.objects.filter(user=user).values_list("pk", flat=True)
    )
    for back in range(0, days, 14):
        services.function_record(
            user=user,
            date=today - back * DAY,
            ratings=[(name, 3 + back % 5) for name in PSFS_ACTIVITIES],
        )


def identity_line(html: str) -> str:
    return re.search(r"<dt>Person</dt><dd>(.*?)</dd>", html, re.S).group(1)


@pytest.mark.parametrize(
    ("name", "shows_email", "expected"),
    [
        ("", False, "Name not given"),
        ("", True, "Name not given ({email})"),
        ("Sam Lee", False, "Sam Lee"),
        ("Sam Lee", True, "Sam Lee ({email})"),
    ],
)
def test_the_report_names_the_person_as_they_chose(
    user_client, user, name, shows_email, expected
):
    PlanFactory(user=user, report_name=name, report_shows_email=shows_email)

    html = user_client.get(REPORT).content.decode()

    assert identity_line(html) == expected.format(email=user.email)
    if not shows_email:
        assert user.email not in section(html, "report-for-title")


def test_the_name_form_saves_and_returns_to_the_same_dates(user_client, user):
    PlanFactory(user=user)
    today = today_for(user)
    start = today - 10 * DAY

    response = user_client.post(
        IDENTITY,
        {
            "report_name": "  Sam <b>Lee</b> ",
            "report_shows_email": "on",
            "start": start.isoformat(),
            "end": today.isoformat(),
        },
    )

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == (
        f"{REPORT}?start={start.isoformat()}&end={today.isoformat()}"
    )
    plan = Plan.objects.get(user=user)
    assert (plan.report_name, plan.report_shows_email) == ("Sam <b>Lee</b>", True)
    html = user_client.get(response["Location"]).content.decode()
    assert identity_line(html) == f"Sam &lt;b&gt;Lee&lt;/b&gt; ({user.email})"
    assert "The name on your report is saved." in html


def test_the_name_form_without_dates_returns_to_the_default_report(user_client, user):
    response = user_client.post(IDENTITY, {"report_name": "Sam"})

    assert response["Location"] == REPORT
    plan = Plan.objects.get(user=user)
    assert (plan.report_name, plan.report_shows_email) == ("Sam", False)


def test_a_name_too_long_is_said_next_to_the_field(user_client, user):
    PlanFactory(user=user, report_name="Sam")
    today = today_for(user)

    response = user_client.post(
        IDENTITY,
        {
            "report_name": "x" * 81,
            "start": (today - 3 * DAY).isoformat(),
            "end": today.isoformat(),
        },
    )

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    field = re.search(
        r'<label for="id_report_name".*?<input [^>]*name="report_name"[^>]*>',
        html,
        re.S,
    ).group(0)
    assert "Keep the name to 80 characters or fewer" in field
    assert 'aria-invalid="true"' in field
    assert '<details class="report-identity no-print" open>' in html
    # The report is still the one of the form's dates, and nothing was saved.
    assert f"{today - 3 * DAY:%A %-d %B %Y} to {today:%A %-d %B %Y}" in html
    assert Plan.objects.get(user=user).report_name == "Sam"
    assert_accessible_page(html)


def test_the_name_form_asks_a_visitor_to_log_in(client):
    response = client.post(IDENTITY, {"report_name": "Sam"})

    assert response["Location"] == f"{reverse('account_login')}?next={IDENTITY}"


def test_the_name_form_takes_only_posts(user_client):
    response = user_client.get(IDENTITY)

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "POST"


def test_check_ins_show_side_triggers_and_medication(user_client, user):
    today = today_for(user)
    check_in = CheckInFactory(
        user=user,
        date=today - DAY,
        pain_score=5,
        side="left",
        trigger_other="<i>gardening</i>",
        medication="Ibuprofen 400 mg & ice",
    )
    check_in.triggers.set(Trigger.objects.filter(slug__in=["running", "long-sitting"]))
    CheckInFactory(user=user, date=today, pain_score=2, side="both")

    html = user_client.get(REPORT).content.decode()

    start = today - 27 * DAY
    caption = f"Check-ins from {start:%-d %b %Y} to {today:%-d %b %Y}, oldest first"
    assert table_rows(html, caption) == [
        f"{today - DAY:%a %-d %b %Y} 5 Left hip Long sitting; Running; other: "
        "&lt;i&gt;gardening&lt;/i&gt; Ibuprofen 400 mg &amp; ice none reported "
        "no notes",
        f"{today:%a %-d %b %Y} 2 Both hips none given none given none reported "
        "no notes",
    ]
    assert_accessible_page(html)


def test_session_notes_are_in_the_report(user_client, user):
    today = today_for(user)
    SessionFactory(user=user, date=today, notes="Bridge felt easier\nno twinge")

    html = user_client.get(REPORT).content.decode()

    assert "Bridge felt easier<br>no twinge" in section(html, "sessions-title")


def test_the_function_score_shows_mean_activities_and_real_changes(user_client, user):
    today = today_for(user)
    first = today - 60 * DAY  # before the report's 28 days
    services.function_record(
        user=user, date=first, ratings=[("Stairs", 2), ("Running", 1), ("Socks", 6)]
    )
    services.function_record(
        user=user,
        date=today - 20 * DAY,
        ratings=[("Stairs", 3), ("Running", 2), ("Socks", 6)],
    )
    services.function_record(
        user=user,
        date=today - 6 * DAY,
        ratings=[("stairs", 6), ("Running", 3), ("Socks", 5), ("Sitting", 4)],
    )

    html = user_client.get(REPORT).content.decode()

    function = section(html, "function-title")
    start = today - 27 * DAY
    caption = (
        f"Function scores from {start:%-d %b %Y} to {today:%-d %b %Y}, oldest first"
    )
    rows = table_rows(function, caption)
    assert rows == [
        # The baseline, before the dates, named so that a clinician can check
        # the change (a newcomer could not).
        f"{today - 20 * DAY:%a %-d %b %Y} 3.7 Up 0.7 since the first score: less "
        "than 2 points, within the scale&#x27;s own error. (first score of these "
        f"activities: {first:%a %-d %b %Y}, 3.0) Stairs: 3 (up 1) Running: 2 "
        "(up 1) Socks: 6 (no change)",
        # A fourth activity: a new starting point for the mean; each activity
        # rated before is still compared on its own.
        f"{today - 6 * DAY:%a %-d %b %Y} 4.5 New activities: the first score with "
        "these, a new starting point for the score (a mean of other activities is "
        "not compared). An activity rated before is still compared on its own. "
        "stairs: 6 (up 4, a real change) Running: 3 (up 2) Socks: 5 (down 1) "
        "Sitting: 4",
    ]
    # The first score, before the dates, is named as the baseline, not a row.
    assert function.count(first.strftime("%-d %b %Y")) == 1
    assert_accessible_page(html)


def test_a_real_change_in_the_mean_is_said_in_words(user_client, user):
    today = today_for(user)
    services.function_record(
        user=user, date=today - 14 * DAY, ratings=[("A", 6), ("B", 6), ("C", 6)]
    )
    services.function_record(
        user=user, date=today, ratings=[("A", 3), ("B", 4), ("C", 5)]
    )

    function = section(user_client.get(REPORT).content.decode(), "function-title")

    assert (
        '<strong><span aria-hidden="true">◆</span> Down 2.0 since the first score: '
        "a real change (worse), at least the 2 points the scale can detect.</strong>"
    ) in function
    assert "A: 3 (down 3, a real change)" in function


def test_no_function_score_says_so(user_client, user):
    function = section(user_client.get(REPORT).content.decode(), "function-title")

    assert "No function score in these dates." in function
    assert "<table" not in function


def test_the_report_function_scores_are_the_selectors(user):
    today = today_for(user)
    services.function_record(
        user=user, date=today - 40 * DAY, ratings=[("A", 1), ("B", 1), ("C", 1)]
    )
    services.function_record(
        user=user, date=today, ratings=[("A", 4), ("B", 4), ("C", 4)]
    )

    report = selectors.report(user, start=today - 7 * DAY, end=today, target=3)

    assert [(point.date, point.mean, point.change) for point in report.function] == [
        (today, 4.0, 3.0)
    ]


def test_a_print_button_shown_by_a_static_script(user_client):
    html = user_client.get(REPORT).content.decode()

    button = re.search(r"<button [^>]*data-print[^>]*>(.*?)</button>", html).group(0)
    # Hidden until the script runs: without it the hint says how to print.
    assert " hidden" in button and "Print / Save as PDF" in button
    assert "use your browser’s print command" in html
    assert '<script src="/static/journal/js/report.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    script = Path(finders.find("journal/js/report.js")).read_text(encoding="utf-8")
    assert "window.print()" in script
    assert "button.hidden = false" in script


def test_the_report_links_to_share_links_for_its_dates(user_client, user):
    html = user_client.get(
        REPORT, {"start": "2025-01-01", "end": "2025-02-01"}
    ).content.decode()

    share = reverse("journal:share-list")
    assert f'<a href="{share}?start=2025-01-01&amp;end=2025-02-01">' in html


def test_no_share_link_while_the_dates_are_wrong(user_client):
    html = user_client.get(REPORT, {"start": "nope", "end": "2025-02-01"}).content
    html = html.decode()

    assert reverse("journal:share-list") not in html
    assert "data-print" not in html
