"""The trend page's filters, from GET: a range of the dashboard's, a side
and a trigger. A value the page does not know is an error beside its field,
and the chart leaves that filter out."""

from django import forms

from .models import PainSide
from .series import DEFAULT_RANGE, RANGES

ANY = ""


class TrendForm(forms.Form):
    range = forms.ChoiceField(
        label="Dates",
        required=False,
        choices=[
            (key, f"Last {r.label}" if r.weeks else "All your entries")
            for key, r in RANGES.items()
        ],
        error_messages={
            "invalid_choice": "“%(value)s” is not a range this page knows: the "
            f"chart shows the last {DEFAULT_RANGE.label}."
        },
    )
    side = forms.ChoiceField(
        label="Side",
        required=False,
        choices=[(ANY, "Any side, or not said"), *PainSide.choices],
        error_messages={
            "invalid_choice": "“%(value)s” is not a side this page knows: the "
            "chart shows every side."
        },
    )
    trigger = forms.ChoiceField(
        label="What made it worse",
        required=False,
        error_messages={
            "invalid_choice": "“%(value)s” is not a trigger this page knows: the "
            "chart shows every day, whatever made it worse."
        },
    )

    def __init__(self, data, *, triggers, **kwargs):
        super().__init__(data, **kwargs)
        self.triggers = {trigger.slug: trigger for trigger in triggers}
        self.fields["trigger"].choices = [
            (ANY, "Anything, or nothing said"),
            *(
                (
                    trigger.slug,
                    trigger.name
                    if trigger.is_active
                    else f"{trigger.name} (no longer offered)",
                )
                for trigger in triggers
            ),
        ]

    def value(self, name: str) -> str:
        """The field's value, or "any" when it was not valid."""
        if not self.is_valid() and name in self.errors:
            return ANY
        return self.cleaned_data.get(name) or ANY

    @property
    def chosen_range(self):
        return RANGES.get(self.value("range"), DEFAULT_RANGE)

    @property
    def chosen_side(self) -> str:
        return self.value("side")

    @property
    def chosen_trigger(self):
        return self.triggers.get(self.value("trigger"))
