"""`make bench BENCH_ARGS=--profile`: where each page's time goes.

For each selected endpoint, a few requests warm it, then `requests` more run
in-process (Django's test client, the benchmark's settings and database)
under pyinstrument. var/bench/profile-<endpoint>.txt gets the top costs and
pyinstrument's call tree; the output gets one line per endpoint.

The top costs are per function, summed over every place it was called from:
the project's own functions by cumulative time (what a change in our code can
remove), and any function, the libraries' included, by its own time (where
the CPU actually went).
"""

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyinstrument import Profiler

from .build import OUT, REPO

TOP = 15
WARM_REQUESTS = 3
# The benchmark's own frames (the loop that sends the requests) are not the
# page's cost.
NOT_OWN = (REPO / "bench", REPO / ".venv")


@dataclass
class Cost:
    function: str
    cumulative: float = 0.0
    own: float = 0.0


def is_own_code(file_path: str | None) -> bool:
    if not file_path:
        return False
    path = Path(file_path)
    if not path.is_relative_to(REPO):
        return False
    return not any(path.is_relative_to(other) for other in NOT_OWN)


def costs(root) -> dict[str, Cost]:
    """Cumulative and own time per function (file:line name) in pyinstrument's
    tree; a function that calls itself counts its time once."""
    found: dict[str, Cost] = defaultdict(lambda: Cost(""))

    def walk(frame, on_path: frozenset):
        key = _key(frame)
        cost = found[key]
        cost.function = key
        # pyinstrument puts a function's own time in a synthetic "[self]"
        # child: it stays the function's own.
        real = [child for child in frame.children if not _synthetic(child)]
        cost.own += frame.time - sum(child.time for child in real)
        if key not in on_path:
            cost.cumulative += frame.time
        for child in real:
            walk(child, on_path | {key})

    if root is not None:
        walk(root, frozenset())
    return dict(found)


def top_costs(root, *, own_code: Callable[[str], bool]) -> tuple[list, list]:
    """The TOP own-code functions by cumulative time, and the TOP of all
    functions by own time."""
    found = costs(root)
    files = _files(root)
    ours = [cost for key, cost in found.items() if own_code(files.get(key))]
    ours.sort(key=lambda cost: cost.cumulative, reverse=True)
    anywhere = sorted(found.values(), key=lambda cost: cost.own, reverse=True)
    return ours[:TOP], anywhere[:TOP]


def _key(frame) -> str:
    place = f"{frame.file_path_short or frame.file_path}:{frame.line_no}"
    return f"{place} {frame.function or '?'}"


def _synthetic(frame) -> bool:
    return bool(getattr(frame, "is_synthetic", False))


def _files(root) -> dict[str, str]:
    files = {}
    stack = [root] if root is not None else []
    while stack:
        frame = stack.pop()
        files[_key(frame)] = frame.file_path
        stack.extend(frame.children)
    return files


def summary(ours: list[Cost], total: float, count: int = 3) -> list[Cost]:
    """The first `count` of the project's functions that are not a wrapper of
    the whole request (middleware, the view's entry): less than 80 % of it."""
    return [cost for cost in ours if cost.cumulative < 0.8 * total][:count]


def run(endpoints, seed: dict, requests: int, *, send, client) -> None:
    """Profile each endpoint (send(client, endpoint, seed, number) makes one
    request); write the files and print a summary."""
    print(
        f"bench: profiling {requests} in-process requests per endpoint "
        f"(pyinstrument), into {OUT.relative_to(REPO)}/profile-<endpoint>.txt",
        flush=True,
    )
    for endpoint in endpoints:
        user = "probe" if endpoint.writes in ("check-in", "quiz") else endpoint.user
        browser = client(seed, user)
        number = 0
        for _ in range(WARM_REQUESTS):
            response = send(browser, endpoint, seed, number)
            _consume(response)
            number += 1
        if response.status_code != endpoint.expect:
            raise SystemExit(
                f"error: in-process {endpoint.name} answered "
                f"{response.status_code}, not {endpoint.expect}: not what the "
                "profile is of"
            )
        profiler = Profiler(interval=0.0005)
        started = time.perf_counter()
        profiler.start()
        for _ in range(requests):
            _consume(send(browser, endpoint, seed, number))
            number += 1
        profiler.stop()
        per_request = (time.perf_counter() - started) / requests * 1000
        root = profiler.last_session.root_frame()
        ours, anywhere = top_costs(root, own_code=is_own_code)
        path = OUT / f"profile-{endpoint.slug}.txt"
        path.write_text(
            _text(endpoint, requests, per_request, ours, anywhere)
            + "\n"
            + profiler.output_text(unicode=False, color=False)
        )
        head = ", ".join(
            f"{cost.function} {cost.cumulative / requests * 1000:.1f}"
            for cost in summary(ours, root.time if root is not None else 0.0)
        )
        print(
            f"  {endpoint.name:<40} {per_request:7.1f} ms/request (profiled); "
            f"own code, cumulative ms/request: {head or 'none'}",
            flush=True,
        )


def _consume(response) -> None:
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass


def _text(endpoint, requests, per_request, ours, anywhere) -> str:
    def table(title, found, column):
        lines = [title, f"{'ms/request':>10}  function"]
        for cost in found:
            lines.append(
                f"{getattr(cost, column) / requests * 1000:10.2f}  {cost.function}"
            )
        return lines

    lines = [
        f"{endpoint.name}: {endpoint.method} {endpoint.path}",
        f"{requests} requests in-process, {per_request:.1f} ms each under the "
        "profiler (pyinstrument, 0.5 ms interval)",
        "",
        *table(
            f"The project's own functions, by cumulative time (top {TOP}):",
            ours,
            "cumulative",
        ),
        "",
        *table(f"Any function, by its own time (top {TOP}):", anywhere, "own"),
    ]
    return "\n".join(lines) + "\n"
