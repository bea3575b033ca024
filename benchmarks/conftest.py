"""Options and parametrisation for the pytest-benchmark suite.

    pytest benchmarks/                                   every problem x family x size x form
    pytest benchmarks/ --problem interleaving-string --solution mysol.py
    pytest benchmarks/ --sizes smoke|default|full|64,256

``--problem`` narrows every file: a file about particular problems names them in a
module-level ``PROBLEMS`` and runs only when one of them is chosen (``PROBLEMS = ()``
for a file about none, such as a lab); a test marked ``problems("slug", ...)`` is about
those instead, for a file that covers several. Tests marked ``submission`` time the
``--solution`` and are deselected without one.

Each problem, family and size is one pytest-benchmark group, so its table puts the
forms side by side and the "(2.55)" multiples read as the gaps. Test names come from
judge.benchsave, the same names ``judge bench --save`` writes, so saves of either kind
compare with each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from judge.errors import KitError
from judge.model import registry
from judge.model.forms import SUBMISSION
from judge.model.problem import Problem
from judge.profiling.benchsave import param_id

SIZE_PRESETS = ("smoke", "default", "full")
DEFAULT_MAX_N = 1024


@dataclass(frozen=True)
class Point:
    problem: Problem
    family: str
    n: int
    form: str

    @property
    def id(self) -> str:
        return param_id(self.problem.slug, self.family, self.n, self.form)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("judge-kit benchmarks")
    group.addoption("--problem", action="append", default=[], metavar="SLUG",
                    help="Benchmark only this problem (repeatable).")
    group.addoption("--solution", metavar="FILE", help="Your solution; joins the groups as form 'submission'.")
    group.addoption("--sizes", default="default", metavar="PRESET|N,N",
                    help="smoke (two smallest), default (up to n=1024), full (all) or a list of n.")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "submission: times the --solution; deselected without one")
    config.addinivalue_line("markers", "problems(*slugs): the problems this test is about, for --problem")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    chosen = set(config.getoption("--problem"))
    with_solution = bool(config.getoption("--solution"))
    keep, drop = [], []
    for item in items:
        marker = item.get_closest_marker("problems")
        covers = marker.args if marker else getattr(item.module, "PROBLEMS", None)  # None: test_forms narrows itself
        narrowed_out = bool(chosen) and covers is not None and not chosen & set(covers)
        needs_solution = item.get_closest_marker("submission") is not None and not with_solution
        (drop if narrowed_out or needs_solution else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def _problems(config: pytest.Config) -> list[Problem]:
    slugs = config.getoption("--problem")
    try:
        return [registry.get(slug) for slug in slugs] if slugs else list(registry.all_problems().values())
    except KitError as exc:
        raise pytest.UsageError(str(exc)) from None


def _sizes(config: pytest.Config, problem: Problem) -> list[int]:
    choice = config.getoption("--sizes")
    sizes = list(problem.profile_sizes)
    if choice == "smoke":
        return sizes[:2]
    if choice == "default":
        return [n for n in sizes if n <= DEFAULT_MAX_N] or sizes[:1]
    if choice == "full":
        return sizes
    try:
        return sorted({int(item) for item in choice.split(",")})
    except ValueError:
        raise pytest.UsageError(
            f"--sizes {choice!r} is neither a preset ({', '.join(SIZE_PRESETS)}) nor a list like 64,256"
        ) from None


def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    solution = config.getoption("--solution", default=None)
    if not solution:
        return
    if len(config.getoption("--problem")) != 1:
        raise pytest.UsageError("--solution needs exactly one --problem SLUG to say what it solves")
    if not Path(solution).is_file():
        raise pytest.UsageError(f"--solution {solution!r} does not exist; pass the path of your solution file")


@pytest.fixture(scope="session", autouse=True)
def _accepted_solution(pytestconfig: pytest.Config) -> None:
    """A wrong solution is refused with the judge's verdict before any timing.

    A fixture, not a start-up hook: Hypothesis runs here, after pytest's initialisation."""
    solution = pytestconfig.getoption("--solution")
    if not solution:
        return
    from judge.engine.run import RunOptions, judge_submission
    from judge.model.verdicts import Verdict

    problem = registry.get(pytestconfig.getoption("--problem")[0])
    result = judge_submission(problem, Path(solution), RunOptions(max_examples=100))
    if result.verdict is not Verdict.AC:
        pytest.exit(f"{solution} is not timed: {result.verdict.value} ({result.verdict.title}): {result.message}",
                    returncode=1)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "point" not in metafunc.fixturenames:
        return
    config = metafunc.config
    with_solution = bool(config.getoption("--solution"))
    points = [
        Point(problem, family, n, form)
        for problem in _problems(config)
        for family in problem.families
        for n in _sizes(config, problem)
        for form in ((SUBMISSION,) if with_solution else ()) + tuple(problem.forms)
    ]
    metafunc.parametrize("point", points, ids=[p.id for p in points])


@pytest.fixture(scope="session")
def last_timing() -> dict[tuple[str, str, str], tuple[int, float]]:
    """(problem, family, form) -> (n, seconds) of the last point run, to skip hopeless sizes."""
    return {}


@pytest.fixture(scope="session")
def submission_entry(pytestconfig: pytest.Config):
    solution = pytestconfig.getoption("--solution")
    if not solution:
        return None
    from judge.engine import loader, plan

    problem = registry.get(pytestconfig.getoption("--problem")[0])
    return loader.load(plan.plan(Path(solution), problem.entry), problem.entry)
