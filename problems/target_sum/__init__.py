"""Target Sum (LeetCode 494): what the data files can't express.

- ``inputs``: a Hypothesis strategy that reaches the interesting cases;
- ``FAMILIES``: sized generators for profiling;
- ``validate`` and ``describe``: the constraints check and a short size label.
"""

import random
from typing import Callable

from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import SmallScope, integers, lists, record
from problems._inputs import check_int, check_int_list, check_keys

MAX_LEN = 20  # LeetCode 494: 1 <= nums.length <= 20
MAX_VALUE = 1000  # LeetCode 494: 0 <= nums[i] <= 1000
MAX_SUM = 1000  # LeetCode 494: 0 <= sum(nums[i]) <= 1000
MAX_TARGET = 1000  # LeetCode 494: -1000 <= target <= 1000
KEYS = ("nums", "target")
SOURCE = "LeetCode 494"

# The largest value drawn: 1 gives zeros and ones (zeros double counts, ties everywhere),
# 3 and 20 give many collisions between signings, 1000 gives few.
_SCALES = (1, 3, 20, MAX_VALUE)
_TARGETS = ("reachable", "reachable", "parity", "beyond", "any", "zero")


@st.composite
def _inputs(draw, max_len: int) -> dict:
    """Length up to 8, one time in four up to max_len; each value capped so that the sum
    stays within 1000; a target picked by kind."""
    cap = min(draw(st.sampled_from((8, 8, 8, max_len))), max_len)
    n = draw(st.integers(1, cap))
    top = min(draw(st.sampled_from(_SCALES)), MAX_SUM // n)
    nums = draw(st.lists(st.integers(0, top), min_size=n, max_size=n))
    total = sum(nums)
    kind = draw(st.sampled_from(_TARGETS))
    if kind in ("reachable", "parity"):
        signs = draw(st.lists(st.booleans(), min_size=n, max_size=n))
        target = sum(x if plus else -x for x, plus in zip(nums, signs))
        if kind == "parity":  # one off: S + target is odd, so no signing reaches it
            target += 1 if target < MAX_TARGET else -1
    elif kind == "beyond":  # |target| > S: not even all + reaches it
        target = draw(st.integers(min(total + 1, MAX_TARGET), MAX_TARGET))
        target = -target if draw(st.booleans()) else target
    elif kind == "any":
        target = draw(st.integers(-MAX_TARGET, MAX_TARGET))
    else:
        target = 0
    return {"nums": nums, "target": target}


def inputs(max_len: int = MAX_LEN) -> st.SearchStrategy[dict]:
    """Valid {"nums", "target"} inputs with 1 <= len(nums) <= max_len.

    Targets come from a random signing (reachable, at least one way), that signing plus
    one (a parity mismatch: zero ways), beyond the sum, anywhere in -1000..1000, or 0.
    Values are often tiny, so zeros are common and each one doubles the count.
    Measured over 2000 draws: about 45% have a non-zero answer, 50% contain a zero,
    20% have more than 8 numbers.
    """
    if not 1 <= max_len <= MAX_LEN:
        raise ValueError(
            f"max_len={max_len} is outside LeetCode 494's 1..{MAX_LEN}; pass a value in that range"
        )
    return _inputs(max_len)


def _signed_sum(nums: list[int], rng: random.Random) -> int:
    return sum(x if rng.random() < 0.5 else -x for x in nums)


def _wide_family(n: int, rng: random.Random) -> dict:
    """n = sum(nums): 20 numbers (LeetCode's most) that add up to n, cut at random
    points (zeros included), and a target made by a random signing. The table grows
    in width only: 20 rows of 2n + 1 cells, so bottom-up forms grow linearly. The memo
    visits only reachable running sums, at most 2^i on level i, so it skips most of the
    early rows and stays below 2^21 states however wide the table gets. Counts stay
    below 2^20, so every form, numba included, runs at every size."""
    cuts = sorted(rng.randint(0, n) for _ in range(MAX_LEN - 1))
    nums = [b - a for a, b in zip([0] + cuts, cuts + [n])]
    return {"nums": nums, "target": _signed_sum(nums, rng)}


def _long_family(n: int, rng: random.Random) -> dict:
    """n = len(nums): n numbers from 1..3, so the sum S is about 2n and the table has
    n rows of 2S + 1 cells: O(n^2) work for every form, memo included (nearly every
    running sum is reachable). Counts grow like 2^n, so the Python forms carry big
    ints, and the numba form raises OverflowError, ending its sweep, once a count
    passes int64 (at about n = 64). Target: a random signing."""
    nums = [rng.randint(1, 3) for _ in range(n)]
    return {"nums": nums, "target": _signed_sum(nums, rng)}



#: Every (nums, target) up to the bound: zeros in nums, negative and unreachable targets.
SMALL_SCOPE = SmallScope(
    record({"nums": lists(integers(0, MAX_VALUE), min_len=1, max_len=MAX_LEN),
            "target": integers(-MAX_TARGET, MAX_TARGET)}),
    bound=11,
    rule="size = the number of nums + their sum + |target|; of one size, the smaller nums first "
         "(shorter, then by values from the left), then the target (negative first)",
)

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "wide": _wide_family,
    "long": _long_family,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 494's constraints."""
    check_keys(inp, KEYS, SOURCE, {"nums": [1, 1], "target": 0})
    nums = check_int_list("nums", inp["nums"], 1, MAX_LEN, 0, MAX_VALUE, SOURCE)
    if sum(nums) > MAX_SUM:
        raise InvalidInput(
            f"sum(nums) is {sum(nums)}; LeetCode 494 allows at most {MAX_SUM} — use smaller numbers"
        )
    check_int("target", inp["target"], -MAX_TARGET, MAX_TARGET, SOURCE)


def describe(inp: dict) -> str:
    """A short size label, e.g. 'n=20, sum=1000'."""
    return f"n={len(inp['nums'])}, sum={sum(inp['nums'])}"
