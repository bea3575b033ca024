"""Longest Increasing Path in a Matrix (LeetCode 329): what the data files can't express.

- ``inputs``: a Hypothesis strategy that reaches the interesting cases;
- ``FAMILIES``: sized generators for profiling;
- ``validate`` and ``describe``: the constraints check and a short size label.
"""

import random
from typing import Callable

from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import SmallScope, integers, matrices, record
from problems._inputs import check_int_list, check_keys, check_length, show

MAX_SIDE = 200  # LeetCode 329: 1 <= m, n <= 200
MAX_VALUE = 2**31 - 1  # LeetCode 329: 0 <= matrix[i][j] <= 2**31 - 1
KEYS = ("matrix",)
SOURCE = "LeetCode 329"

# How many distinct values a drawn matrix uses. One or two values make plateaus and
# equal neighbours everywhere, which is where '>=' instead of '>' goes wrong.
_SPANS = (1, 2, 3, 5, 20, MAX_VALUE + 1)


def _cap(draw, small: int) -> int:
    """The largest side: mostly ``small``, a quarter of the time LeetCode's 200."""
    return draw(st.sampled_from((small, small, small, MAX_SIDE)))


@st.composite
def _base_and_span(draw):
    """(base, span): values are base + 0..span-1, sometimes pushed up against 2**31 - 1."""
    span = draw(st.sampled_from(_SPANS))
    base = draw(st.sampled_from((0, MAX_VALUE + 1 - span)))
    return base, span


@st.composite
def _random_cells(draw):
    """A small matrix of independently drawn values over a drawn span (up to 7 x 7)."""
    m, n = draw(st.integers(1, 7)), draw(st.integers(1, 7))
    base, span = draw(_base_and_span())
    cells = draw(st.lists(st.integers(0, span - 1), min_size=m * n, max_size=m * n))
    return {"matrix": [[base + cells[i * n + j] for j in range(n)] for i in range(m)]}


@st.composite
def _lines(draw):
    """A single row or a single column, up to 200 long, over a tiny span."""
    length = draw(st.integers(1, _cap(draw, 12)))
    base, span = draw(_base_and_span())
    span = min(span, 4)
    cells = draw(st.lists(st.integers(0, span - 1), min_size=length, max_size=length))
    line = [base + c for c in cells]
    as_row = draw(st.booleans())
    return {"matrix": [line] if as_row else [[v] for v in line]}


def _snake_order(m: int, n: int, by_rows: bool) -> list[tuple[int, int]]:
    """The cells of an m x n matrix in boustrophedon order: every step moves to a neighbour."""
    if by_rows:
        return [(i, j if i % 2 == 0 else n - 1 - j) for i in range(m) for j in range(n)]
    return [(i if j % 2 == 0 else m - 1 - i, j) for j in range(n) for i in range(m)]


@st.composite
def _snakes(draw):
    """A boustrophedon snake whose values rise by a drawn step along it, so one path may
    cover every cell (and the memo's recursion goes mn deep). Some steps are 0, which
    puts equal neighbours on the snake and cuts the path there; it may run either way."""
    m, n = draw(st.integers(1, _cap(draw, 8))), draw(st.integers(1, _cap(draw, 8)))
    order = _snake_order(m, n, draw(st.booleans()))
    step = draw(st.sampled_from((1, 1, 2, 1000)))
    flats = set(draw(st.lists(st.integers(1, m * n), max_size=3)))  # positions of 0-steps
    values, v = [], 0
    for position in range(m * n):
        if position and position not in flats:
            v += step
        values.append(v)
    if draw(st.booleans()):
        values.reverse()
    top = values[0] if values[0] > values[-1] else values[-1]
    base = draw(st.sampled_from((0, MAX_VALUE - top)))
    matrix = [[0] * n for _ in range(m)]
    for (i, j), value in zip(order, values):
        matrix[i][j] = base + value
    return {"matrix": matrix}


