"""Slow, obvious oracle, written independently of the reference solutions."""

from itertools import permutations


def max_coins_bruteforce(nums: list[int]) -> int:
    """Play out every order of bursting (n! of them) and keep the best score.

    Bursting balloon i earns its value times its current left and right neighbours,
    with 1 standing in for a missing neighbour; then it leaves the row. Keep n tiny."""
    best = 0
    for order in permutations(range(len(nums))):
        standing = list(range(len(nums)))  # original positions, left to right
        score = 0
        for i in order:
            at = standing.index(i)
            left = nums[standing[at - 1]] if at > 0 else 1
            right = nums[standing[at + 1]] if at + 1 < len(standing) else 1
            score += left * nums[i] * right
            standing.pop(at)
        best = max(best, score)
    return best


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = max_coins_bruteforce
ORACLE_LEAST_CASES = 12  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["nums"]) <= 6
