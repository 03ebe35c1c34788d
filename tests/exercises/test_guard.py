"""Issue 15, cases 2, 3 and 8: the admin guards safety content and the default
routine, warns when an edit leaves members with less, and explains a refused
deletion in words."""

from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from exercises import guard
from exercises.models import Exercise, GuideSection, Routine, WarningSign
from exercises.models.guide import SEEK_HELP_SLUG
from tests.factories import (
    ExerciseFactory,
    GuideSectionFactory,
    RoutineFactory,
    RoutineItemFactory,
    SessionExerciseFactory,
)

pytestmark = pytest.mark.django_db


def seek_help() -> GuideSection:
    return GuideSection.objects.get(slug=SEEK_HELP_SLUG)


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def changelist_url(model) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def form_data(response) -> dict:
    """What the change form would post as it is shown: its fields and its
    inline formsets, with their management forms."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value) if not isinstance(value, list) else value
        del field
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = str(value)
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if isinstance(value, bool):
                    if value:
                        data[sub.add_prefix(name)] = "on"
                elif value is not None:
                    data[sub.add_prefix(name)] = str(value)
    return data


def changelist_data(client, model, changes: dict) -> dict:
    """The change list's editable cells as shown, with `changes` applied:
    {pk: {field: value}} (a value of False unticks a box)."""
    response = client.get(changelist_url(model))
    formset = response.context["cl"].formset
    data = {
        f"form-{key}": str(value)
        for key, value in formset.management_form.initial.items()
    }
    for sub in formset.forms:
        values = {name: sub[name].value() for name in sub.fields}
        values.update(changes.get(sub.instance.pk, {}))
        for name, value in values.items():
            if value is False or value is None:
                continue
            data[sub.add_prefix(name)] = "on" if value is True else str(value)
    data["_save"] = "Save"
    return data


def messages_of(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


# Case 2: safety content is guarded -------------------------------------------------


def test_the_seek_help_sections_page_fixes_its_slug_and_publication(editor_client):
    section = seek_help()

    response = editor_client.get(change_url(section))

    html = response.content.decode()
    form = response.context["adminform"].form
    assert "slug" not in form.fields and "is_published" not in form.fields
    assert "linked from every warning-sign alert and the site’s footer" in html
    assert reverse("admin:exercises_guidesection_delete", args=[section.pk]) not in html


def test_a_post_cannot_rename_or_unpublish_the_seek_help_section(editor_client):
    section = seek_help()
    data = form_data(editor_client.get(change_url(section)))
    data.update({"title": "When to get help", "slug": "renamed"})
    data.pop("is_published", None)

    response = editor_client.post(change_url(section), data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == changelist_url(GuideSection)
    section.refresh_from_db()
    assert (section.title, section.slug, section.is_published) == (
        "When to get help",
        SEEK_HELP_SLUG,
        True,
    )


@pytest.mark.parametrize("model", [GuideSection, Exercise, Routine])
def test_the_change_lists_offer_no_published_box(editor_client, model):
    """Publishing is an action or the change form; neither can go round the
    guard, so a list's box cannot either (a post that sends one changes
    nothing)."""
    section = seek_help()
    response = editor_client.get(changelist_url(model))
    form = response.context["cl"].formset.forms[0]
    data = changelist_data(
        editor_client, GuideSection, {section.pk: {"is_published": False}}
    )

    response = editor_client.post(changelist_url(GuideSection), data)

    assert "is_published" not in form.fields
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == changelist_url(GuideSection)
    assert GuideSection.objects.get(pk=section.pk).is_published


def _delete_view(client, obj, post: bool):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    return client.post(url, {"post": "yes"}) if post else client.get(url)


def _bulk_delete(client, objs, post: bool):
    model = type(objs[0])
    data = {"action": "delete_selected", "_selected_action": [o.pk for o in objs]}
    if post:
        data["post"] = "yes"
    return client.post(changelist_url(model), data)


@pytest.mark.parametrize("post", [False, True], ids=["asked", "confirmed"])
@pytest.mark.parametrize("how", [_delete_view, _bulk_delete], ids=["view", "bulk"])
@pytest.mark.parametrize(
    "which",
    [
        lambda: [seek_help()],
        lambda: [GuideSectionFactory(), seek_help()],
        lambda: [WarningSign.objects.first()],
        lambda: list(WarningSign.objects.all()),
    ],
    ids=["seek-help", "with-another-section", "a-sign", "all-signs"],
)
def test_safety_content_cannot_be_deleted(editor_client, which, how, post):
    objs = which()
    if how is _delete_view and len(objs) > 1:
        objs = objs[-1:]
    signs = WarningSign.objects.count()

    response = how(editor_client, objs if how is _bulk_delete else objs[0], post)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Nothing was deleted." in html
    assert "cannot be" in html and "Yes, I’m sure" not in html
    assert GuideSection.objects.filter(slug=SEEK_HELP_SLUG).exists()
    assert WarningSign.objects.count() == signs


def test_a_section_holding_a_warning_sign_cannot_be_deleted(editor_client):
    other = GuideSectionFactory()
    sign = WarningSign.objects.first()
    WarningSign.objects.filter(pk=sign.pk).update(section=other)

    response = _delete_view(editor_client, other, post=True)

    assert "Nothing was deleted." in response.content.decode()
    assert WarningSign.objects.filter(pk=sign.pk).exists()


def test_another_section_can_still_be_deleted(editor_client):
    other = GuideSectionFactory()

    response = _delete_view(editor_client, other, post=True)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == changelist_url(GuideSection)
    assert not GuideSection.objects.filter(pk=other.pk).exists()


def test_the_section_page_offers_no_delete_box_and_fixes_the_signs_slugs(
    editor_client,
):
    section = seek_help()
    response = editor_client.get(change_url(section))
    signs = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is WarningSign
    )
    assert not signs.can_delete
    assert all(form.fields["slug"].disabled for form in signs.forms)

    data = form_data(response)
    first = signs.forms[0]
    data[first.add_prefix("slug")] = "renamed-sign"
    data[first.add_prefix("DELETE")] = "on"
    before = set(WarningSign.objects.values_list("slug", flat=True))

    response = editor_client.post(change_url(section), data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == changelist_url(GuideSection)
    assert set(WarningSign.objects.values_list("slug", flat=True)) == before


def test_a_warning_signs_page_fixes_its_slug_and_section(editor_client):
    sign = WarningSign.objects.first()
    other = GuideSectionFactory()

    response = editor_client.get(change_url(sign))
    form = response.context["adminform"].form
    assert "slug" not in form.fields and "section" not in form.fields
    assert "cannot be deleted, moved to another section" in response.content.decode()

    data = form_data(response)
    data.update({"title": "Severe pain that lasts", "slug": "x", "section": other.pk})
    editor_client.post(change_url(sign), data)
    sign.refresh_from_db()
    assert (sign.title, sign.slug, sign.section.slug) == (
        "Severe pain that lasts",
        "severe-pain",
        SEEK_HELP_SLUG,
    )


def test_the_guard_form_refuses_what_the_page_hides():
    """The rule holds for any form built on the model, not only the admin's."""
    from django.forms import modelform_factory

    section = seek_help()
    Form = modelform_factory(
        GuideSection,
        form=guard.GuardedForm,
        fields=["title", "slug", "summary", "order", "is_published"],
    )
    form = Form(
        {"title": section.title, "slug": "new", "summary": "s", "order": "1"},
        instance=section,
    )

    assert not form.is_valid()
    assert guard.SECTION_REASON in form.errors["slug"]
    assert guard.SECTION_REASON in form.errors["is_published"]


