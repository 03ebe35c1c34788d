"""Which package may import which (STYLE.md, "Which app may know which"), read
from the source with `ast`, so that an import inside a function counts too."""

import ast
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

PROJECT_APPS = ("core", "psoasapp", "exercises", "quiz", "journal")

# Names in the project's own code that Django writes into a migration when it
# serialises a field's validator or a model's manager (`makemigrations` refers
# to the live object by its dotted path). They are the framework's own
# serialisation, not app code the migration runs; anything else a migration
# imports from the project is.
SERIALISED_BY_DJANGO = {
    "journal.models.plan.validate_time_zone",
    "psoasapp.models.UserManager",
}


def python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) for every absolute import in the tree."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += [
                (node.lineno, f"{node.module}.{alias.name}") for alias in node.names
            ]
    return found


def project_app(module: str) -> str | None:
    root = module.split(".", 1)[0]
    return root if root in PROJECT_APPS else None


def dotted(node: ast.AST) -> str | None:
    """ "journal.models.plan.validate_time_zone" for that attribute chain."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return ".".join([node.id, *reversed(parts)])
    return None


def test_core_imports_no_other_app_of_the_project():
    imports = [
        f"{path.relative_to(REPO_ROOT)}:{line} imports {module}"
        for path in python_files(REPO_ROOT / "core")
        for line, module in imported_modules(ast.parse(path.read_text()))
        if project_app(module) not in (None, "core")
    ]

    assert imports == [], "core is the bottom layer: it imports no app"


def live_code_used_by(path: Path) -> list[str]:
    """What a migration takes from the project's live code."""
    tree = ast.parse(path.read_text())
    inner = {
        id(child.value) for child in ast.walk(tree) if isinstance(child, ast.Attribute)
    }
    used = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            used.append(f"line {node.lineno}: a relative import")
        elif isinstance(node, ast.ImportFrom) and project_app(node.module or ""):
            used.append(f"line {node.lineno}: from {node.module} import ...")
        elif isinstance(node, ast.Import):
            used += [
                f"line {node.lineno}: import {alias.name} as {alias.asname}"
                for alias in node.names
                if alias.asname and project_app(alias.name)
            ]
        elif isinstance(node, ast.Attribute) and id(node) not in inner:
            # The whole dotted name, not its prefixes.
            name = dotted(node)
            if name and project_app(name) and name not in SERIALISED_BY_DJANGO:
                used.append(f"line {node.lineno}: {name}")
    return used


def migrations() -> list[Path]:
    return [
        path
        for app in PROJECT_APPS
        for path in python_files(REPO_ROOT / app / "migrations")
        if path.name != "__init__.py"
    ]


@pytest.mark.parametrize(
    "path", migrations(), ids=lambda path: f"{path.parent.parent.name}/{path.stem}"
)
def test_no_migration_runs_live_app_code(path):
    """A migration must give the same result whenever it runs, so it carries
    copies of the data and code it needs (see exercises 0002). Only the names
    in SERIALISED_BY_DJANGO are allowed: Django writes them itself when it
    serialises a field's validator or a model's manager, and never calls them
    to change data."""
    assert live_code_used_by(path) == []


def test_the_migration_check_sees_live_app_code(tmp_path):
    migration = tmp_path / "0009_example.py"
    migration.write_text(
        "import journal.models.plan\n"
        "from exercises.content import load_seed\n"
        "from ..content import QUIZ\n"
        "import quiz.content as seed\n"
        "validators = [journal.models.plan.validate_time_zone]\n"
        "zone = journal.models.plan.default_zone()\n"
    )

    assert sorted(live_code_used_by(migration)) == [
        "line 2: from exercises.content import ...",
        "line 3: a relative import",
        "line 4: import quiz.content as seed",
        "line 6: journal.models.plan.default_zone",
    ]


@pytest.mark.parametrize("app", [app for app in PROJECT_APPS if app != "exercises"])
def test_no_app_uses_exercises_as_a_utility_drawer(app):
    imports = [
        f"{path.relative_to(REPO_ROOT)}:{line}"
        for path in python_files(REPO_ROOT / app)
        for line, module in imported_modules(ast.parse(path.read_text()))
        if module.startswith("exercises.admin")
    ]

    assert imports == []
