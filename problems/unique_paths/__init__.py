"""Unique Paths (LeetCode 62): what the data files can't express.

- ``inputs``: a Hypothesis strategy that reaches the interesting cases;
- ``FAMILIES``: sized generators for profiling;
- ``validate`` and ``describe``: the constraints check and a short size label.
"""

import math
import random
from typing import Callable

from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import SmallScope, integers, record
from problems._inputs import check_int, check_keys

MAX_SIDE = 100  # LeetCode 62: 1 <= m, n <= 100
MAX_ANSWER = 2 * 10**9  # LeetCode 62: the answer is at most 2 * 10^9
KEYS = ("m", "n")
SOURCE = "LeetCode 62"


def count_paths(m: int, n: int) -> int:
    """C(m+n-2, m-1): the bound check needs the answer before any form runs."""
    return math.comb(m + n - 2, m - 1)


def _widest(m: int) -> int:
    """The largest n <= 100 whose m x n grid keeps the answer within 2 * 10^9."""
    return max(n for n in range(1, MAX_SIDE + 1) if count_paths(m, n) <= MAX_ANSWER)


#: WIDEST[m] for m = 1..100 (index 0 unused); symmetric in m and n.
WIDEST = [0] + [_widest(m) for m in range(1, MAX_SIDE + 1)]

#: Every valid (m, n) whose answer is at least 10^9 + 7, so a stray modulus shows.
_TOP = tuple(
    (m, n)
    for m in range(1, MAX_SIDE + 1)
    for n in range(1, WIDEST[m] + 1)
    if count_paths(m, n) >= 10**9 + 7
)


@st.composite
def _small(draw):
    """Both sides up to 8: every answer is tiny, shrinking lands on 1 x 1."""
    return {"m": draw(st.integers(1, 8)), "n": draw(st.integers(1, 8))}


@st.composite
def _anywhere(draw):
    """Any valid grid: m first, then n up to the widest one the answer bound allows."""
    m = draw(st.integers(1, MAX_SIDE))
    return {"m": m, "n": draw(st.integers(1, WIDEST[m]))}


@st.composite
def _edge_of_the_bound(draw):
    """The widest valid grid for a drawn m: the answer is as large as that m allows."""
    m = draw(st.integers(1, MAX_SIDE))
    return {"m": m, "n": WIDEST[m]}


def inputs() -> st.SearchStrategy[dict]:
    """Valid {"m", "n"} inputs: answers up to 2 * 10^9, as LeetCode 62 promises.

    Half the draws are small grids (off-by-one fills show there), the rest are
    anywhere in range, on the edge of the answer bound, or among the grids whose
    answer is at least 10^9 + 7, where a stray ``% (10**9 + 7)`` changes the result.
    Thin grids (m or n in 1, 2) appear in every branch.
    """
    return st.one_of(
        _small(),
        _anywhere(),
        _edge_of_the_bound(),
        st.sampled_from(_TOP).map(lambda mn: {"m": mn[0], "n": mn[1]}),
    )


def _square_family(n: int, rng: random.Random) -> dict:
    """m = n: an n x n grid with C(2n-2, n-1) paths, about 4^n / sqrt(n). Bottom-up
    forms and the memo all touch every one of the n^2 cells (a memo has no shortcut
    here: every state is reachable), so memo pays a dict entry and a call per cell.
    Past n = 17 the answer leaves LeetCode's 2 * 10^9; past 34 it leaves int64 and the
    numba form raises OverflowError; the Python forms go on in big ints, whose
    additions cost O(n) each. The rng is unused: one input per size."""
    return {"m": n, "n": n}



#: Every grid whose path count fits the bound: with the bound at m + n = 200, that is
#: every valid input there is, so an accepted solution is right on all of LeetCode 62.
SMALL_SCOPE = SmallScope(
    record({"m": integers(1, MAX_SIDE), "n": integers(1, MAX_SIDE)}),
    bound=2 * MAX_SIDE,
    rule="size = m + n; of one size, the smaller m first",
    valid=lambda inp: count_paths(inp["m"], inp["n"]) <= MAX_ANSWER,
)

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "square": _square_family,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 62's constraints."""
    check_keys(inp, KEYS, SOURCE, {"m": 3, "n": 7})
    for key in KEYS:
        check_int(key, inp[key], 1, MAX_SIDE, SOURCE)
    m, n = inp["m"], inp["n"]
    if count_paths(m, n) > MAX_ANSWER:
        raise InvalidInput(
            f"m={m}, n={n} has {count_paths(m, n)} paths, over LeetCode 62's bound of 2*10^9; "
            f"with m={m} keep n <= {WIDEST[m]}"
        )


def describe(inp: dict) -> str:
    """A short size label, e.g. 'm=3, n=7'."""
    return f"m={inp['m']}, n={inp['n']}"
