"""Published end-to-end serving results, reproduced by the kit: the error band the labs print.

STORED is docs/validation.md's table as data; tests/test_lab_validation.py re-runs each row
and checks the stored kit figures and the band.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

RESULTS = resources.files("judge.labs") / "data" / "validation" / "results.json"


def stored() -> list[dict[str, Any]]:
    return json.loads(RESULTS.read_text(encoding="utf-8"))["rows"]


def band(rows: list[dict[str, Any]] | None = None) -> tuple[float, int, int]:
    """(largest |error| among the rows inside the ±25% target, rows inside, all rows)."""
    rows = stored() if rows is None else rows
    inside = [abs(r["error"]) for r in rows if r["reproducible"] and abs(r["error"]) <= 0.25]
    return (max(inside) if inside else 0.0), len(inside), len(rows)


def band_line() -> str:
    worst, inside, total = band()
    return (f"Validated: throughput within ±{worst:.0%} of published results on {inside} of {total} setups "
            "(MLPerf, vLLM; the others and why: docs/validation.md).")
