"""The benchmark's judgement, apart from the measuring: when a run is noisy,
which baseline the ratios use, and whether each target passed.

Pure functions of the figures, so that tests/bench/ can check them without a
server.

- The baseline is measured first and last. When the two differ by more than
  NOISE_TOLERANCE (of the higher), the machine's load changed during the run:
  the run is NOISY, its ratios are printed but no target that depends on
  throughput or latency is judged, and `make bench` fails.
- When they agree, ratios are to the HIGHER of the two: a page passes only if
  it passes against both baselines, so a slow moment of the machine during a
  baseline never lifts a page over its target.
- A short baseline is also measured right after every endpoint, so each
  endpoint has one just before it and one just after it (Row.before and
  Row.after). Its ratio is to the higher of those two: a slow spell of the
  machine in the middle of a run (the two ends agreeing) slows an endpoint
  and the baselines beside it together, instead of sinking that endpoint's
  ratio alone. When the two beside an endpoint differ by more than
  NOISE_TOLERANCE, the machine changed while it was measured: a target that
  reads it is not judged.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

NOISE_TOLERANCE = 0.15

# Targets (issue 20). Ratios are of the baseline's requests per second.
PAGE_RATIO = 0.33
AFTER_CHECK_IN_RATIO = 0.25
AFTER_CHECK_IN_P50_FACTOR = 1.3
REQUESTS_PER_PAIR = 2
CHECK_IN_RATIO = 0.33
EXPORT_P50_MS = 50.0

PASS, FAIL = "PASS", "FAIL"
NOT_APPLICABLE = "n/a"
NOISY = "not judged (noisy)"
NOT_MEASURED = "not measured"


@dataclass(frozen=True)
class Row:
    """One measured endpoint. `rate` is requests per second, or pairs per
    second for an after-check-in row; `p50_ms` is its GETs' median there."""

    name: str
    kind: str  # "baseline", "page", "post", "pair", "export", "other"
    rate: float
    p50_ms: float
    errors: int = 0
    # The baselines measured just before and just after it (requests/s);
    # None: the run's reference baseline stands for them.
    before: float | None = None
    after: float | None = None

    def reference(self, baseline: float) -> float:
        """The baseline its ratio is to: the higher of those beside it."""
        beside = [value for value in (self.before, self.after) if value]
        return max(beside) if beside else baseline

    def ratio(self, baseline: float) -> float:
        """Its requests per second (two a pair) to its reference baseline."""
        per_request = REQUESTS_PER_PAIR if self.kind == "pair" else 1
        return per_request * self.rate / self.reference(baseline)

    @property
    def noisy(self) -> bool:
        """The baselines beside it differ by more than NOISE_TOLERANCE."""
        if not (self.before and self.after):
            return False
        return is_noisy(self.before, self.after)


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool | None  # None: does not apply here (the figures say why)
    figures: str
    # Throughput and latency depend on the machine's load: not judged when the
    # run is noisy. Memory, sizes and errors do not.
    load_dependent: bool = True
    # A row it reads was measured while the machine changed (Row.noisy).
    noisy: bool = False


@dataclass(frozen=True)
class Verdict:
    name: str
    status: str
    figures: str

    @property
    def failed(self) -> bool:
        return self.status == FAIL


def drift(first: float, last: float) -> float:
    """How far apart the two baselines are, as a fraction of the higher."""
    high = max(first, last)
    return abs(first - last) / high if high else 1.0


def is_noisy(first: float, last: float, tolerance: float = NOISE_TOLERANCE) -> bool:
    return drift(first, last) > tolerance


def reference_baseline(first: float, last: float) -> float:
    """The baseline the ratios use: the higher of the two (see the module)."""
    return max(first, last)


def judge(checks: Iterable[Check], *, noisy: bool) -> list[Verdict]:
    verdicts = []
    for check in checks:
        if check.passed is None:
            status = NOT_APPLICABLE
        elif (noisy or check.noisy) and check.load_dependent:
            status = NOISY
        else:
            status = PASS if check.passed else FAIL
        verdicts.append(Verdict(check.name, status, check.figures))
    return verdicts


