"""The address the audit log stores (core.audit.client_ip): behind the
site's own proxies (DJANGO_TRUSTED_PROXY_COUNT, issue 20's nginx), the entry
of X-Forwarded-For the first of them added; never an entry the client could
have written, and never something that is not an address."""

import pytest
from django.test import RequestFactory

from core.audit import client_ip


def request(forwarded: str | None = None):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", **headers)


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        # No proxy of our own: the header is anybody's and is never read.
        (0, "203.0.113.9", "10.0.0.2"),
        (0, None, "10.0.0.2"),
        # nginx alone: the last entry is the one it appended.
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
        # A load balancer in front of nginx: the second entry from the end.
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        # Shorter than the proxies, or not an address: not through them.
        (2, "203.0.113.9", "10.0.0.2"),
        (1, "evil", "10.0.0.2"),
        (1, "203.0.113.9, ", "10.0.0.2"),
        (1, None, "10.0.0.2"),
    ],
)
def test_the_client_is_read_from_the_proxies_entry_only(
    settings, proxies, forwarded, expected
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies

    assert client_ip(request(forwarded)) == expected
