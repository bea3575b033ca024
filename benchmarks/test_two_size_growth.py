"""The two-size fit t ≈ c·m^a·n^b reads the table's shape: the 2-D Interleaving String
table fills (|s1|+1)·(|s2|+1) cells, so a and b should each come out near 1.

An exponent is a ratio of times taken in one run, so the bar holds on any machine that
is not changing speed mid-run; tests/test_bench.py checks only the JSON's shape, because
a loaded two-core CI run once fitted 1.59 at sizes 128..512.
"""

from __future__ import annotations

import pytest

from judge.model import registry
from judge.profiling.profile import ProfileOptions, profile_submission

PROBLEMS = ("interleaving-string",)
BAND = 0.25  # each exponent within 1 ± BAND


def test_two_size_fit_reads_a_table_of_m_by_n_cells(benchmark, pytestconfig):
    disabled = pytestconfig.getoption("benchmark_disable")
    sizes = (32, 64, 128) if disabled else (256, 512, 1024, 2048)  # the smoke run checks the wiring only
    problem = registry.get("interleaving-string")
    options = ProfileOptions(families=("dense",), forms=("2d",), sizes=sizes, call_budget_s=2.0,
                             target_s=0.3, min_repeats=5, deadline_s=300.0, two_size=True)
    fit = benchmark.pedantic(profile_submission, args=(problem, None, options), rounds=1, iterations=1)
    if disabled:
        return
    two = fit.two_size["dense"]["2d"]
    benchmark.extra_info.update(a=two.a, b=two.b, points=[list(point) for point in two.points])
    assert two.a == pytest.approx(1.0, abs=BAND), f"a = {two.a:.2f} over |s1|, points {two.points}"
    assert two.b == pytest.approx(1.0, abs=BAND), f"b = {two.b:.2f} over |s2|, points {two.points}"
