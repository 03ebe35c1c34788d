"""Journey 3: a content editor changes an exercise step in the admin and sees it on
the public page; opening users' accounts or journals in the admin is refused."""

from http import HTTPStatus
from importlib import import_module
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from exercises.content import CONTENT_EDITORS_GROUP
from exercises.models import Exercise
from tests.factories import DEFAULT_PASSWORD, CheckInFactory, UserFactory

from .conftest import log_in

# The migrations that give the Content editors group its permissions.
GROUP_MIGRATIONS = [
    "exercises.migrations.0003_content_editors_group",
    "quiz.migrations.0003_content_editors_manage_quizzes",
    "exercises.migrations.0008_exercise_images",
]
NEW_STEP = "Tuck your pelvis under, then ease your hips forward until you feel it."
PRIVATE_NOTE = "Sharp pain in the left groin after the long drive."


@pytest.fixture
def editor(content):
    """Staff, not a superuser, in the Content editors group.

    A live_server test empties the database after it runs, so the group the
    migrations made may be gone: run the migrations' own code again on the
    migrated state, which is what a fresh database gets."""
    state_apps = MigrationLoader(connection).project_state().apps
    for name in GROUP_MIGRATIONS:
        import_module(name).grant(state_apps, None)
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS_GROUP))
    return user


def test_editor_changes_a_step_and_is_refused_users_and_journals(web, editor):
    member = UserFactory()
    check_in = CheckInFactory(user=member, pain_score=7, notes=PRIVATE_NOTE)
    exercise = Exercise.objects.get(slug="hip-flexor-stretch")
    first_step = exercise.steps.get(order=1)
    page = web.page

    # The admin sends an anonymous visitor to the site's login form, and back.
    admin_index = reverse("admin:index")
    web.goto(admin_index)
    address = urlsplit(page.url)
    assert address.path == reverse("account_login")
    assert parse_qs(address.query)["next"] == [admin_index]
    page.get_by_label("Email").fill(editor.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    web.click(page.get_by_role("button", name="Log in"))
    assert page.url == web.url(admin_index)

    # Content only: no users, groups, journals or quiz attempts (the
    # journal's one piece of content, the check-in's triggers, is theirs).
    apps_listed = page.locator("#content-main caption").all_text_contents()
    assert [name.strip() for name in apps_listed] == ["Exercises", "Journal", "Quiz"]
    rows = page.locator("#content-main th[scope=row]").all_text_contents()
    models_listed = [name.strip() for name in rows]
    assert models_listed == [
        "Exercises",
        "Guide sections",
        "Routines",
        "Tips",
        "Warning signs",
        "Triggers (what made pain worse)",
        "Questions",
        "Quizzes",
    ]

    # Through the exercise list, whose editable cells are labelled for axe-core.
    web.click(
        page.get_by_role("rowheader", name="Exercises", exact=True).get_by_role("link")
    )
    web.click(page.get_by_role("link", name=exercise.title, exact=True))
    steps = page.get_by_role("group", name="Exercise steps")
    text = steps.get_by_role("textbox", name="Text").first
    assert text.input_value() == first_step.text
    text.fill(NEW_STEP)
    web.click(page.get_by_role("button", name="Save and continue editing"))
    message = page.locator(".messagelist").inner_text()
    assert f"“{exercise.title}” was changed successfully" in message
    first_step.refresh_from_db()
    assert first_step.text == NEW_STEP

    web.goto(reverse("exercises:exercise-detail", args=[exercise.slug]))
    public_steps = page.get_by_role("region", name="Steps").get_by_role("listitem")
    assert NEW_STEP in public_steps.first.inner_text()

    web.goto(reverse("admin:psoasapp_user_changelist"), status=HTTPStatus.FORBIDDEN)
    assert page.get_by_role("heading", level=1).inner_text() == "Access refused"
    assert member.email not in page.content()

    # Journals are for superusers' eyes only: for an editor the journal app
    # lists its triggers alone, and the pages of check-ins are refused.
    web.goto(f"{admin_index}journal/")
    rows = page.locator("#content-main th[scope=row]").all_text_contents()
    assert [name.strip() for name in rows] == ["Triggers (what made pain worse)"]
    journal_addresses = [
        f"{admin_index}journal/checkin/",
        f"{admin_index}journal/checkin/{check_in.pk}/change/",
    ]
    for address in journal_addresses:
        web.goto(address, status=HTTPStatus.FORBIDDEN)
        assert page.get_by_role("heading", level=1).inner_text() == "Access refused"
        assert PRIVATE_NOTE not in page.content()


CONTENT_MODELS = [
    ("exercises", "exercise"),
    ("exercises", "routine"),
    ("exercises", "guidesection"),
    ("exercises", "tip"),
    ("exercises", "warningsign"),
    ("quiz", "quiz"),
    ("quiz", "question"),
]


def test_every_content_admin_page_passes_the_checks(web, editor):
    """Each list, add form and change form an editor works in, not only the ones
    the journey passes through."""
    log_in(web, editor)
    for app_label, model_name in CONTENT_MODELS:
        web.goto(reverse(f"admin:{app_label}_{model_name}_changelist"))
        web.goto(reverse(f"admin:{app_label}_{model_name}_add"))
        first = apps.get_model(app_label, model_name).objects.order_by("pk").first()
        web.goto(reverse(f"admin:{app_label}_{model_name}_change", args=[first.pk]))
