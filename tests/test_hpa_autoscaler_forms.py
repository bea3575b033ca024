"""The HPA forms agree exactly with each other and with a slow naive controller, on generated
inputs and on long family streams; the strategies reach the rules; families, the array entry
and the checker do what the spec says. The canonical cases are checked in test_conformance."""

from __future__ import annotations

import inspect
import random

import numpy as np
import pytest
from hypothesis import given, settings

from problems import hpa_autoscaler as problem
from solutions import hpa_autoscaler as ref
from tests.naive.hpa_autoscaler import simulate_naive


@settings(max_examples=300)
@given(problem.inputs())
def test_python_and_numba_agree_exactly(inp):
    assert ref.simulate_numba(inp["loads"], inp["config"]) == ref.simulate_python(inp["loads"], inp["config"])


@settings(max_examples=300)
@given(problem.inputs(max_syncs=25))
def test_forms_agree_with_the_naive_controller(inp):
    expected = simulate_naive(inp["loads"], inp["config"])
    for name, form in ref.FORMS.items():
        assert problem.check(inp, expected, form(inp["loads"], inp["config"])) is None, name


@pytest.mark.parametrize("name", sorted(problem.FAMILIES))
def test_forms_agree_on_a_long_family_stream(name):
    inp = problem.FAMILIES[name](6000, random.Random(7))
    got = ref.simulate_python(inp["loads"], inp["config"])
    assert ref.simulate_numba(inp["loads"], inp["config"]) == got == simulate_naive(inp["loads"], inp["config"])
    assert len(set(got)) > 10, "the family should move the fleet"


def test_the_array_entry_returns_int64_and_checks_its_shape():
    config = problem.EXAMPLE["config"]
    out = ref.run_arrays(np.array([300, 900, 0]), config)
    assert out.dtype == np.int64 and out.tolist() == ref.simulate_python([300, 900, 0], config)
    with pytest.raises(ValueError, match="1-D array"):
        ref.run_arrays(np.zeros((2, 2)), config)


def test_an_event_overwritten_in_its_own_list_is_gone_from_the_other_directions_period():
    """The cross-direction detail of storeScaleEvent, beside the canonical case: the second +1
    takes the first's slot once it is older than the up policies' longest period (15 s)."""
    config = {"initial_replicas": 4, "min_replicas": 1, "max_replicas": 10, "target": 1,
              "behavior": {"scaleUp": {"policies": [{"type": "Pods", "value": 1, "periodSeconds": 15}]},
                           "scaleDown": {"stabilizationWindowSeconds": 0,
                                         "policies": [{"type": "Pods", "value": 1, "periodSeconds": 600}]}}}
    controller = ref.HpaController(config)
    assert [controller.step(load) for load in (40, 50, 60)] == [5, 6, 7]
    assert [[change, t] for change, t, _ in controller.ups] == [[1, 30], [1, 15]]
    assert controller.step(0) == 4  # start 7 - (1 + 1) = 5, less 1; with all three events it would be 3


def test_inputs_are_valid_and_reach_the_rules():
    seen = []

    @settings(max_examples=400)
    @given(problem.inputs())
    def draw(inp):
        problem.validate(inp)
        config = inp["config"]
        got = ref.simulate_python(inp["loads"], config)
        steps = list(zip([config["initial_replicas"]] + got, got))
        seen.append((any(b > a for a, b in steps), any(b < a for a, b in steps),
                     not config["min_replicas"] <= config["initial_replicas"] <= config["max_replicas"],
                     any("policies" in rules for rules in config["behavior"].values()), len(inp["loads"]) > 12))

    draw()
    shares = [sum(s[k] for s in seen) / len(seen) for k in range(5)]
    up, down, outside, policies, long = shares
    assert up > 0.3 and down > 0.15 and outside > 0.05 and policies > 0.3 and long > 0.05, shares


@pytest.mark.parametrize("name", sorted(problem.FAMILIES))
def test_families_are_valid_documented_and_deterministic(name):
    family = problem.FAMILIES[name]
    assert inspect.getdoc(family)
    inp = family(500, random.Random(3))
    problem.validate(inp)
    assert len(inp["loads"]) == 500 and inp == family(500, random.Random(3))


def test_check_names_the_first_sync_that_differs():
    inp = {"loads": [1, 2, 3], "config": problem.EXAMPLE["config"]}
    assert problem.check(inp, [2, 3, 3], [2, 3, 3]) is None
    assert problem.check(inp, [2, 3, 3], [2, 4, 3]) == "sync 1: 4 replicas, expected 3 (after 2 at sync 0)"
    assert problem.check(inp, [2, 3, 3], [2, 3]) == "returned 2 replica counts, expected 3 (one per sync)"
    assert "int" in problem.check(inp, [2], [2.0])
