"""The chart reads (grouped in the database) and the pure series and geometry."""

import datetime
import itertools

import pytest

from journal import cache as journal_cache
from journal import geometry, selectors, series
from journal.models import CheckIn
from journal.selectors import charts
from tests.factories import CheckInFactory, SessionFactory, UserFactory

# A Monday, so that week boundaries in the known series are easy to read.
MONDAY = datetime.date(2026, 6, 1)


def day(offset: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=offset)


# Pure series ------------------------------------------------------------------


def test_rolling_mean_is_the_mean_of_the_scores_in_the_7_days_ending_each_day():
    scores = {day(0): 2, day(1): 4, day(3): 6, day(9): 8}

    points = series.rolling_mean(scores, day(0), day(10))

    assert [point.day for point in points] == [day(n) for n in range(11)]
    assert [point.value for point in points] == [
        2, 4, None, 6, None, None, None, None, None, 8, None
    ]  # fmt: skip
    assert [point.mean for point in points] == [
        2.0, 3.0, 3.0, 4.0, 4.0, 4.0, 4.0, 5.0, 6.0, 7.0, 8.0
    ]  # fmt: skip


def test_rolling_mean_reads_the_days_before_the_start_and_breaks_on_empty_weeks():
    scores = {day(-6): 9, day(-7): 1, day(10): 3}

    points = series.rolling_mean(scores, day(0), day(10))

    # Day -6 is in the window of day 0 (days -6 to 0), day -7 is not.
    assert points[0].mean == 9.0
    assert [point.mean for point in points[1:10]] == [None] * 9
    assert points[10].mean == 3.0


def test_weekly_adherence_counts_each_week_against_the_target():
    counts = {day(0): 3, day(14): 1, day(21): 4}

    weeks = series.weekly_adherence(counts, day(0), day(28), target=3, end=day(30))

    assert [(week.week, week.count, week.met) for week in weeks] == [
        (day(0), 3, True),
        (day(7), 0, False),
        (day(14), 1, False),
        (day(21), 4, True),
        (day(28), 0, False),
    ]
    # The last week runs past the end date (still in progress).
    assert [week.partial for week in weeks] == [False, False, False, False, True]


@pytest.mark.parametrize(
    ("this_week", "weeks_ago", "sentence"),
    [
        (3.1, 4.6, "Average pain this week 3.1, down 1.5 from four weeks ago (4.6)."),
        # A change of less than 2 points or 30 % is about the same (Farrar).
        (
            5.0,
            4.25,
            "Average pain this week 5.0, about the same as four weeks ago (4.3).",
        ),
        (
            4.0,
            4.04,
            "Average pain this week 4.0, about the same as four weeks ago (4.0).",
        ),
        (6.0, 4.25, "Average pain this week 6.0, up 1.7 from four weeks ago (4.3)."),
        (
            1.5,
            2.0,
            "Average pain this week 1.5, about the same as four weeks ago (2.0).",
        ),
        (1.4, 2.0, "Average pain this week 1.4, down 0.6 from four weeks ago (2.0)."),
        (7.0, 5.0, "Average pain this week 7.0, up 2.0 from four weeks ago (5.0)."),
        (
            0.9,
            0.0,
            "Average pain this week 0.9, about the same as four weeks ago (0.0).",
        ),
        (2.0, 0.0, "Average pain this week 2.0, up 2.0 from four weeks ago (0.0)."),
        (
            3.0,
            None,
            "Average pain this week 3.0. There are no check-ins from four weeks "
            "ago to compare with yet.",
        ),
        (
            None,
            4.6,
            "No check-ins yet this week to compare with four weeks ago, when your "
            "average pain was 4.6.",
        ),
        (
            None,
            None,
            "No check-ins this week or four weeks ago yet, so there is nothing to "
            "compare.",
        ),
    ],
)
def test_pain_summary_sentence(this_week, weeks_ago, sentence):
    assert series.PainSummary(this_week, weeks_ago).sentence == sentence


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", ("4w", False)), (None, ("4w", False)), ("12w", ("12w", False)),
     ("1y", ("1y", False)), ("all", ("all", False)), ("5y", ("4w", True)),
     ("<b>", ("4w", True))],
)  # fmt: skip
def test_chart_range_falls_back_to_4_weeks(value, expected):
    chosen, fell_back = series.chart_range(value)

    assert (chosen.key, fell_back) == expected


@pytest.mark.parametrize(
    ("key", "weekly", "start"),
    [("4w", False, day(-21)), ("12w", False, day(-77)), ("1y", True, day(-357)),
     ("all", True, None)],
)  # fmt: skip
def test_range_start_is_a_monday_so_every_bar_is_a_whole_week(key, weekly, start):
    today = day(3)  # a Thursday

    assert series.range_start(series.RANGES[key], today) == start
    assert series.RANGES[key].weekly is weekly


