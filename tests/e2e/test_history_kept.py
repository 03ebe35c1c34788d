"""A member's past session stays intact through an editor's unpublish and
rename (issue 15): the member sees it, and edits it, as it was recorded."""

import datetime

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise, Routine
from journal import services
from journal.models import SessionExercise

from .conftest import log_in

STRETCH, BIRD_DOG, BRIDGE = (
    "hip-flexor-stretch",
    "bird-dog",
    "glute-bridge-with-hip-extension",
)


def stored(session) -> list[tuple]:
    return list(
        SessionExercise.objects.filter(session=session)
        .order_by("pk")
        .values_list("exercise__slug", "exercise_title", "side", "sets", "reps")
    )


def test_a_past_session_stays_intact_through_unpublish_and_rename(web, member):
    page = web.page
    routine = Routine.objects.get(slug="iliopsoas-relief")
    titles = dict(Exercise.objects.values_list("slug", "title"))
    session = services.session_record(
        user=member,
        routine=routine,
        date=timezone.now().date() - datetime.timedelta(days=3),
        pain_during=2,
        effort="right",
        exercise_ids=list(Exercise.objects.values_list("pk", flat=True)),
    )
    before = stored(session)
    # The editor's changes, after the session.
    Exercise.objects.filter(slug=BRIDGE).update(is_published=False)
    Exercise.objects.filter(slug=BIRD_DOG).update(title="Four-point reach")
    Routine.objects.filter(pk=routine.pk).update(title="Renamed routine")
    log_in(web, member)

    web.goto(reverse("journal:session-detail", args=[session.pk]))
    facts = page.locator(".entry-facts")
    expect(facts).to_contain_text(routine.title)
    for slug in (STRETCH, BIRD_DOG, BRIDGE):
        expect(facts).to_contain_text(f"{titles[slug]}, left side")
    expect(facts).not_to_contain_text("Four-point reach")

    web.click(page.get_by_role("link", name="Edit"))
    expect(page.get_by_text(f"Routine: {routine.title}")).to_be_visible()
    for slug in (STRETCH, BIRD_DOG, BRIDGE):
        group = page.get_by_role("group", name=titles[slug], exact=True)
        expect(group.get_by_role("spinbutton", name="Sets done")).to_have_count(2)
    page.get_by_label("Notes (optional)").fill("Done before the changes.")
    web.click(page.get_by_role("button", name="Save changes"))

    expect(page.get_by_text("updated.")).to_be_visible()
    expect(page.locator(".entry-facts")).to_contain_text("Done before the changes.")
    expect(page.locator(".entry-facts")).to_contain_text(
        f"{titles[BRIDGE]}, right side"
    )
    assert stored(session) == before
