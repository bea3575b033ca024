"""Longest Increasing Path in a Matrix (LeetCode 329): the reference forms side by side.

Every form computes the same quantity for every cell,

    best[i][j] = the length of the longest strictly increasing path that starts at (i, j)

and the answer is the largest of them. Moves go up, down, left or right, and only to a
strictly larger value. The cells have no row order: a cell may depend on any of its four
neighbours. What orders them is their value. Every move goes to a larger value, so the
moves form a DAG, and sorting the cells by value is a topological order of it.

- ``2d``    the whole table, filled in descending order of value;
- ``memo``  depth-first search with a memo, one recursive call per cell;
- ``numba`` the value-order fill compiled, over an int64 array.
"""

import numpy as np

from solutions._deep import call_with_deep_stack
from solutions._jit import jit


def longest_increasing_path_2d(matrix: list[list[int]]) -> int:
    """Bottom-up in descending order of value: O(mn log mn) time, O(mn) memory.

    An edge (a, b) needs value(b) > value(a). Cells sorted by descending value therefore
    visit b before a for every edge, so when a cell is filled all of its larger
    neighbours already hold their final answers. Equal values are never joined by an
    edge, so how ties are ordered does not matter.
    """
    m, n = len(matrix), len(matrix[0])
    flat = [v for row in matrix for v in row]
    size = m * n
    best = [1] * size
    for k in sorted(range(size), key=flat.__getitem__, reverse=True):
        v = flat[k]
        j = k % n
        b = 1
        if k >= n and flat[k - n] > v and best[k - n] >= b:
            b = best[k - n] + 1
        if k + n < size and flat[k + n] > v and best[k + n] >= b:
            b = best[k + n] + 1
        if j > 0 and flat[k - 1] > v and best[k - 1] >= b:
            b = best[k - 1] + 1
        if j + 1 < n and flat[k + 1] > v and best[k + 1] >= b:
            b = best[k + 1] + 1
        best[k] = b
    return max(best)


def longest_increasing_path_memo(matrix: list[list[int]]) -> int:
    """Depth-first search with a memo: O(mn) time, O(mn) memory, depth up to mn.

    ``longest(k)`` recurses into every strictly larger neighbour and keeps the best.
    There are no cycles (values strictly increase along a path), so a cell is never
    re-entered while it is still being computed. Every cell is a possible start, so the
    memo ends up holding all mn cells on every input. The depth is the length of the
    path being followed: mn on a snake, so the search runs on a deep stack.
    """
    m, n = len(matrix), len(matrix[0])
    flat = [v for row in matrix for v in row]
    size = m * n
    best = [0] * size  # 0 = not computed yet; every real answer is at least 1

    def longest(k: int) -> int:
        known = best[k]
        if known:
            return known
        v = flat[k]
        j = k % n
        result = 1
        if k >= n and flat[k - n] > v:
            result = max(result, longest(k - n) + 1)
        if k + n < size and flat[k + n] > v:
            result = max(result, longest(k + n) + 1)
        if j > 0 and flat[k - 1] > v:
            result = max(result, longest(k - 1) + 1)
        if j + 1 < n and flat[k + 1] > v:
            result = max(result, longest(k + 1) + 1)
        best[k] = result
        return result

    def every_start() -> int:
        answer = 0
        for k in range(size):
            answer = max(answer, longest(k))
        return answer

    return call_with_deep_stack(every_start, recursion_limit=max(100_000, size + 1_000))


@jit
def _lip_kernel(grid):
    """Value-order fill over a C-contiguous int64 grid; same order as the 2d form."""
    m, n = grid.shape
    size = m * n
    flat = grid.ravel()
    order = np.argsort(flat, kind="mergesort")
    best = np.ones(size, dtype=np.int64)
    answer = 1
    for t in range(size - 1, -1, -1):  # descending value: larger neighbours are final
        k = order[t]
        v = flat[k]
        j = k % n
        b = 1
        if k >= n and flat[k - n] > v and best[k - n] >= b:
            b = best[k - n] + 1
        if k + n < size and flat[k + n] > v and best[k + n] >= b:
            b = best[k + n] + 1
        if j > 0 and flat[k - 1] > v and best[k - 1] >= b:
            b = best[k - 1] + 1
        if j + 1 < n and flat[k + 1] > v and best[k + 1] >= b:
            b = best[k + 1] + 1
        best[k] = b
        if b > answer:
            answer = b
    return answer


def _as_grid(matrix: object) -> np.ndarray:
    """A C-contiguous int64 (m, n) array, or a one-line TypeError/ValueError/OverflowError."""
    if not isinstance(matrix, list) or not matrix:
        raise ValueError("matrix must be a non-empty list of rows; pass at least one row")
    width = None
    for i, row in enumerate(matrix):
        if not isinstance(row, list) or not row:
            raise ValueError(f"matrix row {i} is not a non-empty list; pass every row as a list of ints")
        if width is None:
            width = len(row)
        elif len(row) != width:
            raise ValueError(f"matrix row {i} has {len(row)} values, row 0 has {width}; make the rows equal")
    grid = np.array(matrix)
    if grid.dtype.kind == "i":
        return np.ascontiguousarray(grid, dtype=np.int64)
    if all(isinstance(v, int) and not isinstance(v, bool) for row in matrix for v in row):
        big = max((v for row in matrix for v in row), key=abs)
        raise OverflowError(
            f"matrix holds {big}, outside int64's range -2**63..2**63-1; "
            "the numba form compares int64 values (LeetCode 329 stays within 0..2**31-1)"
        )
    raise TypeError(f"matrix holds {grid.dtype} values, not int; pass ints only")


def longest_increasing_path_numba(matrix: list[list[int]]) -> int:
    """Compiled value-order fill: O(mn log mn) time, O(mn) memory. Compiles once, then cached."""
    return int(_lip_kernel(_as_grid(matrix)))


FORMS = {
    "2d": longest_increasing_path_2d,
    "memo": longest_increasing_path_memo,
    "numba": longest_increasing_path_numba,
}

NOT_APPLICABLE: dict[str, str] = {
    "1d": (
        "no row order: a cell may depend on any of its four neighbours, including the row "
        "below, so no sweep over rows finishes a row before the next needs it; the only "
        "valid order is by value, and it visits cells all over the table"
    ),
}
