"""Issue 13's speed bars for the quantisation problems, as ratios measured in one run.

At each profile's largest size (n = 1024): weight-quantization's numba form at least 20× its
Python loops and 1.5× its numpy form, on both families; gptq's numba form at least 1.5× its
numpy form. The two fast forms are timed in interleaved pairs (numpy, numba, numpy, ...) and
the bar is on the median of the pairs' ratios, so a neighbour's load that comes and goes
moves both sides of a pair alike; the Python loops take seconds a call, so one call, against
the numba form's median. Absolute figures go into extra_info for orientation.

On a shared machine, run with OPENBLAS_NUM_THREADS=1: GPTQ's factorisations and products run
in BLAS for both forms, and a multithreaded BLAS that waits for a busy core swings either form
by 2-3× from call to call.
"""

from __future__ import annotations

import random

import pytest
from pairs import paired, seconds

from judge.model import registry

PROBLEMS = ("weight-quantization", "gptq")
PAIRS = 7
SEED = 20261127


@pytest.mark.problems("weight-quantization")
@pytest.mark.parametrize("family", ["square", "wide"])
def test_weight_quantization_numba_clears_its_bars(benchmark, family, pytestconfig):
    problem = registry.get("weight-quantization")
    disabled = pytestconfig.getoption("benchmark_disable")
    n = problem.profile_sizes[0] if disabled else problem.profile_sizes[-1]  # smoke: the wiring only
    inp = problem.families[family](n, random.Random(SEED))
    forms = {name: problem.runner(form) for name, form in problem.forms.items()}
    vs_numpy, numba_s, numpy_s = paired(forms["numba"], forms["numpy"], inp, 3 if disabled else PAIRS)
    python_s = seconds(forms["python"], inp)
    vs_python = python_s / numba_s
    values = len(inp["w"]) * len(inp["w"][0])
    benchmark.group = f"weight-quantization targets {family} n={n}"
    benchmark.extra_info.update(family=family, n=n, numba_vs_numpy=vs_numpy, numba_vs_python=vs_python,
                                ns_per_weight={"python": python_s / values * 1e9, "numpy": numpy_s / values * 1e9,
                                               "numba": numba_s / values * 1e9})
    benchmark.pedantic(forms["numba"], args=(inp,), rounds=10, iterations=1, warmup_rounds=1)
    if not disabled:
        assert vs_python >= 20, f"numba is only {vs_python:.1f}x the python form at n={n} ({family})"
        assert vs_numpy >= 1.5, f"numba is only {vs_numpy:.2f}x the numpy form at n={n} ({family})"


@pytest.mark.problems("gptq")
def test_gptq_numba_clears_its_bar(benchmark, pytestconfig):
    problem = registry.get("gptq")
    disabled = pytestconfig.getoption("benchmark_disable")
    n = problem.profile_sizes[0] if disabled else problem.profile_sizes[-1]
    inp = problem.families["layer"](n, random.Random(SEED))
    numpy_form, numba_form = (problem.runner(problem.forms[name]) for name in ("numpy", "numba"))
    vs_numpy, numba_s, numpy_s = paired(numba_form, numpy_form, inp, 3 if disabled else PAIRS)
    benchmark.group = f"gptq targets layer n={n}"
    benchmark.extra_info.update(n=n, numba_vs_numpy=vs_numpy, numpy_s=numpy_s, numba_s=numba_s)
    benchmark.pedantic(numba_form, args=(inp,), rounds=5, iterations=1, warmup_rounds=1)
    if not disabled:
        assert vs_numpy >= 1.5, f"numba is only {vs_numpy:.2f}x the numpy form at n={n}"
