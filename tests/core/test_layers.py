"""Which package may import which (STYLE.md, "Which app may know which", and
the README's "Layout"), read from the source with `ast`, so that an import inside
a function counts too: a new import that breaks the direction fails here with
its file and line."""

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


# Which project packages each package may import, and through which of their
# modules; None means any (the top layer composes the others). Feature apps
# reach the content app through its models (foreign keys) and selectors only,
# never its admin, forms or views.
ALLOWED: dict[str, dict[str, set[str] | None]] = {
    "core": {},
    "exercises": {"core": None},
    "quiz": {"core": None, "exercises": {"models", "selectors"}},
    "journal": {"core": None, "exercises": {"models", "selectors"}},
    "psoasapp": {
        "core": None,
        "exercises": {"selectors", "services"},
        "journal": None,
        "quiz": None,
    },
}


def imports_with_relative(path: Path, root: Path) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, relative ones resolved
    against the file's package."""
    package = path.relative_to(root).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, module] if module else base)
            found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def layer_violations(package: str, root: Path = REPO_ROOT) -> list[str]:
    allowed = ALLOWED[package]
    found = []
    for path in python_files(root / package):
        if "migrations" in path.parts:
            continue  # test_no_migration_runs_live_app_code
        for line, module in imports_with_relative(path, root):
            target, *rest = module.split(".")
            if target not in ALLOWED or target == package:
                continue
            if target == "psoasapp" and rest[:1] == ["settings"]:
                continue  # a settings module builds on the settings
            where = f"{path.relative_to(root)}:{line} imports {module}"
            if target not in allowed:
                found.append(f"{where}: {package} may not import {target}")
            elif (
                allowed[target] is not None and (rest or [""])[0] not in allowed[target]
            ):
                via = ", ".join(sorted(allowed[target]))
                found.append(f"{where}: {package} uses {target} only via {via}")
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_what_the_layout_allows(package):
    assert layer_violations(package) == []


def test_the_layer_check_sees_a_forbidden_import(tmp_path):
    """quiz importing journal, or reaching into exercises' admin (even through
    a relative import), is reported."""
    (tmp_path / "quiz").mkdir()
    (tmp_path / "quiz" / "views.py").write_text(
        "from journal import selectors\nfrom ..exercises import admin\n"
        "from exercises.selectors import guide\nfrom core.access import x\n"
    )

    assert layer_violations("quiz", root=tmp_path) == [
        "quiz/views.py:1 imports journal.selectors: quiz may not import journal",
        "quiz/views.py:2 imports exercises.admin: "
        "quiz uses exercises only via models, selectors",
    ]
