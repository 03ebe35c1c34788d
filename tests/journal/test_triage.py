import datetime
import math
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from journal import selectors, triage
from journal.models import CheckIn
from journal.selectors import alerts
from tests.factories import CheckInFactory
from tests.journal.test_dashboard import today_for

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


# The rule, on plain values (journal.triage) -------------------------------------

MONDAY = datetime.date(2026, 6, 1)


def on(offset: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=offset)


def days(scores: dict[int, int], **signs: tuple[str, ...]) -> list[triage.Day]:
    """Check-ins at day offsets from MONDAY; `signs` by offset name, e.g.
    d3=("numbness or tingling",)."""
    return [
        triage.Day(on(offset), score, signs.get(f"d{offset}", ()))
        for offset, score in scores.items()
    ]


def alerted(found: list[triage.Alert]) -> dict[int, set[triage.Kind]]:
    return {(alert.date - MONDAY).days: alert.kinds for alert in found}


WARN, SEVERE, PERSIST = (
    triage.Kind.WARNING_SIGN,
    triage.Kind.SEVERE_PAIN,
    triage.Kind.PERSISTENT_PAIN,
)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({0: 7, 1: 7, 2: 7}, {2: {PERSIST}}),
        ({0: 7, 1: 7, 2: 7, 3: 9}, {2: {PERSIST}, 3: {PERSIST, SEVERE}}),
        ({0: 7, 1: 7}, {}),  # two days only
        ({0: 7, 1: 6, 2: 7}, {}),  # broken by a lower score
        ({0: 7, 2: 7, 3: 7}, {}),  # broken by a day without a check-in
        ({0: 8}, {0: {SEVERE}}),
        ({0: 10, 1: 2}, {0: {SEVERE}}),
        ({0: 6, 1: 6, 2: 6}, {}),
    ],
)
def test_which_days_alert(scores, expected):
    assert alerted(triage.alerts(days(scores), start=on(0))) == expected


def test_a_warning_sign_alerts_whatever_the_score():
    found = triage.alerts(days({0: 0}, d0=("numbness or tingling",)), start=on(0))

    assert alerted(found) == {0: {WARN}}
    (reason,) = found[0].reasons
    assert reason.sentence == "You reported: numbness or tingling."
    assert reason.note == "Reported numbness or tingling."


def test_each_reason_in_the_persons_words_and_the_reports():
    found = triage.alerts(days({0: 7, 1: 7, 2: 7, 3: 7, 4: 9}), start=on(4))

    (alert,) = found
    assert [reason.sentence for reason in alert.reasons] == [
        "Your pain score was 9 out of 10.",
        "Your pain has been 7 or more for 3 days in a row.",
    ]
    assert [reason.note for reason in alert.reasons] == [
        "Pain 9 out of 10.",
        "Pain 7 or more on 5 days in a row.",
    ]


def test_only_the_days_asked_for_are_judged_but_earlier_days_count():
    scores = {-2: 7, -1: 7, 0: 7, 1: 7, 5: 9}

    assert alerted(triage.alerts(days(scores), start=on(0), end=on(1))) == {
        0: {PERSIST},
        1: {PERSIST},
    }
    # No end: a check-in dated after the user's today is judged like any other.
    assert alerted(triage.alerts(days(scores), start=on(0)))[5] == {SEVERE}


def test_report_events_find_signs_severe_pain_and_runs_of_persistent_pain():
    found = triage.alerts(
        days(
            {-2: 7, -1: 7, 0: 7, 1: 2, 3: 9, 4: 7, 6: 8, 7: 7, 8: 7, 9: 7},
            d1=("numbness or tingling",),
        ),
        start=on(0),
        end=on(8),
    )

    events = triage.events(found)

    assert [(event.start, event.end, event.description) for event in events] == [
        (on(-2), on(0), "Pain 7 or more on 3 days in a row."),
        (on(1), on(1), "Reported numbness or tingling."),
        (on(3), on(3), "Pain 9 out of 10."),
        (on(6), on(6), "Pain 8 out of 10."),
        (on(6), on(8), "Pain 7 or more on 3 days in a row."),
    ]


def test_a_run_wholly_before_the_range_is_not_an_event():
    found = triage.alerts(days({-4: 7, -3: 7, -2: 7, 0: 3}), start=on(-1), end=on(0))

    assert triage.events(found) == []


def test_signs_and_severe_pain_of_one_day_are_one_event():
    found = triage.alerts(
        days({0: 9}, d0=("loss of function", "sudden onset")), start=on(0)
    )

    (event,) = triage.events(found)
    assert (
        event.description
        == "Reported loss of function; sudden onset. Pain 9 out of 10."
    )


@pytest.mark.parametrize(
    ("scores", "kept"),
    [
        # Nothing before the start is needed while the start is not in a run.
        ({3: 2, 2: 9, 1: 8, 0: 2, -1: 7, -2: 7}, [3, 2, 1, 0]),
        # A run reaching the start is read back to its first day.
        ({1: 1, 0: 7, -1: 7, -2: 8, -3: 7, -4: 2, -5: 7}, [1, 0, -1, -2, -3]),
        # A day without a check-in ends it.
        ({0: 7, -1: 7, -3: 7}, [0, -1]),
        # No check-in on the start: nothing before it is needed.
        ({1: 7, -1: 7, -2: 7}, [1]),
    ],
)
def test_needed_reads_back_only_the_run_reaching_the_start(scores, kept):
    read = []

    def newest_first():
        for day in sorted(days(scores), key=lambda day: day.date, reverse=True):
            read.append(day)
            yield day

    found = triage.needed(newest_first(), on(0))

    assert [(day.date - MONDAY).days for day in found] == kept
    assert len(read) <= len(kept) + 1  # it stops at the first it does not need


