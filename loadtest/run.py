"""`make loadtest`: gunicorn with production settings under locust, then a check
that every write the server acknowledged is in the database.

    python -m loadtest.run [--users 50] [--duration 60] [--workers 4]

The database is made fresh for each run: SQLite in var/loadtest/db.sqlite3, or,
when DATABASE_URL is a PostgreSQL URL, the database psoasapp_loadtest on that
server (dropped and created again). Exits non-zero on any failed request, any
5xx, any "database is locked", or any lost write.
"""

import argparse
import datetime
import json
import math
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "var" / "loadtest"
PG_DATABASE = "psoasapp_loadtest"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    # `kill` of the runner (as CI does on a timeout) still stops gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    OUT.mkdir(parents=True, exist_ok=True)
    database_url, database_label = fresh_database()
    env = production_env(database_url)
    os.environ.update(env)
    prepare_site()
    seed = seed_accounts(args.users)
    (OUT / "seed.json").write_text(json.dumps(seed))

    acks, results = OUT / "acks.jsonl", OUT / "results.json"
    # gunicorn appends to its logs: a previous run's lines would count here.
    for path in (acks, results, *(OUT / n for n in ("access.log", "gunicorn.log"))):
        path.unlink(missing_ok=True)
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    print(
        f"loadtest: {args.users} users for {args.duration} s against gunicorn "
        f"({args.workers} workers, production settings) on {host}, {database_label}",
        flush=True,
    )
    server = start_gunicorn(env, port, args.workers)
    try:
        wait_until_up(host, server)
        run_locust(env, host, args, seed=OUT / "seed.json", acks=acks, results=results)
    finally:
        stop(server)

    if not results.exists():
        print(f"error: locust wrote no results; see {OUT / 'locust.log'}")
        return 1
    return report(
        json.loads(results.read_text()), read_acks(acks), database_label, args.duration
    )


# Database and site --------------------------------------------------------


def fresh_database(pg_database: str = PG_DATABASE, out: Path = OUT) -> tuple[str, str]:
    """An empty database's URL and a label for the report: `pg_database`
    dropped and created again when DATABASE_URL is PostgreSQL, otherwise a new
    SQLite file in `out` (make bench uses it too, with its own names)."""
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme in POSTGRES_SCHEMES:
        import psycopg

        parts = urlsplit(url)
        admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {pg_database} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {pg_database}")
        label = f"PostgreSQL database {pg_database} on {parts.hostname}"
        return urlunsplit(parts._replace(path=f"/{pg_database}")), label
    out.mkdir(parents=True, exist_ok=True)
    path = out / "db.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    return f"sqlite:///{path}", f"SQLite {shown}"


def production_env(database_url: str) -> dict[str, str]:
    """psoasapp.settings as production runs it, over plain HTTP on 127.0.0.1."""
    os.environ.pop("DJANGO_DEBUG", None)
    return {
        "DJANGO_SETTINGS_MODULE": "psoasapp.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url,
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def prepare_site() -> None:
    """Migrate (which loads the content), make the cache table, and collect the
    static files that production's manifest storage needs to render a page."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def seed_accounts(count: int) -> dict:
    """One member per simulated user, logged in by a session made here: going
    through the login form 50 times would trip allauth's rate limit, which the
    load test is not about."""
    from importlib import import_module

    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.db import connections
    from django.utils.crypto import get_random_string

    from exercises import selectors as content

    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    accounts = []
    for number in range(count):
        user = get_user_model().objects.create_user(
            email=f"loadtest{number}@example.com"
        )  # no password: these members never use the login form
        EmailAddress.objects.create(
            user=user, email=user.email, primary=True, verified=True
        )
        session = session_store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        accounts.append(
            {
                "user_id": user.pk,
                "session_key": session.session_key,
                # The format Django's CSRF middleware expects of its cookie.
                "csrf_secret": get_random_string(32),
            }
        )
    seed = {
        "accounts": accounts,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "yesterday": str(
            datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(1)
        ),
        # The site's addresses, reversed here: locust runs without Django.
        "paths": site_paths(content.routine_default()),
    }
    connections.close_all()
    return seed


def site_paths(routine) -> dict:
    """Every address the members use, by URL name; each page of one entry as
    a regex with the entry's id as its group."""
    from django.urls import reverse

    from exercises import selectors as content
    from quiz.models import Quiz

    sentinel = 987654321

    def entry_address(name: str) -> str:
        sample = re.escape(reverse(name, args=[sentinel]))
        return "^" + sample.replace(str(sentinel), r"(\d+)") + "$"

    return {
        "dashboard": reverse("journal:dashboard"),
        "check_in": reverse("journal:check-in"),
        "check_in_list": reverse("journal:check-in-list"),
        "session_new": reverse("journal:session-new"),
        "player": reverse("journal:session", args=[routine.slug]),
        "exercise_list": reverse("exercises:exercise-list"),
        "exercises": [
            exercise.get_absolute_url()
            for exercise in content.routine_exercises(routine)
        ],
        "guide": reverse("exercises:guide"),
        "quiz_list": reverse("quiz:quiz-list"),
        "quizzes": [quiz.get_absolute_url() for quiz in Quiz.objects.published()],
        "check_in_entry": entry_address("journal:check-in-detail"),
        "session_entry": entry_address("journal:session-detail"),
    }


# Processes ----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    env: dict[str, str], port: int, workers: int, *, out: Path = OUT, access_log=True
) -> subprocess.Popen:
    """gunicorn's sync workers on 127.0.0.1, logging into `out`. make bench
    turns the access log off: writing it would be part of what it measures."""
    access = (
        [
            "--access-logfile",
            str(out / "access.log"),
            "--access-logformat",
            "%(s)s %(m)s %(U)s %(M)s",
        ]
        if access_log
        else []
    )
    with (out / "gunicorn.log").open("w") as log:
        return subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                "psoasapp.wsgi",
                f"--workers={workers}",
                f"--bind=127.0.0.1:{port}",
                *access,
                "--graceful-timeout=10",
            ],
            cwd=REPO,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            # Its own process group: stop() reaches gunicorn and its workers only.
            start_new_session=True,
        )


