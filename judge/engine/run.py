"""``judge run``'s judging: plan, load, then judge the cases phase by phase. Returns facts; prints nothing.

The phases, cheapest and most certain first:

1. inputs that failed before (from the store);
2. the canonical cases, checked against cases.json as well as the references;
3. the small scope: every valid input up to a size bound, in increasing size, so the
   first failure found is a smallest one;
4. Hypothesis: drawn cases, judged in batches, and a failure shrunk;

then a failure found outside the small scope is reduced to a 1-minimal input. The
result says which guarantee holds (``minimality``). Profiling is not started here:
it is the layer above's job (``judge.profiling``).

A run can be cancelled from another thread (``judge run --watch``, when a save lands
mid-run): the event is checked between phases and batches, and while a batch runs the
worker is killed at once; :class:`judge.errors.RunCancelled` is raised and nothing is
recorded. A finished run (not a ``--case`` one) is recorded in the practice history.
"""

from __future__ import annotations

import json
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Protocol

from judge.engine import checker, search
from judge.engine import plan as planner
from judge.engine.limits import DEFAULT_MEMORY_MIB, Limits, case_limits, floor_s, time_rule
from judge.engine.process import Cancel, check_cancel
from judge.engine.reduce import reduce
from judge.engine.references import References
from judge.engine.small_scope import run_scope
from judge.engine.store import Store, file_digest
from judge.engine.supervisor import Supervisor
from judge.errors import CompileError
from judge.model.outcomes import (
    EXHAUSTIVE,
    NO_GUARANTEE,
    ONE_MINIMAL,
    CaseOutcome,
    LimitsReport,
    RunResult,
    ScopeReport,
)
from judge.model.problem import Problem
from judge.model.verdicts import COSTLY, Verdict

DEFAULT_MAX_EXAMPLES = 300
SHRINK_BUDGET_S = 15.0
#: Cases per round trip to the worker: large enough that the trip is a small part of the
#: cost, small enough that the cases after a first failure cost little.
BATCH = 128
BATCH_S = 0.05  # a batch of larger cases ends once their references took this long


class Progress(Protocol):
    def stage(self, description: str, total: int | None) -> None: ...
    def advance(self, amount: int = 1) -> None: ...


class _Silent:
    def stage(self, description: str, total: int | None) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass


@dataclass
class RunOptions:
    time_limit_s: float | None = None
    memory_mib: int = DEFAULT_MEMORY_MIB
    max_examples: int = DEFAULT_MAX_EXAMPLES
    seed: int | None = None
    shrink_budget_s: float = SHRINK_BUDGET_S
    case: dict[str, Any] | None = None
    store: Path | None = Path(".judge")
    scope: int | None = None  # the small scope's bound: None for the problem's own, 0 for none


def _key(inp: dict[str, Any]) -> str:
    return json.dumps(inp, sort_keys=True)


