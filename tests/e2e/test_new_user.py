"""Journey 1: a new user signs up, confirms their email, logs in, reads an
exercise, runs a guided session, checks in for a week, and finds it all on the
dashboard and in the CSV export."""

import csv
import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from exercises.models import Exercise, Routine
from journal.models import CheckIn, Session
from tests.factories import DEFAULT_PASSWORD

from .browser import CheckedPage

EMAIL = "new.walker@example.com"
ROUTINE = "iliopsoas-relief"
# The routine's three exercises in order (see exercises/content.py): a 20 s
# stretch hold and two 10-rep exercises holding each rep 3 s, 2 sets each side,
# 30 s rest.
STRETCH, BIRD_DOG, BRIDGE = (
    "hip-flexor-stretch",
    "bird-dog",
    "glute-bridge-with-hip-extension",
)
# Check-ins from six days ago to today. Distinct, so that every dot and table
# row traces back to its day; no score of 0 (its label is "0 – no pain") and
# only one of 7, so that no warning about persistent pain joins the dashboard.
SCORES = [6, 4, 7, 3, 2, 5, 1]
NOTE = "Stiff after a long drive."
SESSION_PAIN = 2
# The player starts counting at the first press and keeps the duration in the
# form up to date; the user then waits this long before sending it.
PAUSE_BEFORE_FINISHING = datetime.timedelta(minutes=10)


def row_date(day: datetime.date) -> str:
    """A date as the dashboard's tables write it: "Thu 26 Nov 2026"."""
    return f"{day:%a} {day.day} {day:%b %Y}"