# Case 3: unpublishing an exercise warns about the routines it leaves ---------------


def _exercise_in_routines():
    routine = Routine.objects.get(is_default=True)
    item = routine.items.first()
    return item.exercise, routine


def test_unpublishing_an_exercise_lists_the_routines_it_leaves(editor_client):
    exercise, routine = _exercise_in_routines()
    data = form_data(editor_client.get(change_url(exercise)))
    data.pop("is_published")

    response = editor_client.post(change_url(exercise), data, follow=True)

    text = response.content.decode()
    assert "no longer shows in 1 published routine" in text
    assert f'href="{change_url(routine)}"' in text
    # The seed's summary counts three exercises; the page now shows two.
    assert "“three exercises”" in text and "shows 2 published exercises" in text


def test_an_exercise_in_no_published_routine_unpublishes_quietly(editor_client):
    item = RoutineItemFactory(routine=RoutineFactory(is_published=False))
    data = form_data(editor_client.get(change_url(item.exercise)))
    data.pop("is_published", None)

    response = editor_client.post(change_url(item.exercise), data, follow=True)

    assert not Exercise.objects.get(pk=item.exercise.pk).is_published
    assert "no longer shows" not in messages_of(response)


@pytest.mark.parametrize(
    ("text", "counts"),
    [
        ("Two exercises to begin with.", [2]),
        ("The guide's three exercises in order.", [3]),
        ("combining the three kinds of exercise the guide", [3]),
        ("Do 4 easy exercises.", [4]),
        ("Exercise at your own pace.", []),
        ("three times a week", []),
    ],
)
def test_stated_counts_reads_numbers_of_exercises(text, counts):
    assert [number for _, number in guard.stated_counts(text)] == counts


