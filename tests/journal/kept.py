"""For the tests of the pages kept in process memory (journal/cache.py):
what a page shows, to compare a kept copy with one drawn afresh."""

import re

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def main_without_tokens(html: str) -> str:
    """The page's <main>, without the CSRF tokens (each request has its
    own, so two copies of the same page differ there only)."""
    main = html[html.index("<main") : html.index("</main>")]
    return CSRF_TOKEN.sub("", main)
