"""Inlines whose rows carry an `order` number that is unique per parent.

Django's inline formsets validate each row's new number against the rows still
in the database and then save row by row, so swapping two rows (3 <-> 4) is
refused on both rows, and would break the database's unique constraint at the
first UPDATE even if it passed. Here:

- the formset checks that the kept rows' numbers are unique among themselves
  (a message next to each clashing number) instead of against the database;
- a row whose number is left empty goes to the end of its group;
- saving first parks every row whose place changes (and every deleted row) on a
  temporary number above all others, then saves the rows at their final numbers,
  all in one transaction, so the database's unique constraint (which stays, on
  SQLite and PostgreSQL alike) never sees two rows on the same number.

A "group" is what the order number is unique within besides the parent, read from
the model's UniqueConstraint: a guide section's tips are numbered per category.

The admin templates (templates/admin/edit_inline/) add "Move up" and "Move down"
buttons to these inlines; psoasapp/js/admin-ordering.js moves the row and
renumbers the order inputs. Without JavaScript, typing the numbers works the same.
This module imports no app.
"""

from collections import defaultdict

from django import forms
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet

ORDER_FIELD = "order"


class OrderedInlineForm(forms.ModelForm):
    """A row whose order number may be left empty, and whose number is checked
    by the formset against the other rows, not against the database."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if field := self.fields.get(ORDER_FIELD):
            field.required = False
            field.help_text = "Leave empty to put it at the end."
            if self.instance._state.adding:
                # A new row shows no number (not a model default such as 0).
                self.initial[ORDER_FIELD] = None

    def _get_validation_exclusions(self):
        # The per-row check against the database would refuse a swap: the
        # formset checks the numbers across its rows instead (see clean()).
        exclude = super()._get_validation_exclusions()
        exclude.add(ORDER_FIELD)
        return exclude


class OrderedInlineFormSet(BaseInlineFormSet):
    # The word the move buttons and their announcements use ("Move step 3 up");
    # OrderedInlineMixin sets it from the inline.
    order_noun = ""
    order_field = ORDER_FIELD

    @classmethod
    def group_fields(cls) -> tuple[str, ...]:
        """The fields besides the parent that the order number is unique within."""
        for constraint in cls.model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if isinstance(constraint, models.UniqueConstraint) and (
                cls.fk.name in fields and ORDER_FIELD in fields
            ):
                return tuple(f for f in fields if f not in {cls.fk.name, ORDER_FIELD})
        return ()

    def _group(self, form) -> tuple | None:
        values = []
        for name in self.group_fields():
            if name not in form.cleaned_data:
                return None
            value = form.cleaned_data[name]
            values.append(getattr(value, "pk", value))
        return tuple(values)

    def _kept_forms(self):
        return [
            form
            for form in self.forms
            if form.cleaned_data
            and not self._should_delete_form(form)
            and ORDER_FIELD in form.cleaned_data
        ]

    def clean(self) -> None:
        super().clean()
        noun = self.order_noun or self.model._meta.verbose_name
        groups: dict[tuple, list] = defaultdict(list)
        for form in self._kept_forms():
            group = self._group(form)
            if group is not None:
                groups[group].append(form)
        for forms_in_group in groups.values():
            by_number = defaultdict(list)
            for form in forms_in_group:
                number = form.cleaned_data[ORDER_FIELD]
                if number is not None:
                    by_number[number].append(form)
            for number, clashing in by_number.items():
                if len(clashing) > 1:
                    for form in clashing:
                        form.add_error(
                            ORDER_FIELD,
                            f"Another {noun} also has number {number}. Give each "
                            f"{noun} its own number, or leave it empty to put the "
                            f"{noun} at the end.",
                        )
            # Rows left without a number go to the end, in the order shown.
            last = max(by_number, default=0)
            for form in forms_in_group:
                if form.cleaned_data.get(ORDER_FIELD, 0) is None:
                    last += 1
                    form.cleaned_data[ORDER_FIELD] = last
                    form.instance.order = last

    def save(self, commit: bool = True):
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            self._park_moving_rows()
            return super().save(commit=True)

    save.alters_data = True

    def _park_moving_rows(self) -> None:
        """Move each existing row whose place changes, or that is deleted, to a
        temporary number no row has or will have."""
        names = (*self.group_fields(), ORDER_FIELD)
        moving = []
        for form in self.initial_forms:
            row = form.instance
            if row.pk is None or row._state.adding:
                continue
            deleted = self._should_delete_form(form)
            before = tuple(form.initial.get(name) for name in names)
            after = tuple(
                getattr(value, "pk", value)
                for value in (form.cleaned_data.get(name) for name in names)
            )
            if deleted or before != after:
                moving.append(row.pk)
        if not moving:
            return
        rows = self.model._default_manager.filter(**{self.fk.name: self.instance})
        highest = rows.aggregate(highest=models.Max(ORDER_FIELD))["highest"] or 0
        finals = [
            form.cleaned_data[ORDER_FIELD]
            for form in self._kept_forms()
            if form.cleaned_data[ORDER_FIELD] is not None
        ]
        above = max([highest, *finals]) + 1
        for offset, pk in enumerate(moving):
            rows.filter(pk=pk).update(**{ORDER_FIELD: above + offset})


class OrderedInlineMixin:
    """Put before admin.TabularInline or admin.StackedInline. An inline with its
    own formset gives it OrderedInlineFormSet as a base."""

    form = OrderedInlineForm
    formset = OrderedInlineFormSet
    # How a row is named to people: "step" gives "Move step 3 up".
    order_noun = ""

    class Media:
        js = ["psoasapp/js/admin-ordering.js"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not issubclass(formset, OrderedInlineFormSet):
            raise TypeError(
                f"{type(self).__name__}'s formset must subclass OrderedInlineFormSet"
            )
        formset.order_noun = self.order_noun or self.model._meta.verbose_name
        return formset
