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
