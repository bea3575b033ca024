"""What problems on numeric arrays share: validation, the array checker, Hypothesis's edge
cases, the small scope's values, and the reductions that shrink a matrix's shape.

Inputs are JSON-like (nested lists of numbers; see judge/model/arrays.py); answers come
back as encoded ndarrays or plain lists, and :func:`compare` judges one array of an
answer: integer codes exactly, floats within a relative plus an absolute tolerance, and
a failure names the first differing index and both values.
"""

from __future__ import annotations

import math
from typing import Any, Iterator, Sequence

import numpy as np
from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.arrays import decode, show_array
from judge.model.scope import floats, matrices
from judge.model.size import float_cost
from problems._inputs import show

# -- validation -------------------------------------------------------------------------------


def rows_of(value: Any) -> list:
    """A matrix as a list of rows, whether it is nested lists (judged inputs) or an ndarray
    (the profiling families)."""
    return value.tolist() if isinstance(value, np.ndarray) else value


def check_matrix(name: str, value: Any, source: str, max_rows: int, max_cols: int, max_abs: float,
                 min_rows: int = 1, min_cols: int = 1, float32: bool = False) -> tuple[int, int]:
    """A rectangular list of rows of finite numbers, each |v| <= max_abs; returns (rows, cols).
    ``float32``: each value must be a float32 exactly, so what the submission sees is what the
    input says."""
    matrix = rows_of(value)
    if not isinstance(matrix, list):
        raise InvalidInput(f"{name} is {type(matrix).__name__} {show(matrix)}, not a list of rows; "
                           f"pass {name} as [[...], ...]")
    if not min_rows <= len(matrix) <= max_rows:
        raise InvalidInput(f"{name} has {len(matrix)} rows; {source} allows {min_rows}..{max_rows} — "
                           f"{'add' if len(matrix) < min_rows else 'remove'} rows")
    width = None
    for i, row in enumerate(matrix):
        if not isinstance(row, list):
            raise InvalidInput(f"{name}[{i}] is {type(row).__name__} {show(row)}, not a list; each row is a list")
        if width is None:
            width = len(row)
            if not min_cols <= width <= max_cols:
                raise InvalidInput(f"{name} has {width} columns; {source} allows {min_cols}..{max_cols} — "
                                   f"{'add' if width < min_cols else 'remove'} columns")
        elif len(row) != width:
            raise InvalidInput(f"{name}[{i}] has {len(row)} values but {name}[0] has {width}; "
                               "make every row the same length")
        for j, item in enumerate(row):
            if type(item) not in (int, float):
                raise InvalidInput(f"{name}[{i}][{j}] is {type(item).__name__} {show(item)}, not a number; "
                                   "pass ints or floats")
            if not (math.isfinite(item) and abs(item) <= max_abs):
                raise InvalidInput(f"{name}[{i}][{j}] is {item}; {source} allows finite values within "
                                   f"±{max_abs:g} — bring it into range")
            if float32 and float(np.float32(item)) != item:
                raise InvalidInput(f"{name}[{i}][{j}] is {item!r}, not a float32; pass "
                                   f"{float(np.float32(item))!r}, the float32 nearest it")
    return len(matrix), width


def matrix_text(value: Any, dtype: str) -> str:
    """'float32[2×3] [[1.0, 0.5, -2.0], [0.0, -0.0, 100.0]]', for ``describe`` and reports."""
    return show_array(rows_of(value), dtype)


# -- the checker --------------------------------------------------------------------------------


def _index(position: Sequence[int]) -> str:
    return "[" + ", ".join(str(int(i)) for i in position) + "]"


def _shape(array: np.ndarray) -> str:
    return "(" + ", ".join(str(n) for n in array.shape) + ("," if array.ndim == 1 else "") + ")"


def _scalar(value: Any, dtype: np.dtype) -> str:
    return str(dtype.type(value)) if dtype.kind == "f" else str(value)


def as_array(name: str, value: Any) -> tuple[np.ndarray | None, str | None]:
    """(the answer's array, None) or (None, the reason it is not an array of numbers)."""
    try:
        return decode(value), None
    except ValueError as exc:
        return None, f"{name} is not an array of numbers: {exc}"


