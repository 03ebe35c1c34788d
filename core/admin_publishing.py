"""Drafts in the admin: a status column and filter in words, a "Publish
selected" action that publishes only what the change form would accept, and
"View on site" that opens a draft's staff preview (core.preview) instead of a
404.

For a model with `is_published` and a `slug`, whose app has a preview URL
taking the slug:

    class ExerciseAdmin(PublishingAdmin, admin.ModelAdmin):
        preview_url_name = "exercises:exercise-preview"
        list_display = [..., "publication_status", ...]
        list_filter = [PublicationStatusFilter, ...]

There is no "unpublish" action on purpose: unpublishing goes through the
change form, where the rules that guard it (safety content, for one) apply.
"""

from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR, ActionLocation
from django.db.models import Model
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.urls import reverse


class PublicationStatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("draft", "Draft"), ("published", "Published")]

    def queryset(self, request, queryset):
        if self.value() == "draft":
            return queryset.filter(is_published=False)
        if self.value() == "published":
            return queryset.filter(is_published=True)
        return queryset


class PublishingAdmin:
    """Mix into a ModelAdmin (first among the bases)."""

    preview_url_name: str = ""

    def view_on_site(self, obj: Model) -> str:
        if obj.is_published:
            return obj.get_absolute_url()
        return reverse(self.preview_url_name, kwargs={"slug": obj.slug})

    @admin.display(description="status", ordering="is_published")
    def publication_status(self, obj: Model) -> str:
        return "Published" if obj.is_published else "Draft"

    def get_actions(
        self, request: HttpRequest, action_location=ActionLocation.CHANGE_LIST
    ):
        # Added here rather than through `actions`, which a class's own list
        # would replace.
        actions = super().get_actions(request, action_location=action_location)
        action = self.get_action("publish_selected", action_location)
        popup = IS_POPUP_VAR in request.GET
        if action and not popup and self.has_change_permission(request):
            actions[action.name] = action
        return actions

    @admin.action(description="Publish selected %(verbose_name_plural)s")
    def publish_selected(self, request: HttpRequest, queryset) -> None:
        published, already, refused = [], [], []
        for obj in queryset:
            if obj.is_published:
                already.append(obj)
            elif problems := self.publish_problems(request, obj):
                refused.append((obj, problems))
            else:
                obj.is_published = True
                fields = ["is_published"]
                if hasattr(obj, "updated_at"):
                    fields.append("updated_at")
                obj.save(update_fields=fields)
                self.log_change(request, obj, [{"changed": {"fields": ["published"]}}])
                published.append(obj)
        opts = self.model._meta
        if published:
            noun = (
                opts.verbose_name if len(published) == 1 else (opts.verbose_name_plural)
            )
            self.message_user(
                request,
                f"Published {len(published)} {noun}: {_titles(published)}. "
                f"Members can see {'it' if len(published) == 1 else 'them'} now.",
                messages.SUCCESS,
            )
        if already:
            self.message_user(
                request,
                f"Already published, left as they were: {_titles(already)}.",
                messages.INFO,
            )
        for obj, problems in refused:
            self.message_user(
                request,
                f"“{obj}” was not published, and stays a draft: "
                + " ".join(problems)
                + f" Fix this on the {opts.verbose_name}’s page, then publish it.",
                messages.WARNING,
            )

    def publish_problems(self, request: HttpRequest, obj: Model) -> list[str]:
        """What the change form would refuse if `obj` were saved as it is with
        "published" ticked: the same form, the same rules, in words."""
        form_class = self.get_form(request, obj, change=True)
        data = model_to_dict(obj, fields=list(form_class.base_fields))
        data["is_published"] = True
        form = form_class(data=data, instance=obj)
        if form.is_valid():
            return []
        problems = []
        for name, errors in form.errors.items():
            field = form.fields.get(name)
            label = (
                None
                if name in ("__all__", "is_published") or not field
                else (field.label)
            )
            for error in errors:
                problems.append(f"{label}: {error}" if label else str(error))
        return problems


def _titles(objs: list[Model]) -> str:
    return ", ".join(f"“{obj}”" for obj in objs)
