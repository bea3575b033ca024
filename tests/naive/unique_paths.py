"""Slow, obvious oracles, written independently of the reference solutions."""

from itertools import product


def unique_paths_bruteforce(m: int, n: int) -> int:
    """Try every sequence of m + n - 2 moves, each 'down' or 'right', and count those that
    stay on the grid and end in the bottom-right corner. 2^(m+n-2) sequences: keep it tiny."""
    count = 0
    for moves in product("DR", repeat=m + n - 2):
        row = col = 0
        for move in moves:
            if move == "D":
                row += 1
            else:
                col += 1
        if row == m - 1 and col == n - 1:
            count += 1
    return count


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = unique_paths_bruteforce
ORACLE_LEAST_CASES = 5  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return inp["m"] + inp["n"] <= 20
