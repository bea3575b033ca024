"""Minimal beyond the small scope: a greedy reduction pass, run to a fixpoint.

Hypothesis shrinks the choices that drew an input; it can stop at an input that a
single edit would still make smaller. This pass tries every single edit:

- delete one character of a string, or one element of a list (a call of a design
  case, a request of a simulation, a row of a matrix: each is a list element);
- lower one number (an integer to 0, to half, by one; a float to 0.0, to the power of two
  nearest it, to one significant bit fewer, or one binary exponent nearer 1: each of
  these lowers its :func:`judge.model.size.float_cost`);
- shorten one length, which a deletion does.

Deleting runs of half, a quarter, ... of a string or list are tried too (as delta
debugging does), so a long input shrinks in a few rounds, not one character a round;
a problem may add edits of its own (``reductions(inp)``), such as deleting the same
letter from two strings at once, or a column from every row of a matrix. It keeps the
smallest candidate that is valid and still fails the same way, and starts again. All
candidates of a round travel to the worker as one batch. When no
candidate fails, the input is *1-minimal*: no single step makes a smaller input that
fails. If the budget runs out first, no guarantee holds.
"""

from __future__ import annotations

import itertools
import json
import math
import time
from typing import Any, Callable, Iterable, Iterator

from judge.model.size import Size, float_cost


def _numbers(value: int) -> Iterator[int]:
    for smaller in (0, value // 2 if value > 0 else -((-value) // 2), value - 1 if value > 0 else value + 1):
        if abs(smaller) < abs(value):
            yield smaller


def _floats(value: float) -> Iterator[float]:
    """Simpler floats: 0.0, the nearest power of two, one significant bit fewer (toward zero),
    the exponent one step nearer 2^0; only those of lower cost, each once."""
    if value == 0 or not math.isfinite(value):
        if value == 0 and math.copysign(1.0, value) < 0:
            yield 0.0  # -0.0
        return
    mantissa, exponent = math.frexp(value)  # value = mantissa·2^exponent, 0.5 <= |mantissa| < 1
    numerator, _ = mantissa.as_integer_ratio()
    bits = abs(numerator).bit_length()
    shorter = math.ldexp(math.trunc(mantissa * 2 ** (bits - 1)) / 2 ** (bits - 1), exponent) if bits > 1 else value
    nearer = math.ldexp(mantissa, exponent - 1 if exponent > 1 else exponent + 1)
    cost = float_cost(value)
    seen = set()
    for smaller in (0.0, math.copysign(2.0 ** (exponent - 1), value), shorter, nearer):
        if smaller not in seen and float_cost(smaller) < cost:
            seen.add(smaller)
            yield smaller


def edits(value: Any) -> Iterator[Any]:
    """Every value one edit smaller than ``value``, structure kept."""
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield from _numbers(value)
    elif isinstance(value, float):
        yield from _floats(value)
    elif isinstance(value, (str, list)):
        yield from _deletions(value)
        if isinstance(value, list):
            yield from _item_edits(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            for smaller in edits(item):
                yield {**value, key: smaller}


def _deletions(value: str | list) -> Iterator[str | list]:
    """Runs of len/2, len/4, ... (at least 2), then each single item."""
    run = len(value) // 2
    while run >= 2:
        for start in range(0, len(value), run):
            yield value[:start] + value[start + run:]
        run //= 2
    for i in range(len(value)):
        yield value[:i] + value[i + 1:]


def _item_edits(value: list) -> Iterator[list]:
    for i, item in enumerate(value):
        for smaller in edits(item):
            yield value[:i] + [smaller] + value[i + 1:]


def reduce(
    inp: dict[str, Any],
    size: Callable[[dict[str, Any]], Size],
    valid: Callable[[dict[str, Any]], bool],
    first_failing: Callable[[list[dict[str, Any]]], int | None],
    deadline: float,
    extra: Callable[[dict[str, Any]], Iterable[dict[str, Any]]] | None = None,
    chunk: int = 128,
) -> tuple[dict[str, Any], bool]:
    """The input after reduction, and whether it is 1-minimal.

    ``first_failing(candidates)`` judges the candidates (one batch's worth: they come
    ``chunk`` at a time, smallest first, with the deadline checked between) and returns
    the index of the first that still fails the same way, or None."""
    current, current_size = inp, size(inp)
    while True:
        if time.monotonic() > deadline:
            return current, False
        seen: set[str] = set()
        candidates = []
        for candidate in itertools.chain(edits(current), extra(current) if extra else ()):
            key = json.dumps(candidate, sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
            if not valid(candidate):
                continue
            candidate_size = size(candidate)
            if candidate_size < current_size:
                candidates.append((candidate_size, len(candidates), candidate))
        candidates.sort(key=lambda c: (c[0], c[1]))
        found = None
        for start in range(0, len(candidates), chunk):
            if time.monotonic() > deadline:
                return current, False
            index = first_failing([c[2] for c in candidates[start:start + chunk]])
            if index is not None:
                found = candidates[start + index]
                break
        if found is None:
            return current, True
        current_size, _, current = found
