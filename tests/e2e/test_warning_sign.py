"""Journey 5: a check-in with a warning sign shows the alert, linked to the guide."""

from django.urls import reverse

from exercises.selectors import seek_help_url
from journal.models import CheckIn

from .conftest import log_in


def test_numbness_shows_the_alert_with_a_link_to_the_guide(web, member):
    log_in(web, member)
    web.goto(reverse("journal:check-in"))
    page = web.page

    page.get_by_label("3", exact=True).check()
    page.get_by_label("Numbness or tingling").check()
    web.click(page.get_by_role("button", name="Save check-in"))

    alert = page.get_by_role("alert")
    assert "When to seek medical attention" in alert.inner_text()
    assert "numbness or tingling" in alert.inner_text().lower()
    entry = CheckIn.objects.get(user=member)
    assert entry.numbness_or_tingling and entry.pain_score == 3

    web.click(alert.get_by_role("link", name="Read when to seek medical attention"))
    assert page.url.endswith(seek_help_url())
    heading = page.get_by_role("heading", level=1).inner_text()
    assert heading.lower() == "when to seek medical attention"

    # The dashboard carries the same alert while the sign is recent.
    web.goto(reverse("journal:dashboard"))
    assert "numbness or tingling" in page.get_by_role("alert").inner_text().lower()
