"""The Distinct Subsequences forms agree with a brute-force oracle, and the problem's
strategies, families and validation do what the spec says."""

import itertools
import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems import distinct_subsequences as problem
from solutions import distinct_subsequences as ref
from tests.naive.distinct_subsequences import num_distinct_bruteforce

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)


def _strings_up_to(alphabet: str, length: int) -> list[str]:
    return ["".join(p) for k in range(length + 1) for p in itertools.product(alphabet, repeat=k)]


@st.composite
def tiny_inputs(draw):
    """|s| <= 10 and |t| <= 5 over one to three letters, or t drawn from s's letters in order."""
    alphabet = draw(st.sampled_from(["ab", "a", "abc", "aA"]))
    s = draw(st.text(alphabet, max_size=10))
    if s and draw(st.booleans()):
        picks = draw(st.lists(st.integers(0, len(s) - 1), max_size=5, unique=True))
        t = "".join(s[k] for k in sorted(picks))
    else:
        t = draw(st.text(alphabet, max_size=5))
    return s, t


@FORMS
@settings(max_examples=500)
@given(tiny_inputs())
def test_form_agrees_with_the_oracle(form, case):
    s, t = case
    got = ref.FORMS[form](s, t)
    assert got == num_distinct_bruteforce(s, t)
    assert type(got) is int


@FORMS
def test_form_agrees_with_the_oracle_exhaustively(form):
    """All s over {a, b} up to length 6 and t up to length 3."""
    fn = ref.FORMS[form]
    for s in _strings_up_to("ab", 6):
        for t in _strings_up_to("ab", 3):
            assert fn(s, t) == num_distinct_bruteforce(s, t), (s, t)


def test_ascending_one_row_double_counts():
    """The classic bug the spec warns about, pinned: with j ascending, one 'a' of s is
    matched to both 'a's of t."""
    def ascending(s: str, t: str) -> int:
        dp = [1] + [0] * len(t)
        for ch in s:
            for j in range(1, len(t) + 1):
                if t[j - 1] == ch:
                    dp[j] += dp[j - 1]
        return dp[-1]

    assert ascending("a", "aa") == 1 != ref.num_distinct_1d("a", "aa") == 0


def test_numba_saturates_rather_than_wraps():
    # Cells on the way hold C(999, 500) ~ 10^299; the answer is 0 and stays exact.
    assert ref.num_distinct_numba("b" + "a" * 999, "a" * 500 + "b") == 0
    assert ref.num_distinct_numba("a" * 66, "a" * 33) == math.comb(66, 33)  # fits int64
    with pytest.raises(OverflowError, match=r"\|s\|=67, \|t\|=33: .*2\*\*63-1"):
        ref.num_distinct_numba("a" * 67, "a" * 33)
    with pytest.raises(TypeError, match="t is int"):
        ref.num_distinct_numba("a", 5)
    with pytest.raises(ValueError, match="s has non-ASCII character 'é' at index 1"):
        ref.num_distinct_numba("aé", "a")


def test_memo_survives_deep_recursion():
    assert ref.num_distinct_memo("a" * 3000, "a") == 3000  # depth about 3000 calls


def test_inputs_are_valid_and_reach_zero_small_and_near_top_answers():
    seen: list[tuple[int, int]] = []

    @settings(max_examples=300, database=None, suppress_health_check=list(HealthCheck))
    @given(problem.inputs())
    def collect(inp):
        problem.validate(inp)
        seen.append((ref.num_distinct_numba(**inp), len(inp["t"])))

    collect()
    share_zero = sum(a == 0 for a, _ in seen) / len(seen)
    share_top = sum(a > 10**8 for a, _ in seen) / len(seen)
    assert 0.03 <= share_zero <= 0.6, f"{share_zero:.0%} zero answers"
    assert share_top >= 0.02, f"only {share_top:.0%} answers above 10^8"
    assert any(k > 100 for _, k in seen)
    assert max(a for a, _ in seen) <= problem.MAX_ANSWER


@pytest.mark.parametrize("n", [1, 2, 7, 50, 300])
@pytest.mark.parametrize("family", ["all-a", "random"])
def test_families_have_the_documented_size_and_answer(family, n):
    make = problem.FAMILIES[family]
    assert make.__doc__
    inp = make(n, random.Random(n))
    assert len(inp["s"]) == n and len(inp["t"]) == n // 2
    answer = ref.num_distinct_1d(**inp)
    if family == "all-a":
        assert answer == math.comb(n, n // 2)
    elif n >= 7:
        assert answer == 0
    assert make(n, random.Random(n)) == inp


def test_families_are_exactly_all_a_and_random():
    assert set(problem.FAMILIES) == {"all-a", "random"}


def test_describe_names_both_lengths():
    assert problem.describe({"s": "rabbbit", "t": "rabbit"}) == "|s|=7, |t|=6"


def test_validate_accepts_the_limits():
    problem.validate({"s": "Z" * 1000, "t": "Z"})
    problem.validate({"s": "a" * 34, "t": "a" * 15})
    problem.validate({"s": "a", "t": "b" * 1000})