# Case 8: a refused deletion says what uses the item ------------------------------


def test_a_refused_exercise_deletion_says_what_uses_it(editor_client):
    exercise, routine = _exercise_in_routines()
    entries = SessionExerciseFactory.create_batch(3, exercise=exercise)
    member_note = entries[0].session
    member_note.notes = "private-note-4d1c"
    member_note.save()

    response = _delete_view(editor_client, exercise, post=False)

    html = response.content.decode()
    assert "Nothing was deleted." in html
    assert f"“{exercise.title}” cannot be deleted" in html
    assert f"1 routine uses it (“{routine.title}”)" in html
    assert "3 session exercises in members’ records" in html
    assert "Unpublish it instead" in html
    assert "Session exercise #" not in html
    assert "private-note-4d1c" not in html
    assert entries[0].session.user.email not in html
    assert Exercise.objects.filter(pk=exercise.pk).exists()


def test_a_refused_bulk_deletion_says_what_uses_it(editor_client):
    exercise, _ = _exercise_in_routines()
    SessionExerciseFactory(exercise=exercise)

    response = _bulk_delete(editor_client, [exercise], post=True)

    html = response.content.decode()
    assert "1 session exercise in members’ records" in html
    assert "Session exercise #" not in html
    assert Exercise.objects.filter(pk=exercise.pk).exists()


def test_an_unused_exercise_still_deletes(editor_client):
    exercise = Exercise.objects.create(
        title="Spare", slug="spare", kind="stretch", summary="s",
        why_it_helps="w", starting_position="p", reps_min=5,
    )  # fmt: skip

    response = _delete_view(editor_client, exercise, post=True)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == changelist_url(Exercise)
    assert not Exercise.objects.filter(pk=exercise.pk).exists()


def test_saving_a_routine_whose_text_miscounts_its_exercises_warns(editor_client):
    routine = Routine.objects.get(is_default=True)
    data = form_data(editor_client.get(change_url(routine)))
    data["description"] = "Two exercises to begin with."

    response = editor_client.post(change_url(routine), data, follow=True)

    text = messages_of(response)
    assert "“Two exercises”" in text and "shows 3 published exercises" in text


# Case 2: only the signs the site links to are guarded -----------------------------


def _added_sign(section=None) -> WarningSign:
    """A sign an editor added by mistake, with a typo in its slug."""
    return WarningSign.objects.create(
        section=section or seek_help(), slug="sudden-onest", title="Sudden onest",
        body="Added by mistake.", order=9,
    )  # fmt: skip


def test_the_guarded_signs_are_the_seeded_ones():
    from exercises import content

    assert {sign["slug"] for sign in content.WARNING_SIGNS} == (
        guard.GUARDED_SIGN_SLUGS
    )
    assert set(WarningSign.objects.values_list("slug", flat=True)) == (
        guard.GUARDED_SIGN_SLUGS
    )


def test_a_sign_added_by_mistake_can_be_corrected_and_deleted(editor_client):
    sign = _added_sign()

    response = editor_client.get(change_url(sign))
    assert "slug" in response.context["adminform"].form.fields
    assert guard.SIGN_REASON not in response.content.decode()
    data = form_data(response)
    data["slug"] = "sudden-onset-again"
    editor_client.post(change_url(sign), data)
    sign.refresh_from_db()
    assert sign.slug == "sudden-onset-again"

    response = _delete_view(editor_client, sign, post=True)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == changelist_url(WarningSign)
    assert not WarningSign.objects.filter(pk=sign.pk).exists()


