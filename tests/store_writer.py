"""A process that writes to the practice history as ``judge run`` does, for the kill and
concurrency tests: ``python -m tests.store_writer ROOT COUNT LABEL`` (COUNT 0: until killed).

Each round records a WA run (its failing input joins the replay store in the same
transaction) and then a profile for it, printing ``begin i`` before and ``commit i``
after, so the test knows where a kill landed.
"""

import sys
from pathlib import Path

from judge.engine.store import Store
from judge.model.outcomes import CaseOutcome, FormProfile, LimitsReport, Profile, RunResult
from judge.model.verdicts import Verdict

FAMILIES, FORMS = ("random", "dense"), ("submission", "2d", "1d")


def run_result(label: str, i: int) -> RunResult:
    inp = {"s1": "a" * (i % 7), "s2": label, "s3": "b" * (i % 5)}
    return RunResult(problem="interleaving-string", submission=f"{label}.py", verdict=Verdict.WA,
                     message=f"round {i}", cases_run=i, cases_passed=i - 1,
                     limits=LimitsReport(None, "rule", 256, 1.0), seed=i,
                     failing_case=CaseOutcome(Verdict.WA, inp, expected=True, got=False, got_type="bool"),
                     notes=["x" * 20_000])  # a large row: the write takes long enough to be killed in


def profile(i: int) -> Profile:
    sizes = [16, 32, 64, 128]
    return Profile({family: {form: FormProfile(sizes, [1e-4 * n * (1 + i % 3) for n in sizes], [1000] * 4, 1.0,
                                               samples=[[1e-4] * 50] * 4)
                             for form in FORMS} for family in FAMILIES}, "n", 1.0, has_submission=True)


def main() -> None:
    root, count, label = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    store = Store(root)
    i = 0
    while count == 0 or i < count:
        i += 1
        print(f"begin {i}", flush=True)
        run_id = store.record_run(run_result(label, i), file_hash=f"{label}-{i}")
        store.record_profile(run_id, profile(i), wall_s=1.0)
        print(f"commit {i}", flush=True)


if __name__ == "__main__":
    main()
