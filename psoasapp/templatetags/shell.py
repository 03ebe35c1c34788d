"""The page shell's fixed parts, rendered once per server process.

Most of what base.html draws around a page is the same on every request: the
stylesheets and scripts (static files' hashed names), the menu with its
reversed URLs, the footer. `{% once %}...{% endonce %}` renders what it
encloses the first time and keeps the result in the process's memory, keyed by
the tag itself, the script prefix and URLconf its URLs were reversed for, and
the values given after it (`{% once here.view_name %}`: one copy per page
name). What it encloses must depend on nothing else: never a user, a CSRF
token, a CSP nonce or the database (those stay outside, rendered per request).

Settings (STATIC_URL, ROOT_URLCONF...) change only in tests: any change drops
every copy. A template reloaded in development makes new tags, so new keys.
"""

import threading
from collections import OrderedDict
from collections.abc import Hashable

from django import template
from django.core.signals import setting_changed
from django.template.base import FilterExpression, NodeList
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Bounded: a key per tag, prefix and value (a page name, say): a few hundred.
MAX_KEPT = 1024
_kept: OrderedDict[Hashable, SafeString] = OrderedDict()
_lock = threading.Lock()


def forget(**kwargs) -> None:
    """Drop every kept copy (a setting changed)."""
    with _lock:
        _kept.clear()


setting_changed.connect(forget, dispatch_uid="psoasapp.shell.forget")


class OnceNode(template.Node):
    def __init__(self, nodelist: NodeList, vary_on: list[FilterExpression]):
        self.nodelist = nodelist
        self.vary_on = vary_on

    def render(self, context) -> SafeString:
        # The node itself, not its id: a reloaded template's new nodes never
        # meet an old one's copy.
        key = (
            self,
            get_script_prefix(),
            get_urlconf(),
            *(var.resolve(context) for var in self.vary_on),
        )
        kept = _kept.get(key)
        if kept is not None:
            return kept
        kept = mark_safe(self.nodelist.render(context))
        with _lock:
            _kept[key] = kept
            while len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
        return kept


@register.tag
def once(parser, token) -> OnceNode:
    """`{% once [value ...] %}...{% endonce %}`: see the module's docstring."""
    vary_on = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(nodelist, vary_on)
