"""Expected answers, computed in the judge by the reference forms, which must agree.

A disagreement between two forms, or between a form and cases.json, is a bug in the
kit: :class:`ReferenceDisagreement`, reported as IE and never as a verdict.
"""

from __future__ import annotations

import time
from typing import Any

from judge.errors import ReferenceDisagreement, Unsupported
from judge.model.problem import Problem

#: Every Python reference answers a case while the first takes less than this; past it
#: (an O(n^3) DP at LeetCode's maximum) one reference is enough.
CROSS_CHECK_S = 0.05
#: In a batch, the forms besides the fastest answer one case in this many.
SAMPLE_EVERY = 8


def _plain(problem: Problem) -> Any:
    def convert(value: Any) -> Any:
        try:
            return problem.plain(value)
        except Unsupported:
            return value
    return convert


def _then(run, convert):
    return lambda inp: convert(run(inp))


class References:
    def __init__(self, problem: Problem):
        self.problem = problem
        # A design case's replay records plain data already; converting again costs more
        # than replaying.
        plain = (lambda value: value) if problem.is_design else _plain(problem)
        self._python = {name: _then(problem.runner(form), plain) for name, form in problem.python_forms.items()}
        self._all = {name: _then(problem.runner(form), plain) for name, form in problem.forms.items()}
        self._warmed = False
        self._sampled = 0

    def _agree(self, answers: dict[str, Any], inp: dict[str, Any]) -> Any:
        (first_name, expected), *rest = answers.items()
        for name, value in rest:
            if not self.problem.agrees(inp, expected, value):
                raise ReferenceDisagreement(
                    f"reference forms {first_name} and {name} disagree on {inp}: {expected!r} vs {value!r}"
                )
        return expected

    def answer(self, inp: dict[str, Any], claimed: Any = None, has_claim: bool = False) -> tuple[Any, float]:
        """The expected answer and the fastest pure-Python reference's time on ``inp``."""
        answers: dict[str, Any] = {}
        fastest = float("inf")
        for name, run in self._python.items():
            if fastest > CROSS_CHECK_S and answers:
                break
            # CPU time, the clock the worker's limit counts: another process on the core
            # stretches the wall clock, not this.
            start = time.process_time()
            answers[name] = run(inp)
            fastest = min(fastest, time.process_time() - start)
        expected = self._agree(answers, inp)
        if has_claim and not self.problem.agrees(inp, claimed, expected):
            first = next(iter(answers))
            raise ReferenceDisagreement(
                f"cases.json says {claimed!r} but reference form {first} says {expected!r} on {inp}"
            )
        return expected, fastest

    def answer_many(self, inputs: list[dict[str, Any]]) -> list[Any]:
        """Expected answers for many inputs of about one size, from the fastest reference form.

        Every form answers the first input, which also times them (a JIT form is warmed up
        first: its compile time is no measure); the fastest answers the rest, and the others
        take turns on one input in ``SAMPLE_EVERY``, so a disagreement is still found.
        """
        if not inputs:
            return []
        self._warm()
        timed: dict[str, float] = {}
        answers: dict[str, Any] = {}
        for name, run in self._all.items():
            start = time.perf_counter()
            try:
                answers[name] = run(inputs[0])
            except Exception:  # noqa: BLE001 - a JIT form outside its domain is no reference here
                if name in self._python:
                    raise
                continue
            timed[name] = time.perf_counter() - start
        expected = [self._agree(answers, inputs[0])]
        fastest = min(timed, key=timed.get)
        fast = self._all[fastest]
        others = [name for name in timed if name != fastest]
        for inp in inputs[1:]:
            try:
                value = fast(inp)
            except Exception:  # noqa: BLE001 - e.g. a JIT form guarding its integer domain
                expected.append(self.answer(inp)[0])
                continue
            self._sampled += 1
            if others and self._sampled % SAMPLE_EVERY == 0:
                name = others[(self._sampled // SAMPLE_EVERY) % len(others)]
                self._agree({fastest: value, name: self._all[name](inp)}, inp)
            expected.append(value)
        return expected

    def _warm(self) -> None:
        if self._warmed:
            return
        for name, run in self._all.items():
            if name not in self._python:
                try:
                    run(self.problem.warmup)
                except Exception:  # noqa: BLE001 - answer_many finds it out of its domain
                    pass
        self._warmed = True
