"""Edit Distance (LeetCode 72): what the data files can't express.

- ``inputs``: a Hypothesis strategy that reaches the interesting cases;
- ``FAMILIES``: sized generators for profiling;
- ``validate`` and ``describe``: the constraints check and a short size label.
"""

import random
import string
from typing import Callable

from hypothesis import strategies as st

from judge.model.scope import SmallScope, letter_fields
from problems._inputs import check_keys, check_str

MAX_LEN = 500  # LeetCode 72: 0 <= |word1|, |word2| <= 500
KEYS = ("word1", "word2")
SOURCE = "LeetCode 72"
LOWERCASE = frozenset(string.ascii_lowercase)

# Tiny alphabets make many equally good alignments, which is where a missing operation or
# a wrong base row shows; the full alphabet checks nothing assumes 'a'/'b'.
_ALPHABETS = ("ab", "abc", "abcd", "a", string.ascii_lowercase)


@st.composite
def _word(draw, alphabet: str, max_len: int, min_len: int = 0) -> str:
    """A word of 0..8 letters, a quarter of the time of up to max_len letters (crossing
    the 64-bit word boundaries of a bit-parallel form)."""
    cap = max(min(draw(st.sampled_from((8, 8, 8, max_len))), max_len), min_len)
    size = draw(st.integers(min_len, cap))
    return draw(st.text(alphabet, min_size=size, max_size=size))


@st.composite
def _independent(draw, max_len: int):
    """Two words drawn apart over the same alphabet."""
    alphabet = draw(st.sampled_from(_ALPHABETS))
    return {"word1": draw(_word(alphabet, max_len)), "word2": draw(_word(alphabet, max_len))}


@st.composite
def _near_equal(draw, max_len: int):
    """word2 is word1 after 0..4 random edits (insert, delete, replace), so the distance
    is at most the number of edits, and zero edits give identical words."""
    alphabet = draw(st.sampled_from(_ALPHABETS))
    word1 = draw(_word(alphabet, max_len))
    word2 = word1
    for _ in range(draw(st.integers(0, 4))):
        edits = ["insert"] if len(word2) < max_len else []
        if word2:
            edits += ["replace", "delete"]
        if not edits:
            break
        edit = draw(st.sampled_from(edits))
        if edit == "insert":
            k = draw(st.integers(0, len(word2)))
            word2 = word2[:k] + draw(st.sampled_from(alphabet)) + word2[k:]
        else:
            k = draw(st.integers(0, len(word2) - 1))
            new = "" if edit == "delete" else draw(st.sampled_from(alphabet))
            word2 = word2[:k] + new + word2[k + 1 :]
    if draw(st.booleans()):
        word1, word2 = word2, word1
    return {"word1": word1, "word2": word2}


@st.composite
def _one_empty(draw, max_len: int):
    """One word empty: the distance is the other word's length."""
    alphabet = draw(st.sampled_from(_ALPHABETS))
    word = draw(_word(alphabet, max_len))
    return {"word1": word, "word2": ""} if draw(st.booleans()) else {"word1": "", "word2": word}


def inputs(max_len: int = MAX_LEN) -> st.SearchStrategy[dict]:
    """Valid {"word1", "word2"} inputs with 0 <= |word1|, |word2| <= max_len.

    Independent draws over tiny alphabets (half the draws), near-equal pairs a few edits
    apart, and pairs with one word empty. Measured over 3000 draws: about 25% distance 0,
    25% with one word empty, 45% with 0 < distance < max(m, n), and 23% have a word of
    64 letters or more.
    """
    if not 0 <= max_len <= MAX_LEN:
        raise ValueError(
            f"max_len={max_len} is outside LeetCode 72's 0..{MAX_LEN}; pass a value in that range"
        )
    independent = _independent(max_len)
    return st.one_of(independent, independent, _near_equal(max_len), _one_empty(max_len))


def _random_family(n: int, rng: random.Random) -> dict:
    """Two random words of length n over 'abcd' (distance about 0.5 n). Mismatches are
    everywhere, so a top-down memo branches three ways at almost every state and visits
    nearly all (n+1)^2 of them, like the bottom-up forms."""
    return {
        "word1": "".join(rng.choice("abcd") for _ in range(n)),
        "word2": "".join(rng.choice("abcd") for _ in range(n)),
    }


def _identical_family(n: int, rng: random.Random) -> dict:
    """word1 == word2, a random word of length n over 'abcd' (distance 0). Every pair on
    the diagonal matches, so a memo that follows only the diagonal on a match visits n + 1
    states, while the bottom-up forms still fill all (n+1)^2 cells."""
    word = "".join(rng.choice("abcd") for _ in range(n))
    return {"word1": word, "word2": word}



#: The distance does not change when letters are renamed: one input per renaming class.
SMALL_SCOPE = SmallScope(
    letter_fields(KEYS),
    bound=8,
    rule="size = |word1| + |word2|; of one size, by (|word1|, |word2|), then the letters: one input per "
         "renaming of a, b, c, first used in that order (reading word1, then word2)",
    up_to="renaming the letters",
)

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "random": _random_family,
    "identical": _identical_family,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 72's constraints."""
    check_keys(inp, KEYS, SOURCE, {"word1": "horse", "word2": "ros"})
    for key in KEYS:
        check_str(key, inp[key], 0, MAX_LEN, LOWERCASE, "lowercase English letters a-z", SOURCE)


def describe(inp: dict) -> str:
    """A short size label, e.g. '|word1|=5, |word2|=3'."""
    return ", ".join(f"|{key}|={len(inp[key])}" for key in KEYS)