def test_the_section_page_deletes_an_added_sign_but_no_seeded_one(editor_client):
    section = seek_help()
    added = _added_sign(section)
    response = editor_client.get(change_url(section))
    signs = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is WarningSign
    )
    rows = {form.instance.slug: form for form in signs.forms}
    assert signs.can_delete
    assert not rows[added.slug].fields["DELETE"].disabled
    assert not rows[added.slug].fields["slug"].disabled
    seeded = [form for slug, form in rows.items() if slug != added.slug]
    assert all(form.fields["DELETE"].disabled for form in seeded)
    assert all(form.fields["slug"].disabled for form in seeded)

    data = form_data(response)
    for form in signs.forms:
        data[form.add_prefix("DELETE")] = "on"
    response = editor_client.post(change_url(section), data)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == changelist_url(GuideSection)
    assert set(WarningSign.objects.values_list("slug", flat=True)) == (
        guard.GUARDED_SIGN_SLUGS
    )


def test_a_section_holding_only_added_signs_can_be_deleted(editor_client):
    other = GuideSectionFactory()
    _added_sign(other)

    response = _delete_view(editor_client, other, post=True)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == changelist_url(GuideSection)
    assert not GuideSection.objects.filter(pk=other.pk).exists()


# Case 3: the default routine is never deleted or unpublished ----------------------


def default_routine() -> Routine:
    return Routine.objects.get(is_default=True)


@pytest.mark.parametrize("post", [False, True], ids=["asked", "confirmed"])
@pytest.mark.parametrize("how", [_delete_view, _bulk_delete], ids=["view", "bulk"])
@pytest.mark.parametrize("with_another", [False, True], ids=["alone", "with-another"])
def test_the_default_routine_cannot_be_deleted(editor_client, how, post, with_another):
    routine = default_routine()
    other = RoutineFactory()
    objs = [other, routine] if with_another and how is _bulk_delete else [routine]

    response = how(editor_client, objs if how is _bulk_delete else routine, post)

    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Nothing was deleted." in html and "Yes, I’m sure" not in html
    assert f"“{routine.title}” cannot be deleted. It is the default routine" in html
    assert "make another routine the default first" in html
    assert Routine.objects.filter(pk__in=[routine.pk, other.pk]).count() == 2


def test_a_routine_members_follow_can_still_be_deleted(editor_client):
    """Their plans keep no routine, and the dashboard offers the default
    (tests/journal/test_dashboard_cache.py)."""
    from tests.factories import PlanFactory

    routine = RoutineItemFactory(routine=RoutineFactory()).routine
    plan = PlanFactory(routine=routine)

    response = _delete_view(editor_client, routine, post=True)

    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == changelist_url(Routine)
    assert not Routine.objects.filter(pk=routine.pk).exists()
    plan.refresh_from_db()
    assert plan.routine is None


def test_the_default_routines_page_refuses_to_unpublish_it(editor_client):
    routine = default_routine()
    response = editor_client.get(change_url(routine))
    assert "make another routine the default before you unpublish it" in (
        response.content.decode()
    )
    data = form_data(response)
    data.pop("is_published")

    response = editor_client.post(change_url(routine), data)

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors["is_published"]
    assert errors == [guard.UNPUBLISH_DEFAULT_REASON]
    assert "Make another routine the default first" in errors[0]
    assert default_routine().is_published


def test_unticking_default_and_published_at_once_is_refused(editor_client):
    routine = default_routine()
    data = form_data(editor_client.get(change_url(routine)))
    data.pop("is_published")
    data.pop("is_default")

    response = editor_client.post(change_url(routine), data)

    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["is_published"]
    assert default_routine().pk == routine.pk and default_routine().is_published


def test_a_new_default_must_be_published(editor_client):
    Routine.objects.update(is_default=False)
    url = reverse("admin:exercises_routine_add")
    data = form_data(editor_client.get(url))
    data.update(
        {"title": "New default", "slug": "new-default", "summary": "s",
         "is_default": "on"}
    )  # fmt: skip
    data.pop("is_published", None)

    response = editor_client.post(url, data)

    assert response.status_code == HTTPStatus.OK
    errors = response.context["adminform"].form.errors["is_published"]
    assert errors == [guard.DRAFT_DEFAULT_REASON]
    assert not Routine.objects.filter(slug="new-default").exists()


