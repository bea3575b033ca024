"""Problems whose inputs and answers are numeric arrays: their data form and conversions.

An array input stays JSON-like in the input dict, as nested lists of numbers, so it
crosses the drawer process, the worker's pipe, the store and ``--case`` as every other
input does. The problem declares which parameters are arrays and their dtype
(problem.json: ``"entry": {"arrays": {"w": "float32"}}``); the references and the
submission are both called with numpy arrays built from them (:func:`arguments`). An
ndarray that already has the dtype is passed as it is, which is how the profiling
families hand over large matrices without a conversion in the timing.

An answer may hold ndarrays, lists, or tuples of them. JSON keeps neither dtype nor
shape, so an ndarray leaves the worker as a tagged dict (:func:`encode`):
``{"ndarray": "int8", "shape": [2, 3], "data": [[...], [...]]}``, and a checker turns it
back with :func:`decode`. A submission cannot forge the tag: a dict of its own that uses
the key is unsupported (see :func:`judge.model.values.to_plain`).

numpy is imported lazily, and only by problems that declare arrays.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

#: The key that marks an encoded ndarray.
TAG = "ndarray"
#: The dtypes a problem may declare for an array parameter.
DTYPES = ("float16", "float32", "float64", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "bool")
#: dtype kinds an answer's ndarray may have: bool, signed and unsigned integers, floats.
KINDS = "biuf"
#: Elements shown at each end of an axis by :func:`show` before the middle is elided.
EDGE_ITEMS = 3


def check_dtypes(arrays: Mapping[str, str], params: Sequence[str]) -> dict[str, str]:
    """The declared arrays, checked: each names a parameter and a dtype the kit knows."""
    for name, dtype in arrays.items():
        if name not in params:
            raise ValueError(f"array {name!r} is not a parameter; declare arrays among {', '.join(params)}")
        if dtype not in DTYPES:
            raise ValueError(f"array {name!r} has dtype {dtype!r}; use one of {', '.join(DTYPES)}")
    return dict(arrays)


def to_array(value: Any, dtype: str):
    """``value`` (nested lists, or an ndarray) as an ndarray of ``dtype``; an ndarray of that
    dtype is returned as it is, not copied."""
    import numpy as np

    return np.asarray(value, dtype=dtype)


def arguments(params: Sequence[str], arrays: Mapping[str, str], inp: Mapping[str, Any]) -> list[Any]:
    """The positional arguments of one call: the declared arrays as ndarrays, the rest as they are."""
    if not arrays:
        return [inp[p] for p in params]
    return [to_array(inp[p], arrays[p]) if p in arrays else inp[p] for p in params]


# -- the answer's side ------------------------------------------------------------------------

def is_ndarray(obj: Any) -> bool:
    module = type(obj).__module__
    if module != "numpy" and not module.startswith("numpy."):
        return False
    import numpy as np

    return isinstance(obj, np.ndarray)


_KIND_NAMES = {"f": "float", "i": "int", "u": "uint"}


def dtype_name(dtype: Any) -> str:
    """'float32', 'int8', 'bool': as ``str(dtype)`` says it, built from kind and width, which
    costs a fiftieth of numpy's own name lookup (35 µs, once per array of every answer)."""
    if dtype.kind == "b":
        return "bool"
    return f"{_KIND_NAMES[dtype.kind]}{8 * dtype.itemsize}"


def encode(array: Any) -> dict[str, Any] | None:
    """An ndarray as a tagged dict, or None if its dtype is not plain numbers (object, complex,
    strings, datetimes)."""
    if array.dtype.kind not in KINDS:
        return None
    return {TAG: dtype_name(array.dtype), "shape": list(array.shape), "data": array.tolist()}


def is_encoded(value: Any) -> bool:
    return type(value) is dict and TAG in value and value.keys() == {TAG, "shape", "data"}


def decode(value: Any):
    """An encoded ndarray, or any nested list of numbers, as an ndarray.

    Raises ValueError with a one-line reason for what is not a rectangular array of numbers
    (ragged rows, strings, None)."""
    import numpy as np

    if is_encoded(value):
        array = np.array(value["data"], dtype=value[TAG])
        return array.reshape(value["shape"])
    if isinstance(value, bool) or not isinstance(value, (list, int, float)):
        raise ValueError(f"{type(value).__name__} is not an array")
    try:
        array = np.array(value)
    except ValueError:
        raise ValueError("rows of different lengths, not a rectangular array") from None
    if array.dtype.kind not in KINDS:
        raise ValueError(f"elements that are not all numbers (numpy read them as {array.dtype})")
    return array


def holds_array(value: Any, depth: int = 0) -> bool:
    """Whether a plain value holds an encoded ndarray anywhere."""
    if is_encoded(value):
        return True
    if depth < 8 and type(value) is list:
        return any(holds_array(item, depth + 1) for item in value)
    return False


# -- showing them -----------------------------------------------------------------------------

def _elided(items: Sequence[Any], edge: int) -> tuple[list[Any], bool]:
    if len(items) <= 2 * edge + 1:
        return list(items), False
    return list(items[:edge]) + list(items[-edge:]), True


def _number(value: Any, dtype: str) -> str:
    if isinstance(value, bool) or dtype == "bool":
        return str(bool(value))
    if isinstance(value, int) and not dtype.startswith("float"):
        return str(value)
    import numpy as np

    # numpy's str of a scalar is the shortest text that reads back as that dtype: 0.1, not
    # the 0.10000000149011612 that float32's 0.1 is as a double.
    return str(np.dtype(dtype).type(value))


def _nested(data: Any, dtype: str, edge: int) -> str:
    if not isinstance(data, list):
        return _number(data, dtype)
    shown, cut = _elided(data, edge)
    parts = [_nested(item, dtype, edge) for item in shown]
    if cut:
        parts.insert(edge, "…")
    return "[" + ", ".join(parts) + "]"


def _shape_text(shape: Iterable[int]) -> str:
    return "×".join(str(n) for n in shape)


def show_array(data: Any, dtype: str, shape: Sequence[int] | None = None, edge: int = EDGE_ITEMS) -> str:
    """``float32[2×3] [[1.0, 0.5, -2.0], [0.0, -0.0, 100.0]]``: dtype, shape, then the values,
    each axis cut to ``edge`` items at either end."""
    if shape is None:
        shape = []
        level = data
        while isinstance(level, list):
            shape.append(len(level))
            level = level[0] if level else None
    return f"{dtype}[{_shape_text(shape)}] {_nested(data, dtype, edge)}"


def show(value: Any, edge: int = EDGE_ITEMS) -> str:
    """A plain value with its encoded ndarrays shown compactly (:func:`show_array`)."""
    if is_encoded(value):
        return show_array(value["data"], value[TAG], value["shape"], edge)
    if type(value) is list and holds_array(value):
        return "(" + ", ".join(show(item, edge) for item in value) + ")"
    return repr(value)
