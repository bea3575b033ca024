"""Turn what the worker reported into a verdict on one case. Runs in the judge."""

from __future__ import annotations

from typing import Any

from judge import design
from judge.outcome import CaseOutcome
from judge.problem import Problem
from judge.process import Death
from judge.values import same, short_repr
from judge.verdicts import Verdict

_DEATHS = {"tle": Verdict.TLE, "mle": Verdict.MLE, "re": Verdict.RE}


def _recursion_hint(problem: Problem, inp: dict[str, Any]) -> str:
    return (
        f" — recursion went deeper than Python's limit on {problem.describe(inp)}; "
        "go bottom-up, or raise sys.setrecursionlimit and recurse once per state"
    )


def _raised_at(expected: list, got: list, step: int) -> bool:
    want, have = expected[step], got[step]
    if design.raised_unexpectedly(want["result"], have["result"]):
        return True
    return any(design.raised_unexpectedly(w[2], h[2]) for w, h in zip(want["observed"], have["observed"]))


def check(
    problem: Problem,
    inp: dict[str, Any],
    expected: Any,
    reply: dict[str, Any] | Death,
    cpu_limit_s: float,
    origin: str = "",
) -> CaseOutcome:
    outcome = CaseOutcome(Verdict.AC, inp, expected=expected, origin=origin)
    if isinstance(reply, Death):
        outcome.verdict = _DEATHS[reply.kind]
        outcome.message = reply.detail
        outcome.cpu_s = reply.cpu_s
        outcome.expected = None if outcome.verdict in (Verdict.TLE, Verdict.MLE) else expected
        return outcome

    outcome.cpu_s = reply.get("cpu")
    outcome.stdout = reply.get("stdout", "")
    outcome.stdout_chars = reply.get("stdout_chars", 0)
    status = reply["status"]
    # CPU time decides, even for a call that did return: TLE outranks everything else.
    if outcome.cpu_s is not None and outcome.cpu_s > cpu_limit_s:
        outcome.verdict = Verdict.TLE
        outcome.message = f"used {outcome.cpu_s:.2f} s of CPU, over the {cpu_limit_s:.2f} s limit"
        outcome.expected = None
        return outcome
    if status == "memory":
        outcome.verdict = Verdict.MLE
        outcome.message = "raised MemoryError: the allocation went over the memory limit"
        outcome.expected = None
        return outcome
    if status == "exit":
        outcome.verdict = Verdict.RE
        outcome.message = f"called sys.exit({reply['code']}); return the answer instead of exiting"
        return outcome
    if status == "raised":
        outcome.verdict = Verdict.RE
        where = f" (line {reply['line']})" if reply.get("line") else ""
        outcome.message = reply["message"] + where
        if reply["type"] == "RecursionError":
            outcome.message += _recursion_hint(problem, inp)
        return outcome

    outcome.got_type = reply["type"]
    if "unsupported" in reply:
        outcome.verdict = Verdict.WA
        outcome.got = f"<{reply['unsupported']}>"
        outcome.message = f"returned {reply['unsupported']}, expected {problem.returns}"
        return outcome
    got = reply["value"]
    outcome.got = got
    if problem.is_design:
        parted = design.mismatch(expected, got, problem.entry.cls)
        reason = parted[1] if parted else None
        outcome.step = parted[0] if parted else None
        if parted and _raised_at(expected, got, parted[0]):
            outcome.verdict = Verdict.RE  # as on LeetCode: an exception the spec does not call for
            outcome.message = reason
            return outcome
    elif problem.checker is not None:
        reason = problem.checker(inp, expected, got)
    elif not same(expected, got):
        if type(got).__name__ != type(expected).__name__:
            reason = f"returned {reply['type']} {short_repr(got)}, expected {problem.returns} {short_repr(expected)}"
        else:
            reason = f"returned {short_repr(got)}, expected {short_repr(expected)}"
    else:
        reason = None
    if reason:
        outcome.verdict = Verdict.WA
        outcome.message = reason
    return outcome
