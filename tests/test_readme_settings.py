"""The README's "Settings" table lists every environment variable that
psoasapp/settings.py reads (its docstring promises so): a new setting, such
as DJANGO_SITE_URL or DJANGO_TASKS_BACKEND for reminders, is documented where
people look for it."""

import re

from tests.conftest import REPO_ROOT

READ = re.compile(r'(?:environ\.get|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]*)"')


def settings_table() -> str:
    readme = (REPO_ROOT / "README.md").read_text()
    section = readme[readme.index("\n## Settings\n") :]
    section = section[: section.index("\n## ", 1)]
    return "\n".join(line for line in section.splitlines() if line.startswith("| `"))


def test_every_environment_variable_the_settings_read_is_in_the_readme():
    names = set(READ.findall((REPO_ROOT / "psoasapp" / "settings.py").read_text()))
    table = settings_table()

    assert {"DJANGO_SITE_URL", "DJANGO_TASKS_BACKEND", "DJANGO_DEBUG"} <= names
    assert sorted(name for name in names if f"`{name}`" not in table) == []
