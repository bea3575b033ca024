"""The small-scope phase: every valid input up to a size bound, judged in increasing size.

Most DP bugs show on a small input (the small scope hypothesis; SmallCheck does this
for Haskell). Inputs come in size order, so the first failure found is minimal by
construction: no smaller input fails. The enumeration itself is the problem's
``SMALL_SCOPE`` (built from :mod:`judge.model.scope`).
"""

from __future__ import annotations

import time
from typing import Callable, Protocol

from judge.engine.limits import Limits
from judge.model.outcomes import CaseOutcome, ScopeReport
from judge.model.scope import SmallScope
from judge.model.size import Size

ORIGIN = "small scope"


class _Judging(Protocol):
    def many(self, inputs, origin, fixed: Limits | None = None, claims=None) -> CaseOutcome | None: ...


def run_scope(scope: SmallScope, bound: int, below: int | None, judging: _Judging, progress,
              size: Callable[[dict], Size], limits: Limits) -> tuple[CaseOutcome | None, ScopeReport]:
    """Judge every input of size <= ``bound`` (and < ``below``, the size of a failure
    already known, when given), each under ``limits``. Returns the first failure and
    what was covered."""
    started = time.monotonic()
    limit = bound if below is None else min(bound, below - 1)
    inputs = [inp for _, inp in scope.inputs(limit)] if limit >= 0 else []
    progress.stage(f"small scope: {scope.label(limit, len(inputs))}", len(inputs))
    failure = judging.many(inputs, ORIGIN, fixed=limits)
    judged = len(inputs)
    stopped_at = None
    if failure is not None:
        stopped_at = size(failure.input)
        judged = next(i for i, inp in enumerate(inputs) if inp is failure.input or inp == failure.input) + 1
    report = ScopeReport(bound=limit, inputs=judged, total=len(inputs), seconds=time.monotonic() - started,
                         size_rule=scope.rule, stopped_at=stopped_at, up_to=scope.up_to)
    return failure, report
