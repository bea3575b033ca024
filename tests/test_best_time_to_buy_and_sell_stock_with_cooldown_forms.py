"""The Stock-with-Cooldown forms agree with a brute-force oracle, and the problem's
strategies, families and validation do what the spec says."""

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems import best_time_to_buy_and_sell_stock_with_cooldown as problem
from solutions import best_time_to_buy_and_sell_stock_with_cooldown as ref
from tests.naive.best_time_to_buy_and_sell_stock_with_cooldown import max_profit_bruteforce

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)


@FORMS
@settings(max_examples=800)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=8))
def test_form_agrees_with_the_oracle(form, prices):
    assert ref.FORMS[form](prices) == max_profit_bruteforce(prices)


@FORMS
def test_form_agrees_with_the_oracle_exhaustively_over_prices_0_to_3(form):
    """Every chart of 1..6 days over prices 0..3: ties, plateaus and one-step zigzags."""
    fn = ref.FORMS[form]
    for n in range(1, 7):
        for prices in itertools.product(range(4), repeat=n):
            assert fn(list(prices)) == max_profit_bruteforce(list(prices)), prices


def test_the_cooldown_is_what_makes_the_answer():
    """[1, 2, 1, 2]: two trades without the cooldown, one with it."""
    assert ref.max_profit_1d([1, 2, 1, 2]) == 1


def test_memo_survives_64000_days_far_past_the_default_recursion_limit():
    inp = problem.FAMILIES["zigzag"](64000, random.Random(0))
    assert ref.max_profit_memo(**inp) == ref.max_profit_numba(**inp)


def test_numba_guards_its_int64_domain_instead_of_wrapping():
    with pytest.raises(OverflowError, match="exceeds 2\\*\\*62"):
        ref.max_profit_numba([0, 2**62])
    big = [0, 2**61, 0, 2**61]  # fine for Python's ints
    assert ref.max_profit_1d(big) == 2**61
    with pytest.raises(TypeError, match="prices\\[1\\] is float"):
        ref.max_profit_numba([1, 2.5])
    assert ref.max_profit_numba([]) == 0


def test_inputs_are_valid_and_reach_the_interesting_shares():
    answers, lengths = [], []

    @settings(max_examples=600, database=None, suppress_health_check=list(HealthCheck))
    @given(problem.inputs())
    def collect(inp):
        problem.validate(inp)
        answers.append(ref.max_profit_numba(**inp))
        lengths.append(len(inp["prices"]))

    collect()
    positive = sum(a > 0 for a in answers) / len(answers)
    assert 0.5 <= positive <= 0.95, f"{positive:.0%} positive over {len(answers)} inputs"
    assert any(n == 1 for n in lengths) and any(n > 24 for n in lengths)


@settings(max_examples=200)
@given(problem.inputs(max_len=5))
def test_inputs_respect_a_smaller_max_len(inp):
    problem.validate(inp)
    assert len(inp["prices"]) <= 5


def test_inputs_reject_a_max_len_beyond_the_constraints():
    with pytest.raises(ValueError, match="max_len=5001"):
        problem.inputs(max_len=5001)


@pytest.mark.parametrize("n", [1, 2, 7, 50, 6000])
@pytest.mark.parametrize("family", ["random", "zigzag"])
def test_families_are_valid_sized_and_deterministic(family, n):
    make = problem.FAMILIES[family]
    assert make.__doc__
    inp = make(n, random.Random(n))
    assert len(inp["prices"]) == n
    assert all(0 <= p <= 1000 for p in inp["prices"])
    assert make(n, random.Random(n)) == inp


def test_describe_names_the_number_of_days():
    assert problem.describe({"prices": [1] * 42}) == "n=42 days"


def test_validate_accepts_the_limits():
    problem.validate({"prices": [0]})
    problem.validate({"prices": [1000] * 5000})
