"""The canary guardrail's forms agree exactly with each other and with a slow naive version, on
generated inputs and on long rollouts; the strategies reach every reason; the checker accepts
either side of a float tie at an SPRT boundary and nothing else. The canonical cases are
checked in test_conformance."""

from __future__ import annotations

import collections
import inspect
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings

from problems import canary_guardrail as problem
from solutions import canary_guardrail as ref
from tests.naive.canary_guardrail import simulate_naive


@settings(max_examples=400)
@given(problem.inputs())
def test_python_and_numba_agree_exactly(inp):
    assert ref.simulate_numba(inp["intervals"], inp["config"]) == ref.simulate_python(inp["intervals"], inp["config"])


@settings(max_examples=300)
@given(problem.inputs())
def test_forms_agree_with_the_naive_guardrail(inp):
    expected = simulate_naive(inp["intervals"], inp["config"])
    for name, form in ref.FORMS.items():
        assert form(inp["intervals"], inp["config"]) == expected, name


@pytest.mark.parametrize("name", sorted(problem.FAMILIES))
def test_forms_agree_on_a_long_rollout(name):
    inp = problem.FAMILIES[name](3000, random.Random(7))
    got = ref.simulate_python(inp["intervals"], inp["config"])
    assert ref.simulate_numba(inp["intervals"], inp["config"]) == got == simulate_naive(inp["intervals"], inp["config"])


def test_the_jitted_increment_is_the_python_update():
    guard = ref.Guardrail({**problem.FAMILY_CONFIG, "min_samples": 10**9})
    guard.step([1000, 12, 50, 3, 0])
    assert ref.llr_increment(12, 1000, 0.01, 50, 3) == guard.llr


def test_the_boundaries_are_walds():
    upper, lower = ref.boundaries(0.05, 0.2)
    assert upper == math.log(16) and lower == math.log(0.2 / 0.95)


def test_inputs_are_valid_and_reach_every_reason():
    reasons = collections.Counter()

    @settings(max_examples=400)
    @given(problem.inputs())
    def draw(inp):
        problem.validate(inp)
        reasons[ref.simulate_python(inp["intervals"], inp["config"])[1]] += 1

    draw()
    total = sum(reasons.values())
    assert all(reasons[r] / total > 0.05 for r in ref.REASONS), reasons


@pytest.mark.parametrize("name", sorted(problem.FAMILIES))
def test_families_are_valid_documented_and_deterministic(name):
    family = problem.FAMILIES[name]
    assert inspect.getdoc(family)
    inp = family(300, random.Random(3))
    problem.validate(inp)
    assert len(inp["intervals"]) == 300 and inp == family(300, random.Random(3))


def test_the_checker_accepts_either_side_of_a_tie_at_a_boundary_only():
    # Two clean requests at p0 = 1/2, p1 = 3/4: Λ = 2 ln(1/2), exactly B = ln(1/4).
    inp = {"intervals": [[0, 0, 2, 0, 0], [0, 0, 8, 8, 0]],
           "config": {"alpha": 0.2, "beta": 0.2, "mde": 0.5, "min_samples": 0, "max_slow_percent": 100}}
    expected = ref.simulate_python(inp["intervals"], inp["config"])
    assert expected == [-1, "none"]
    assert problem.check(inp, expected, [1, "sprt"]) is None  # "<" instead of "<=": within the margin
    assert problem.check(inp, expected, [0, "sprt"]) == "rolled back at interval 0 (sprt); expected no rollback"
    assert "reason one of" in problem.check(inp, expected, [1, "SPRT"])
    assert "reason one of" in problem.check(inp, expected, (1, "sprt"))


def test_the_array_entry_checks_its_shape():
    with pytest.raises(ValueError, match=r"\(n, 5\)"):
        ref.run_arrays(np.zeros((3, 4)), problem.EXAMPLE["config"])