# Geometry ---------------------------------------------------------------------


def test_frame_maps_slots_and_values_into_the_plot_area():
    frame = geometry.Frame()

    assert frame.x(0, 4) == 100.0  # 44 + 448 / 4 / 2
    assert frame.x(3, 4) == 436.0
    assert frame.y(0, 10) == 246.0
    assert frame.y(10, 10) == 44.0
    assert frame.y(5, 10) == 145.0


def test_pain_chart_draws_a_dot_per_score_and_the_mean_as_broken_lines():
    points = series.rolling_mean({day(0): 2, day(1): 4, day(10): 6}, day(0), day(13))

    chart = geometry.pain_chart(points, weekly=False, title="Pain trend, test")

    assert len(chart.dots) == 3
    # The pain chart's plot starts lower than the other's: its marks sit above.
    assert [(dot.x, dot.y) for dot in chart.dots] == [
        (60.0, 241.6),
        (92.0, 201.2),
        (380.0, 160.8),
    ]
    assert chart.lines == ["60.0,241.6 92.0,201.2 380.0,160.8"]
    # Days 0-7 have a mean, 8 and 9 none, then 10-13 again: two pieces.
    assert len(chart.mean_lines) == 2
    assert chart.mean_lines[0].split()[:2] == ["60.0,241.6", "92.0,221.4"]
    assert [tick.label for tick in chart.y_ticks] == ["0", "2", "4", "6", "8", "10"]
    assert [tick.label for tick in chart.x_ticks] == ["1 Jun", "8 Jun"]
    assert [row.day for row in chart.rows] == [day(0), day(1), day(10)]
    assert "3 check-ins; lowest 2.0, highest 6.0." in chart.description
    assert "from 1 June 2026 to 14 June 2026" in chart.description


def test_weekly_pain_chart_says_what_a_point_is():
    averages = {day(0): (3.5, 2), day(14): (6.0, 1)}
    points = series.weekly_points(averages, day(0), day(21))

    chart = geometry.pain_chart(points, weekly=True, title="Pain trend, test")

    assert [point.value for point in points] == [3.5, None, 6.0, None]
    assert len(chart.dots) == 2
    assert chart.mean_lines == []
    assert chart.description.startswith(
        "Each point is the average pain score, from 0 (no pain) to 10, of the "
        "check-ins in one week, Monday to Sunday, from 1 June 2026 to 28 June 2026."
    )


def test_adherence_chart_draws_a_bar_per_week_with_the_target_line():
    weeks = series.weekly_adherence(
        {day(0): 3, day(7): 1, day(21): 5}, day(0), day(21), target=3
    )

    chart = geometry.adherence_chart(weeks, target=3, title="Sessions per week, test")

    assert chart.maximum == 5
    assert [bar.week.count for bar in chart.bars] == [3, 1, 0, 5]
    assert [bar.height for bar in chart.bars] == [121.2, 40.4, 0.0, 202.0]
    assert [bar.centre for bar in chart.bars] == [100.0, 212.0, 324.0, 436.0]
    assert chart.bars[3].y == 44.0
    assert chart.target_y == 124.8
    assert chart.show_counts
    assert [tick.label for tick in chart.y_ticks] == ["0", "1", "2", "3", "4", "5"]
    assert "The target was met in 2 of 4 weeks." in chart.description


def test_adherence_chart_leaves_counts_to_the_table_when_bars_are_too_thin():
    first = day(0)
    last = day(7 * 99)
    weeks = series.weekly_adherence({}, first, last, target=2)

    chart = geometry.adherence_chart(weeks, target=2, title="Sessions per week, test")

    assert len(chart.bars) == 100
    assert not chart.show_counts
    assert "the table below lists them" in chart.description
    assert len(chart.x_ticks) <= geometry.MAX_DATE_LABELS
    # June's label, at the axis, would run into the value labels and the next
    # date on a phone: the first label is September's.
    assert chart.x_ticks[0].label == "Sep 2026"


# Reads ------------------------------------------------------------------------


