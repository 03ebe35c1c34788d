"""What staff may not do to content through the admin, and why: one place.

Safety content is guarded: the guide section on when to seek medical attention
(SEEK_HELP_SLUG) and the warning signs the site links to (GUARDED_SIGN_SLUGS,
the seeded ones). Alerts, the check-in form, exercise pages and the footer link
to them by that slug (and the signs' slugs as anchors), so they are never
unpublished, deleted, renamed or moved. A sign an editor adds is linked from
nowhere: it can be corrected or deleted like any content.

Members' flow is guarded too: the default routine, the one new members start
with and the one offered when a member's own routine is no longer published
or no longer exists, is never deleted or unpublished.

The rest of the module words what the admin says when an edit would leave
members with less than they had: an exercise unpublished out of published
routines, a routine whose text counts exercises it no longer shows, a deletion
refused because something still uses the item. Nothing here knows the apps
that use content (journal, quiz): their rows are counted from the models
Django's deletion collector finds, and named "members’ records".
"""

import copy
import re
from collections import Counter
from collections.abc import Iterable

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import NestedObjects
from django.db import models, router
from django.forms.formsets import DELETION_FIELD_NAME
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from .content import WARNING_SIGNS
from .models import Exercise, GuideSection, Routine, RoutineItem, WarningSign
from .models.guide import SEEK_HELP_SLUG

# The warning signs other parts of the site link to by slug (the check-in's
# questions, journal.triage.QUESTIONS, name theirs; a test holds them to
# this set): the seeded ones.
GUARDED_SIGN_SLUGS = frozenset(sign["slug"] for sign in WARNING_SIGNS)

SECTION_REASON = (
    "This section is linked from every warning-sign alert and the site’s footer: "
    "it cannot be unpublished, deleted or given another address (slug). You can "
    "still edit its title, summary, text and tips."
)
SIGN_REASON = (
    "This warning sign is linked from the check-in form, the alerts and the "
    "guide by its address (slug): it cannot be deleted, moved to another section "
    "or given another slug. You can still edit its title and text."
)
DEFAULT_ROUTINE_REASON = (
    "It is the default routine, the one new members start with and the one "
    "offered when a member’s own routine is no longer published: make another "
    "routine the default first (untick “default routine” on this one’s page and "
    "save, then tick it on the other routine’s page). Then you can unpublish this "
    "one instead: what members recorded keeps it."
)
UNPUBLISH_DEFAULT_REASON = (
    "This is the default routine, the one new members start with and the one "
    "offered when a member’s own routine is no longer published: it cannot be "
    "unpublished. Make another routine the default first (untick “default "
    "routine” here and save, then tick it on the other routine’s page)."
)


DRAFT_DEFAULT_REASON = (
    "The default routine is the one new members start with and the one offered "
    "when a member’s own routine is no longer published, so it must be "
    "published: tick “published” too, or leave “default routine” unticked."
)


def protection(obj: models.Model) -> str:
    """Why `obj` (as stored) is guarded, or "" when it is not."""
    if isinstance(obj, WarningSign) and obj.pk:
        stored = WarningSign.objects.filter(pk=obj.pk).values_list("slug", flat=True)
        return SIGN_REASON if GUARDED_SIGN_SLUGS.intersection(stored) else ""
    if isinstance(obj, GuideSection) and obj.pk:
        stored = GuideSection.objects.filter(pk=obj.pk).values_list("slug", flat=True)
        return SECTION_REASON if SEEK_HELP_SLUG in stored else ""
    return ""


class GuardedForm(forms.ModelForm):
    """Refuses, next to the field, what `protection` forbids: unpublishing a
    guarded object or changing its slug (the change form makes them read-only;
    this also holds for the change list's editable cells and forged posts)."""

    def clean(self):
        cleaned = super().clean()
        reason = protection(self.instance)
        if not reason:
            return cleaned
        if "is_published" in self.fields and cleaned.get("is_published") is False:
            self.add_error("is_published", reason)
        if "slug" in self.fields and cleaned.get("slug", self.instance.slug) != (
            self.instance.slug
        ):
            self.add_error("slug", reason)
        if (
            "section" in self.fields
            and isinstance(self.instance, WarningSign)
            and cleaned.get("section")
            and cleaned["section"].pk != self.instance.section_id
        ):
            self.add_error("section", reason)
        return cleaned


