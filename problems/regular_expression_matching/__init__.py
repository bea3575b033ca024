"""Regular Expression Matching (LeetCode 10): what the data files can't express.

- ``inputs``: a Hypothesis strategy that reaches the interesting cases;
- ``FAMILIES``: sized generators for profiling;
- ``validate`` and ``describe``: the constraints check and a short size label.
"""

import random
import string
from typing import Callable

from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import SmallScope, letters_in_order, record, strings
from problems._inputs import check_keys, check_str, show

MAX_LEN = 20  # LeetCode 10: 1 <= |s|, |p| <= 20
KEYS = ("s", "p")
SOURCE = "LeetCode 10"
LOWERCASE = frozenset(string.ascii_lowercase)
PATTERN_CHARS = LOWERCASE | {".", "*"}

# Tiny alphabets make stars and dots match often; the full alphabet checks that nothing
# assumes 'a'/'b'.
_ALPHABETS = ("ab", "a", "abc", string.ascii_lowercase)


@st.composite
def _text(draw, min_size: int = 1):
    """(alphabet, s): s up to 8 characters, a quarter of the time up to 20."""
    alphabet = draw(st.sampled_from(_ALPHABETS))
    cap = draw(st.sampled_from((8, 8, 8, MAX_LEN)))  # shrinks to the short cap
    return alphabet, draw(st.text(alphabet, min_size=min_size, max_size=cap))


@st.composite
def _pattern_for(draw, s: str, alphabet: str) -> str:
    """A pattern that matches s, built by walking s left to right. Each step keeps the
    character, replaces it by '.', covers a run of it with 'c*' (zero or more of the run),
    covers any stretch with '.*', or adds a group 'x*' that takes zero copies. A step is
    allowed only if the pattern can still end within 20 characters, so every '.' and '*'
    position LeetCode allows is reachable, and the pattern always matches."""
    out: list[str] = []
    i = 0
    while i < len(s):
        budget = MAX_LEN - len("".join(out)) - (len(s) - i)  # spare pattern characters
        run = 1
        while i + run < len(s) and s[i + run] == s[i]:
            run += 1
        ops = ["keep", "dot"]
        if budget >= 1:
            ops += ["star", "dotstar"]
        if budget >= 2:
            ops.append("empty")
        op = draw(st.sampled_from(ops))
        if op == "keep":
            out.append(s[i])
            i += 1
        elif op == "dot":
            out.append(".")
            i += 1
        elif op == "empty":
            out.append(draw(st.sampled_from(alphabet + ".")) + "*")
        else:
            most = run if op == "star" else len(s) - i
            least = max(0, 2 - budget)  # a group costs 2 characters; it must cover 2 - budget
            if least > most:
                out.append(s[i])
                i += 1
                continue
            take = draw(st.integers(least, most))
            out.append((s[i] if op == "star" else ".") + "*")
            i += take
    if not out or (draw(st.booleans()) and len("".join(out)) <= MAX_LEN - 2):
        out.append(draw(st.sampled_from(alphabet + ".")) + "*")  # trailing empty group
    return "".join(out)


@st.composite
def _matching(draw):
    """A pattern built from s so that it matches: answer True."""
    alphabet, s = draw(_text())
    return {"s": s, "p": draw(_pattern_for(s, alphabet))}


@st.composite
def _near_misses(draw):
    """A matching pair, then one edit: s gains, loses or changes a character, or one
    letter of p changes. Some edits still match (a star absorbs them); most don't."""
    alphabet, s = draw(_text())
    p = draw(_pattern_for(s, alphabet))
    pool = alphabet if len(alphabet) > 1 else "ab"
    edits = ["substitute"]
    if len(s) > 1:
        edits.append("delete")
    if len(s) < MAX_LEN:
        edits.append("insert")
    letters = [k for k, char in enumerate(p) if char in LOWERCASE]
    if letters:
        edits.append("pattern")
    edit = draw(st.sampled_from(edits))
    if edit == "pattern":
        k = draw(st.sampled_from(letters))
        p = p[:k] + draw(st.sampled_from(pool)) + p[k + 1 :]
    elif edit == "insert":
        k = draw(st.integers(0, len(s)))
        s = s[:k] + draw(st.sampled_from(pool)) + s[k:]
    elif edit == "delete":
        k = draw(st.integers(0, len(s) - 1))
        s = s[:k] + s[k + 1 :]
    else:
        k = draw(st.integers(0, len(s) - 1))
        s = s[:k] + draw(st.sampled_from(pool)) + s[k + 1 :]
    return {"s": s, "p": p}


