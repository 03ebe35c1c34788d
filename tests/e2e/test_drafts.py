"""Issue 15, case 5: an editor drafts an exercise in the admin, previews it on the
site from "View on site", and publishes it; a member sees it only then."""

from http import HTTPStatus
from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from exercises.content import CONTENT_EDITORS_GROUP
from exercises.models import Exercise
from tests.factories import UserFactory

from .conftest import checked_pages, log_in
from .test_content_editor import GROUP_MIGRATIONS

TITLE = "Standing March"
SLUG = "standing-march"
STEP = "Lift one knee to hip height, lower it slowly, then the other."


@pytest.fixture
def editor(content):
    """Staff in the Content editors group (see test_content_editor's `editor`:
    the group's permissions are granted again on the emptied database)."""
    state_apps = MigrationLoader(connection).project_state().apps
    for name in GROUP_MIGRATIONS:
        import_module(name).grant(state_apps, None)
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS_GROUP))
    return user


def test_editor_drafts_previews_and_publishes_an_exercise(
    web, editor, member, browser, live_server
):
    member_pages = checked_pages(browser, live_server, timezone_id="UTC")
    visitor = next(member_pages)
    log_in(visitor, member)
    log_in(web, editor)
    page = web.page
    public_url = reverse("exercises:exercise-detail", args=[SLUG])

    # The editor adds an exercise; "published" starts unticked.
    web.goto(reverse("admin:exercises_exercise_add"))
    assert not page.get_by_role("checkbox", name="Published").is_checked()
    page.get_by_role("textbox", name="Title:", exact=True).fill(TITLE)
    page.get_by_role("combobox", name="Kind:", exact=True).select_option(
        label="Stabilization"
    )
    page.get_by_role("textbox", name="Summary:", exact=True).fill(
        "Balance on one leg, in turn."
    )
    page.get_by_role("textbox", name="Why it helps:", exact=True).fill(
        "It trains balance."
    )
    page.get_by_role("textbox", name="Starting position:", exact=True).fill(
        "Stand tall."
    )
    page.get_by_role("spinbutton", name="Reps (minimum):", exact=True).fill("10")
    steps = page.get_by_role("group", name="Exercise steps")
    steps.get_by_role("spinbutton", name="Order").first.fill("1")
    steps.get_by_role("textbox", name="Text").first.fill(STEP)
    web.click(page.get_by_role("button", name="Save and continue editing"))
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    exercise = Exercise.objects.get(title=TITLE)
    assert exercise.slug == SLUG  # filled in from the title
    assert not exercise.is_published

    # Still a draft: members neither find it nor reach it.
    visitor.goto(reverse("exercises:exercise-list"))
    assert TITLE not in visitor.page.locator("main").inner_text()
    visitor.goto(public_url, status=HTTPStatus.NOT_FOUND)

    # "View on site" opens the preview: the member's page, marked as a preview.
    web.click(page.get_by_role("link", name="View on site"))
    assert page.url == web.url(reverse("exercises:exercise-preview", args=[SLUG]))
    banner = page.locator(".preview-banner")
    assert "Preview: not published; members cannot see this page" in (
        banner.inner_text()
    )
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    steps_shown = page.get_by_role("region", name="Steps").get_by_role("listitem")
    assert STEP in steps_shown.first.inner_text()
    web.click(banner.get_by_role("link", name="Back to the admin"))
    assert page.url == web.url(
        reverse("admin:exercises_exercise_change", args=[exercise.pk])
    )

    # Publishing is an action on the list's drafts.
    web.goto(reverse("admin:exercises_exercise_changelist") + "?status=draft")
    page.get_by_role("row", name=TITLE).get_by_role("checkbox").check()
    page.get_by_role("combobox", name="Action").select_option(
        label="Publish selected exercises"
    )
    web.click(page.get_by_role("button", name="Run"))
    assert f"Published 1 exercise: “{TITLE}”" in (
        page.locator(".messagelist").inner_text()
    )

    visitor.goto(reverse("exercises:exercise-list"))
    link = visitor.page.get_by_role("link", name=TITLE)
    visitor.click(link)
    assert visitor.page.url == visitor.url(public_url)
    assert not visitor.page.locator(".preview-banner").count()
    next(member_pages, None)  # close the member's context and check it