def compare(name: str, expected: Any, got: Any, integer: bool, rtol: float = 0.0, atol: float = 0.0,
            codes_dtype: str = "int64") -> str | None:
    """None if array ``got`` is ``expected``: the same shape and, for ``integer`` codes, an
    integer dtype and the same values exactly; for floats, |got - expected| <= atol +
    rtol·|expected| everywhere (NaN only where expected has NaN). Otherwise one line naming the
    first differing index and both values, or the shapes, or the dtype."""
    want = decode(expected)
    have, reason = as_array(name, got)
    if reason:
        return reason
    if have.shape != want.shape:
        return f"{name} has shape {_shape(have)}, expected {_shape(want)}"
    if integer:
        if have.dtype.kind not in "iu":
            return f"{name} has dtype {have.dtype}; it holds integer codes: return {name}.astype(np.{codes_dtype})"
        bad = have.astype(np.int64) != want.astype(np.int64)
        tolerance = ""
    else:
        if have.dtype.kind not in "iuf":
            return f"{name} has dtype {have.dtype}; return floats"
        g, w = have.astype(np.float64), want.astype(np.float64)
        with np.errstate(invalid="ignore"):
            bad = ~np.isclose(g, w, rtol=rtol, atol=atol, equal_nan=True)
        tolerance = f" (tolerance {rtol:g} relative + {atol:g} absolute)"
    if not bad.any():
        return None
    where = tuple(np.argwhere(bad)[0])
    count = int(bad.sum())
    others = f"; {count - 1} more differ" if count > 1 else ""
    return (f"{name}{_index(where)} = {_scalar(have[where], have.dtype)}, expected "
            f"{_scalar(want[where], want.dtype)}{tolerance}{others}")


def parts(got: Any, names: Sequence[str], what: str) -> tuple[list | None, str | None]:
    """An answer that must be a tuple of ``len(names)`` values: (the values, None) or (None, why not)."""
    if type(got) is not list or len(got) != len(names):
        shown = f"a tuple of {len(got)}" if type(got) is list else show(got)
        return None, f"{what} returned {shown}, expected the tuple ({', '.join(names)})"
    return got, None


# -- Hypothesis: the edge cases of array inputs -----------------------------------------------------


def to_float32(value: float) -> float:
    return float(np.float32(value))


#: Values of the small scope's matrices: every float of cost <= 2 (see judge.model.size.float_cost).
SCOPE_VALUES = (0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, -1.5, 2.0, -2.0)


def scope_matrices(max_rows: float = math.inf, max_cols: float = math.inf):
    """Every matrix of :data:`SCOPE_VALUES`, by size = cells + the values' costs."""
    return matrices(floats(SCOPE_VALUES), max_rows=max_rows, max_cols=max_cols)


def matrix_size(*values: Any) -> int:
    """Cells plus the floats' costs, over every matrix given."""
    total = 0
    for value in values:
        for row in rows_of(value):
            total += len(row) + sum(float_cost(float(v)) for v in row)
    return total


@st.composite
def gaussian_rows(draw, rows: int, cols: int, spread: float = 1.0) -> list[list[float]]:
    """Float32 values, normal-looking: a drawn magnitude times small integers over 16, so
    shrinking moves toward short binary fractions."""
    scale = draw(st.sampled_from((1.0, 0.5, 0.03125, 4.0))) * spread
    cells = draw(st.lists(st.integers(-64, 64), min_size=rows * cols, max_size=rows * cols))
    return [[to_float32(cells[i * cols + j] / 16 * scale) for j in range(cols)] for i in range(rows)]


@st.composite
def edge_cases(draw, matrix: list[list[float]], groups: int | None = None) -> list[list[float]]:
    """The edge cases of quantisation applied to ``matrix`` (in place, and returned): a single
    outlier 100× the rest (the LLM.int8() phenomenon), an all-zero row, an all-zero group of
    ``groups`` columns, negative zeros. Each is drawn on or off."""
    rows, cols = len(matrix), len(matrix[0])
    if draw(st.booleans()):  # an outlier: 100x the largest magnitude, at one cell
        largest = max((abs(v) for row in matrix for v in row), default=0.0) or 1.0
        i, j = draw(st.integers(0, rows - 1)), draw(st.integers(0, cols - 1))
        matrix[i][j] = to_float32(draw(st.sampled_from((100.0, -100.0))) * largest)
    if rows > 1 and draw(st.booleans()):
        i = draw(st.integers(0, rows - 1))
        matrix[i] = [0.0] * cols
    if groups and cols > groups and draw(st.booleans()):
        start = draw(st.integers(0, cols // groups - 1)) * groups
        i = draw(st.integers(0, rows - 1))
        matrix[i][start:start + groups] = [0.0] * groups
    if draw(st.booleans()):  # negative zeros, which compare equal to 0.0 but print and divide differently
        for i, j in draw(st.lists(st.tuples(st.integers(0, rows - 1), st.integers(0, cols - 1)), max_size=3)):
            if matrix[i][j] == 0 or draw(st.booleans()):
                matrix[i][j] = -0.0
    return matrix


# -- reductions: smaller shapes -----------------------------------------------------------------------


def drop_column(matrix: list[list], j: int) -> list[list]:
    return [row[:j] + row[j + 1:] for row in matrix]


def column_drops(matrix: list[list]) -> Iterator[tuple[int, list[list]]]:
    """(j, the matrix without column j), for every column of a matrix of two or more."""
    width = len(matrix[0]) if matrix else 0
    if width < 2:
        return
    for j in range(width):
        yield j, drop_column(matrix, j)
