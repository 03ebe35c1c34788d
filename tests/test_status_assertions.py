"""A test that reads a response's status code also checks what the response
says or where it goes (issue 13): a page that answers 200 with the wrong
content, or a redirect to the wrong place, must fail a test.

The rule reads the tests' own source (ast), so every new test joins it as it
is written. A test whose status *is* the behaviour (a refusal, a sweep over
every route, a race between requests) is named below with the reason.
"""

import ast
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# What a test may read of a response besides its status.
RESPONSE_READS = {
    "content",
    "context",
    "cookies",
    "getvalue",
    "has_header",
    "headers",
    "json",
    "redirect_chain",
    "streaming_content",
    "templates",
    "url",
}
# A header read as response["Location"] or response.get("Cache-Control") (not
# an all-capitals key such as os.environ["PATH"]).
HEADER = re.compile(r"(?=.*[a-z])[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)*")
# Django's assertions that read the response themselves.
ASSERTIONS = {
    "assertContains",
    "assertNotContains",
    "assertRedirects",
    "assertTemplateNotUsed",
    "assertTemplateUsed",
}
REDIRECTS = {status for status in HTTPStatus if status.is_redirection} - {
    HTTPStatus.NOT_MODIFIED
}
REDIRECT_NAMES = {status.name for status in REDIRECTS}

# Tests whose status code is the whole point, with the reason.
STATUS_IS_THE_BEHAVIOUR = {
    # A calendar app reads only the status: 404 is the whole answer of an
    # address that is no longer (or never was) a feed.
    **{
        f"tests/journal/test_reminders_feed.py::{name}": "a refusal (404)"
        for name in (
            "test_a_revoked_feed_answers_404",
            "test_a_rotated_tokens_old_address_answers_404",
            "test_an_inactive_persons_feed_answers_404",
            "test_an_unknown_token_answers_404",
        )
    },
    "tests/journal/test_reminders_feed.py::"
    "test_the_feed_answers_a_head_and_refuses_a_post": (
        "a HEAD answered, a POST refused (405)"
    ),
    "tests/psoasapp/test_moved.py::test_other_methods_are_refused": ("a refusal (405)"),
    "tests/psoasapp/test_moved.py::test_a_line_break_in_an_old_address_finds_nothing": (
        "a refusal (404), and the absence of a Location header is checked"
    ),
    "tests/exercises/test_admin.py::test_content_editor_is_refused_on_user_admin": (
        "a refusal (403)"
    ),
    "tests/exercises/test_views.py::test_unpublished_exercise_answers_404": (
        "a refusal (404)"
    ),
    "tests/journal/test_admin.py::"
    "test_nobody_adds_changes_or_deletes_health_data_in_the_admin": (
        "refusals (403); the rows are checked unchanged"
    ),
    "tests/journal/test_admin.py::"
    "test_staff_given_the_view_permission_still_see_no_journal": ("a refusal (403)"),
    "tests/journal/test_check_in.py::test_another_users_check_in_answers_404": (
        "a refusal (404); the row is checked unchanged"
    ),
    "tests/journal/test_concurrency.py::"
    "test_simultaneous_check_ins_for_one_day_make_one_row_and_replace_nothing": (
        "a race: which request saved and which asked, and the one row"
    ),
    "tests/journal/test_exercise_sessions.py::"
    "test_unpublished_or_unknown_routine_has_no_player": ("a refusal (404)"),
    "tests/journal/test_exercise_sessions.py::test_another_users_session_answers_404": (
        "a refusal (404); the row is checked unchanged"
    ),
    "tests/journal/test_plan.py::test_reading_a_journal_page_stores_no_plan": (
        "what is stored (nothing) over seven pages tested for content elsewhere"
    ),
    "tests/psoasapp/test_access.py::test_public_pages_answer_anonymous_visitors": (
        "a sweep of every public route"
    ),
    "tests/psoasapp/test_access.py::"
    "test_every_route_refuses_a_post_without_a_csrf_token": (
        "a sweep of every route (403), with rows checked unchanged"
    ),
    "tests/psoasapp/test_access.py::test_no_get_changes_any_row": (
        "a sweep of every route: no server error, no row changed"
    ),
    "tests/psoasapp/test_account_pages.py::"
    "test_account_actions_refuse_a_post_without_a_csrf_token": (
        "a refusal (403); the account and the audit log are checked"
    ),
    "tests/psoasapp/test_account_pages.py::test_the_download_is_not_offered_on_get": (
        "a refusal (405); nothing is audited"
    ),
    "tests/psoasapp/test_audit.py::"
    "test_a_missing_object_answers_404_and_records_nothing": (
        "a refusal (404); nothing is audited"
    ),
    "tests/psoasapp/test_rate_limits.py::"
    "test_logins_from_one_address_get_429_from_every_process": (
        "a rate limit (429) across processes"
    ),
    "tests/psoasapp/test_rate_limits.py::"
    "test_password_resets_get_429_from_every_process": (
        "a rate limit (429) across processes"
    ),
    "tests/psoasapp/test_rate_limits.py::test_sign_ups_get_429_from_every_process": (
        "a rate limit (429) across processes"
    ),
    "tests/quiz/test_taking.py::"
    "test_two_simultaneous_submissions_of_one_form_record_one_attempt": (
        "a race: both requests answered, one attempt stored"
    ),
    "tests/quiz/test_taking.py::test_a_tampered_or_unpublished_quiz_slug_answers_404": (
        "a refusal (404); nothing is stored"
    ),
    "tests/quiz/test_taking.py::test_another_users_attempt_answers_404": (
        "a refusal (404)"
    ),
}

