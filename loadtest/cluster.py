"""`make loadtest INSTANCES=2`: the site as several app servers behind a load
balancer, all on this machine's loopback interface, under locust; then the
checks of `make loadtest` (0 errors, 0 lost writes) and a few of its own.

    python -m loadtest.cluster [--instances 2] [--users 100] [--duration 60]
                               [--workers 2]
    python -m loadtest.cluster --check-only [--out DIR]

What runs, each a child process of this one (logs in var/loadtest-cluster/):
- PostgreSQL: the database psoasapp_cluster, dropped and made again, on the
  server of DATABASE_URL (postgres://postgres@127.0.0.1:5432/ when
  DATABASE_URL is not PostgreSQL); every process reaches it through psycopg's
  pool (DJANGO_DB_POOL=1);
- Redis at REDIS_URL (redis://127.0.0.1:6379/5 by default): the shared cache;
- INSTANCES gunicorn servers (production settings, --workers each) on ports
  of their own;
- nginx, from deploy/nginx/psoasapp.conf without its TLS lines, as this user
  (its pid and temporary files in the log folder), in front of them;
- the task worker (manage.py db_worker) and the reminder scheduler
  (manage.py send_reminders --every 30).

Before locust, the cross-instance checks (a failed one fails the run):
failed logins spread over the instances are limited as one, and a session
made on one instance is valid on the others and ends on all of them. After
it: every instance served requests, no process died, and the reminders set
for the run were sent by the worker. --check-only runs the cross-instance
checks alone against two instances (on SQLite unless DATABASE_URL is
PostgreSQL; tests/loadtest/test_cluster.py).
"""

import argparse
import dataclasses
import datetime
import grp
import http.client
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from loadtest.run import (
    POSTGRES_SCHEMES,
    REPO,
    free_port,
    fresh_database,
    prepare_site,
    production_env,
    read_acks,
    report,
    run_locust,
    seed_accounts,
    start_gunicorn,
    stop,
    wait_until_up,
)

OUT = REPO / "var" / "loadtest-cluster"
PG_DATABASE = "psoasapp_cluster"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/"
DEFAULT_REDIS = "redis://127.0.0.1:6379/5"
NGINX_SITE = REPO / "deploy" / "nginx" / "psoasapp.conf"
# allauth's failed logins per address in 5 minutes (ACCOUNT_LOGIN_ATTEMPTS_LIMIT).
LOGIN_ATTEMPTS = 5
# Members whose check-in reminder falls due as the run starts: the worker
# must have sent all of them by its end.
REMINDED_MEMBERS = 3

# The Host nginx passes on in the loopback test (DJANGO_ALLOWED_HOSTS).
PUBLIC_HOST = "127.0.0.1"
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")
APP_SERVER_LINE = re.compile(r"^(\s*)server @APP_SERVER_\d+@(.*)$")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers per instance"
    )
    parser.add_argument(
        "--check-only",
        action="store_true",
        help="only the cross-instance checks: no nginx, worker or locust",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="logs and state")
    args = parser.parse_args(argv)
    if args.instances < 2:
        parser.error("--instances must be 2 or more (1 is `make loadtest`)")
    if min(args.users, args.duration, args.workers) < 1:
        parser.error("--users, --duration and --workers must be 1 or more")
    args.out = args.out.resolve()
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    # `kill` of the runner (as CI does on a timeout) still stops the children.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    for stale in ("acks.jsonl", "results.json", "nginx.pid"):
        (out / stale).unlink(missing_ok=True)
    # gunicorn appends to its logs: a previous run's lines would count here.
    for folder in (out / "nginx-temp", *out.glob("web[0-9]*")):
        shutil.rmtree(folder, ignore_errors=True)

    database_url, database_label = cluster_database(args)
    redis_url = os.environ.get("REDIS_URL") or DEFAULT_REDIS
    redis_problem = redis_unreachable(redis_url)
    if redis_problem:
        print(f"error: Redis at {redis_url} does not answer: {redis_problem}")
        return 1
    env = cluster_env(database_url, redis_url, out)
    os.environ.update(env)
    prepare_site()
    probe = make_probe_members()

    ports = [free_port() for _ in range(args.instances)]
    instances = [f"http://127.0.0.1:{port}" for port in ports]
    web_logs = [out / f"web{n}" for n in range(1, args.instances + 1)]
    print(
        f"cluster: {args.instances} gunicorn instances ({args.workers} workers "
        f"each, production settings) on {', '.join(instances)}, {database_label}, "
        f"Redis cache {redis_url}",
        flush=True,
    )
    children: dict[str, subprocess.Popen] = {}
    try:
        for port, web_log in zip(ports, web_logs, strict=True):
            web_log.mkdir(parents=True)
            children[web_log.name] = start_gunicorn(
                env, port, args.workers, out=web_log
            )
        for host, web_log in zip(instances, web_logs, strict=True):
            wait_until_up(host, children[web_log.name], log=web_log / "gunicorn.log")

        problems = check_shared_state(instances, probe)
        if problems:
            print("FAILED: " + "; ".join(problems))
            return 1
        if args.check_only:
            print("OK: the instances share the login rate limit and the sessions")
            return 0
        return load(args, env, out, instances, web_logs, children, database_label)
    finally:
        for child in reversed(children.values()):
            stop(child)


