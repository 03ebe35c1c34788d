"""`make run` starts the web server, the task worker and the reminder
scheduler together (issue 18): the Procfile names the three, each runs a
management command that exists with options it accepts, and the Makefile's
`run` target starts that Procfile with honcho."""

import os
import re
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class
from honcho.environ import parse_procfile

from tests.conftest import REPO_ROOT

PROCFILE = REPO_ROOT / "Procfile"
# ${NAME:-default} as the shell expands it when NAME is unset.
SHELL_DEFAULT = re.compile(r"\$\{\w+:-([^}]*)\}")


def processes() -> dict[str, str]:
    """The Procfile read by honcho's own parser, as `honcho start` reads it."""
    return dict(parse_procfile(PROCFILE.read_text()).processes)


def manage_argv(command: str) -> list[str]:
    """`[exec] .venv/bin/python manage.py NAME ARGS...` -> [NAME, ARGS...]."""
    argv = shlex.split(SHELL_DEFAULT.sub(r"\1", command))
    if argv[0] == "exec":
        argv = argv[1:]
    assert argv[:2] == [".venv/bin/python", "manage.py"], command
    return argv[2:]


def test_the_procfile_runs_the_web_server_first_then_the_worker_and_the_scheduler():
    # honcho gives the first process the port it is started with (--port):
    # that is the address `make run` prints.
    assert list(processes()) == ["web", "worker", "scheduler"]


@pytest.mark.parametrize(
    ("process", "command"),
    [("web", "runserver"), ("worker", "db_worker"), ("scheduler", "send_reminders")],
)
def test_each_process_runs_a_management_command_that_takes_its_options(
    process, command
):
    name, *options = manage_argv(processes()[process])

    assert name == command
    commands = get_commands()
    assert name in commands, f"{name} is not a management command"
    parser = load_command_class(commands[name], name).create_parser("manage.py", name)
    # argparse exits (SystemExit) on an option the command does not take.
    parser.parse_args(options)


def test_the_scheduler_runs_every_half_minute_in_development():
    name, *options = manage_argv(processes()["scheduler"])
    command = load_command_class(get_commands()[name], name)

    parsed = command.create_parser("manage.py", name).parse_args(options)

    assert parsed.every == 30
    assert parsed.now is None


FAKE = """#!/bin/sh
{{
  printf '%s' "$(basename "$0")"; printf ' %s' "$@"; echo
  echo "  DJANGO_DEBUG=$DJANGO_DEBUG DJANGO_SITE_URL=$DJANGO_SITE_URL"
  echo "  HOST=$HOST PYTHONUNBUFFERED=$PYTHONUNBUFFERED"
}} >> {log}
"""


@pytest.fixture
def fake_venv(tmp_path) -> tuple[Path, Path]:
    """A virtualenv whose python and honcho only write down how they were
    called, and with what environment."""
    venv, log = tmp_path / "venv", tmp_path / "calls.log"
    (venv / "bin").mkdir(parents=True)
    for program in ("python", "honcho"):
        path = venv / "bin" / program
        path.write_text(FAKE.format(log=shlex.quote(str(log))))
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    # Newer than requirements.txt: make installs nothing.
    (venv / ".requirements").touch()
    return venv, log


def make_run(venv: Path, *args: str, **environ: str) -> str:
    make = shutil.which("make")
    assert make, "make is needed to run psoasapp (`make run`)"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_DEBUG", "DJANGO_SITE_URL", "HOST", "PORT", "DEMO"}
    } | environ
    result = subprocess.run(
        [make, "--no-print-directory", "run", f"VENV={venv}", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_make_run_migrates_then_starts_the_procfile_with_honcho(fake_venv):
    venv, log = fake_venv

    printed = make_run(venv, "HOST=127.0.0.2", "PORT=8123")

    calls = log.read_text().splitlines()
    assert calls[0::3] == [
        "python manage.py migrate --no-input",
        "python manage.py createcachetable",
        "honcho start --procfile Procfile --port 8123 --env /dev/null",
    ]
    environment = "  DJANGO_DEBUG=1 DJANGO_SITE_URL=http://127.0.0.2:8123"
    assert calls[1::3] == [environment] * 3
    # The Procfile's web line reads HOST; honcho hands it PORT (--port).
    assert calls[-1] == "  HOST=127.0.0.2 PYTHONUNBUFFERED=1"
    assert "psoasapp is running at http://127.0.0.2:8123/" in printed


def test_make_demo_adds_the_demo_member_before_starting(fake_venv):
    venv, log = fake_venv

    make_run(venv, "DEMO=1", "PORT=8123")

    commands = log.read_text().splitlines()[0::3]
    assert commands[2] == "python manage.py demo_journal --url http://127.0.0.1:8123/"
    assert commands[3].startswith("honcho start --procfile Procfile ")


def test_a_site_url_in_the_environment_wins(fake_venv):
    venv, log = fake_venv

    make_run(venv, DJANGO_SITE_URL="https://psoasapp.example.org")

    assert "DJANGO_SITE_URL=https://psoasapp.example.org" in log.read_text()
