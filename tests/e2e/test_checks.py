"""The browser checks themselves: each one fails on a page that breaks its rule,
so a clean run of the journeys means something."""

import pytest

CSP = "default-src 'self'; script-src 'self'; style-src 'self'"
PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>Check</title></head><body><main><h1>Check</h1>{body}</main></body></html>"
)


@pytest.fixture
def serve(web):
    """Serve `body` at an address of the live server, under the site's CSP."""

    def serve(path: str, body: str) -> str:
        web.page.route(
            web.url(path),
            lambda route: route.fulfill(
                status=200,
                content_type="text/html",
                headers={"Content-Security-Policy": CSP},
                body=PAGE.format(body=body),
            ),
        )
        return path

    yield serve
    # The failures below are expected: the web fixture must not report them again.
    web.pending = None
    web.errors.clear()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<img src="/static/psoasapp/favicon.svg">', "axe-core violations"),
        ('<p><a href="/"></a></p>', "axe-core violations"),
        ("<form><input name=q></form>", "axe-core violations"),
        ("<script>document.title = 'inline';</script>", "CSP violations"),
        ('<p><span style="color: red">inline style</span></p>', "CSP violations"),
        ('<script src="/missing.js"></script>', "console errors"),
        ("<pre>" + "x" * 200 + "</pre>", "scrolls sideways"),
    ],
    ids=[
        "img-alt",
        "empty-link",
        "no-label",
        "inline-script",
        "inline-style",
        "missing-script",
        "too-wide",
    ],
)
def test_a_broken_page_fails_the_check(web, serve, body, message):
    path = serve("/__check__/", body)
    with pytest.raises(AssertionError, match=message):
        web.goto(path)


def test_a_clean_page_passes(web, serve):
    web.goto(serve("/__check__/", "<p>Fine.</p>"))
    assert web.audit.pages[-1] == "/__check__/"


def test_a_page_left_unchecked_fails_the_test(web, serve):
    web.page.goto(web.url(serve("/__check__/", "<p>Fine.</p>")))
    with pytest.raises(AssertionError, match="never checked"):
        web.assert_all_checked()
