"""A Playwright page that checks every page it loads.

Each journey calls `check()` after a page has loaded (a navigation, a form's
error state, a result). `check()` runs axe-core with the WCAG tags the project
promises, asserts that no console error or Content-Security-Policy violation
happened, and measures horizontal scrolling at a 375 x 812 viewport (and at
any other width in `phone_widths`). At the end
of a test, `assert_all_checked()` fails if any loaded document went unchecked, so
a journey cannot skip a page by forgetting to call `check()`.
"""

import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from shutil import which

from playwright.sync_api import ConsoleMessage, Locator, Page

AXE_PATH = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
SMALL_PHONE_WIDTH = 320
CHROMIUM = "/usr/bin/chromium"

# Runs in every document before the page's own scripts (init scripts are not
# subject to the page's CSP), so violations are recorded even when the browser
# would not print them.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile || document.URL}:${event.lineNumber}`
  );
});
"""

AXE_RUN = """
async (tags) => {
  const result = await axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  const rules = [
    ...result.violations, ...result.passes, ...result.incomplete,
    ...result.inapplicable,
  ].map((rule) => rule.id);
  return {
    rules,
    violations: result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target}: ${n.failureSummary}`),
    })),
  };
}
"""

OVERFLOW = """
() => {
  const root = document.documentElement;
  const wide = Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
}
"""


def chromium_executable() -> str:
    """Debian's Chromium, installed with apt when it is missing: Playwright's own
    browser download is not reachable from the machines this project runs on."""
    if which("chromium") is None and not Path(CHROMIUM).exists():
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium"],
            check=True,
            env={"DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin"},
        )
    return CHROMIUM if Path(CHROMIUM).exists() else which("chromium")


@dataclass
class Audit:
    """What every check saw, for the summary printed at the end of the run."""

    pages: list[str] = field(default_factory=list)
    rules: set[str] = field(default_factory=set)

    def summary(self) -> str:
        distinct = Counter(self.pages)
        return (
            f"axe-core ({', '.join(AXE_TAGS)}): {len(self.pages)} page states checked "
            f"({len(distinct)} distinct addresses), {len(self.rules)} rules run, "
            "0 violations; no console errors, no CSP violations, no horizontal "
            f"scrolling at {PHONE['width']}x{PHONE['height']}"
        )


class CheckedPage:
    def __init__(self, page: Page, base_url: str, audit: Audit) -> None:
        self.page = page
        self.base_url = base_url
        self.audit = audit
        self.errors: list[str] = []
        # The address of the last loaded document until check() has run on it.
        self.pending: str | None = None
        self.unchecked: list[str] = []
        self.expected_status: int | None = None
        # The phone widths check() measures: a test may add SMALL_PHONE_WIDTH.
        self.phone_widths: list[int] = [PHONE["width"]]
        page.add_init_script(CSP_LISTENER)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("load", self._on_load)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type not in {"error", "assert"}:
            return
        # An error page's own status is logged too: goto(status=...) expects it.
        if self.expected_status and message.location.get("url") == self.page.url:
            expected = f"status of {self.expected_status} "
            if expected in message.text:
                return
        self.errors.append(f"console {message.type}: {message.text}")

    def _on_load(self, page: Page) -> None:
        if self.pending is not None:
            self.unchecked.append(self.pending)
        self.pending = page.url

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str, *, status: int = 200) -> None:
        """Open a page, assert its HTTP status, and check it."""
        self.expected_status = status if status >= 400 else None
        try:
            response = self.page.goto(self.url(path))
            assert response is not None and response.status == status, (
                f"{path} answered {response and response.status}, not {status}"
            )
            self.check()
        finally:
            self.expected_status = None

    def click(self, target: Locator | str) -> None:
        """Click something that loads a new document, then check that document."""
        locator = self.page.locator(target) if isinstance(target, str) else target
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def press(self, key: str) -> None:
        """Press a key that loads a new document (Enter on a submit button, a link,
        or Space on a button), then check that document."""
        with self.page.expect_navigation():
            self.page.keyboard.press(key)
        self.check()

    def check(self) -> None:
        page = self.page
        page.wait_for_load_state("load")
        where = page.url.removeprefix(self.base_url)
        violations = page.evaluate("() => window.__cspViolations || []")
        assert not violations, f"CSP violations on {where}: {violations}"
        assert not self.errors, f"console errors on or before {where}: {self.errors}"

        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(AXE_PATH.read_text(encoding="utf-8"))
        result = page.evaluate(AXE_RUN, AXE_TAGS)
        assert not result["violations"], (
            f"axe-core violations on {where}: {result['violations']}"
        )
        self.audit.rules.update(result["rules"])

        for width in self.phone_widths:
            self.assert_fits(width)

        self.audit.pages.append(where)
        self.pending = None
        # Errors after this point belong to the next page.
        assert not self.errors, f"console errors on {where}: {self.errors}"

    def assert_fits(self, width: int = PHONE["width"]) -> None:
        """The page does not scroll sideways in a phone viewport `width` wide."""
        page = self.page
        where = page.url.removeprefix(self.base_url)
        viewport = page.viewport_size
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        try:
            overflow = page.evaluate(OVERFLOW)
        finally:
            page.set_viewport_size(viewport or DESKTOP)
        assert overflow["scrollWidth"] <= overflow["clientWidth"], (
            f"{where} scrolls sideways at {width}px: {overflow}"
        )

    def assert_all_checked(self) -> None:
        assert not self.errors, f"console errors: {self.errors}"
        unchecked = self.unchecked + ([self.pending] if self.pending else [])
        assert not unchecked, f"pages loaded but never checked: {unchecked}"
