"""``judge mock``: a timed self-mock on one problem, recorded in the practice history.

The clock starts once the statement is on screen. Every save of the file is judged as
an attempt (a save that lands while the one before is being judged replaces it, as in
``--watch``). The mock ends at the first AC, when the time is up, or at Ctrl-C. A save
made in time is judged to the end even if its verdict comes after the time; a save
after the time is not judged. Ctrl-C records the attempt it interrupted, or the file as
it stands if it changed since the last attempt, with no verdict.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from rich.console import RenderableType

from judge.engine.run import RunOptions
from judge.engine.store import Store, file_digest
from judge.model.history import ACCEPTED, STOPPED, TIME_UP, Attempt, MockRecord
from judge.model.outcomes import RunResult
from judge.model.problem import Problem
from judge.model.verdicts import Verdict
from judge.practice.terminal import StatusScreen
from judge.practice.watch import FileWatcher, judge_latest
from judge.profiling.bench import profile_accepted
from judge.profiling.profile import ProfileOptions
from judge.reporting import practice as screens


class Mock:
    def __init__(self, problem: Problem, path: Path, minutes: float | None, options: RunOptions, store: Store,
                 profile: ProfileOptions | None = None, bench: bool = True):
        self.problem = problem
        self.path = path
        self.minutes = minutes
        self.options = options
        self.store = store
        self.profile = profile
        self.bench = bench
        self.attempts: list[Attempt] = []
        self.outcome: str | None = None
        self.time_to_ac_s: float | None = None
        self.started_at = time.time()
        self._started = time.monotonic()
        self.ended_at: float | None = None
        self.mock_id: int | None = None
        self._screen: StatusScreen | None = None

    # -- the clock ------------------------------------------------------------------------------

    def elapsed(self) -> float:
        return time.monotonic() - self._started

    def remaining(self) -> float | None:
        return None if self.minutes is None else self.minutes * 60 - self.elapsed()

    def status(self) -> RenderableType:
        last = self.attempts[-1].verdict if self.attempts else None
        stage = self._screen.stage_line if self._screen is not None else None
        if stage is not None:
            stage = f"attempt {len(self.attempts) + 1}: {stage} · a save restarts it"
        return screens.mock_status(self.remaining(), self.elapsed(), len(self.attempts), last, stage)

    def record(self) -> MockRecord:
        return MockRecord(self.mock_id or 0, self.problem.slug, str(self.path.resolve()), self.started_at,
                          self.minutes, self.ended_at, self.outcome, self.time_to_ac_s, list(self.attempts))

    # -- the mock -------------------------------------------------------------------------------

    def run(self, screen: StatusScreen) -> RunResult | None:
        """Run the mock on ``screen`` until it ends; the accepted run, profiled, or None."""
        self._screen = screen
        self.mock_id = self.store.start_mock(self.problem.slug, self.path, self.minutes)
        screen.show(screens.statement_view(self.problem, str(self.path), self.minutes))
        self._started, self.started_at = time.monotonic(), time.time()  # the clock starts on the statement
        last_hash = file_digest(self.path)  # the starter: an unchanged file is no attempt
        accepted: RunResult | None = None
        in_flight: list = []  # [at_s, hash] of the save being judged
        try:
            with FileWatcher(self.path) as watcher:
                freeze = None
                if self.minutes is not None:
                    # Past the time, a save no longer cancels the last save made in time.
                    freeze = threading.Timer(max(self.remaining(), 0), setattr, (watcher, "cancels_on_save", False))
                    freeze.daemon = True
                    freeze.start()
                try:
                    accepted, last_hash = self._attempts(watcher, screen, in_flight, last_hash)
                finally:
                    if freeze is not None:
                        freeze.cancel()
        except KeyboardInterrupt:
            self.outcome = STOPPED
            current = file_digest(self.path)
            if in_flight:
                self._add(Attempt(len(self.attempts) + 1, in_flight[0], None, None, in_flight[1]))
            elif current != last_hash:
                self._add(Attempt(len(self.attempts) + 1, self.elapsed(), None, None, current))
        finally:
            screen.idle()
        self.ended_at = time.time()
        self.store.finish_mock(self.mock_id, self.outcome or STOPPED, self.time_to_ac_s)
        if accepted is not None and self.bench:
            try:
                screen.stage("profiling the accepted solution", None)
                profile_accepted(self.problem, accepted, self.options, self.profile, progress=screen)
            except KeyboardInterrupt:
                pass  # the mock is recorded; the report says it was not profiled
            finally:
                screen.idle()
        return accepted

    def _attempts(self, watcher: FileWatcher, screen: StatusScreen, in_flight: list,
                  last_hash: str | None) -> tuple[RunResult | None, str | None]:
        while True:
            remaining = self.remaining()
            if remaining is not None and remaining <= 0:
                self.outcome = TIME_UP
                return None, last_hash
            if not watcher.wait(timeout=0.25 if remaining is None else min(0.25, remaining)):
                continue
            if self.remaining() is not None and self.remaining() <= 0:
                self.outcome = TIME_UP  # saved after the time: not judged
                return None, last_hash

            def started() -> None:
                in_flight[:] = [self.elapsed(), file_digest(self.path)]

            try:
                # Only saves cancel a mock's runs, and judge_latest starts again on each.
                result = judge_latest(self.problem, self.path, self.options, watcher, progress=screen,
                                      on_start=started)
            finally:
                screen.idle()
            at_s, last_hash = in_flight
            in_flight.clear()
            self._add(Attempt(len(self.attempts) + 1, at_s, result.run_id, result.verdict.value, last_hash))
            screen.show(screens.attempt_screen(result, self.problem, self.record()))
            if result.verdict is Verdict.AC:
                self.outcome, self.time_to_ac_s = ACCEPTED, at_s
                return result, last_hash

    def _add(self, attempt: Attempt) -> None:
        self.attempts.append(attempt)
        self.store.record_attempt(self.mock_id, attempt)
