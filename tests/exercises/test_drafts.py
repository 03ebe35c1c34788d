"""Issue 15, case 5: new content starts as a draft; staff preview it on the site
as members will see it; publishing is an explicit action that validates."""

from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from exercises import content
from exercises.models import Exercise, GuideSection, Routine
from exercises.services import seed_content_load
from tests.factories import (
    ExerciseFactory,
    ExerciseStepFactory,
    GuideSectionFactory,
    RoutineFactory,
    RoutineItemFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BANNER = "not published; members cannot see this page"


def draft_exercise():
    exercise = ExerciseFactory(title="Half-written lunge", is_published=False)
    ExerciseStepFactory(exercise=exercise, text="Step into a long stride.")
    return exercise


def draft_routine():
    routine = RoutineFactory(title="Evening wind-down", is_published=False)
    RoutineItemFactory(routine=routine, exercise__title="Shown stretch")
    RoutineItemFactory(
        routine=routine, exercise__title="Draft march", exercise__is_published=False
    )
    return routine


def draft_section():
    return GuideSectionFactory(
        title="Sleeping positions", body="Lie on your side.", is_published=False
    )


# (make a draft, preview URL name, the member's URL name, template)
KINDS = [
    (
        draft_exercise,
        "exercises:exercise-preview",
        "exercises:exercise-detail",
        "exercises/exercise_detail.html",
    ),
    (
        draft_routine,
        "exercises:routine-preview",
        "exercises:routine-detail",
        "exercises/routine_detail.html",
    ),
    (
        draft_section,
        "exercises:guide-section-preview",
        "exercises:guide-section",
        "exercises/guide_section.html",
    ),
]
KIND_IDS = ["exercise", "routine", "guide-section"]


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:exercises_exercise_add",
        "admin:exercises_routine_add",
        "admin:exercises_guidesection_add",
        "admin:quiz_quiz_add",
    ],
)
def test_the_add_form_starts_a_draft(editor_client, url_name):
    response = editor_client.get(reverse(url_name))

    assert response.context["adminform"].form["is_published"].value() is False


@pytest.mark.parametrize("model", [Exercise, Routine, GuideSection])
def test_a_new_row_is_a_draft_by_default(model):
    assert model().is_published is False


def test_the_seed_loader_still_publishes_what_it_adds():
    Routine.objects.all().delete()
    Exercise.objects.all().delete()
    GuideSection.objects.all().delete()

    added = seed_content_load()

    assert added["exercises"] and added["routines"] and added["sections"]
    for model in (Exercise, Routine, GuideSection):
        assert not model.objects.filter(is_published=False).exists()
    assert content.load_seed(apps) == dict.fromkeys(added, 0)


@pytest.mark.parametrize(("make", "preview", "public", "template"), KINDS, ids=KIND_IDS)
def test_staff_preview_a_draft_as_members_will_see_it(
    editor_client, make, preview, public, template
):
    item = make()

    response = editor_client.get(reverse(preview, args=[item.slug]))

    assert response.status_code == HTTPStatus.OK
    assertTemplateUsed(response, template)
    html = response.content.decode()
    assert item.title in html
    assert BANNER in html
    admin_url = reverse(
        f"admin:exercises_{item._meta.model_name}_change", args=[item.pk]
    )
    assert f'href="{admin_url}"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert response["X-Robots-Tag"] == "noindex"
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    # The member's address still answers 404, staff or not.
    public_response = editor_client.get(reverse(public, args=[item.slug]))
    assert public_response.status_code == HTTPStatus.NOT_FOUND


def test_the_exercise_preview_shows_the_steps(editor_client):
    exercise = draft_exercise()

    response = editor_client.get(
        reverse("exercises:exercise-preview", args=[exercise.slug])
    )

    assert "Step into a long stride." in response.content.decode()


def test_the_routine_preview_shows_only_what_members_would_see(editor_client):
    routine = draft_routine()

    response = editor_client.get(
        reverse("exercises:routine-preview", args=[routine.slug])
    )

    html = response.content.decode()
    assert "Shown stretch" in html
    assert "Draft march" not in html


def test_a_draft_section_previews_where_it_will_sit_in_the_guide(editor_client):
    first, second = GuideSection.objects.published()[:2]
    section = draft_section()
    # Sections are in order, then by title: this one falls between the two.
    section.order = first.order
    section.title = "Zz between"
    section.save()

    response = editor_client.get(
        reverse("exercises:guide-section-preview", args=[section.slug])
    )

    assert response.context["section"] == section
    assert response.context["previous"] == first
    assert response.context["next"] == second


def test_a_published_item_previews_with_the_banner_saying_so(editor_client):
    exercise = Exercise.objects.published().first()

    response = editor_client.get(
        reverse("exercises:exercise-preview", args=[exercise.slug])
    )

    html = response.content.decode()
    assert "<strong>Preview:</strong> published" in html
    assert BANNER not in html


def _staff_without_permission():
    return UserFactory(is_staff=True)


def _member():
    return UserFactory()