class GuardedInlineForm(GuardedForm):
    """A stored warning sign's slug is shown but cannot change in its row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and protection(self.instance):
            self.fields["slug"].disabled = True
            self.fields["slug"].help_text = SIGN_REASON


class DefaultRoutineForm(forms.ModelForm):
    """Refuses, next to "Published", a default routine that is not published:
    the default (as stored, or as ticked on this form) is what new members
    start with and what stands in for a routine no longer offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("is_published")
        if field is not None and self.instance.pk and self.instance.is_default:
            field.help_text = (
                "This is the default routine: make another routine the default "
                "before you unpublish it."
            )

    def clean(self):
        cleaned = super().clean()
        # Before _post_clean, the instance still holds the stored values.
        stored_default = bool(self.instance.pk and self.instance.is_default)
        if "is_published" in self.fields and cleaned.get("is_published") is False:
            if stored_default:
                self.add_error("is_published", UNPUBLISH_DEFAULT_REASON)
            elif cleaned.get("is_default"):
                self.add_error("is_published", DRAFT_DEFAULT_REASON)
        return cleaned


class DefaultRoutineGuardMixin:
    """For the routines' admin: the default routine stays published (the
    change form; the list has no published box and no unpublish action, and
    deletion is refused by ExplainedDeletionMixin)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("form", type("Form", (DefaultRoutineForm, self.form), {}))
        return super().get_form(request, obj, change=change, **kwargs)


def _guarded_fields(obj) -> list[str]:
    """The fields of a guarded object that the change form shows read-only."""
    if obj is None or not protection(obj):
        return []
    fields = ["slug"]
    if isinstance(obj, GuideSection):
        fields.append("is_published")
    if isinstance(obj, WarningSign):
        fields.append("section")
    return fields


class GuardedAdminMixin:
    """For the admins of guide sections and warning signs: guarded fields are
    read-only, the page says why, Delete is not offered, and a delete (its
    view or the bulk action) is refused with the reason."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("form", type("Form", (GuardedForm, self.form), {}))
        return super().get_form(request, obj, change=change, **kwargs)

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)
        return type("ChangelistForm", (GuardedForm, base), {})

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly + [f for f in _guarded_fields(obj) if f not in readonly]

    def get_prepopulated_fields(self, request, obj=None):
        guarded = _guarded_fields(obj)
        return {
            field: sources
            for field, sources in super().get_prepopulated_fields(request, obj).items()
            if field not in guarded
        }

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        reason = protection(obj) if obj is not None else ""
        context["guard_reason"] = reason
        if reason:
            context["show_delete"] = False
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)


