"""Every nm-sparsity form against the brute-force oracle (tests/naive/), on Hypothesis's inputs;
the strategy's reach; the pattern's one-line errors; the row-norm checker's tolerance."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings

from judge.engine.search import draw
from judge.model import registry
from solutions import nm_sparsity as nm
from tests.naive.nm_sparsity import affordable, prune_bruteforce

PROBLEM = registry.get("nm-sparsity")


@settings(max_examples=80, deadline=None)
@given(PROBLEM.strategy())
def test_every_form_matches_brute_force(inp):
    if not affordable(inp):
        return
    want = prune_bruteforce(**inp)
    for name, form in PROBLEM.forms.items():
        got = PROBLEM.plain(PROBLEM.runner(form)(inp))
        assert PROBLEM.checker(inp, want, got) is None, name


@pytest.mark.parametrize("pattern", ["unstructured:0.9", "unstructured:0.37", "2:4", "1:8", "4:8", "3:64",
                                     "rows:0.5", "rows:0.01"])
def test_the_forms_agree_on_a_layer(pattern):
    rng = np.random.default_rng(3)
    w = (rng.standard_t(4, size=(48, 64)) / 8).astype(np.float32)
    w[5] = w[9]  # an exact row tie
    w[:, 7] = 0.0
    masks = {name: np.asarray(form(w, pattern)) for name, form in nm.FORMS.items()}
    for name, mask in masks.items():
        assert mask.shape == w.shape and mask.dtype == bool, name
        assert (mask == masks["python"]).all(), name


def test_the_kept_count_is_exact_decimal_arithmetic():
    for sparsity, count, kept in (("0.7", 10, 3), ("0.5", 3, 2), ("0.9", 10, 1), ("1", 5, 0), ("0", 5, 5)):
        assert nm.parse_pattern(f"unstructured:{sparsity}", (1, count))[1] == kept
        assert math.ceil((1 - Fraction(sparsity)) * count) == kept
    assert math.ceil((1 - 0.7) * 10) == 4  # what binary floats would say


def test_the_strategy_reaches_the_edge_cases():
    seen = set()
    for inp in draw(PROBLEM.strategy(), 400, seed=7):
        w = np.array(inp["w"], np.float32)
        rows, cols = w.shape
        kind, a, b = nm.parse_pattern(inp["pattern"], w.shape)
        magnitude = np.abs(w).ravel()
        if kind == "unstructured" and 0 < a < w.size and np.sort(magnitude)[::-1][a - 1] == np.sort(magnitude)[::-1][a]:
            seen.add("a tie at the unstructured cut")
        if kind == "nm" and b > 1 and any(len(set(np.abs(w[r, g:g + b]))) < b for r in range(rows)
                                          for g in range(0, cols, b)):
            seen.add("a tie in a group")
        if kind == "nm" and b == cols and cols > 1:
            seen.add("a group as long as the row")
        if kind in ("unstructured", "rows"):
            sparsity = Fraction(inp["pattern"].split(":")[1])
            count = w.size if kind == "unstructured" else rows
            if (1 - sparsity) * count != a:
                seen.add("a kept count that rounds up")
        if np.any(np.signbit(w) & (w == 0)):
            seen.add("negative zero")
        if rows > 1 and len({tuple(np.abs(r)) for r in w}) < rows:
            seen.add("rows with tied norms")
        if rows > 1 and np.any(np.all(w == 0, axis=1)):
            seen.add("a zero row")
        if cols >= 32:
            seen.add("wide")
        seen.add(kind)
    assert seen >= {"a tie at the unstructured cut", "a tie in a group", "a group as long as the row",
                    "a kept count that rounds up", "negative zero", "rows with tied norms", "a zero row", "wide",
                    "unstructured", "nm", "rows"}, seen


def test_row_norms_within_a_rounding_may_go_either_way_but_exact_ties_may_not():
    w = [[1.0, 2.0 ** -30], [1.0, 0.0]]  # squared norms 1 + 2^-60 and 1: equal in float64, exactly
    inp = {"w": w, "pattern": "rows:0.5"}
    assert PROBLEM.checker(inp, [[True, True], [False, False]], [[True, True], [False, False]]) is None
    assert "lower row wins a tie" in PROBLEM.checker(inp, [[True, True], [False, False]],
                                                      [[False, False], [True, True]])
    near = {"w": [[1.0, 2.0 ** -20], [1.0, 0.0]], "pattern": "rows:0.5"}  # 1 + 2^-40 against 1: within 1e-9
    assert PROBLEM.checker(near, [[True, True], [False, False]], [[False, False], [True, True]]) is None
    apart = {"w": [[1.0, 2.0 ** -12], [1.0, 0.0]], "pattern": "rows:0.5"}  # 1 + 2^-24 against 1: beyond it
    assert "larger norm wins" in PROBLEM.checker(apart, [[True, True], [False, False]], [[False, False], [True, True]])
    assert "whole rows" in PROBLEM.checker(inp, [[True, True], [False, False]], [[True, False], [False, True]])


def test_the_checker_names_the_first_difference_and_the_count():
    inp = {"w": [[0.5, -2.0, 1.0, 0.25]], "pattern": "2:4"}
    want = [[False, True, True, False]]
    assert PROBLEM.checker(inp, want, [[True, True, False, False]]) == \
        "mask[0, 0] = True, expected False (w[0, 0] = 0.5); 1 more differ"
    assert PROBLEM.checker(inp, want, [[True, True, True, False]]) == "mask keeps 3 weights, expected 2"
    assert "shape" in PROBLEM.checker(inp, want, [[True, True]])
    assert "other than 0 and 1" in PROBLEM.checker(inp, want, [[0.0, 1.0, 1.0, 0.0]])
    assert PROBLEM.checker(inp, want, [[0, 1, 1, 0]]) is None


@pytest.mark.parametrize("pattern, needle", [("2:3", "groups 3 columns but w has 4"), ("3:2", "1 <= N <= M"),
                                             ("unstructured:2", "sparsity 2 > 1"), ("top-k", "is none of")])
def test_every_form_raises_one_line_errors(pattern, needle):
    for form in nm.FORMS.values():
        with pytest.raises(ValueError, match=needle) as info:
            form(np.ones((2, 4), np.float32), pattern)
        assert "\n" not in str(info.value)
