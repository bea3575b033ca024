"""Paged KV-cache block allocator in vLLM's current free order (LIFO reuse).

Everything but the free queue's order is ``paged-kv-allocator``'s, so the strategies,
families, small scope, constraints and observations are that problem's, named for this one
in error messages. The Hypothesis cases already free, fork and re-allocate within a few calls, so
they reach the order's corners: a freed block coming back before never-used ones, a
shared free that releases only a suffix, and frees of several sequences in a row.
"""

from __future__ import annotations

from typing import Any

from problems.paged_kv_allocator import API, EXAMPLE, FAMILIES, SMALL_SCOPE, describe, inputs, observations
from problems.paged_kv_allocator import validate as _validate

SOURCE = "paged-kv-allocator-lifo"

__all__ = ["API", "EXAMPLE", "FAMILIES", "SMALL_SCOPE", "SOURCE", "describe", "inputs", "observations",
           "validate"]


def validate(inp: Any) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` is not a valid case."""
    _validate(inp, SOURCE)
