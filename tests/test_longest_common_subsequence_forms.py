"""The Longest Common Subsequence forms agree with a brute-force oracle, and the problem's
strategies, families and validation do what the spec says."""

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems import longest_common_subsequence as problem
from solutions import longest_common_subsequence as ref
from tests.naive.longest_common_subsequence import lcs_bruteforce

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)
BITSET_FORMS = pytest.mark.parametrize("form", ["bitset", "bitset-numba"], ids=str)


def _strings_up_to(alphabet: str, length: int) -> list[str]:
    return ["".join(p) for k in range(length + 1) for p in itertools.product(alphabet, repeat=k)]


@st.composite
def tiny_inputs(draw):
    """Lengths 1..8 over one to three letters, or the full alphabet."""
    alphabet = draw(st.sampled_from(["ab", "a", "abc", "abcdefghijklmnopqrstuvwxyz"]))
    return (
        draw(st.text(alphabet, min_size=1, max_size=8)),
        draw(st.text(alphabet, min_size=1, max_size=8)),
    )


@FORMS
@settings(max_examples=400)
@given(tiny_inputs())
def test_form_agrees_with_the_oracle(form, case):
    text1, text2 = case
    assert ref.FORMS[form](text1, text2) == lcs_bruteforce(text1, text2)


@FORMS
def test_form_agrees_with_the_oracle_exhaustively_up_to_length_4(form):
    """Every pair of strings over {a, b} of lengths 0..4 (the empty ones too: the forms
    must not crash below LeetCode's minimum)."""
    fn = ref.FORMS[form]
    words = _strings_up_to("ab", 4)
    for text1, text2 in itertools.product(words, repeat=2):
        assert fn(text1, text2) == lcs_bruteforce(text1, text2), (text1, text2)


@st.composite
def word_boundary_inputs(draw):
    """Lengths at and around multiples of 64, where the bit vector crosses into a new
    word, against a partner of any length up to 200."""
    alphabet = draw(st.sampled_from(["ab", "abc", "abcd"]))
    m = draw(st.sampled_from([63, 64, 65, 127, 128, 129, 191, 192, 193]))
    n = draw(st.integers(1, 200))
    return (
        draw(st.text(alphabet, min_size=m, max_size=m)),
        draw(st.text(alphabet, min_size=n, max_size=n)),
    )


@BITSET_FORMS
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(word_boundary_inputs())
def test_bitset_forms_agree_with_the_table_across_word_boundaries(form, case):
    text1, text2 = case
    expected = ref.longest_common_subsequence_1d(text1, text2)
    assert ref.FORMS[form](text1, text2) == expected
    assert ref.FORMS[form](text2, text1) == expected


@BITSET_FORMS
@pytest.mark.parametrize("m", [63, 64, 65, 128, 129])
def test_bitset_forms_count_every_bit_of_the_top_word(form, m):
    """Identical strings: every bit of the vector turns into a step, the last ones included."""
    text = "ab" * (m // 2) + "a" * (m % 2)
    assert ref.FORMS[form](text, text) == m
    assert ref.FORMS[form](text, text[:-1] + "z") == m - 1


def test_memo_survives_the_identical_family_at_n_5000():
    inp = problem.FAMILIES["identical"](5000, random.Random(0))
    assert ref.longest_common_subsequence_memo(**inp) == 5000


def test_numba_wrappers_reject_what_the_kernels_cannot_take():
    for fn in (ref.longest_common_subsequence_numba, ref.longest_common_subsequence_bitset_numba):
        with pytest.raises(TypeError, match="text2 is int"):
            fn("a", 5)
        with pytest.raises(ValueError, match="text1 has non-ASCII character 'é' at index 1"):
            fn("aé", "a")


def test_inputs_are_valid_and_reach_zero_full_and_between():
    kinds: list[str] = []
    long_words = 0

    @settings(max_examples=600, database=None, suppress_health_check=list(HealthCheck))
    @given(problem.inputs())
    def collect(inp):
        nonlocal long_words
        problem.validate(inp)
        answer = ref.longest_common_subsequence_bitset(**inp)
        shortest = min(len(inp["text1"]), len(inp["text2"]))
        kinds.append("zero" if answer == 0 else "full" if answer == shortest else "between")
        long_words += max(len(inp["text1"]), len(inp["text2"])) >= 64

    collect()
    for kind in ("zero", "full", "between"):
        share = kinds.count(kind) / len(kinds)
        assert 0.08 <= share <= 0.7, f"{share:.0%} {kind} over {len(kinds)} inputs"
    assert long_words >= 0.08 * len(kinds)


@settings(max_examples=200)
@given(problem.inputs(max_len=3))
def test_inputs_respect_a_smaller_max_len(inp):
    problem.validate(inp)
    assert 1 <= len(inp["text1"]) <= 3 and 1 <= len(inp["text2"]) <= 3


@pytest.mark.parametrize("max_len", [0, 1001])
def test_inputs_reject_a_max_len_beyond_the_constraints(max_len):
    with pytest.raises(ValueError, match=f"max_len={max_len}"):
        problem.inputs(max_len=max_len)


@pytest.mark.parametrize("n", [1, 2, 7, 64, 300])
def test_families_have_the_documented_shape(n):
    for make in problem.FAMILIES.values():
        assert make.__doc__
        inp = make(n, random.Random(n))
        assert len(inp["text1"]) == len(inp["text2"]) == n
        assert set(inp["text1"] + inp["text2"]) <= set("abcd")
        assert make(n, random.Random(n)) == inp  # deterministic given the rng
    identical = problem.FAMILIES["identical"](n, random.Random(n))
    assert ref.longest_common_subsequence_numba(**identical) == n


def test_random_family_lcs_is_about_0_65_n():
    inp = problem.FAMILIES["random"](2000, random.Random(1))
    assert 0.6 * 2000 <= ref.longest_common_subsequence_bitset(**inp) <= 0.7 * 2000


def test_families_are_exactly_random_and_identical():
    assert set(problem.FAMILIES) == {"random", "identical"}


def test_describe_names_both_lengths():
    assert problem.describe({"text1": "abcde", "text2": "ace"}) == "|text1|=5, |text2|=3"


def test_validate_accepts_the_limits():
    problem.validate({"text1": "z" * 1000, "text2": "a" * 1000})
    problem.validate({"text1": "a", "text2": "b"})
