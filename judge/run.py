"""``judge run``: plan, load, judge every case, then profile. Returns facts; prints nothing."""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Protocol

from judge import checker, loader
from judge.errors import KitError
from judge.outcome import CaseOutcome, LimitsReport, RunResult
from judge.problem import Problem
from judge.process import Limits
from judge.runner import LoadFailed, Runner
from judge.search import CaseSearch
from judge.store import Store
from judge.values import same
from judge.verdicts import COSTLY, Verdict

TIME_FLOOR_S = 1.0
TIME_FACTOR = 10.0
WALL_FACTOR = 3.0
WALL_GRACE_S = 1.0
DEFAULT_MEMORY_MIB = 256
DEFAULT_MAX_EXAMPLES = 300
SHRINK_BUDGET_S = 15.0
CROSS_CHECK_S = 0.05  # every Python reference answers each case while the first takes less than this


class ReferenceDisagreement(KitError, AssertionError):
    """Two reference forms, or a form and cases.json, disagree: a bug in the kit (IE)."""


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
    bench: bool = True
    case: dict[str, Any] | None = None
    store: Path | None = Path(".judge")


def time_rule(options: RunOptions) -> str:
    if options.time_limit_s is not None:
        return f"{options.time_limit_s:g} s of CPU per case (--time-limit)"
    return (
        f"max({TIME_FLOOR_S:g} s, {TIME_FACTOR:g} × the fastest pure-Python reference on the same case) "
        f"of CPU per case; wall-clock kill at {WALL_FACTOR:g} × that + {WALL_GRACE_S:g} s"
    )


def limits_for(reference_s: float, options: RunOptions) -> Limits:
    cpu = options.time_limit_s if options.time_limit_s is not None else max(TIME_FLOOR_S, TIME_FACTOR * reference_s)
    return Limits(cpu_s=cpu, wall_s=cpu * WALL_FACTOR + WALL_GRACE_S, memory_bytes=options.memory_mib * 2**20)


class References:
    """Expected answers, computed in the judge by the pure-Python forms, which must agree."""

    def __init__(self, problem: Problem):
        self.problem = problem

    def answer(self, inp: dict[str, Any], claimed: Any = None, has_claim: bool = False) -> tuple[Any, float]:
        answers: dict[str, Any] = {}
        fastest = float("inf")
        for name, form in self.problem.python_forms.items():
            if fastest > CROSS_CHECK_S and answers:
                break  # a big case (an O(n^3) DP at LeetCode's maximum): one reference is enough
            run = self.problem.runner(form)
            start = time.perf_counter()
            answers[name] = run(inp)
            fastest = min(fastest, time.perf_counter() - start)
        (first_name, expected), *rest = answers.items()
        for name, value in rest:
            if not same(expected, value):
                raise ReferenceDisagreement(
                    f"reference forms {first_name} and {name} disagree on {inp}: {expected!r} vs {value!r}"
                )
        if has_claim and not same(claimed, expected):
            raise ReferenceDisagreement(
                f"cases.json says {claimed!r} but reference form {first_name} says {expected!r} on {inp}"
            )
        return expected, fastest


