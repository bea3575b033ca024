"""The Target Sum forms agree with a brute-force oracle, and the problem's strategies,
families and validation do what the spec says."""

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems import target_sum as problem
from solutions import target_sum as ref
from tests.naive.target_sum import find_target_sum_ways_bruteforce

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)


@st.composite
def tiny_inputs(draw):
    """Up to 8 numbers from 0..5 (zeros common), a target within the sum plus a little."""
    nums = draw(st.lists(st.integers(0, 5), min_size=1, max_size=8))
    reach = sum(nums) + 2
    return nums, draw(st.integers(-reach, reach))


@FORMS
@settings(max_examples=800)
@given(tiny_inputs())
def test_form_agrees_with_the_oracle(form, case):
    nums, target = case
    assert ref.FORMS[form](nums, target) == find_target_sum_ways_bruteforce(nums, target)


@FORMS
def test_form_agrees_with_the_oracle_exhaustively_over_0_to_2(form):
    """Every list of 1..4 numbers from 0..2, every target from -9 to 9."""
    fn = ref.FORMS[form]
    for n in range(1, 5):
        for nums in itertools.product(range(3), repeat=n):
            for target in range(-9, 10):
                expected = find_target_sum_ways_bruteforce(list(nums), target)
                assert fn(list(nums), target) == expected, (nums, target)


def test_each_zero_doubles_the_count():
    for zeros in range(6):
        assert ref.find_target_sum_ways_1d([0] * zeros + [3, 1], 2) == 2**zeros


@FORMS
@pytest.mark.parametrize("family", ["wide", "long"])
def test_forms_agree_on_family_inputs(form, family):
    inp = problem.FAMILIES[family](60, random.Random(7))
    assert ref.FORMS[form](**inp) == ref.find_target_sum_ways_1d(**inp)


def test_memo_survives_a_depth_beyond_the_default_recursion_limit():
    nums = [1] * 1500
    assert ref.find_target_sum_ways_memo(nums, 2) == ref.find_target_sum_ways_1d(nums, 2)


def test_numba_refuses_to_wrap_when_a_count_passes_int64():
    nums = [1] * 70  # C(70, 35) ~ 1.1e20 > 2**63 - 1
    exact = ref.find_target_sum_ways_1d(nums, 0)
    assert exact > 2**63
    with pytest.raises(OverflowError, match="passed 2\\*\\*63 - 1"):
        ref.find_target_sum_ways_numba(nums, 0)
    assert ref.find_target_sum_ways_numba([1] * 62, 0) == ref.find_target_sum_ways_1d([1] * 62, 0)


def test_numba_wrapper_rejects_what_the_kernel_cannot_take():
    with pytest.raises(ValueError, match="nums\\[1\\] is -2"):
        ref.find_target_sum_ways_numba([1, -2], 1)
    with pytest.raises(TypeError, match="target is float"):
        ref.find_target_sum_ways_numba([1, 2], 1.0)


def test_inputs_are_valid_and_reach_the_interesting_shares():
    answers, zeros = [], []

    @settings(max_examples=600, database=None, suppress_health_check=list(HealthCheck))
    @given(problem.inputs())
    def collect(inp):
        problem.validate(inp)
        answers.append(ref.find_target_sum_ways_numba(**inp))
        zeros.append(0 in inp["nums"])

    collect()
    nonzero = sum(a > 0 for a in answers) / len(answers)
    assert 0.25 <= nonzero <= 0.75, f"{nonzero:.0%} non-zero over {len(answers)} inputs"
    assert 0.15 <= sum(zeros) / len(zeros)


@settings(max_examples=200)
@given(problem.inputs(max_len=3))
def test_inputs_respect_a_smaller_max_len(inp):
    problem.validate(inp)
    assert len(inp["nums"]) <= 3


def test_inputs_reject_a_max_len_beyond_the_constraints():
    with pytest.raises(ValueError, match="max_len=21"):
        problem.inputs(max_len=21)


@pytest.mark.parametrize("n", [0, 1, 16, 1000, 4096])
def test_wide_family_is_twenty_numbers_adding_up_to_n(n):
    make = problem.FAMILIES["wide"]
    assert make.__doc__
    inp = make(n, random.Random(n))
    assert len(inp["nums"]) == 20 and sum(inp["nums"]) == n and min(inp["nums"]) >= 0
    assert ref.find_target_sum_ways_numba(**inp) >= 1  # a random signing: reachable
    assert make(n, random.Random(n)) == inp


@pytest.mark.parametrize("n", [1, 16, 64, 300])
def test_long_family_is_n_numbers_from_1_to_3(n):
    make = problem.FAMILIES["long"]
    assert make.__doc__
    inp = make(n, random.Random(n))
    assert len(inp["nums"]) == n and set(inp["nums"]) <= {1, 2, 3}
    assert ref.find_target_sum_ways_1d(**inp) >= 1
    assert make(n, random.Random(n)) == inp


def test_describe_names_length_and_sum():
    assert problem.describe({"nums": [1, 2, 3], "target": 0}) == "n=3, sum=6"


def test_validate_accepts_the_limits():
    problem.validate({"nums": [50] * 20, "target": -1000})
    problem.validate({"nums": [0], "target": 1000})
