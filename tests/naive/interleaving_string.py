"""Slow, obvious oracles, written independently of the reference solutions."""

from itertools import combinations


def is_interleave_bruteforce(s1: str, s2: str, s3: str) -> bool:
    """Build every interleaving of s1 and s2 and compare each one to s3.

    An interleaving is fixed by which positions of the result hold s1's characters
    (in order); the rest hold s2's. There are C(m+n, m) of them, so keep inputs tiny.
    """
    total = len(s1) + len(s2)
    if total != len(s3):
        return False  # every interleaving has exactly |s1| + |s2| characters
    for s1_positions in combinations(range(total), len(s1)):
        chosen = set(s1_positions)
        from_s1, from_s2 = iter(s1), iter(s2)
        merged = "".join(next(from_s1) if k in chosen else next(from_s2) for k in range(total))
        if merged == s3:
            return True
    return False


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = is_interleave_bruteforce
ORACLE_LEAST_CASES = 10  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["s3"]) <= 12