def judge_submission(
    problem: Problem,
    submission: Path,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> RunResult:
    options = options or RunOptions()
    progress = progress or _Silent()
    started = time.monotonic()
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**32)
    rule = time_rule(options)
    floor = options.time_limit_s if options.time_limit_s is not None else TIME_FLOOR_S
    limits = LimitsReport(options.time_limit_s, rule, options.memory_mib, floor)

    if options.case is not None:
        problem.validate(options.case)  # a usage error, before anything starts

    def result(verdict: Verdict, message: str, **extra: Any) -> RunResult:
        return RunResult(
            problem=problem.slug, submission=str(submission), verdict=verdict, message=message,
            cases_run=extra.pop("run", 0), cases_passed=extra.pop("passed", 0), limits=extra.pop("limits", limits),
            seed=seed, wall_s=time.monotonic() - started, **extra,
        )

    try:
        plan = loader.plan(submission, problem.entry)
    except loader.CompileError as exc:
        return result(Verdict.CE, str(exc))

    notes = [plan.note] if plan.note else []
    references = References(problem)
    store = Store(options.store) if options.store is not None else None

    with Runner(problem, plan, options.memory_mib) as runner:
        progress.stage("loading the submission", None)
        try:
            loaded = runner.start()
        except LoadFailed as exc:
            return result(Verdict.CE, str(exc), notes=notes)
        if loaded.compile_s is not None:
            notes.append(f"JIT warm-up (compilation, not timed): {loaded.compile_s:.2f} s")
        if loaded.stdout:
            notes.append(f"printed at import time: {loaded.stdout[:200]!r}")

        shown_limit: list[float] = [floor]

        def judge_case(inp: dict[str, Any], origin: str, claimed: Any = None, has_claim: bool = False) -> CaseOutcome:
            expected, reference_s = references.answer(inp, claimed, has_claim)
            case_limits = limits_for(reference_s, options)
            reply = runner.run(inp, case_limits)
            outcome = checker.check(problem, inp, expected, reply, case_limits.cpu_s, origin)
            if outcome.failed:
                shown_limit[0] = case_limits.cpu_s
            return outcome

        def finish(search_run: int, search_passed: int, failure: CaseOutcome | None, **extra: Any) -> RunResult:
            limits_now = LimitsReport(options.time_limit_s, rule, options.memory_mib, shown_limit[0])
            if failure is None:
                return result(Verdict.AC, f"passed all {search_run} cases", run=search_run, passed=search_passed,
                              limits=limits_now, notes=notes, **extra)
            if store is not None and failure.origin != "custom":
                store.remember_failure(problem.slug, submission, failure.input)
            message = f"{failure.message} on {problem.describe(failure.input)}"
            return result(failure.verdict, message, run=search_run, passed=search_passed, limits=limits_now,
                          failing_case=failure, notes=notes, **extra)

        if options.case is not None:
            outcome = judge_case(options.case, "custom")
            if outcome.failed:
                return finish(1, 0, outcome)
            return finish(1, 1, None, failing_case=outcome)  # shown in full, like LeetCode's "Run"

        search = CaseSearch(lambda inp, origin: judge_case(inp, origin), on_case=progress.advance)
        progress.stage("judging", len(problem.cases) + options.max_examples)
        replays = store.failures(problem.slug, submission) if store is not None else []
        failure = search.fixed([(inp, "replayed from .judge/") for inp in replays])
        if failure is None:
            failure = _canonical(search, problem, judge_case)
        shrunk = False
        # A canonical WA or RE is real, but rarely minimal: let Hypothesis look for a smaller one.
        if failure is None or (failure.origin.startswith("canonical") and failure.verdict not in COSTLY):
            found = search.generated(problem.strategy(), options.max_examples, seed, options.shrink_budget_s)
            if found.failure is not None and (failure is None or _size(found.failure) < _size(failure)):
                if failure is not None:
                    notes.append(f"it also fails the canonical case {failure.origin.split(': ', 1)[1]!r}")
                failure, shrunk = found.failure, found.shrunk
            if found.note:
                notes.append(found.note)
        run_result = finish(search.run, search.passed, failure, shrunk=shrunk)

    if store is not None:
        store.record(problem.slug, submission, run_result.verdict.value)
    if run_result.verdict is Verdict.AC and options.bench:
        from judge.profile import profile_submission

        run_result.profile = profile_submission(problem, plan, progress=progress)
    run_result.wall_s = time.monotonic() - started
    return run_result


def _size(outcome: CaseOutcome) -> int:
    return len(json.dumps(outcome.input))


def _canonical(search: CaseSearch, problem: Problem, judge_case: Callable[..., CaseOutcome]) -> CaseOutcome | None:
    """The canonical cases, each checked against cases.json as well as the references."""
    for case in problem.cases:
        key_origin = f"canonical: {case.description}"
        # A design problem's expected records come from its reference alone (cases.json says null).
        claim = not problem.is_design
        outcome = search.judge(
            case.input, key_origin, lambda inp, origin, c=case: judge_case(inp, origin, c.expected, claim)
        )
        if outcome.failed:
            return outcome
    return None
