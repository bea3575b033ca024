"""The short default report: the verdict, five headline findings, one compact table, one noise
line; ``--details`` for today's full tables; ``judge list`` that never cuts a name."""

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from judge.engine.run import RunOptions
from judge.model import registry
from judge.model.outcomes import FormProfile, Profile
from judge.profiling.bench import judge_and_profile
from judge.profiling.profile import ProfileOptions
from judge.reporting import findings, summary, views
from judge.reporting.practice import follow_ups

SIZES = [64, 128, 256, 512, 1024]


def _form(seconds_at_1024: float, exponent: float, reach: int = 1024, peak: int = 1000, noisy: bool = False):
    sizes = [n for n in SIZES if n <= reach]
    seconds = [seconds_at_1024 * (n / 1024) ** exponent for n in sizes]
    samples = [[t * 0.5, t, t * 1.5] if noisy else [t, t, t] for t in seconds]
    return FormProfile(sizes, seconds, [peak * n for n in sizes], exponent, samples=samples)


def synthetic() -> Profile:
    """Numbers chosen so every headline has one right answer."""
    return Profile({
        "random": {"submission": _form(0.100, 2.0, noisy=True), "2d": _form(0.120, 2.0, peak=64),
                   "1d": _form(0.080, 2.0), "memo": _form(0.004, 1.0), "numba": _form(0.001, 2.0),
                   "bitset-numba": _form(0.0001, 1.5)},
        "dense": {"submission": _form(0.100, 2.0), "2d": _form(0.120, 2.0, peak=64), "1d": _form(0.080, 2.0),
                  "memo": _form(1.2, 2.0, reach=256), "numba": _form(0.001, 2.0),
                  "bitset-numba": _form(0.0001, 1.5)},
    }, "n = |s1| = |s2|", 12.0, has_submission=True)


def test_the_headline_is_five_findings_in_order_with_the_right_numbers():
    lines = findings.headline(synthetic())
    assert len(lines) == 5
    growth, gap, rolling, memo, jit = lines
    assert growth.startswith("your solution grows as n^2.0 on random inputs and n^2.0 on dense inputs: quadratic")
    # At n=1024 the fastest reference takes 0.1 ms against your 100 ms; in plain Python memo 4 ms.
    assert "bitset-numba, 100 µs" in gap and "1,000× faster than yours (100.0 ms)" in gap
    assert "in plain Python, memo is 25× faster" in gap
    assert "the rolling 1-D row is 1.5× faster than the 2-D table at n=1024" in rolling
    # memo/2d: 0.004/0.12 on random (30× faster); 1.2·(256/1024)^2 / (0.12·(256/1024)^2) = 10× slower on dense.
    assert memo.startswith("top-down memo flips")
    assert "30.0× faster on random" in memo and "10.0× slower on dense" in memo
    assert "the Numba JIT form is 80× faster than the rolling 1-D row at n=1024" in jit


@pytest.mark.parametrize("exponent, name", [(0.1, "constant"), (1.2, "linear"), (2.38, "quadratic"),
                                            (2.5, "between quadratic and cubic"), (3.1, "cubic")])
def test_growth_classes(exponent, name):
    assert findings.growth_class(exponent) == name


def test_noise_is_one_line_with_the_count_and_the_fix():
    profile = synthetic()
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(summary.profile_summary(profile, "close other programs"))
    text = console.file.getvalue()
    noisy = len([t for t in profile.families["random"]["submission"].seconds if t >= 1e-3])  # 4: under 1 ms is not
    total = sum(len(p.sizes) for forms in profile.families.values() for p in forms.values())
    assert text.count("timing noise") == 1 and "unstable timings" not in text
    assert f"timing noise: {noisy} of {total} points varied by over 10%" in " ".join(text.split())


def test_the_compact_table_has_one_row_per_form_at_the_largest_common_n():
    header, rows = summary.summary_rows(synthetic())
    assert header == ["form", "random n=1024", "growth", "dense n=256", "growth", "peak mem n=1024"]
    assert [row[0] for row in rows] == ["submission", "2d", "1d", "memo", "numba", "bitset-numba"]
    memo = rows[3]
    assert memo[1:5] == ["4.0 ms", "n^1.00", "75.0 ms", "n^2.00"]  # 1.2 s · (256/1024)^2 on dense


@pytest.fixture(scope="module")
def example_run():
    """The shipped example, judged and profiled briefly: the report's shape, not its speed."""
    root = Path(__file__).resolve().parent.parent
    problem = registry.get("interleaving-string")
    return problem, judge_and_profile(problem, root / "examples" / "interleaving_string.py",
                                      RunOptions(max_examples=10, seed=2, store=None),
                                      profile=ProfileOptions(sizes=(16, 32, 64, 128, 256), deadline_s=30))


def _render(renderable, width=100) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    return console.file.getvalue()


def test_the_default_report_of_the_example_fits_in_about_forty_lines(example_run):
    problem, result = example_run
    short = _render(views.run_view(result, problem))
    assert len(short.splitlines()) <= 40, short
    assert "your solution grows as" in short and "profile · n = |s1| = |s2|" in short
    assert "(×) = that form's time" not in short  # the per-n tables are --details'
    details = _render(views.run_view(result, problem, details=True))
    assert "profile · random inputs" in details and "profile · dense inputs" in details
    assert len(details.splitlines()) > len(short.splitlines())


def test_list_never_cuts_a_problem_name():
    rows = [{"slug": p.slug, "title": p.title, "leetcode": p.leetcode, "forms": list(p.forms),
             "not_applicable": p.not_applicable, "solved": p.slug == "unique-paths"}
            for p in registry.all_problems().values()]
    longest = max(len(row["slug"]) for row in rows)
    for width in (120, 100, 80, 60, longest + 2):
        text = _render(views.list_view(rows, width), width)
        words = set(re.findall(r"[a-z0-9][a-z0-9-]+[a-z0-9]", text))
        assert all(row["slug"] in words for row in rows), f"a name is cut at {width} columns:\n{text}"
        assert "…" not in text and text.count("✓") == 1  # the solved column stays too
    wide = _render(views.list_view(rows, 120), 120)
    assert "no 1d: interval DP" in wide and "bitset-numba" in wide  # the forms, and what does not apply
    assert "2d, 1d, memo, numba" in _render(views.list_view(rows, 80), 80)  # a default terminal keeps the forms


def test_follow_ups_come_from_the_spec():
    problem = registry.get("interleaving-string")
    text = " ".join(_render(follow_ups(problem, None)).split())
    assert "1. What is the state, and what is the recurrence?" in text
    assert "2. How do you get from 2-D to 1-D memory?" in text and "3. Top-down or bottom-up?" in text
    assert "4. What are the time and memory of your solution" in text and "1d O(mn) O(n)" in text