def load(
    args: argparse.Namespace,
    env: dict[str, str],
    out: Path,
    instances: list[str],
    web_logs: list[Path],
    children: dict[str, subprocess.Popen],
    database_label: str,
) -> int:
    """nginx, the worker and the scheduler beside the instances, locust
    through nginx, then the report. The caller stops every child."""
    seed = seed_accounts(args.users)
    (out / "seed.json").write_text(json.dumps(seed))
    reminded = remind_now(REMINDED_MEMBERS)

    port = free_port()
    balancer = f"http://127.0.0.1:{port}"
    site, main_conf = write_nginx_config(out, port, instances)
    children["nginx"] = start_nginx(out, main_conf)
    for name, command in (
        ("worker", ["db_worker"]),
        ("scheduler", ["send_reminders", "--every", "30"]),
    ):
        children[name] = start_manage(name, command, env, out)
    wait_until_up(balancer, children["nginx"], log=out / "nginx-error.log")
    problems = check_balancer(balancer, env["DJANGO_STATIC_ROOT"])
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1

    print(
        f"loadtest: {args.users} users for {args.duration} s through nginx on "
        f"{balancer} ({site.relative_to(REPO)})",
        flush=True,
    )
    acks, results = out / "acks.jsonl", out / "results.json"
    before = {log.name: len(_lines(log / "access.log")) for log in web_logs}
    run_locust(
        env, balancer, args, seed=out / "seed.json", acks=acks, results=results, out=out
    )
    unsent = wait_for_reminders(reminded, timeout=15)
    exited = sorted(
        name for name, child in children.items() if child.poll() is not None
    )
    for child in reversed(children.values()):
        stop(child)

    if not results.exists():
        print(f"error: locust wrote no results; see {out / 'locust.log'}")
        return 1
    served = {
        log.name: len(_lines(log / "access.log")) - before[log.name] for log in web_logs
    }
    print()
    print(
        "requests served by each instance during the load: "
        + ", ".join(f"{name}: {count}" for name, count in served.items())
    )
    print(
        f"reminders due at the start, sent by the worker: "
        f"{len(reminded) - len(unsent)} of {len(reminded)}"
        + (f" (not sent: {', '.join(unsent)})" if unsent else "")
    )
    if exited:
        print(f"exited during the run: {', '.join(exited)}")
    return report(
        json.loads(results.read_text()),
        read_acks(acks),
        f"{len(instances)} instances behind nginx, {database_label}"
        + (" (psycopg pool)" if env.get("DJANGO_DB_POOL") else ""),
        args.duration,
        servers=web_logs,
        out=out,
        more_problems={
            "instances that served nothing": sum(not n for n in served.values()),
            "reminders the worker did not send": len(unsent),
            "processes that exited during the run": len(exited),
        },
    )


