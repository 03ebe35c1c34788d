"""Journey 4: the check-in form and the quiz with Tab, Space and Enter alone, and
a visible focus indicator at every Tab stop.

Only `keyboard.press` drives the pages: no clicks, fills or checks. Tab enters a
native radio group at its first radio (nothing is checked yet) and choosing
another one would take arrow keys, so each group gets its first option."""

import pytest
from django.urls import reverse

from journal.models import CheckIn
from journal.models.entries import WARNING_SIGN_FIELDS
from quiz.models import Attempt, Quiz

from .conftest import log_in

# site.css draws focus as `outline: 3px solid` with a 2px offset, so the ring
# sits on whatever is behind the element: sample the colour there.
FOCUS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) {
    return { name: "the document (body)", problems: ["focus is on the document"] };
  }
  const label = el.labels && el.labels[0] ? el.labels[0].innerText : "";
  const text = (el.getAttribute("aria-label") || label || el.innerText || "")
    .trim().replace(/\\s+/g, " ").slice(0, 60);
  const name = `<${el.tagName.toLowerCase()}${el.type ? ` type=${el.type}` : ""}` +
    `${el.name ? ` name=${el.name}` : ""}> "${text}"`;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const problems = [];

  if (rect.width < 1 || rect.height < 1 || style.visibility !== "visible") {
    problems.push(`not rendered (${rect.width}x${rect.height}, ${style.visibility})`);
  }
  if (rect.bottom <= 0 || rect.top >= innerHeight || rect.right <= 0 ||
      rect.left >= innerWidth) {
    problems.push(`outside the viewport at ${JSON.stringify(rect)}`);
  }

  const rgba = (value) => {
    const parts = value.match(/[\\d.]+/g).map(Number);
    const [r, g, b, a = 1] = parts;
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const [R, G, B] = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // The first painted background under a point: the focused element's own for a
  // ring drawn inside it (negative offset), else what lies behind the element.
  const behind = (x, y, inside) => {
    for (const under of document.elementsFromPoint(x, y)) {
      if (under === el ? !inside : el.contains(under)) continue;
      const colour = rgba(getComputedStyle(under).backgroundColor);
      if (colour.a > 0) return colour;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };

  const width = parseFloat(style.outlineWidth);
  const offset = parseFloat(style.outlineOffset) || 0;
  const ring = style.outlineStyle === "none" ? null : rgba(style.outlineColor);
  let lowest = null;
  if (!ring || width < 2 || ring.a === 0) {
    problems.push(`no focus outline (${style.outlineStyle} ${style.outlineWidth} ` +
      `${style.outlineColor})`);
  } else {
    // Mid-ring on each side that is on screen: the lowest contrast counts.
    const out = offset + width / 2;
    const midX = (rect.left + rect.right) / 2;
    const midY = (rect.top + rect.bottom) / 2;
    for (const [x, y] of [[rect.left - out, midY], [rect.right + out, midY],
                          [midX, rect.top - out], [midX, rect.bottom + out]]) {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const ratio = contrast(ring, behind(x, y, out < 0));
      lowest = lowest === null ? ratio : Math.min(lowest, ratio);
    }
    if (lowest !== null && lowest < 3) {
      problems.push(`outline ${style.outlineColor} has ${lowest.toFixed(2)}:1 ` +
        "contrast with what is behind it (needs 3:1)");
    }
  }
  return {
    name,
    tag: el.tagName.toLowerCase(),
    type: el.type || "",
    field: el.name || "",
    text,
    indicator: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` +
      (lowest === null ? "" : ` at ${lowest.toFixed(2)}:1`),
    problems,
  };
}
"""


def tab(page, key: str = "Tab") -> dict:
    """Press Tab and return the newly focused element, failing unless it is
    visible in the viewport with a focus outline that stands out."""
    page.keyboard.press(key)
    focus = page.evaluate(FOCUS)
    assert not focus["problems"], (
        f"after {key}, focus on {focus['name']} is not visible: {focus['problems']}"
    )
    return focus


def tab_to_skip_link(page) -> None:
    focus = tab(page)
    assert (focus["tag"], focus["text"]) == ("a", "Skip to main content"), (
        f"the first Tab stop is {focus['name']}, not the skip link"
    )


def fill_by_keyboard(web, submit: str, limit: int = 80) -> list[dict]:
    """Tab through the page, Space on the first radio of each group, and Enter
    on the `submit` button. Returns every Tab stop passed on the way."""
    page = web.page
    groups_answered: set[str] = set()
    stops = []
    for _ in range(limit):
        focus = tab(page)
        stops.append(focus)
        if focus["type"] == "radio" and focus["field"] not in groups_answered:
            page.keyboard.press("Space")
            checked = page.evaluate("() => document.activeElement.checked")
            assert checked, f"Space did not check {focus['name']}"
            groups_answered.add(focus["field"])
        if focus["tag"] == "button" and focus["text"] == submit:
            web.press("Enter")
            return stops
    pytest.fail(f"no {submit!r} button within {limit} Tab stops: {stops[-5:]}")


def test_check_in_by_keyboard_alone(web, member):
    page = web.page
    log_in(web, member)
    web.goto(reverse("journal:check-in"))
    date = page.evaluate("() => document.querySelector('input[type=date]').value")
    assert date, "the date field has no default: the keyboard journey needs one"

    tab_to_skip_link(page)
    # Walk the whole header too: every link there must show its focus.
    stops = fill_by_keyboard(web, submit="Save check-in")

    entry = CheckIn.objects.get(user=member)
    assert page.url == web.url(entry.get_absolute_url())
    assert (entry.date.isoformat(), entry.pain_score, entry.notes) == (date, 0, "")
    assert not any(getattr(entry, field) for field, _ in WARNING_SIGN_FIELDS)
    reached = {stop["type"] for stop in stops}
    assert {"date", "radio", "checkbox", "textarea", "submit"} <= reached
    assert "saved" in page.get_by_role("status").inner_text()


def test_quiz_by_keyboard_alone(web, member):
    quiz = Quiz.objects.get(slug="iliopsoas-pain")
    questions = list(quiz.questions.order_by("order"))
    page = web.page
    log_in(web, member)
    web.goto(quiz.get_absolute_url())

    tab_to_skip_link(page)
    page.keyboard.press("Enter")  # an in-page link: no new document
    assert page.evaluate("() => document.activeElement.id") == "main"
    focus = tab(page)
    assert (focus["tag"], focus["text"]) == ("a", "Quiz"), (
        f"after the skip link, Tab went to {focus['name']}, not the breadcrumb"
    )
    stops = fill_by_keyboard(web, submit="Submit answers")

    attempt = Attempt.objects.get(user=member)
    firsts = [question.choices.order_by("order").first() for question in questions]
    assert [stop["field"] for stop in stops if stop["type"] == "radio"] == [
        f"q{question.pk}" for question in questions
    ]
    assert [answer.chosen for answer in attempt.answers.all()] == firsts
    earned = sum(choice.is_correct for choice in firsts)
    assert (attempt.score, attempt.total) == (earned, len(questions))
    # The skip link's #main stays on the address through the POST and redirect.
    assert page.url.removesuffix("#main") == web.url(attempt.get_absolute_url())
    assert page.get_by_role(
        "region", name=f"Score: {earned} / {len(questions)}"
    ).is_visible()


PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    "<title>Focus</title><style>{style}</style></head>"
    "<body><main><h1>Focus</h1>{body}</main></body></html>"
)


@pytest.mark.parametrize(
    ("style", "body", "problem"),
    [
        ("a:focus { outline: none; }", '<a href="/">Home</a>', "no focus outline"),
        (
            "a:focus-visible { outline: 3px solid #ccc; }",
            '<a href="/">Home</a>',
            "contrast",
        ),
        (
            "a { position: absolute; top: -10rem; }",
            '<a href="/">Home</a>',
            "outside the viewport",
        ),
        ("", "<p>Nothing to focus.</p>", "focus is on the document"),
    ],
    ids=["no-outline", "faint-outline", "off-screen", "nothing-focusable"],
)
def test_the_focus_check_fails_without_a_visible_focus(web, style, body, problem):
    path = "/__focus__/"
    web.page.route(
        web.url(path),
        lambda route: route.fulfill(
            content_type="text/html", body=PAGE.format(style=style, body=body)
        ),
    )
    web.goto(path)
    with pytest.raises(AssertionError, match=problem):
        tab(web.page)
