"""What the profile reads from growth, asserted on the Interleaving String references.

- The gaps its findings name: on dense inputs the memo visits every state at several
  times a cell's cost, so the rolling row beats it; on random inputs it visits a sliver
  of the states and beats the full table.
- The growth exponents: quadratic for the 2-D and 1-D forms.
- The two-size fit t ≈ c·m^a·n^b: the 2-D table fills (|s1|+1)·(|s2|+1) cells, so a and
  b should each come out near 1.

Each is a ratio of times taken in one run, so the bars hold on any machine that does not
change speed mid-run. tests/ checks only the shapes of these results: a loaded two-core
CI run once fitted a = 1.59 at sizes 128..512.
"""

from __future__ import annotations

import pytest

from judge.model import registry
from judge.profiling.profile import ProfileOptions, profile_submission

PROBLEMS = ("interleaving-string",)
BAND = 0.25  # each two-size exponent within 1 ± BAND


def _at(form_profile, n):
    return form_profile.seconds[form_profile.sizes.index(n)]


def test_the_memo_flips_between_families_and_the_tables_grow_quadratically(benchmark, pytestconfig):
    disabled = pytestconfig.getoption("benchmark_disable")
    sizes = (32, 64) if disabled else (128, 256, 512)
    options = ProfileOptions(forms=("2d", "1d", "memo"), sizes=sizes, call_budget_s=1.0, target_s=0.2,
                             min_repeats=5, deadline_s=300.0)
    profile = benchmark.pedantic(profile_submission, args=(registry.get("interleaving-string"), None, options),
                                 rounds=1, iterations=1)
    dense, rand = profile.families["dense"], profile.families["random"]
    n = sizes[-1]
    ratios = {"dense memo / 1d": _at(dense["memo"], n) / _at(dense["1d"], n),
              "random 2d / memo": _at(rand["2d"], n) / _at(rand["memo"], n)}
    exponents = {form: dense[form].exponent for form in ("2d", "1d")}
    benchmark.extra_info.update(n=n, ratios=ratios, exponents=exponents)
    if disabled:
        return
    assert ratios["dense memo / 1d"] > 1, ratios
    assert ratios["random 2d / memo"] > 1, ratios
    for form, k in exponents.items():
        assert 1.7 < k < 2.5, f"{form} grew as n^{k:.2f} on dense inputs"


def test_two_size_fit_reads_a_table_of_m_by_n_cells(benchmark, pytestconfig):
    disabled = pytestconfig.getoption("benchmark_disable")
    sizes = (32, 64, 128) if disabled else (256, 512, 1024, 2048)
    options = ProfileOptions(families=("dense",), forms=("2d",), sizes=sizes, call_budget_s=2.0,
                             target_s=0.3, min_repeats=5, deadline_s=300.0, two_size=True)
    profile = benchmark.pedantic(profile_submission, args=(registry.get("interleaving-string"), None, options),
                                 rounds=1, iterations=1)
    if disabled:
        return
    two = profile.two_size["dense"]["2d"]
    benchmark.extra_info.update(a=two.a, b=two.b, points=[list(point) for point in two.points])
    assert two.a == pytest.approx(1.0, abs=BAND), f"a = {two.a:.2f} over |s1|, points {two.points}"
    assert two.b == pytest.approx(1.0, abs=BAND), f"b = {two.b:.2f} over |s2|, points {two.points}"
