"""Members using the journal: dashboard and content reads, check-in and session
writes. Run by `make loadtest` (loadtest/run.py), which seeds the accounts and
checks afterwards that every write acknowledged here is in the database.

Cookies: the server runs with production settings over plain HTTP (there is no
TLS proxy in front of it here), so its cookies carry the Secure flag and an
HTTP client would rightly never send them back. Each simulated member therefore
sends its own `Cookie` header, with a session made by the runner and a CSRF
secret of its own, and the cookie jar stores nothing the server sets. Requests
stay plain HTTP (not X-Forwarded-Proto: https), so CSRF checks the Origin header
that a browser sends with every POST.

Environment: LOADTEST_SEED (accounts and slugs, JSON), LOADTEST_ACKS (JSON
lines, one per acknowledged write, appended), LOADTEST_RESULTS (JSON written
when locust quits: counts, latencies, errors by kind, status codes).
"""

import datetime
import http.cookiejar
import itertools
import json
import os
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

from locust import HttpUser, between, events, task

SEED = json.loads(Path(os.environ["LOADTEST_SEED"]).read_text())
ACKS = Path(os.environ["LOADTEST_ACKS"])
RESULTS = Path(os.environ["LOADTEST_RESULTS"])

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The session forms' fields, pre-filled with the suggested dose, and the form's
# one-time token (a new form per GET, so every POST makes its own session).
SESSION_FIELDS = re.compile(
    r'<input type="(?:number|hidden)" name="(dose_[^"]+|token)" value="([^"]*)"'
)
# Addresses come from the runner, which reverses them (loadtest/run.py).
PATHS = SEED["paths"]
CHECK_IN_URL = re.compile(PATHS["check_in_entry"])
SESSION_URL = re.compile(PATHS["session_entry"])

# Locust runs every simulated member as a greenlet of one process, so taking
# the next account needs no lock.
_account_numbers = itertools.count()

# What happened to every request, keyed by the name it is reported under.
_times: dict[str, list[float]] = defaultdict(list)
_failures: Counter[str] = Counter()
_errors: Counter[str] = Counter()
_statuses: Counter[str] = Counter()


class NoCookies(http.cookiejar.DefaultCookiePolicy):
    """Store no cookie from the server: each member sends its own header."""

    def set_ok(self, cookie, request) -> bool:
        return False