class Judging:
    """The judge's side of one run: every input judged once, in batches, and counted.

    It owns the references, the supervisor and the checker; the phases ask it to judge
    inputs and get back the first failure, in the order given."""

    def __init__(self, problem: Problem, supervisor: Supervisor, options: RunOptions, progress: Progress,
                 cancel: Cancel | None = None):
        self.cancel = cancel
        self.problem = problem
        self.supervisor = supervisor
        self.options = options
        self.progress = progress
        self.references = References(problem)
        self.seen: dict[str, CaseOutcome] = {}
        self.run = 0
        self.passed = 0
        self.counting = True  # shrink and reduction tries are not cases judged

    def is_seen(self, inp: dict[str, Any]) -> bool:
        return _key(inp) in self.seen

    def _batches(self, pending: list[int], inputs: list[dict], fixed: Limits | None,
                 claims: list | None) -> Iterator[tuple[list[int], list, list]]:
        """(indices, expected answers, limits) per batch. Under ``fixed`` limits inputs go BATCH
        at a time; others until their references took BATCH_S, so the cases judged past a
        failure cost little."""
        time_limit, memory = self.options.time_limit_s, self.options.memory_mib
        if fixed is not None:
            for start in range(0, len(pending), BATCH):
                chunk = pending[start:start + BATCH]
                yield chunk, self.references.answer_many([inputs[i] for i in chunk]), [fixed] * len(chunk)
            return
        chunk, expected, limits, spent = [], [], [], 0.0
        for i in pending:
            if claims is not None:
                answer, reference_s = self.references.answer(inputs[i], claims[i], True)
            else:
                answer, reference_s = self.references.answer(inputs[i])
            chunk.append(i)
            expected.append(answer)
            limits.append(case_limits(reference_s, time_limit, memory))
            spent += reference_s
            if len(chunk) >= BATCH or spent >= BATCH_S:
                yield chunk, expected, limits
                chunk, expected, limits, spent = [], [], [], 0.0
        if chunk:
            yield chunk, expected, limits

    def _send(self, batch: tuple[list[int], list, list] | None, inputs: list[dict]) -> None:
        if batch is not None:
            self.supervisor.send([inputs[i] for i in batch[0]], batch[2])

    def _record(self, batch: tuple[list[int], list, list], replies: list, inputs: list[dict], keys: list[str],
                origins: list[str]) -> bool:
        """Check the replies to ``batch``; True if a case failed or the worker died."""
        chunk, expected, limits = batch
        failed = len(replies) < len(chunk)
        for i, want, limit, reply in zip(chunk, expected, limits, replies):
            outcome = checker.check(self.problem, inputs[i], want, reply, limit.cpu_s, origins[i])
            self.seen[keys[i]] = outcome
            failed = failed or outcome.failed
            if self.counting:
                self.run += 1
                self.passed += not outcome.failed
        if self.counting:
            self.progress.advance(len(replies))
        return failed

    def many(self, inputs: Iterable[dict[str, Any]], origin: str | list[str], fixed: Limits | None = None,
             claims: list | None = None) -> CaseOutcome | None:
        """Judge the inputs (each once) and return the first failure in their order, or None.

        Judging stops after the batch that holds a failure. ``origin`` is one label or one
        per input; ``claims`` are cases.json's answers. Under ``fixed`` limits (the small
        scope, a reduction's candidates) the expected answers come from the fastest
        reference form, with no per-case timing of the Python ones, and each batch's
        answers are computed while the worker runs the batch before."""
        inputs = list(inputs)
        keys = [_key(inp) for inp in inputs]
        origins = [origin] * len(inputs) if isinstance(origin, str) else origin
        pending, queued = [], set()
        for i, key in enumerate(keys):
            if key not in self.seen and key not in queued:
                queued.add(key)
                pending.append(i)
        batches = self._batches(pending, inputs, fixed, claims)
        current = next(batches, None)
        self._send(current, inputs)
        while current is not None:
            check_cancel(self.cancel)
            if fixed is not None:
                upcoming = next(batches, None)  # its answers are computed while the worker runs this one
                replies = self.supervisor.receive()
                self._send(upcoming, inputs)  # and it runs while this one is checked
                failed = self._record(current, replies, inputs, keys, origins)
                if failed and upcoming is not None:  # already running: judged all the same
                    self._record(upcoming, self.supervisor.receive(), inputs, keys, origins)
            else:
                failed = self._record(current, self.supervisor.receive(), inputs, keys, origins)
                upcoming = None if failed else next(batches, None)
                self._send(upcoming, inputs)
            if failed:
                break
            current = upcoming
        for key in keys:
            outcome = self.seen.get(key)
            if outcome is not None and outcome.failed:
                return outcome
        return None

    def one(self, inp: dict[str, Any], origin: str) -> CaseOutcome:
        self.many([inp], origin)
        return self.seen[_key(inp)]

    @contextmanager
    def uncounted(self) -> Iterator[None]:
        """Shrink and reduction tries, judged but not counted as cases."""
        self.counting = False
        try:
            yield
        finally:
            self.counting = True


