"""Coin Change II (LeetCode 518): what the data files can't express.

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

MAX_COINS = 300  # LeetCode 518: 1 <= |coins| <= 300
MAX_COIN = 5000  # 1 <= coins[i] <= 5000, all distinct
MAX_AMOUNT = 5000  # 0 <= amount <= 5000
MAX_ANSWER = 2**31 - 1  # the answer fits in a signed 32-bit integer
KEYS = ("amount", "coins")
SOURCE = "LeetCode 518"


def count_ways(amount: int, coins: list[int], cap: int | None = None) -> list[int]:
    """ways[a] for every a <= amount, each capped at ``cap`` (exact when cap is None).

    Capping keeps the numbers small without changing any answer below the cap:
    min(x + y, cap) == min(min(x, cap) + min(y, cap), cap)."""
    ways = [1] + [0] * amount
    for c in coins:
        for a in range(c, amount + 1):
            total = ways[a] + ways[a - c]
            ways[a] = total if cap is None or total < cap else cap
    return ways


def _answer(amount: int, coins: list[int]) -> int:
    return count_ways(amount, coins, cap=MAX_ANSWER + 1)[amount]


@st.composite
def _small(draw):
    """Up to 5 coins of value up to 12 and amounts up to 30: zero answers (no coin
    combination reaches the amount), ones, and a few dozen ways; shrinks to ([1], 0)."""
    coins = draw(st.lists(st.integers(1, 12), min_size=1, max_size=5, unique=True))
    return {"amount": draw(st.integers(0, 30)), "coins": coins}


@st.composite
def _single_coin(draw):
    """One coin, and an amount it does or doesn't divide: the answer is 1 or 0."""
    c = draw(st.integers(1, MAX_COIN))
    q = draw(st.integers(0, MAX_AMOUNT // c))
    r = draw(st.integers(0, min(c - 1, MAX_AMOUNT - q * c)))
    return {"amount": q * c + r, "coins": [c]}


@st.composite
def _near_the_top(draw):
    """Five to eight coins of value up to 12 and the amount <= 5000 whose count is the
    largest that still fits 32 bits: answers between about 10^8 and 2^31 - 1, where
    int32 code overflows. (Fewer or larger coins can't reach 10^8 by amount 5000.)"""
    coins = draw(st.lists(st.integers(1, 12), min_size=5, max_size=8, unique=True))
    ways = count_ways(MAX_AMOUNT, coins, cap=MAX_ANSWER + 1)
    best = max(range(MAX_AMOUNT + 1), key=lambda a: (ways[a] <= MAX_ANSWER) * ways[a])
    return {"amount": best, "coins": coins}


@st.composite
def _wide(draw):
    """Up to 300 coins and amounts up to 5000, kept only if the answer fits 32 bits.
    Coins start at a drawn floor so that large sets don't explode past the bound."""
    floor = draw(st.sampled_from((1, 50, 500, 1500)))
    size = draw(st.integers(1, draw(st.sampled_from((20, MAX_COINS)))))  # shrinks to 1 coin
    coins = draw(st.lists(st.integers(floor, MAX_COIN), min_size=size, max_size=size, unique=True))
    amount = draw(st.integers(0, MAX_AMOUNT))
    return {"amount": amount, "coins": coins}


def inputs() -> st.SearchStrategy[dict]:
    """Valid {"amount", "coins"} inputs, answers within 32 bits as LeetCode 518 promises.

    The mix: small cases (zero answers are common, so both zero and non-zero show up),
    a single coin that does or doesn't divide the amount, answers near 2^31 - 1 from a
    few small coins, and wide cases with up to 300 coins and amounts up to 5000.
    """
    wide = _wide().filter(lambda inp: _answer(**inp) <= MAX_ANSWER)
    return st.one_of(_small(), _single_coin(), _near_the_top(), wide)


def _partitions_family(n: int, rng: random.Random) -> dict:
    """coins = [1, 2, ..., n], amount = n: the answer is the partition number p(n),
    about e^(2.57 sqrt(n)) / (4 sqrt(3) n). A memo recursing from (0, n) reaches nearly
    all n x (n+1) states, as the bottom-up forms fill them. p(n) passes LeetCode's 32
    bits at n = 122 and int64 at n = 406, so the numba form raises OverflowError from
    there on; the Python forms go on in big ints. The rng is unused: one input per size."""
    return {"amount": n, "coins": list(range(1, n + 1))}


def _odd_family(n: int, rng: random.Random) -> dict:
    """coins = [2, 4, ..., 2n], amount = 2n + 1: all coins even, the amount odd, so the
    answer is 0. Bottom-up forms still fill every even cell with a partition count, which
    grows into big ints; a memo recursing from (0, 2n+1) only ever meets odd remainders,
    whose counts are 0, so it stays in small ints while visiting half the cells. The
    numba form saturates rather than wraps, so it stays exact (0) at every size. The
    rng is unused: one input per size."""
    return {"amount": 2 * n + 1, "coins": list(range(2, 2 * n + 1, 2))}



#: Every (amount, coins) up to the bound: amount 0, an amount equal to a coin, coins that
#: cannot reach it. Coins are distinct (LeetCode 518).
SMALL_SCOPE = SmallScope(
    record({"amount": integers(0, MAX_AMOUNT),
            "coins": lists(integers(1, MAX_COIN), min_len=1, item_min=1, unique=True)}),
    bound=20,
    rule="size = amount + the number of coins + the sum of the coins; of one size, the smaller amount "
         "first, then fewer coins, then the coins' values from the left",
)

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "partitions": _partitions_family,
    "odd": _odd_family,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 518's constraints."""
    check_keys(inp, KEYS, SOURCE, {"amount": 5, "coins": [1, 2, 5]})
    amount = check_int("amount", inp["amount"], 0, MAX_AMOUNT, SOURCE)
    coins = check_int_list("coins", inp["coins"], 1, MAX_COINS, 1, MAX_COIN, SOURCE, unit="coins")
    seen: set[int] = set()
    for index, c in enumerate(coins):
        if c in seen:
            raise InvalidInput(
                f"coins[{index}]={c} repeats an earlier coin; LeetCode 518's coins are distinct — drop the repeat"
            )
        seen.add(c)
    answer = _answer(amount, coins)
    if answer > MAX_ANSWER:
        raise InvalidInput(
            f"amount={amount} with these coins has more than 2^31-1 = {MAX_ANSWER} ways, over "
            "LeetCode 518's 32-bit bound; lower the amount or drop the smallest coins"
        )


def describe(inp: dict) -> str:
    """A short size label, e.g. 'amount=5, |coins|=3'."""
    return f"amount={inp['amount']}, |coins|={len(inp['coins'])}"
