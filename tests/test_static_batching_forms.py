"""Static batching: each exact rule of the spec holds on a hand-computed case, and the
problem package is sound. The checks it shares with dynamic batching (the forms agree bit
for bit, with a slow model, on the canonical cases and with the JIT off) are in
test_request_batching_forms.py."""

import random

import pytest
from hypothesis import given, settings

from problems import static_batching as problem
from solutions import static_batching as ref

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)

# Costs of 1/4, 1/16 and 1/64 s: every duration below is exact in binary.
C = {"num_blocks": 64, "block_size": 4, "c0": 0.25, "c1": 0.0625, "c2": 0.015625, "max_batch_size": 4}


def config(**changes):
    return {**C, **changes}


def step(tokens, ctx, c=C):
    return c["c0"] + c["c1"] * tokens + c["c2"] * ctx


# -- the exact rules, one hand-computed case each -----------------------------------------------


@FORMS
def test_prefill_is_padded_and_emits_the_first_token(form):
    # n = 2, max P = 9: tokens = ctx = 18, not 1 + 9.
    got = ref.FORMS[form]([[0.0, 1, 1], [0.0, 9, 1]], C)
    assert got == [[step(18, 18), step(18, 18), 0]] * 2


@FORMS
def test_decode_is_padded_and_finished_sequences_stay(form):
    # O = 1 and 3: the k-th decode has tokens = 2 and ctx = 2 * (2 + k).
    t1 = step(4, 4)
    t2 = t1 + step(2, 6)
    t3 = t2 + step(2, 8)
    assert ref.FORMS[form]([[0.0, 2, 1], [0.0, 2, 3]], C) == [[t1, t1, 0], [t1, t3, 0]]


@FORMS
def test_duration_is_grouped_left_to_right(form):
    c = config(c0=0.1, c1=0.2, c2=0.3)
    expected = 0.0 + ((0.1 + 0.2 * 3) + 0.3 * 3)
    assert ref.FORMS[form]([[0.0, 3, 1]], c) == [[expected, expected, 0]]


@FORMS
def test_rejection_boundary(form):
    # block_size 4, 2 blocks: P + O - 1 = 8 fits, 9 does not.
    c = config(num_blocks=2)
    got = ref.FORMS[form]([[0.0, 5, 4], [0.0, 6, 4]], c)
    assert got[1] == [None, None, 0] and got[0][0] is not None


@FORMS
def test_fifo_stops_at_the_first_request_that_does_not_fit(form):
    # 4 blocks of 2: needs 2, 4, 1. The first batch is {0} alone; 2 may not jump past 1.
    c = config(num_blocks=4, block_size=2)
    got = ref.FORMS[form]([[0.0, 4, 1], [0.0, 8, 1], [0.0, 1, 1]], c)
    t0 = step(4, 4)
    t1 = t0 + step(8, 8)
    assert got == [[t0, t0, 0], [t1, t1, 0], [t1 + step(1, 1), t1 + step(1, 1), 0]]


@FORMS
def test_nobody_joins_mid_batch(form):
    got = ref.FORMS[form]([[0.0, 2, 2], [0.25, 1, 1]], C)
    end = step(2, 2) + step(1, 3)
    assert got[1] == [end + step(1, 1), end + step(1, 1), 0]


@FORMS
def test_ties_break_by_index_not_list_position(form):
    # Both arrive at 1.0 after request 1 (at 0.0); batch size 1, so order decides.
    got = ref.FORMS[form]([[1.0, 1, 1], [0.0, 1, 1], [1.0, 1, 1]], config(max_batch_size=1))
    one = step(1, 1)
    assert got == [[1.0 + one, 1.0 + one, 0], [one, one, 0], [1.0 + 2 * one, 1.0 + 2 * one, 0]]


@FORMS
def test_max_batch_size_caps_a_burst(form):
    got = ref.FORMS[form]([[0.0, 1, 1]] * 3, config(max_batch_size=2))
    a = step(2, 2)
    assert got == [[a, a, 0], [a, a, 0], [a + step(1, 1), a + step(1, 1), 0]]


@FORMS
def test_idle_engine_jumps_to_the_next_arrival(form):
    got = ref.FORMS[form]([[0.0, 1, 1], [100.0, 1, 1]], C)
    assert got[1] == [100.0 + step(1, 1)] * 2 + [0]


def test_static_is_dynamic_with_zero_wait():
    from solutions import dynamic_batching

    rng = random.Random(3)
    inp = problem.FAMILIES["alpaca"](300, rng)
    assert dynamic_batching.numba(inp["requests"], {**inp["config"], "max_wait": 0.0}) == ref.numba(**inp)


# -- strategies, families, validation, checker ---------------------------------------------------


def test_inputs_are_valid_and_reach_the_interesting_cases():
    seen = {"rejected": 0, "memory-stopped": 0, "ties": 0, "unsorted": 0, "empty": 0}

    @settings(max_examples=300)
    @given(problem.inputs())
    def look(inp):
        problem.validate(inp)
        reqs, cfg = inp["requests"], inp["config"]
        got = ref.python(reqs, cfg)
        seen["rejected"] += any(r[0] is None for r in got)
        seen["empty"] += not reqs
        times = [r[0] for r in reqs]
        seen["ties"] += len(set(times)) < len(times)
        seen["unsorted"] += times != sorted(times)
        _, trace = ref.simulate_with_trace(reqs, cfg, "python")
        seen["memory-stopped"] += any(row["seqs"] < cfg["max_batch_size"] and row["free_blocks"] < 4
                                      for row in trace)

    look()
    assert all(seen.values()), seen


@pytest.mark.parametrize("name", sorted(problem.FAMILIES))
def test_families_are_valid_and_documented(name):
    family = problem.FAMILIES[name]
    assert family.__doc__
    inp = family(200, random.Random(0))
    problem.validate(inp)
    assert len(inp["requests"]) == 200
    assert inp == family(200, random.Random(0))
    assert all(r[0] is not None for r in ref.numba(**inp))


def test_check_tolerates_rounding_and_names_the_first_difference():
    inp = {"requests": [[0.0, 2, 1], [0.5, 3, 2], [9.0, 99, 1]], "config": C}
    want = [[1.0, 1.0, 0], [2.0, 3.0, 0], [None, None, 0]]
    assert problem.check(inp, want, [[1.0 + 1e-12, 1.0, 0], [2.0, 3.0 * (1 + 1e-10), 0], [None, None, 0]]) is None
    assert problem.check(inp, want, [[1.0, 1.0, 0], [2.0, 3.125, 0], [None, None, 0]]) == \
        "request 1 (arrival 0.5, prompt 3, output 2): finish_time 3.125, expected 3.0"
    assert "expected null" in problem.check(inp, want, [[1.0, 1.0, 0], [2.0, 3.0, 0], [0.0, 0.0, 0]])
    assert "num_preemptions" in problem.check(inp, want, [[1.0, 1.0, False], [2.0, 3.0, 0], [None, None, 0]])
    assert "entries" in problem.check(inp, want, want[:2])
    assert "returned" in problem.check(inp, want, "nope")
