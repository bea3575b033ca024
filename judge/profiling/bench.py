"""``judge run``'s profile after AC, and ``judge bench``: the profile on its own, with saves
and comparisons. Prints nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from judge.engine.process import Cancel
from judge.engine.run import RunOptions, judge_submission
from judge.engine.store import Store
from judge.model.forms import SUBMISSION
from judge.model.outcomes import Profile, RunResult
from judge.model.problem import Problem
from judge.model.verdicts import Verdict
from judge.profiling import benchsave
from judge.profiling.profile import ProfileOptions, profile_submission

#: A submission is judged on this many generated cases before it is timed.
GATE_EXAMPLES = 100


@dataclass
class BenchOptions:
    profile: ProfileOptions
    save: str | None = None
    compare: str | None = None
    root: Path = benchsave.DEFAULT_ROOT
    store: Path | None = Path(".judge")


@dataclass
class BenchResult:
    problem: str
    submission: str | None
    verdict: RunResult | None = None  # set when the submission was refused
    profile: Profile | None = None
    saved: Path | None = None
    compared: tuple[str, list[benchsave.Change]] | None = None
    notes: list[str] = field(default_factory=list)


def judge_and_profile(problem: Problem, submission: Path, options: RunOptions, bench: bool = True,
                      profile: ProfileOptions | None = None, progress=None, cancel: Cancel | None = None) -> RunResult:
    """``judge run``: judge the submission, then, on AC, profile it against the references.
    ``cancel`` stops either stage (RunCancelled)."""
    result = judge_submission(problem, submission, options, progress=progress, cancel=cancel)
    if bench and result.verdict is Verdict.AC and options.case is None:
        profile_accepted(problem, result, options, profile, progress, cancel)
    return result


def profile_accepted(problem: Problem, result: RunResult, options: RunOptions, profile: ProfileOptions | None = None,
                     progress=None, cancel: Cancel | None = None) -> None:
    """Profile an accepted run in place, and add the profile to its history. A run cancelled
    while profiling keeps its verdict in the history, without a profile."""
    started = result.wall_s
    result.profile = profile_submission(problem, result.plan, profile, progress=progress, cancel=cancel)
    result.wall_s = started + result.profile.wall_s
    if options.store is not None and result.run_id is not None:
        Store(options.store).record_profile(result.run_id, result.profile, result.wall_s)


def run_bench(problem: Problem, submission: Path | None, options: BenchOptions, progress=None) -> BenchResult:
    result = BenchResult(problem.slug, str(submission) if submission else None)
    plan = None
    if submission is not None:
        gate = judge_submission(
            problem, submission, RunOptions(max_examples=GATE_EXAMPLES, store=options.store), progress=progress,
        )
        if gate.verdict is not Verdict.AC:
            result.verdict = gate
            return result
        plan = gate.plan
    # Look the comparison up before the long run, so a wrong name fails at once.
    saved_before = benchsave.newest(options.compare, options.root) if options.compare else None
    result.profile = profile_submission(problem, plan, options.profile, progress=progress)
    if options.save:
        data = benchsave.to_json(problem.slug, result.profile, {"timer": "perf_counter", "source": "judge bench"})
        result.saved = benchsave.save(data, options.save, options.root)
    if saved_before is not None:
        path, data = saved_before
        result.compared = (f"{path.name}", benchsave.compare(problem.slug, result.profile, data))
    return result


def form_choices(problem: Problem, has_submission: bool) -> tuple[str, ...]:
    return ((SUBMISSION,) if has_submission else ()) + tuple(problem.forms)
