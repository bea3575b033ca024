"""The KPA forms agree exactly with each other and with a slow naive autoscaler that keeps its
pods as a list, on generated inputs and on long family streams; the strategies reach panic
mode, scale to zero and activation; families, the array entry and the checker do what the
spec says. The canonical cases are checked in test_conformance."""

from __future__ import annotations

import inspect
import random

import numpy as np
import pytest
from hypothesis import given, settings

from problems import kpa_autoscaler as problem
from solutions import kpa_autoscaler as ref
from tests.naive.kpa_autoscaler import simulate_naive


@settings(max_examples=300)
@given(problem.inputs())
def test_python_and_numba_agree_exactly(inp):
    samples, config = inp["concurrency"], inp["config"]
    assert ref.simulate_numba(samples, config) == ref.simulate_python(samples, config)


@settings(max_examples=300)
@given(problem.inputs(max_seconds=60))
def test_forms_agree_with_the_naive_autoscaler(inp):
    expected = simulate_naive(inp["concurrency"], inp["config"])
    for name, form in ref.FORMS.items():
        assert problem.check(inp, expected, form(inp["concurrency"], inp["config"])) is None, name


@pytest.mark.parametrize("name", sorted(problem.FAMILIES))
def test_forms_agree_on_a_long_family_stream(name):
    inp = problem.FAMILIES[name](20_000, random.Random(7))
    got = ref.simulate_python(inp["concurrency"], inp["config"])
    assert ref.simulate_numba(inp["concurrency"], inp["config"]) == got
    assert got == simulate_naive(inp["concurrency"], inp["config"])
    assert (0 in got) == (name == "sparse"), "only the sparse family scales to zero"


def test_go_round_halves_away_from_zero_unlike_python_round():
    assert ref.go_round(2.5) == 3.0 and round(2.5) == 2
    assert ref.go_round(0.49999999999999994) == 0.0 and ref.go_round(1e15 + 0.5) == 1e15 + 1
    assert ref.window_average(2.0, 3) == 0.666667


def test_the_panic_window_rounds_half_up_to_whole_seconds():
    assert ref.settings({"stable_window": 60})["panic_window"] == 6
    assert ref.settings({"stable_window": 15, "panic_window_percentage": 10})["panic_window"] == 2  # 1.5 s
    assert ref.settings({"stable_window": 6, "panic_window_percentage": 1})["panic_window"] == 1  # 0.06 s -> 1


def test_the_array_entry_returns_int64_and_checks_its_shape():
    config = problem.EXAMPLE["config"]
    out = ref.run_arrays(np.array([0, 40, 200]), config)
    assert out.dtype == np.int64 and out.tolist() == ref.simulate_python([0, 40, 200], config)
    with pytest.raises(ValueError, match="1-D array"):
        ref.run_arrays(np.zeros((2, 2)), config)


def test_inputs_are_valid_and_reach_panic_zero_and_activation():
    seen = []

    @settings(max_examples=400)
    @given(problem.inputs())
    def draw(inp):
        problem.validate(inp)
        controller = ref.KpaController(inp["config"])
        panicked = False
        got = []
        for c in inp["concurrency"]:
            got.append(controller.step(c))
            panicked |= controller.panic_since is not None and controller.k > 1
        zero = any(a > 0 and b == 0 for a, b in zip([inp["config"]["initial_scale"]] + got, got))
        woke = any(a == 0 and b > 0 for a, b in zip([inp["config"]["initial_scale"]] + got, got))
        seen.append((panicked, zero, woke))

    draw()
    panicked, zero, woke = (sum(s[k] for s in seen) / len(seen) for k in range(3))
    assert panicked > 0.3 and zero > 0.08 and woke > 0.1, (panicked, zero, woke)


@pytest.mark.parametrize("name", sorted(problem.FAMILIES))
def test_families_are_valid_documented_and_deterministic(name):
    family = problem.FAMILIES[name]
    assert inspect.getdoc(family)
    inp = family(2000, random.Random(3))
    problem.validate(inp)
    assert len(inp["concurrency"]) == 2000 and inp == family(2000, random.Random(3))


def test_check_names_the_first_second_that_differs():
    inp = {"concurrency": [1, 2], "config": problem.EXAMPLE["config"]}
    assert problem.check(inp, [1, 1], [1, 1]) is None
    assert problem.check(inp, [1, 1], [1, 0]) == "second 1: 0 pods, expected 1 (after 1 at second 0)"
    assert problem.check(inp, [1, 1], [1, 2]) == "second 1: 2 pods, expected 1 (after 1 at second 0)"
    assert problem.check(inp, [1], [True]) == "second 0: bool True, expected int 1"
