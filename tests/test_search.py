"""The random phase on its own, with a fake judge: drawing, shrinking, its budget, and the judge's own failures."""

import time

import pytest
from hypothesis import strategies as st

from judge.engine import search
from judge.model.outcomes import CaseOutcome
from judge.model.verdicts import Verdict

LISTS = st.fixed_dictionaries({"xs": st.lists(st.integers(0, 100), max_size=30)})


class FakeJudge:
    """Judges by a rule, each input once, as the real judge's cache does."""

    def __init__(self, rule, delay_s: float = 0.0):
        self.rule, self.delay_s = rule, delay_s
        self.seen: dict[str, CaseOutcome] = {}
        self.calls: list[dict] = []

    def __call__(self, inp):
        key = repr(inp)
        if key not in self.seen:
            self.calls.append(inp)
            time.sleep(self.delay_s)
            self.seen[key] = CaseOutcome(self.rule(inp), inp, origin="generated")
        return self.seen[key]

    def is_seen(self, inp) -> bool:
        return repr(inp) in self.seen


def first_failure(judge, drawn):
    return next(judge(inp) for inp in drawn if judge(inp).failed)


def test_a_seed_draws_the_same_inputs_every_time():
    assert search.draw(LISTS, 50, seed=7) == search.draw(LISTS, 50, seed=7)
    assert search.draw(LISTS, 50, seed=7) != search.draw(LISTS, 50, seed=8)


def test_the_drawing_process_draws_what_draw_does():
    drawing = search.Drawing("interleaving-string", 30, 5)
    from judge.model import registry

    assert drawing.result() == search.draw(registry.get("interleaving-string").strategy(), 30, 5)


def test_a_wrong_answer_is_shrunk_to_the_minimal_input():
    judge = FakeJudge(lambda i: Verdict.WA if sum(i["xs"]) > 50 else Verdict.AC)
    drawn = search.draw(LISTS, 300, seed=1)
    known = first_failure(judge, drawn)
    found = search.shrink(LISTS, 300, 1, judge, judge.is_seen, known, shrink_budget_s=30)
    assert found.failure.verdict is Verdict.WA and found.shrunk
    assert found.failure.input == {"xs": [51]}


def test_shrinking_stops_when_its_budget_is_spent():
    judge = FakeJudge(lambda i: Verdict.WA if sum(i["xs"]) > 50 else Verdict.AC, delay_s=0.01)
    drawn = search.draw(LISTS, 300, seed=2)
    known = first_failure(judge, drawn)
    before = len(judge.calls)
    found = search.shrink(LISTS, 300, 2, judge, judge.is_seen, known, shrink_budget_s=0.05)
    assert found.failure.verdict is Verdict.WA
    # 0.05 s of 10 ms tries: a handful of shrink attempts, then unseen inputs pass untried.
    assert len(judge.calls) - before <= 10


def test_a_shrink_try_that_fails_another_way_is_not_taken():
    judge = FakeJudge(lambda i: Verdict.TLE if len(i["xs"]) == 1 else (Verdict.WA if sum(i["xs"]) > 50 else Verdict.AC))
    drawn = search.draw(LISTS, 300, seed=1)
    known = next(judge(inp) for inp in drawn if judge(inp).verdict is Verdict.WA)
    found = search.shrink(LISTS, 300, 1, judge, judge.is_seen, known, shrink_budget_s=30)
    assert found.failure.verdict is Verdict.WA and len(found.failure.input["xs"]) >= 2


def test_a_shrinker_crash_inside_hypothesis_keeps_the_smallest_failure_found(monkeypatch):
    """Hypothesis 6.155 can raise ValueError in a shrink pass; the failure found must stand."""
    from hypothesis.internal.conjecture import shrinker
    from hypothesis.internal.intervalsets import IntervalSet

    def broken(self, *args, **kwargs):
        IntervalSet.from_string("a").index(ord("b"))  # the very ValueError, raised inside Hypothesis

    monkeypatch.setattr(shrinker.Shrinker, "greedy_shrink", broken)
    judge = FakeJudge(lambda i: Verdict.WA if sum(i["xs"]) > 50 else Verdict.AC)
    known = first_failure(judge, search.draw(LISTS, 300, seed=1))
    found = search.shrink(LISTS, 300, 1, judge, judge.is_seen, known, shrink_budget_s=30)
    assert found.failure.verdict is Verdict.WA and sum(found.failure.input["xs"]) > 50
    assert "stopped shrinking early" in found.note


def test_the_judges_own_failure_is_not_swallowed():
    calls = []

    def judge(inp):
        calls.append(inp)
        if len(calls) == 5:  # the judge breaks mid-shrink, wherever Hypothesis is
            raise RuntimeError("worker protocol broken")
        return CaseOutcome(Verdict.WA if sum(inp["xs"]) > 50 else Verdict.AC, inp, origin="generated")

    known = CaseOutcome(Verdict.WA, {"xs": [99]}, origin="generated")
    with pytest.raises(RuntimeError, match="worker protocol broken"):
        search.shrink(LISTS, 300, 1, judge, lambda inp: False, known, shrink_budget_s=30)
