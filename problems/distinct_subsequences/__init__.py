"""Distinct Subsequences (LeetCode 115): what the data files can't express.

- ``inputs``: a Hypothesis strategy that reaches the interesting cases;
- ``FAMILIES``: sized generators for profiling;
- ``validate`` and ``describe``: the constraints check and a short size label.
"""

import random
import string
from typing import Callable

from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import SmallScope, letter_fields
from problems._inputs import check_keys, check_str

MAX_LEN = 1000  # LeetCode 115: 1 <= |s|, |t| <= 1000
MAX_ANSWER = 2**31 - 1  # the answer fits in a signed 32-bit integer
KEYS = ("s", "t")
SOURCE = "LeetCode 115"
LETTERS = frozenset(string.ascii_letters)

# Tiny alphabets make many matches and big counts; 'aA' checks that case matters; the
# full alphabet checks nothing assumes lowercase.
_ALPHABETS = ("ab", "a", "abc", "aA", string.ascii_letters)


def prefix_counts(s: str, t: str, cap: int | None = None) -> list[int]:
    """counts[i] = the number of ways to pick t out of s[:i], for i = 0..|s|, each capped
    at ``cap`` (exact when cap is None). Non-decreasing in i.

    Capping keeps the numbers small without changing any count below the cap:
    min(x + y, cap) == min(min(x, cap) + min(y, cap), cap)."""
    n = len(t)
    dp = [1] + [0] * n
    counts = [dp[n]]
    for a in s:
        for j in range(n, 0, -1):
            if t[j - 1] == a:
                total = dp[j] + dp[j - 1]
                dp[j] = total if cap is None or total < cap else cap
        counts.append(dp[n])
    return counts


def _answer(s: str, t: str) -> int:
    return prefix_counts(s, t, cap=MAX_ANSWER + 1)[-1]


def _within_bound(s: str, t: str) -> str:
    """The longest prefix of s (at least one character) whose count stays within 32 bits."""
    counts = prefix_counts(s, t, cap=MAX_ANSWER + 1)
    keep = max(i for i, c in enumerate(counts) if c <= MAX_ANSWER)
    return s[: max(keep, 1)]


def _merge(t: str, extra: str, take_t: list[bool]) -> str:
    """Interleave t with extra characters: at each step take from t when the flag says so
    (or extra is used up). The result has t as a subsequence."""
    out, i, k = [], 0, 0
    for flag in take_t:
        if i < len(t) and (flag or k == len(extra)):
            out.append(t[i])
            i += 1
        elif k < len(extra):
            out.append(extra[k])
            k += 1
    return "".join(out)


@st.composite
def _small(draw):
    """|s| <= 10 and |t| <= 5 over a tiny alphabet: zero and non-zero answers both common."""
    alphabet = draw(st.sampled_from(_ALPHABETS[:4]))
    s = draw(st.text(alphabet, min_size=1, max_size=10))
    t = draw(st.text(alphabet, min_size=1, max_size=5))
    return {"s": s, "t": t}


@st.composite
def _hidden(draw):
    """t hidden in s among extra characters: the answer is at least 1. Usually short;
    sometimes |t| up to 997. The count is at most C(|t| + e, e) for e extra characters,
    so e <= 10 for |t| <= 8 and e <= 3 beyond keep it under C(1000, 3) < 2^31."""
    alphabet = draw(st.sampled_from(_ALPHABETS))
    size = draw(st.integers(1, draw(st.sampled_from((8, 8, 8, 8, 8, MAX_LEN - 3)))))
    t = draw(st.text(alphabet, min_size=size, max_size=size))
    extra = draw(st.text(alphabet, max_size=10 if size <= 8 else 3))
    order = draw(st.lists(st.booleans(), min_size=len(t) + len(extra), max_size=len(t) + len(extra)))
    return {"s": _merge(t, extra, order), "t": t}


@st.composite
def _near_the_top(draw):
    """A long s over 1-3 letters and a short t, cut to the longest prefix of s whose count
    fits 32 bits: counts near 2^31 - 1, where int32 code overflows."""
    alphabet = draw(st.sampled_from(("a", "ab", "abc")))
    t = draw(st.text(alphabet, min_size=1, max_size=12))
    size = draw(st.integers(len(t), MAX_LEN))
    s = draw(st.text(alphabet, min_size=size, max_size=size))
    return {"s": _within_bound(s, t), "t": t}


def inputs() -> st.SearchStrategy[dict]:
    """Valid {"s", "t"} inputs, counts within 32 bits as LeetCode 115 promises.

    The mix: small strings over tiny alphabets (zero and non-zero counts), t hidden in
    s (never zero, sometimes |t| near 1000), and long strings cut so the count lands
    just under 2^31 - 1.
    """
    return st.one_of(_small(), _hidden(), _near_the_top())


def _all_a_family(n: int, rng: random.Random) -> dict:
    """s = 'a' * n and t = 'a' * (n // 2): every character of s matches every character
    of t, so the count is C(n, n // 2), about 2^n / sqrt(n). A memo recursing from (0, 0)
    visits every state that still has room for the rest of t, half of the
    (n+1) x (n/2+1) table, while bottom-up forms fill all of it. The count passes 32 bits
    at n = 34 and int64 at n = 67, so the numba form raises OverflowError from there on;
    the Python forms go on in big ints. The rng is unused: one input per size."""
    return {"s": "a" * n, "t": "a" * (n // 2)}


def _random_family(n: int, rng: random.Random) -> dict:
    """s and t random letters a-z, |s| = n and |t| = n // 2: almost surely 0, since t is
    far too long to hide in a random s. A memo recursing from (0, 0) advances j only on
    a match, about once every 26 characters, and gives up once s has too little left
    for the rest of t, so it visits a thin band j <= about n / 50: near 1% of the
    table, holding only small counts. Bottom-up forms fill the whole table, whose
    short-prefix cells grow into big ints. The numba form saturates those cells and stays exact (0) at every size."""
    letters = string.ascii_lowercase
    s = "".join(rng.choice(letters) for _ in range(n))
    t = "".join(rng.choice(letters) for _ in range(n // 2))
    return {"s": s, "t": t}



#: The count does not change when letters are renamed: one input per renaming class.
SMALL_SCOPE = SmallScope(
    letter_fields(KEYS, min_len={"s": 1, "t": 1}),
    bound=8,
    rule="size = |s| + |t|; of one size, by (|s|, |t|), then the letters: one input per renaming of a, b, c, "
         "first used in that order (reading s, then t)",
    up_to="renaming the letters",
)

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "all-a": _all_a_family,
    "random": _random_family,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 115's constraints."""
    check_keys(inp, KEYS, SOURCE, {"s": "rabbbit", "t": "rabbit"})
    for key in KEYS:
        check_str(key, inp[key], 1, MAX_LEN, LETTERS, "English letters a-z and A-Z", SOURCE)
    if _answer(inp["s"], inp["t"]) > MAX_ANSWER:
        raise InvalidInput(
            f"t occurs in s more than 2^31-1 = {MAX_ANSWER} times, over LeetCode 115's "
            "32-bit bound; shorten s"
        )


def describe(inp: dict) -> str:
    """A short size label, e.g. '|s|=7, |t|=6'."""
    return f"|s|={len(inp['s'])}, |t|={len(inp['t'])}"
