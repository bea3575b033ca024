"""Interleaving String (LeetCode 97): what the data files can't express.

- ``inputs``: a Hypothesis strategy that reaches the interesting cases;
- ``SMALL_SCOPE``: every input up to a size bound, one per renaming of the letters;
- ``FAMILIES``: sized generators for profiling;
- ``validate`` and ``describe``: the constraints check and a short size label;
- ``reductions``: the reduction steps that keep twins twins.
"""

import random
import string
from itertools import combinations, islice
from typing import Callable, Iterator

from hypothesis import strategies as st

from judge.model.scope import SmallScope, letter_fields
from problems._inputs import check_keys, check_str

MAX_PART = 100  # LeetCode 97: 0 <= |s1|, |s2| <= 100
MAX_WHOLE = 200  # LeetCode 97: 0 <= |s3| <= 200
KEYS = ("s1", "s2", "s3")
SOURCE = "LeetCode 97"
LOWERCASE = frozenset(string.ascii_lowercase)

# Tiny alphabets make many merge orders produce the same s3, which is where greedy
# matching and off-by-one fills go wrong; the full alphabet checks nothing assumes 'a'/'b'.
_ALPHABETS = ("ab", "a", "abc", string.ascii_lowercase)


def _merge(s1: str, s2: str, take_s1: list[bool]) -> str:
    """Interleave s1 and s2: at each step take from s1 when the flag says so (or s2 is
    used up) and from s2 otherwise. Every merge order is reachable; all-False shrinks to
    s2 + s1."""
    out, i, j = [], 0, 0
    for flag in take_s1:
        if i < len(s1) and (flag or j == len(s2)):
            out.append(s1[i])
            i += 1
        elif j < len(s2):
            out.append(s2[j])
            j += 1
    return "".join(out)


@st.composite
def _parts(draw, max_len: int):
    """(alphabet, s1, s2): lengths up to 8, a quarter of the time up to max_len. One time in
    four s2 repeats s1 (the twins that shortcuts for s1 == s2 get wrong); drawn as one
    string, so shrinking keeps them equal."""
    alphabet = draw(st.sampled_from(_ALPHABETS))
    cap = min(draw(st.sampled_from((8, 8, 8, max_len))), max_len)  # shrinks to the short cap
    twins = draw(st.sampled_from((False, False, False, True)))
    m = draw(st.integers(0, cap))
    s1 = draw(st.text(alphabet, min_size=m, max_size=m))
    if twins:
        return alphabet, s1, s1
    n = draw(st.integers(0, cap))
    s2 = draw(st.text(alphabet, min_size=n, max_size=n))
    return alphabet, s1, s2


@st.composite
def _interleaving(draw, max_len: int):
    """(alphabet, s1, s2, s3) with s3 a true interleaving, merged in a drawn order."""
    alphabet, s1, s2 = draw(_parts(max_len))
    size = len(s1) + len(s2)
    order = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    return alphabet, s1, s2, _merge(s1, s2, order)


@st.composite
def _true_interleavings(draw, max_len: int):
    _, s1, s2, s3 = draw(_interleaving(max_len))
    return {"s1": s1, "s2": s2, "s3": s3}


@st.composite
def _near_misses(draw, max_len: int):
    """One edit to s3 of a true interleaving. Substitutions and swaps keep the length
    (and sometimes still interleave); insertions and deletions break it."""
    alphabet, s1, s2, s3 = draw(_interleaving(max_len))
    edits = []
    if s3:
        edits += ["substitute", "delete"]
    if len(s3) >= 2:
        edits.append("swap")
    if len(s3) < MAX_WHOLE:
        edits.append("insert")
    edit = draw(st.sampled_from(edits))
    pool = alphabet if len(alphabet) > 1 else "ab"
    if edit == "insert":
        k = draw(st.integers(0, len(s3)))
        s3 = s3[:k] + draw(st.sampled_from(pool)) + s3[k:]
    elif edit == "delete":
        k = draw(st.integers(0, len(s3) - 1))
        s3 = s3[:k] + s3[k + 1 :]
    elif edit == "substitute":
        k = draw(st.integers(0, len(s3) - 1))
        s3 = s3[:k] + draw(st.sampled_from(pool)) + s3[k + 1 :]
    else:  # swap two adjacent characters
        k = draw(st.integers(0, len(s3) - 2))
        s3 = s3[:k] + s3[k + 1] + s3[k] + s3[k + 2 :]
    return {"s1": s1, "s2": s2, "s3": s3}


@st.composite
def _length_mismatches(draw, max_len: int):
    """|s1| + |s2| != |s3|: the answer is False before any DP."""
    alphabet, s1, s2 = draw(_parts(max_len))
    whole = len(s1) + len(s2)
    lengths = [k for k in (whole + 1, whole - 1, whole + 2, whole - 2, 0) if k != whole]
    k = draw(st.sampled_from([k for k in lengths if 0 <= k <= MAX_WHOLE]))
    s3 = draw(st.text(alphabet, min_size=k, max_size=k))
    return {"s1": s1, "s2": s2, "s3": s3}


