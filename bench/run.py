"""`make bench`: each page's throughput against the framework's own ceiling.

    python -m bench.run [--duration 5] [--warmup 2] [--connections 8]
                        [--only NAME[,NAME]] [--profile]

Builds a fresh benchmark database (bench/build.py) and settles it (ANALYZE on
SQLite, VACUUM ANALYZE on PostgreSQL), starts gunicorn (2 sync workers,
production settings plus the baseline view: bench/settings.py) on 127.0.0.1,
checks that every endpoint (bench/endpoints.py) answers what it should, warms
every one of them, then measures them one after another with wrk (Debian's
package, installed when missing): the baseline first and last. Queries per
request are counted in-process with the test client on the same settings and
database. The verdicts (noisy run, targets) are bench/verdict.py's.

Prints the results and writes them to bench/results.md (results-postgresql.md
on PostgreSQL; var/bench/results-only.md for a run with --only), with the
targets. Exits 1 when a target fails, 2 when the run is noisy (its baselines
differ by more than 15 %), after writing the results.

--only quiz,dashboard measures the endpoints whose names hold one of the
words (and the baselines). --profile measures nothing with wrk: it runs
--requests in-process requests to each selected endpoint under pyinstrument
and writes var/bench/profile-<endpoint>.txt (bench/profile.py).
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

from . import assets, build, verdict
from .endpoints import Endpoint, endpoint_list, select

REPO = build.REPO
OUT = build.OUT
RESULTS = Path(__file__).resolve().parent / "results.md"
HOST = "127.0.0.1"
WARMUP_WRITERS = 4
DAY = datetime.timedelta(days=1)

ONE_YEAR_SECONDS = 365 * 24 * 3600
# Memory is flat when 4 times the rows (20 years against 5) costs less than a
# quarter more at the peak, and the workers' RSS grows by less than 4 MiB.
MEMORY_PEAK_FACTOR = 1.25
RSS_GROWTH_MAX = 4 * 2**20
EXIT_FAILED, EXIT_NOISY = 1, 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per run")
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of warm-up per endpoint"
    )
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--beside",
        type=int,
        default=2,
        help="seconds of baseline measured right after each endpoint",
    )
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--only", help="NAME[,NAME]: endpoints whose name holds one")
    parser.add_argument(
        "--profile", action="store_true", help="profile in-process instead of wrk"
    )
    parser.add_argument(
        "--requests", type=int, default=20, help="requests per endpoint (--profile)"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    wrk = None if args.profile else ensure_wrk()
    load_before = os.getloadavg()

    OUT.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    database_url, database_label = build.fresh_database()
    env = production_env(database_url)
    env["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.update(env)
    prepare_site()
    # One member per wrk connection for the after-check-in rows, and one more
    # for the in-process requests.
    seed = build.build(pair_writers=args.connections + 1)
    build_seconds = time.monotonic() - started
    settled = settle()
    (OUT / "seed.json").write_text(json.dumps(seed, indent=1))
    print(
        f"bench: database built in {build_seconds:.1f} s ({database_label}): "
        + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in seed["totals"].items())
        + f"; settled: {settled}",
        flush=True,
    )

    endpoints = select(endpoint_list(seed), args.only)
    if args.profile:
        from . import profile

        profile.run(endpoints, seed, args.requests, send=_send_all, client=_client)
        return 0
    count_queries(endpoints, seed)
    exporting = any(endpoint.kind == "export" for endpoint in endpoints)
    memory = {"peaks": export_peaks(seed)} if exporting else None

    port = free_port()
    origin = f"http://{HOST}:{port}"
    server = start_gunicorn(env, port, args.workers, out=OUT, access_log=False)
    try:
        wait_until_up(origin, server)
        for endpoint in endpoints:
            verify(endpoint, port, seed)
        print(
            f"bench: every endpoint answers as expected; warming each for "
            f"{args.warmup} s",
            flush=True,
        )
        for endpoint in endpoints:
            warm(endpoint, wrk, args, origin, seed)
        print(
            f"bench: wrk -t{args.threads} -c{args.connections} -d{args.duration}s "
            f"against gunicorn ({args.workers} sync workers) on {origin}",
            flush=True,
        )
        baseline = next(e for e in endpoints if e.kind == "baseline")
        before = None
        for endpoint in endpoints:
            if endpoint.kind == "baseline":
                # The warm-up and the writes measured before the last baseline
                # filled SQLite's WAL: both baselines start from an empty one,
                # so that they differ only by the machine's load.
                settle(analyze=False)
                measure(endpoint, wrk, args, origin, seed)
                before = endpoint.result["rps"]
                continue
            measure(endpoint, wrk, args, origin, seed)
            # A short baseline right after each endpoint: with the one before
            # it (the previous endpoint's, or the first baseline), what the
            # machine gave while this endpoint was measured (bench/verdict.py).
            after = beside(baseline, wrk, args, origin, seed)
            endpoint.result["before"], endpoint.result["after"] = before, after
            before = after
        if memory is not None:
            memory["rss"] = export_rss(server, port, seed)
        static = static_assets(port, seed, endpoints)
    finally:
        stop(server)

    load_after = os.getloadavg()
    facts = machine_facts(database_label, load_before, load_after, seed, args)
    facts["settled"] = settled
    sqlite = database_label.startswith("SQLite")
    first, last = baselines(endpoints)
    noisy = verdict.is_noisy(first, last)
    checks = verdict.throughput_checks(
        rows(endpoints), verdict.reference_baseline(first, last), sqlite=sqlite
    )
    if memory is not None:
        checks.append(memory_check(memory))
    checks.append(static_check(static))
    verdicts = verdict.judge(checks, noisy=noisy)
    text = report(facts, endpoints, memory, static, verdicts, only=args.only)
    print()
    print(text)
    # One file per database, so a run on one does not erase the other's
    # figures; a partial run never replaces a whole one.
    if args.only:
        results = OUT / "results-only.md"
    elif sqlite:
        results = RESULTS
    else:
        results = RESULTS.with_name("results-postgresql.md")
    results.write_text(text)
    print(f"written to {results.relative_to(REPO)}")
    if noisy:
        print(
            f"NOISY: the baselines differ by {verdict.drift(first, last):.0%} "
            f"({first:.0f} and {last:.0f} requests/s): this run proves nothing; "
            "run it again on a quiet machine"
        )
        return EXIT_NOISY
    failed = [v.name for v in verdicts if v.failed]
    if failed:
        print("FAILED: " + "; ".join(failed))
        return EXIT_FAILED
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


def settle(*, analyze: bool = True) -> str:
    """A freshly built database's statistics and files as a lived-in one has
    them, before the first measurement: on PostgreSQL, VACUUM ANALYZE (in
    autocommit: VACUUM refuses a transaction); on SQLite, ANALYZE, PRAGMA
    optimize and a checkpoint that empties the WAL into the database file.
    `analyze=False`: only the checkpoint (after the warm-up's writes)."""
    from django.db import DatabaseError, connection

    started = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            done = "VACUUM ANALYZE" if analyze else "CHECKPOINT"
            try:
                cursor.execute(done)
            except DatabaseError as error:  # CHECKPOINT needs pg_checkpoint
                done = f"no {done} ({error})"
        else:
            done = "PRAGMA wal_checkpoint(TRUNCATE)"
            if analyze:
                done = "ANALYZE, PRAGMA optimize, " + done
                cursor.execute("ANALYZE")
                cursor.execute("PRAGMA optimize")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _, _ = cursor.fetchone()
            if busy:
                raise SystemExit("error: the WAL checkpoint could not finish")
    connection.close()
    return f"{done} in {time.monotonic() - started:.1f} s"


# Requests ----------------------------------------------------------------------


def cookie(seed: dict, session_key: str | None) -> str:
    parts = [f"{seed['csrf_cookie']}={seed['csrf_secret']}"]
    if session_key:
        parts.append(f"{seed['session_cookie']}={session_key}")
    return "; ".join(parts)


def check_in_body(
    seed: dict, day: datetime.date, pain: int = 3, *, replace: bool = False
) -> dict:
    """A check-in form; `replace`: the box "Replace that check-in with this
    one" ticked, which a day that has one already needs."""
    body = {
        "csrfmiddlewaretoken": seed["csrf_secret"],
        "date": day.isoformat(),
        "pain_score": pain,
        "notes": "",
    }
    if replace:
        body["replace"] = day.isoformat()
    return body


def quiz_body(seed: dict, token: uuid.UUID) -> dict:
    return {
        "csrfmiddlewaretoken": seed["csrf_secret"],
        "token": str(token),
        **seed["answers"],
    }


def yesterday(seed: dict) -> datetime.date:
    """The day the after-check-in rows write, again and again, replacing the
    day's check-in (an update moves the journal's version as an insert does):
    yesterday is a valid day in every member's time zone; the five-year
    members have it already, the new members' first check-in adds it."""
    return datetime.date.fromisoformat(seed["today"]) - DAY


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
    if endpoint.writes == "pair":
        # The check-in first, as in the measured run; then the dashboard.
        status, response_headers, _ = fetch(
            port,
            reverse_path("journal:check-in"),
            headers={
                **headers,
                "Content-Type": "application/x-www-form-urlencoded",
            },
            method="POST",
            body=urlencode(check_in_body(seed, yesterday(seed), 4, replace=True)),
        )
        location = response_headers.get("Location", "")
        if status != 302 or _view_name(location) != "journal:check-in-detail":
            raise SystemExit(
                f"error: {endpoint.name}: the check-in answered {status} {location}"
            )
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    status, response_headers, content = fetch(
        port, endpoint.path, headers=headers, method=endpoint.method, body=body
    )
    text = content.decode("utf-8", "replace")
    location = response_headers.get("Location", "")
    if endpoint.redirect_to:
        right = _view_name(location) == endpoint.redirect_to
    elif endpoint.kind == "export":
        rows = seed["five_years_rows"]
        right = text.count("\n") == 1 + rows["check_ins"] + rows["sessions"]
    else:
        right = all(marker in text for marker in endpoint.markers)
        right = right and not any(marker in text for marker in endpoint.absent)
        if endpoint.kind == "baseline" or endpoint.name == "baseline, visitor":
            right = text == "ok"
    if endpoint.name == "month view, 5-year user":
        # Every day up to today links to its check-in (the five-year member
        # checked in every day), and no later day links anywhere.
        right = right and text.count("data-date=") == int(seed["today"][8:])
    endpoint.size = len(content)
    if status != endpoint.expect or not right:
        missing = [marker for marker in endpoint.markers if marker not in text]
        raise SystemExit(
            f"error: {endpoint.name} ({endpoint.method} {endpoint.path}) answered "
            f"{status} {location} {text[:200]!r}"
            + (f" without {missing}" if missing else "")
            + ": not what the benchmark measures"
        )


def reverse_path(name: str) -> str:
    from django.urls import reverse

    return reverse(name)


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
  local more = pair_summary and pair_summary() or ""
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, ' ..
    '"read": %d, "write": %d, "status": %d, "timeout": %d, ' ..
    '"p50_us": %d, "p99_us": %d%s}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read,
    e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99),
    more))