@pytest.mark.parametrize(
    ("scores", "rise"),
    [
        ({0: 3, 1: 5}, 2),
        ({-1: 3, 1: 6}, 3),  # no check-in on the session's day: the day before
        ({-1: 1, 0: 3, 1: 4}, 1),  # the session's day wins over the day before
        ({0: 5, 1: 2}, -3),
        ({0: 3}, None),  # no next day yet
        ({1: 3}, None),  # nothing to compare with
        ({-2: 3, 1: 6}, None),  # two days before does not count
    ],
)
def test_next_day_rise(scores, rise):
    assert triage.next_day_rise(on(0), {on(n): s for n, s in scores.items()}) == rise
    assert set(triage.rise_days(on(0))) == {on(-1), on(0), on(1)}


# Every page applies the same rule -------------------------------------------------


@pytest.mark.parametrize(
    "scores",
    [
        {-9: 7, -8: 7, -7: 7, -6: 7, -5: 2},  # a run crossing the window's start
        {-8: 7, -7: 7, -6: 7},  # a run ending on the window's first day
        {-2: 7, -1: 7, 0: 7},
        {-3: 7, -2: 7, 0: 7, 1: 7},  # a day missing inside
        {-4: 8, -1: 6, 0: 9},
    ],
)
def test_the_check_in_page_dashboard_and_report_alert_on_the_same_days(user, scores):
    """The check-in page judges each check-in, the dashboard and the advice
    the last seven days, the report its dates: on the days they share, they
    agree."""
    today = day(0)
    entries = {
        today + datetime.timedelta(days=offset): CheckInFactory(
            user=user, date=today + datetime.timedelta(days=offset), pain_score=score
        )
        for offset, score in scores.items()
    }
    window = triage.recent_start(today)

    page = {date for date, entry in entries.items() if selectors.triage_check_in(entry)}
    dashboard = {item.check_in.date for item in selectors.triage_recent(user, today)}
    advice = {item.check_in.date for item in selectors.advice(user, None, today).triage}
    report = selectors.report(user, start=window, end=today, target=3)

    assert dashboard == advice == {date for date in page if date >= window}
    assert report_days(report.events, window) == dashboard


def report_days(events, start: datetime.date) -> set[datetime.date]:
    """The days from `start` the report's events mark as calling for the advice:
    a run marks its days from the third on."""
    found = set()
    for event in events:
        for reason in event.reasons:
            if reason.kind is triage.Kind.PERSISTENT_PAIN:
                first = reason.run_start + (triage.PERSISTENT_DAYS - 1) * triage.DAY
                found |= {
                    first + n * triage.DAY for n in range((event.end - first).days + 1)
                }
            else:
                found.add(event.start)
    return {date for date in found if date >= start}


def test_a_run_crossing_the_reports_start_is_reported_whole(user_client, user):
    """A rule applied inconsistently, now the same everywhere: the report read
    only two days before its dates, so a run of pain 7 or more that began
    earlier showed as starting two days before them, shorter than it was."""
    today = today_for(user)
    start = today - datetime.timedelta(days=6)
    for offset in range(-5, 2):  # seven days, from five days before the start
        CheckInFactory(
            user=user, date=start + datetime.timedelta(days=offset), pain_score=7
        )
    # After a day without a check-in: not part of the run.
    CheckInFactory(user=user, date=start - datetime.timedelta(days=7), pain_score=7)

    html = user_client.get(
        reverse("journal:report"),
        {"start": start.isoformat(), "end": today.isoformat()},
    ).content.decode()

    first, last = start - datetime.timedelta(days=5), start + datetime.timedelta(days=1)
    assert (
        f"{first:%a %-d %b %Y} to {last:%a %-d %b %Y}</strong>: "
        "Pain 7 or more on 7 days in a row."
    ) in html


@pytest.mark.parametrize("run_days", [10, 40])
def test_a_run_is_read_back_to_its_first_day_a_page_at_a_time(
    user, django_assert_num_queries, run_days
):
    """One query while the run fits in the first page of rows, one more for
    each page beyond (never the whole journal: newest_first stops there)."""
    page = alerts.page_size(triage.RECENT_DAYS + 2)
    # The run's days and the one that ends it, a page at a time.
    queries = math.ceil((run_days + 1) / page)
    today = day(0)
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=today - datetime.timedelta(days=back), pain_score=7)
        for back in range(run_days)
    )
    CheckInFactory(
        user=user, date=today - datetime.timedelta(days=run_days), pain_score=2
    )
    CheckIn.objects.bulk_create(  # years before it, never read
        CheckIn(user=user, date=today - datetime.timedelta(days=back), pain_score=7)
        for back in range(run_days + 2, run_days + 400)
    )

    with django_assert_num_queries(queries):
        found = selectors.triage_recent(user, today)

    (reason,) = found[0].alert.reasons
    assert reason.run_start == today - datetime.timedelta(days=run_days - 1)
    assert reason.run_days == run_days


# The important change (Farrar et al. 2001) -----------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (6, 4, True),  # 2 points
        (6, 4.5, False),  # 1.5 points, 25 %
        (3, 2.1, True),  # 0.9 points, 30 %
        (3, 2.2, False),  # 0.8 points, 27 %
        (4, 6, True),  # a rise counts as much as a fall
        (0, 1, False),  # 30 % of nothing is nothing: only points count
        (0, 2, True),
        (5, 5, False),
    ],
)
def test_important_change_is_two_points_or_thirty_percent(before, after, expected):
    assert triage.important_change(before, after) is expected


def test_improved_is_an_important_fall_only():
    assert triage.improved(6, 4)
    assert not triage.improved(4, 6)
    assert not triage.improved(6, 5)
