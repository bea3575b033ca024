"""Finding the failing case: stored failures first, then the canonical cases, then Hypothesis.

Hypothesis drives generation and shrinking from the judge's process; each example
is judged in the worker. Shrinking has a wall-clock budget of its own: once it is
spent, inputs not seen before count as passing, so Hypothesis settles on the
smallest failure found so far. TLE and MLE are never shrunk: each try costs a
full limit.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Flaky

from judge.outcome import CaseOutcome
from judge.verdicts import COSTLY


@dataclass
class SearchResult:
    run: int
    passed: int
    failure: CaseOutcome | None
    shrunk: bool = False
    note: str = ""  # what the report should add: state leaking between calls, a shrinker stop


class _Failed(Exception):
    def __init__(self, outcome: CaseOutcome):
        super().__init__(outcome.verdict.value)
        self.outcome = outcome


def _key(inp: dict[str, Any]) -> str:
    return json.dumps(inp, sort_keys=True)


def _raised_inside_hypothesis(exc: BaseException) -> bool:
    frames = list(traceback.walk_tb(exc.__traceback__))
    return bool(frames) and f"{os.sep}hypothesis{os.sep}" in frames[-1][0].f_code.co_filename


def _size(outcome: CaseOutcome) -> int:
    return len(_key(outcome.input))


class CaseSearch:
    """Judges inputs once each, counting cases, and hunts for the smallest failure."""

    def __init__(self, judge_case: Callable[[dict[str, Any], str], CaseOutcome], on_case: Callable[[], None] | None = None):
        self._judge_case = judge_case
        self._on_case = on_case or (lambda: None)
        self._seen: dict[str, CaseOutcome] = {}
        self.run = 0
        self.passed = 0
        self._counting = True

    def judge(self, inp: dict[str, Any], origin: str, judge_case: Callable[..., CaseOutcome] | None = None) -> CaseOutcome:
        key = _key(inp)
        if key in self._seen:
            return self._seen[key]
        outcome = (judge_case or self._judge_case)(inp, origin)
        self._seen[key] = outcome
        if self._counting:
            self.run += 1
            self.passed += not outcome.failed
            self._on_case()
        return outcome

    def fixed(self, inputs: list[tuple[dict[str, Any], str]]) -> CaseOutcome | None:
        """Judge a list of inputs in order; the first failure ends the run."""
        for inp, origin in inputs:
            outcome = self.judge(inp, origin)
            if outcome.failed:
                return outcome
        return None

    def generated(self, strategy, max_examples: int, seed: int, shrink_budget_s: float) -> SearchResult:
        first: list[CaseOutcome] = []
        smallest: list[CaseOutcome] = []  # the least failing input seen, should the shrinker break
        broken: list[Exception] = []  # a failure of the judge itself (IE), never a verdict
        shrink_start: list[float] = []

        @hypothesis_seed(seed)
        @settings(
            max_examples=max_examples,
            deadline=None,
            report_multiple_bugs=False,
            database=None,
            derandomize=False,
            phases=(Phase.generate, Phase.shrink),
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        @given(strategy)
        def hunt(inp: dict[str, Any]) -> None:
            if broken:
                return  # the judge itself failed: let Hypothesis wind down, then raise that
            key = _key(inp)
            if key not in self._seen and first:
                if first[0].verdict in COSTLY or time.monotonic() - shrink_start[0] > shrink_budget_s:
                    return  # budget spent (or not worth it): unseen inputs pass
            try:
                outcome = self.judge(inp, "generated")
            except Exception as exc:  # noqa: BLE001 - kept, and raised once Hypothesis has stopped
                broken.append(exc)
                return
            if outcome.failed and first and outcome.verdict in COSTLY and first[0].verdict not in COSTLY:
                return  # a shrink try that timed out is not a smaller version of this bug
            if outcome.failed:
                if not first:
                    first.append(outcome)
                    shrink_start.append(time.monotonic())
                    self._counting = False  # shrink attempts are not cases judged
                if not smallest or _size(outcome) < _size(smallest[0]):
                    smallest[:] = [outcome]
                raise _Failed(outcome)

        try:
            hunt()
        except _Failed as failed:
            if broken:
                raise broken[0] from None
            shrunk = failed.outcome is not first[0]
            return SearchResult(self.run, self.passed, failed.outcome, shrunk=shrunk)
        except Flaky as exc:
            if broken:
                raise broken[0] from None
            # Every input is judged once and remembered, so this means state leaked between cases.
            outcome = first[0] if first else None
            return SearchResult(
                self.run, self.passed, outcome,
                note=f"Hypothesis saw the same input pass and fail ({type(exc).__name__}): "
                "the submission keeps state between calls (a class-level or global memo?)",
            )
        except Exception as exc:  # noqa: BLE001 - Hypothesis's own failure while shrinking
            if broken:
                raise broken[0] from None
            if not smallest or not _raised_inside_hypothesis(exc):
                raise
            # Seen in Hypothesis 6.155: a shrink pass that reuses a character across text()
            # strategies of different alphabets raises ValueError. The failure found stands.
            return SearchResult(
                self.run, self.passed, smallest[0], shrunk=smallest[0] is not first[0],
                note=f"Hypothesis stopped shrinking early ({type(exc).__name__}: {exc}); "
                "this is the smallest failing input it had found",
            )
        if broken:
            raise broken[0]
        return SearchResult(self.run, self.passed, None)
