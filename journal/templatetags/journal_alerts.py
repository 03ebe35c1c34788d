"""The warning-sign alerts grouped by tier, for journal/includes/triage_alert.html."""

from django import template

from .. import selectors

register = template.Library()


@register.filter
def by_tier(items):
    """`items` (selectors.Triage) as a block per tier, most urgent first."""
    return selectors.by_tier(list(items or ()))


@register.filter
def by_tier_without_open(items):
    """by_tier, without the emergencies not yet acknowledged."""
    return selectors.by_tier(list(items or ()), without_open=True)