def judge_submission(
    problem: Problem,
    submission: Path,
    options: RunOptions | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> RunResult:
    """Judge the file; ``cancel`` (a ``threading.Event``) stops it early with RunCancelled."""
    options = options or RunOptions()
    store = Store(options.store) if options.store is not None else None
    digest = file_digest(submission)  # before the judging reads it: a save meanwhile is another run
    result = _judge(problem, submission, options, progress or _Silent(), cancel, store)
    if store is not None and options.case is None:  # a --case run is LeetCode's "Run", not a submission
        result.run_id = store.record_run(result, digest)
    return result


def _judge(problem: Problem, submission: Path, options: RunOptions, progress: Progress, cancel: Cancel | None,
           store: Store | None) -> RunResult:
    started = time.monotonic()
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**32)
    rule = time_rule(options.time_limit_s)

    if options.case is not None:
        problem.validate(options.case)  # a usage error, before anything starts

    def result(verdict: Verdict, message: str, shown_s: float | None = None, **extra: Any) -> RunResult:
        limits = LimitsReport(options.time_limit_s, rule, options.memory_mib,
                              shown_s if shown_s is not None else floor_s(options.time_limit_s))
        return RunResult(
            problem=problem.slug, submission=str(submission), verdict=verdict, message=message,
            cases_run=extra.pop("run", 0), cases_passed=extra.pop("passed", 0), limits=limits,
            seed=seed, wall_s=time.monotonic() - started, **extra,
        )

    try:
        plan = planner.plan(submission, problem.entry)
    except CompileError as exc:
        return result(Verdict.CE, str(exc))

    notes = [plan.note] if plan.note else []

    # Drawn in a process of its own while the worker starts and the small scope runs;
    # judged only if they find nothing.
    drawing = None
    if options.case is None and options.max_examples > 0:
        drawing = search.Drawing(problem.slug, options.max_examples, seed)
    supervisor = Supervisor(problem, plan, options.memory_mib, references=False, cancel=cancel)
    supervisor.spawn()  # it boots while the judge imports the references
    try:
        with supervisor:
            progress.stage("loading the submission", None)
            try:
                loaded = supervisor.start()
            except CompileError as exc:
                return result(Verdict.CE, str(exc), notes=notes, plan=plan)
            if loaded.compile_s is not None:
                notes.append(f"JIT warm-up (compilation, not timed): {loaded.compile_s:.2f} s")
            if loaded.stdout:
                notes.append(f"printed at import time: {loaded.stdout[:200]!r}")
            judging = Judging(problem, supervisor, options, progress, cancel)

            if options.case is not None:
                outcome = judging.one(options.case, "custom")
                if outcome.failed:
                    return _finish(result, problem, judging, outcome, notes, plan, submission)
                # Shown in full, like LeetCode's "Run".
                return result(Verdict.AC, "passed the custom case", outcome.limit_s, run=1, passed=1,
                              failing_case=outcome, notes=notes, plan=plan)

            found = _phases(problem, judging, options, seed, progress, notes, store, submission, drawing)
            if found.failure is not None and found.failure.verdict not in COSTLY:
                _confirm_alone(problem, supervisor, found, notes, options)
            run_result = _finish(result, problem, judging, found.failure, notes, plan, submission,
                                 shrunk=found.shrunk, minimality=found.minimality, scope=found.scope)
    finally:
        if drawing is not None:
            drawing.cancel()

    run_result.wall_s = time.monotonic() - started
    return run_result


@dataclass
class _Found:
    failure: CaseOutcome | None = None
    shrunk: bool = False
    minimality: str | None = None
    scope: ScopeReport | None = None


def _phases(problem: Problem, judging: Judging, options: RunOptions, seed: int, progress: Progress,
            notes: list[str], store: Store | None, submission: Path, drawing: search.Drawing | None) -> _Found:
    found = _Found()
    replays = store.failures(problem.slug, submission) if store is not None else []
    progress.stage("judging", len(replays) + len(problem.cases))
    found.failure = judging.many(replays, "replayed from .judge/")
    if found.failure is None:
        claim = not problem.is_design  # a design case's expected records come from its reference
        found.failure = judging.many([c.input for c in problem.cases],
                                     [f"canonical: {c.description}" for c in problem.cases],
                                     claims=[c.expected for c in problem.cases] if claim else None)
    if found.failure is not None and found.failure.verdict in COSTLY:
        found.minimality = NO_GUARANTEE
        return found

    check_cancel(judging.cancel)
    scope = problem.small_scope
    bound = options.scope if options.scope is not None else (scope.bound if scope else 0)
    if scope is not None and bound > 0:
        below = problem.size(found.failure.input)[0] if found.failure is not None else None
        floor = case_limits(0.0, options.time_limit_s, options.memory_mib)
        smaller, found.scope = run_scope(scope, bound, below, judging, progress, problem.size, floor)
        if smaller is not None:
            if found.failure is not None:
                notes.append(f"it also fails the {found.failure.origin.split(':')[0]} case "
                             f"{problem.describe(found.failure.input)}; shown is a smallest failing input")
            found.failure, found.minimality = smaller, (NO_GUARANTEE if smaller.verdict in COSTLY else EXHAUSTIVE)
            return found

    # Past the small scope, Hypothesis hunts: for any failure, or for one smaller than a
    # canonical or replayed failure (those are real, but rarely small).
    check_cancel(judging.cancel)
    generated = _hunt(problem, judging, options, seed, progress, notes, drawing)
    if generated is not None and (found.failure is None or
                                  problem.size(generated.failure.input) < problem.size(found.failure.input)):
        if found.failure is not None:
            notes.append(f"it also fails the {found.failure.origin.split(':')[0]} case "
                         f"{problem.describe(found.failure.input)}; shown is a smaller failing input")
        found.failure, found.shrunk = generated.failure, generated.shrunk
    if found.failure is None:
        return found
    if found.failure.verdict in COSTLY:
        found.minimality = NO_GUARANTEE
        return found
    found.minimality = _reduced(problem, judging, found, options)
    return found


