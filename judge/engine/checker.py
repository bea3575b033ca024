"""Turn what the worker reported into a verdict on one case. Runs in the judge.

The process layer and the worker report facts: a limit that tripped, a signal, an
exit, an exception, a value. Here, and only here, facts become verdicts: every
verdict a case earned is collected, and :func:`judge.model.verdicts.worst` picks the
one reported (TLE > MLE > RE > WA).
"""

from __future__ import annotations

import signal
from typing import Any

from judge.engine.process import Stopped
from judge.model import design
from judge.model.outcomes import CaseOutcome
from judge.model.problem import Problem
from judge.model.values import same, short_repr
from judge.model.verdicts import Verdict, worst

_NO_ANSWER = (Verdict.TLE, Verdict.MLE)  # the call never finished: nothing to compare


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


def _design_raised(step: dict[str, Any], class_name: str) -> tuple[str | None, str | None]:
    """The exception a design step raised, and the method it came from: the call, or an observation."""
    calls = [(step["call"][0], step["result"])] + [(name, record) for name, _, record in step["observed"]]
    for name, record in calls:
        if record[0] == "raise":
            return record[1], f"{class_name}.{name}"
    return None, None


def _stopped_verdicts(stopped: Stopped) -> list[tuple[Verdict, str]]:
    if stopped.limit in ("cpu", "wall"):
        return [(Verdict.TLE, stopped.detail)]
    if stopped.limit == "memory":
        return [(Verdict.MLE, stopped.detail)]
    if stopped.signal == signal.SIGKILL:  # not ours (ours set ``limit``): the kernel's OOM killer
        return [(Verdict.MLE, "killed by the kernel (out of memory)")]
    if stopped.signal == signal.SIGXCPU:
        return [(Verdict.TLE, "exceeded its CPU limit")]
    if stopped.signal is not None:
        return [(Verdict.RE, f"crashed with {stopped.signal_name}")]
    return [(Verdict.RE, f"the process exited with status {stopped.exit_status} mid-call "
                         "(sys.exit or os._exit?); an exit never counts as an answer")]


def _answer_verdicts(problem: Problem, inp: dict[str, Any], expected: Any, reply: dict[str, Any],
                     outcome: CaseOutcome) -> list[tuple[Verdict, str]]:
    """What the returned value (or the exception instead of one) earns."""
    status = reply["status"]
    if status == "memory":
        return [(Verdict.MLE, "raised MemoryError: the allocation went over the memory limit")]
    if status == "exit":
        return [(Verdict.RE, f"called sys.exit({reply['code']}); return the answer instead of exiting")]
    if status == "raised":
        outcome.raised, outcome.raised_in = reply["type"], reply.get("function")
        where = f" (line {reply['line']})" if reply.get("line") else ""
        message = reply["message"] + where
        if reply["type"] == "RecursionError":
            message += _recursion_hint(problem, inp)
        return [(Verdict.RE, message)]
    if status != "ok":
        return []
    outcome.got_type = reply["type"]
    if "unsupported" in reply:
        outcome.got = f"<{reply['unsupported']}>"
        return [(Verdict.WA, f"returned {reply['unsupported']}, expected {problem.returns}")]
    got = outcome.got = reply["value"]
    if problem.is_design:
        parted = design.mismatch(expected, got, problem.entry.cls)
        if parted is None:
            return []
        outcome.step = parted[0]
        # As on LeetCode: an exception the spec does not call for is a runtime error.
        if _raised_at(expected, got, parted[0]):
            outcome.raised, outcome.raised_in = _design_raised(got[parted[0]], problem.entry.cls)
            return [(Verdict.RE, parted[1])]
        return [(Verdict.WA, parted[1])]
    if problem.checker is not None:
        reason = problem.checker(inp, expected, got)
    elif same(expected, got):
        reason = None
    elif type(got).__name__ != type(expected).__name__:
        reason = f"returned {reply['type']} {short_repr(got)}, expected {problem.returns} {short_repr(expected)}"
    else:
        reason = f"returned {short_repr(got)}, expected {short_repr(expected)}"
    return [(Verdict.WA, reason)] if reason else []


def check(
    problem: Problem,
    inp: dict[str, Any],
    expected: Any,
    reply: dict[str, Any] | Stopped,
    cpu_limit_s: float,
    origin: str = "",
) -> CaseOutcome:
    outcome = CaseOutcome(Verdict.AC, inp, expected=expected, origin=origin, limit_s=cpu_limit_s)
    earned: list[tuple[Verdict, str]]
    if isinstance(reply, Stopped):
        outcome.cpu_s = reply.cpu_s
        earned = _stopped_verdicts(reply)
    else:
        outcome.cpu_s = reply.get("cpu")
        outcome.stdout = reply.get("stdout", "")
        outcome.stdout_chars = reply.get("stdout_chars", 0)
        earned = []
        # CPU time counts even for a call that did return: TLE outranks everything else.
        if reply["status"] == "limit":
            earned.append((Verdict.TLE, f"used more than {cpu_limit_s:.2f} s of CPU" if reply["limit"] == "cpu"
                           else "ran past its wall-clock limit (sleeping or waiting uses no CPU)"))
        elif outcome.cpu_s is not None and outcome.cpu_s > cpu_limit_s:
            earned.append((Verdict.TLE, f"used {outcome.cpu_s:.2f} s of CPU, over the {cpu_limit_s:.2f} s limit"))
        earned += _answer_verdicts(problem, inp, expected, reply, outcome)
    outcome.verdict = worst(verdict for verdict, _ in earned)
    if outcome.verdict is not Verdict.AC:
        outcome.message = next(message for verdict, message in earned if verdict is outcome.verdict)
    if outcome.verdict in _NO_ANSWER:
        outcome.expected = None
    return outcome
