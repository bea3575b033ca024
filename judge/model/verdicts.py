"""Verdicts, as an online judge gives them, with a fixed priority."""

from __future__ import annotations

from enum import Enum


class Verdict(str, Enum):
    AC = "AC"
    WA = "WA"
    TLE = "TLE"
    MLE = "MLE"
    RE = "RE"
    CE = "CE"
    IE = "IE"

    @property
    def title(self) -> str:
        return _TITLES[self]

    @property
    def exit_code(self) -> int:
        if self is Verdict.AC:
            return 0
        return 3 if self is Verdict.IE else 1

    @property
    def failed(self) -> bool:
        return self is not Verdict.AC


_TITLES = {
    Verdict.AC: "Accepted",
    Verdict.WA: "Wrong Answer",
    Verdict.TLE: "Time Limit Exceeded",
    Verdict.MLE: "Memory Limit Exceeded",
    Verdict.RE: "Runtime Error",
    Verdict.CE: "Compile Error",
    Verdict.IE: "Internal Error",
}

#: When several verdicts apply to one case, the first in this order wins.
CASE_PRIORITY = (Verdict.TLE, Verdict.MLE, Verdict.RE, Verdict.WA)

#: Verdicts whose every try costs a full limit: they are reported as found, never shrunk.
COSTLY = (Verdict.TLE, Verdict.MLE)


def worst(verdicts) -> Verdict:
    """The verdict a case gets when several apply: the first of ``CASE_PRIORITY`` present.

    This is the one place the priority is applied (the checker collects every verdict a
    case earned and asks here); AC only when none applies."""
    found = set(verdicts)
    for verdict in CASE_PRIORITY:
        if verdict in found:
            return verdict
    return Verdict.AC
