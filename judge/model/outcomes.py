"""The facts a run produces, as plain data shared by the report and the JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
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
    raised: str | None = None  # the exception's type, when the submission raised one (RE)
    raised_in: str | None = None  # the submission's function it was raised in, e.g. "is_interleave"

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
    run_id: int | None = None  # its row in the practice history, once recorded


# -- records: the same facts as plain JSON-like data, for the practice history ------------------
# asdict() writes them; the readers below rebuild the dataclasses, so ``judge report`` renders a
# stored run exactly as the run that made it. Verdict is a str enum, so it stores as "AC".

def result_record(result: RunResult) -> dict[str, Any]:
    """Everything but the profile (stored apart, and only after AC)."""
    record = asdict(result)
    record.pop("profile")
    return record


def _case(data: dict[str, Any] | None) -> CaseOutcome | None:
    if data is None:
        return None
    return CaseOutcome(**{**data, "verdict": Verdict(data["verdict"])})


def result_from_record(data: dict[str, Any], profile: Profile | None = None) -> RunResult:
    scope = data.get("scope")
    if scope is not None:
        stopped = scope.get("stopped_at")
        scope = ScopeReport(**{**scope, "stopped_at": tuple(stopped) if stopped is not None else None})
    fields = {**data, "verdict": Verdict(data["verdict"]), "limits": LimitsReport(**data["limits"]),
              "failing_case": _case(data.get("failing_case")), "scope": scope, "profile": profile,
              "plan": Plan.from_json(data["plan"]) if data.get("plan") else None}
    return RunResult(**fields)


def profile_record(profile: Profile) -> dict[str, Any]:
    return asdict(profile)


def profile_from_record(data: dict[str, Any]) -> Profile:
    families = {family: {form: FormProfile(**p) for form, p in forms.items()}
                for family, forms in data["families"].items()}
    two_size = {family: {form: TwoSizeGrowth(tuple(fit["labels"]), [tuple(point) for point in fit["points"]],
                                             fit["a"], fit["b"]) for form, fit in forms.items()}
                for family, forms in data.get("two_size", {}).items()}
    return Profile(families, data["size_label"], data["wall_s"], two_size=two_size,
                   has_submission=data.get("has_submission", False), batch_entry=data.get("batch_entry"))
