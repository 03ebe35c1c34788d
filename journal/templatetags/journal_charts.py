"""{% pain_chart chart %}: the pain chart and its data table
(journal.chart_html, what journal/includes/chart_pain.html renders)."""

from django import template

from ..chart_html import pain_chart_html

register = template.Library()


@register.simple_tag
def pain_chart(chart, open=False):
    """The chart's HTML; `open`: its data table unfolded."""
    return pain_chart_html(chart, open=bool(open))
