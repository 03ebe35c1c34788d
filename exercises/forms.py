from django import forms

from .models import Kind


class ExerciseFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        max_length=100,
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label="Kind of exercise",
        choices=[("", "All kinds"), *Kind.choices],
        required=False,
    )
