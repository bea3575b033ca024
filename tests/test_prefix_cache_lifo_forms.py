"""prefix-cache-lifo: its forms agree with the naive model's order (uncached freed blocks
to the front, cached ones to the tail) on every value, error and observation, keep the
invariants, and run_stream agrees with the python form; the rules that differ from
prefix-cache each have a test."""

from __future__ import annotations

import random
from functools import partial

import pytest
from hypothesis import HealthCheck, given, settings

from problems import prefix_cache_lifo as problem
from solutions import prefix_cache as fifo
from solutions import prefix_cache_lifo as ref
from tests.naive.prefix_cache import NaivePrefixCache
from tests.test_prefix_cache_forms import batch, check_invariants, check_numba_state, codes, replay

NAIVE = partial(NaivePrefixCache, reuse="lifo")
FORMS = pytest.mark.parametrize("form", ["python", "numba", "naive"])


def make(form: str, *init):
    return NAIVE(*init) if form == "naive" else ref.FORMS[form](*init)


def agree(case: dict) -> None:
    expected = replay(NAIVE, case)
    assert replay(ref.FORMS["python"], case, check_invariants) == expected
    assert replay(ref.FORMS["numba"], case, check_numba_state) == expected
    lifo = {"init": case["init"] + ["lifo"], "ops": case["ops"]}
    assert ref.run_stream(case["init"], ref.encode(case["ops"])[0]).tolist() == codes(lifo)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem.inputs())
def test_forms_agree_with_the_naive_model_and_keep_the_invariants(case):
    problem.validate(case)
    agree(case)


@pytest.mark.parametrize("family", sorted(problem.FAMILIES))
def test_the_batch_entry_agrees_with_python_on_the_families(family):
    case = problem.FAMILIES[family](3000, random.Random(5))
    lifo = {"init": case["init"] + ["lifo"], "ops": case["ops"]}
    assert batch(lifo) == codes(lifo)
    assert replay(ref.FORMS["numba"], {"init": case["init"], "ops": case["ops"][:400]}) == replay(
        ref.FORMS["python"], {"init": case["init"], "ops": case["ops"][:400]})


# -- the rules that differ --------------------------------------------------------------------


@FORMS
def test_an_uncached_last_block_goes_to_the_front_cached_ones_to_the_tail(form):
    a = make(form, 6, 2)
    assert a.allocate(0, [1, 2, 3, 4, 5]) == ([0, 1, 2], 0)
    a.free(0)  # the queue: [2, 3, 4, 5, 1, 0]
    assert a.allocate(1, [9]) == ([2], 0)
    assert a.allocate(2, [1, 2, 3, 4, 7]) == ([0, 1, 3], 4)


@FORMS
def test_a_first_writer_wins_duplicate_goes_to_the_front(form):
    a = make(form, 6, 2)
    a.allocate(0, [1, 2])  # block 0 holds the key
    a.allocate(1, [1, 2])  # block 1 is full, but its key is 0's
    a.free(1)
    a.free(0)
    assert a.allocate(2, [7]) == ([1], 0)
    assert a.allocate(3, [1, 2, 3]) == ([0, 2], 2)


@FORMS
def test_uncached_blocks_of_the_later_free_come_first(form):
    a = make(form, 8, 2)
    a.allocate(0, [1, 1, 1])  # [0, 1]: 0 cached, 1 not
    a.allocate(1, [2, 2, 2])  # [2, 3]
    a.free(0)
    a.free(1)  # the queue: [3, 1, 4, 5, 6, 7, 0, 2]
    assert a.allocate(2, [5, 5, 5, 5, 5]) == ([3, 1, 4], 0)


def test_the_constructor_option_names_the_orders():
    for cls in (fifo.PrefixCachingAllocator, fifo.PrefixCachingAllocatorNumba, NaivePrefixCache):
        with pytest.raises(ValueError):
            cls(4, 2, "random")
    with pytest.raises(ValueError, match="'fifo'.*'lifo'"):
        fifo.run_stream([4, 2, "mru"], fifo.encode([])[0])
