"""Django's `reverse()`, `{% url %}` and `|date` of a plain date, remembered
per process (issue 20).

A page reverses 10 to 30 URLs and formats a dozen dates; each `reverse()`
walks the resolver's candidates and quotes the result (about 20 µs), each
date filter looks up its format and the day's and month's names in the
active language (about 25 µs). Their answers never change while what they
depend on is the same, so each is remembered under all of it:

- a URL under its view name, arguments, current app, the script prefix and
  URL configuration the request set, and the root URL configuration;
- a date under its value, the format asked for and the active language.

Anything else is not remembered and takes Django's own path: an argument
that is not a number, text, UUID or date (a model instance's text may
change), a datetime (its zone changes how it reads, and two datetimes in
different zones compare equal), a URL that does not reverse. A changed
setting (tests override them) forgets everything, and each memory holds at
most LIMIT answers (then starts again), so it never grows without bound.

The template library is one of the engine's builtins (settings.TEMPLATES):
its `url` tag and `date` filter take the place of Django's in every
template, with the same syntax and the same output
(tests/core/test_remembered.py compares them).
"""

import datetime
import uuid

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters, defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

LIMIT = 4096
# The kinds of URL arguments whose text is a function of their value, and
# whose equal values have the same text: exactly these types (True equals 1
# but reads "True"; a subclass may read otherwise).
_PLAIN = frozenset({int, str, SafeString, uuid.UUID, datetime.date})

_urls: dict = {}
_dates: dict = {}

register = template.Library()


def _plain(value) -> bool:
    return type(value) in _PLAIN


def reverse(viewname, args=(), kwargs=None, current_app=None) -> str:
    """django.urls.reverse, remembered while its answer cannot change."""
    kwargs = kwargs or {}
    if not isinstance(viewname, str) or not (
        all(_plain(arg) for arg in args) and all(_plain(v) for v in kwargs.values())
    ):
        return django_reverse(
            viewname, args=args, kwargs=kwargs, current_app=current_app
        )
    key = (
        viewname,
        tuple(args),
        tuple(sorted(kwargs.items())),
        current_app,
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
    )
    url = _urls.get(key)
    if url is None:
        url = django_reverse(
            viewname, args=args, kwargs=kwargs, current_app=current_app
        )
        if len(_urls) >= LIMIT:
            _urls.clear()
        _urls[key] = url
    return url


class URLNode(defaulttags.URLNode):
    """Django's {% url %} node (defaulttags.URLNode.render), with the
    reversing remembered."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    """{% url %} as Django parses it (defaulttags.url), remembered."""
    node = defaulttags.url(parser, token)
    return URLNode(node.view_name, node.args, node.kwargs, node.asvar)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    """Django's |date (defaultfilters.date); a plain date's text remembered."""
    if type(value) is not datetime.date or not (arg is None or isinstance(arg, str)):
        return defaultfilters.date(value, arg)
    key = (value, arg, get_language())
    text = _dates.get(key)
    if text is None:
        text = defaultfilters.date(value, arg)
        if len(_dates) >= LIMIT:
            _dates.clear()
        _dates[key] = text
    return text


def forget() -> None:
    """Drop every remembered answer."""
    _urls.clear()
    _dates.clear()


@receiver(setting_changed)
def _setting_changed(**kwargs) -> None:
    forget()
