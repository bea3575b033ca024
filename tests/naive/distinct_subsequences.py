"""Slow, obvious oracles, written independently of the reference solutions."""

from itertools import combinations


def num_distinct_bruteforce(s: str, t: str) -> int:
    """Try every set of |t| positions in s, in increasing order, and count those that spell
    t. There are C(|s|, |t|) sets: keep inputs tiny."""
    return sum(
        1
        for positions in combinations(range(len(s)), len(t))
        if "".join(s[k] for k in positions) == t
    )


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = num_distinct_bruteforce
ORACLE_LEAST_CASES = 10  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["s"]) <= 12
