"""Slow, obvious oracle, written independently of the reference solutions."""

from itertools import product


def find_target_sum_ways_bruteforce(nums: list[int], target: int) -> int:
    """Try all 2^n sign patterns and count those that add up to target. Keep n tiny."""
    return sum(
        1
        for signs in product((1, -1), repeat=len(nums))
        if sum(sign * x for sign, x in zip(signs, nums)) == target
    )


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = find_target_sum_ways_bruteforce
ORACLE_LEAST_CASES = 8  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["nums"]) <= 12
