"""A slow, obvious canary guardrail, written apart from the references.

The SPRT's log-likelihood ratio is kept as a list of per-interval terms and summed afresh at
each look; the Argo analysis keeps the list of its measurements and counts the trailing
Errors and the Failures from it.
"""

from __future__ import annotations

import math


def simulate_naive(intervals: list, config: dict) -> list:
    upper = math.log((1 - config["beta"]) / config["alpha"])
    lower = math.log(config["beta"] / (1 - config["alpha"]))
    failure_limit = config.get("failure_limit", 0)
    error_limit = config.get("consecutive_error_limit", 4)
    terms: list[float] = []
    measurements: list[str] = []
    sprt_open = True
    for k in range(len(intervals)):
        seen = intervals[:k + 1]
        base_requests = sum(row[0] for row in seen)
        base_errors = sum(row[1] for row in seen)
        canary_requests = sum(row[2] for row in seen)
        _, _, requests, errors, slow = intervals[k]
        if sprt_open:
            p0 = (base_errors + 1) / (base_requests + 2)
            p1 = p0 + config["mde"] * (1 - p0)
            terms.append(errors * math.log(p1 / p0) + (requests - errors) * math.log((1 - p1) / (1 - p0)))
            llr = 0.0
            for term in terms:  # left to right, as the running sum adds them
                llr += term
            if canary_requests >= config["min_samples"]:
                if llr >= upper:
                    return [k, "sprt"]
                if llr <= lower:
                    sprt_open = False
        if requests == 0:
            measurements.append("Error")
        elif slow * 100 > config["max_slow_percent"] * requests:
            measurements.append("Failed")
        else:
            measurements.append("Successful")
        trailing = 0
        for m in reversed(measurements):
            if m != "Error":
                break
            trailing += 1
        if trailing > error_limit:
            return [k, "consecutive_errors"]
        if measurements[-1] == "Failed" and measurements.count("Failed") > failure_limit:
            return [k, "failure_limit"]
    return [-1, "none"]


def affordable(inp: dict) -> bool:
    return True  # the oracle is slow only by a constant: every canonical case is small enough


ORACLE = simulate_naive
ORACLE_LEAST_CASES = 10  # canonical cases it must check, at the least
