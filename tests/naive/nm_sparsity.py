"""Slow, obvious oracle for pruning masks, written independently of the references: brute force
over every subset of the right size. The kept set is the one whose magnitudes, sorted from the
largest, are lexicographically greatest (so no other subset keeps more magnitude at any rank);
among those, the one whose indices, sorted, are lexicographically smallest: ties to the lower
index. Row norms are exact (Fractions), so only true ties tie."""

import math
from fractions import Fraction
from itertools import combinations


def _kept_count(sparsity: str, count: int) -> int:
    return math.ceil((1 - Fraction(sparsity)) * count)


def _best(scores: list, k: int) -> set[int]:
    """The k-subset of positions by the rule above."""
    best_key, best = None, set()
    for subset in combinations(range(len(scores)), k):
        key = (sorted((scores[i] for i in subset), reverse=True), [-i for i in subset])
        if best_key is None or key > best_key:
            best_key, best = key, set(subset)
    return best


def prune_bruteforce(w, pattern: str) -> list[list[bool]]:
    rows, cols = len(w), len(w[0])
    mask = [[False] * cols for _ in range(rows)]
    kind, _, rest = pattern.partition(":")
    if kind == "unstructured":
        flat = [abs(Fraction(float(x))) for row in w for x in row]
        for i in _best(flat, _kept_count(rest, rows * cols)):
            mask[i // cols][i % cols] = True
    elif kind == "rows":
        norms = [sum(Fraction(float(x)) ** 2 for x in row) for row in w]
        for r in _best(norms, _kept_count(rest, rows)):
            mask[r] = [True] * cols
    else:
        n, m = int(kind), int(rest)
        for r in range(rows):
            for start in range(0, cols, m):
                group = [abs(Fraction(float(x))) for x in w[r][start:start + m]]
                for c in _best(group, n):
                    mask[r][start + c] = True
    return mask


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = prune_bruteforce
ORACLE_LEAST_CASES = 12


def affordable(inp: dict) -> bool:
    return len(inp["w"]) * len(inp["w"][0]) <= 12
