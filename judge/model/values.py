"""Plain data across the process boundary, and comparison by real type and value.

The worker turns whatever a submission returns into JSON-like data before it
leaves the worker; the judge compares that data and never calls an object's own
``__eq__``. Problems whose inputs are arrays also take ndarrays back, encoded with
their dtype and shape (see :mod:`judge.model.arrays`).
"""

from __future__ import annotations

from typing import Any

from judge.errors import Unsupported
from judge.model import arrays as array_form

_SCALARS = (bool, int, float, str, type(None))


def _numpy_scalar(obj: Any) -> Any:
    # numpy is imported lazily and only if the object came from it.
    module = type(obj).__module__
    if module == "numpy" or module.startswith("numpy."):
        import numpy as np

        if isinstance(obj, np.generic):
            return obj.item()
    raise Unsupported(type(obj).__name__)


def to_plain(obj: Any, depth: int = 0, arrays: bool = False) -> Any:
    """Convert to JSON-like data: exact builtin scalars, lists and str-keyed dicts.

    numpy scalars become Python scalars (a jitted ``np.bool_`` is a fine bool);
    tuples become lists. With ``arrays`` (a problem whose inputs are arrays), an ndarray
    of numbers becomes an encoded array that keeps its dtype and shape, and a dict that
    uses the encoding's key is refused, so no answer can pass for an ndarray. Anything
    else, including subclasses of builtins, raises :class:`Unsupported` naming its type.
    """
    if depth > 50:
        raise Unsupported("deeply nested value")
    kind = type(obj)
    if kind in _SCALARS:
        return obj
    if kind in (list, tuple):
        return [to_plain(item, depth + 1, arrays) for item in obj]
    if kind is dict:
        if not all(type(k) is str for k in obj):
            raise Unsupported("dict with non-str keys")
        if arrays and array_form.TAG in obj:
            raise Unsupported(f"dict with the reserved key {array_form.TAG!r}")
        return {k: to_plain(v, depth + 1, arrays) for k, v in obj.items()}
    if arrays and array_form.is_ndarray(obj):
        encoded = array_form.encode(obj)
        if encoded is None:
            raise Unsupported(f"ndarray of dtype {obj.dtype}")
        return encoded
    return to_plain(_numpy_scalar(obj), depth + 1, arrays)


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
    text = array_form.show(value) if array_form.holds_array(value) else repr(value)
    return text if len(text) <= limit else text[: limit - 15] + f"… ({len(text)} chars)"
