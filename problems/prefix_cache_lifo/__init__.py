"""Prefix cache in vLLM's current free order: uncached freed blocks to the front.

Everything but the free queue's order is ``prefix-cache``'s, so the strategies,
families, small scope, constraints and observations are that problem's, named for this one in error
messages. Its strategies free sequences whose last block is partly filled (no cache
entry: to the front here) next to full cached blocks (to the tail), and first-writer-wins
duplicates (full, but holding no entry: to the front too).
"""

from __future__ import annotations

from typing import Any

from problems.prefix_cache import API, EXAMPLE, FAMILIES, SMALL_SCOPE, describe, inputs, observations
from problems.prefix_cache import validate as _validate

SOURCE = "prefix-cache-lifo"

__all__ = ["API", "EXAMPLE", "FAMILIES", "SMALL_SCOPE", "SOURCE", "describe", "inputs", "observations",
           "validate"]


def validate(inp: Any) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` is not a valid case."""
    _validate(inp, SOURCE)
