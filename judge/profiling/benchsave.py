"""Runs of ``judge bench`` in pytest-benchmark's own JSON format and place.

A save lands in ``.benchmarks/<machine>/NNNN_NAME.json`` with the test names the
``benchmarks/`` suite gives the same problem, form, family and size, so
``pytest-benchmark compare`` and ``pytest --benchmark-compare`` line them up.
Each save is a new file, written to a temporary name and linked into place, so an
interrupted run leaves no corrupt file and no earlier save is ever touched.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from judge.errors import SaveNotFound
from judge.model.outcomes import Profile

SUITE_FILE = "benchmarks/test_forms.py"
SUITE_TEST = "test_form"
DEFAULT_ROOT = Path(".benchmarks")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def param_id(slug: str, family: str, n: int, form: str) -> str:
    return f"{slug}-{family}-n{n}-{form}"


def fullname(slug: str, family: str, n: int, form: str) -> str:
    """The pytest node id of the benchmark suite's test for this point."""
    return f"{SUITE_FILE}::{SUITE_TEST}[{param_id(slug, family, n, form)}]"


def group(slug: str, family: str, n: int) -> str:
    """One group per problem, family and size: the forms side by side in pytest-benchmark's table."""
    return f"{slug} {family} n={n}"


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"save name {name!r} is not a plain file name; use letters, digits, '.', '_' and '-'")
    return name


def machine_dir(root: Path = DEFAULT_ROOT) -> Path:
    from pytest_benchmark.utils import get_machine_id

    return root / get_machine_id()


def _stats(samples: list[float]) -> dict[str, Any]:
    from pytest_benchmark.stats import Stats

    stats = Stats()
    for value in samples:
        stats.update(value)
    result = stats.as_dict()
    result.update(data=list(samples), iterations=1)
    return result


def to_json(slug: str, profile: Profile, options: dict[str, Any]) -> dict[str, Any]:
    from pytest_benchmark import __version__
    from pytest_benchmark.plugin import pytest_benchmark_generate_machine_info
    from pytest_benchmark.utils import get_commit_info

    benchmarks = []
    for family, forms in profile.families.items():
        for form, p in forms.items():
            for i, n in enumerate(p.sizes):
                pid = param_id(slug, family, n, form)
                benchmarks.append({
                    "group": group(slug, family, n),
                    "name": f"{SUITE_TEST}[{pid}]",
                    "fullname": fullname(slug, family, n, form),
                    "params": {"point": pid},
                    "param": pid,
                    "extra_info": {"problem": slug, "family": family, "n": n, "form": form,
                                   "peak_bytes": p.peak_bytes[i], "source": "judge bench"},
                    "options": options,
                    "stats": _stats(p.samples[i]),
                })
    return {
        "machine_info": pytest_benchmark_generate_machine_info(),
        "commit_info": get_commit_info(),
        "benchmarks": benchmarks,
        "datetime": datetime.now(timezone.utc).isoformat(),
        "version": __version__,
    }


def _numbered(folder: Path) -> list[tuple[int, Path]]:
    found = []
    for path in folder.glob("[0-9][0-9][0-9][0-9]_*.json"):
        found.append((int(path.name[:4]), path))
    return sorted(found)


def save(data: dict[str, Any], name: str, root: Path = DEFAULT_ROOT) -> Path:
    """Write a new NNNN_NAME.json; never replaces an existing file."""
    folder = machine_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".judge-bench-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=4)
            handle.flush()
            os.fsync(handle.fileno())
        while True:
            existing = _numbered(folder)
            number = existing[-1][0] + 1 if existing else 1
            target = folder / f"{number:04d}_{check_name(name)}.json"
            try:
                os.link(tmp, target)  # fails, rather than overwrites, if another run took the number
                return target
            except FileExistsError:
                continue
    finally:
        Path(tmp).unlink(missing_ok=True)


def newest(name: str, root: Path = DEFAULT_ROOT) -> tuple[Path, dict[str, Any]]:
    folder = machine_dir(root)
    wanted = f"{check_name(name)}.json"
    matches = [path for _, path in _numbered(folder) if path.name[5:] == wanted] if folder.is_dir() else []
    if not matches:
        raise SaveNotFound(f"no save named {name!r} in {folder}; run judge bench with --save {name} first")
    path = matches[-1]
    return path, json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Change:
    form: str
    family: str
    n: int
    before_s: float
    after_s: float

    @property
    def speedup(self) -> float:
        return self.before_s / self.after_s


def compare(slug: str, profile: Profile, saved: dict[str, Any]) -> list[Change]:
    """Points measured now and in the save, by the suite's test name."""
    before = {b["fullname"]: b["stats"] for b in saved.get("benchmarks", [])}
    changes = []
    for family, forms in profile.families.items():
        for form, p in forms.items():
            for i, n in enumerate(p.sizes):
                old = before.get(fullname(slug, family, n, form))
                if old is not None:
                    changes.append(Change(form, family, n, old["median"], statistics.median(p.samples[i])))
    return changes