def _staff_who_may_view_exercises_only():
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_exercise"))
    return staff


@pytest.mark.parametrize(
    "who",
    [_member, _staff_without_permission, _staff_who_may_view_exercises_only],
    ids=["member", "staff-without-permission", "staff-for-exercises"],
)
@pytest.mark.parametrize(("make", "preview", "public", "template"), KINDS, ids=KIND_IDS)
def test_a_preview_is_not_found_for_anyone_else(
    client, who, make, preview, public, template
):
    item = make()
    client.force_login(who())

    response = client.get(reverse(preview, args=[item.slug]))

    expected = HTTPStatus.NOT_FOUND
    if who is _staff_who_may_view_exercises_only and isinstance(item, Exercise):
        expected = HTTPStatus.OK
    assert response.status_code == expected
    assert (item.title in response.content.decode()) == (expected == HTTPStatus.OK)


@pytest.mark.parametrize(("make", "preview", "public", "template"), KINDS, ids=KIND_IDS)
def test_a_visitor_is_sent_to_log_in(client, make, preview, public, template):
    url = reverse(preview, args=[make().slug])

    response = client.get(url)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


def test_a_preview_of_a_missing_slug_is_not_found(editor_client):
    response = editor_client.get(
        reverse("exercises:exercise-preview", args=["no-such-exercise"])
    )

    assert response.status_code == HTTPStatus.NOT_FOUND
    assertTemplateUsed(response, "404.html")


@pytest.mark.parametrize(("make", "preview", "public", "template"), KINDS, ids=KIND_IDS)
def test_view_on_site_opens_a_drafts_preview(
    editor_client, make, preview, public, template
):
    item = make()
    change = reverse(f"admin:exercises_{item._meta.model_name}_change", args=[item.pk])

    response = editor_client.get(change)

    assert response.context["absolute_url"] == reverse(preview, args=[item.slug])
    item.is_published = True
    item.save()
    response = editor_client.get(change)
    assert response.context["absolute_url"] == reverse(public, args=[item.slug])


def _publish(client, model: str, objs, app: str = "exercises"):
    return client.post(
        reverse(f"admin:{app}_{model}_changelist"),
        {
            "action": "publish_selected",
            "_selected_action": [str(obj.pk) for obj in objs],
        },
        follow=True,
    )


def test_the_publish_action_publishes_the_selected_drafts(editor_client):
    lunge = draft_exercise()
    other = ExerciseFactory(title="Wall sit", is_published=False)
    published = Exercise.objects.published().first()

    response = _publish(editor_client, "exercise", [lunge, published])

    lunge.refresh_from_db()
    other.refresh_from_db()
    assert lunge.is_published
    assert not other.is_published
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [
        "Published 1 exercise: “Half-written lunge”. Members can see it now.",
        f"Already published, left as they were: “{published}”.",
    ]
    public = editor_client.get(reverse("exercises:exercise-detail", args=[lunge.slug]))
    assert public.status_code == HTTPStatus.OK


def test_the_publish_action_refuses_what_the_form_would_refuse(editor_client):
    """A draft that breaks the form's rules (here an empty summary, written
    past the form) stays a draft, and the message says why."""
    broken = draft_exercise()
    Exercise.objects.filter(pk=broken.pk).update(summary="")
    good = ExerciseFactory(title="Wall sit", is_published=False)

    response = _publish(editor_client, "exercise", [broken, good])

    broken.refresh_from_db()
    good.refresh_from_db()
    assert not broken.is_published
    assert good.is_published
    shown = [str(message) for message in response.context["messages"]]
    assert shown[0] == "Published 1 exercise: “Wall sit”. Members can see it now."
    assert shown[1] == (
        "“Half-written lunge” was not published, and stays a draft: "
        "Summary: This field is required. "
        "Fix this on the exercise’s page, then publish it."
    )


@pytest.mark.parametrize(
    ("model", "url_model"),
    [(Exercise, "exercise"), (Routine, "routine"), (GuideSection, "guidesection")],
)
def test_the_list_has_a_status_column_and_a_drafts_filter(
    editor_client, model, url_model
):
    draft = {"exercise": draft_exercise, "routine": draft_routine}.get(
        url_model, draft_section
    )()
    changelist = reverse(f"admin:exercises_{url_model}_changelist")

    everything = editor_client.get(changelist)
    drafts = editor_client.get(changelist, {"status": "draft"})
    published = editor_client.get(changelist, {"status": "published"})

    rows = list(everything.context["cl"].result_list)
    assert draft in rows and len(rows) > 1
    assert list(drafts.context["cl"].result_list) == [draft]
    assert draft not in published.context["cl"].result_list
    html = everything.content.decode()
    assert '<td class="field-publication_status">Draft</td>' in html
    assert '<td class="field-publication_status">Published</td>' in html
    choices = dict(everything.context["action_form"].fields["action"].choices)
    assert choices["publish_selected"] == (
        f"Publish selected {model._meta.verbose_name_plural}"
    )
    assert not any("unpublish" in name for name in choices)
