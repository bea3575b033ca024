"""The Coin Change II forms agree with a brute-force oracle, and the problem's strategies,
families and validation do what the spec says."""

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems import coin_change_ii as problem
from solutions import coin_change_ii as ref
from tests.naive.coin_change_ii import change_bruteforce

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)


@st.composite
def tiny_inputs(draw):
    """Up to 4 distinct coins of value up to 9, amounts up to 20."""
    coins = draw(st.lists(st.integers(1, 9), min_size=1, max_size=4, unique=True))
    return draw(st.integers(0, 20)), coins


@FORMS
@settings(max_examples=300)
@given(tiny_inputs())
def test_form_agrees_with_the_oracle(form, case):
    amount, coins = case
    got = ref.FORMS[form](amount, list(coins))
    assert got == change_bruteforce(amount, coins)
    assert type(got) is int


@FORMS
def test_form_agrees_with_the_oracle_exhaustively(form):
    """Every set of up to 3 distinct coins from 1..5, in every order, amounts 0..12."""
    fn = ref.FORMS[form]
    for size in (1, 2, 3):
        for coins in itertools.permutations(range(1, 6), size):
            for amount in range(13):
                assert fn(amount, list(coins)) == change_bruteforce(amount, list(coins)), (amount, coins)


def test_numba_saturates_rather_than_wraps():
    # Cells past 2**63 on the way, answer 0: saturation keeps the answer exact.
    assert ref.change_numba(2 * 2000 + 1, list(range(2, 4001, 2))) == 0
    # p(405) fits int64, p(406) does not.
    assert ref.change_numba(405, list(range(1, 406))) == ref.change_1d(405, list(range(1, 406)))
    with pytest.raises(OverflowError, match=r"amount=406 with 406 coins .*2\*\*63-1"):
        ref.change_numba(406, list(range(1, 407)))
    with pytest.raises(ValueError, match="coin 0"):
        ref.change_numba(5, [1, 0])


def test_memo_survives_deep_recursion():
    assert ref.change_memo(5000, [1]) == 1  # depth about 5000 calls
    assert ref.change_memo(5000, [1, 2]) == 2501


def test_inputs_are_valid_and_reach_zero_small_and_near_top_answers():
    seen: list[tuple[int, int]] = []

    @settings(max_examples=300, database=None, suppress_health_check=list(HealthCheck))
    @given(problem.inputs())
    def collect(inp):
        problem.validate(inp)
        seen.append((ref.change_numba(**inp), len(inp["coins"])))

    collect()
    share_zero = sum(a == 0 for a, _ in seen) / len(seen)
    share_top = sum(a > 10**8 for a, _ in seen) / len(seen)
    assert 0.1 <= share_zero <= 0.6, f"{share_zero:.0%} zero answers"
    assert share_top >= 0.08, f"only {share_top:.0%} answers above 10^8"
    assert any(k > 50 for _, k in seen)
    assert max(a for a, _ in seen) <= problem.MAX_ANSWER


@pytest.mark.parametrize("n", [1, 2, 7, 50, 300])
@pytest.mark.parametrize("family", ["partitions", "odd"])
def test_families_have_the_documented_size_and_answer(family, n):
    make = problem.FAMILIES[family]
    assert make.__doc__
    inp = make(n, random.Random(n))
    assert len(inp["coins"]) == n and len(set(inp["coins"])) == n
    assert inp["amount"] == (n if family == "partitions" else 2 * n + 1)
    answer = ref.change_1d(**inp)
    assert (answer == 0) is (family == "odd")
    assert make(n, random.Random(n + 1)) == inp


def test_families_are_exactly_partitions_and_odd():
    assert set(problem.FAMILIES) == {"partitions", "odd"}


def test_describe_names_the_amount_and_the_coin_count():
    assert problem.describe({"amount": 5, "coins": [1, 2, 5]}) == "amount=5, |coins|=3"


def test_validate_accepts_the_limits():
    problem.validate({"amount": 0, "coins": [5000]})
    problem.validate({"amount": 5000, "coins": list(range(4701, 5001))})
    problem.validate({"amount": 3167, "coins": [1, 2, 5, 10, 20]})
