"""Issue 14's speed bars for kd-loss and nm-sparsity, as ratios measured in one run.

At each profile's largest size (kd-loss n = 512, nm-sparsity n = 1024), on every family: the
numba form at least 20x its Python form, and within 2x of the numpy form or faster (numpy's
time at least half of numba's). The two fast forms are timed in interleaved pairs (numpy,
numba, numpy, ...) and the bar is on the median of the pairs' ratios, so a neighbour's load
that comes and goes moves both sides of a pair alike; the Python form takes up to seconds a
call, so one call, against the numba form's median. Absolute figures go into extra_info.
"""

from __future__ import annotations

import random

import pytest
from pairs import paired, seconds

from judge.model import registry

PROBLEMS = ("kd-loss", "nm-sparsity")
PAIRS = 7
SEED = 20261202
POINTS = [("kd-loss", "square"), ("kd-loss", "wide"), ("nm-sparsity", "2:4"), ("nm-sparsity", "unstructured"),
          ("nm-sparsity", "rows")]


@pytest.mark.parametrize("slug, family", [pytest.param(*p, marks=pytest.mark.problems(p[0])) for p in POINTS],
                         ids=[f"{s}-{f}" for s, f in POINTS])
def test_numba_clears_its_bars(benchmark, slug, family, pytestconfig):
    problem = registry.get(slug)
    disabled = pytestconfig.getoption("benchmark_disable")
    n = problem.profile_sizes[0] if disabled else problem.profile_sizes[-1]  # smoke: the wiring only
    inp = problem.families[family](n, random.Random(SEED))
    forms = {name: problem.runner(form) for name, form in problem.forms.items()}
    numpy_vs_numba, numba_s, numpy_s = paired(forms["numba"], forms["numpy"], inp, 3 if disabled else PAIRS)
    python_s = seconds(forms["python"], inp)
    vs_python = python_s / numba_s
    benchmark.group = f"{slug} targets {family} n={n}"
    benchmark.extra_info.update(family=family, n=n, numba_vs_python=vs_python, numba_vs_numpy=numpy_vs_numba,
                                ms={"python": python_s * 1e3, "numpy": numpy_s * 1e3, "numba": numba_s * 1e3})
    benchmark.pedantic(forms["numba"], args=(inp,), rounds=10, iterations=1, warmup_rounds=1)
    if not disabled:
        assert vs_python >= 20, f"numba is only {vs_python:.1f}x the python form at n={n} ({slug}, {family})"
        assert numpy_vs_numba >= 0.5, (f"numba takes {1 / numpy_vs_numba:.2f}x the numpy form's time at n={n} "
                                       f"({slug}, {family}); the bar is 2x")
