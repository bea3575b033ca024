"""Slow, obvious oracle for Longest Common Subsequence, written independently of the references."""

from itertools import combinations


def lcs_bruteforce(text1: str, text2: str) -> int:
    """Try every subsequence of the shorter string, longest first, and return the length
    of the first one that is also a subsequence of the other. 2^min(m, n) candidates, so
    keep inputs tiny."""
    short, long_ = (text1, text2) if len(text1) <= len(text2) else (text2, text1)
    for size in range(len(short), -1, -1):
        for picks in combinations(range(len(short)), size):
            it = iter(long_)
            if all(short[k] in it for k in picks):  # `in` on an iterator consumes it
                return size
    return 0


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = lcs_bruteforce
ORACLE_LEAST_CASES = 10  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return min(map(len, inp.values())) <= 12
