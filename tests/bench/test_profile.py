"""The top costs of `make bench --profile` (bench/profile.py), read from
pyinstrument's call tree."""

from dataclasses import dataclass, field

from bench import profile
from bench.build import REPO


@dataclass
class Frame:
    function: str
    time: float
    children: list = field(default_factory=list)
    is_synthetic: bool = False
    file_path: str = str(REPO / "journal" / "selectors.py")
    line_no: int = 1

    @property
    def file_path_short(self):
        return self.file_path.removeprefix(str(REPO) + "/")


def test_a_function_is_summed_over_its_callers_and_counts_its_recursion_once():
    inner = Frame("walk", 2.0)
    recursive = Frame("walk", 5.0, [inner])
    root = Frame(
        "view",
        10.0,
        [recursive, Frame("render", 3.0, [Frame("walk", 1.0)])],
        file_path=str(REPO / "journal" / "views.py"),
    )

    found = {cost.function.split()[-1]: cost for cost in profile.costs(root).values()}

    assert found["walk"].cumulative == 6.0  # 5 + 1, not 5 + 2 + 1
    assert found["walk"].own == 6.0  # 3 + 2 + 1
    assert found["view"].own == 2.0
    assert found["render"].own == 2.0


def test_own_code_is_the_projects_not_the_libraries_nor_the_benchmarks():
    assert profile.is_own_code(str(REPO / "journal" / "selectors.py"))
    assert not profile.is_own_code(str(REPO / "bench" / "run.py"))
    assert not profile.is_own_code("/usr/lib/python3.12/site-packages/django/db.py")
    assert not profile.is_own_code(None)


def test_the_top_costs_list_own_code_by_cumulative_time_and_anything_by_own():
    library = Frame("execute", 4.0, file_path="/usr/lib/python3/django/db.py")
    root = Frame("view", 6.0, [Frame("chart", 5.0, [library])])

    ours, anywhere = profile.top_costs(root, own_code=profile.is_own_code)

    assert [cost.function.split()[-1] for cost in ours] == ["view", "chart"]
    assert anywhere[0].function.split()[-1] == "execute"


def test_a_functions_synthetic_self_frame_stays_its_own_time():
    self_time = Frame("[self]", 3.0)
    self_time.is_synthetic = True
    root = Frame("view", 5.0, [self_time, Frame("chart", 2.0)])

    found = {cost.function.split()[-1]: cost for cost in profile.costs(root).values()}

    assert found["view"].own == 3.0
    assert "[self]" not in found


def test_the_summary_leaves_out_the_wrappers_of_the_whole_request():
    costs = [
        profile.Cost("middleware", 10.0),
        profile.Cost("view", 9.5),
        profile.Cost("chart", 6.0),
        profile.Cost("table", 2.0),
    ]

    assert [cost.function for cost in profile.summary(costs, 10.0)] == [
        "chart",
        "table",
    ]
