"""Longest Common Subsequence (LeetCode 1143): what the data files can't express.

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

MIN_LEN = 1  # LeetCode 1143: 1 <= |text1|, |text2| <= 1000
MAX_LEN = 1000
KEYS = ("text1", "text2")
SOURCE = "LeetCode 1143"
LOWERCASE = frozenset(string.ascii_lowercase)

# Tiny alphabets make many equal-length LCS alignments, which is where off-by-one fills and
# a missing "max" go wrong; the full alphabet checks nothing assumes 'a'/'b'.
_ALPHABETS = ("ab", "a", "abc", "abcd", string.ascii_lowercase)


@st.composite
def _word(draw, alphabet: str, max_len: int) -> str:
    """A word of 1..8 letters, a quarter of the time of 1..max_len letters (crossing the
    64-bit word boundaries of the bit-parallel forms)."""
    cap = min(draw(st.sampled_from((8, 8, 8, max_len))), max_len)  # shrinks to the short cap
    size = draw(st.integers(MIN_LEN, cap))
    return draw(st.text(alphabet, min_size=size, max_size=size))


@st.composite
def _independent(draw, max_len: int):
    """Two words drawn apart over the same alphabet; two to four letters mostly, where the
    answer falls strictly between 0 and min(m, n) most often."""
    alphabet = draw(st.sampled_from(("ab", "abc", "abcd", "ab", string.ascii_lowercase)))
    return {"text1": draw(_word(alphabet, max_len)), "text2": draw(_word(alphabet, max_len))}


@st.composite
def _near_equal(draw, max_len: int):
    """text2 is text1 after 0..3 edits (insert, delete, substitute): the LCS is near
    min(m, n), and zero edits give identical strings."""
    alphabet = draw(st.sampled_from(_ALPHABETS))
    text1 = draw(_word(alphabet, max_len))
    text2 = text1
    for _ in range(draw(st.integers(0, 3))):
        edits = ["substitute", "insert"] if len(text2) < max_len else ["substitute"]
        if len(text2) > MIN_LEN:
            edits.append("delete")
        edit = draw(st.sampled_from(edits))
        if edit == "insert":
            k = draw(st.integers(0, len(text2)))
            text2 = text2[:k] + draw(st.sampled_from(alphabet)) + text2[k:]
        else:
            k = draw(st.integers(0, len(text2) - 1))
            new = "" if edit == "delete" else draw(st.sampled_from(alphabet))
            text2 = text2[:k] + new + text2[k + 1 :]
    if draw(st.booleans()):
        text1, text2 = text2, text1
    return {"text1": text1, "text2": text2}


@st.composite
def _disjoint(draw, max_len: int):
    """Alphabets with no letter in common (answer 0), or sharing exactly one letter."""
    letters = draw(st.permutations(string.ascii_lowercase))
    k = draw(st.integers(1, 3))
    first, second = "".join(letters[:k]), "".join(letters[k : 2 * k])
    if draw(st.sampled_from((False, True, True))):
        second += letters[0]  # one shared letter: the answer is its smaller count
    return {"text1": draw(_word(first, max_len)), "text2": draw(_word(second, max_len))}


def inputs(max_len: int = MAX_LEN) -> st.SearchStrategy[dict]:
    """Valid {"text1", "text2"} inputs with 1 <= |text1|, |text2| <= max_len.

    Independent draws over tiny alphabets (half the draws), near-equal pairs (0..3 edits apart, so the
    answer is min(m, n) or close to it) and pairs over disjoint alphabets (answer 0, or
    one shared letter). Measured over 3000 draws: about 30% answer 0, 50% answer
    min(m, n) (one-letter words are common, as Hypothesis favours small sizes), 20% fall
    strictly between, and 22% have a word of 64 letters or more.
    """
    if not MIN_LEN <= max_len <= MAX_LEN:
        raise ValueError(
            f"max_len={max_len} is outside LeetCode 1143's {MIN_LEN}..{MAX_LEN}; "
            "pass a value in that range"
        )
    independent = _independent(max_len)
    return st.one_of(independent, independent, _near_equal(max_len), _disjoint(max_len))


def _random_family(n: int, rng: random.Random) -> dict:
    """Two random words of length n over 'abcd' (LCS about 0.65 n). Mismatches are
    everywhere, so a top-down memo branches at almost every state and visits nearly all
    (n+1)^2 of them, like the bottom-up forms."""
    return {
        "text1": "".join(rng.choice("abcd") for _ in range(n)),
        "text2": "".join(rng.choice("abcd") for _ in range(n)),
    }


def _identical_family(n: int, rng: random.Random) -> dict:
    """text1 == text2, a random word of length n over 'abcd' (answer n). Every pair on
    the diagonal matches, so a memo that follows only the diagonal on a match visits n + 1
    states, while the bottom-up forms still fill all (n+1)^2 cells."""
    text = "".join(rng.choice("abcd") for _ in range(n))
    return {"text1": text, "text2": text}



#: The length does not change when letters are renamed: one input per renaming class.
SMALL_SCOPE = SmallScope(
    letter_fields(KEYS, min_len={"text1": MIN_LEN, "text2": MIN_LEN}),
    bound=8,
    rule="size = |text1| + |text2|; of one size, by (|text1|, |text2|), then the letters: one input per "
         "renaming of a, b, c, first used in that order (reading text1, then text2)",
    up_to="renaming the letters",
)

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "random": _random_family,
    "identical": _identical_family,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 1143's constraints."""
    check_keys(inp, KEYS, SOURCE, {"text1": "abcde", "text2": "ace"})
    for key in KEYS:
        check_str(key, inp[key], MIN_LEN, MAX_LEN, LOWERCASE, "lowercase English letters a-z", SOURCE)


def describe(inp: dict) -> str:
    """A short size label, e.g. '|text1|=5, |text2|=3'."""
    return ", ".join(f"|{key}|={len(inp[key])}" for key in KEYS)