class Member(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self) -> None:
        self.account = SEED["accounts"][next(_account_numbers)]
        self.writes = itertools.count(1)
        # Days go back from yesterday, one per check-in, so each check-in is a
        # new row (today in the member's time zone is never in the future).
        self.next_day = datetime.date.fromisoformat(SEED["yesterday"])
        self.client.cookies.set_policy(NoCookies())
        self.client.headers.update(
            {
                "Cookie": (
                    f"{SEED['session_cookie']}={self.account['session_key']}; "
                    f"{SEED['csrf_cookie']}={self.account['csrf_secret']}"
                ),
                "Origin": self.host.rstrip("/"),
            }
        )

    # Reads -----------------------------------------------------------------

    @task(8)
    def dashboard(self) -> None:
        self._get(PATHS["dashboard"], "dashboard")

    @task(2)
    def check_in_list(self) -> None:
        self._get(PATHS["check_in_list"], "check-in list")

    @task(2)
    def exercise(self) -> None:
        self._get(random.choice(PATHS["exercises"]), "exercise page")

    @task(1)
    def exercise_list(self) -> None:
        self._get(PATHS["exercise_list"], "exercise list")

    @task(1)
    def guide(self) -> None:
        self._get(PATHS["guide"], "guide")

    @task(1)
    def quiz(self) -> None:
        self._get(random.choice(PATHS["quizzes"]), "quiz page")

    @task(1)
    def quiz_list(self) -> None:
        self._get(PATHS["quiz_list"], "quiz list")

    # Writes ----------------------------------------------------------------

    @task(4)
    def check_in(self) -> None:
        form = self._get(PATHS["check_in"], "check-in form")
        token = _first(CSRF_TOKEN, form)
        if token is None:
            return
        day, self.next_day = self.next_day, self.next_day - datetime.timedelta(1)
        write = {
            "kind": "check-in",
            "user_id": self.account["user_id"],
            "date": day.isoformat(),
            "pain_score": random.randint(0, 10),
            "notes": f"loadtest check-in {self.account['user_id']}-{next(self.writes)}",
        }
        self._post(
            PATHS["check_in"],
            "check-in POST",
            {
                "csrfmiddlewaretoken": token,
                "date": write["date"],
                "pain_score": write["pain_score"],
                "notes": write["notes"],
            },
            CHECK_IN_URL,
            write,
        )

    @task(2)
    def session_logged(self) -> None:
        """A session done away from the site, logged for a day in the past."""
        form = self._get(PATHS["session_new"], "session form")
        self._session_post(
            form,
            PATHS["session_new"],
            "session POST (logged)",
            date=SEED["yesterday"],
        )

    @task(1)
    def session_player(self) -> None:
        path = PATHS["player"]
        form = self._get(path, "session player")
        self._session_post(form, path, "session POST (player)")

    def _session_post(self, form: str | None, path: str, name: str, **extra) -> None:
        token = _first(CSRF_TOKEN, form)
        fields = dict(SESSION_FIELDS.findall(form or ""))
        if token is None or "token" not in fields:
            if form is not None:
                self._note_error(name, "form without a token or dose fields")
            return
        write = {
            "kind": "session",
            "user_id": self.account["user_id"],
            "pain_during": random.randint(0, 10),
            "notes": f"loadtest session {self.account['user_id']}-{next(self.writes)}",
        }
        self._post(
            path,
            name,
            {
                "csrfmiddlewaretoken": token,
                **fields,
                "pain_during": write["pain_during"],
                "effort": random.choice(["easy", "right", "hard"]),
                "duration_minutes": random.randint(5, 30),
                "notes": write["notes"],
                **extra,
            },
            SESSION_URL,
            write,
        )

    # Helpers ---------------------------------------------------------------

    def _get(self, path: str, name: str) -> str | None:
        """GET a page that must answer 200; its HTML, or None on failure."""
        with self.client.get(
            path, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"expected 200, got HTTP {response.status_code}")
                return None
            if "database is locked" in response.text:
                response.failure("database is locked")
                return None
            response.success()
            return response.text

    def _post(
        self, path: str, name: str, data: dict, created: re.Pattern, write: dict
    ) -> None:
        """POST a form that must redirect to the object it created; record the
        write as acknowledged only then."""
        with self.client.post(
            path, data=data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            match = created.match(location)
            if response.status_code != 302 or match is None:
                detail = (
                    "database is locked"
                    if "database is locked" in response.text
                    else f"HTTP {response.status_code} {location}".strip()
                )
                response.failure(f"expected a redirect to the new entry: {detail}")
                return
            response.success()
        with ACKS.open("a", encoding="utf-8") as acks:
            acks.write(json.dumps({**write, "pk": int(match.group(1))}) + "\n")

    def _note_error(self, name: str, message: str) -> None:
        _errors[f"{name}: {message}"] += 1


def _first(pattern: re.Pattern, text: str | None) -> str | None:
    match = pattern.search(text or "")
    return match.group(1) if match else None


@events.request.add_listener
def _record(name, response_time, response, exception, **kwargs) -> None:
    _times[name].append(response_time)
    status = getattr(response, "status_code", None)
    _statuses[str(status) if status else "no response"] += 1
    if exception is not None:
        _failures[name] += 1
        _errors[f"{type(exception).__name__}: {str(exception)[:160]}"] += 1


@events.quitting.add_listener
def _write_results(**kwargs) -> None:
    RESULTS.write_text(
        json.dumps(
            {
                "times": _times,
                "failures": _failures,
                "errors": _errors,
                "statuses": _statuses,
            }
        )
    )
