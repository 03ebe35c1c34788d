"""`make bench`: each page's throughput against the framework's own ceiling.

    python -m bench.run [--duration 10] [--connections 8] [--threads 2]

Builds a fresh benchmark database (bench/build.py), starts gunicorn (2 sync
workers, production settings plus the baseline view: bench/settings.py) on
127.0.0.1, and measures the endpoints one after another with wrk (Debian's
package, installed when missing). Each endpoint is first checked to answer what
it should (a 302 to the login page is never measured by mistake), warmed up,
then measured. Queries per request are counted in-process with the test client
on the same settings and database.

Prints the results and writes them to bench/results.md (results-postgresql.md
on PostgreSQL), with the targets; exits
non-zero when a target fails (after writing the results).
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from loadtest.run import (
    free_port,
    prepare_site,
    production_env,
    start_gunicorn,
    stop,
    wait_until_up,
)

from . import assets, build

REPO = build.REPO
OUT = build.OUT
RESULTS = Path(__file__).resolve().parent / "results.md"
HOST = "127.0.0.1"
WARMUP_WRITERS = 4
DAY = datetime.timedelta(days=1)

# Targets (issue 8). Ratios are of the baseline's requests per second.
DASHBOARD_RATIO = 0.33
DASHBOARD_P50_FACTOR = 1.3
CHECK_IN_RATIO = 0.25
ASSETS_MAX_BYTES = 60_000
ONE_YEAR_SECONDS = 365 * 24 * 3600
# Memory is flat when 4 times the rows (20 years against 5) costs less than a
# quarter more at the peak, and the workers' RSS grows by less than 4 MiB.
MEMORY_PEAK_FACTOR = 1.25
RSS_GROWTH_MAX = 4 * 2**20


@dataclass
class Endpoint:
    name: str
    path: str
    user: str | None  # who is logged in (a key of seed["sessions"])
    method: str = "GET"
    expect: int = 200
    writes: str | None = None  # "check-in" or "quiz": a Lua request() per request
    result: dict = field(default_factory=dict)
    queries: int | None = None
    size: int = 0  # bytes of the body checked by verify()
    note: str = ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds per warm-up")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = ensure_wrk()
    load_before = os.getloadavg()

    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    database_url, database_label = build.fresh_database()
    env = production_env(database_url)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.update(env)
    prepare_site()
    seed = build.build()
    build_seconds = time.monotonic() - started
    (OUT / "seed.json").write_text(json.dumps(seed, indent=1))
    print(
        f"bench: database built in {build_seconds:.1f} s ({database_label}): "
        + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in seed["totals"].items()),
        flush=True,
    )

    endpoints = endpoint_list(seed)
    count_queries(endpoints, seed)
    memory = {"peaks": export_peaks(seed)}

    port = free_port()
    origin = f"http://{HOST}:{port}"
    server = start_gunicorn(env, port, args.workers, out=OUT, access_log=False)
    try:
        wait_until_up(origin, server)
        for endpoint in endpoints:
            verify(endpoint, port, seed)
        print(
            f"bench: every endpoint answers as expected; wrk -t{args.threads} "
            f"-c{args.connections} -d{args.duration}s after a {args.warmup} s "
            f"warm-up, against gunicorn ({args.workers} sync workers) on {origin}",
            flush=True,
        )
        for endpoint in endpoints:
            measure(endpoint, wrk, args, origin, seed)
        memory["rss"] = export_rss(server, port, seed)
        static = static_assets(port, seed, endpoints)
    finally:
        stop(server)

    load_after = os.getloadavg()
    facts = machine_facts(database_label, load_before, load_after, seed, args)
    verdicts = targets(endpoints, memory, static, database_label)
    text = report(facts, endpoints, memory, static, verdicts)
    print()
    print(text)
    # One file per database, so a run on one does not erase the other's figures.
    results = (
        RESULTS
        if "SQLite" in database_label
        else RESULTS.with_name("results-postgresql.md")
    )
    results.write_text(text)
    print(f"written to {results.relative_to(REPO)}")
    failed = [name for name, passed, _ in verdicts if passed is False]
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    return 0


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found is None:
        print("bench: installing wrk from Debian's packages", flush=True)
        subprocess.run(
            "apt-get update -qq && apt-get install -y -qq wrk",
            shell=True,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        found = shutil.which("wrk")
    if found is None:
        raise SystemExit("error: wrk is not installed and apt-get could not add it")
    return found


def endpoint_list(seed: dict) -> list[Endpoint]:
    from django.urls import reverse

    baseline = reverse("bench-baseline")
    dashboard = reverse("journal:dashboard")
    quiz = reverse("quiz:quiz-detail", args=[seed["quiz"]])
    export = reverse("journal:export")
    return [
        # Logged in like the pages: the middleware then loads the session and
        # the user (PrivateNoStoreMiddleware asks whether the user is logged in).
        Endpoint("baseline", baseline, "five_years"),
        Endpoint("home", reverse("home"), "five_years"),
        Endpoint("exercise list", reverse("exercises:exercise-list"), "five_years"),
        Endpoint(
            "exercise detail",
            reverse("exercises:exercise-detail", args=[seed["exercise"]]),
            "five_years",
        ),
        Endpoint("dashboard, 5-year user", dashboard, "five_years"),
        Endpoint("dashboard, new user", dashboard, "new"),
        # The month view (issue 19): a calendar month of the five-year journal.
        Endpoint("month view, 5-year user", reverse("journal:month"), "five_years"),
        Endpoint(
            "check-in POST",
            reverse("journal:check-in"),
            None,
            method="POST",
            expect=302,
            writes="check-in",
        ),
        Endpoint("quiz page", quiz, "five_years"),
        Endpoint(
            "quiz submission",
            quiz,
            "quiz_writer",
            method="POST",
            expect=302,
            writes="quiz",
        ),
        Endpoint("CSV export, 5-year user", export, "five_years"),
        # Issue 19: the report a 5-year user shared, opened by a visitor with
        # the link (each GET writes its audit event).
        Endpoint(
            "shared report, 5-year user",
            reverse("journal:shared-report", args=[seed["share_token"]]),
            None,
        ),
        # Not targets, for the record: the baseline for a visitor, and the
        # longest chart range.
        Endpoint("baseline, visitor", baseline, None),
        Endpoint("dashboard, 5-year user, all", f"{dashboard}?range=all", "five_years"),
        # The baseline again at the end: when the machine's load changed during
        # the run, the two differ, and the ratios use their mean.
        Endpoint("baseline, again", baseline, "five_years"),
    ]


# Requests ----------------------------------------------------------------------


def cookie(seed: dict, session_key: str | None) -> str:
    parts = [f"{seed['csrf_cookie']}={seed['csrf_secret']}"]
    if session_key:
        parts.append(f"{seed['session_cookie']}={session_key}")
    return "; ".join(parts)


def check_in_body(seed: dict, day: datetime.date, pain: int = 3) -> dict:
    return {
        "csrfmiddlewaretoken": seed["csrf_secret"],
        "date": day.isoformat(),
        "pain_score": pain,
        "notes": "",
    }


def quiz_body(seed: dict, token: uuid.UUID) -> dict:
    return {
        "csrfmiddlewaretoken": seed["csrf_secret"],
        "token": str(token),
        **seed["answers"],
    }


def fetch(port: int, path: str, *, headers=None, method="GET", body=None):
    """One request, redirects not followed: (status, headers, raw body)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def verify(endpoint: Endpoint, port: int, seed: dict) -> None:
    """The endpoint answers what a measured run expects, or the run stops."""
    headers = {"Origin": f"http://{HOST}:{port}"}
    body = None
    if endpoint.writes == "check-in":
        session = seed["writers"][0]
        body = urlencode(check_in_body(seed, datetime.date(2000, 1, 1)))
    elif endpoint.writes == "quiz":
        session = seed["sessions"][endpoint.user]
        body = urlencode(quiz_body(seed, uuid.uuid4()))
    else:
        session = seed["sessions"].get(endpoint.user) if endpoint.user else None
    headers["Cookie"] = cookie(seed, session)
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    status, response_headers, content = fetch(
        port, endpoint.path, headers=headers, method=endpoint.method, body=body
    )
    text = content.decode("utf-8", "replace")
    location = response_headers.get("Location", "")
    rows = seed["five_years_rows"]
    checks = {
        "baseline": text == "ok",
        "baseline, visitor": text == "ok",
        "baseline, again": text == "ok",
        "home": "Understand, relieve and prevent iliopsoas pain" in text,
        "exercise list": "<h1>Exercises</h1>" in text,
        "exercise detail": 'id="exercise-title"' in text and ">Steps<" in text,
        "dashboard, 5-year user": f"{build.FIVE_YEARS} days" in text,
        "dashboard, 5-year user, all": "all your entries" in text,
        "dashboard, new user": "Getting started" in text,
        # Every day up to today links to its check-in (the five-year member
        # checked in every day), and no later day links anywhere.
        "month view, 5-year user": '<table class="month-grid"' in text
        and text.count("data-date=") == int(seed["today"][8:]),
        "check-in POST": _view_name(location) == "journal:check-in-detail",
        "quiz page": 'name="token"' in text and "csrfmiddlewaretoken" in text,
        "quiz submission": _view_name(location) == "quiz:attempt-detail",
        "CSV export, 5-year user": text.count("\n")
        == 1 + rows["check_ins"] + rows["sessions"],
        "shared report, 5-year user": "A read-only copy, shared by" in text
        and "Function scores from" in text,
    }
    endpoint.size = len(content)
    if status != endpoint.expect or not checks[endpoint.name]:
        raise SystemExit(
            f"error: {endpoint.name} ({endpoint.method} {endpoint.path}) answered "
            f"{status} {location} {text[:200]!r}: not what the benchmark measures"
        )


