"""Slow, obvious oracle, written independently of the reference solutions."""

from itertools import product


def max_profit_bruteforce(prices: list[int]) -> int:
    """Try every plan: on each day do nothing, buy or sell. Play each plan out by the
    rules (buy only with no share and not the day after a sale, sell only a share you
    own) and keep the best cash among the plans that end with no share. 3^n plans, so
    keep n tiny."""
    best = 0  # doing nothing is always a plan
    for plan in product(("wait", "buy", "sell"), repeat=len(prices)):
        cash, holding, sold_yesterday, legal = 0, False, False, True
        for action, price in zip(plan, prices):
            sold_today = False
            if action == "buy":
                if holding or sold_yesterday:
                    legal = False
                    break
                cash, holding = cash - price, True
            elif action == "sell":
                if not holding:
                    legal = False
                    break
                cash, holding, sold_today = cash + price, False, True
            sold_yesterday = sold_today
        if legal and not holding:
            best = max(best, cash)
    return best


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = max_profit_bruteforce
ORACLE_LEAST_CASES = 12  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["prices"]) <= 10
