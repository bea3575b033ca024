"""The same facts as the report, as one JSON object for scripts (schema 1; keys are only ever added)."""

from __future__ import annotations

from typing import Any

from judge.model.design import snippet
from judge.model.history import Stats
from judge.model.outcomes import Profile, RunResult
from judge.model.problem import Problem
from judge.model.verdicts import Verdict
from judge.reporting import findings

SCHEMA = 1


def profile_json(profile: Profile) -> dict[str, Any]:
    return {
        family: {
            form: {
                "sizes": p.sizes,
                "seconds": p.seconds,
                "peak_bytes": p.peak_bytes,
                "exponent": p.exponent,
                "compile_s": p.compile_s,
                "stopped": p.stopped or None,
            }
            for form, p in forms.items()
        }
        for family, forms in profile.families.items()
    }


def bench_json(slug: str, submission: str | None, profile: Profile, saved: str | None,
               changes: list | None) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "problem": slug,
        "submission": submission,
        "profile": profile_json(profile),
        "two_size": {
            family: {form: {"labels": list(fit.labels), "a": fit.a, "b": fit.b,
                            "points": [list(point) for point in fit.points]} for form, fit in forms.items()}
            for family, forms in profile.two_size.items()
        },
        "findings": findings.describe(profile)[0],
        "warnings": findings.describe(profile)[1],
        "saved": saved,
        "compare": None if changes is None else [
            {"form": c.form, "family": c.family, "n": c.n, "before_s": c.before_s, "after_s": c.after_s,
             "speedup": c.speedup} for c in changes
        ],
    }


def scope_json(result: RunResult) -> dict[str, Any] | None:
    scope = result.scope
    if scope is None:
        return None
    return {"bound": scope.bound, "inputs": scope.inputs, "total": scope.total, "complete": scope.complete,
            "seconds": scope.seconds, "size_rule": scope.size_rule, "up_to": scope.up_to or None,
            "stopped_at": list(scope.stopped_at) if scope.stopped_at is not None else None}


def run_json(result: RunResult, problem: Problem | None = None) -> dict[str, Any]:
    """``problem`` adds what needs it: a design case's snippet and the failing input's size."""
    case = result.failing_case
    failing = None
    cls_name = problem.entry.cls if problem is not None else None
    if case is not None:
        failing = {"input": case.input, "stdout": case.stdout, "origin": case.origin}
        if problem is not None and case.origin != "custom":
            failing.update(size=list(problem.size(case.input)), minimality=result.minimality)
        if case.verdict not in (Verdict.TLE, Verdict.MLE):
            failing.update(expected=case.expected, got=case.got)
        if case.step is not None:  # a design problem: the calls that reproduce it, and where it parts
            failing.update(step=case.step, snippet=snippet(case.input, cls_name, case.step))
    limits = result.limits
    described = findings.describe(result.profile) if result.profile is not None else ([], [])
    return {
        "schema": SCHEMA,
        "problem": result.problem,
        "submission": result.submission,
        "verdict": result.verdict.value,
        "message": result.message,
        "cases": {"run": result.cases_run, "passed": result.cases_passed},
        "failing_case": failing,
        "limits": {"time_s": limits.time_s if limits.time_s is not None else limits.shown_time_s,
                   "time_rule": limits.time_rule, "memory_mib": limits.memory_mib},
        "seed": result.seed,
        "small_scope": scope_json(result),
        "profile": profile_json(result.profile) if result.profile is not None else None,
        # Added with the short report: what it leads with, and every sentence behind it.
        "headline": findings.headline(result.profile) if result.profile is not None else [],
        "findings": described[0],
        "warnings": described[1],
    }


def internal_error_json(problem: str, submission: str, message: str) -> dict[str, Any]:
    return {
        "schema": SCHEMA, "problem": problem, "submission": submission, "verdict": "IE", "message": message,
        "cases": {"run": 0, "passed": 0}, "failing_case": None, "limits": None, "seed": None, "profile": None,
    }


def stats_json(stats: Stats) -> dict[str, Any]:
    """``judge stats --json``: times are Unix seconds."""
    return {
        "schema": SCHEMA,
        "solved": stats.solved,
        "catalogue": stats.catalogue,
        "problems": [
            {"problem": p.slug, "runs": p.attempts, "first_ac_at": p.first_ac_at,
             "runs_to_first_ac": p.attempts_to_first_ac, "last_verdict": p.last_verdict, "last_at": p.last_at,
             "best": None if p.best is None else {"family": p.best.family, "n": p.best.n, "seconds": p.best.seconds,
                                                  "references": p.best.references}}
            for p in stats.problems
        ],
        "mocks": {
            "total": len(stats.mocks), "timed": stats.timed_mocks, "passed_in_time": stats.mocks_passed_in_time,
            "list": [
                {"problem": m.problem, "started_at": m.started_at, "minutes": m.minutes, "outcome": m.outcome,
                 "time_to_ac_s": m.time_to_ac_s, "passed_in_time": m.passed_in_time,
                 "attempts": [{"number": a.number, "at_s": a.at_s, "verdict": a.verdict} for a in m.attempts]}
                for m in stats.mocks
            ],
        },
    }