def _view_name(location: str) -> str | None:
    """The URL name of a redirect's target on this site, if it has one."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(location).view_name
    except Resolver404:
        return None


# wrk ---------------------------------------------------------------------------

LUA_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"p50_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read,
    e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""

LUA_THREADS = """
local next_id = 0
setup = function(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end
"""

# Every request is a new day for one of the writers: day `offset` before
# yesterday, for writer g % #writers, so each POST inserts a row.
LUA_CHECK_IN = """
local counter = 0
request = function()
  local g = counter * nthreads + tid
  counter = counter + 1
  local writer = (g % #writers) + 1
  local offset = math.floor(g / #writers)
  local day = os.date("!%Y-%m-%d", yesterday_noon - offset * 86400)
  local body = "csrfmiddlewaretoken=" .. csrf .. "&date=" .. day ..
    "&pain_score=" .. (g % 11) .. "&notes="
  return wrk.format("POST", path, {
    ["Cookie"] = writers[writer],
    ["Origin"] = origin,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, body)
end
"""

# A fresh form token per request (random, with the thread and a counter in its
# last group), so each submission saves an attempt.
LUA_QUIZ = """
local counter = 0
init = function(args)
  math.randomseed(os.time() + tid * 7919)
end
local function token()
  counter = counter + 1
  local head = string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end)
  return head .. string.format("%04x%08x", tid, counter)
end
request = function()
  return wrk.format("POST", path, {
    ["Cookie"] = cookie,
    ["Origin"] = origin,
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }, "csrfmiddlewaretoken=" .. csrf .. "&token=" .. token() .. answers)
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Lua string here


def lua_script(endpoint: Endpoint, seed: dict, origin: str, args, *, warmup: bool):
    lines = [
        f"path = {lua_string(endpoint.path)}",
        f"origin = {lua_string(origin)}",
        f"csrf = {lua_string(seed['csrf_secret'])}",
        f"nthreads = {args.threads}",
        "wrk.path = path",
    ]
    if endpoint.writes == "check-in":
        writers = seed["writers"]
        keys = writers[:WARMUP_WRITERS] if warmup else writers[WARMUP_WRITERS:]
        cookies = ", ".join(lua_string(cookie(seed, key)) for key in keys)
        today = datetime.date.fromisoformat(seed["today"])
        noon = datetime.datetime.combine(
            today - datetime.timedelta(days=1), datetime.time(12), datetime.UTC
        )
        lines += [
            f"writers = {{{cookies}}}",
            f"yesterday_noon = {int(noon.timestamp())}",
            LUA_THREADS,
            LUA_CHECK_IN,
        ]
    elif endpoint.writes == "quiz":
        answers = "&" + urlencode(seed["answers"])
        lines += [
            f"cookie = {lua_string(cookie(seed, seed['sessions'][endpoint.user]))}",
            f"answers = {lua_string(answers)}",
            LUA_THREADS,
            LUA_QUIZ,
        ]
    else:
        session = seed["sessions"].get(endpoint.user) if endpoint.user else None
        lines += [
            f'wrk.method = "{endpoint.method}"',
            f'wrk.headers["Cookie"] = {lua_string(cookie(seed, session))}',
        ]
    lines.append(LUA_DONE)
    script = OUT / f"{re.sub(r'[^a-z0-9]+', '-', endpoint.name.lower())}.lua"
    script.write_text("\n".join(lines))
    return script


def run_wrk(wrk: str, script: Path, origin: str, path: str, args, seconds: int):
    completed = subprocess.run(
        [
            wrk,
            f"-t{args.threads}",
            f"-c{args.connections}",
            f"-d{seconds}s",
            "--latency",
            "--timeout=30s",
            f"--script={script}",
            origin + path,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    match = re.search(r"^BENCH (\{.*\})$", completed.stdout, re.MULTILINE)
    if match is None:
        raise SystemExit(f"error: wrk gave no result:\n{completed.stdout}")
    return json.loads(match.group(1))


def rows_written(endpoint: Endpoint, seed: dict) -> int:
    from journal.models import CheckIn
    from quiz.models import Attempt

    if endpoint.writes == "check-in":
        writers = seed["user_ids"]["writers"][WARMUP_WRITERS:]
        return CheckIn.objects.filter(user_id__in=writers).count()
    return Attempt.objects.filter(user_id=seed["user_ids"]["quiz_writer"]).count()


def measure(endpoint: Endpoint, wrk: str, args, origin: str, seed: dict) -> None:
    warmup = lua_script(endpoint, seed, origin, args, warmup=True)
    run_wrk(wrk, warmup, origin, endpoint.path, args, args.warmup)
    script = lua_script(endpoint, seed, origin, args, warmup=False)
    before = rows_written(endpoint, seed) if endpoint.writes else 0
    result = run_wrk(wrk, script, origin, endpoint.path, args, args.duration)
    # wrk counts any 2xx or 3xx as a success: responses much smaller than the
    # page checked by verify() would be redirects or errors, not the page.
    if not endpoint.writes and result["requests"]:
        average = result["bytes"] / result["requests"]
        if average < 0.9 * endpoint.size:
            raise SystemExit(
                f"error: {endpoint.name}: wrk's responses averaged {average:.0f} "
                f"bytes, the checked page has {endpoint.size}"
            )
    socket_errors = sum(result[k] for k in ("connect", "read", "write", "timeout"))
    result["errors"] = socket_errors + result["status"]
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    if endpoint.writes:
        written = rows_written(endpoint, seed) - before
        # Requests still in flight when wrk stops may be written too: at most
        # one per connection more than wrk counted.
        missing = max(0, result["requests"] - written)
        result["errors"] += missing
        endpoint.note = f"{written} rows written for {result['requests']} requests"
    endpoint.result = result
    print(
        f"  {endpoint.name:<28} {result['rps']:8.1f} req/s  "
        f"p50 {result['p50_us'] / 1000:7.1f} ms  p99 {result['p99_us'] / 1000:7.1f} "
        f"ms  errors {result['errors']}  {endpoint.note}",
        flush=True,
    )


# In-process measurements -------------------------------------------------------


def _client(seed: dict, user: str | None):
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    if user is not None:
        client.cookies[seed["session_cookie"]] = seed["sessions"][user]
    return client


def count_queries(endpoints: list[Endpoint], seed: dict) -> None:
    """Queries of one request to each endpoint, after one to warm the caches.
    The POSTs are the probe member's, so they write rows of their own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = datetime.date.fromisoformat(seed["today"])
    for endpoint in endpoints:
        client = _client(seed, "probe" if endpoint.writes else endpoint.user)
        for attempt in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = _send(client, endpoint, seed, today - attempt * DAY)
                if response.streaming:
                    for _ in response.streaming_content:
                        pass
        if response.status_code != endpoint.expect:
            raise SystemExit(
                f"error: in-process {endpoint.name} answered {response.status_code}"
            )
        endpoint.queries = len(queries)


def _send(client, endpoint: Endpoint, seed: dict, day: datetime.date):
    if endpoint.writes == "check-in":
        return client.post(endpoint.path, check_in_body(seed, day))
    if endpoint.writes == "quiz":
        return client.post(endpoint.path, quiz_body(seed, uuid.uuid4()))
    return client.get(endpoint.path)


def export_peaks(seed: dict) -> dict[str, int]:
    """tracemalloc's peak while the CSV export of 1, 5 and 20 years streams."""
    from django.urls import reverse

    export = reverse("journal:export")
    peaks = {}
    for user in ("one_year", "five_years", "twenty_years"):
        client = _client(seed, user)
        response = client.get(export)
        for _ in response.streaming_content:  # warm: imports, query compilation
            pass
        tracemalloc.start()
        response = client.get(export)
        size = 0
        for chunk in response.streaming_content:
            size += len(chunk)
        peaks[user] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        peaks[f"{user}_bytes"] = size
    return peaks


def export_rss(server: subprocess.Popen, port: int, seed: dict) -> dict[str, int]:
    """The gunicorn workers' total RSS after 10 exports of 5 years, then after
    10 exports of 20 years (four times the rows)."""
    import psutil
    from django.urls import reverse

    export = reverse("journal:export")
    workers = psutil.Process(server.pid).children()
    rss = {}
    for user in ("five_years", "twenty_years"):
        headers = {"Cookie": cookie(seed, seed["sessions"][user])}
        for _ in range(10):
            status, _, _ = fetch(port, export, headers=headers)
            assert status == 200, status
        rss[user] = sum(worker.memory_info().rss for worker in workers)
    return rss


# Static assets -------------------------------------------------------------------

HASHED = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")
# Pages not measured with wrk whose assets count too: the player's script is
# the largest, and the check-in form and the report have their own.
MORE_PAGES = ("session player", "check-in form", "report")


def asset_pages(endpoints: list[Endpoint], seed: dict) -> dict[str, tuple]:
    """Every HTML page the run measures, and MORE_PAGES: name -> (path, user)."""
    from django.urls import reverse

    pages = {
        endpoint.name: (endpoint.path, endpoint.user)
        for endpoint in endpoints
        if endpoint.method == "GET"
        and endpoint.expect == 200
        and not endpoint.name.startswith(("baseline", "CSV"))
    }
    pages["session player"] = (
        reverse("journal:session", args=[routine_slug()]),
        "five_years",
    )
    pages["check-in form"] = (reverse("journal:check-in"), "five_years")
    pages["report"] = (reverse("journal:report"), "five_years")
    return pages


def static_assets(port: int, seed: dict, endpoints: list[Endpoint]) -> dict:
    """Every stylesheet and script of each page: fetched as a browser would
    (gzip or brotli) for its name and cache headers, and uncompressed for its
    size, compressed here (bench/assets.py) so that the figure does not depend
    on what the server chose to send."""
    found: dict[str, dict] = {}
    raw: dict[str, bytes] = {}

    def read(url: str) -> bytes:
        if url not in raw:
            status, _, body = fetch(port, url, headers={"Accept-Encoding": "identity"})
            assert status == 200, (url, status)
            raw[url] = body
            status, headers, sent = fetch(
                port, url, headers={"Accept-Encoding": "gzip, br"}
            )
            cache = headers.get("Cache-Control", "")
            max_age = re.search(r"max-age=(\d+)", cache)
            found[url] = {
                "status": status,
                "bytes": len(sent),
                "encoding": headers.get("Content-Encoding", "identity"),
                "cache": cache,
                "hashed": bool(HASHED.search(url)),
                "long_lived": status == 200
                and max_age is not None
                and int(max_age.group(1)) >= ONE_YEAR_SECONDS
                and "immutable" in cache,
            }
        return raw[url]

    per_page = {}
    for page, (path, user) in asset_pages(endpoints, seed).items():
        session = seed["sessions"][user] if user else None
        status, _, content = fetch(
            port, path, headers={"Cookie": cookie(seed, session)}
        )
        assert status == 200, (page, status)
        per_page[page] = assets.page_assets(content.decode(), read)
    return {"assets": found, "pages": per_page}


def routine_slug() -> str:
    from exercises import selectors as content

    return content.routine_default().slug


# Report --------------------------------------------------------------------------


def machine_facts(database_label, load_before, load_after, seed, args) -> dict:
    import django
    from django.db import connection

    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("select sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
        else:
            cursor.execute("show server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": f"{os.cpu_count()} x {model.group(1) if model else 'unknown'}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": f"{version} ({database_label})",
        "load": f"load average (1 min) {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after",
        "wrk": f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s "
        f"--latency, after a {args.warmup} s warm-up; "
        f"gunicorn {args.workers} sync workers",
        "data": ", ".join(
            f"{n} {k.replace('_', ' ')}" for k, n in seed["totals"].items()
        ),
        "five_years": ", ".join(
            f"{n} {k.replace('_', ' ')}" for k, n in seed["five_years_rows"].items()
        ),
    }


def _by_name(endpoints: list[Endpoint]) -> dict[str, Endpoint]:
    return {endpoint.name: endpoint for endpoint in endpoints}


def baseline_rps(endpoints: list[Endpoint]) -> float:
    by = _by_name(endpoints)
    return (by["baseline"].result["rps"] + by["baseline, again"].result["rps"]) / 2


def targets(endpoints, memory, static, database_label) -> list[tuple]:
    """(target, passed, figures); passed is None where the target does not
    apply to this database."""
    by = _by_name(endpoints)
    base = baseline_rps(endpoints)
    old, new = by["dashboard, 5-year user"], by["dashboard, new user"]
    post = by["check-in POST"]
    verdicts = [
        (
            f"dashboard 5y >= {DASHBOARD_RATIO} x baseline",
            old.result["rps"] / base >= DASHBOARD_RATIO,
            f"{old.result['rps'] / base:.2f} ({old.result['rps']:.0f} / {base:.0f})",
        ),
        (
            f"dashboard 5y p50 <= {DASHBOARD_P50_FACTOR} x new user's",
            old.result["p50_us"] <= DASHBOARD_P50_FACTOR * new.result["p50_us"],
            f"{old.result['p50_us'] / new.result['p50_us']:.2f} "
            f"({old.result['p50_us'] / 1000:.1f} ms / "
            f"{new.result['p50_us'] / 1000:.1f} ms)",
        ),
    ]
    ratio = post.result["rps"] / base
    sqlite = database_label.startswith("SQLite")
    verdicts.append(
        (
            f"check-in POST on SQLite >= {CHECK_IN_RATIO} x baseline, 0 errors",
            (ratio >= CHECK_IN_RATIO and post.result["errors"] == 0)
            if sqlite
            else None,
            f"{ratio:.2f}, {post.result['errors']} errors"
            + ("" if sqlite else " (PostgreSQL: for the record)"),
        )
    )
    peaks, rss = memory["peaks"], memory["rss"]
    peak_factor = peaks["twenty_years"] / peaks["five_years"]
    growth = rss["twenty_years"] - rss["five_years"]
    verdicts.append(
        (
            "CSV export streams: memory flat in the number of rows",
            peak_factor <= MEMORY_PEAK_FACTOR and growth <= RSS_GROWTH_MAX,
            f"tracemalloc peak 1y {peaks['one_year'] / 2**20:.2f} MiB, "
            f"5y {peaks['five_years'] / 2**20:.2f} MiB, "
            f"20y {peaks['twenty_years'] / 2**20:.2f} MiB "
            f"(20y/5y {peak_factor:.2f}, at most {MEMORY_PEAK_FACTOR}); workers' RSS "
            f"{rss['five_years'] / 2**20:.1f} MiB after 10 exports of 5y, "
            f"{rss['twenty_years'] / 2**20:.1f} MiB after 10 of 20y "
            f"({growth / 2**20:+.1f} MiB, at most {RSS_GROWTH_MAX / 2**20:.0f})",
        )
    )
    pages = static["pages"]
    worst_page = max(pages, key=lambda page: pages[page].total.gzip)
    worst = pages[worst_page].total
    over = [page for page, found in pages.items() if not found.within_budget]
    all_hashed = all(a["hashed"] for a in static["assets"].values())
    all_cached = all(a["long_lived"] for a in static["assets"].values())
    verdicts.append(
        (
            f"CSS + JS < {assets.BUDGET_BYTES / 1000:.0f} KB compressed (gzip) per "
            "page, hashed names, long-lived cache",
            not over and all_hashed and all_cached,
            f"{len(pages)} pages, largest {worst_page}: {worst.gzip:,} bytes gzip"
            + (f", {worst.brotli:,} brotli" if worst.brotli is not None else "")
            + (f"; over the budget: {', '.join(over)}" if over else "")
            + f"; hashed names: {'all' if all_hashed else 'NOT all'}; "
            f"max-age >= 1 year + immutable: {'all' if all_cached else 'NOT all'}",
        )
    )
    return verdicts


def report(facts, endpoints, memory, static, verdicts) -> str:
    base = baseline_rps(endpoints)
    by = _by_name(endpoints)
    first, last = by["baseline"].result["rps"], by["baseline, again"].result["rps"]
    drift = abs(first - last) / max(first, last)
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py). Absolute figures depend on the "
        "machine; the ratios to the baseline are the figures that matter.",
        "",
        *(f"- {key}: {value}" for key, value in facts.items()),
        "",
        f"Ratios are to the mean of the baseline measured first and last "
        f"({first:.0f} and {last:.0f} requests/s, {base:.0f} on average)"
        + (
            f": they differ by {drift:.0%}, so the machine's load changed during "
            "the run and the ratios are noisy."
            if drift > 0.2
            else "."
        ),
        "",
        "| endpoint | requests/s | p50 ms | p99 ms | errors | queries/request "
        "| ratio to baseline |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for endpoint in endpoints:
        result = endpoint.result
        lines.append(
            f"| {endpoint.name} | {result['rps']:.1f} | "
            f"{result['p50_us'] / 1000:.1f} | {result['p99_us'] / 1000:.1f} | "
            f"{result['errors']} | {endpoint.queries} | {result['rps'] / base:.2f} |"
        )
    notes = [f"{e.name}: {e.note}" for e in endpoints if e.note]
    lines += ["", "Writes: " + "; ".join(notes) + "."]
    lines += ["", "| target | result | figures |", "| --- | --- | --- |"]
    for name, passed, figures in verdicts:
        verdict = "n/a" if passed is None else ("PASS" if passed else "FAIL")
        lines.append(f"| {name} | {verdict} | {figures} |")
    lines += [
        "",
        "CSS and JavaScript linked by each page (<link rel=stylesheet>, <script "
        "src>), each file compressed on its own as it is sent: gzip level 9 is "
        "the budget's figure, brotli is for the record.",
        "",
        *assets.table(static["pages"].items()),
        "",
        "| static asset | bytes sent | encoding | Cache-Control |",
        "| --- | ---: | --- | --- |",
    ]
    for url, asset in static["assets"].items():
        lines.append(
            f"| {url} | {asset['bytes']:,} | {asset['encoding']} | {asset['cache']} |"
        )
    lines.append("")
    peaks = memory["peaks"]
    lines.append(
        "CSV sizes: "
        + ", ".join(
            f"{user.replace('_', ' ')} {peaks[f'{user}_bytes']:,} bytes"
            for user in ("one_year", "five_years", "twenty_years")
        )
        + "."
    )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