# Tests that assert a redirect without checking where it goes, with the reason.
REDIRECT_TARGET_IS_NOT_THE_POINT = {
    "tests/psoasapp/test_rate_limits.py::"
    "test_password_resets_get_429_from_every_process": (
        "the requests before the limit; their target is tested in "
        "test_authentication.py"
    ),
}


@dataclass
class Facts:
    """What a function reads, itself or through the helpers it calls."""

    status: bool = False
    response: bool = False
    location: bool = False


@dataclass
class Module:
    name: str
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)
    # A name imported from another test module: name -> (module, name or None).
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts)


def _is_header(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and HEADER.fullmatch(node.value) is not None
    )


def _is_location(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "Location"


def _mentions_redirect(node: ast.AST) -> bool:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr in REDIRECT_NAMES:
            return True
        if isinstance(sub, ast.Constant) and sub.value in REDIRECTS:
            return True
    return False


class Suite:
    """The test modules, their functions and what each one reads."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self.modules: dict[str, Module] = {}
        for name, source in sources.items():
            module = Module(name)
            package = name.rsplit(".", 1)[0]
            for node in ast.parse(source).body:
                if isinstance(node, ast.FunctionDef):
                    module.functions[node.name] = node
                elif isinstance(node, ast.ImportFrom) and node.module is not None:
                    source_module = (
                        f"{package}.{node.module}" if node.level else node.module
                    )
                    for alias in node.names:
                        module.imports[alias.asname or alias.name] = (
                            source_module,
                            alias.name,
                        )
                elif isinstance(node, ast.ImportFrom) and node.level:
                    # from . import sweep: the module itself.
                    for alias in node.names:
                        module.imports[alias.asname or alias.name] = (
                            f"{package}.{alias.name}",
                            None,
                        )
            self.modules[name] = module
        self._facts: dict[tuple[str, str], Facts] = {}

    @classmethod
    def from_disk(cls) -> "Suite":
        paths = sorted((REPO_ROOT / "tests").rglob("*.py"))
        return cls({_module_name(path): path.read_text() for path in paths})

    def tests(self) -> Iterator[tuple[str, Module, ast.FunctionDef]]:
        """(pytest node id without parameters, module, function) of each test."""
        for module in self.modules.values():
            if module.name.rsplit(".", 1)[-1].startswith("test_"):
                for name, node in module.functions.items():
                    if name.startswith("test_"):
                        path = module.name.replace(".", "/") + ".py"
                        yield f"{path}::{name}", module, node

    def _resolve(self, module: Module, func: ast.expr) -> tuple[str, str] | None:
        """The test-suite function a call goes to, if it is one."""
        if isinstance(func, ast.Name):
            if func.id in module.functions:
                return module.name, func.id
            target = module.imports.get(func.id)
            if target and target[1] is not None:
                return target
        elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            target = module.imports.get(func.value.id)
            if target and target[1] is None:
                return target[0], func.attr
        return None

    def facts(self, module_name: str, function: str, seen=frozenset()) -> Facts:
        key = (module_name, function)
        if key in self._facts:
            return self._facts[key]
        module = self.modules.get(module_name)
        if module is None or function not in module.functions or key in seen:
            return Facts()
        facts = self._read(module, module.functions[function], seen | {key})
        self._facts[key] = facts
        return facts

    def _read(self, module: Module, node: ast.AST, seen) -> Facts:
        facts = Facts()
        for sub in ast.walk(node):
            if isinstance(sub, ast.Attribute):
                if sub.attr == "status_code":
                    facts.status = True
                elif sub.attr in RESPONSE_READS:
                    facts.response = True
                    facts.location |= sub.attr in {"url", "redirect_chain"}
            elif isinstance(sub, ast.Subscript) and _is_header(sub.slice):
                facts.response = True
                facts.location |= _is_location(sub.slice)
            elif isinstance(sub, ast.Call):
                func = sub.func
                name = func.attr if isinstance(func, ast.Attribute) else None
                name = func.id if isinstance(func, ast.Name) else name
                if name in ASSERTIONS:
                    facts.response = facts.location = True
                elif name == "get" and sub.args and _is_header(sub.args[0]):
                    facts.response = True
                    facts.location |= _is_location(sub.args[0])
                target = self._resolve(module, func)
                if target is not None:
                    helper = self.facts(*target, seen=seen)
                    facts.status |= helper.status
                    facts.response |= helper.response
                    facts.location |= helper.location
        return facts

    def status_only(self) -> dict[str, int]:
        """Tests that read a status code and nothing else of a response: node
        id -> line."""
        found = {}
        for node_id, module, node in self.tests():
            facts = self.facts(module.name, node.name)
            if facts.status and not facts.response:
                found[node_id] = node.lineno
        return found

    def blind_redirects(self) -> dict[str, int]:
        """Tests asserting a redirect status of a response whose destination
        they never read: node id -> line of the first such assertion."""
        found = {}
        for node_id, module, node in self.tests():
            for compare in ast.walk(node):
                if not isinstance(compare, ast.Compare):
                    continue
                operands = [compare.left, *compare.comparators]
                statuses = [
                    operand.value
                    for operand in operands
                    if isinstance(operand, ast.Attribute)
                    and operand.attr == "status_code"
                ]
                if not statuses or not any(map(_mentions_redirect, operands)):
                    continue
                for response in statuses:
                    if not (
                        isinstance(response, ast.Name)
                        and self._location_read(module, node, response.id)
                    ):
                        found.setdefault(node_id, compare.lineno)
        return found

    def _location_read(self, module: Module, node: ast.AST, name: str) -> bool:
        """Whether `name`'s Location is read in `node`: as name["Location"],
        name.url, name.redirect_chain, or by a helper it is passed to."""
        for sub in ast.walk(node):
            if isinstance(sub, ast.Subscript):
                if _is_name(sub.value, name) and _is_location(sub.slice):
                    return True
            elif isinstance(sub, ast.Attribute):
                if _is_name(sub.value, name) and sub.attr in {"url", "redirect_chain"}:
                    return True
            elif isinstance(sub, ast.Call):
                if (
                    isinstance(sub.func, ast.Attribute)
                    and _is_name(sub.func.value, name)
                    and sub.func.attr == "get"
                    and sub.args
                    and _is_location(sub.args[0])
                ):
                    return True
                if any(_is_name(arg, name) for arg in sub.args):
                    func = sub.func
                    if isinstance(func, ast.Name) and func.id in ASSERTIONS:
                        return True
                    target = self._resolve(module, func)
                    if target is not None and self.facts(*target).location:
                        return True
        return False


def _is_name(node: ast.AST, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


@pytest.fixture(scope="module")
def suite() -> Suite:
    return Suite.from_disk()


def test_every_test_that_reads_a_status_reads_the_response_too(suite):
    found = sorted(set(suite.status_only()) - set(STATUS_IS_THE_BEHAVIOUR))

    assert found == [], (
        "These tests check only a status code: also check what the page says "
        "(content, context), where a redirect goes (Location) or what was "
        "stored; or, where the status is the behaviour, name the test in "
        "STATUS_IS_THE_BEHAVIOUR with the reason."
    )


def test_every_redirect_asserted_is_checked_for_where_it_goes(suite):
    found = {
        node_id: line
        for node_id, line in suite.blind_redirects().items()
        if node_id not in REDIRECT_TARGET_IS_NOT_THE_POINT
    }

    assert found == {}, (
        "These tests assert a redirect without where it goes: hold the response "
        'and check response["Location"] (or use assertRedirects); or name the test '
        "in REDIRECT_TARGET_IS_NOT_THE_POINT with the reason."
    )


@pytest.mark.parametrize(
    ("allowed", "found"),
    [
        (STATUS_IS_THE_BEHAVIOUR, Suite.status_only),
        (REDIRECT_TARGET_IS_NOT_THE_POINT, Suite.blind_redirects),
    ],
    ids=["status-only", "blind-redirect"],
)
def test_every_exception_is_still_needed(suite, allowed, found):
    """A test renamed, removed or given a real assertion leaves the list."""
    assert sorted(set(allowed) - set(found(suite))) == []


SAMPLE = """
from http import HTTPStatus


def _page(client):
    return client.get("/").content


def _ok(response):
    assert response.status_code == HTTPStatus.OK


def test_status_only(client):
    assert client.get("/").status_code == HTTPStatus.OK


def test_status_through_a_helper(client):
    _ok(client.get("/"))


def test_status_and_content(client):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    assert "Hello" in response.content.decode()


def test_status_and_a_helper_that_reads_the_page(client):
    assert client.get("/").status_code == HTTPStatus.OK
    assert _page(client)


def test_status_and_a_header(client):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    assert response.get("Cache-Control") == "no-store"


def test_blind_redirect(client):
    response = client.post("/")
    assert response.status_code == HTTPStatus.FOUND
    assert response.context is None


def test_inline_redirect(client):
    assert client.post("/").status_code == 302
    assert client.get("/").content


def test_redirect_and_where(client):
    response = client.post("/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/done/"


def test_redirect_checked_by_django(client):
    response = client.post("/")
    assert response.status_code == HTTPStatus.FOUND
    assertRedirects(response, "/done/")
"""


def test_the_rules_find_what_they_should_and_nothing_else():
    sample = Suite({"tests.sample.test_sample": SAMPLE})

    assert sorted(sample.status_only()) == [
        "tests/sample/test_sample.py::test_status_only",
        "tests/sample/test_sample.py::test_status_through_a_helper",
    ]
    assert sorted(sample.blind_redirects()) == [
        "tests/sample/test_sample.py::test_blind_redirect",
        "tests/sample/test_sample.py::test_inline_redirect",
    ]
