"""The Longest Increasing Path forms agree with a brute-force oracle, and the problem's
strategies, families and validation do what the spec says."""

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems import longest_increasing_path_in_a_matrix as problem
from solutions import longest_increasing_path_in_a_matrix as ref
from tests.naive.longest_increasing_path_in_a_matrix import longest_increasing_path_bruteforce

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)
MAX_VALUE = 2**31 - 1


@st.composite
def tiny_matrices(draw):
    """Up to 4 x 4 over spans of one to five values (plateaus, equal neighbours), or over
    the full range near 2**31 - 1."""
    m, n = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    span = draw(st.sampled_from([1, 2, 3, 5, MAX_VALUE + 1]))
    base = draw(st.sampled_from([0, MAX_VALUE + 1 - span]))
    cells = draw(st.lists(st.integers(0, span - 1), min_size=m * n, max_size=m * n))
    return [[base + cells[i * n + j] for j in range(n)] for i in range(m)]


@FORMS
@settings(max_examples=800)
@given(tiny_matrices())
def test_form_agrees_with_the_oracle(form, matrix):
    assert ref.FORMS[form](matrix) == longest_increasing_path_bruteforce(matrix)


@FORMS
def test_form_agrees_with_the_oracle_exhaustively_on_small_shapes(form):
    """Every 2 x 2 and 1 x 4 matrix over {0, 1, 2}, and every 2 x 3 over {0, 1}."""
    fn = ref.FORMS[form]
    shapes = [(2, 2, 3), (1, 4, 3), (4, 1, 3), (2, 3, 2), (3, 2, 2)]
    for m, n, k in shapes:
        for cells in itertools.product(range(k), repeat=m * n):
            matrix = [list(cells[i * n : (i + 1) * n]) for i in range(m)]
            assert fn(matrix) == longest_increasing_path_bruteforce(matrix), matrix


@FORMS
def test_form_agrees_with_the_oracle_on_every_permutation_of_a_2_by_3(form):
    """All 720 arrangements of six distinct values: every DAG shape the grid allows."""
    fn = ref.FORMS[form]
    for cells in itertools.permutations(range(6)):
        matrix = [list(cells[:3]), list(cells[3:])]
        assert fn(matrix) == longest_increasing_path_bruteforce(matrix), matrix


def test_memo_survives_a_snake_deeper_than_the_default_recursion_limit_twice_over():
    inp = problem.FAMILIES["snake"](300, random.Random(0))
    assert ref.longest_increasing_path_memo(**inp) == 90_000


def test_numba_wrapper_raises_instead_of_wrapping_or_truncating():
    with pytest.raises(OverflowError, match="matrix holds 9223372036854775808, outside int64"):
        ref.longest_increasing_path_numba([[1, 2**63]])
    with pytest.raises(OverflowError, match="outside int64"):
        ref.longest_increasing_path_numba([[-(2**70), 0]])
    with pytest.raises(TypeError, match="float64 values, not int"):
        ref.longest_increasing_path_numba([[1.5, 2]])
    with pytest.raises(ValueError, match="matrix row 1 has 1 values, row 0 has 2"):
        ref.longest_increasing_path_numba([[1, 2], [3]])
    # beyond LeetCode's range, but inside int64: compared exactly, not wrapped
    assert ref.longest_increasing_path_numba([[2**62, 2**62 + 1, -(2**62)]]) == 2


def test_inputs_are_valid_and_reach_the_interesting_shares():
    seen = {"one": 0, "whole": 0, "large": 0, "equal neighbours": 0, "total": 0}

    @settings(max_examples=600, database=None, suppress_health_check=list(HealthCheck))
    @given(problem.inputs())
    def collect(inp):
        problem.validate(inp)
        matrix = inp["matrix"]
        m, n = len(matrix), len(matrix[0])
        answer = ref.longest_increasing_path_numba(matrix)
        seen["total"] += 1
        seen["one"] += answer == 1
        seen["whole"] += answer == m * n > 1
        seen["large"] += max(m, n) > 50
        seen["equal neighbours"] += any(
            row[j] == row[j + 1] for row in matrix for j in range(n - 1)
        ) or any(matrix[i][j] == matrix[i + 1][j] for i in range(m - 1) for j in range(n))

    collect()
    total = seen["total"]
    assert 0.10 <= seen["one"] / total <= 0.45, seen
    assert seen["whole"] / total >= 0.05, seen
    assert seen["large"] / total >= 0.05, seen
    assert seen["equal neighbours"] / total >= 0.30, seen


@pytest.mark.parametrize("n", [1, 2, 3, 8, 50])
def test_families_have_the_documented_shape_and_answer(n):
    for make in problem.FAMILIES.values():
        assert make.__doc__
        inp = make(n, random.Random(n))
        problem.validate(inp)
        matrix = inp["matrix"]
        assert len(matrix) == n and all(len(row) == n for row in matrix)
        assert make(n, random.Random(n)) == inp  # deterministic given the rng
    assert ref.longest_increasing_path_numba(**problem.FAMILIES["snake"](n, random.Random(0))) == n * n


def test_random_family_paths_are_short():
    inp = problem.FAMILIES["random"](128, random.Random(1))
    assert ref.longest_increasing_path_numba(**inp) <= 20


def test_families_are_exactly_snake_and_random():
    assert set(problem.FAMILIES) == {"snake", "random"}


def test_describe_names_the_shape():
    assert problem.describe({"matrix": [[1, 2, 3], [4, 5, 6]]}) == "m=2, n=3"


def test_validate_accepts_the_limits():
    problem.validate({"matrix": [[MAX_VALUE] * 200 for _ in range(200)]})
    problem.validate({"matrix": [[0]]})
