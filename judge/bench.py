"""``judge bench``: the profile on its own, with control, saves and comparisons. Prints nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from judge import benchsave, loader
from judge.forms import SUBMISSION
from judge.outcome import Profile, RunResult
from judge.problem import Problem
from judge.profile import ProfileOptions, profile_submission
from judge.run import RunOptions, judge_submission
from judge.verdicts import Verdict

#: A submission is judged on this many generated cases before it is timed.
GATE_EXAMPLES = 100


@dataclass
class BenchOptions:
    profile: ProfileOptions
    save: str | None = None
    compare: str | None = None
    plot: Path | None = None
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
    plot: Path | None = None
    notes: list[str] = field(default_factory=list)


def run_bench(problem: Problem, submission: Path | None, options: BenchOptions, progress=None) -> BenchResult:
    result = BenchResult(problem.slug, str(submission) if submission else None)
    plan = None
    if submission is not None:
        gate = judge_submission(
            problem, submission, RunOptions(max_examples=GATE_EXAMPLES, bench=False, store=options.store),
            progress=progress,
        )
        if gate.verdict is not Verdict.AC:
            result.verdict = gate
            return result
        plan = loader.plan(submission, problem.entry)
    # Look the comparison up before the long run, so a wrong name fails at once.
    saved_before = benchsave.newest(options.compare, options.root) if options.compare else None
    result.profile = profile_submission(problem, plan, options.profile, progress=progress)
    if options.save:
        data = benchsave.to_json(problem.slug, result.profile, {"timer": "perf_counter", "source": "judge bench"})
        result.saved = benchsave.save(data, options.save, options.root)
    if saved_before is not None:
        path, data = saved_before
        result.compared = (f"{path.name}", benchsave.compare(problem.slug, result.profile, data))
    if options.plot is not None:
        from judge.plot import draw

        who = f" vs {submission.name}" if submission is not None else ""
        result.plot = draw(result.profile, f"{problem.title}: the reference forms{who}", options.plot)
    return result


def form_choices(problem: Problem, has_submission: bool) -> tuple[str, ...]:
    return ((SUBMISSION,) if has_submission else ()) + tuple(problem.forms)
