"""Dynamic batching: each exact rule of the spec holds on a hand-computed case, and the
problem package is sound. The checks it shares with static batching (the forms agree bit
for bit, with a slow model, on the canonical cases and with the JIT off) are in
test_request_batching_forms.py."""

import random

import pytest
from hypothesis import given, settings

from problems import dynamic_batching as problem
from solutions import dynamic_batching as ref

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)

# Costs of 1/4, 1/16 and 1/64 s: every duration below is exact in binary.
C = {"num_blocks": 64, "block_size": 4, "c0": 0.25, "c1": 0.0625, "c2": 0.015625, "max_batch_size": 4, "max_wait": 1.0}


def config(**changes):
    return {**C, **changes}


def step(tokens, ctx, c=C):
    return c["c0"] + c["c1"] * tokens + c["c2"] * ctx


# -- the exact rules, one hand-computed case each -----------------------------------------------


@FORMS
def test_a_full_queue_dispatches_at_the_max_batch_size_th_arrival(form):
    got = ref.FORMS[form]([[0.0, 2, 1], [0.25, 2, 1], [0.5, 2, 1]], config(max_batch_size=3, max_wait=2.0))
    assert got == [[0.5 + step(6, 6)] * 2 + [0]] * 3


@FORMS
def test_max_wait_dispatches_at_the_oldest_arrival_plus_max_wait(form):
    got = ref.FORMS[form]([[0.0, 2, 1], [0.25, 2, 1]], config(max_batch_size=3, max_wait=1.0))
    assert got == [[1.0 + step(4, 4)] * 2 + [0]] * 2


@FORMS
def test_max_wait_counts_from_the_oldest_not_the_newest(form):
    # Arrivals 0, 0.75, 1.5 with max_wait 1: the first batch goes at 1.0 with {0, 1};
    # a timer restarted by each arrival would wait until 2.5 and take all three.
    got = ref.FORMS[form]([[0.0, 1, 1], [0.75, 1, 1], [1.5, 1, 1]], config(max_batch_size=8))
    first = 1.0 + step(2, 2)
    assert got[:2] == [[first, first, 0]] * 2
    assert got[2] == [2.5 + step(1, 1)] * 2 + [0]


@FORMS
def test_a_busy_engine_dispatches_when_free_with_everyone_arrived(form):
    c = config(max_batch_size=2, max_wait=0.25)
    got = ref.FORMS[form]([[0.0, 8, 1], [0.5, 1, 1], [0.75, 1, 1], [0.75, 1, 1]], c)
    free = 0.25 + step(8, 8)  # 1.125: past both deadlines; requests 1 and 2 go together
    assert got[1] == got[2] == [free + step(2, 2), free + step(2, 2), 0]
    after = free + step(2, 2)
    assert got[3] == [after + step(1, 1)] * 2 + [0]


@FORMS
def test_requests_that_do_not_fit_count_toward_a_full_queue(form):
    # 2 blocks of 4: requests 0 and 1 need 2 each, so one per batch, yet the queue is full
    # at 0.25; then {1, 2} is full at 0.5 (request 2 still can't fit beside 1); then 2
    # waits alone for its timer, 0.5 + 5.
    c = config(num_blocks=2, max_batch_size=2, max_wait=5.0)
    got = ref.FORMS[form]([[0.0, 8, 1], [0.25, 8, 1], [0.5, 1, 1]], c)
    first = 0.25 + step(8, 8)
    second = first + step(8, 8)
    assert got == [[first, first, 0], [second, second, 0], [5.5 + step(1, 1)] * 2 + [0]]


@FORMS
def test_rejected_requests_never_count(form):
    c = config(num_blocks=2, max_batch_size=2, max_wait=5.0)
    got = ref.FORMS[form]([[0.0, 2, 1], [0.25, 40, 1], [0.5, 2, 1]], c)
    assert got[1] == [None, None, 0]
    assert got[0] == got[2] == [0.5 + step(4, 4)] * 2 + [0]


@FORMS
def test_the_batch_is_padded_like_static_batching(form):
    t1 = 1.0 + step(4, 4)
    t2 = t1 + step(2, 6)
    assert ref.FORMS[form]([[0.0, 2, 1], [0.0, 1, 2]], config(max_wait=1.0)) == [[t1, t1, 0], [t1, t2, 0]]


@settings(max_examples=200)
@given(problem.inputs())
def test_zero_wait_is_static_batching(inp):
    from solutions import static_batching

    cfg = {k: v for k, v in inp["config"].items() if k != "max_wait"}
    assert ref.numba(inp["requests"], {**cfg, "max_wait": 0.0}) == static_batching.numba(inp["requests"], cfg)


# -- strategies, families, validation, checker ---------------------------------------------------


def test_inputs_are_valid_and_reach_the_interesting_cases():
    seen = {"rejected": 0, "memory-stopped": 0, "ties": 0, "unsorted": 0, "empty": 0, "timer": 0, "full": 0}

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
        if trace:  # the first batch went on the timer, or on a full queue before the timer
            fifo = sorted(r[0] for r, g in zip(reqs, got) if g[0] is not None)
            seen["timer"] += trace[0]["start"] == fifo[0] + cfg["max_wait"] > fifo[0]
            seen["full"] += trace[0]["start"] < fifo[0] + cfg["max_wait"]

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
