import datetime

from django import forms
from django.utils.formats import date_format

from .models.entries import EARLIEST_DATE

REPORT_DEFAULT_DAYS = 28
DATE_INPUT_FORMATS = ["%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportRangeForm(forms.Form):
    """The report's dates, from GET: both days are included."""

    start = forms.DateField(
        label="From",
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": "Enter a date such as 2026-06-01."},
    )
    end = forms.DateField(
        label="To",
        widget=DateInput(),
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": "Enter a date such as 2026-06-28."},
    )

    def __init__(self, data=None, *, today: datetime.date, **kwargs):
        self.today = today
        initial = {
            "start": today - datetime.timedelta(days=REPORT_DEFAULT_DAYS - 1),
            "end": today,
        }
        super().__init__(data, initial=initial, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.update(
                min=EARLIEST_DATE.isoformat(), max=today.isoformat()
            )

    def _check_day(self, day: datetime.date) -> datetime.date:
        if day < EARLIEST_DATE:
            raise forms.ValidationError(
                "Choose a date on or after %(earliest)s.",
                code="too_early",
                params={"earliest": date_format(EARLIEST_DATE, "j F Y")},
            )
        if day > self.today:
            raise forms.ValidationError(
                "Choose a date no later than today, %(today)s.",
                code="future",
                params={"today": date_format(self.today, "j F Y")},
            )
        return day

    def clean_start(self) -> datetime.date:
        return self._check_day(self.cleaned_data["start"])

    def clean_end(self) -> datetime.date:
        return self._check_day(self.cleaned_data["end"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error(
                "end",
                forms.ValidationError(
                    "The end date must be on or after the start date.",
                    code="end_before_start",
                ),
            )
        return cleaned

    @property
    def dates(self) -> tuple[datetime.date, datetime.date]:
        """The chosen dates, or the default range while the form is unbound."""
        if self.is_bound:
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.initial["start"], self.initial["end"]
