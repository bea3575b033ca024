"""The engine's cooperative cancel: an event set from another thread stops a run at once, its
worker killed, whatever phase it is in; and a starter that still raises is named as one."""

import os
import threading
import time
from pathlib import Path

import pytest

from judge.engine.run import RunOptions, judge_submission
from judge.engine.store import Store
from judge.errors import RunCancelled
from judge.model import registry
from judge.model.verdicts import Verdict
from judge.profiling.profile import ProfileOptions, profile_submission
from tests.processes import worker_processes

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "submissions"
SLEEPER = FIXTURES / "interleaving_string" / "tle_sleep.py"  # each case sleeps until its wall limit


class Later:
    """Sets the event after ``delay`` seconds, and remembers when."""

    def __init__(self, delay: float):
        self.event = threading.Event()
        self.at: float | None = None
        self._timer = threading.Timer(delay, self._set)

    def _set(self) -> None:
        self.at = time.monotonic()
        self.event.set()

    def __enter__(self) -> "Later":
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


def test_a_cancel_mid_case_kills_the_worker_and_raises_at_once(tmp_path):
    problem = registry.get("interleaving-string")
    with Later(3.0) as later, pytest.raises(RunCancelled):
        # A 60 s limit: only the cancel can end this run in time.
        judge_submission(problem, SLEEPER, RunOptions(time_limit_s=60, store=tmp_path), cancel=later.event)
    # The case alone would run 60 s: ending within a sixth of that is the cancel, not the case
    # finishing, however loaded the machine (it takes well under a second when quiet).
    assert later.at is not None and time.monotonic() - later.at < 10.0, "the cancel waited for the case"
    assert not worker_processes(os.getpid())
    assert Store(tmp_path).runs() == []  # a cancelled run is not recorded


def test_a_cancel_stops_a_profile_between_requests():
    problem = registry.get("interleaving-string")
    with Later(1.5) as later, pytest.raises(RunCancelled):
        profile_submission(problem, None, ProfileOptions(deadline_s=120), cancel=later.event)
    # The whole profile takes over ten seconds; it stops at the next request, a call or two later.
    assert time.monotonic() - later.at < 5.0


def test_a_cancel_set_before_the_run_stops_it_before_any_case(tmp_path):
    event = threading.Event()
    event.set()
    with pytest.raises(RunCancelled):
        judge_submission(registry.get("interleaving-string"), FIXTURES / "interleaving_string" / "ac_function.py",
                         RunOptions(store=tmp_path), cancel=event)


def test_a_design_starter_that_still_raises_is_named():
    """The method named is the one the smallest failing sequence calls first."""
    starter = FIXTURES / "paged_kv_allocator" / "re_unimplemented.py"
    result = judge_submission(registry.get("paged-kv-allocator"), starter, RunOptions(max_examples=5, seed=1,
                                                                                       store=None))
    assert result.verdict is Verdict.RE
    method = result.failing_case.input["ops"][result.failing_case.step - 1][0]
    assert result.message == (f"not implemented yet: write `BlockAllocator.{method}` in {starter.name} "
                              "(the starter still raises NotImplementedError)")