@pytest.mark.django_db
def test_pain_and_sessions_are_grouped_per_week_in_the_database(
    user, django_assert_num_queries
):
    for offset, pain in [(0, 2), (1, 5), (6, 8), (7, 3), (20, 6)]:
        # Day 1 reported a warning sign: its week counts one (issue 19).
        CheckInFactory(
            user=user, date=day(offset), pain_score=pain, night_pain=offset == 1
        )
    for offset in [0, 2, 2, 13, 20]:
        SessionFactory(user=user, date=day(offset))
    CheckInFactory(date=day(2), pain_score=10)  # someone else's
    SessionFactory(date=day(2))

    with django_assert_num_queries(1) as pain_query:
        pain = selectors.pain_by_week(user, day(0), day(20))
    with django_assert_num_queries(1) as sessions_query:
        sessions = selectors.sessions_by_week(user, None, day(13))

    for captured in (pain_query, sessions_query):
        assert "GROUP BY" in captured.captured_queries[0]["sql"]

    assert pain == {day(0): (5.0, 3, 1), day(7): (3.0, 1, 0), day(14): (6.0, 1, 0)}
    assert sessions == {day(0): 3, day(7): 1}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offsets", "expected"),
    [
        ([], 0),
        ([20], 1),
        ([20, 19, 18], 3),
        ([19, 18, 17], 3),  # none today yet: the streak ends yesterday
        ([20, 19, 17, 16], 2),  # a gap two days ago ends it
        ([18, 17, 16], 0),  # nothing today or yesterday
        ([19, 17], 1),
        # A check-in dated after today (the zone moved west) starts the run.
        ([22, 21, 20, 19], 4),
        ([21, 20, 18], 2),
        # A long run: the database counts it, without reading it.
        (list(range(20, -380, -1)), 400),
        ([*range(20, 10, -1), *range(9, -300, -1)], 10),
    ],
)
def test_check_in_streak_in_one_query(
    user, django_assert_num_queries, offsets, expected
):
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=day(offset), pain_score=3) for offset in offsets
    )
    CheckInFactory(date=day(20))  # someone else's today does not count
    CheckInFactory(date=day(21 if offsets else 19))  # nor their yesterday

    with django_assert_num_queries(1):
        assert selectors.check_in_streak(user, day(20)) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "expected", "queries"),
    [
        # Today's check-in extends the run: the hint holds.
        (lambda user: CheckInFactory(user=user, date=day(20)), 31, 1),
        # Nothing changed.
        (lambda user: None, 30, 1),
        # A day inside the run deleted: the run starts after it now.
        (
            lambda user: CheckIn.objects.filter(user=user, date=day(10)).delete(),
            9,
            2,
        ),
        # A day before the run filled in: the run starts earlier.
        (lambda user: CheckInFactory(user=user, date=day(-11)), 33, 2),
        # The run's first day deleted.
        (
            lambda user: CheckIn.objects.filter(user=user, date=day(-10)).delete(),
            29,
            2,
        ),
        # Every check-in deleted.
        (lambda user: CheckIn.objects.filter(user=user).delete(), 0, 2),
    ],
)
def test_the_streak_checks_its_kept_start_before_trusting_it(
    user, django_assert_num_queries, change, expected, queries
):
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=day(offset), pain_score=3)
        for offset in [*range(19, -11, -1), -12, -13]
    )
    assert selectors.check_in_streak(user, day(20)) == 30

    change(user)

    with django_assert_num_queries(queries):
        assert selectors.check_in_streak(user, day(20)) == expected
    # Worked out afresh, without the hint: the same.
    charts.run_start_forget(user.pk)
    assert selectors.check_in_streak(user, day(20)) == expected


@pytest.mark.django_db
def test_forgetting_a_user_drops_their_runs_start(user):
    CheckInFactory(user=user, date=day(20))
    selectors.check_in_streak(user, day(20))
    assert user.pk in charts._run_starts

    journal_cache.forget(user.pk)

    assert user.pk not in charts._run_starts


@pytest.mark.django_db
def test_pain_summary_compares_this_week_with_the_same_week_four_weeks_ago(
    user, django_assert_num_queries
):
    today = day(30)  # a Wednesday: this week is day 28 to day 30
    for offset, pain in [
        (28, 2),
        (30, 4),
        (0, 5),  # four weeks before this week's Monday
        (6, 6),  # its Sunday
        (7, 10),  # three weeks ago: not compared
        (27, 10),  # last Sunday: not this week
    ]:
        CheckInFactory(user=user, date=day(offset), pain_score=pain)
    CheckInFactory(user=UserFactory(), date=day(29), pain_score=10)

    with django_assert_num_queries(1):
        summary = selectors.pain_summary(user, today)

    assert summary == series.PainSummary(3.0, 5.5)
    assert summary.sentence == (
        "Average pain this week 3.0, down 2.5 from four weeks ago (5.5)."
    )


