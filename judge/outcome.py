"""The facts a run produces, as plain data shared by the report and the JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from judge.verdicts import Verdict


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
    origin: str = ""  # "replayed", "canonical: <description>", "generated", "custom"
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

    @property
    def spreads(self) -> list[float]:
        from judge.growth import relative_spread

        return [relative_spread(s) for s in self.samples]


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
    findings: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    two_size: dict[str, dict[str, TwoSizeGrowth]] = field(default_factory=dict)  # family -> form -> fit


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
    wall_s: float = 0.0
