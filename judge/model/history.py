"""The practice history as plain data, and ``judge stats``' summary of it.

The engine's store reads these records out of SQLite; :func:`summarise` turns them
into per-problem and overall facts, and the reporting layer prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from judge.model.forms import SUBMISSION

#: How a mock ended.
ACCEPTED, TIME_UP, STOPPED = "accepted", "time up", "stopped"


@dataclass(frozen=True)
class RunRecord:
    id: int
    at: float  # Unix seconds
    problem: str
    submission: str
    verdict: str
    cases_run: int
    cases_passed: int
    wall_s: float | None
    imported: bool = False  # read from an earlier kit's JSON files: no seed, hash or cases


@dataclass(frozen=True)
class Attempt:
    number: int
    at_s: float  # seconds into the mock
    run_id: int | None  # None: the mock ended before this attempt had a verdict
    verdict: str | None
    file_hash: str | None


@dataclass(frozen=True)
class MockRecord:
    id: int
    problem: str
    submission: str
    started_at: float
    minutes: float | None  # None: --no-timer
    ended_at: float | None  # None: still running, or its process was killed
    outcome: str | None
    time_to_ac_s: float | None
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def timed(self) -> bool:
        return self.minutes is not None

    @property
    def passed_in_time(self) -> bool:
        return (self.timed and self.outcome == ACCEPTED and self.time_to_ac_s is not None
                and self.time_to_ac_s <= self.minutes * 60)


@dataclass(frozen=True)
class BestTime:
    """The submission's best time at the largest n every form reached, beside the references there."""

    family: str
    n: int
    seconds: float
    references: dict[str, float]  # form -> seconds at the same n, in the same run


@dataclass(frozen=True)
class ProblemStats:
    slug: str
    attempts: int
    first_ac_at: float | None
    attempts_to_first_ac: int | None  # runs up to and including the first AC
    last_verdict: str
    last_at: float
    best: BestTime | None


@dataclass(frozen=True)
class Stats:
    problems: list[ProblemStats]  # the problems with at least one run, in catalogue order
    solved: int
    catalogue: int
    mocks: list[MockRecord]

    @property
    def timed_mocks(self) -> int:
        return sum(m.timed for m in self.mocks)

    @property
    def mocks_passed_in_time(self) -> int:
        return sum(m.passed_in_time for m in self.mocks)


Summary = tuple[int, str, str, str, float | None, int | None, float | None]  # see Store.profile_summaries


def _best(rows: list[Summary], families: tuple[str, ...]) -> BestTime | None:
    """In the problem's first family the submission was profiled on: the run whose common n is
    largest, and of those the fastest."""
    by_run: dict[tuple[int, str], dict[str, tuple[int | None, float | None]]] = {}
    for run_id, _, family, form, _, common_n, seconds in rows:
        by_run.setdefault((run_id, family), {})[form] = (common_n, seconds)
    for family in families:
        candidates = [(forms[SUBMISSION][0], forms[SUBMISSION][1], forms) for (_, fam), forms in by_run.items()
                      if fam == family and SUBMISSION in forms and forms[SUBMISSION][1] is not None]
        if not candidates:
            continue
        n, seconds, forms = max(candidates, key=lambda c: (c[0], -c[1]))
        references = {form: s for form, (_, s) in forms.items() if form != SUBMISSION and s is not None}
        return BestTime(family, n, seconds, references)
    return None


def summarise(runs: Iterable[RunRecord], summaries: Iterable[Summary], mocks: list[MockRecord],
              catalogue: dict[str, tuple[str, ...]]) -> Stats:
    """``catalogue`` maps each slug to its profiling families, in order."""
    by_problem: dict[str, list[RunRecord]] = {}
    for run in runs:
        by_problem.setdefault(run.problem, []).append(run)
    rows_by_problem: dict[str, list[Summary]] = {}
    for row in summaries:
        rows_by_problem.setdefault(row[1], []).append(row)
    problems = []
    order = list(catalogue) + sorted(set(by_problem) - set(catalogue))  # a removed problem's runs still count
    for slug in order:
        runs_of = by_problem.get(slug)
        if not runs_of:
            continue
        first_ac = next((i for i, run in enumerate(runs_of) if run.verdict == "AC"), None)
        problems.append(ProblemStats(
            slug=slug, attempts=len(runs_of),
            first_ac_at=runs_of[first_ac].at if first_ac is not None else None,
            attempts_to_first_ac=first_ac + 1 if first_ac is not None else None,
            last_verdict=runs_of[-1].verdict, last_at=runs_of[-1].at,
            best=_best(rows_by_problem.get(slug, []), catalogue.get(slug, ())),
        ))
    solved = sum(p.first_ac_at is not None for p in problems if p.slug in catalogue)
    return Stats(problems, solved, len(catalogue), mocks)
