from django import template
from django.conf import settings
from django.template.defaultfilters import pluralize

from psoasapp import selectors, two_factor

register = template.Library()


@register.simple_tag
def must_enrol_second_factor(user) -> bool:
    """`{% must_enrol_second_factor user as must_enrol %}`: the account must add
    a second factor before it may use the admin (psoasapp.two_factor)."""
    return two_factor.must_enrol(user)


@register.simple_tag
def reauthentication_window() -> str:
    """How long a confirmed password holds (ACCOUNT_REAUTHENTICATION_TIMEOUT),
    in words: "5 minutes", "90 seconds"."""
    seconds = settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    if seconds % 60:
        return f"{seconds} second{pluralize(seconds)}"
    minutes = seconds // 60
    return f"{minutes} minute{pluralize(minutes)}"


@register.simple_tag
def factors_of(user) -> two_factor.Factors:
    """`{% factors_of user as factors %}`: what the account has enrolled, so a
    page offers only the ways it can use (psoasapp.two_factor.factors_of)."""
    return two_factor.factors_of(user)


@register.filter
def browser_name(user_agent: str) -> str:
    """`{{ browser.user_agent|browser_name }}`: "Firefox on Linux"."""
    return selectors.browser_name(user_agent or "")
