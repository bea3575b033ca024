"""Plain data across the process boundary, and comparison by real type and value.

The worker turns whatever a submission returns into JSON-like data before it
leaves the worker; the judge compares that data and never calls an object's own
``__eq__``.
"""

from __future__ import annotations

from typing import Any

from judge.errors import Unsupported

_SCALARS = (bool, int, float, str, type(None))


def _numpy_scalar(obj: Any) -> Any:
    # numpy is imported lazily and only if the object came from it.
    module = type(obj).__module__
    if module == "numpy" or module.startswith("numpy."):
        import numpy as np

        if isinstance(obj, np.generic):
            return obj.item()
    raise Unsupported(type(obj).__name__)


def to_plain(obj: Any, depth: int = 0) -> Any:
    """Convert to JSON-like data: exact builtin scalars, lists and str-keyed dicts.

    numpy scalars become Python scalars (a jitted ``np.bool_`` is a fine bool);
    tuples become lists. Anything else, including subclasses of builtins, raises
    :class:`Unsupported` naming its type.
    """
    if depth > 50:
        raise Unsupported("deeply nested value")
    kind = type(obj)
    if kind in _SCALARS:
        return obj
    if kind in (list, tuple):
        return [to_plain(item, depth + 1) for item in obj]
    if kind is dict:
        if not all(type(k) is str for k in obj):
            raise Unsupported("dict with non-str keys")
        return {k: to_plain(v, depth + 1) for k, v in obj.items()}
    return to_plain(_numpy_scalar(obj), depth + 1)


def same(expected: Any, got: Any) -> bool:
    """Equal as plain data, with bool and int kept apart (``True`` is not ``1``)."""
    if type(expected) is not type(got):
        if type(expected) in (int, float) and type(got) in (int, float):
            return expected == got
        return False
    if type(expected) is list:
        return len(expected) == len(got) and all(same(a, b) for a, b in zip(expected, got))
    if type(expected) is dict:
        return expected.keys() == got.keys() and all(same(expected[k], got[k]) for k in expected)
    return expected == got


def short_repr(value: Any, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 15] + f"… ({len(text)} chars)"
