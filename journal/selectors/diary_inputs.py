"""What the check-in form offers from the person's own diary."""

from django.db.models import Max
from django.db.models.functions import Lower

from ..models import CheckIn

# How many earlier entries the medication field suggests.
MEDICATION_SUGGESTIONS = 12


def medication_suggestions(user, limit: int = MEDICATION_SUGGESTIONS) -> list[str]:
    """The person's earlier "medication or treatment taken" entries, for the
    form's suggestions: each once (whatever its capitals), the most recently
    used first, at most `limit`. One query."""
    rows = (
        CheckIn.objects.for_user(user)
        .exclude(medication="")
        .values(same=Lower("medication"))
        # The spelling of its latest use is not worth a second query: one of
        # the spellings used stands for them all.
        .annotate(text=Max("medication"), last=Max("date"))
        .order_by("-last", "same")[:limit]
    )
    return [row["text"] for row in rows]