@st.composite
def _formulas(draw):
    """v = (a*i + b*j + c*i*j) mod k + base over a matrix up to 200 x 200: ramps like
    i + j (where the number of increasing paths explodes), stripes, checkerboards and
    plateaus, all from six small numbers that shrink well."""
    m, n = draw(st.integers(1, _cap(draw, 9))), draw(st.integers(1, _cap(draw, 9)))
    a, b, c = draw(st.integers(-3, 3)), draw(st.integers(-3, 3)), draw(st.integers(-1, 1))
    k = draw(st.sampled_from((2, 3, 7, 10**6)))
    base = draw(st.sampled_from((0, MAX_VALUE + 1 - k)))
    return {"matrix": [[(a * i + b * j + c * i * j) % k + base for j in range(n)] for i in range(m)]}


def inputs() -> st.SearchStrategy[dict]:
    """Valid {"matrix"} inputs within LeetCode 329's constraints.

    Small random matrices over spans of 1 to 2**31 values (tiny spans give plateaus and
    equal neighbours), single rows and columns, snakes whose one path covers every cell,
    and closed-form ramps and stripes up to 200 x 200. Measured over 3000 draws: about
    20% answer 1, 12% a path through every cell of a matrix with two or more cells,
    15% with a side above 50, 40% with values above 2**30.
    """
    return st.one_of(_random_cells(), _lines(), _snakes(), _formulas())


def _snake_family(n: int, rng: random.Random) -> dict:
    """An n x n boustrophedon snake with values 0..n*n-1 along it: one increasing path
    covers every cell (answer n*n). Every form still visits all n*n cells; this is the
    memo's worst case for depth, since its recursion follows the snake n*n calls deep.
    The rng is unused: the family has one input per size."""
    matrix = [[0] * n for _ in range(n)]
    for value, (i, j) in enumerate(_snake_order(n, n, by_rows=True)):
        matrix[i][j] = value
    return {"matrix": matrix}


def _random_family(n: int, rng: random.Random) -> dict:
    """An n x n matrix of random values in 0..2**31-1: increasing paths are short (about
    a dozen cells at n = 512), so the memo's recursion stays shallow. Every form still
    visits all n*n cells: every cell is a start, and the value order must sort them all."""
    return {"matrix": [[rng.randint(0, MAX_VALUE) for _ in range(n)] for _ in range(n)]}



#: Every matrix up to the bound: one row, one column, equal neighbours, zeros.
SMALL_SCOPE = SmallScope(
    record({"matrix": matrices(integers(0, MAX_VALUE))}),
    bound=11,
    rule="size = the number of cells plus the sum of the values; of one size, fewer cells first, then "
         "fewer rows, then the values' sizes in reading order",
)

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "snake": _snake_family,
    "random": _random_family,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 329's constraints."""
    check_keys(inp, KEYS, SOURCE, {"matrix": [[9, 9, 4], [6, 6, 8], [2, 1, 1]]})
    matrix = inp["matrix"]
    if not isinstance(matrix, list):
        raise InvalidInput(f"matrix is {type(matrix).__name__} {show(matrix)}, not a list; pass a list of rows")
    check_length("matrix", len(matrix), 1, MAX_SIDE, SOURCE, "rows")
    for i, row in enumerate(matrix):
        check_int_list(f"matrix[{i}]", row, 1, MAX_SIDE, 0, MAX_VALUE, SOURCE, unit="values")
        if len(row) != len(matrix[0]):
            raise InvalidInput(
                f"matrix[{i}] has {len(row)} values but matrix[0] has {len(matrix[0])}; "
                "make every row the same length"
            )


def describe(inp: dict) -> str:
    """A short size label, e.g. 'm=3, n=4'."""
    matrix = inp["matrix"]
    return f"m={len(matrix)}, n={len(matrix[0]) if matrix else 0}"
