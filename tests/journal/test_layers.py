"""The journal's pure modules stay pure: the rules, the series, the geometry
and the page dataclasses import neither the ORM nor the modules that read or
write the database, so each is tested, and reused, on plain values."""

import ast
import importlib.util
from pathlib import Path

import pytest

PURE = [
    "journal.triage",  # which check-ins call for the warning-signs advice
    "journal.rules",  # which dates the journal accepts
    "journal.progression",  # the next dose
    "journal.series",  # the numbers the charts and summaries show
    "journal.geometry",  # the SVG charts' coordinates
    "journal.pages",  # the dashboard's and the report's dataclasses
]
FORBIDDEN = (
    "django.db",
    "django.contrib",
    "django.http",
    "django.template",
    "django.shortcuts",
    "journal.models",
    "journal.selectors",
    "journal.services",
    "journal.cache",
    "journal.views",
    "journal.forms",
    "exercises",
    "quiz",
    "psoasapp",
)


def runtime_imports(module: str) -> set[str]:
    """The modules `module` imports at its top level (not under TYPE_CHECKING)."""
    path = Path(importlib.util.find_spec(module).origin)
    package = module.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0]
                base = f"{parent}.{base}" if base else parent
            found |= {base} | {f"{base}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("module", PURE)
def test_pure_modules_import_no_database_layer(module):
    imported = runtime_imports(module)

    assert not {name for name in imported if name.startswith(FORBIDDEN)}
    assert imported  # the parse found its imports


def test_services_no_longer_reach_the_charts_to_forget_a_user():
    imported = runtime_imports("journal.services")

    assert not {
        name
        for name in imported
        if name.startswith(("journal.series", "journal.geometry", "journal.charts"))
    }
