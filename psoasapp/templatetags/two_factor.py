from django import template

from psoasapp import two_factor

register = template.Library()


@register.simple_tag
def must_enrol_second_factor(user) -> bool:
    """`{% must_enrol_second_factor user as must_enrol %}`: the account must add
    a second factor before it may use the admin (psoasapp.two_factor)."""
    return two_factor.must_enrol(user)
