"""Small HTML checks shared by tests: landmarks, labels, nothing inline."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class PageFacts:
    lang: str | None = None
    main_count: int = 0
    labels_for: set[str] = field(default_factory=set)
    # (tag, id, has aria-label) for every form control that needs a label
    controls: list[tuple[str, str | None, bool]] = field(default_factory=list)
    inline_scripts: int = 0
    inline_styles: int = 0
    style_attributes: int = 0

    @property
    def unlabelled_controls(self) -> list[str]:
        return [
            f"{tag}#{id_}"
            for tag, id_, aria in self.controls
            if not aria and (id_ is None or id_ not in self.labels_for)
        ]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.facts = PageFacts()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        facts = self.facts
        if "style" in attributes:
            facts.style_attributes += 1
        if tag == "html":
            facts.lang = attributes.get("lang")
        elif tag == "main":
            facts.main_count += 1
        elif tag == "label" and attributes.get("for"):
            facts.labels_for.add(attributes["for"])
        elif tag == "style":
            facts.inline_styles += 1
        elif tag == "script":
            data_only = attributes.get("type") == "application/json"
            if "src" not in attributes and not data_only:
                facts.inline_scripts += 1
        elif tag in {"input", "select", "textarea"}:
            if tag == "input" and attributes.get("type") in UNLABELLED_TYPES:
                return
            labelled = bool(
                attributes.get("aria-label") or attributes.get("aria-labelledby")
            )
            facts.controls.append((tag, attributes.get("id"), labelled))


def page_facts(html: str) -> PageFacts:
    parser = _Parser()
    parser.feed(html)
    return parser.facts


def assert_accessible_page(html: str) -> None:
    facts = page_facts(html)
    assert facts.lang, "<html> has no lang attribute"
    assert facts.main_count == 1, f"expected one <main>, found {facts.main_count}"
    assert not facts.unlabelled_controls, (
        f"controls without a label: {facts.unlabelled_controls}"
    )
    assert facts.inline_scripts == 0, "inline <script> found"
    assert facts.inline_styles == 0, "inline <style> found"
    assert facts.style_attributes == 0, 'style="" attribute found'
