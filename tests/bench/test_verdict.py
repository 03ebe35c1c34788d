"""The benchmark's judgement (bench/verdict.py): when a run is noisy, which
baseline the ratios use, and how each target of issue 20 is decided."""

import pytest

from bench import verdict
from bench.verdict import Check, Row


@pytest.mark.parametrize(
    ("first", "last", "noisy"),
    [
        (1000, 1000, False),
        (1000, 860, False),  # 14 % apart
        (860, 1000, False),
        (1000, 850, False),  # exactly 15 %: still within
        (1000, 840, True),  # 16 %
        (840, 1000, True),
        (325, 1063, True),  # issue 20's PostgreSQL run
        (0, 0, True),  # nothing measured proves nothing
    ],
)
def test_a_run_is_noisy_when_its_baselines_differ_by_more_than_15_percent(
    first, last, noisy
):
    assert verdict.is_noisy(first, last) is noisy


def test_the_ratios_use_the_higher_baseline():
    assert verdict.reference_baseline(900, 1000) == 1000
    assert verdict.reference_baseline(1000, 900) == 1000


def test_a_noisy_run_judges_no_target_that_depends_on_the_machines_load():
    checks = [
        Check("page", True, "0.40"),
        Check("slow page", False, "0.10"),
        Check("memory", True, "flat", load_dependent=False),
        Check("assets", False, "too big", load_dependent=False),
        Check("PostgreSQL only", None, "for the record"),
    ]

    found = {v.name: v.status for v in verdict.judge(checks, noisy=True)}

    assert found == {
        "page": "not judged (noisy)",
        "slow page": "not judged (noisy)",
        "memory": "PASS",
        "assets": "FAIL",
        "PostgreSQL only": "n/a",
    }


def test_a_quiet_run_judges_every_target():
    checks = [Check("page", True, "0.40"), Check("slow page", False, "0.10")]

    found = verdict.judge(checks, noisy=False)

    assert [(v.status, v.failed) for v in found] == [("PASS", False), ("FAIL", True)]


def rows(*found: Row) -> dict[str, Row]:
    return {row.name: row for row in found}


def by_name(checks: list[Check], start: str) -> Check:
    (check,) = [check for check in checks if check.name.startswith(start)]
    return check


WHOLE_RUN = rows(
    Row("baseline", "baseline", 1000, 5),
    Row("home", "page", 500, 10),
    Row("quiz page", "page", 340, 20),
    Row("dashboard after a check-in, 5-year user", "pair", 260, 26),
    Row("dashboard after a check-in, new user", "pair", 300, 20),
    Row("check-in POST", "post", 340, 20),
    Row("CSV export, 5-year user", "export", 30, 45),
    Row("baseline, again", "baseline", 990, 5),
)


def test_every_target_passes_a_run_that_meets_them():
    checks = verdict.throughput_checks(WHOLE_RUN, 1000, sqlite=True)

    assert [(c.name, c.passed) for c in checks if not c.passed] == []
    assert len(checks) == 6


@pytest.mark.parametrize(
    ("change", "target", "figure"),
    [
        (Row("quiz page", "page", 320, 20), "every HTML page", "quiz page 0.32"),
        (
            Row("dashboard after a check-in, 5-year user", "pair", 120, 26),
            "dashboard after a check-in, 5-year user",
            "0.24 (240 requests/s, 120 pairs/s / 1000)",
        ),
        (
            Row("dashboard after a check-in, 5-year user", "pair", 260, 27),
            "dashboard after a check-in: 5-year p50",
            "1.35 (27.0 ms / 20.0 ms)",
        ),
        (Row("check-in POST", "post", 320, 20), "check-in POST", "0.32, 0 errors"),
        (Row("check-in POST", "post", 400, 20, 1), "check-in POST", "0.40, 1 errors"),
        (Row("CSV export, 5-year user", "export", 20, 51), "CSV export", "51.0 ms"),
        (Row("home", "page", 500, 10, 3), "0 errors", "home: 3"),
    ],
)
def test_a_missed_target_fails_and_says_by_how_much(change, target, figure):
    found = {**WHOLE_RUN, change.name: change}

    check = by_name(verdict.throughput_checks(found, 1000, sqlite=True), target)

    assert check.passed is False
    assert figure in check.figures