class GuardedInlineFormSetMixin:
    """A guarded row's "Delete?" box is shown disabled: a post that ticks it
    deletes nothing (a disabled field keeps its initial value)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if DELETION_FIELD_NAME in form.fields and protection(form.instance):
            form.fields[DELETION_FIELD_NAME].disabled = True


class GuardedInlineMixin:
    """For the warning signs' inline on a section's page: a guarded sign's
    slug is read-only and its row cannot be deleted. The "Delete?" column only
    shows on a section that holds a sign an editor added (the seek-help
    section as seeded has none: no column of boxes that do nothing)."""

    form = GuardedInlineForm

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (GuardedInlineFormSetMixin, formset), {})

    def has_delete_permission(self, request, obj=None):
        if obj is None or not super().has_delete_permission(request, obj):
            return False
        return (
            self.model.objects.filter(section=obj)
            .exclude(slug__in=GUARDED_SIGN_SLUGS)
            .exists()
        )


# Deletions refused in words ------------------------------------------------------


def _names(objects: Iterable[models.Model]) -> str:
    return ", ".join(f"“{obj}”" for obj in objects)


def _counted(count: int, model: type[models.Model]) -> str:
    opts = model._meta
    return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"


def undeletable(obj: models.Model) -> str:
    """Why `obj` (as given: read from the database) is never deleted, or "":
    guarded safety content, or the default routine."""
    if isinstance(obj, Routine) and obj.is_default:
        return DEFAULT_ROUTINE_REASON
    return protection(obj)


def refusals(objs: Iterable[models.Model]) -> list[str]:
    """Why deleting `objs` is refused, one sentence per reason, or []: guarded
    objects (`undeletable`) among them or among what the deletion would take
    with it, and what still uses them (on_delete=PROTECT). Rows of other apps
    are counted as members’ records, never shown: they may hold health data."""
    objs = list(objs)
    if not objs:
        return []
    collector = NestedObjects(using=router.db_for_write(type(objs[0])))
    collector.collect(objs)
    reasons = []
    cascaded = [obj for rows in collector.data.values() for obj in rows]
    guarded: dict[str, list[models.Model]] = {}
    for obj in cascaded:
        if reason := undeletable(obj):
            guarded.setdefault(reason, []).append(obj)
    for reason, which in guarded.items():
        verb = " cannot be deleted. " if reason == DEFAULT_ROUTINE_REASON else ": "
        reasons.append(f"{_names(which)}{verb}{reason}")
    if collector.protected:
        reasons.append(_in_use(collector.protected, objs))
    return reasons


def _in_use(protected: Iterable[models.Model], objs: list[models.Model]) -> str:
    own_app = objs[0]._meta.app_label
    counts: Counter = Counter()
    routines: set[int] = set()
    for obj in protected:
        if isinstance(obj, RoutineItem):
            routines.add(obj.routine_id)
        else:
            counts[type(obj)] += 1
    parts = []
    if routines:
        used_in = Routine.objects.filter(pk__in=routines)
        parts.append(
            f"{_counted(len(routines), Routine)} use{'s' if len(routines) == 1 else ''}"
            f" it ({_names(used_in)})"
        )
    for model, count in counts.items():
        where = "" if model._meta.app_label == own_app else " in members’ records"
        parts.append(f"{_counted(count, model)}{where} still refer to it")
    if not hasattr(objs[0], "is_published"):
        advice = "Leave it in place, or remove what uses it first."
    elif any(obj.is_published for obj in objs):
        advice = (
            "Unpublish it instead: members then no longer see it, and what they "
            "recorded keeps it."
        )
    else:
        advice = (
            "It is already unpublished, so members no longer see it; it stays "
            "for what they recorded."
        )
    return f"{_names(objs)} cannot be deleted: {' and '.join(parts)}. {advice}"


class ExplainedDeletionMixin:
    """The admin's "cannot delete" page (delete view and bulk action) says in
    words what still uses the item and what to do instead, in place of a list
    of rows ("Session exercise #1") that may belong to members."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(
            objs, request
        )
        reasons = refusals(objs)
        if reasons:
            # What would go with it is not listed either: the reasons say it.
            return [], {}, perms_needed, reasons
        return deleted, counts, perms_needed, protected


# Warnings after an edit ------------------------------------------------------------

NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ],
        start=1,
    )
}
# "three exercises", "Two exercises to begin with", "the three kinds of exercise".
COUNT_PATTERN = re.compile(
    r"\b(\d+|" + "|".join(NUMBER_WORDS) + r")\s+(?:[\w’'-]+\s+){0,3}?exercises?\b",
    re.IGNORECASE,
)


def stated_counts(text: str) -> list[tuple[str, int]]:
    """The numbers of exercises `text` states: ("three exercises", 3), ..."""
    found = []
    for match in COUNT_PATTERN.finditer(text):
        word = match.group(1).lower()
        found.append(
            (match.group(0), int(word) if word.isdigit() else NUMBER_WORDS[word])
        )
    return found


def miscounts(routine: Routine) -> list[str]:
    """The phrases of the routine's summary and description whose number of
    exercises differs from the published exercises its page shows."""
    shown = RoutineItem.objects.filter(
        routine=routine, exercise__is_published=True
    ).count()
    return [
        phrase
        for text in (routine.summary, routine.description)
        for phrase, number in stated_counts(text)
        if number != shown
    ]


def _admin_link(obj: models.Model) -> str:
    opts = obj._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return format_html("“{}”", obj)
    return format_html('<a href="{}">{}</a>', url, obj)


