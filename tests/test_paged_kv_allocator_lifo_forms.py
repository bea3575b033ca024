"""paged-kv-allocator-lifo: its forms agree with the naive model's LIFO order on every value,
error and observation, keep the invariants, and run_stream agrees with the python form id
by id; the rules that differ from paged-kv-allocator each have a test."""

from __future__ import annotations

import random
from functools import partial

import pytest
from hypothesis import given, settings

from problems import paged_kv_allocator_lifo as problem
from solutions import paged_kv_allocator as fifo
from solutions import paged_kv_allocator_lifo as ref
from tests.naive.paged_kv_allocator import NaiveBlockAllocator
from tests.test_paged_kv_allocator_forms import call, check_numba, check_python, plain, python_results

CLASSES = {**ref.FORMS, "naive": partial(NaiveBlockAllocator, reuse="lifo")}
ALL_CLASSES = pytest.mark.parametrize("cls", list(CLASSES.values()), ids=list(CLASSES))


def run_all(case: dict, check: bool = True) -> None:
    """Replay ``case`` on every class; they agree at each step, on the value or error and on
    the observations, and the reference forms keep the invariants."""
    objs = {name: cls(*case["init"]) for name, cls in CLASSES.items()}
    history = []
    for name, args in case["ops"]:
        results = {k: call(o, name, args) for k, o in objs.items()}
        assert len(set(map(repr, results.values()))) == 1, (name, args, results)
        outcome = results["python"]
        history.append((name, list(args), ["ok", outcome[1]] if outcome[0] == "ok" else ["raise", outcome[1]]))
        for o_name, o_args in problem.observations(history):
            seen = {k: call(o, o_name, o_args) for k, o in objs.items()}
            assert len(set(map(repr, seen.values()))) == 1, (name, args, o_name, o_args, seen)
        if check:
            check_python(objs["python"])
            check_numba(objs["numba"])


@settings(max_examples=300)
@given(problem.inputs())
def test_forms_and_naive_agree_and_keep_the_invariants(case):
    problem.validate(case)
    run_all(case)


@pytest.mark.parametrize("family", sorted(problem.FAMILIES))
def test_families_agree_at_a_few_hundred_calls(family):
    run_all(problem.FAMILIES[family](300, random.Random(7)), check=family == "pressure")


@settings(max_examples=200)
@given(problem.inputs())
def test_batch_entry_equals_the_python_form_id_by_id(case):
    got = ref.run_stream(case["init"], ref.encode(case["ops"]))
    assert got.tolist() == python_results(case["init"] + ["lifo"], case["ops"]).tolist()


@pytest.mark.parametrize("family", sorted(problem.FAMILIES))
def test_batch_entry_equals_the_python_form_on_families(family):
    case = problem.FAMILIES[family](4000, random.Random(11))
    init = case["init"] + ["lifo"]
    assert fifo.run_stream(init, fifo.encode(case["ops"])).tolist() == python_results(init, case["ops"]).tolist()


# -- the rules that differ --------------------------------------------------------------------


@ALL_CLASSES
def test_free_puts_the_released_blocks_in_front_last_block_first(cls):
    a = cls(6, 2)
    a.allocate(0, 5)  # [0, 1, 2]
    a.free(0)
    assert a.allocate(1, 12) == [2, 1, 0, 3, 4, 5]


@ALL_CLASSES
def test_the_later_free_comes_first(cls):
    a = cls(8, 1)
    a.allocate(0, 2)
    a.allocate(1, 2)
    a.free(0)
    a.free(1)
    assert a.allocate(2, 5) == [3, 2, 1, 0, 4]


@ALL_CLASSES
def test_a_shared_free_puts_only_the_released_suffix_in_front(cls):
    a = cls(6, 2)
    a.allocate(0, 6)  # [0, 1, 2]
    a.fork(0, 1)
    assert plain(a.append(1, 2)) == [[3], []]
    a.free(1)  # only block 3 reaches refcount 0
    assert a.num_free() == 3 and a.allocate(2, 2) == [3]


@ALL_CLASSES
def test_copy_on_write_takes_the_dst_from_the_front(cls):
    a = cls(6, 2)
    a.allocate(0, 3)  # [0, 1]
    a.allocate(1, 4)  # [2, 3]
    a.free(1)  # the queue is [3, 2, 4, 5]
    a.fork(0, 2)
    assert plain(a.append(2, 1)) == [[3], [[1, 3]]]


def test_the_constructor_option_names_the_orders():
    for cls in (fifo.BlockAllocator, fifo.NumbaBlockAllocator, NaiveBlockAllocator):
        with pytest.raises(ValueError):
            cls(4, 2, "random")
    assert fifo.BlockAllocator(4, 2).reuse == fifo.NumbaBlockAllocator(4, 2).reuse == "fifo"
    with pytest.raises(ValueError, match="'fifo'.*'lifo'"):
        fifo.run_stream([4, 2, "mru"], fifo.encode([]))
