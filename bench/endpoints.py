"""What `make bench` measures: every HTML page a member or a visitor sees, the
writes, the CSV export and the baseline, each with what proves that the
answer is the right page (a 302 to the login page, or the visitor's version
of a member's page, is never measured by mistake).
"""

from dataclasses import dataclass, field

# Who is logged in, told by the site's header: a member's page has the
# log-out form, a visitor's never has it (the shared report has no header).
MEMBER = 'action="/account/logout/"'


@dataclass
class Endpoint:
    name: str
    path: str
    user: str | None  # who is logged in (a key of seed["sessions"])
    kind: str = "page"  # "baseline", "page", "post", "pair", "export", "other"
    method: str = "GET"
    expect: int = 200
    # Texts the body must hold (the member's or visitor's header is added for
    # pages); a POST is checked by where it redirects instead.
    contains: tuple[str, ...] = ()
    writes: str | None = None  # "check-in", "quiz" or "pair": wrk's Lua request()
    redirect_to: str | None = None  # a POST's expected target (URL name)
    result: dict = field(default_factory=dict)
    queries: int | None = None
    size: int = 0  # bytes of the body checked by verify()
    note: str = ""

    @property
    def markers(self) -> tuple[str, ...]:
        """Texts the answer must hold."""
        if self.kind in ("page", "pair") and self.user:
            return (*self.contains, MEMBER)
        return self.contains

    @property
    def absent(self) -> tuple[str, ...]:
        """Texts the answer must not hold: a visitor's page is not a member's."""
        return (MEMBER,) if self.kind == "page" and not self.user else ()

    @property
    def slug(self) -> str:
        import re

        return re.sub(r"[^a-z0-9]+", "-", self.name.lower()).strip("-")


