"""Slow model of static batching: the shared batch model with max_wait = 0."""

from tests.naive._request_batching import simulate_batches


def simulate_slow(requests, config):
    return simulate_batches(requests, config, 0.0)


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = simulate_slow
ORACLE_LEAST_CASES = 5  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["requests"]) <= 200