def test_every_page_below_the_target_is_named_slowest_first():
    found = {
        **WHOLE_RUN,
        "month": Row("month", "page", 200, 30),
        "trend": Row("trend", "page", 100, 60),
    }

    check = by_name(verdict.throughput_checks(found, 1000, sqlite=True), "every")

    assert check.figures == (
        "2 of 4 pages pass; slowest trend 0.10; below: trend 0.10, month 0.20"
    )


def test_the_check_in_post_target_is_for_sqlite_only():
    checks = verdict.throughput_checks(WHOLE_RUN, 1000, sqlite=False)

    check = by_name(checks, "check-in POST")
    assert check.passed is None
    assert "PostgreSQL: for the record" in check.figures


def test_a_target_whose_rows_were_not_measured_never_passes():
    partial = rows(
        Row("baseline", "baseline", 1000, 5),
        Row("home", "page", 500, 10),
        Row("baseline, again", "baseline", 990, 5),
    )

    checks = verdict.throughput_checks(partial, 1000, sqlite=True)

    missing = [c for c in checks if c.figures == "not measured"]
    assert [c.passed for c in missing] == [None, None, None, None]
    assert len(missing) == 4
    statuses = {v.status for v in verdict.judge(missing, noisy=False)}
    assert statuses == {"n/a"}


# Baselines beside each endpoint ----------------------------------------------


def test_an_endpoint_is_judged_against_the_baselines_beside_it():
    """A slow spell in the middle of a run (its two ends agreeing at 1,000)
    slows a page and the baselines just before and after it together: its
    ratio is to the higher of those two, not to the run's."""
    page = Row("page", "page", 200, 10.0, before=600, after=560)

    assert page.reference(1000) == 600
    assert page.ratio(1000) == pytest.approx(0.333, abs=0.001)
    assert not page.noisy
    checks = verdict.throughput_checks({"page": page}, 1000, sqlite=True)
    (pages,) = [check for check in checks if check.name.startswith("every HTML")]
    assert pages.passed and "1 of 1 pages pass; slowest page 0.33" in pages.figures


def test_a_pair_counts_two_requests_against_its_own_baselines():
    name = "dashboard after a check-in, 5-year user"
    pair = Row(name, "pair", 150, 20.0, before=1000, after=1200)

    assert pair.ratio(2000) == pytest.approx(0.25)


def test_without_baselines_beside_it_the_runs_baseline_stands_in():
    assert Row("page", "page", 400, 5.0).ratio(1000) == pytest.approx(0.4)


def test_an_endpoint_measured_while_the_machine_changed_is_not_judged():
    """Baselines beside an endpoint more than 15 % apart: its targets are not
    judged (the run is noisy), whatever its ratio says."""
    quiet = Row("quiet page", "page", 500, 5.0, before=1000, after=950)
    shaken = Row("shaken page", "page", 100, 5.0, before=1000, after=700)
    assert shaken.noisy and not quiet.noisy

    checks = verdict.throughput_checks(
        {row.name: row for row in (quiet, shaken)}, 1000, sqlite=True
    )
    found = {v.name: v for v in verdict.judge(checks, noisy=False)}

    pages = found["every HTML page >= 0.33 x baseline"]
    assert pages.status == "not judged (noisy)"
    assert "measured while the machine changed: shaken page" in pages.figures


def test_a_noisy_pair_or_post_is_not_judged_either():
    rows = {
        "dashboard after a check-in, 5-year user": Row(
            "dashboard after a check-in, 5-year user",
            "pair",
            300,
            20.0,
            before=1000,
            after=600,
        ),
        "check-in POST": Row("check-in POST", "post", 100, 9.0, before=900, after=1000),
    }

    found = {
        v.name.split(" >=")[0].split(":")[0]: v.status
        for v in verdict.judge(
            verdict.throughput_checks(rows, 1000, sqlite=True), noisy=False
        )
    }

    assert found["dashboard after a check-in, 5-year user"] == "not judged (noisy)"
    assert found["check-in POST on SQLite"] == "FAIL"  # 0.10, quiet around it
