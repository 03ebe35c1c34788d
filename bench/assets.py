"""The CSS and JavaScript a page links, and their compressed size: the budget
of 60 KB per page that `make bench` reports and tests/test_asset_budget.py
enforces in `make test`.

The compressed figure is gzip at level 9 (what whitenoise stores beside each
file, and what every browser accepts); brotli, smaller, is reported beside it
when the brotli module is installed (it comes with locust, in
requirements-dev.txt).
"""

import gzip
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

try:
    import brotli
except ImportError:  # pragma: no cover - brotli comes with the dev requirements
    brotli = None

BUDGET_BYTES = 60_000


class _Linked(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        url = None
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").split():
            url = attributes.get("href")
        elif tag == "script":
            url = attributes.get("src")
        if url and url not in self.urls:
            self.urls.append(url)


def linked_assets(html: str) -> list[str]:
    """The stylesheets (<link rel="stylesheet" href>) and scripts (<script
    src>) a page links, in order, each once."""
    parser = _Linked()
    parser.feed(html)
    parser.close()
    return parser.urls


@dataclass(frozen=True)
class Size:
    raw: int
    gzip: int
    brotli: int | None

    def __add__(self, other: "Size") -> "Size":
        return Size(
            self.raw + other.raw,
            self.gzip + other.gzip,
            None
            if self.brotli is None or other.brotli is None
            else self.brotli + other.brotli,
        )


NOTHING = Size(0, 0, 0 if brotli else None)


def compressed_size(content: bytes) -> Size:
    return Size(
        len(content),
        len(gzip.compress(content, compresslevel=9, mtime=0)),
        len(brotli.compress(content)) if brotli else None,
    )


@dataclass(frozen=True)
class PageAssets:
    urls: list[str]
    sizes: dict[str, Size]

    @property
    def total(self) -> Size:
        return sum((self.sizes[url] for url in self.urls), NOTHING)

    @property
    def within_budget(self) -> bool:
        """Each file compressed on its own, as it is sent: gzip's total."""
        return self.total.gzip < BUDGET_BYTES


def page_assets(html: str, read: Callable[[str], bytes]) -> PageAssets:
    """The assets `html` links with their sizes; `read` gives a URL's
    uncompressed content."""
    urls = linked_assets(html)
    return PageAssets(urls, {url: compressed_size(read(url)) for url in urls})


def kb(size: int | None) -> str:
    return "n/a" if size is None else f"{size / 1000:.1f} KB"


def table(pages: Iterable[tuple[str, PageAssets]]) -> list[str]:
    """Markdown rows: one a page, with the compressed total against the budget."""
    lines = [
        f"| page | CSS + JS files | uncompressed | gzip | brotli "
        f"| gzip < {BUDGET_BYTES // 1000} KB |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, page in pages:
        total = page.total
        lines.append(
            f"| {name} | {len(page.urls)} | {kb(total.raw)} | {kb(total.gzip)} | "
            f"{kb(total.brotli)} | {'PASS' if page.within_budget else 'FAIL'} |"
        )
    return lines