# Database, cache and environment --------------------------------------------


def cluster_database(args: argparse.Namespace) -> tuple[str, str]:
    """A fresh database: PostgreSQL for the load (DATABASE_URL's server, or
    the local one); for --check-only, DATABASE_URL's kind, a SQLite file in
    the output folder by default."""
    url = os.environ.get("DATABASE_URL", "")
    is_postgres = urlsplit(url).scheme in POSTGRES_SCHEMES
    if args.check_only:
        if not is_postgres:
            os.environ.pop("DATABASE_URL", None)
        return fresh_database(f"{PG_DATABASE}_check", args.out)
    if not is_postgres:
        os.environ["DATABASE_URL"] = DEFAULT_POSTGRES
    return fresh_database(PG_DATABASE, args.out)


def redis_unreachable(url: str) -> str:
    """Why Redis at `url` does not answer, or "" when it does."""
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=3).ping()
    except redis.RedisError as error:
        return str(error)
    return ""


def cluster_env(database_url: str, redis_url: str, out: Path) -> dict[str, str]:
    """The production environment every process of the cluster shares (one
    secret key, one database, one cache), as deploy/production.env.example
    sets it, over plain HTTP on the loopback interface."""
    env = production_env(database_url)
    env.update(
        {
            "REDIS_URL": redis_url,
            # nginx is the one proxy in front: the client is the last entry of
            # X-Forwarded-For.
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
            "DJANGO_STATIC_ROOT": str(out / "static"),
            "DJANGO_MEDIA_ROOT": str(out / "media"),
            # The worker writes the reminder emails into its log.
            "DJANGO_EMAIL_BACKEND": "console",
            "DJANGO_TASKS_BACKEND": "database",
            "PYTHONUNBUFFERED": "1",
        }
    )
    if urlsplit(database_url).scheme in POSTGRES_SCHEMES:
        env["DJANGO_DB_POOL"] = "1"
    return env


@dataclasses.dataclass(frozen=True)
class Probe:
    """Two members with passwords for the cross-instance checks, new for each
    run (the shared cache may still hold an earlier run's counters), and the
    addresses those checks use."""

    limited_email: str
    session_email: str
    password: str
    client_ip: str
    login: str
    logout: str
    dashboard: str


def make_probe_members() -> Probe:
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.urls import reverse

    tag = secrets.token_hex(4)
    password = secrets.token_urlsafe(16)
    emails = [f"{kind}-{tag}@example.com" for kind in ("limited", "session")]
    for email in emails:
        user = get_user_model().objects.create_user(email=email, password=password)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    connections.close_all()
    return Probe(
        limited_email=emails[0],
        session_email=emails[1],
        password=password,
        # A client address of this run's own: allauth also counts failed
        # logins per address, across runs that share the cache.
        client_ip=f"10.{secrets.randbelow(256)}.{secrets.randbelow(256)}.7",
        login=reverse("account_login"),
        logout=reverse("account_logout"),
        dashboard=reverse("journal:dashboard"),
    )


