"""The profile: time, growth exponent and peak memory of the submission and every reference form.

Everything runs in a worker, references included, with no memory cap on the
references; the submission is watched only by a generous resident-memory backstop.
Sizes grow geometrically; a form stops before the call predicted to blow its budget.
Compilation is a warm-up of its own and never counted; tracemalloc is only ever on
in separate calls, because it slows Python code 20-90x.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Any

from judge.engine.limits import Limits
from judge.engine.process import Cancel, Stopped
from judge.engine.supervisor import Supervisor
from judge.model.forms import SUBMISSION, is_jitted
from judge.model.outcomes import FormProfile, Profile, TwoSizeGrowth
from judge.model.problem import Problem
from judge.model.submission import Plan
from judge.profiling.growth import MIN_FIT_SECONDS, fit_exponent, fit_two

PROBES = ("judge.profiling.probes",)
REQUEST_LIMITS = Limits(cpu_s=60.0, wall_s=90.0, memory_bytes=6 * 2**30)
# tracemalloc walks the whole stack on each allocation, so deep recursion makes a traced
# call quadratic (a 9 ms memo took 2.3 s): a traced call gets a short leash of its own.
PEAK_LIMITS = Limits(cpu_s=3.0, wall_s=6.0, memory_bytes=6 * 2**30)


@dataclass
class ProfileOptions:
    families: tuple[str, ...] | None = None
    forms: tuple[str, ...] | None = None
    sizes: tuple[int, ...] | None = None  # None: the problem's profile_sizes
    call_budget_s: float = 0.2
    target_s: float = 0.15
    min_repeats: int = 3
    max_repeats: int = 25
    memory_call_cap_s: float = 0.02
    deadline_s: float = 45.0
    seed: int = 20261127
    two_size: bool = False  # also fit t ≈ c·m^a·n^b where the problem has two sizes


def _sweep(worker: Supervisor, form: str, family: str, sizes: tuple[int, ...], options: ProfileOptions,
           deadline: float, advance) -> FormProfile:
    result = FormProfile()
    peak_given_up = False  # once a traced call overruns, larger sizes would too
    for n in sizes:
        if time.monotonic() > deadline:
            result.stopped = "the profile's time budget ran out"
            break
        if result.seconds:
            growth = max(result.exponent or 2.0, 1.0)
            predicted = result.seconds[-1] * (n / result.sizes[-1]) ** growth
            if predicted > 2 * options.call_budget_s:
                result.stopped = f"n={n} would take about {predicted:.1f} s a call"
                break
        reply = worker.ask(_time_request(form, family, options, n=n), REQUEST_LIMITS)
        advance()
        if isinstance(reply, Stopped):
            result.stopped = f"n={n}: {reply.detail}"
            break
        if "error" in reply:  # e.g. a JIT form guarding its integer domain
            result.stopped = f"n={n}: raised {reply['error']}"
            break
        median = statistics.median(reply["seconds"])
        result.samples.append(reply["seconds"])
        result.sizes.append(n)
        result.seconds.append(median)
        result.answers.append(reply["answer"])
        result.exponent = fit_exponent(result.sizes, result.seconds)
        # Jitted code is not slowed by tracemalloc, so its heap is cheap to measure at any size.
        traceable = median <= options.memory_call_cap_s or (is_jitted(form) and median <= options.call_budget_s)
        if traceable and not peak_given_up:
            peak = worker.ask({"op": "peak", "form": form, "family": family, "n": n, "seed": options.seed},
                              PEAK_LIMITS)
            peak_given_up = isinstance(peak, Stopped)
            result.peak_bytes.append(None if peak_given_up else peak.get("peak_bytes"))
        else:
            result.peak_bytes.append(None)
        if reply["seconds"][0] > options.call_budget_s:
            result.stopped = f"n={n} took {reply['seconds'][0]:.2f} s, over the {options.call_budget_s:g} s budget"
            break
    return result


def _time_request(form: str, family: str, options: ProfileOptions, **size: int) -> dict[str, Any]:
    return {
        "op": "time", "form": form, "family": family, "seed": options.seed, **size,
        "budget": options.call_budget_s, "target_s": options.target_s,
        "min_repeats": options.min_repeats, "max_repeats": options.max_repeats,
    }


def _sweep_two(worker: Supervisor, form: str, family: str, one_size: FormProfile, labels: tuple[str, str],
               options: ProfileOptions, deadline: float) -> TwoSizeGrowth | None:
    """Vary each size with the other held at a middle value, on the sizes the 1-size sweep reached."""
    sizes = [n for n, t in zip(one_size.sizes, one_size.seconds) if t >= MIN_FIT_SECONDS][-4:]
    if len(sizes) < 3:
        return None
    hold = sizes[len(sizes) // 2]
    grid = sorted({(m, hold) for m in sizes} | {(hold, n) for n in sizes})
    points = []
    for m, n in grid:
        if time.monotonic() > deadline:
            break
        reply = worker.ask(_time_request(form, family, options, m=m, n=n), REQUEST_LIMITS)
        if isinstance(reply, Stopped) or "error" in reply:
            break
        points.append((m, n, statistics.median(reply["seconds"])))
    fitted = fit_two(points)
    a, b = fitted if fitted else (None, None)
    return TwoSizeGrowth(labels, points, a, b)


def profile_submission(
    problem: Problem,
    plan: Plan | None,
    options: ProfileOptions | None = None,
    progress=None,
    cancel: Cancel | None = None,
) -> Profile:
    """Time every form; once ``cancel`` is set, the next request raises RunCancelled."""
    options = options or ProfileOptions()
    sizes = options.sizes or problem.profile_sizes
    started = time.monotonic()
    deadline = started + options.deadline_s
    families = options.families or tuple(problem.families)
    forms = list(options.forms or ((SUBMISSION,) if plan else ()) + tuple(problem.forms))
    if plan is None and SUBMISSION in forms:
        forms.remove(SUBMISSION)
    if progress is not None:
        progress.stage("profiling", len(families) * len(forms) * len(sizes))
    advance = progress.advance if progress is not None else (lambda amount=1: None)

    worker = Supervisor(problem, plan, ops=PROBES, cancel=cancel)
    measured: dict[str, dict[str, FormProfile]] = {family: {} for family in families}
    try:
        loaded = worker.start()
        compile_s: dict[str, float | None] = {}
        for form in forms:
            if form == SUBMISSION and plan is not None and plan.uses_numba:
                compile_s[form] = loaded.compile_s  # the supervisor warmed it while loading
                continue
            warm = worker.warm(form)
            compile_s[form] = warm["seconds"] if is_jitted(form) and not isinstance(warm, Stopped) else None
        for family in families:
            for form in forms:
                sweep = _sweep(worker, form, family, sizes, options, deadline, advance)
                sweep.compile_s = compile_s[form]
                measured[family][form] = sweep
        two_size: dict[str, dict[str, TwoSizeGrowth]] = {}
        if options.two_size and problem.two_sizes:
            for family in families:
                if family not in problem.two_size_families:
                    continue
                for form in forms:
                    fit = _sweep_two(worker, form, family, measured[family][form], problem.two_sizes,
                                     options, deadline)
                    if fit is not None:
                        two_size.setdefault(family, {})[form] = fit
    finally:
        worker.close()

    has_batch = problem.is_design and hasattr(problem.solutions, "run_stream")
    return Profile(measured, problem.size_label, time.monotonic() - started, two_size=two_size,
                   has_submission=plan is not None,
                   batch_entry=f"{problem.solutions.__name__}.run_stream" if has_batch else None)