def throughput_checks(
    rows: Mapping[str, Row], baseline: float, *, sqlite: bool
) -> list[Check]:
    """The targets of issue 20 that read the wrk figures. A target whose rows
    were not measured (`--only`) is reported as such, never as a pass."""
    checks = []
    pages = [row for row in rows.values() if row.kind == "page"]
    if pages:
        below = [row for row in pages if row.ratio(baseline) < PAGE_RATIO]
        slowest = min(pages, key=lambda row: row.ratio(baseline))
        figures = (
            f"{len(pages) - len(below)} of {len(pages)} pages pass; slowest "
            f"{slowest.name} {slowest.ratio(baseline):.2f}"
        )
        if below:
            figures += "; below: " + ", ".join(
                f"{row.name} {row.ratio(baseline):.2f}"
                for row in sorted(below, key=lambda row: row.ratio(baseline))
            )
        noisy_pages = [row.name for row in pages if row.noisy]
        if noisy_pages:
            figures += "; measured while the machine changed: " + ", ".join(noisy_pages)
        checks.append(
            Check(
                f"every HTML page >= {PAGE_RATIO} x baseline",
                not below,
                figures,
                noisy=bool(noisy_pages),
            )
        )

    old = rows.get("dashboard after a check-in, 5-year user")
    new = rows.get("dashboard after a check-in, new user")
    name = f"dashboard after a check-in, 5-year user >= {AFTER_CHECK_IN_RATIO} x "
    name += "baseline (its requests/s: a check-in POST, then the dashboard)"
    if old is None:
        checks.append(Check(name, None, NOT_MEASURED, load_dependent=False))
    else:
        # Like every row, the rate of requests, as wrk counts them: a pair is
        # two requests, the write and the read the issue alternates.
        ratio = old.ratio(baseline)
        checks.append(
            Check(
                name,
                ratio >= AFTER_CHECK_IN_RATIO,
                f"{ratio:.2f} ({REQUESTS_PER_PAIR * old.rate:.0f} requests/s, "
                f"{old.rate:.0f} pairs/s / {old.reference(baseline):.0f})",
                noisy=old.noisy,
            )
        )
    name = (
        f"dashboard after a check-in: 5-year p50 <= {AFTER_CHECK_IN_P50_FACTOR} x "
        "new user's"
    )
    if old is None or new is None:
        checks.append(Check(name, None, NOT_MEASURED, load_dependent=False))
    else:
        factor = old.p50_ms / new.p50_ms if new.p50_ms else float("inf")
        checks.append(
            Check(
                name,
                factor <= AFTER_CHECK_IN_P50_FACTOR,
                f"{factor:.2f} ({old.p50_ms:.1f} ms / {new.p50_ms:.1f} ms)",
                noisy=old.noisy or new.noisy,
            )
        )

    post = rows.get("check-in POST")
    name = f"check-in POST on SQLite >= {CHECK_IN_RATIO} x baseline, 0 errors"
    if post is None:
        checks.append(Check(name, None, NOT_MEASURED, load_dependent=False))
    else:
        ratio = post.ratio(baseline)
        figures = f"{ratio:.2f}, {post.errors} errors"
        if not sqlite:
            figures += " (PostgreSQL: for the record)"
        checks.append(
            Check(
                name,
                (ratio >= CHECK_IN_RATIO and post.errors == 0) if sqlite else None,
                figures,
                noisy=post.noisy,
            )
        )

    export = rows.get("CSV export, 5-year user")
    name = f"CSV export, 5 years: p50 <= {EXPORT_P50_MS:.0f} ms"
    if export is None:
        checks.append(Check(name, None, NOT_MEASURED, load_dependent=False))
    else:
        checks.append(
            Check(
                name,
                export.p50_ms <= EXPORT_P50_MS,
                f"{export.p50_ms:.1f} ms",
                noisy=export.noisy,
            )
        )

    failing = {row.name: row.errors for row in rows.values() if row.errors}
    checks.append(
        Check(
            "0 errors on every endpoint",
            not failing,
            ", ".join(f"{name}: {count}" for name, count in failing.items())
            or f"0 errors in {len(rows)} endpoints",
            load_dependent=False,
        )
    )
    return checks