@st.composite
def _random_patterns(draw):
    """Independent s and p: p is drawn as tokens (letter, '.', 'c*', '.*') up to 20
    characters. Mostly False, except over one or two letters."""
    alphabet, s = draw(_text())
    token = st.sampled_from([*alphabet[:3], ".", *(c + "*" for c in alphabet[:3]), ".*"])
    tokens = draw(st.lists(token, min_size=1, max_size=10))
    p = ""
    for t in tokens:
        if len(p) + len(t) <= MAX_LEN:
            p += t
    return {"s": s, "p": p}


@st.composite
def _empty_stars(draw):
    """Runs of groups like 'a*b*c*', and s made of runs that they may or may not cover
    in order (zero copies of a group is allowed)."""
    letters = draw(st.lists(st.sampled_from("abc"), min_size=1, max_size=6))
    p = "".join(c + "*" for c in letters)
    if draw(st.booleans()) and len(p) < MAX_LEN:
        p += draw(st.sampled_from("abc."))
    runs = draw(st.lists(st.tuples(st.sampled_from("abc"), st.integers(1, 4)), min_size=1, max_size=5))
    s = "".join(c * k for c, k in runs)[:MAX_LEN]
    return {"s": s, "p": p}


def inputs() -> st.SearchStrategy[dict]:
    """Valid {"s", "p"} inputs within LeetCode 10's constraints.

    A random pattern rarely matches, so the mix is built around patterns made from s:
    one branch always matches, near misses match about a fifth of the time, and chains
    of stars like 'a*b*c*' test the empty match. Measured over 3000 draws: about 50%
    True, 90% with a '*', 55% with a '.', 18% with |s| above 8, 25% with |p| above 12.
    """
    return st.one_of(_matching(), _near_misses(), _random_patterns(), _empty_stars())


def _stars_family(n: int, rng: random.Random) -> dict:
    """s = 'a'*n and p = 'a*' * (n//2), so |p| is about n: answer True. A memo that tries
    zero copies first skips every group, fails at the end of p, then lets the last
    group take all of s: it visits about n + |p|/2 states, a thin path, while bottom-up
    forms fill all (n+1)(|p|+1) cells. The rng is unused: one input per size."""
    return {"s": "a" * n, "p": "a*" * max(1, n // 2)}


def _dense_family(n: int, rng: random.Random) -> dict:
    """s = 'a'*n + 'b' and p = 'a*' * (n//2) + 'c': answer False. Every group can take
    any share of the a's and the final 'c' fails them all, so a memo from (0, 0) must
    visit every state (i, j) with j at a group boundary, about n * |p| / 2 of them,
    before it can answer. The worst case for top-down; plain backtracking without a memo
    tries every way to split the a's among the groups. The rng is unused."""
    return {"s": "a" * n + "b", "p": "a*" * max(1, n // 2) + "c"}



def _pattern_ok(inp: dict) -> bool:
    p = inp["p"]
    return not p.startswith("*") and "**" not in p


_letters_in_order = letters_in_order(KEYS, "abc")

#: Every (s, p) up to the bound over three letters, '.' and '*'; the answer does not change
#: when letters are renamed, so one input per renaming class.
SMALL_SCOPE = SmallScope(
    record({"s": strings("abc", min_len=1), "p": strings("abc.*", min_len=1)}),
    bound=6,
    rule="size = |s| + |p|; of one size, by (|s|, |p|), then position by position in the order a, b, c, "
         "'.', '*'; one input per renaming of the letters a, b, c, first used in that order (reading s, then p)",
    valid=lambda inp: _pattern_ok(inp) and _letters_in_order(inp),
    up_to="renaming the letters",
)

FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "stars": _stars_family,
    "dense": _dense_family,
}


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks LeetCode 10's constraints."""
    check_keys(inp, KEYS, SOURCE, {"s": "aab", "p": "c*a*b"})
    check_str("s", inp["s"], 1, MAX_LEN, LOWERCASE, "lowercase English letters a-z in s", SOURCE)
    p = check_str("p", inp["p"], 1, MAX_LEN, PATTERN_CHARS, "a-z, '.' and '*' in p", SOURCE)
    for index, char in enumerate(p):
        if char == "*" and index == 0:
            raise InvalidInput(
                f"p = {show(p)} starts with '*', which has nothing to repeat; "
                "put a letter or '.' before it"
            )
        if char == "*" and p[index - 1] == "*":
            raise InvalidInput(
                f"p = {show(p)} has '**' at index {index - 1}; each '*' must follow a letter "
                "or '.' — drop one '*'"
            )


def describe(inp: dict) -> str:
    """A short size label, e.g. '|s|=5, |p|=4'."""
    return f"|s|={len(inp['s'])}, |p|={len(inp['p'])}"
