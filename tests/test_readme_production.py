"""What the README tells people to copy for reminders and production works
as written: the scheduler's sample line is what the command prints, the
commands run in development carry DJANGO_DEBUG=1, the environment file reads
the same in the shell and in systemd and holds the mail settings, and every
unit ordered after the network also wants it (issue 18)."""

import datetime
import io
import re

import pytest
from django.core.management import call_command

from tests.conftest import REPO_ROOT
from tests.journal.reminder_kit import clock, member, remind

README = (REPO_ROOT / "README.md").read_text()


def blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, re.DOTALL | re.M)


@pytest.mark.django_db
def test_the_sample_scheduler_line_is_what_send_reminders_prints(monkeypatch):
    remind(member("Europe/London"), time=datetime.time(17, 6))
    clock(monkeypatch, datetime.datetime(2026, 12, 3, 17, 6, 7, tzinfo=datetime.UTC))
    out = io.StringIO()

    call_command("send_reminders", stdout=out)

    assert f"17:06:07 scheduler.1 | {out.getvalue()}" in README


def test_development_commands_run_with_django_debug():
    lines = [
        line
        for block in blocks("sh")
        for line in block.splitlines()
        if "manage.py send_reminders" in line or "manage.py createsuperuser" in line
    ]

    assert lines, "the README shows send_reminders --now"
    assert [line for line in lines if not line.startswith("DJANGO_DEBUG=1 ")] == []


def production_env() -> list[str]:
    (block,) = [b for b in blocks("sh") if "DJANGO_SECRET_KEY='" in b]
    return [line for line in block.splitlines() if not line.startswith("#")]


def test_the_environment_file_is_single_quoted_for_the_shell_and_systemd():
    lines = production_env()

    assert lines
    assert [line for line in lines if not re.fullmatch(r"[A-Z_]+='[^']*'", line)] == []


def test_the_environment_file_holds_the_mail_settings_reminders_need():
    settings_py = (REPO_ROOT / "psoasapp" / "settings.py").read_text()
    mail = set(
        re.findall(r'environ\.get\(\s*"((?:DJANGO_)?EMAIL_\w+|\w+_EMAIL)"', settings_py)
    )
    given = {line.split("=", 1)[0] for line in production_env()}

    assert "DEFAULT_FROM_EMAIL" in mail and "EMAIL_HOST_PASSWORD" in mail
    assert sorted(mail - given) == []


def test_every_unit_ordered_after_the_network_also_wants_it():
    units = [block for block in blocks("ini") if "[Unit]" in block]
    after = [unit for unit in units if "After=network-online.target" in unit]

    assert len(after) >= 3, "the worker, the scheduler and maintenance"
    assert [u for u in after if "\nWants=network-online.target\n" not in u] == []


# deploy/ is the one source of the production configuration; the README shows
# each file whole, after a line that names it, and its excerpts and commands
# agree with it.

DEPLOY = REPO_ROOT / "deploy"
SHOWN = re.compile(r"`(deploy/[^`]+)`:\n\n```\w+\n(.*?)^```$", re.DOTALL | re.M)


def test_the_readme_shows_every_file_of_deploy_as_it_is():
    shown = SHOWN.findall(README)  # (path, block): a file shown twice fails
    files = {
        str(path.relative_to(REPO_ROOT)): path.read_text()
        for path in DEPLOY.rglob("*")
        if path.is_file()
    }

    assert "deploy/systemd/psoasapp-web.service" in files
    assert sorted(path for path, _ in shown) == sorted(files)
    assert [path for path, block in shown if block != files[path]] == []


def test_the_environment_template_holds_no_secret():
    lines = (DEPLOY / "production.env.example").read_text().splitlines()
    secrets = [
        line
        for line in lines
        if re.match(r"\w*(SECRET|PASSWORD)\w*=", line) and not line.endswith("='...'")
    ]

    assert any(line.startswith("DJANGO_SECRET_KEY=") for line in lines)
    assert secrets == []


def production_site() -> str:
    """deploy/nginx/psoasapp.conf as the README's sed command fills it in."""
    from loadtest import cluster

    (command,) = [b for b in blocks("sh") if "deploy/nginx/psoasapp.conf >" in b]
    pairs = re.findall(r"-e 's\|@(\w+)@\|([^|]*)\|g?'", command)
    by_sed = (DEPLOY / "nginx" / "psoasapp.conf").read_text()
    for name, value in pairs:
        by_sed = by_sed.replace(f"@{name}@", value)
    values = {n: v for n, v in pairs if not n.startswith("APP_SERVER_")}
    app_servers = [v for n, v in sorted(pairs) if n.startswith("APP_SERVER_")]

    assert re.findall(r"@[A-Z_0-9]+@", by_sed) == []
    # The load test's renderer (loopback, without TLS) reads the file as sed
    # does.
    assert by_sed == cluster.render_nginx_site(
        (DEPLOY / "nginx" / "psoasapp.conf").read_text(),
        values=values,
        app_servers=app_servers,
        tls=True,
    )
    return by_sed


def test_the_readme_fills_in_every_placeholder_of_the_nginx_site():
    site = production_site()

    assert "ssl_certificate /etc/letsencrypt/live/psoasapp.example.org/" in site
    assert "server 10.0.0.12:8000 " in site


def test_the_nginx_lines_elsewhere_in_the_readme_are_the_sites_own():
    site = {line.strip() for line in production_site().splitlines()}
    excerpts = [
        block
        for _, block in re.findall(r"^( *)```nginx\n(.*?)^\1```$", README, re.S | re.M)
        if block != (DEPLOY / "nginx" / "psoasapp.conf").read_text()
    ]
    lines = [
        line.strip()
        for block in excerpts
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]

    assert len(excerpts) >= 2, "the calendar token's log format, the uploads"
    assert [line for line in lines if line not in site] == []