def wait_until_up(
    host: str, server: subprocess.Popen, *, log: Path = OUT / "gunicorn.log"
) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"error: gunicorn exited; see {log}")
        try:
            with urllib.request.urlopen(f"{host}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"error: gunicorn did not answer; see {log}")


def run_locust(
    env, host, args, *, seed: Path, acks: Path, results: Path, out: Path = OUT
) -> None:
    with (out / "locust.log").open("w") as log:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "--locustfile",
                str(REPO / "loadtest" / "locustfile.py"),
                "--headless",
                "--only-summary",
                f"--host={host}",
                f"--users={args.users}",
                f"--spawn-rate={args.users}",
                f"--run-time={args.duration}s",
                # Members finish the task they are in when time is up.
                "--stop-timeout=15",
            ],
            cwd=REPO,
            env={
                **os.environ,
                **env,
                "LOADTEST_SEED": str(seed),
                "LOADTEST_ACKS": str(acks),
                "LOADTEST_RESULTS": str(results),
            },
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=args.duration + 120,
            check=False,
        )


def stop(server: subprocess.Popen) -> None:
    """TERM lets gunicorn finish the requests in flight; KILL if it hangs."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# Report -------------------------------------------------------------------


def read_acks(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line]


def lost_writes(acks: list[dict]) -> list[dict]:
    """The acknowledged writes that are not in the database as they were sent."""
    from journal.models import CheckIn, Session

    user_ids = {ack["user_id"] for ack in acks}
    check_ins = {
        row[0]: row[1:]
        for row in CheckIn.objects.filter(user_id__in=user_ids).values_list(
            "pk", "user_id", "date", "pain_score", "notes"
        )
    }
    sessions = {
        row[0]: row[1:]
        for row in Session.objects.filter(user_id__in=user_ids).values_list(
            "pk", "user_id", "pain_during", "notes"
        )
    }
    lost = []
    for ack in acks:
        if ack["kind"] == "check-in":
            expected = (
                ack["user_id"],
                datetime.date.fromisoformat(ack["date"]),
                ack["pain_score"],
                ack["notes"],
            )
            found = check_ins.get(ack["pk"])
        else:
            expected = (ack["user_id"], ack["pain_during"], ack["notes"])
            found = sessions.get(ack["pk"])
        if found != expected:
            lost.append(ack)
    return lost


def server_log_problems(servers: Sequence[Path] = (OUT,)) -> Counter[str]:
    """What the gunicorn logs in each of `servers` (folders holding an
    access.log and a gunicorn.log) say went wrong."""
    problems: Counter[str] = Counter()
    statuses = Counter(line.split(" ", 1)[0] for line in _access_log(servers))
    problems["server 5xx (access log)"] = sum(
        count for status, count in statuses.items() if status.startswith("5")
    )
    log = "".join((server / "gunicorn.log").read_text() for server in servers)
    problems['"database is locked" (server log)'] = log.count("database is locked")
    problems["tracebacks (server log)"] = log.count("Traceback (most recent call last)")
    problems["worker timeouts (server log)"] = len(re.findall(r"WORKER TIMEOUT", log))
    return problems


def _access_log(servers: Sequence[Path] = (OUT,)) -> list[str]:
    """Lines of "status method path milliseconds", one per request served."""
    return [
        line
        for server in servers
        for line in (server / "access.log").read_text().splitlines()
        if line
    ]


def server_times(servers: Sequence[Path] = (OUT,)) -> list[float]:
    return [float(line.rsplit(" ", 1)[1]) for line in _access_log(servers)]


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(1, math.ceil(share * len(ordered))) - 1]


def report(
    results: dict,
    acks: list[dict],
    database_label: str,
    duration: int,
    *,
    servers: Sequence[Path] = (OUT,),
    out: Path = OUT,
    more_problems: dict[str, int] | None = None,
) -> int:
    """Print the figures and the verdict; 1 when anything went wrong (failed
    requests, 5xx, lost writes, server errors, or any of `more_problems`)."""
    times: dict[str, list[float]] = results["times"]
    failures: dict[str, int] = results["failures"]
    errors: dict[str, int] = results["errors"]
    statuses: dict[str, int] = results["statuses"]
    everything = [value for values in times.values() for value in values]

    rows = [
        (name, len(values), failures.get(name, 0), *_latencies(values))
        for name, values in sorted(times.items())
    ]
    rows.append(
        ("TOTAL", len(everything), sum(failures.values()), *_latencies(everything))
    )
    header = ("request", "count", "failed", "p50 ms", "p95 ms", "p99 ms", "max ms")
    width = max(len(row[0]) for row in [header, *rows])
    line = f"{{:<{width}}} {{:>7}} {{:>7}} {{:>7}} {{:>7}} {{:>7}} {{:>7}}"
    print()
    print(f"Load test on {database_label}")
    print(line.format(*header))
    print(line.format(*["-" * width] + ["-" * 7] * 6))
    for index, row in enumerate(rows):
        if index == len(rows) - 1:
            print(line.format(*["-" * width] + ["-" * 7] * 6))
        print(line.format(*row))

    print()
    print(f"throughput: {len(everything) / duration:.1f} requests/s over {duration} s")
    served = server_times(servers)
    if served:
        p50, p95, p99, most = _latencies(served)
        print(
            f"time in gunicorn (without queueing): p50 {p50} ms, p95 {p95} ms, "
            f"p99 {p99} ms, max {most} ms"
        )
    print(
        "responses by status: "
        + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items()))
    )
    problems = server_log_problems(servers)
    client_5xx = sum(n for status, n in statuses.items() if status.startswith("5"))
    locked = sum(n for kind, n in errors.items() if "database is locked" in kind)
    locked += problems['"database is locked" (server log)']
    print("errors by kind:" + ("" if errors else " none"))
    for kind, count in sorted(errors.items(), key=lambda item: -item[1]):
        print(f"  {count:>6}  {kind}")
    for kind, count in problems.items():
        print(f"  {count:>6}  {kind}")

    lost = lost_writes(acks)
    kinds = Counter(ack["kind"] for ack in acks)
    print()
    print(
        f"writes acknowledged: {len(acks)} "
        f"({kinds['check-in']} check-ins, {kinds['session']} sessions)"
    )
    print(f"lost writes: {len(lost)}")
    for ack in lost[:10]:
        print(f"  lost: {ack}")

    verdict = {
        "failed requests": sum(failures.values()),
        "errors": sum(errors.values()),
        "5xx responses": client_5xx + problems["server 5xx (access log)"],
        '"database is locked"': locked,
        "server errors": problems["tracebacks (server log)"]
        + problems["worker timeouts (server log)"],
        "lost writes": len(lost),
        "no write acknowledged": int(not acks),
        **(more_problems or {}),
    }
    bad = {name: count for name, count in verdict.items() if count}
    print()
    if bad:
        print(
            "FAILED: " + ", ".join(f"{name} ({count})" for name, count in bad.items())
        )
        shown = out.relative_to(REPO) if out.is_relative_to(REPO) else out
        print(f"logs: {shown}/ (gunicorn.log, access.log, locust.log)")
        return 1
    print("OK: 0 errors, 0 lost writes")
    return 0


def _latencies(values: list[float]) -> tuple:
    if not values:
        return ("-",) * 4
    return tuple(f"{percentile(values, share):.0f}" for share in (0.50, 0.95, 0.99)) + (
        f"{max(values):.0f}",
    )


if __name__ == "__main__":
    sys.exit(main())