def _confirm_alone(problem: Problem, supervisor: Supervisor, found: _Found, notes: list[str],
                   options: RunOptions) -> None:
    """Judge the failing input once more, alone, in a fresh worker. A memo kept in a class
    attribute or a global leaks answers from one case to the next: then the input fails only
    after others, and no claim about its size holds."""
    failure = found.failure
    supervisor.start()
    reply = supervisor.call(failure.input, case_limits(0.0, failure.limit_s, options.memory_mib))
    alone = checker.check(problem, failure.input, failure.expected, reply, failure.limit_s or 0.0)
    if alone.verdict is failure.verdict:
        return
    found.minimality = NO_GUARANTEE
    notes.append(f"this input fails only after other cases ran (alone, it gets {alone.verdict.value}): the "
                 "submission keeps state between calls, such as a memo in a class attribute or a global; "
                 "LeetCode runs every case in one process too")


def _hunt(problem: Problem, judging: Judging, options: RunOptions, seed: int, progress: Progress,
          notes: list[str], drawing: search.Drawing | None) -> search.Shrunk | None:
    """The drawn cases, judged in batches; the first failure, shrunk unless it is costly."""
    if drawing is None:
        return None
    drawn = drawing.result(judging.cancel)
    progress.stage("judging generated cases", len(drawn))
    failure = judging.many(drawn, "generated")
    if failure is None:
        return None
    if failure.verdict in COSTLY:
        return search.Shrunk(failure, shrunk=False)
    with judging.uncounted():
        shrunk = search.shrink(problem.strategy(), options.max_examples, seed,
                               lambda inp: judging.one(inp, "generated"), judging.is_seen,
                               failure, options.shrink_budget_s)
    if shrunk.note:
        notes.append(shrunk.note)
    return shrunk


def _reduced(problem: Problem, judging: Judging, found: _Found, options: RunOptions) -> str:
    """Reduce the failure to a 1-minimal input; say which guarantee holds."""
    failure = found.failure

    # A candidate is smaller than the failure, so the failure's limits are enough for it.
    limits = case_limits(0.0, failure.limit_s if options.time_limit_s is None else options.time_limit_s,
                         options.memory_mib)

    def first_failing(candidates: list[dict]) -> int | None:
        with judging.uncounted():
            judging.many(candidates, failure.origin, fixed=limits)
        for index, candidate in enumerate(candidates):
            outcome = judging.seen.get(_key(candidate))
            if outcome is not None and outcome.verdict is failure.verdict:
                return index
        return None

    deadline = time.monotonic() + options.shrink_budget_s
    reduced, minimal = reduce(failure.input, problem.size, problem.is_valid, first_failing, deadline,
                              extra=getattr(problem.package, "reductions", None), chunk=BATCH)
    if reduced is not failure.input:
        found.failure = judging.seen[_key(reduced)]
        found.shrunk = True
    if not minimal:
        return NO_GUARANTEE
    scope = found.scope
    size = problem.size(found.failure.input)
    # Every input up to the bound passed, so a failure one past it is a smallest one.
    if scope is not None and scope.complete and len(size) == 1 and size[0] == scope.bound + 1:
        return EXHAUSTIVE
    return ONE_MINIMAL


def _finish(result, problem: Problem, judging: Judging, failure: CaseOutcome | None, notes: list[str], plan,
            submission: Path, **extra: Any) -> RunResult:
    if failure is None:
        return result(Verdict.AC, f"passed all {judging.run} cases", run=judging.run,
                      passed=judging.passed, notes=notes, plan=plan, **extra)
    message = f"{failure.message} on {problem.describe(failure.input)}"
    if failure.verdict is Verdict.RE and failure.raised == "NotImplementedError" and failure.raised_in:
        # Still the starter: say so, rather than report a crash on some input.
        message = (f"not implemented yet: write `{failure.raised_in}` in {submission.name} "
                   "(the starter still raises NotImplementedError)")
    return result(failure.verdict, message, failure.limit_s, run=judging.run, passed=judging.passed,
                  failing_case=failure, notes=notes, plan=plan, **extra)
