"""Slow, obvious oracles, written independently of the reference solutions."""

from itertools import product


def change_bruteforce(amount: int, coins: list[int]) -> int:
    """Try every choice of how many of each coin to take (0 up to amount // coin) and count
    the choices that sum to the amount. Each choice is one multiset, so order never
    matters. The number of choices is a product over the coins: keep inputs tiny."""
    counts = [range(amount // c + 1) for c in coins]
    return sum(
        1 for how_many in product(*counts) if sum(k * c for k, c in zip(how_many, coins)) == amount
    )


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = change_bruteforce
ORACLE_LEAST_CASES = 8  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return inp["amount"] <= 12 and len(inp["coins"]) <= 4
