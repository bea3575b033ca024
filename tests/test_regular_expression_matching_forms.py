"""The Regular Expression Matching forms agree with brute-force oracles, and the
problem's strategies, families and validation do what the spec says."""

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems import regular_expression_matching as problem
from solutions import regular_expression_matching as ref
from tests.naive.regular_expression_matching import is_match_bruteforce, is_match_re

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)


@st.composite
def tiny_inputs(draw):
    """s up to 6 characters over one to three letters (empty too: every form handles it);
    p up to 5 tokens of letter, '.', 'c*' or '.*'."""
    alphabet = draw(st.sampled_from(["ab", "a", "abc"]))
    s = draw(st.text(alphabet, max_size=6))
    token = st.sampled_from([*alphabet, ".", *(c + "*" for c in alphabet), ".*"])
    p = "".join(draw(st.lists(token, min_size=1, max_size=5)))
    return s, p


def _patterns_up_to(tokens: int) -> list[str]:
    pieces = ["a", "b", ".", "a*", "b*", ".*"]
    return ["".join(t) for k in range(1, tokens + 1) for t in itertools.product(pieces, repeat=k)]


def test_the_two_oracles_agree():
    for p in _patterns_up_to(3):
        for k in range(5):
            for s in map("".join, itertools.product("ab", repeat=k)):
                assert is_match_bruteforce(s, p) == is_match_re(s, p), (s, p)


@FORMS
@settings(max_examples=500)
@given(tiny_inputs())
def test_form_agrees_with_the_oracle(form, case):
    s, p = case
    assert ref.FORMS[form](s, p) == is_match_bruteforce(s, p)


@FORMS
def test_form_agrees_with_the_oracle_exhaustively_up_to_three_tokens(form):
    """Every pattern of up to three tokens over a, b, '.', 'a*', 'b*', '.*' against every
    s over {a, b} of length 0..4."""
    fn = ref.FORMS[form]
    for p in _patterns_up_to(3):
        for k in range(5):
            for s in map("".join, itertools.product("ab", repeat=k)):
                assert fn(s, p) == is_match_re(s, p), (s, p)


def test_memo_survives_the_dense_family_deeper_than_the_default_recursion_limit():
    inp = problem.FAMILIES["dense"](800, random.Random(0))  # depth about 1200
    assert ref.is_match_memo(**inp) is False


def test_numba_wrapper_rejects_what_the_kernel_cannot_take():
    with pytest.raises(TypeError, match="p is int"):
        ref.is_match_numba("a", 5)
    with pytest.raises(ValueError, match="s has non-ASCII character 'é' at index 1"):
        ref.is_match_numba("aé", "a.")
    with pytest.raises(ValueError, match="p starts with '\\*'"):
        ref.is_match_numba("a", "*a")


def test_inputs_are_valid_and_reach_the_interesting_shares():
    seen = {"true": 0, "star": 0, "dot": 0, "zero-copy group": 0, "long": 0, "total": 0}

    @settings(max_examples=600, database=None, suppress_health_check=list(HealthCheck))
    @given(problem.inputs())
    def collect(inp):
        problem.validate(inp)
        s, p = inp["s"], inp["p"]
        answer = ref.is_match_1d(s, p)
        seen["total"] += 1
        seen["true"] += answer
        seen["star"] += "*" in p
        seen["dot"] += "." in p
        seen["long"] += len(s) > 8
        # a match that needs some group to take zero copies: dropping that group's
        # zero option (one-or-more) would flip it
        seen["zero-copy group"] += answer and not _one_or_more(s, p)

    collect()
    total = seen["total"]
    assert 0.30 <= seen["true"] / total <= 0.70, seen
    assert seen["star"] / total >= 0.6 and seen["dot"] / total >= 0.3, seen
    assert seen["zero-copy group"] / total >= 0.10, seen
    assert seen["long"] / total >= 0.08, seen


def _one_or_more(s: str, p: str) -> bool:
    """The match with '*' read as one or more copies: Python's '+'."""
    import re

    return re.fullmatch(p.replace("*", "+"), s) is not None


@pytest.mark.parametrize("n", [1, 2, 3, 8, 50, 301])
@pytest.mark.parametrize("family, answer", [("stars", True), ("dense", False)])
def test_families_have_the_documented_answer_and_size(family, answer, n):
    make = problem.FAMILIES[family]
    assert make.__doc__
    inp = make(n, random.Random(n))
    assert len(inp["s"]) in (n, n + 1)
    assert abs(len(inp["p"]) - n) <= 3
    assert ref.is_match_numba(**inp) is answer
    assert make(n, random.Random(n)) == inp  # deterministic given the rng
    if n <= 20:
        problem.validate(inp)


def test_families_are_exactly_stars_and_dense():
    assert set(problem.FAMILIES) == {"stars", "dense"}


def test_describe_names_both_lengths():
    assert problem.describe({"s": "aab", "p": "c*a*b"}) == "|s|=3, |p|=5"


def test_validate_accepts_the_limits():
    problem.validate({"s": "z" * 20, "p": ".*" * 10})
    problem.validate({"s": "a", "p": "."})
