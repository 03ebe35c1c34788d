import datetime

from django import forms

from . import rules

REPORT_DEFAULT_DAYS = 28
DATE_INPUT_FORMATS = ["%Y-%m-%d"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportRangeForm(forms.Form):
    """The report's dates, from GET: both days are included. A date the query
    leaves out keeps its default (the last REPORT_DEFAULT_DAYS days to
    today), so that "?start=abc" is the start's mistake alone; one sent empty
    is still required."""

    # Whether a date missing from the data takes its default.
    fills_absent_dates = True

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
        if data is not None and self.fills_absent_dates:
            absent = {
                name: day.isoformat()
                for name, day in initial.items()
                if name not in data
            }
            if absent:
                data = data.copy()
                data.update(absent)
        super().__init__(data, initial=initial, **kwargs)
        earliest, latest = rules.date_bounds(today)
        for field in self.fields.values():
            field.widget.attrs.update(min=earliest.isoformat(), max=latest.isoformat())

    def clean_start(self) -> datetime.date:
        return rules.check_date(self.cleaned_data["start"], today=self.today)

    def clean_end(self) -> datetime.date:
        return rules.check_date(self.cleaned_data["end"], today=self.today)

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
