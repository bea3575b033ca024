"""The Edit Distance forms agree with a brute-force oracle, and the problem's strategies,
families and validation do what the spec says."""

import functools
import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems import edit_distance as problem
from solutions import edit_distance as ref
from tests.naive.edit_distance import edit_distance_bruteforce

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)
BITSET_FORMS = pytest.mark.parametrize("form", ["bitset", "bitset-numba"], ids=str)


def _strings_up_to(alphabet: str, length: int) -> list[str]:
    return ["".join(p) for k in range(length + 1) for p in itertools.product(alphabet, repeat=k)]


@st.composite
def tiny_inputs(draw):
    """Lengths 0..4 over one to three letters, or the full alphabet (the oracle's search
    grows with the letters in play, so the words stay short)."""
    alphabet = draw(st.sampled_from(["ab", "a", "abc", "abcdefghijklmnopqrstuvwxyz"]))
    return draw(st.text(alphabet, max_size=4)), draw(st.text(alphabet, max_size=4))


_oracle = functools.lru_cache(maxsize=None)(edit_distance_bruteforce)  # shared by every form


@FORMS
@settings(max_examples=300)
@given(tiny_inputs())
def test_form_agrees_with_the_oracle(form, case):
    word1, word2 = case
    assert ref.FORMS[form](word1, word2) == _oracle(word1, word2)


@pytest.fixture(scope="module")
def oracle_up_to_4():
    """The oracle's answer for every pair of strings over {a, b} of lengths 0..4."""
    words = _strings_up_to("ab", 4)
    return {(w1, w2): _oracle(w1, w2) for w1, w2 in itertools.product(words, repeat=2)}


@FORMS
def test_form_agrees_with_the_oracle_exhaustively_up_to_length_4(form, oracle_up_to_4):
    fn = ref.FORMS[form]
    for (word1, word2), expected in oracle_up_to_4.items():
        assert fn(word1, word2) == expected, (word1, word2)


@st.composite
def word_boundary_inputs(draw):
    """Lengths at and around multiples of 64, where the bit vector crosses into a new
    word, against a partner of any length up to 200 (empty included)."""
    alphabet = draw(st.sampled_from(["ab", "abc", "abcd"]))
    m = draw(st.sampled_from([63, 64, 65, 127, 128, 129, 191, 192, 193]))
    n = draw(st.integers(0, 200))
    return (
        draw(st.text(alphabet, min_size=m, max_size=m)),
        draw(st.text(alphabet, min_size=n, max_size=n)),
    )


@BITSET_FORMS
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(word_boundary_inputs())
def test_bitset_forms_agree_with_the_table_across_word_boundaries(form, case):
    word1, word2 = case
    expected = ref.min_distance_1d(word1, word2)
    assert ref.FORMS[form](word1, word2) == expected
    assert ref.FORMS[form](word2, word1) == expected


@BITSET_FORMS
@pytest.mark.parametrize("m", [1, 63, 64, 65, 128, 129])
def test_bitset_forms_track_the_bottom_cell_through_the_top_bit(form, m):
    """The score follows dp[m][j] through bit m-1: a difference only in the last letter,
    an extra letter at the end, and no letter in common."""
    fn = ref.FORMS[form]
    word = "ab" * (m // 2) + "a" * (m % 2)
    assert fn(word, word) == 0
    assert fn(word, word[:-1] + "z") == 1
    assert fn(word, word + "z") == 1
    assert fn(word, "z" * (m + 3)) == m + 3


@BITSET_FORMS
def test_bitset_forms_carry_a_chain_across_many_words(form):
    """A match at the bottom of a 300-bit run of +1 steps: the addition's carry must
    cross four words, and the distance is one insertion."""
    word1 = "a" * 300
    assert ref.FORMS[form](word1, "b" + word1) == 1
    assert ref.FORMS[form](word1, word1[:150] + "b" + word1[150:]) == 1


def test_memo_survives_the_identical_family_at_n_5000():
    inp = problem.FAMILIES["identical"](5000, random.Random(0))
    assert ref.min_distance_memo(**inp) == 0


def test_numba_wrappers_reject_what_the_kernels_cannot_take():
    for fn in (ref.min_distance_numba, ref.min_distance_bitset_numba):
        with pytest.raises(TypeError, match="word2 is int"):
            fn("a", 5)
        with pytest.raises(ValueError, match="word1 has non-ASCII character 'é' at index 1"):
            fn("aé", "a")


def test_inputs_are_valid_and_reach_zero_empty_and_between():
    kinds: list[str] = []
    long_words = 0

    @settings(max_examples=600, database=None, suppress_health_check=list(HealthCheck))
    @given(problem.inputs())
    def collect(inp):
        nonlocal long_words
        problem.validate(inp)
        answer = ref.min_distance_bitset(**inp)
        m, n = len(inp["word1"]), len(inp["word2"])
        kinds.append("zero" if answer == 0 else "empty" if min(m, n) == 0
                     else "between" if answer < max(m, n) else "max")
        long_words += max(m, n) >= 64

    collect()
    for kind in ("zero", "empty", "between"):
        share = kinds.count(kind) / len(kinds)
        assert 0.08 <= share <= 0.7, f"{share:.0%} {kind} over {len(kinds)} inputs"
    assert long_words >= 0.08 * len(kinds)


@settings(max_examples=200)
@given(problem.inputs(max_len=3))
def test_inputs_respect_a_smaller_max_len(inp):
    problem.validate(inp)
    assert len(inp["word1"]) <= 3 and len(inp["word2"]) <= 3


@pytest.mark.parametrize("max_len", [-1, 501])
def test_inputs_reject_a_max_len_beyond_the_constraints(max_len):
    with pytest.raises(ValueError, match=f"max_len={max_len}"):
        problem.inputs(max_len=max_len)


@pytest.mark.parametrize("n", [0, 1, 2, 7, 64, 300])
def test_families_have_the_documented_shape(n):
    for make in problem.FAMILIES.values():
        assert make.__doc__
        inp = make(n, random.Random(n))
        assert len(inp["word1"]) == len(inp["word2"]) == n
        assert set(inp["word1"] + inp["word2"]) <= set("abcd")
        assert make(n, random.Random(n)) == inp  # deterministic given the rng
    identical = problem.FAMILIES["identical"](n, random.Random(n))
    assert ref.min_distance_numba(**identical) == 0


def test_random_family_distance_is_about_half_n():
    inp = problem.FAMILIES["random"](2000, random.Random(1))
    assert 0.45 * 2000 <= ref.min_distance_bitset(**inp) <= 0.6 * 2000


def test_families_are_exactly_random_and_identical():
    assert set(problem.FAMILIES) == {"random", "identical"}


def test_describe_names_both_lengths():
    assert problem.describe({"word1": "horse", "word2": "ros"}) == "|word1|=5, |word2|=3"


def test_validate_accepts_the_limits():
    problem.validate({"word1": "z" * 500, "word2": "a" * 500})
    problem.validate({"word1": "", "word2": ""})