@pytest.mark.django_db
def test_week_start_in_the_database_is_the_monday_of_every_day(user):
    """WeekStart (SQLite's own date arithmetic there) agrees with week_start."""
    from journal.selectors import WeekStart
    from journal.series import week_start

    first = datetime.date(2024, 2, 19)  # across a leap day and a year's end
    days = [first + datetime.timedelta(days=n) for n in range(14)] + [
        datetime.date(2024, 12, 29) + datetime.timedelta(days=n) for n in range(9)
    ]
    CheckIn.objects.bulk_create(
        CheckIn(user=user, date=day, pain_score=1) for day in days
    )

    found = dict(
        CheckIn.objects.filter(user=user)
        .annotate(week=WeekStart("date"))
        .values_list("date", "week")
    )

    assert found == {day: week_start(day) for day in days}


DESKTOP_LABEL_SIZE = 13  # journal.css: .chart-svg's font-size on a wide screen


def _label_boxes(chart, size: float, *, phone: bool):
    """(left, top, right, bottom) of the "0" value label and of each date label
    drawn at `size`, as the SVG places them."""
    frame = chart.frame
    zero = next(tick for tick in chart.y_ticks if tick.label == "0")
    zero_width = geometry.text_width(zero.label, size)
    value_box = (
        frame.value_label_x - zero_width,
        zero.text_baseline - geometry.TEXT_ASCENT * size,
        frame.value_label_x,
        zero.text_baseline,  # digits have no descender
    )
    date_boxes = []
    for tick in chart.x_ticks:
        if phone and tick.minor:
            continue
        width = geometry.text_width(tick.label, size)
        left = tick.at if tick.anchor == "start" else tick.at - width / 2
        top = frame.date_label_y - geometry.TEXT_ASCENT * size
        date_boxes.append((left, top, left + width, frame.date_label_y + size / 4))
    return value_box, date_boxes


def _overlap(a, b, gap: float) -> bool:
    """Whether two boxes come closer than `gap`: labels that touch read as one."""
    return (
        a[0] - gap < b[2]
        and b[0] - gap < a[2]
        and a[1] - gap < b[3]
        and b[1] - gap < a[3]
    )


@pytest.mark.parametrize(
    ("days", "weekly"),
    [(28, False), (13, False), (84, False), (182, True), (365, True), (1826, True)],
)
@pytest.mark.parametrize(
    ("size", "phone"), [(geometry.FRAME.label_size, True), (DESKTOP_LABEL_SIZE, False)]
)
def test_axis_labels_never_overlap_on_a_phone_or_a_wide_screen(
    days, weekly, size, phone
):
    """Issue 12, case 11: on a phone the pain chart's "0" and its first date
    label were drawn over each other."""
    end = datetime.date(2026, 12, 2)
    if weekly:
        points = series.weekly_points(
            {},
            series.week_start(end - datetime.timedelta(days)),
            series.week_start(end),
        )
    else:
        points = series.rolling_mean({}, end - datetime.timedelta(days - 1), end)
    chart = geometry.pain_chart(points, weekly=weekly, title="Pain trend")

    value_box, date_boxes = _label_boxes(chart, size, phone=phone)
    # The axis title under the dates ("Week starting", the longest), at the
    # same size as the labels on a phone.
    frame = chart.frame
    title_box = (
        frame.left,
        frame.axis_title_y - geometry.TEXT_ASCENT * size,
        frame.left + geometry.text_width("Week starting", size),
        frame.axis_title_y + size / 4,
    )

    assert date_boxes
    gap = 0.15 * size
    for box in date_boxes:
        assert not _overlap(value_box, box, gap), (value_box, box)
        assert not _overlap(title_box, box, gap), (title_box, box)
        assert box[0] >= 0 and box[2] <= chart.frame.width
    for left, right in itertools.pairwise(date_boxes):
        assert left[2] < right[0], (left, right)


@pytest.mark.parametrize(
    ("scores", "weekly", "words"),
    [
        ({0: 3}, False, "1 check-in;"),
        ({0: 3, 1: 4}, False, "2 check-ins;"),
        ({0: 3}, True, "1 week with check-ins;"),
    ],
)
def test_chart_descriptions_use_plurals(scores, weekly, words):
    points = (
        series.weekly_points({day(0): (3.0, 1)}, day(0), day(7))
        if weekly
        else series.rolling_mean({day(n): s for n, s in scores.items()}, day(0), day(6))
    )

    chart = geometry.pain_chart(points, weekly=weekly, title="Pain trend, test")

    assert words in chart.description


def test_adherence_description_says_one_week():
    weeks = series.weekly_adherence({day(0): 3}, day(0), day(0), target=3)

    chart = geometry.adherence_chart(weeks, target=3, title="Sessions per week, test")

    assert "The target was met in 1 of 1 week." in chart.description
