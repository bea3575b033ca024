"""The facts a run produces, as plain data shared by the report and the JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from judge.model.submission import Plan
from judge.model.verdicts import Verdict

#: How small a reported failing input is guaranteed to be.
EXHAUSTIVE = "exhaustive"  # every smaller input was judged and passed
ONE_MINIMAL = "1-minimal"  # no single reduction step gives a smaller input that still fails
NO_GUARANTEE = "none"  # a TLE or MLE (never shrunk), or a reduction cut short by its budget


@dataclass
class CaseOutcome:
    verdict: Verdict
    input: dict[str, Any]
    expected: Any = None
    got: Any = None
    got_type: str | None = None
    message: str = ""
    stdout: str = ""
    stdout_chars: int = 0
    cpu_s: float | None = None
    limit_s: float | None = None  # the CPU limit the case ran under
    origin: str = ""  # "replayed", "canonical: <description>", "small scope", "generated", "custom"
    step: int | None = None  # design problems: the call where the replay parted from the reference

    @property
    def failed(self) -> bool:
        return self.verdict.failed

    @property
    def stdout_truncated(self) -> bool:
        return self.stdout_chars > len(self.stdout)


@dataclass(frozen=True)
class LimitsReport:
    time_s: float | None  # None when the time limit is relative per case
    time_rule: str
    memory_mib: int
    shown_time_s: float  # the limit that applied to the case shown (or the floor)


@dataclass(frozen=True)
class ScopeReport:
    """What the small-scope phase covered: every valid input up to ``bound``, in size order."""

    bound: int
    inputs: int  # inputs judged in the phase
    total: int  # inputs the phase holds up to the bound (more than ``inputs`` when it stopped early)
    seconds: float
    size_rule: str  # what "size" means for this problem, from its spec
    up_to: str = ""  # an equivalence the enumeration skipped, e.g. "renaming the letters"
    stopped_at: tuple[int, ...] | None = None  # the size of the first failure, where the phase stopped

    @property
    def complete(self) -> bool:
        return self.inputs == self.total


@dataclass
class FormProfile:
    sizes: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    peak_bytes: list[int | None] = field(default_factory=list)
    exponent: float | None = None
    compile_s: float | None = None
    stopped: str = ""  # why the sweep stopped early, if it did
    answers: list[Any] = field(default_factory=list)
    samples: list[list[float]] = field(default_factory=list)  # every timed call, per size


@dataclass
class TwoSizeGrowth:
    """t ≈ c·m^a·n^b, fitted from sweeps that vary each size with the other held."""

    labels: tuple[str, str]
    points: list[tuple[int, int, float]]
    a: float | None
    b: float | None


@dataclass
class Profile:
    """family -> form -> measurements."""

    families: dict[str, dict[str, FormProfile]]
    size_label: str
    wall_s: float
    two_size: dict[str, dict[str, TwoSizeGrowth]] = field(default_factory=dict)  # family -> form -> fit
    has_submission: bool = False
    batch_entry: str | None = None  # a design problem's one-call-per-stream entry, if it has one


@dataclass
class RunResult:
    problem: str
    submission: str
    verdict: Verdict
    message: str
    cases_run: int
    cases_passed: int
    limits: LimitsReport
    seed: int
    failing_case: CaseOutcome | None = None
    profile: Profile | None = None
    notes: list[str] = field(default_factory=list)
    shrunk: bool = False
    minimality: str | None = None  # EXHAUSTIVE, ONE_MINIMAL or NO_GUARANTEE when a case failed
    scope: ScopeReport | None = None
    plan: Plan | None = None  # what the judge read from the source; None when it could not parse it
    wall_s: float = 0.0
