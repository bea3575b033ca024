"""Watching a solution file, and judging it again on every save.

watchfiles (Rust's notify: inotify on Linux) reports the saves. The file's folder is
watched, not the file: many editors save by writing a new file and renaming it over
the old one, which a watch on the old inode would never see. A save sets
``saved`` and ``cancel``: a run in progress stops at once (the engine checks
``cancel`` between batches and phases, and kills its worker mid-batch), and the loop
starts again on what was saved.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

import watchfiles

from judge.engine.run import RunOptions, judge_submission
from judge.errors import RunCancelled
from judge.model.outcomes import RunResult
from judge.model.problem import Problem
from judge.model.verdicts import Verdict
from judge.profiling.bench import profile_accepted
from judge.profiling.profile import ProfileOptions

#: Saves closer together than this are one (an editor's write, then its rename).
STEP_MS = 50


class FileWatcher:
    """Use as a context manager: a daemon thread watches until the block ends."""

    def __init__(self, path: Path):
        self.path = path.resolve()
        self.saved = threading.Event()
        self.cancel = threading.Event()  # set with ``saved``
        self.cancels_on_save = True  # a mock past its time lets the last save in time finish
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name=f"watch {path.name}", daemon=True)

    def __enter__(self) -> "FileWatcher":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)  # watchfiles looks at the stop event every STEP_MS

    def _watch(self) -> None:
        name = self.path.name
        for _ in watchfiles.watch(self.path.parent, watch_filter=lambda change, path: Path(path).name == name,
                                  step=STEP_MS, stop_event=self._stop, recursive=False, raise_interrupt=False):
            self.saved.set()
            if self.cancels_on_save:
                self.cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the next save (True) or the timeout (False). Ctrl-C interrupts it."""
        return self.saved.wait(timeout)

    def begin(self) -> None:
        """A run starts on the file as it is now: saves from here on are new."""
        self.saved.clear()
        self.cancel.clear()


def judge_latest(problem: Problem, path: Path, options: RunOptions, watcher: FileWatcher,
                 progress=None, on_start: Callable[[], None] = lambda: None) -> RunResult:
    """Judge the file; a save mid-run cancels the run and judges the new file (``on_start``
    is called as each judging starts). Raises RunCancelled when the run was cancelled for
    another reason (``watcher.cancel`` set without a save)."""
    while True:
        watcher.begin()
        on_start()
        try:
            return judge_submission(problem, path, options, progress=progress, cancel=watcher.cancel)
        except RunCancelled:
            if not watcher.saved.is_set():
                raise


def watch_loop(problem: Problem, path: Path, options: RunOptions, profile: ProfileOptions | None, bench: bool,
               show: Callable[[RunResult, int, bool], None], progress=None) -> None:
    """``judge run --watch`` until Ctrl-C: judge, ``show(result, run number, accepted before)``,
    then, on AC, profile and show again; wait for the next save. A save during any of it
    starts again on the new file."""
    number, accepted = 0, False
    with FileWatcher(path) as watcher:
        while True:
            if not path.is_file():
                watcher.wait()  # deleted mid-edit: the next save brings it back
                continue
            number += 1
            result = judge_latest(problem, path, options, watcher, progress)
            show(result, number, accepted)
            if result.verdict is Verdict.AC and bench and not watcher.saved.is_set():
                try:
                    profile_accepted(problem, result, options, profile, progress, watcher.cancel)
                except RunCancelled:
                    continue  # saved while profiling: judge the new file
                show(result, number, accepted)
            accepted = accepted or result.verdict is Verdict.AC
            if not watcher.saved.is_set():
                watcher.wait()
