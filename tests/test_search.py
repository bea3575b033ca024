"""The case search on its own, with a fake judge: shrinking, its budget, and costly verdicts."""

import time

import pytest

from hypothesis import strategies as st

from judge.outcome import CaseOutcome
from judge.search import CaseSearch
from judge.verdicts import Verdict

LISTS = st.fixed_dictionaries({"xs": st.lists(st.integers(0, 100), max_size=30)})


def fake(rule, calls):
    def judge_case(inp, origin):
        calls.append(inp)
        return CaseOutcome(rule(inp), inp, origin=origin)

    return judge_case


def test_a_wrong_answer_is_shrunk_to_the_minimal_input():
    calls = []
    search = CaseSearch(fake(lambda i: Verdict.WA if sum(i["xs"]) > 50 else Verdict.AC, calls))
    found = search.generated(LISTS, max_examples=300, seed=1, shrink_budget_s=30)
    assert found.failure.verdict is Verdict.WA and found.shrunk
    assert found.failure.input == {"xs": [51]}
    assert found.run == found.passed + 1  # shrink attempts are not counted as cases


def test_a_time_limit_is_never_shrunk():
    calls = []
    search = CaseSearch(fake(lambda i: Verdict.TLE if len(i["xs"]) > 3 else Verdict.AC, calls))
    found = search.generated(LISTS, max_examples=300, seed=1, shrink_budget_s=30)
    assert found.failure.verdict is Verdict.TLE and not found.shrunk
    first_failure = next(k for k, inp in enumerate(calls) if len(inp["xs"]) > 3)
    assert len(calls) == first_failure + 1  # not one more try after it


def test_shrinking_stops_when_its_budget_is_spent():
    calls = []

    def slow(inp):
        time.sleep(0.01)
        return Verdict.WA if sum(inp["xs"]) > 50 else Verdict.AC

    search = CaseSearch(fake(slow, calls))
    found = search.generated(LISTS, max_examples=300, seed=2, shrink_budget_s=0.05)
    assert found.failure.verdict is Verdict.WA
    first_failure = next(k for k, inp in enumerate(calls) if sum(inp["xs"]) > 50)
    # 0.05 s of 10 ms tries: a handful of shrink attempts, then unseen inputs pass untried.
    assert len(calls) - first_failure <= 10


def test_each_input_is_judged_once():
    calls = []
    search = CaseSearch(fake(lambda i: Verdict.AC, calls))
    search.fixed([({"xs": [1]}, "a"), ({"xs": [1]}, "b")])
    assert len(calls) == 1 and search.run == 1


def test_a_shrinker_crash_inside_hypothesis_keeps_the_smallest_failure_found(monkeypatch):
    """Hypothesis 6.155 can raise ValueError in a shrink pass; the failure found must stand."""
    from hypothesis.internal.conjecture import shrinker
    from hypothesis.internal.intervalsets import IntervalSet

    def broken(self, *args, **kwargs):
        IntervalSet.from_string("a").index(ord("b"))  # the very ValueError, raised inside Hypothesis

    monkeypatch.setattr(shrinker.Shrinker, "greedy_shrink", broken)
    calls = []
    search = CaseSearch(fake(lambda i: Verdict.WA if sum(i["xs"]) > 50 else Verdict.AC, calls))
    found = search.generated(LISTS, max_examples=300, seed=1, shrink_budget_s=30)
    assert found.failure.verdict is Verdict.WA and sum(found.failure.input["xs"]) > 50
    assert "stopped shrinking early" in found.note


def test_the_judges_own_failure_is_not_swallowed():
    calls = []

    def judge_case(inp, origin):
        calls.append(inp)
        if len(calls) == 5:  # the judge breaks mid-hunt, wherever Hypothesis is
            raise RuntimeError("worker protocol broken")
        return CaseOutcome(Verdict.WA if sum(inp["xs"]) > 50 else Verdict.AC, inp, origin=origin)

    with pytest.raises(RuntimeError, match="worker protocol broken"):
        CaseSearch(judge_case).generated(LISTS, max_examples=300, seed=1, shrink_budget_s=30)