def endpoint_list(seed: dict) -> list[Endpoint]:
    """Every endpoint in the order measured: the baseline first and last."""
    from django.urls import reverse
    from django.utils.html import escape

    ids = seed["ids"]
    titles = {key: escape(title) for key, title in seed["titles"].items()}
    baseline = reverse("bench-baseline")
    dashboard = reverse("journal:dashboard")
    quiz = reverse("quiz:quiz-detail", args=[seed["quiz"]])
    five = "five_years"

    def page(name, path, *contains, user=five):
        return Endpoint(name, path, user, contains=contains)

    return [
        # Logged in like the pages: the middleware then loads the session and
        # the user (PrivateNoStoreMiddleware asks whether the user is logged in).
        Endpoint("baseline", baseline, five, kind="baseline", contains=("ok",)),
        page("home", reverse("home"), 'id="hero-title"'),
        page("home, visitor", reverse("home"), 'id="hero-title"', user=None),
        page("privacy notice", reverse("privacy"), 'id="privacy-title"'),
        page("guide", reverse("exercises:guide"), "<h1>Guide to"),
        page(
            "guide section",
            reverse("exercises:guide-section", args=[ids["guide_section"]]),
            f"<title>{titles['guide_section']}",
        ),
        page("exercise list", reverse("exercises:exercise-list"), "<h1>Exercises</h1>"),
        page(
            "exercise detail",
            reverse("exercises:exercise-detail", args=[seed["exercise"]]),
            'id="exercise-title"',
            ">Steps<",
        ),
        page("routine list", reverse("exercises:routine-list"), "<h1>Routines</h1>"),
        page(
            "routine detail",
            reverse("exercises:routine-detail", args=[ids["routine"]]),
            f"<h1>{titles['routine']}</h1>",
        ),
        page(
            "session player",
            reverse("journal:session", args=[ids["routine"]]),
            'class="player-title"',
        ),
        page("dashboard, 5-year user", dashboard, "<h1>Your journal</h1>", "1825 days"),
        page("dashboard, new user", dashboard, "Getting started", user="new"),
        page(
            "dashboard, 5-year user, all",
            f"{dashboard}?range=all",
            "all your entries",
        ),
        page("plan", reverse("journal:plan"), "<h1>Your plan</h1>"),
        page("check-in form", reverse("journal:check-in"), "<h1>Daily check-in</h1>"),
        page(
            "check-in list", reverse("journal:check-in-list"), "<h1>Your check-ins</h1>"
        ),
        page(
            "check-in detail",
            reverse("journal:check-in-detail", args=[ids["check_in"]]),
            "<h1>Check-in of ",
        ),
        page(
            "check-in edit",
            reverse("journal:check-in-edit", args=[ids["check_in"]]),
            "<h1>Edit your check-in of ",
        ),
        page("session list", reverse("journal:session-list"), "<h1>Your sessions</h1>"),
        page("new session form", reverse("journal:session-new"), "<h1>Log a session"),
        page(
            "session detail",
            reverse("journal:session-detail", args=[ids["session"]]),
            "<h1>Session of ",
        ),
        page("report", reverse("journal:report"), "<h1>Pain and exercise report</h1>"),
        page(
            "share links",
            reverse("journal:share-list"),
            "<h1>Share links to your report</h1>",
        ),
        # Issue 19: the report a 5-year user shared, opened by a visitor with
        # the link (each GET writes its audit event).
        page(
            "shared report, 5-year user",
            reverse("journal:shared-report", args=[seed["share_token"]]),
            "A read-only copy, shared by",
            "Function scores from",
            user=None,
        ),
        # Every day up to today links to its check-in (the five-year member
        # checked in every day): checked in verify().
        page("month view, 5-year user", reverse("journal:month"), "month-grid"),
        page("trend", reverse("journal:trend"), "<h1>Pain trend"),
        page("function score", reverse("journal:function"), "<h1>Function score</h1>"),
        page("reminders", reverse("journal:reminders"), "<h1>Reminders</h1>"),
        page("quiz list", reverse("quiz:quiz-list"), "<h1>Quiz</h1>"),
        page("quiz page", quiz, 'name="token"', "csrfmiddlewaretoken"),
        page(
            "attempt list", reverse("quiz:attempt-list"), "<h1>Your quiz attempts</h1>"
        ),
        page(
            "attempt detail",
            reverse("quiz:attempt-detail", args=[ids["attempt"]]),
            "<h1>Your result: ",
        ),
        page("account", reverse("account"), "<h1>Your account</h1>"),
        page("login, visitor", reverse("account_login"), 'name="password"', user=None),
        page(
            "signup, visitor", reverse("account_signup"), "<h1>Sign up</h1>", user=None
        ),
        page(
            "logged-in browsers",
            reverse("usersessions_list"),
            "<h1>Logged-in browsers</h1>",
        ),
        page("two-factor", reverse("mfa_index"), "<h1>Two-factor authentication</h1>"),
        Endpoint(
            "check-in POST",
            reverse("journal:check-in"),
            None,
            kind="post",
            method="POST",
            expect=302,
            writes="check-in",
            redirect_to="journal:check-in-detail",
        ),
        Endpoint(
            "quiz submission",
            quiz,
            "quiz_writer",
            kind="post",
            method="POST",
            expect=302,
            writes="quiz",
            redirect_to="quiz:attempt-detail",
        ),
        # A check-in, then the dashboard, alternating on each connection, each
        # connection as its own member: every dashboard follows a write to its
        # member's journal (run.py, LUA_PAIR).
        Endpoint(
            "dashboard after a check-in, 5-year user",
            dashboard,
            "pair_five_years",
            kind="pair",
            writes="pair",
            contains=("<h1>Your journal</h1>", "1825 days"),
        ),
        Endpoint(
            "dashboard after a check-in, new user",
            dashboard,
            "pair_new",
            kind="pair",
            writes="pair",
            contains=("<h1>Your journal</h1>",),
        ),
        Endpoint("CSV export, 5-year user", reverse("journal:export"), five, "export"),
        # Not a target, for the record: the baseline for a visitor.
        Endpoint("baseline, visitor", baseline, None, kind="other", contains=("ok",)),
        # The baseline again at the end: when the machine's load changed during
        # the run, the two differ, and the run is noisy (bench/verdict.py).
        Endpoint("baseline, again", baseline, five, kind="baseline", contains=("ok",)),
    ]


def select(endpoints: list[Endpoint], only: str | None) -> list[Endpoint]:
    """The endpoints whose name holds one of the comma-separated words of
    `only` (case-insensitive), and always both baselines: the ratios need them."""
    if not only:
        return endpoints
    words = [word.strip().lower() for word in only.split(",") if word.strip()]
    chosen = [
        endpoint
        for endpoint in endpoints
        if endpoint.kind == "baseline"
        or any(word in endpoint.name.lower() for word in words)
    ]
    if all(endpoint.kind == "baseline" for endpoint in chosen):
        names = ", ".join(endpoint.name for endpoint in endpoints)
        raise SystemExit(f"error: --only {only!r} matches none of: {names}")
    return chosen