def remind_now(count: int) -> list[int]:
    """`count` members whose daily check-in reminder is due this minute (set
    long before): the scheduler's first run queues them, the worker sends
    them. Their user ids."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.utils import timezone

    from exercises import selectors as content
    from journal import services
    from journal.models import Plan, ReminderKind
    from journal.models.reminders import EVERY_DAY

    minute = timezone.now().replace(second=0, microsecond=0)
    ids = []
    for number in range(count):
        user = get_user_model().objects.create_user(
            email=f"reminded{number}@example.com"
        )
        EmailAddress.objects.create(
            user=user, email=user.email, primary=True, verified=True
        )
        Plan.objects.create(
            user=user,
            routine=content.routine_default(),
            time_zone="UTC",
            time_zone_known=True,
        )
        services.reminder_update(
            user=user,
            kind=ReminderKind.CHECK_IN,
            enabled=True,
            days=EVERY_DAY,
            time=minute.time(),
            now=minute - datetime.timedelta(days=1),
        )
        ids.append(user.pk)
    connections.close_all()
    return ids


def wait_for_reminders(user_ids: list[int], *, timeout: float) -> list[str]:
    """The reminders of `user_ids` not sent (as "user id: status"), after
    waiting up to `timeout` seconds for the worker to finish them."""
    from django.db import connections

    from journal.models import DeliveryStatus, ReminderDelivery

    deadline = time.monotonic() + timeout
    while True:
        statuses = dict(
            ReminderDelivery.objects.filter(user_id__in=user_ids).values_list(
                "user_id", "status"
            )
        )
        unsent = [
            f"{user_id}: {statuses.get(user_id, 'never queued')}"
            for user_id in user_ids
            if statuses.get(user_id) != DeliveryStatus.SENT
        ]
        if not unsent or time.monotonic() > deadline:
            connections.close_all()
            return unsent
        time.sleep(0.5)


# nginx ---------------------------------------------------------------------


def render_nginx_site(
    template: str, *, values: dict[str, str], app_servers: Sequence[str], tls: bool
) -> str:
    """deploy/nginx/psoasapp.conf with its @NAME@ placeholders replaced from
    `values` and one upstream `server` line per address of `app_servers`;
    without TLS (the loopback test), its lines marked "# tls" are left out."""
    if not app_servers:
        raise ValueError("at least one app server")
    lines: list[str] = []
    servers_written = False
    for line in template.splitlines():
        if not tls and line.rstrip().endswith("# tls"):
            continue
        match = APP_SERVER_LINE.match(line)
        if match:
            if not servers_written:
                lines += [f"{match[1]}server {a}{match[2]}" for a in app_servers]
                servers_written = True
            continue
        lines.append(line)
    if not servers_written:
        raise ValueError("the template has no `server @APP_SERVER_1@` line")
    text = "\n".join(lines) + "\n"
    missing = sorted(set(PLACEHOLDER.findall(text)) - values.keys())
    if missing:
        raise ValueError(f"no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match[1]], text)


def nginx_main_conf(out: Path, site: Path) -> str:
    """An nginx.conf for nginx run by this user in the foreground: its pid,
    error log and temporary files in `out`, the site included in http { }."""
    temp = out / "nginx-temp"
    temp_paths = "\n".join(
        f"    {kind}_temp_path {temp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Started by root (as in CI), nginx would hand its workers to "nobody",
    # who may not read the static files: they run as this user instead.
    user = ""
    if os.geteuid() == 0:
        name = pwd.getpwuid(os.geteuid()).pw_name
        user = f"user {name} {grp.getgrgid(os.getegid()).gr_name};\n"
    return f"""daemon off;
{user}worker_processes 1;
pid {out / "nginx.pid"};
error_log {out / "nginx-error.log"} warn;
events {{
    worker_connections 1024;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
{temp_paths}
    include {site};
}}
"""


def write_nginx_config(out: Path, port: int, instances: list[str]) -> tuple[Path, Path]:
    """The site rendered for the loopback interface and the nginx.conf that
    includes it, both in `out`."""
    site = out / "psoasapp.conf"
    site.write_text(
        render_nginx_site(
            NGINX_SITE.read_text(),
            values={
                "LISTEN": f"127.0.0.1:{port}",
                "SERVER_NAME": "127.0.0.1",
                "LOG_DIR": str(out),
                "STATIC_ROOT": str(out / "static"),
                "MEDIA_ROOT": str(out / "media"),
            },
            app_servers=[urlsplit(host).netloc for host in instances],
            tls=False,
        )
    )
    (out / "nginx-temp").mkdir(exist_ok=True)
    main_conf = out / "nginx.conf"
    main_conf.write_text(nginx_main_conf(out, site))
    return site, main_conf


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not found:
        raise SystemExit(
            "error: nginx is not installed (Debian: apt-get install nginx-light)"
        )
    return found


def start_nginx(out: Path, main_conf: Path) -> subprocess.Popen:
    argv = [nginx_binary(), "-p", str(out), "-c", str(main_conf)]
    argv += ["-e", str(out / "nginx-error.log")]
    checked = subprocess.run(
        [*argv, "-t", "-q"], capture_output=True, text=True, check=False
    )
    if checked.returncode:
        raise SystemExit(f"error: nginx refused {main_conf}:\n{checked.stderr}")
    with (out / "nginx.log").open("w") as log:
        return subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )


def start_manage(
    name: str, command: list[str], env: dict[str, str], out: Path
) -> subprocess.Popen:
    """A management command as its own process group, logging to name.log."""
    with (out / f"{name}.log").open("w") as log:
        return subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=REPO,
            env={**os.environ, **env, "DJANGO_LOG_LEVEL": "INFO"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


# The checks ----------------------------------------------------------------


@dataclasses.dataclass
class Answer:
    status: int
    location: str
    cache_control: str
    body: bytes
    cookies: dict[str, str]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def fetch(
    base: str,
    method: str,
    path: str,
    *,
    client_ip: str = "",
    cookies: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> Answer:
    """One request, redirects not followed. Cookies go in a header of their
    own: the server's carry the Secure flag, which a cookie jar would rightly
    keep from plain HTTP. A POST carries the Origin a browser sends. With a
    `client_ip`, the request is as nginx passes it on: the site's one Host
    (allauth's failed-login counter is per site and address) and the
    client's address in X-Forwarded-For."""
    parts = urlsplit(base)
    headers = {}
    origin = base
    if client_ip:
        headers["Host"] = PUBLIC_HOST
        origin = f"http://{PUBLIC_HOST}"
    if client_ip:
        # What nginx would send: the client's address as the last entry.
        headers["X-Forwarded-For"] = client_ip
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Origin"] = origin
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        set_cookies: dict[str, str] = {}
        for value in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(value)
            set_cookies.update({name: morsel.value for name, morsel in jar.items()})
        return Answer(
            status=response.status,
            location=response.headers.get("Location", ""),
            cache_control=response.headers.get("Cache-Control", ""),
            body=content,
            cookies=set_cookies,
        )
    finally:
        connection.close()


def post_form(
    base: str,
    path: str,
    fields: dict[str, str],
    *,
    client_ip: str,
    cookies: dict[str, str] | None = None,
) -> tuple[Answer, dict[str, str]]:
    """GET the form at `path`, POST it with `fields` and its CSRF token; the
    answer and the cookies after it."""
    page = fetch(base, "GET", path, client_ip=client_ip, cookies=cookies)
    token = CSRF_TOKEN.search(page.text)
    if page.status != 200 or token is None:
        raise CheckFailed(f"GET {path} on {base}: {page.status}, no form")
    jar = {**(cookies or {}), **page.cookies}
    answer = fetch(
        base,
        "POST",
        path,
        client_ip=client_ip,
        cookies=jar,
        form={"csrfmiddlewaretoken": token[1], **fields},
    )
    return answer, {**jar, **answer.cookies}


class CheckFailed(Exception):
    pass


def check_shared_state(instances: list[str], probe: Probe) -> list[str]:
    """What does not hold across the instances: failed logins spread over
    them must be limited as one (allauth: 5 failures per address in 5
    minutes), and a session made on one must be valid on another, and end
    on all of them at a logout. Prints each step."""
    print("cross-instance checks:", flush=True)
    try:
        return _check_rate_limit(instances, probe) + _check_session(instances, probe)
    except (CheckFailed, OSError) as error:
        return [str(error)]


def _check_rate_limit(instances: list[str], probe: Probe) -> list[str]:
    problems = []
    wrong = {"login": probe.limited_email, "password": probe.password + "-wrong"}
    for attempt in range(1, LOGIN_ATTEMPTS + 2):
        number = (attempt - 1) % len(instances)
        answer, _ = post_form(
            instances[number], probe.login, wrong, client_ip=probe.client_ip
        )
        expected = "limited" if attempt > LOGIN_ATTEMPTS else "wrong password"
        seen = (
            f"failed login {attempt} on instance {number + 1}: {login_outcome(answer)}"
        )
        print(f"  {seen} (expected: {expected})", flush=True)
        if login_outcome(answer) != expected:
            problems.append(f"{seen}, expected {expected}")
    # The right password, on the instance that has counted least, is refused
    # too while the limit holds.
    answer, _ = post_form(
        instances[-1],
        probe.login,
        {"login": probe.limited_email, "password": probe.password},
        client_ip=probe.client_ip,
    )
    seen = f"the right password on instance {len(instances)}: {login_outcome(answer)}"
    print(f"  {seen} (expected: limited)", flush=True)
    if login_outcome(answer) != "limited":
        problems.append(f"{seen}, expected limited")
    return problems


def login_outcome(answer: Answer) -> str:
    """What a login POST's answer says: "signed in", "wrong password",
    "limited" (allauth's failed-login limit), or its status."""
    if answer.status == 302 and "sessionid" in answer.cookies:
        return "signed in"
    if answer.status == 200 and "Too many failed login attempts" in answer.text:
        return "limited"
    if answer.status == 200 and "password you specified are not correct" in answer.text:
        return "wrong password"
    return f"HTTP {answer.status}"


def _check_session(instances: list[str], probe: Probe) -> list[str]:
    first, second = instances[0], instances[1]
    # Another address of the same run's client: 7 failures so far, and
    # allauth allows 10 a minute per address.
    answer, cookies = post_form(
        first,
        probe.login,
        {"login": probe.session_email, "password": probe.password},
        client_ip=probe.client_ip,
    )
    print(f"  login on instance 1: {answer.status} to {answer.location}", flush=True)
    if answer.status != 302 or "sessionid" not in cookies:
        return [f"login on instance 1: {answer.status}, no session"]
    problems = []
    page = fetch(
        second, "GET", probe.dashboard, client_ip=probe.client_ip, cookies=cookies
    )
    signed_in = page.status == 200 and probe.session_email in page.text
    print(
        f"  its session on instance 2: dashboard {page.status}"
        + (f", signed in as {probe.session_email}" if signed_in else ", not signed in"),
        flush=True,
    )
    if not signed_in:
        problems.append("a session made on instance 1 is not valid on instance 2")
    answer, cookies = post_form(
        second, probe.logout, {}, client_ip=probe.client_ip, cookies=cookies
    )
    page = fetch(
        first, "GET", probe.dashboard, client_ip=probe.client_ip, cookies=cookies
    )
    print(
        f"  logout on instance 2 ({answer.status}), the session on instance 1: "
        f"{page.status} to {page.location}",
        flush=True,
    )
    if answer.status != 302 or page.status != 302 or probe.login not in page.location:
        problems.append("a logout on instance 2 did not end the session on instance 1")
    return problems


def check_balancer(balancer: str, static_root: str) -> list[str]:
    """nginx serves the static files itself, a hashed name with a year's
    cache and the original name with a minute's, and answers 404 for an
    upload that is not there."""
    root = Path(static_root)
    manifest = json.loads((root / "staticfiles.json").read_text())
    name, hashed = next(iter(sorted(manifest["paths"].items())))
    problems = []
    seen = []
    for path, cache in ((hashed, "immutable"), (name, "max-age=60")):
        answer = fetch(balancer, "GET", f"/static/{path}")
        seen.append(f"/static/{path} {answer.status} ({answer.cache_control})")
        ok = answer.status == 200 and answer.body == (root / path).read_bytes()
        if not ok or cache not in answer.cache_control:
            problems.append(f"nginx {seen[-1]}, expected 200 ({cache})")
    upload = "/media/exercise-images/" + "0" * 32 + "-card.webp"
    missing = fetch(balancer, "GET", upload)
    seen.append(f"a missing upload {missing.status}")
    if missing.status != 404:
        problems.append(f"nginx, a missing upload: {missing.status}, expected 404")
    print("nginx: " + ", ".join(seen), flush=True)
    return problems


def _lines(path: Path) -> list[str]:
    return (
        [line for line in path.read_text().splitlines() if line]
        if path.exists()
        else []
    )


if __name__ == "__main__":
    sys.exit(main())
