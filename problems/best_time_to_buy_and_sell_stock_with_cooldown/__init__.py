"""Best Time to Buy and Sell Stock with Cooldown (LeetCode 309): what the data files can't express.

- ``inputs``: a Hypothesis strategy that reaches the interesting cases;
- ``FAMILIES``: sized generators for profiling;
- ``validate`` and ``describe``: the constraints check and a short size label.
"""

import random
from typing import Callable

from hypothesis import strategies as st

from judge.model.scope import SmallScope, integers, lists, record
from problems._inputs import check_int_list, check_keys

MAX_DAYS = 5000  # LeetCode 309: 1 <= prices.length <= 5000
MAX_PRICE = 1000  # LeetCode 309: 0 <= prices[i] <= 1000
KEYS = ("prices",)
SOURCE = "LeetCode 309"

_SHAPES = ("rise", "fall", "flat", "zigzag", "random")


@st.composite
def _segment(draw, cap: int, top: int) -> list[int]:
    """One stretch of the chart: a monotone run, a plateau, a zigzag or noise.

    Runs and zigzags are built from three drawn numbers, not one per day, so a long
    segment costs Hypothesis little and shrinks to a short, flat one."""
    shape = draw(st.sampled_from(_SHAPES))
    length = draw(st.integers(1, cap))
    start = draw(st.integers(0, top))
    if shape == "random":
        return draw(st.lists(st.integers(0, top), min_size=min(length, 12), max_size=min(length, 12)))
    if shape == "flat":
        return [start] * length
    step = draw(st.integers(1, max(1, top // 2)))
    if shape == "rise":
        return [min(top, start + k * step) for k in range(length)]  # tops out into a plateau
    if shape == "fall":
        return [max(0, start - k * step) for k in range(length)]
    high = min(top, start + step)
    return [start if k % 2 == 0 else high for k in range(length)]  # low, high, low, ...


@st.composite
def _prices(draw, max_len: int) -> dict:
    """One to four segments glued together. Segments are up to 6 days long, and one
    time in eight up to max_len/4; prices are 0..1000, or 0..3 for ties and plateaus."""
    top = draw(st.sampled_from((3, MAX_PRICE)))
    count = draw(st.integers(1, 4))
    cap = max(1, draw(st.sampled_from((6,) * 7 + (max_len // 4,))))
    prices: list[int] = []
    for _ in range(count):
        prices += draw(_segment(min(cap, max_len), top))
    return {"prices": prices[:max_len]}


def inputs(max_len: int = MAX_DAYS) -> st.SearchStrategy[dict]:
    """Valid {"prices"} inputs with 1 <= len(prices) <= max_len.

    Built from shapes where the cooldown decides the answer: rising and falling runs
    (one long trade beats many), plateaus (ties between waiting and trading), zigzags
    (a trade every two days is blocked by the cooldown) and noise; a single day and
    all-equal prices come out of the one-segment branches. Measured over 2000 draws:
    about 75% have a positive answer, 10% have more than 24 days, 8% a single day.
    """
    if not 1 <= max_len <= MAX_DAYS:
        raise ValueError(
            f"max_len={max_len} is outside LeetCode 309's 1..{MAX_DAYS}; pass a value in that range"
        )
    return _prices(max_len)


def _random_family(n: int, rng: random.Random) -> dict:
    """n prices drawn uniformly from 0..1000: a few long trades, cooldowns rarely bind.
    Every form does the same work whatever the prices: bottom-up forms fill 3n cells,
    and the memo reaches all 2n (day, holding) states from day 0 on any input."""
    return {"prices": [rng.randint(0, MAX_PRICE) for _ in range(n)]}


def _zigzag_family(n: int, rng: random.Random) -> dict:
    """Prices alternate low (0..100) and high (900..1000): a trade every two days would
    pay, and the cooldown forces a choice at every step, so the best plan changes with
    every day. The work is the same as for `random` (memo still visits all 2n states);
    the family checks that your timing doesn't depend on how busy the best plan is."""
    return {
        "prices": [rng.randint(0, 100) if k % 2 == 0 else rng.randint(900, MAX_PRICE) for k in range(n)]
    }



#: Every price list up to the bound: zeros, equal neighbours and one-day lists included.
SMALL_SCOPE = SmallScope(
    record({"prices": lists(integers(0, MAX_PRICE), min_len=1)}),
    bound=13,
    rule="size = the number of days plus the sum of the prices; of one size, shorter lists first, "
         "then by the prices' sizes from the left",
)

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "random": _random_family,
    "zigzag": _zigzag_family,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 309's constraints."""
    check_keys(inp, KEYS, SOURCE, {"prices": [1, 2, 3]})
    check_int_list("prices", inp["prices"], 1, MAX_DAYS, 0, MAX_PRICE, SOURCE, unit="days")


def describe(inp: dict) -> str:
    """A short size label, e.g. 'n=5000 days'."""
    n = len(inp["prices"])
    return f"n={n} day{'' if n == 1 else 's'}"
