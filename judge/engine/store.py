"""The kit's small state under ``.judge/``: failing inputs to replay, and what was solved.

Writes are atomic (a temporary file, then ``os.replace``), so an interrupted run
never leaves a corrupt file and never loses what was saved before.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

MAX_REPLAYS = 20


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return default  # a missing or unreadable store is an empty one; it is rewritten whole


class Store:
    def __init__(self, root: Path):
        self.root = root

    def _failures_path(self, slug: str, submission: Path) -> Path:
        digest = hashlib.sha1(str(submission.resolve()).encode()).hexdigest()[:12]
        return self.root / "failures" / slug / f"{submission.stem}-{digest}.json"

    def failures(self, slug: str, submission: Path) -> list[dict[str, Any]]:
        data = _read_json(self._failures_path(slug, submission), {})
        inputs = data.get("inputs", []) if isinstance(data, dict) else []
        return [i for i in inputs if isinstance(i, dict)]

    def remember_failure(self, slug: str, submission: Path, inp: dict[str, Any]) -> None:
        inputs = [i for i in self.failures(slug, submission) if i != inp]
        inputs.insert(0, inp)
        write_json_atomic(
            self._failures_path(slug, submission),
            {"submission": str(submission.resolve()), "inputs": inputs[:MAX_REPLAYS]},
        )

    @property
    def _history_path(self) -> Path:
        return self.root / "history.json"

    def history(self) -> dict[str, Any]:
        data = _read_json(self._history_path, {})
        return data if isinstance(data, dict) else {}

    def record(self, slug: str, submission: Path, verdict: str) -> None:
        history = self.history()
        entry = history.get(slug, {}) if isinstance(history.get(slug), dict) else {}
        entry.update(last_verdict=verdict, last_submission=str(submission.resolve()),
                     when=time.strftime("%Y-%m-%dT%H:%M:%S"))
        entry["solved"] = bool(entry.get("solved")) or verdict == "AC"
        history[slug] = entry
        write_json_atomic(self._history_path, history)
