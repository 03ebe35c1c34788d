"""The report's name line and the form that makes a share link."""

import datetime
import uuid

from django import forms

from .dashboard_forms import ReportRangeForm
from .models import Plan
from .models.sharing import SHARE_DAYS, SHARE_LABEL_MAX_LENGTH

SHARE_DAYS_DEFAULT = 30


class ReportIdentityForm(forms.ModelForm):
    """How the report names the person: a display name, and the email address
    only if they tick it."""

    class Meta:
        model = Plan
        fields = ["report_name", "report_shows_email"]
        labels = {"report_name": "Name on your report"}
        error_messages = {
            "report_name": {
                "max_length": "Keep the name to %(limit_value)s characters or "
                "fewer (this has %(show_value)s)."
            }
        }
        help_texts = {
            "report_name": (
                "How your report and your share links name you, for example "
                "“Sam Lee”. Leave it empty and the report says “Name not given”."
            )
        }


class ShareCreateForm(ReportRangeForm):
    """A share link: the report's dates, how long the link works, whom it is
    for (the person's own note) and whether it shows their email address.
    Its form always sends both dates: one missing is an error, not a default."""

    fills_absent_dates = False

    days = forms.TypedChoiceField(
        label="The link works for",
        choices=[(days, f"{days} days") for days in SHARE_DAYS],
        coerce=int,
        initial=SHARE_DAYS_DEFAULT,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose 7, 30 or 90 days."},
    )
    label = forms.CharField(
        label="Who it is for (optional)",
        max_length=SHARE_LABEL_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": f"Keep it to {SHARE_LABEL_MAX_LENGTH} characters or "
            "fewer (this has %(show_value)s): it is a note for your own list."
        },
        help_text=(
            "For your own list, for example “Dr Patel, physio”. "
            "The person who opens the link does not see it."
        ),
    )
    shows_email = forms.BooleanField(
        label="Show my email address on the shared report", required=False
    )
    # One link per form, however often it is sent (a double click).
    form_token = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "This form is incomplete. Please reload the page."},
    )

    def __init__(
        self,
        data=None,
        *,
        today: datetime.date,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
        shows_email: bool = False,
        **kwargs,
    ):
        super().__init__(data, today=today, **kwargs)
        # The report's current dates when the person came from it.
        if start and end and start <= end:
            self.initial.update(start=start, end=end)
        self.initial.update(
            days=SHARE_DAYS_DEFAULT, shows_email=shows_email, form_token=uuid.uuid4()
        )
        self.fields["start"].label = "Report from"
        self.fields["end"].label = "Report to"


def report_dates(query, *, today: datetime.date):
    """The report's dates from a query string (?start=&end=), when both are
    valid and in order; else (None, None)."""
    form = ReportRangeForm(query, today=today)
    if "start" in query and "end" in query and form.is_valid():
        return form.dates
    return None, None