def one_decimal(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def assert_error_next_to(page: Page, field: Locator, message: str) -> None:
    """The field names its error message through aria-describedby, and that
    message is one of the form's error lists."""
    described_by = field.get_attribute("aria-describedby") or ""
    errors = [
        page.locator(f"[id='{id_}']")
        for id_ in described_by.split()
        if id_.endswith("_error")
    ]
    assert len(errors) == 1, f"no error linked to the field: {described_by!r}"
    expect(errors[0]).to_have_class("errorlist")
    expect(errors[0]).to_have_text(message)


def sign_up_and_confirm(web: CheckedPage, mailoutbox) -> None:
    page = web.page
    web.goto(reverse("account_signup"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password:", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_label("Password (again)").fill(DEFAULT_PASSWORD)
    page.get_by_label("I agree to psoasapp storing").check()
    web.click(page.get_by_role("button", name="Sign Up"))
    assert page.url == web.url(reverse("account_email_verification_sent"))

    # The live server runs in this process, so its locmem outbox is ours.
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [EMAIL]
    prefix = reverse("account_confirm_email", args=["key"]).removesuffix("key/")
    links = re.findall(rf"https?://\S+{re.escape(prefix)}\S+", message.body)
    assert len(links) == 1, message.body
    web.goto(urlsplit(links[0]).path)
    assert not EmailAddress.objects.get(email=EMAIL).verified
    # allauth confirms on POST only: opening the link alone changes nothing.
    web.click(page.get_by_role("button", name="Confirm"))
    assert EmailAddress.objects.get(email=EMAIL).verified


def log_in_through_the_form(web: CheckedPage) -> None:
    page = web.page
    # Confirming in the browser that signed up logs in at once
    # (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION): log out, so that the login form
    # is the way back in.
    log_out = page.get_by_role("button", name="Log out")
    expect(log_out).to_be_visible()
    web.click(log_out)
    expect(log_out).to_have_count(0)

    web.goto(reverse("account_login"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password:", exact=True).fill(DEFAULT_PASSWORD)
    web.click(page.get_by_role("button", name="Log in"))
    expect(
        page.get_by_role("link", name=f"Account settings for {EMAIL}")
    ).to_be_visible()


def read_an_exercise(web: CheckedPage) -> None:
    page = web.page
    exercise = Exercise.objects.get(slug=STRETCH)
    web.goto(reverse("exercises:exercise-list"))
    web.click(page.get_by_role("link", name=exercise.title, exact=True))
    assert page.url == web.url(exercise.get_absolute_url())
    steps = page.get_by_role("region", name="Steps").get_by_role("listitem")
    expected = list(exercise.steps.all())
    assert expected
    expect(steps).to_have_count(len(expected))
    for item, step in zip(steps.all(), expected, strict=True):
        expect(item).to_contain_text(step.text)


def hold(page: Page, player: Locator, side: str) -> None:
    """One full 20 s hold, started by itself after the get-ready or the rest
    (hands-free): the countdown shown and spoken at 3 s, then done."""
    status = page.locator("[data-player-status]")
    expect(status).to_contain_text(f"Hold started: 20 seconds, {side} side.")
    page.clock.run_for(17_000)
    expect(player.locator(".player-work .player-time")).to_have_text("3 s left")
    expect(status).to_have_text("3")
    page.clock.run_for(3_000)


def add_reps(player: Locator, count: int) -> None:
    plus = player.get_by_role("button", name="+1 rep", exact=True)
    for _ in range(count):
        plus.click()


def run_the_session(web: CheckedPage) -> None:
    """The stretch in full on the clock, the bird dog counted rep by rep, the
    bridge skipped, then the finish form."""
    page = web.page
    titles = dict(
        Exercise.objects.filter(slug__in=[STRETCH, BIRD_DOG, BRIDGE]).values_list(
            "slug", "title"
        )
    )
    # The fake clock must be in place before the player's script first reads
    # the time. It runs freely while the page loads and is checked...
    started = timezone.now()
    page.clock.install(time=started)
    web.goto(reverse("journal:session", args=[ROUTINE]))
    # ...then stops: from here only run_for and fast_forward move it, so every
    # second the player shows is known.
    page.clock.pause_at(started + datetime.timedelta(minutes=1))
    status = page.locator("[data-player-status]")

    stretch = page.get_by_role("group", name=f"Player for {titles[STRETCH]}")
    hold_time = stretch.locator(".player-work .player-time")
    expect(hold_time).to_have_text("20 s left")
    stretch.get_by_role("button", name="Start hold").click()
    # The exercise's first hold comes after a 5-second get-ready.
    expect(status).to_have_text("Get ready: 5 seconds.")
    page.clock.run_for(5_000)
    expect(status).to_have_text("Hold started: 20 seconds, right side.")
    page.clock.run_for(5_000)
    expect(hold_time).to_have_text("15 s left")
    # A paused hold keeps its time however long the pause.
    stretch.get_by_role("button", name="Pause").click()
    expect(status).to_have_text("Paused, 15 seconds left.")
    page.clock.run_for(10_000)
    expect(hold_time).to_have_text("15 s left (paused)")
    stretch.get_by_role("button", name="Resume").click()
    expect(status).to_have_text("Hold resumed, 15 seconds left.")
    page.clock.run_for(6_000)
    expect(hold_time).to_have_text("9 s left")
    page.clock.run_for(9_000)
    # From here on the player goes on by itself: a get-ready to switch sides,
    # the hold, the rest, the next set.
    # Changing knees takes longer than a first get-ready (issue 17).
    expect(status).to_have_text(
        "Hold complete. Right side done. Switch to the left side. "
        "Get ready: 10 seconds."
    )
    expect(stretch.locator(".player-side")).to_have_text("Left side")
    expect(hold_time).to_have_text("20 s left")
    page.clock.run_for(10_000)

    hold(page, stretch, "left")
    expect(status).to_have_text("Hold complete. Set 1 of 2 complete. Rest 30 seconds.")
    rest_time = stretch.locator(".player-rest .player-time")
    expect(rest_time).to_have_text("Rest: 30 s left")
    page.clock.run_for(12_000)
    expect(rest_time).to_have_text("Rest: 18 s left")
    page.clock.run_for(18_000)
    expect(status).to_have_text(
        "Rest over. Set 2 of 2. Hold started: 20 seconds, right side."
    )
    expect(rest_time).to_be_hidden()

    hold(page, stretch, "right")
    page.clock.run_for(10_000)
    hold(page, stretch, "left")
    expect(status).to_have_text(f"Hold complete. {titles[STRETCH]} complete.")
    expect(stretch.locator(".player-outcome")).to_have_text(
        "Exercise complete: all 2 sets are done. The form below records it."
    )
    stretch.get_by_role("button", name="Next exercise").click()
    expect(
        page.get_by_role("heading", name=f"Exercise 2 of 3: {titles[BIRD_DOG]}")
    ).to_be_focused()

    bird_dog = page.get_by_role("group", name=f"Player for {titles[BIRD_DOG]}")
    reps = bird_dog.locator(".player-count")
    add_reps(bird_dog, 3)
    expect(reps).to_have_text("Rep 3 of 10")
    expect(status).to_have_text("Rep 3 of 10.")
    add_reps(bird_dog, 7)
    expect(status).to_have_text(
        "Rep 10 of 10. Right arm and left leg done. "
        "Switch to the left arm and right leg."
    )
    expect(reps).to_have_text("Rep 0 of 10")
    add_reps(bird_dog, 10)
    expect(status).to_have_text("Rep 10 of 10. Set 1 of 2 complete. Rest 30 seconds.")
    bird_dog.get_by_role("button", name="Skip rest").click()
    expect(status).to_have_text("Rest skipped. Set 2 of 2, right arm and left leg.")
    add_reps(bird_dog, 20)
    expect(status).to_have_text(f"Rep 10 of 10. {titles[BIRD_DOG]} complete.")
    bird_dog.get_by_role("button", name="Next exercise").click()

    bridge = page.get_by_role("group", name=f"Player for {titles[BRIDGE]}")
    bridge.get_by_role("button", name="Skip exercise").click()
    expect(status).to_have_text(
        f"{titles[BRIDGE]} skipped: the form below records 0 sets."
    )
    bridge.get_by_role("button", name="Go to the finish form").click()
    expect(
        page.get_by_role("heading", name="Finish and record the session")
    ).to_be_focused()

    finish = page.locator("[data-finish-form]")
    # The player's counts, per exercise and side, in words.
    summaries = finish.locator("[data-dose-summary]")
    expect(summaries).to_have_text(
        [
            "Right side: 2 sets × 20 s hold. Left side: 2 sets × 20 s hold.",
            "Right side: 2 sets × 10 reps, holding 3 s. "
            "Left side: 2 sets × 10 reps, holding 3 s.",
            "Skipped in the player: 0 sets recorded.",
        ]
    )
    # The duration so far is in the form, where the person can see it.
    expect(finish.locator("[name=duration_minutes]")).not_to_have_value("")
    finish.get_by_label(str(SESSION_PAIN), exact=True).check()
    finish.get_by_label("About right").check()
    page.clock.fast_forward(int(PAUSE_BEFORE_FINISHING.total_seconds() * 1000))
    # The next document needs time to flow (axe-core waits on timers).
    page.clock.resume()
    web.click(finish.get_by_role("button", name="Record session"))
    expect(page.get_by_text("Session recorded. Well done!")).to_be_visible()


def assert_the_session_recorded(user, today: datetime.date) -> None:
    session = Session.objects.get(user=user)
    assert session.routine.slug == ROUTINE
    assert session.date == today
    assert session.pain_during == SESSION_PAIN
    assert session.effort == "right"
    # 2 min of holds and rest on the player's clock, then the pause: the
    # player filled in the whole minutes since the first press.
    assert session.duration_minutes == 12
    done = [
        (entry.exercise.slug, entry.side, entry.sets, entry.reps, entry.hold_seconds)
        for entry in session.exercises.select_related("exercise")
    ]
    assert done == [
        (STRETCH, "right", 2, None, 20),
        (STRETCH, "left", 2, None, 20),
        (BIRD_DOG, "right", 2, 10, 3),
        (BIRD_DOG, "left", 2, 10, 3),
        (BRIDGE, "right", 0, None, None),
        (BRIDGE, "left", 0, None, None),
    ]


def send_a_check_in_with_errors(web: CheckedPage, today: datetime.date) -> None:
    """A future date and no pain score: both errors sit by their fields."""
    page = web.page
    web.goto(reverse("journal:check-in"))
    page.get_by_label("Date:", exact=True).fill(
        (today + datetime.timedelta(days=1)).isoformat()
    )
    web.click(page.get_by_role("button", name="Save check-in"))
    assert page.url == web.url(reverse("journal:check-in"))

    date = page.get_by_label("Date:", exact=True)
    expect(date).to_have_attribute("aria-invalid", "true")
    assert_error_next_to(
        page, date, "This date is in the future. Choose today or an earlier day."
    )
    pain = page.get_by_role("group", name="Average pain over the last 24 hours")
    expect(pain.get_by_role("radio").first).to_have_attribute("aria-invalid", "true")
    assert_error_next_to(
        page,
        pain,
        "Choose a pain score from 0 (no pain) to 10 (worst pain imaginable).",
    )
    assert not CheckIn.objects.exists()


def check_in(web: CheckedPage, day: datetime.date, score: int, note: str) -> None:
    """Fill the form already open in the browser and send it."""
    page = web.page
    page.get_by_label("Date:", exact=True).fill(day.isoformat())
    page.get_by_label(str(score), exact=True).check()
    page.get_by_label("Notes (optional)").fill(note)
    web.click(page.get_by_role("button", name="Save check-in"))
    expect(
        page.get_by_text(f"Check-in for {day:%A} {day.day} {day:%B %Y} saved.")
    ).to_be_visible()


def table_rows(table: Locator) -> list[list[str]]:
    return [
        [cell.inner_text().strip() for cell in row.locator("th, td").all()]
        for row in table.locator("tbody tr").all()
    ]


def assert_the_dashboard(web: CheckedPage, days: list[datetime.date]) -> None:
    page = web.page
    today = days[-1]
    web.goto(reverse("journal:dashboard"))

    # The summary compares this week (Monday to today) with four weeks ago,
    # when this user had not started.
    monday = today - datetime.timedelta(days=today.weekday())
    this_week = [
        score for day, score in zip(days, SCORES, strict=True) if day >= monday
    ]
    average = one_decimal(Decimal(sum(this_week)) / len(this_week))
    expect(page.locator(".pain-summary")).to_have_text(
        f"Average pain this week {average}. There are no check-ins from four "
        "weeks ago to compare with yet."
    )
    expect(
        page.locator(".status-card", has_text="Check-in streak").locator(
            ".status-number"
        )
    ).to_have_text("7 days")
    expect(
        page.locator(".status-card", has_text="This week").locator(".status-number")
    ).to_have_text("1 of 3")

    # Pain chart, default range (4 weeks, daily): a dot per check-in, at the
    # height of its score (y = 282 at 0 up to 80 at 10, under the marks' rows),
    # joined in date order, and one unbroken 7-day average from the first
    # check-in on.
    pain = page.get_by_role("img", name="Pain trend, last 4 weeks")
    dots = pain.locator(".chart-dots circle")
    expect(dots).to_have_count(len(SCORES))
    heights = [float(dot.get_attribute("cy")) for dot in dots.all()]
    assert heights == [round(282 - score * 20.2, 1) for score in SCORES]
    across = [float(dot.get_attribute("cx")) for dot in dots.all()]
    assert across == sorted(across)
    line = pain.locator("polyline.chart-line")
    assert len(line.get_attribute("points").split()) == len(SCORES)
    means = pain.locator("polyline.chart-mean")
    expect(means).to_have_count(1)
    assert len(means.get_attribute("points").split()) == len(SCORES)

    # Adherence chart: a slot per week since the journal began, each labelled
    # with its count; only this week's has a bar.
    adherence = page.get_by_role("img", name="Sessions per week, last 4 weeks")
    expect(adherence.locator("text.chart-count")).to_have_text(
        [count.split()[0] for _, count in adherence_weeks(days)]
    )
    expect(adherence.locator("rect.chart-bar")).to_have_count(1)

    # The data tables, opened as a reader would.
    page.get_by_text("Pain trend, last 4 weeks: data table").click()
    table = page.get_by_role(
        "table",
        name="Pain trend, last 4 weeks: pain score, sessions and warning signs per day",
    )
    expected = []
    for index, (day, score) in enumerate(zip(days, SCORES, strict=True)):
        window = SCORES[: index + 1]
        mean = one_decimal(Decimal(sum(window)) / len(window))
        expected.append([row_date(day), str(score), mean])
    assert [row[:3] for row in table_rows(table)] == expected

    page.get_by_text("Sessions per week, last 4 weeks: data table").click()
    table = page.get_by_role(
        "table", name="Sessions per week, last 4 weeks, against a target of 3 a week"
    )
    # The weeks since the journal began (not the four weeks of the range: the
    # ones before the first check-in are not missed weeks). The first counts
    # from that day, and this week is still running unless today is Sunday.
    assert table_rows(table) == [
        [row_date(week), count, "No"] for week, count in adherence_weeks(days)
    ]


def adherence_weeks(days: list[datetime.date]) -> list[tuple[datetime.date, str]]:
    """The dashboard's weeks from the first check-in's to today's, with the
    count its table shows: one session, today."""
    first = days[0] - datetime.timedelta(days=days[0].weekday())
    today = days[-1]
    weeks = []
    week = first
    while week <= today:
        partial = (week == first and days[0] != first) or (
            week + datetime.timedelta(days=6) > today
        )
        count = "1" if week + datetime.timedelta(days=6) >= today else "0"
        weeks.append((week, count + (" (part of the week)" if partial else "")))
        week += datetime.timedelta(weeks=1)
    return weeks


def download_the_export(web: CheckedPage) -> list[list[str]]:
    page = web.page
    # A download loads no document, so there is nothing to check().
    with page.expect_download() as info:
        page.get_by_role("link", name="Download your journal (CSV)").click()
    download = info.value
    assert download.suggested_filename == "psoasapp-journal.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    return list(csv.reader(text.splitlines()))


def test_new_user_journey(web, mailoutbox):
    sign_up_and_confirm(web, mailoutbox)
    log_in_through_the_form(web)
    read_an_exercise(web)

    user = EmailAddress.objects.get(email=EMAIL).user
    today = timezone.localdate()
    run_the_session(web)
    assert_the_session_recorded(user, today)

    days = [today - datetime.timedelta(days=back) for back in range(6, -1, -1)]
    send_a_check_in_with_errors(web, today)
    # The first check-in corrects the form that showed the errors.
    for index, (day, score) in enumerate(zip(days, SCORES, strict=True)):
        if index:
            web.goto(reverse("journal:check-in"))
        check_in(web, day, score, NOTE if index == 3 else "")
    stored = CheckIn.objects.filter(user=user).order_by("date")
    assert [(entry.date, entry.pain_score) for entry in stored] == list(
        zip(days, SCORES, strict=True)
    )

    assert_the_dashboard(web, days)

    titles = dict(Exercise.objects.values_list("slug", "title"))
    rows = download_the_export(web)
    assert rows[0] == [
        "record",
        "date",
        "pain_score",
        "numbness_or_tingling",
        "loss_of_function",
        "sudden_onset",
        "accompanying_symptoms",
        "night_pain",
        "groin_pain_weight_bearing",
        "cauda_equina_signs",
        "weakness_one_leg",
        "cannot_bear_weight_after_fall",
        "fever_with_hot_hip",
        "fever_or_chills",
        "weight_loss",
        "emergency_acknowledged_at",
        "routine",
        "exercises_completed",
        "exercises_skipped",
        "doses",
        "partly_done",
        "pain_during",
        "effort",
        "duration_minutes",
        "notes",
        "side",
        "triggers",
        "trigger_other",
        "medication",
    ]
    assert rows[1:8] == [
        ["check-in", day.isoformat(), str(score), *["no"] * 12, ""]
        + [""] * 8
        + [NOTE if index == 3 else ""]
        + [""] * 4  # no side, trigger or medication said
        for index, (day, score) in enumerate(zip(days, SCORES, strict=True))
    ]
    assert rows[8:] == [
        ["session", today.isoformat(), "", *[""] * 13]
        + [
            Routine.objects.get(slug=ROUTINE).title,
            f"{titles[STRETCH]}; {titles[BIRD_DOG]}",
            titles[BRIDGE],
            "; ".join(
                [
                    f"{titles[STRETCH]} (right side): 2 sets × 20 s hold",
                    f"{titles[STRETCH]} (left side): 2 sets × 20 s hold",
                    f"{titles[BIRD_DOG]} (right side): 2 sets × 10 reps, holding 3 s",
                    f"{titles[BIRD_DOG]} (left side): 2 sets × 10 reps, holding 3 s",
                    f"{titles[BRIDGE]} (right side): skipped (planned 2 sets × "
                    "10 reps, holding 3 s)",
                    f"{titles[BRIDGE]} (left side): skipped (planned 2 sets × "
                    "10 reps, holding 3 s)",
                ]
            ),
            "yes",
            str(SESSION_PAIN),
            "About right",
            "12",
            "",
            *[""] * 4,
        ]
    ]
