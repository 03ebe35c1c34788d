"""The session player records the dose done, keeps its progress through a failed
submit and a reload, and forgets it once the session is recorded."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from exercises.models import Exercise, Routine
from journal.models import Session, SessionExercise
from tests.factories import SessionFactory, held_reps_routine

from .browser import SMALL_PHONE_WIDTH
from .conftest import log_in

ROUTINE = "iliopsoas-relief"
PLAYER = reverse("journal:session", args=[ROUTINE])
STRETCH, BIRD_DOG, BRIDGE = (
    "hip-flexor-stretch",
    "bird-dog",
    "glute-bridge-with-hip-extension",
)


def titles() -> dict[str, str]:
    return dict(Exercise.objects.values_list("slug", "title"))


def player(page: Page, slug: str) -> Locator:
    return page.get_by_role("group", name=f"Player for {titles()[slug]}")


def dose_field(page: Page, slug: str, side: str, unit: str = "sets") -> Locator:
    pk = Exercise.objects.get(slug=slug).pk
    return page.locator(f"[name='dose_{pk}_{side}_{unit}']")


def add_reps(box: Locator, count: int) -> None:
    plus = box.get_by_role("button", name="+1 rep", exact=True)
    for _ in range(count):
        plus.click()


def stored(session: Session) -> dict[tuple[str, str], tuple]:
    return {
        (row.exercise.slug, row.side): (row.sets, row.reps, row.hold_seconds)
        for row in SessionExercise.objects.filter(session=session).select_related(
            "exercise"
        )
    }


def assert_progress_intact(page: Page) -> None:
    """5 of 10 reps on the bird dog's right side, the bridge skipped: in the
    player, and in the fields and the summary of the finish form."""
    bird_dog = player(page, BIRD_DOG)
    expect(bird_dog.locator(".player-count")).to_have_text("Rep 5 of 10")
    expect(bird_dog.locator(".player-side")).to_have_text("Right arm and left leg")
    bridge = player(page, BRIDGE)
    expect(bridge.get_by_role("button", name="Undo skip")).to_be_visible()
    expect(bridge.locator(".player-outcome")).to_have_text(
        "Skipped: the form below records 0 sets."
    )
    expect(dose_field(page, BIRD_DOG, "right")).to_have_value("1")
    expect(dose_field(page, BIRD_DOG, "right", "reps")).to_have_value("5")
    expect(dose_field(page, BIRD_DOG, "left")).to_have_value("0")
    expect(dose_field(page, BRIDGE, "right")).to_have_value("0")
    expect(dose_field(page, BRIDGE, "left")).to_have_value("0")
    expect(dose_field(page, STRETCH, "right")).to_have_value("0")
    summary = page.locator(
        f"[data-dose-group][data-exercise-id='{Exercise.objects.get(slug=BIRD_DOG).pk}']"
        " [data-dose-summary]"
    )
    expect(summary).to_have_text(
        "Right side: 1 set × 5 reps, holding 3 s, unfinished (5 of 10). "
        "Left side: nothing counted yet."
    )


def test_partial_dose_and_skip_survive_a_failed_submit_and_a_reload(web, member):
    page = web.page
    log_in(web, member)
    web.goto(PLAYER)

    # Nothing done yet: the form holds the suggested dose, as without JS.
    expect(dose_field(page, BIRD_DOG, "right")).to_have_value("2")
    add_reps(player(page, BIRD_DOG), 5)
    player(page, BIRD_DOG).get_by_role("button", name="Next exercise").click()
    player(page, BRIDGE).get_by_role("button", name="Skip exercise").click()
    finish = page.locator("[data-finish-form]")
    finish.get_by_label("About right").check()
    # No pain score: the page comes back with the summary at the top.
    web.click(finish.get_by_role("button", name="Record session"))

    error_summary = page.locator("[data-error-summary]")
    expect(error_summary).to_be_focused()
    expect(error_summary).to_contain_text("Pain during the session: Choose a pain")
    box = error_summary.bounding_box()
    first_exercise = page.locator(".player-exercises").bounding_box()
    assert box["y"] < first_exercise["y"]
    error_summary.get_by_role("link").first.click()
    expect(page.get_by_role("radio", name="0 – no pain")).to_be_focused()
    assert not Session.objects.exists()
    assert_progress_intact(page)

    page.reload()
    web.check()
    assert_progress_intact(page)

    finish.get_by_label("3", exact=True).check()
    web.click(finish.get_by_role("button", name="Record session"))
    expect(page.get_by_text("Session recorded. Well done!")).to_be_visible()
    session = Session.objects.get(user=member)
    assert stored(session) == {
        (STRETCH, "right"): (0, None, None),
        (STRETCH, "left"): (0, None, None),
        (BIRD_DOG, "right"): (1, 5, 3),
        (BIRD_DOG, "left"): (0, None, None),
        (BRIDGE, "right"): (0, None, None),
        (BRIDGE, "left"): (0, None, None),
    }
    assert session.partly_done
    expect(page.get_by_role("heading", level=1)).to_contain_text("(partly done)")

    # The player starts afresh: what the browser kept was cleared.
    web.goto(PLAYER)
    expect(player(page, BIRD_DOG).locator(".player-count")).to_have_text("Rep 0 of 10")
    expect(
        player(page, BRIDGE).get_by_role("button", name="Skip exercise")
    ).to_be_visible()
    expect(dose_field(page, BIRD_DOG, "right")).to_have_value("2")
    assert page.evaluate("() => window.localStorage.length") == 0


def test_undo_skip_then_nothing_records_nothing_done(web, member):
    page = web.page
    log_in(web, member)
    web.goto(PLAYER)
    bird_dog = player(page, BIRD_DOG)
    add_reps(bird_dog, 10)  # the right side of set 1 in full
    bird_dog.get_by_role("button", name="Set done").click()  # left: 0 reps
    bridge = player(page, BRIDGE)
    bridge.get_by_role("button", name="Skip exercise").click()
    bridge.get_by_role("button", name="Undo skip").click()
    finish = page.locator("[data-finish-form]")
    finish.get_by_label("1", exact=True).check()
    finish.get_by_label("Easy").check()

    web.click(finish.get_by_role("button", name="Record session"))

    session = Session.objects.get(user=member)
    assert stored(session) == {
        (STRETCH, "right"): (0, None, None),
        (STRETCH, "left"): (0, None, None),
        (BIRD_DOG, "right"): (1, 10, 3),
        (BIRD_DOG, "left"): (0, None, None),
        (BRIDGE, "right"): (0, None, None),
        (BRIDGE, "left"): (0, None, None),
    }


def test_progress_begun_yesterday_evening_survives_midnight(web, member):
    """Found by a newcomer: a reload after local midnight lost the progress and
    put the full suggested doses back. Progress is kept per routine, and a
    session begun yesterday is recorded for yesterday."""
    page = web.page
    log_in(web, member)
    web.goto(PLAYER)
    add_reps(player(page, BIRD_DOG), 5)
    player(page, BRIDGE).get_by_role("button", name="Skip exercise").click()
    today = timezone.now().date()
    yesterday = today - datetime.timedelta(days=1)
    # As if the page had been opened before midnight: the stored progress
    # belongs to yesterday. (Progress from before yesterday is not restored.)
    page.evaluate(
        """(day) => {
          const key = "psoasapp.player.iliopsoas-relief";
          const saved = JSON.parse(localStorage.getItem(key));
          localStorage.setItem(key, JSON.stringify({...saved, day}));
        }""",
        yesterday.isoformat(),
    )

    web.goto(PLAYER)

    assert_progress_intact(page)
    # In words, as every other date on the page (a newcomer saw an ISO date).
    expect(page.locator("[data-player-day-text]")).to_have_text(
        "the day you started it, yesterday, "
        f"{yesterday:%A} {yesterday.day} {yesterday:%B}"
    )
    finish = page.locator("[data-finish-form]")
    finish.get_by_label("2", exact=True).check()
    finish.get_by_label("Easy").check()
    web.click(finish.get_by_role("button", name="Record session"))

    assert Session.objects.get(user=member).date == yesterday
    # Recorded: the player starts afresh.
    web.goto(PLAYER)
    expect(player(page, BIRD_DOG).locator(".player-count")).to_have_text("Rep 0 of 10")


def test_a_dose_of_held_reps_times_each_rep_s_hold_and_counts_the_reps(web, member):
    """Bird dog and glute bridge progress by the hold of each rep (issue 14):
    the player times each rep's hold, counts a rep when it ends (or when the
    person counts it by hand, once), and records reps and hold."""
    routine = held_reps_routine(reps=4, reps_min=3)
    exercise = routine.items.get().exercise
    page = web.page
    web.phone_widths.append(SMALL_PHONE_WIDTH)
    log_in(web, member)
    started = timezone.now()
    page.clock.install(time=started)
    web.goto(reverse("journal:session", args=[routine.slug]))
    page.clock.pause_at(started + datetime.timedelta(minutes=1))
    status = page.locator("[data-player-status]")
    held = page.get_by_role("group", name="Player for Held bridge")
    count = held.locator(".player-count")
    hold_time = held.locator(".player-work .player-time")
    expect(page.locator(".player-exercise .dose")).to_contain_text(
        "1 set × 4 reps, holding 3 s"
    )
    expect(count).to_have_text("Rep 0 of 4")
    expect(hold_time).to_have_text("Hold: 3 s left")

    held.get_by_role("button", name="Hold rep 1").click()
    # The exercise's first hold comes after a 5-second get-ready.
    expect(status).to_have_text("Get ready: 5 seconds.")
    expect(held.locator(".player-ready")).to_have_text("Get ready: 5")
    page.clock.run_for(5_000)
    # A hold this short is announced at its start only (issue 17).
    expect(status).to_have_text("Rep 1 of 4.")
    page.clock.run_for(1_000)
    expect(hold_time).to_have_text("Hold: 2 s left")
    expect(status).to_have_text("Rep 1 of 4.")
    page.clock.run_for(2_000)
    expect(status).to_have_text("Rep 1 of 4.")
    expect(count).to_have_text("Rep 1 of 4")
    expect(hold_time).to_have_text("Hold: 3 s left")
    # Hands-free: the next rep's hold starts after 3 s back at the start.
    expect(held.locator(".player-ready")).to_have_text("Next rep in 3 s")
    page.clock.run_for(3_000)
    expect(status).to_have_text("Rep 2 of 4.")

    # A rep counted by hand mid-hold ends that hold: counted once, not twice,
    # and the next hold waits for the person.
    page.clock.run_for(1_000)
    held.get_by_role("button", name="+1 rep", exact=True).click()
    expect(count).to_have_text("Rep 2 of 4")
    expect(hold_time).to_have_text("Hold: 3 s left")
    page.clock.run_for(5_000)
    expect(count).to_have_text("Rep 2 of 4")

    # Started by hand: a get-ready first, as any fresh hold.
    held.get_by_role("button", name="Hold rep 3").click()
    page.clock.run_for(5_000 + 3_000)
    expect(count).to_have_text("Rep 3 of 4")
    # Stopped one rep short: one set of 3 reps, each held 3 s.
    held.get_by_role("button", name="Set done").click()
    expect(held.locator(".player-outcome")).to_have_text(
        "Exercise complete: the set is done. The form below records it."
    )
    finish = page.locator("[data-finish-form]")
    expect(finish.locator("[data-dose-summary]")).to_have_text(
        "1 set × 3 reps, holding 3 s, unfinished (3 of 4)."
    )
    expect(finish.locator(f"[name='dose_{exercise.pk}_reps']")).to_have_value("3")
    expect(finish.locator(f"[name='dose_{exercise.pk}_hold']")).to_have_value("3")

    finish.get_by_label("Pain during Held bridge (optional)").select_option("2")
    finish.get_by_label("1", exact=True).check()
    finish.get_by_label("Easy").check()
    # The next document needs time to flow (axe-core waits on timers).
    page.clock.resume()
    web.click(finish.get_by_role("button", name="Record session"))

    row = SessionExercise.objects.get(session__user=member)
    assert (row.sets, row.reps, row.hold_seconds, row.pain) == (1, 3, 3, 2)
    assert (row.planned_sets, row.planned_reps, row.planned_hold_seconds) == (1, 4, 3)
    expect(page.get_by_text("pain during it 2 out of 10")).to_be_visible()


def test_the_already_recorded_notice_is_for_the_day_the_session_is_recorded_for(
    web, member
):
    """Found by a tester (issue 17): after midnight, a session begun yesterday
    gave no notice that yesterday already had one (it checked the new day)."""
    routine = Routine.objects.get(slug="iliopsoas-relief")
    today = timezone.now().date()
    yesterday = today - datetime.timedelta(days=1)
    kept = SessionFactory(user=member, routine=routine, date=yesterday)
    page = web.page
    log_in(web, member)
    web.goto(PLAYER)
    notice = page.locator(".notice-recorded")
    # Begun today: yesterday's session is no concern, and nothing was today.
    expect(notice).to_have_count(1)
    expect(notice).to_be_hidden()

    player(page, BRIDGE).get_by_role("button", name="Skip exercise").click()
    page.evaluate(
        """(day) => {
          const key = "psoasapp.player.iliopsoas-relief";
          const saved = JSON.parse(localStorage.getItem(key));
          localStorage.setItem(key, JSON.stringify({...saved, day}));
        }""",
        yesterday.isoformat(),
    )
    SessionFactory(user=member, routine=routine, date=today)
    web.goto(PLAYER)

    # Begun yesterday: yesterday's notice, not today's.
    expect(notice.filter(visible=True)).to_have_count(1)
    expect(notice.filter(visible=True)).to_contain_text(
        "You already recorded a session of this routine yesterday, "
        f"{yesterday:%A} {yesterday.day} {yesterday:%B}"
    )
    expect(notice.filter(visible=True).get_by_role("link")).to_have_attribute(
        "href", kept.get_absolute_url()
    )