def warn_routine_text(request, routine: Routine) -> None:
    phrases = miscounts(routine)
    if phrases:
        shown = RoutineItem.objects.filter(
            routine=routine, exercise__is_published=True
        ).count()
        messages.warning(
            request,
            format_html(
                "{} says {} but its page shows {} published exercise{}: update its "
                "summary or description, or publish the missing exercises again.",
                _admin_link(routine),
                format_html_join(" and ", "“{}”", ((p,) for p in phrases)),
                shown,
                "" if shown == 1 else "s",
            ),
        )


def warn_exercise_unpublished(request, exercise: Exercise) -> None:
    """After an exercise is unpublished: which published routines it leaves."""
    routines = list(
        Routine.objects.published().filter(items__exercise=exercise).distinct()
    )
    if not routines:
        return
    messages.warning(
        request,
        format_html(
            "“{}” is unpublished, so it no longer shows in {} published routine{}: "
            "{}. Members following {} now do one exercise fewer; check that the "
            "routine’s text still fits.",
            exercise,
            len(routines),
            "" if len(routines) == 1 else "s",
            format_html_join(", ", "{}", ((_admin_link(r),) for r in routines)),
            "it" if len(routines) == 1 else "them",
        ),
    )
    for routine in routines:
        warn_routine_text(request, routine)


class ExerciseWarningsMixin:
    """For the exercises' admin: warn when an exercise leaves routines."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_published" in form.changed_data and not obj.is_published:
            warn_exercise_unpublished(request, obj)
        if change:
            warn_address_moved(request, obj, form)


class RoutineWarningsMixin:
    """For the routines' admin: warn when a published routine's address
    changes, when it holds draft exercises and when its text counts other
    exercises than the page shows (checked after the items are saved), and
    when no routine is the default any more."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            warn_address_moved(request, obj, form)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        routine = form.instance
        if routine.is_published:
            warn_draft_exercises(request, routine)
            warn_routine_text(request, routine)
        if (
            "is_default" in form.changed_data
            and not routine.is_default
            and not Routine.objects.filter(is_default=True).exists()
        ):
            messages.warning(
                request,
                format_html(
                    "{} is no longer the default routine, and no routine is: new "
                    "members start without one, and members whose routine is no "
                    "longer published are offered none. Tick “default routine” on "
                    "the page of the published routine that should be the default.",
                    _admin_link(routine),
                ),
            )


def warn_address_moved(request, obj: models.Model, form: forms.ModelForm) -> None:
    """After a published page's slug changed: its old address answers 404."""
    if "slug" not in form.changed_data or not form.initial.get("is_published"):
        return
    old = copy.copy(obj)
    old.slug = form.initial["slug"]
    messages.warning(
        request,
        format_html(
            "{} has a new address, {}. Its old address, {}, no longer opens it: "
            "members’ bookmarks and links shared elsewhere (emails, messages, other "
            "sites) now answer “not found”. Links within this site follow the new "
            "address. If that was not intended, give it back its old slug, “{}”.",
            _admin_link(obj),
            obj.get_absolute_url(),
            old.get_absolute_url(),
            old.slug,
        ),
    )


def warn_draft_exercises(request, routine: Routine) -> None:
    """After a published routine is saved: its exercises members do not see."""
    drafts = list(
        Exercise.objects.filter(routine_items__routine=routine, is_published=False)
        .distinct()
        .order_by("title")
    )
    if not drafts:
        return
    one = len(drafts) == 1
    messages.warning(
        request,
        format_html(
            "{} is published, but {} {} not: {}. Members do not see {} in the "
            "routine until {} published: publish {} (on {} page, or with “Publish "
            "selected” in the list of exercises), or take {} out of the routine.",
            _admin_link(routine),
            "this exercise" if one else f"these {len(drafts)} exercises",
            "is" if one else "are",
            format_html_join(", ", "{}", ((_admin_link(e),) for e in drafts)),
            "it" if one else "them",
            "it is" if one else "they are",
            "it" if one else "them",
            "its" if one else "their",
            "it" if one else "them",
        ),
    )


class GuideSectionWarningsMixin:
    """For the guide sections' admin: warn when a published section's address
    changes."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            warn_address_moved(request, obj, form)
