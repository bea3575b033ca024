"""The Unique Paths forms agree with a brute-force oracle, and the problem's strategies,
families and validation do what the spec says."""

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems import unique_paths as problem
from solutions import unique_paths as ref
from tests.naive.unique_paths import unique_paths_bruteforce

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)


@FORMS
@settings(max_examples=300)
@given(st.integers(1, 8), st.integers(1, 8))
def test_form_agrees_with_the_oracle(form, m, n):
    got = ref.FORMS[form](m, n)
    assert got == unique_paths_bruteforce(m, n)
    assert type(got) is int


@FORMS
def test_form_agrees_with_the_oracle_exhaustively_up_to_7_by_7(form):
    fn = ref.FORMS[form]
    for m in range(1, 8):
        for n in range(1, 8):
            assert fn(m, n) == unique_paths_bruteforce(m, n), (m, n)


@pytest.mark.parametrize("form", sorted(set(ref.FORMS) - {"formula"}), ids=str)
def test_dp_forms_agree_with_the_binomial_on_every_valid_grid_edge(form):
    """The widest valid grid for every m: all answers LeetCode allows at their largest."""
    fn = ref.FORMS[form]
    for m in range(1, problem.MAX_SIDE + 1):
        n = problem.WIDEST[m]
        assert fn(m, n) == math.comb(m + n - 2, m - 1), (m, n)


def test_numba_is_exact_up_to_34_by_34_and_raises_rather_than_wraps_beyond():
    assert ref.unique_paths_numba(34, 34) == math.comb(66, 33)
    assert ref.unique_paths_numba(2, 10**5) == 10**5
    with pytest.raises(OverflowError, match=r"m=35, n=35: .*2\*\*63-1"):
        ref.unique_paths_numba(35, 35)
    with pytest.raises(OverflowError, match="m=34, n=35"):
        ref.unique_paths_numba(34, 35)  # C(67, 33) is just past int64
    with pytest.raises(ValueError, match="m=0"):
        ref.unique_paths_numba(0, 3)


def test_memo_survives_a_deep_grid():
    assert ref.unique_paths_memo(2, 5000) == 5000  # depth about 5000 calls


def test_inputs_are_valid_and_reach_small_and_huge_answers():
    answers: list[int] = []

    @settings(max_examples=600, database=None, suppress_health_check=list(HealthCheck))
    @given(problem.inputs())
    def collect(inp):
        problem.validate(inp)
        answers.append(ref.unique_paths_formula(**inp))

    collect()
    small = sum(a <= 1000 for a in answers) / len(answers)
    huge = sum(a >= 10**9 + 7 for a in answers) / len(answers)
    assert 0.25 <= small <= 0.75, f"{small:.0%} answers <= 1000"
    assert huge >= 0.15, f"only {huge:.0%} answers reach 10^9 + 7"
    assert 1 in answers


@pytest.mark.parametrize("n", [1, 2, 8, 34, 35, 300])
def test_square_family_has_the_documented_size_and_answer(n):
    make = problem.FAMILIES["square"]
    assert make.__doc__
    inp = make(n, random.Random(n))
    assert inp == {"m": n, "n": n}
    assert ref.unique_paths_1d(**inp) == math.comb(2 * n - 2, n - 1)
    assert make(n, random.Random(n + 1)) == inp


def test_families_are_exactly_square():
    assert set(problem.FAMILIES) == {"square"}


def test_describe_names_both_sides():
    assert problem.describe({"m": 3, "n": 7}) == "m=3, n=7"


def test_validate_accepts_the_limits():
    problem.validate({"m": 1, "n": 1})
    problem.validate({"m": 100, "n": 7})
    problem.validate({"m": 69, "n": 8})
    problem.validate({"m": 1, "n": 100})
