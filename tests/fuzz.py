"""Hostile form input for the property-based tests, and the checks every fuzzed
response must pass.

Each fuzz test draws a `Submission`: every field valid, one field hostile or
missing, or every field arbitrary and possibly missing. Only an all-valid
submission is promised to succeed; the others may or may not be valid, so the
tests judge them by what the site did with them (a success redirect stores a
valid row; anything else stores nothing).
"""

import datetime
import operator
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus

from django.db import transaction
from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

# Modest example counts keep each fuzz file under about 30 seconds; deadline
# off because a request's time varies with the database, not with the input;
# too_slow off because some examples draw megabytes of text on purpose.
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Left out of the posted data: a missing field.
MISSING = object()

# Code points and strings that have tripped software up: right-to-left override
# and mark, zero-width joiner, a combining accent, the byte-order mark, an emoji
# ZWJ sequence, Hebrew and Arabic, the last private-use code point, NUL, line
# ends, markup, SQL, path and formula injection.
TRICKY = [
    "\u202e",
    "\u200f",
    "\u200d",
    "\u0301",
    "\ufeff",
    "\U0001f469\U0001f3fd\u200d\u2695\ufe0f",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627",
    "\U0010fffd",
    "\x00",
    "\r\n",
    "\t",
    "<script>alert(1)</script>",
    "'; DROP TABLE journal_checkin; --",
    "../../etc/passwd",
    "%00",
    "=1+1",
    "None",
    "null",
]

# Hypothesis's text() never draws surrogates, which cannot be sent as UTF-8.
any_text = st.text()
tricky_text = st.lists(
    st.sampled_from(TRICKY) | st.text(max_size=3), min_size=1, max_size=8
).map("".join)
# Up to 60,000 characters, and sometimes a few megabytes: more than Django reads
# into memory (DATA_UPLOAD_MAX_MEMORY_SIZE), which must answer 400, not 500.
huge_text = st.builds(
    operator.mul,
    st.text(min_size=1, max_size=3),
    st.integers(500, 20_000) | st.just(1_000_000),
)
with_nul = st.builds(
    lambda before, after: f"{before}\x00{after}",
    st.text(max_size=5),
    st.text(max_size=5),
)
numbers = st.one_of(
    st.integers().map(str),
    # Past 64-bit integers (SQLite's and PostgreSQL's bigint limits).
    st.integers(2**63 - 2, 2**64 + 2).map(str),
    st.integers(-(2**64), -(2**31)).map(str),
    # Longer than Python converts to int by default (4,300 digits).
    st.integers(19, 6_000).map(lambda digits: "9" * digits),
    st.floats().map(str),
    st.decimals().map(str),
)
date_strings = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.datetimes().map(str),
    st.sampled_from(
        [
            "0000-00-00",
            "2026-02-30",
            "1999-12-31",
            "9999-12-31",
            "10000-01-01",
            "-0001-01-01",
            "+275760-09-13",
            "2026-13-01",
            "2026-1-1\x00",
            "14/03/2026",
            "today",
        ]
    ),
)
hostile_scalars = st.one_of(
    any_text,
    tricky_text,
    huge_text,
    with_nul,
    numbers,
    date_strings,
    st.sampled_from(["", " ", "on", "off", "true", "false", "[]", "{}"]),
)
# A list where the form expects one value: the test client sends each item.
hostile = hostile_scalars | st.lists(hostile_scalars, min_size=2, max_size=4)

# Text a notes field must accept: anything but NUL, up to `max_size`.
safe_text_alphabet = st.characters(codec="utf-8", exclude_characters="\x00")


def safe_text(max_size: int) -> SearchStrategy[str]:
    no_nul = [item for item in TRICKY if "\x00" not in item]
    return st.text(safe_text_alphabet, max_size=max_size) | st.lists(
        st.sampled_from(no_nul), max_size=8
    ).map("".join)


def optional(strategy: SearchStrategy) -> SearchStrategy:
    """A valid value or a missing field (for fields the form does not require)."""
    return st.just(MISSING) | strategy


@dataclass(frozen=True)
class Submission:
    data: dict[str, str | list[str]]
    # True when every field was drawn from its valid values: the form must
    # accept it. False promises nothing either way.
    valid: bool


def _present(data: Mapping[str, object]) -> dict:
    return {name: value for name, value in data.items() if value is not MISSING}


# Fields no form has, which must change nothing (mass assignment).
EXTRA_FIELDS = dict.fromkeys(("user", "user_id", "id", "pk", "score"), hostile_scalars)


def submissions(valid: Mapping[str, SearchStrategy]) -> SearchStrategy[Submission]:
    """Form data: all valid, one field hostile or missing, or all arbitrary."""
    names = sorted(valid)

    def one_bad(bad: str) -> SearchStrategy[dict]:
        return st.fixed_dictionaries(
            {
                name: (hostile | st.just(MISSING)) if name == bad else valid[name]
                for name in names
            }
        )

    return st.one_of(
        st.fixed_dictionaries(valid).map(lambda d: Submission(_present(d), True)),
        st.sampled_from(names)
        .flatmap(one_bad)
        .map(lambda d: Submission(_present(d), False)),
        st.fixed_dictionaries(
            {},
            optional={
                **{name: valid[name] | hostile for name in names},
                **EXTRA_FIELDS,
            },
        ).map(lambda d: Submission(_present(d), False)),
    )


def post(client, url: str, data: Mapping[str, object]):
    """POST like a browser, which always sends the form's CSRF token field (the
    test client does not check it), so that even "every field missing" reaches
    the form as a submitted, empty form."""
    return client.post(url, {"csrfmiddlewaretoken": "browser-sends-one", **data})


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run one Hypothesis example in a savepoint that is always rolled back, so
    that examples inside one pytest-django test never see each other's rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_no_server_error(response) -> None:
    assert response.status_code < HTTPStatus.INTERNAL_SERVER_ERROR, response.status_code


def is_success_redirect(response) -> bool:
    assert_no_server_error(response)
    return response.status_code == HTTPStatus.FOUND


def assert_errors_shown(response, form_key: str = "form") -> None:
    """A form sent back is sent back with its errors, each one on the page."""
    if response.status_code == HTTPStatus.BAD_REQUEST:
        return  # too big to read (DATA_UPLOAD_MAX_MEMORY_SIZE): no form to show
    assert response.status_code == HTTPStatus.OK, response.status_code
    form = response.context[form_key]
    assert form.errors, "the form came back without saying what is wrong"
    html = response.content.decode()
    for messages in form.errors.values():
        for message in messages:
            assert escape(message) in html, message
