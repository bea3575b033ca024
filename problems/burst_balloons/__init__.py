"""Burst Balloons (LeetCode 312): what the data files can't express.

- ``inputs``: a Hypothesis strategy that reaches the interesting cases;
- ``FAMILIES``: sized generators for profiling;
- ``validate`` and ``describe``: the constraints check and a short size label.
"""

import random
from typing import Callable

from hypothesis import strategies as st

from judge.model.scope import SmallScope, integers, lists, record
from problems._inputs import check_int_list, check_keys

MAX_LEN = 300  # LeetCode 312: 1 <= n <= 300
MAX_VALUE = 100  # LeetCode 312: 0 <= nums[i] <= 100
KEYS = ("nums",)
SOURCE = "LeetCode 312"

# 0..1 and 0..3 give zeros (a zero neighbour wipes out a product) and many ties between
# orders; 0..9 and 0..100 give one clearly best order.
_SCALES = (1, 3, 9, MAX_VALUE)


@st.composite
def _inputs(draw, max_len: int) -> dict:
    """Up to 7 balloons; about one time in nine up to 40, one in sixty-four up to max_len.
    The judge computes each expected answer in Python at O(n^3), so long rows are rare."""
    cap = min(draw(st.sampled_from((7,) * 56 + (40,) * 7 + (max_len,))), max_len)
    top = draw(st.sampled_from(_SCALES))
    n = draw(st.integers(1, cap))
    nums = draw(st.lists(st.integers(0, top), min_size=n, max_size=n))
    return {"nums": nums}


def inputs(max_len: int = MAX_LEN) -> st.SearchStrategy[dict]:
    """Valid {"nums"} inputs with 1 <= len(nums) <= max_len.

    Values are drawn from 0..1, 0..3, 0..9 or 0..100, so zeros, equal values and
    a single balloon all come up often. Measured over 2000 draws: about 45% contain a
    zero, 15% have more than 7 balloons, 3% more than 40, 14% exactly one.
    """
    if not 1 <= max_len <= MAX_LEN:
        raise ValueError(
            f"max_len={max_len} is outside LeetCode 312's 1..{MAX_LEN}; pass a value in that range"
        )
    return _inputs(max_len)


def _random_family(n: int, rng: random.Random) -> dict:
    """n balloons worth 0..100 at random. Every form does the same work on any input:
    the table has (n+1)(n+2)/2 intervals and interval (l, r) tries r - l - 1 last
    balloons, and the memo, asked for the whole row, reaches every interval too."""
    return {"nums": [rng.randint(0, MAX_VALUE) for _ in range(n)]}


def _equal_family(n: int, rng: random.Random) -> dict:
    """n balloons all worth 100, the largest answer for each n: every order ties with
    many others. The work is exactly that of `random`; the family checks that your time
    doesn't depend on the values (no pruning, no early exit). The rng is unused."""
    return {"nums": [MAX_VALUE] * n}



#: Every balloon row up to the bound: zeros and equal values included.
SMALL_SCOPE = SmallScope(
    record({"nums": lists(integers(0, MAX_VALUE), min_len=1)}),
    bound=12,
    rule="size = the number of balloons plus the sum of their values; of one size, shorter rows first, "
         "then by the values' sizes from the left",
)

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "random": _random_family,
    "equal": _equal_family,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 312's constraints."""
    check_keys(inp, KEYS, SOURCE, {"nums": [3, 1, 5, 8]})
    check_int_list("nums", inp["nums"], 1, MAX_LEN, 0, MAX_VALUE, SOURCE, unit="balloons")


def describe(inp: dict) -> str:
    """A short size label, e.g. 'n=300 balloons'."""
    n = len(inp["nums"])
    return f"n={n} balloon{'' if n == 1 else 's'}"
