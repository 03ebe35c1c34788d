from django import forms
from django.contrib import admin
from django.utils.html import format_html

from core.admin_ordering import OrderedInlineForm, OrderedInlineMixin
from core.admin_publishing import PublicationStatusFilter, PublishingAdmin

from .forms import ExerciseImageForm
from .guard import (
    DefaultRoutineGuardMixin,
    ExerciseWarningsMixin,
    ExplainedDeletionMixin,
    GuardedAdminMixin,
    GuardedInlineForm,
    GuardedInlineMixin,
    GuideSectionWarningsMixin,
    RoutineWarningsMixin,
)
from .models import (
    Exercise,
    ExerciseImage,
    ExerciseStep,
    GuideSection,
    Routine,
    RoutineItem,
    Tip,
    WarningSign,
)


class ListEditableForm(forms.ModelForm):
    """A change list's editable cells have no <label>: name each input after its
    column and row ("Order of Hip Flexor Stretch") for screen readers."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"{field.label} of {self.instance}"


class LabelledListEditableMixin:
    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", ListEditableForm)
        return super().get_changelist_form(request, **kwargs)


class ExerciseStepInline(OrderedInlineMixin, admin.TabularInline):
    model = ExerciseStep
    order_noun = "step"
    extra = 1
    fields = ["order", "title", "text"]


class ExerciseImageInline(OrderedInlineMixin, admin.StackedInline):
    """Photos of the exercise, in order. Only staff with the photo permissions
    (the Content editors group, and superusers) see or send this inline: the
    admin leaves out an inline its user has no permission on."""

    model = ExerciseImage
    form = ExerciseImageForm
    order_noun = "photo"
    extra = 0
    fields = ["preview", "image", "alt_text", "caption", "order"]
    readonly_fields = ["preview"]

    @admin.display(description="Photo")
    def preview(self, image: ExerciseImage) -> str:
        if not image.pk or not image.card:
            return "Not uploaded yet."
        width, height = image.card_size
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" class="photo-preview">',
            image.card.url,
            width,
            height,
            image.alt_text,
        )


@admin.register(Exercise)
class ExerciseAdmin(
    ExerciseWarningsMixin,
    ExplainedDeletionMixin,
    PublishingAdmin,
    LabelledListEditableMixin,
    admin.ModelAdmin,
):
    preview_url_name = "exercises:exercise-preview"
    list_display = [
        "title",
        "kind",
        "dose_text",
        "order",
        "publication_status",
        "updated_at",
    ]
    list_display_links = ["title"]
    list_editable = ["order"]
    list_filter = [PublicationStatusFilter, "kind"]
    search_fields = ["title", "summary", "why_it_helps", "steps__text"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ExerciseStepInline, ExerciseImageInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "kind", "summary", "is_published", "order"]},
        ),
        ("Instructions", {"fields": ["why_it_helps", "starting_position"]}),
        ("Illustration", {"fields": ["drawing"]}),
        (
            "Dose",
            {
                "description": "Give reps, a hold time, or both. Leave a maximum "
                "empty when the dose is a single number.",
                "fields": [
                    ("sets_min", "sets_max"),
                    ("reps_min", "reps_max"),
                    ("hold_seconds_min", "hold_seconds_max"),
                    "per_side",
                    "seconds_per_rep",
                ],
            },
        ),
        ("Progression and safety", {"fields": ["progression", "safety_cues"]}),
    ]

    @admin.display(description="dose")
    def dose_text(self, exercise: Exercise) -> str:
        return exercise.dose_text


class RoutineItemInline(OrderedInlineMixin, admin.TabularInline):
    model = RoutineItem
    order_noun = "item"
    extra = 1
    fields = [
        "order",
        "exercise",
        "sets",
        "reps",
        "hold_seconds",
        "per_side",
        "rest_seconds",
    ]
    # A plain select: the library is short, and the autocomplete widget's
    # combobox in the blank extra row has no accessible name (axe-core).


@admin.register(Routine)
class RoutineAdmin(
    DefaultRoutineGuardMixin,
    RoutineWarningsMixin,
    ExplainedDeletionMixin,
    PublishingAdmin,
    LabelledListEditableMixin,
    admin.ModelAdmin,
):
    preview_url_name = "exercises:routine-preview"
    list_display = [
        "title",
        "is_default",
        "order",
        "publication_status",
        "updated_at",
    ]
    list_editable = ["order"]
    list_filter = [PublicationStatusFilter, "is_default"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [RoutineItemInline]


class TipInline(OrderedInlineMixin, admin.TabularInline):
    model = Tip
    order_noun = "tip"
    extra = 0
    fields = ["category", "order", "title", "body"]


class WarningSignInlineForm(GuardedInlineForm, OrderedInlineForm):
    """A stored sign's slug is fixed (guard); its number may be left empty or
    swapped with another's (ordering)."""


class WarningSignInline(GuardedInlineMixin, OrderedInlineMixin, admin.TabularInline):
    form = WarningSignInlineForm
    model = WarningSign
    order_noun = "warning sign"
    extra = 0
    fields = ["order", "title", "slug", "body"]


@admin.register(GuideSection)
class GuideSectionAdmin(
    GuardedAdminMixin,
    GuideSectionWarningsMixin,
    ExplainedDeletionMixin,
    PublishingAdmin,
    LabelledListEditableMixin,
    admin.ModelAdmin,
):
    preview_url_name = "exercises:guide-section-preview"
    list_display = ["title", "order", "publication_status", "updated_at"]
    list_editable = ["order"]
    list_filter = [PublicationStatusFilter]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TipInline, WarningSignInline]


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "section", "order"]
    list_filter = ["category", "section"]
    search_fields = ["title", "body"]


@admin.register(WarningSign)
class WarningSignAdmin(GuardedAdminMixin, ExplainedDeletionMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "section", "order"]
    list_filter = ["section"]
    search_fields = ["title", "body"]
    prepopulated_fields = {"slug": ["title"]}