@st.composite
def _random_same_length(draw, max_len: int):
    """A random s3 of the right length: almost always False, except over one letter."""
    alphabet, s1, s2 = draw(_parts(max_len))
    whole = len(s1) + len(s2)
    s3 = draw(st.text(alphabet, min_size=whole, max_size=whole))
    return {"s1": s1, "s2": s2, "s3": s3}


def inputs(max_len: int = MAX_PART) -> st.SearchStrategy[dict]:
    """Valid {"s1", "s2", "s3"} inputs with |s1|, |s2| <= max_len.

    A random s3 interleaves s1 and s2 only about 4% of the time, so the mix is built
    around true interleavings: one branch is all True, and near misses and same-length
    random s3 over tiny alphabets are True surprisingly often (one letter: always).
    Measured over 5000 draws: about 50% True, 30% with |s1| or |s2| above 8.
    """
    if not 0 <= max_len <= MAX_PART:
        raise ValueError(
            f"max_len={max_len} is outside LeetCode 97's 0..{MAX_PART}; pass a value in that range"
        )
    return st.one_of(
        _true_interleavings(max_len),
        _near_misses(max_len),
        _length_mismatches(max_len),
        _random_same_length(max_len),
    )


#: The answer does not change when letters are renamed, so one input per renaming class.
SMALL_SCOPE = SmallScope(
    letter_fields(KEYS),
    bound=7,
    rule="size = |s1| + |s2| + |s3|; of one size, by (|s1|, |s2|, |s3|) in lexicographic order, then the "
         "letters: one input per renaming of a, b, c, first used in that order",
    up_to="renaming the letters",
)


def _random_family(n: int, rng: random.Random) -> dict:
    """A true interleaving over 'ab': s1 and s2 random, each of length n, merged in a
    random order. Few dp cells are True, so a top-down memo visits a sliver of the
    table while bottom-up forms fill all (n+1)^2 cells. Answer: True."""
    return _random_two(n, n, rng)


def _dense_family(n: int, rng: random.Random) -> dict:
    """s1 = s2 = 'a'*n and s3 = 'a'*(2n-1) + 'b': every prefix matches, so every dp
    cell is True until the last one, and a memo recursing from (0, 0) must search all
    (n+1)^2 states before it learns the final 'b' can't be placed. Answer: False.
    (A memo recursing from (m, n) fails at once here; its mirror is 'b' + 'a'*(2n-1).)
    The rng is unused: the family has one input per size."""
    return _dense_two(n, n, rng)


def _random_two(m: int, n: int, rng: random.Random) -> dict:
    """The random family with |s1| = m and |s2| = n."""
    s1 = "".join(rng.choice("ab") for _ in range(m))
    s2 = "".join(rng.choice("ab") for _ in range(n))
    order = [True] * m + [False] * n
    rng.shuffle(order)
    return {"s1": s1, "s2": s2, "s3": _merge(s1, s2, order)}


def _dense_two(m: int, n: int, rng: random.Random) -> dict:
    """The dense family with |s1| = m and |s2| = n."""
    return {"s1": "a" * m, "s2": "a" * n, "s3": "a" * (m + n - 1) + "b" if m + n else "b"}


FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "random": _random_family,
    "dense": _dense_family,
}

#: The same families with |s1| and |s2| set apart, to fit t ≈ c·|s1|^a·|s2|^b.
TWO_SIZE_FAMILIES: dict[str, Callable[[int, int, random.Random], dict]] = {
    "random": _random_two,
    "dense": _dense_two,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 97's constraints."""
    check_keys(inp, KEYS, SOURCE, {"s1": "ab", "s2": "c", "s3": "acb"})
    for key in KEYS:
        limit = MAX_WHOLE if key == "s3" else MAX_PART
        check_str(key, inp[key], 0, limit, LOWERCASE, "lowercase English letters a-z", SOURCE)


def describe(inp: dict) -> str:
    """A short size label, e.g. '|s1|=50, |s2|=50, |s3|=100'."""
    return ", ".join(f"|{key}|={len(inp[key])}" for key in KEYS)


#: At most this many twins steps from one input: long twins of one letter have C(|s3|, 2)
#: choices per position, and the reduction's budget is better spent on the ones it can judge.
TWIN_STEPS = 4096


def reductions(inp: dict) -> Iterator[dict]:
    """While s1 == s2, delete one character from both and two copies of it from s3.

    A bug that only twins show (a shortcut for s1 == s2) survives no single deletion, since
    each breaks the twins; without this step such a failure stays as large as Hypothesis's
    shrink left it, which on a loaded machine is wherever its time budget ran out."""
    s1, s2, s3 = inp["s1"], inp["s2"], inp["s3"]
    if not s1 or s1 != s2:
        return
    yield from islice(_twin_deletions(s1, s3), TWIN_STEPS)


def _twin_deletions(twin: str, s3: str) -> Iterator[dict]:
    for i, letter in enumerate(twin):  # repeats are fine: reduce() judges each distinct candidate once
        shorter = twin[:i] + twin[i + 1:]
        spots = [k for k, c in enumerate(s3) if c == letter]
        for a, b in combinations(spots, 2):
            yield {"s1": shorter, "s2": shorter, "s3": s3[:a] + s3[a + 1:b] + s3[b + 1:]}
