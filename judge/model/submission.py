"""What the judge decided about a submission from its source alone, before running it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Plan:
    path: str
    style: str  # "class", "function" or "design"
    name: str  # the function name, the method name on Solution, or the design problem's class
    uses_numba: bool
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Plan":
        return cls(**data)
