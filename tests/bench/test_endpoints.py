"""Which endpoints a run measures (bench/endpoints.py) and what proves that
each answered the right page."""

import pytest

from bench.endpoints import MEMBER, Endpoint, select

ENDPOINTS = [
    Endpoint("baseline", "/bench/baseline", "five_years", kind="baseline"),
    Endpoint("quiz page", "/quiz/x/", "five_years", contains=('name="token"',)),
    Endpoint("quiz submission", "/quiz/x/", "quiz_writer", kind="post"),
    Endpoint("dashboard, new user", "/journal/", "new"),
    Endpoint("login, visitor", "/account/login/", None),
    Endpoint("baseline, again", "/bench/baseline", "five_years", kind="baseline"),
]


def names(endpoints):
    return [endpoint.name for endpoint in endpoints]


@pytest.mark.parametrize(
    ("only", "chosen"),
    [
        (None, names(ENDPOINTS)),
        ("quiz", ["baseline", "quiz page", "quiz submission", "baseline, again"]),
        ("QUIZ PAGE", ["baseline", "quiz page", "baseline, again"]),
        (
            "dashboard, login",
            ["baseline", "dashboard, new user", "login, visitor", "baseline, again"],
        ),
        (" page ,", ["baseline", "quiz page", "baseline, again"]),
    ],
)
def test_only_measures_the_names_that_hold_a_word_and_both_baselines(only, chosen):
    assert names(select(ENDPOINTS, only)) == chosen


def test_only_that_matches_nothing_stops_the_run_and_lists_the_names():
    with pytest.raises(SystemExit, match="matches none of: baseline, quiz page"):
        select(ENDPOINTS, "nothing")


def test_a_members_page_must_show_the_member_and_a_visitors_page_the_visitor():
    member, visitor = ENDPOINTS[1], ENDPOINTS[4]

    assert member.markers == ('name="token"', MEMBER)
    assert member.absent == ()
    assert visitor.markers == ()
    assert visitor.absent == (MEMBER,)
    # A POST is checked by where it redirects, not by a header.
    assert (ENDPOINTS[2].markers, ENDPOINTS[2].absent) == ((), ())


def test_an_endpoints_files_are_named_from_it():
    assert Endpoint("dashboard, 5-year user, all", "/", None).slug == (
        "dashboard-5-year-user-all"
    )


@pytest.mark.parametrize(
    ("kind", "writes", "threads", "connections"),
    [
        ("page", None, 2, 8),
        # One connection per worker: the export's p50 is one download's time.
        ("export", None, 2, 2),
        # One thread per connection: each connection is a member's check-in
        # then their dashboard.
        ("pair", "pair", 8, 8),
    ],
)
def test_wrk_runs_each_kind_with_its_threads_and_connections(
    kind, writes, threads, connections
):
    import argparse

    from bench.run import wrk_connections, wrk_threads

    args = argparse.Namespace(threads=2, connections=8, workers=2)
    endpoint = Endpoint("x", "/x/", "five_years", kind=kind, writes=writes)

    assert (wrk_threads(endpoint, args), wrk_connections(endpoint, args)) == (
        threads,
        connections,
    )
