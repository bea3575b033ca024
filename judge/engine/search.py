"""The random phase: Hypothesis draws the cases, and shrinks a failure.

Drawing and judging are apart, so the cases travel to the worker in batches: first
Hypothesis draws up to ``max_examples`` inputs while its test only collects them (in a
process of its own, started before the worker, so it costs no time on the judge's
core); they are judged a batch at a time. If one fails, Hypothesis runs again with the same
seed, now judging each input it draws (those judged already come from the cache, so
it reaches the same failure at once) and shrinking from there. Shrinking has a
wall-clock budget: once it is spent, inputs not seen before count as passing, so
Hypothesis settles on the smallest failure found so far. TLE and MLE are never
shrunk: each try costs a full limit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.errors import Flaky

from judge.engine.process import Cancel, check_cancel
from judge.errors import DrawFailed
from judge.model import registry
from judge.model.outcomes import CaseOutcome


@dataclass
class Shrunk:
    failure: CaseOutcome
    shrunk: bool
    note: str = ""  # what the report should add: state leaking between calls, a shrinker stop


_KIT_ROOT = str(Path(__file__).resolve().parents[2])


class _Failed(Exception):
    def __init__(self, outcome: CaseOutcome):
        super().__init__(outcome.verdict.value)
        self.outcome = outcome


def _raised_inside_hypothesis(exc: BaseException) -> bool:
    frames = list(traceback.walk_tb(exc.__traceback__))
    return bool(frames) and f"{os.sep}hypothesis{os.sep}" in frames[-1][0].f_code.co_filename


def _settings(max_examples: int, phases: tuple) -> settings:
    return settings(
        max_examples=max_examples,
        deadline=None,
        report_multiple_bugs=False,
        database=None,
        derandomize=False,
        phases=phases,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


def draw(strategy, max_examples: int, seed: int,
         each: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """The inputs Hypothesis generates for this seed, in its order, none judged. ``each``
    sees every input as it is drawn (a test stops the draw there by raising a BaseException)."""
    drawn: list[dict[str, Any]] = []

    @hypothesis_seed(seed)
    @_settings(max_examples, (Phase.generate,))
    @given(strategy)
    def collect(inp: dict[str, Any]) -> None:
        if each is not None:
            each(inp)
        drawn.append(inp)

    collect()
    return drawn


class Drawing:
    """``draw`` in a process of its own, started first: Hypothesis spends about 2 ms of CPU
    per input it draws, and a second process does that on the other core while the worker
    starts and the small scope runs. (A thread would share the judge's interpreter, and
    Hypothesis sets the process-wide recursion limit around every example it runs, which
    breaks a deep memo reference running beside it.)"""

    def __init__(self, slug: str, max_examples: int, seed: int):
        code = "import sys; sys.path[:1] = []; from judge.engine.search import drawing_main; drawing_main()"
        path = os.pathsep.join(p for p in (_KIT_ROOT, os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "PYTHONPATH": path}
        self._proc = subprocess.Popen([sys.executable, "-c", code, slug, str(max_examples), str(seed)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def result(self, cancel: Cancel | None = None) -> list[dict[str, Any]]:
        """The drawn inputs, once the process is done; ``cancel`` (an event) is polled meanwhile."""
        while True:
            check_cancel(cancel)
            try:
                out, err = self._proc.communicate(timeout=0.05)  # a retry loses no output
                break
            except subprocess.TimeoutExpired:
                continue
        if self._proc.returncode != 0:
            last = err.decode("utf-8", "replace").strip().splitlines()
            raise DrawFailed(f"drawing Hypothesis cases failed: {last[-1] if last else 'no output'}")
        return json.loads(out)

    def cancel(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.communicate()


def drawing_main() -> None:
    """The drawing process: argv = slug, max_examples, seed; prints the inputs as one JSON list."""
    slug, max_examples, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    drawn = draw(registry.get(slug).strategy(), max_examples, seed)
    sys.stdout.write(json.dumps(drawn))


def shrink(strategy, max_examples: int, seed: int, judge: Callable[[dict[str, Any]], CaseOutcome],
           seen: Callable[[dict[str, Any]], bool], known: CaseOutcome, shrink_budget_s: float) -> Shrunk:
    """Replay the seed's draws through ``judge`` until the first failure, then shrink it.

    ``judge`` answers inputs ``seen`` before from its cache. ``known`` is the failure the
    batched judging found; it stands if the replay parts from the draws."""
    first: list[CaseOutcome] = []
    smallest: list[CaseOutcome] = []  # the least failing input seen, should the shrinker break
    broken: list[Exception] = []  # a failure of the judge itself (IE), never a verdict
    shrink_start: list[float] = []

    def size(outcome: CaseOutcome) -> int:
        return len(repr(outcome.input))

    @hypothesis_seed(seed)
    @_settings(max_examples, (Phase.generate, Phase.shrink))
    @given(strategy)
    def hunt(inp: dict[str, Any]) -> None:
        if broken:
            return  # the judge itself failed: let Hypothesis wind down, then raise that
        if first and not seen(inp) and time.monotonic() - shrink_start[0] > shrink_budget_s:
            return  # budget spent: unseen inputs pass; seen ones keep their answer
        try:
            outcome = judge(inp)
        except Exception as exc:  # noqa: BLE001 - kept, and raised once Hypothesis has stopped
            broken.append(exc)
            return
        if outcome.failed and outcome.verdict is not known.verdict:
            return  # a shrink try that fails another way is not a smaller version of this bug
        if outcome.failed:
            if not first:
                first.append(outcome)
                shrink_start.append(time.monotonic())
            if not smallest or size(outcome) < size(smallest[0]):
                smallest[:] = [outcome]
            raise _Failed(outcome)

    try:
        hunt()
    except _Failed as failed:
        if broken:
            raise broken[0] from None
        return Shrunk(failed.outcome, shrunk=failed.outcome is not first[0])
    except Flaky as exc:
        if broken:
            raise broken[0] from None
        # Every input is judged once and remembered, so this means state leaked between cases.
        return Shrunk(first[0] if first else known, shrunk=False,
                      note=f"Hypothesis saw the same input pass and fail ({type(exc).__name__}): "
                      "the submission keeps state between calls (a class-level or global memo?)")
    except Exception as exc:  # noqa: BLE001 - Hypothesis's own failure while shrinking
        if broken:
            raise broken[0] from None
        if not smallest or not _raised_inside_hypothesis(exc):
            raise
        # Seen in Hypothesis 6.155: a shrink pass that reuses a character across text()
        # strategies of different alphabets raises ValueError. The failure found stands.
        return Shrunk(smallest[0], shrunk=smallest[0] is not first[0],
                      note=f"Hypothesis stopped shrinking early ({type(exc).__name__}: {exc}); "
                      "this is the smallest failing input it had found")
    if broken:
        raise broken[0]
    return Shrunk(known, shrunk=False)  # the replay never met a failure: keep the one judged