end
"""

LUA_THREADS = """
local next_id = 0
threads = {}
setup = function(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
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

# "Dashboard after a check-in": wrk runs one connection per thread, and each
# thread is its own member (writers[tid + 1]), so that every dashboard follows
# a check-in of its own member, whose journal nobody else touches: the page is
# always built after a write, never a copy kept from before. The next request
# is a GET only once the POST's answer has come (a request rebuilt after a
# reconnection stays what it was). The GETs are timed here (LuaJIT's ffi,
# CLOCK_MONOTONIC), as wrk's own figures mix the two kinds; response() checks
# each answer: the POST's 302 and the dashboard's marker.
LUA_PAIR = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock, bench_timespec *ts);
]]
local now_ts = ffi.new("bench_timespec")
local function now_us()
  ffi.C.clock_gettime(1, now_ts)
  return tonumber(now_ts.tv_sec) * 1e6 + tonumber(now_ts.tv_nsec) / 1e3
end
local want, sent, sent_at, counter = "post", "post", 0, 0
gets, posts, bad = {}, 0, 0
request = function()
  sent = want
  if want == "post" then
    counter = counter + 1
    local body = "csrfmiddlewaretoken=" .. csrf .. "&date=" .. day ..
      "&replace=" .. day .. "&pain_score=" .. (counter % 11) .. "&notes="
    return wrk.format("POST", post_path, {
      ["Cookie"] = writers[tid + 1],
      ["Origin"] = origin,
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, body)
  end
  sent_at = now_us()
  return wrk.format("GET", path, {["Cookie"] = writers[tid + 1]})
end
response = function(status, headers, body)
  if sent == "post" then
    posts = posts + 1
    if status ~= 302 then bad = bad + 1 end
    want = "get"
  else
    gets[#gets + 1] = now_us() - sent_at
    if status ~= 200 or not string.find(body, marker, 1, true) then
      bad = bad + 1
    end
    want = "post"
  end
end
pair_summary = function()
  local all, posts_all, bad_all = {}, 0, 0
  for _, thread in ipairs(threads) do
    for _, us in ipairs(thread:get("gets")) do all[#all + 1] = us end
    posts_all = posts_all + thread:get("posts")
    bad_all = bad_all + thread:get("bad")
  end
  table.sort(all)
  local function pct(p)
    if #all == 0 then return 0 end
    return all[math.max(1, math.ceil(#all * p / 100))]
  end
  return string.format(
    ', "gets": %d, "posts": %d, "bad": %d, "get_p50_us": %d, "get_p99_us": %d',
    #all, posts_all, bad_all, pct(50), pct(99))
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Lua string here


def lua_script(endpoint: Endpoint, seed: dict, origin: str, args, *, warmup: bool):
    lines = [
        f"path = {lua_string(endpoint.path)}",
        f"origin = {lua_string(origin)}",
        f"csrf = {lua_string(seed['csrf_secret'])}",
        f"nthreads = {wrk_threads(endpoint, args)}",
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
        # The warm-up and the measured run write different days: each run's
        # POSTs insert rows, as the measured one counts.
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
    elif endpoint.writes == "pair":
        keys = seed["pair_writers"][endpoint.user][1:]
        cookies = ", ".join(lua_string(cookie(seed, key)) for key in keys)
        lines += [
            f"writers = {{{cookies}}}",
            f"post_path = {lua_string(reverse_path('journal:check-in'))}",
            f"day = {lua_string(yesterday(seed).isoformat())}",
            f"marker = {lua_string(endpoint.contains[0])}",
            LUA_THREADS,
            LUA_PAIR,
        ]
    else:
        session = seed["sessions"].get(endpoint.user) if endpoint.user else None
        lines += [
            f'wrk.method = "{endpoint.method}"',
            f'wrk.headers["Cookie"] = {lua_string(cookie(seed, session))}',
        ]
    lines.append(LUA_DONE)
    suffix = "-warmup" if warmup else ""
    script = OUT / f"{endpoint.slug}{suffix}.lua"
    script.write_text("\n".join(lines))
    return script


def wrk_threads(endpoint: Endpoint, args) -> int:
    """One thread per connection for the after-check-in rows (LUA_PAIR)."""
    if endpoint.writes == "pair":
        return args.connections
    return min(args.threads, wrk_connections(endpoint, args))


def wrk_connections(endpoint: Endpoint, args) -> int:
    """The CSV export is measured with one connection per gunicorn worker:
    its p50 is then the time a download takes. With 8 connections on 2
    workers, each download would wait behind three others, and its p50 would
    be four downloads long (the issue's 495 ms was such a figure)."""
    if endpoint.kind == "export":
        return args.workers
    return args.connections


def run_wrk(wrk: str, script: Path, origin: str, endpoint: Endpoint, args, seconds):
    completed = subprocess.run(
        [
            wrk,
            f"-t{wrk_threads(endpoint, args)}",
            f"-c{wrk_connections(endpoint, args)}",
            f"-d{seconds}s",
            "--latency",
            "--timeout=30s",
            f"--script={script}",
            origin + endpoint.path,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    match = re.search(r"^BENCH (\{.*\})$", completed.stdout, re.MULTILINE)
    if match is None:
        raise SystemExit(
            f"error: wrk gave no result:\n{completed.stdout}\n{completed.stderr}"
        )
    return json.loads(match.group(1))


def rows_written(endpoint: Endpoint, seed: dict) -> int:
    from journal.models import CheckIn
    from quiz.models import Attempt

    if endpoint.writes == "check-in":
        writers = seed["user_ids"]["writers"][WARMUP_WRITERS:]
        return CheckIn.objects.filter(user_id__in=writers).count()
    return Attempt.objects.filter(user_id=seed["user_ids"]["quiz_writer"]).count()


def warm(endpoint: Endpoint, wrk: str, args, origin: str, seed: dict) -> None:
    """A few seconds of the same load before any measurement: imports,
    compiled templates and queries, the database's and the OS's caches."""
    script = lua_script(endpoint, seed, origin, args, warmup=True)
    run_wrk(wrk, script, origin, endpoint, args, args.warmup)


def beside(baseline: Endpoint, wrk: str, args, origin: str, seed: dict) -> float:
    """The baseline's requests per second over `args.beside` seconds."""
    script = lua_script(baseline, seed, origin, args, warmup=False)
    result = run_wrk(wrk, script, origin, baseline, args, args.beside)
    return result["requests"] / (result["duration_us"] / 1e6)


def measure(endpoint: Endpoint, wrk: str, args, origin: str, seed: dict) -> None:
    script = lua_script(endpoint, seed, origin, args, warmup=False)
    # The machine's load as the endpoint starts: a busy moment in the middle of
    # a run shows here, even when the two baselines agree.
    load = os.getloadavg()[0]
    before = rows_written(endpoint, seed) if endpoint.writes in WRITES_ROWS else 0
    result = run_wrk(wrk, script, origin, endpoint, args, args.duration)
    seconds = result["duration_us"] / 1e6
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
    result["rps"] = result["requests"] / seconds
    if endpoint.writes in WRITES_ROWS:
        written = rows_written(endpoint, seed) - before
        # Requests still in flight when wrk stops may be written too: at most
        # one per connection more than wrk counted.
        missing = max(0, result["requests"] - written)
        result["errors"] += missing
        endpoint.note = f"{written} rows written for {result['requests']} requests"
    elif endpoint.writes == "pair":
        # The row's rate is of pairs (a check-in and the dashboard after it,
        # what a member does), its latency the dashboards' alone.
        result["errors"] += result["bad"]
        endpoint.note = (
            f"{result['gets']} dashboards after {result['posts']} check-ins "
            f"({result['rps']:.0f} requests/s, POST and GET together; their "
            f"p50 {result['p50_us'] / 1000:.1f} ms)"
        )
        result["rps"] = result["gets"] / seconds
        result["p50_us"], result["p99_us"] = result["get_p50_us"], result["get_p99_us"]
    result["load"] = load
    endpoint.result = result
    unit = "pairs/s" if endpoint.writes == "pair" else "req/s"
    print(
        f"  {endpoint.name:<40} {result['rps']:8.1f} {unit:<7} "
        f"p50 {result['p50_us'] / 1000:7.1f} ms  p99 {result['p99_us'] / 1000:7.1f} "
        f"ms  errors {result['errors']}  load {load:.1f}  {endpoint.note}",
        flush=True,
    )


WRITES_ROWS = ("check-in", "quiz")


# In-process measurements -------------------------------------------------------


def _client(seed: dict, user: str | None):
    from django.test import Client

    client = Client(HTTP_HOST=HOST)
    if user is not None:
        client.cookies[seed["session_cookie"]] = seed["sessions"][user]
    return client


def _in_process_user(endpoint: Endpoint) -> str | None:
    """The POSTs are the probe member's, so they write rows of their own; an
    after-check-in row's are the first of its members (not one of wrk's)."""
    if endpoint.writes in WRITES_ROWS:
        return "probe"
    return endpoint.user


def count_queries(endpoints: list[Endpoint], seed: dict) -> None:
    """Queries of one request to each endpoint, after one to warm the caches;
    for an after-check-in row, of the check-in and of the dashboard after it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = datetime.date.fromisoformat(seed["today"])
    for endpoint in endpoints:
        client = _client(seed, _in_process_user(endpoint))
        for attempt in range(2):
            day = today - attempt * DAY
            if endpoint.writes == "pair":
                day = yesterday(seed)
                with CaptureQueriesContext(connection) as posted:
                    _send_check_in(client, seed, day, pain=attempt)
            with CaptureQueriesContext(connection) as queries:
                response = _send(client, endpoint, seed, day)
                if response.streaming:
                    for _ in response.streaming_content:
                        pass
        if response.status_code != endpoint.expect:
            raise SystemExit(
                f"error: in-process {endpoint.name} answered {response.status_code}"
            )
        endpoint.queries = len(queries)
        if endpoint.writes == "pair":
            endpoint.queries = f"{len(posted)} + {len(queries)}"


def _send_check_in(client, seed: dict, day: datetime.date, pain: int = 3):
    body = check_in_body(seed, day, pain, replace=True)
    response = client.post(reverse_path("journal:check-in"), body)
    if response.status_code != 302:
        raise SystemExit(f"error: in-process check-in answered {response.status_code}")
    return response


def _send(client, endpoint: Endpoint, seed: dict, day: datetime.date):
    if endpoint.writes == "check-in":
        return client.post(endpoint.path, check_in_body(seed, day))
    if endpoint.writes == "quiz":
        return client.post(endpoint.path, quiz_body(seed, uuid.uuid4()))
    return client.get(endpoint.path)


def _send_all(client, endpoint: Endpoint, seed: dict, number: int):
    """Request `number` of a profile: for an after-check-in row, the check-in
    and the dashboard; each check-in POST a new day."""
    today = datetime.date.fromisoformat(seed["today"])
    if endpoint.writes == "pair":
        _send_check_in(client, seed, yesterday(seed), pain=number % 11)
        return client.get(endpoint.path)
    return _send(client, endpoint, seed, today - (number + 1) * DAY)


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
# Pages whose assets always count, even in a run with --only: the player's
# script is the largest, and the check-in form and the report have their own.
MORE_PAGES = ("session player", "check-in form", "report")


def asset_pages(endpoints: list[Endpoint], seed: dict) -> dict[str, tuple]:
    """Every HTML page the run measures, and MORE_PAGES: name -> (path, user)."""
    measured = {endpoint.name for endpoint in endpoints}
    return {
        endpoint.name: (endpoint.path, endpoint.user)
        for endpoint in endpoint_list(seed)
        if endpoint.kind == "page"
        and (endpoint.name in measured or endpoint.name in MORE_PAGES)
    }


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


# Report --------------------------------------------------------------------------


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
        f"--latency (after-check-in rows: -t{args.connections}, one connection "
        f"per thread; the CSV export: -c{args.workers}, one connection per "
        f"worker), every endpoint warmed for {args.warmup} s before the "
        f"first measurement; gunicorn {args.workers} sync workers",
        "beside": f"{args.beside} s",
        "data": ", ".join(
            f"{n} {k.replace('_', ' ')}" for k, n in seed["totals"].items()
        ),
        "five_years": ", ".join(
            f"{n} {k.replace('_', ' ')}" for k, n in seed["five_years_rows"].items()
        ),
    }


def baselines(endpoints: list[Endpoint]) -> tuple[float, float]:
    """Requests per second of the baseline measured first and last."""
    by = {endpoint.name: endpoint for endpoint in endpoints}
    return by["baseline"].result["rps"], by["baseline, again"].result["rps"]


def rows(endpoints: list[Endpoint]) -> dict[str, verdict.Row]:
    return {
        endpoint.name: verdict.Row(
            endpoint.name,
            endpoint.kind,
            endpoint.result["rps"],
            endpoint.result["p50_us"] / 1000,
            endpoint.result["errors"],
            before=endpoint.result.get("before"),
            after=endpoint.result.get("after"),
        )
        for endpoint in endpoints
    }


def memory_check(memory: dict) -> verdict.Check:
    peaks, rss = memory["peaks"], memory["rss"]
    peak_factor = peaks["twenty_years"] / peaks["five_years"]
    growth = rss["twenty_years"] - rss["five_years"]
    return verdict.Check(
        "CSV export streams: memory flat in the number of rows",
        peak_factor <= MEMORY_PEAK_FACTOR and growth <= RSS_GROWTH_MAX,
        f"tracemalloc peak 1y {peaks['one_year'] / 2**20:.2f} MiB, "
        f"5y {peaks['five_years'] / 2**20:.2f} MiB, "
        f"20y {peaks['twenty_years'] / 2**20:.2f} MiB "
        f"(20y/5y {peak_factor:.2f}, at most {MEMORY_PEAK_FACTOR}); workers' RSS "
        f"{rss['five_years'] / 2**20:.1f} MiB after 10 exports of 5y, "
        f"{rss['twenty_years'] / 2**20:.1f} MiB after 10 of 20y "
        f"({growth / 2**20:+.1f} MiB, at most {RSS_GROWTH_MAX / 2**20:.0f})",
        load_dependent=False,
    )


def static_check(static: dict) -> verdict.Check:
    pages = static["pages"]
    worst_page = max(pages, key=lambda page: pages[page].total.gzip)
    worst = pages[worst_page].total
    over = [page for page, found in pages.items() if not found.within_budget]
    all_hashed = all(a["hashed"] for a in static["assets"].values())
    all_cached = all(a["long_lived"] for a in static["assets"].values())
    return verdict.Check(
        f"CSS + JS < {assets.BUDGET_BYTES / 1000:.0f} KB compressed (gzip) per "
        "page, hashed names, long-lived cache",
        not over and all_hashed and all_cached,
        f"{len(pages)} pages, largest {worst_page}: {worst.gzip:,} bytes gzip"
        + (f", {worst.brotli:,} brotli" if worst.brotli is not None else "")
        + (f"; over the budget: {', '.join(over)}" if over else "")
        + f"; hashed names: {'all' if all_hashed else 'NOT all'}; "
        f"max-age >= 1 year + immutable: {'all' if all_cached else 'NOT all'}",
        load_dependent=False,
    )


def report(facts, endpoints, memory, static, verdicts, *, only=None) -> str:
    first, last = baselines(endpoints)
    base = verdict.reference_baseline(first, last)
    drift = verdict.drift(first, last)
    noisy = verdict.is_noisy(first, last)
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (bench/run.py). Absolute figures depend on the "
        "machine; the ratios to the baseline are the figures that matter.",
        "",
        *(f"- {key}: {value}" for key, value in facts.items()),
        *([f"- only: endpoints matching {only!r} (a partial run)"] if only else []),
        "",
        "| baseline | measured first | measured last | difference |",
        "| --- | ---: | ---: | ---: |",
        f"| requests/s | {first:.1f} | {last:.1f} | {drift:.0%} |",
        "",
    ]
    if noisy:
        lines.append(
            f"**NOISY RUN**: the baselines differ by {drift:.0%}, more than "
            f"{verdict.NOISE_TOLERANCE:.0%}: the machine's load changed during the "
            "run. The ratios below (to the higher baseline, "
            f"{base:.0f} requests/s) are printed for the record; the targets that "
            "depend on throughput or latency are not judged."
        )
    else:
        lines.append(
            f"The baselines agree within {verdict.NOISE_TOLERANCE:.0%}. Each "
            "endpoint's ratio is to the higher of the baselines measured just "
            "before and just after it (below), so it passes only if it passes "
            f"against both; the run's own ({base:.0f} requests/s, the higher of "
            "the two above) stands in for a row measured without them."
        )
    lines += [
        "",
        "An after-check-in row's rate is of pairs (a check-in POST, then the "
        "dashboard), its ratio of requests (two a pair, as wrk counts them), its "
        "p50 and p99 those of the dashboards alone; its queries are the "
        "check-in's + the dashboard's.",
        "",
        "Baselines beside: the baseline's requests/s measured just before the "
        f"endpoint and for {facts.get('beside', '2 s')} just after it. Each "
        "ratio is to the higher of those two (so a slow spell of the machine in "
        "the middle of the run slows the endpoint and its baselines together); "
        "a row marked * had them more than "
        f"{verdict.NOISE_TOLERANCE:.0%} apart, and a target that reads it is not "
        "judged.",
        "",
        "The load column is the machine's load average (1 min) as each "
        f"endpoint's measurement started ({os.cpu_count()} cores).",
        "",
        "| endpoint | requests/s | p50 ms | p99 ms | errors | queries/request "
        "| baselines beside | ratio to baseline | load |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    measured = rows(endpoints)
    for endpoint in endpoints:
        result = endpoint.result
        row = measured[endpoint.name]
        rate = f"{result['rps']:.1f}"
        if endpoint.writes == "pair":
            rate += " pairs/s"
        around = (
            f"{row.before:.0f} / {row.after:.0f}{' *' if row.noisy else ''}"
            if row.before and row.after
            else ""
        )
        lines.append(
            f"| {endpoint.name} | {rate} | "
            f"{result['p50_us'] / 1000:.1f} | {result['p99_us'] / 1000:.1f} | "
            f"{result['errors']} | {endpoint.queries} | {around} | "
            f"{row.ratio(base):.2f} | {result['load']:.1f} |"
        )
    notes = [f"{e.name}: {e.note}" for e in endpoints if e.note]
    if notes:
        lines += ["", "Writes: " + "; ".join(notes) + "."]
    lines += ["", "| target | result | figures |", "| --- | --- | --- |"]
    for found in verdicts:
        lines.append(f"| {found.name} | {found.status} | {found.figures} |")
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
    if memory is not None:
        peaks = memory["peaks"]
        lines += [
            "",
            "CSV sizes: "
            + ", ".join(
                f"{user.replace('_', ' ')} {peaks[f'{user}_bytes']:,} bytes"
                for user in ("one_year", "five_years", "twenty_years")
            )
            + ".",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