def test_the_default_moves_in_two_saves_and_a_warning_says_none_is_left(
    editor_client,
):
    routine = default_routine()
    data = form_data(editor_client.get(change_url(routine)))
    data.pop("is_default")

    response = editor_client.post(change_url(routine), data, follow=True)

    assert "no longer the default routine, and no routine is" in (messages_of(response))
    other = RoutineFactory()
    data = form_data(editor_client.get(change_url(other)))
    data["is_default"] = "on"
    response = editor_client.post(change_url(other), data, follow=True)
    assert "no routine is" not in messages_of(response)
    assert default_routine().pk == other.pk
    # Now the old default unpublishes like any routine.
    data = form_data(editor_client.get(change_url(routine)))
    data.pop("is_published")
    editor_client.post(change_url(routine), data)
    assert not Routine.objects.get(pk=routine.pk).is_published


def test_the_routines_list_cannot_unpublish_the_default(editor_client):
    """The change form is the only way to unpublish: the list offers no
    unpublish action and no published box, and a forged post changes nothing."""
    routine = default_routine()
    response = editor_client.get(changelist_url(Routine))
    actions = set(response.context["action_form"].fields["action"].choices)
    form = response.context["cl"].formset.forms[0]
    data = changelist_data(editor_client, Routine, {})
    for sub in response.context["cl"].formset.forms:
        data.pop(sub.add_prefix("is_published"), None)
        data[sub.add_prefix("is_default")] = ""

    response = editor_client.post(changelist_url(Routine), data)

    assert {name for name, _ in actions} == {"", "delete_selected", "publish_selected"}
    assert set(form.fields) <= {"order", "id"}
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == changelist_url(Routine)
    assert default_routine().pk == routine.pk and default_routine().is_published


# Case 3: warnings after a routine or an address changes ---------------------------


def test_a_draft_exercise_added_to_a_published_routine_is_named(editor_client):
    routine = default_routine()
    draft = ExerciseFactory(title="Half-written exercise", is_published=False)
    response = editor_client.get(change_url(routine))
    data = form_data(response)
    items = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model.__name__ == "RoutineItem"
    )
    extra = items.forms[-1]
    assert extra.instance.pk is None
    data.update(
        {extra.add_prefix("exercise"): str(draft.pk), extra.add_prefix("reps"): "5",
         extra.add_prefix("order"): ""}
    )  # fmt: skip

    response = editor_client.post(change_url(routine), data, follow=True)

    text = messages_of(response)
    assert routine.items.filter(exercise=draft).exists()
    assert "is published, but this exercise is not" in text
    assert f'href="{change_url(draft)}">Half-written exercise</a>' in text
    assert "Members do not see it in the routine until it is published" in text


def test_a_routine_without_draft_exercises_saves_without_that_warning(editor_client):
    routine = default_routine()
    data = form_data(editor_client.get(change_url(routine)))

    response = editor_client.post(change_url(routine), data, follow=True)

    assert "is published, but" not in messages_of(response)


ADDRESSED = {
    "exercise": lambda: Exercise.objects.get(slug="bird-dog"),
    "routine": default_routine,
    "guide section": lambda: GuideSection.objects.get(slug="causes"),
}


@pytest.mark.parametrize("published", [True, False], ids=["published", "draft"])
@pytest.mark.parametrize("which", ADDRESSED)
def test_a_new_slug_warns_that_the_old_address_no_longer_works(
    editor_client, which, published
):
    obj = ADDRESSED[which]()
    if not published:
        draft = {"is_published": False}
        if which == "routine":
            draft["is_default"] = False  # a default is never a draft
        type(obj).objects.filter(pk=obj.pk).update(**draft)
    old_url = obj.get_absolute_url()
    data = form_data(editor_client.get(change_url(obj)))
    data["slug"] = "renamed-5e2b"

    response = editor_client.post(change_url(obj), data, follow=True)

    text = messages_of(response)
    obj.refresh_from_db()
    assert obj.slug == "renamed-5e2b"
    if published:
        assert f"Its old address, {old_url}, no longer opens it" in text
        assert f"has a new address, {obj.get_absolute_url()}" in text
        assert editor_client.get(old_url).status_code == HTTPStatus.NOT_FOUND
    else:
        assert "old address" not in text


def test_saving_without_a_new_slug_does_not_warn_of_an_address(editor_client):
    exercise = Exercise.objects.get(slug="bird-dog")
    data = form_data(editor_client.get(change_url(exercise)))
    data["title"] = "Bird dog, edited"

    response = editor_client.post(change_url(exercise), data, follow=True)

    assert "old address" not in messages_of(response)
