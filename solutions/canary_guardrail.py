"""A canary's automatic rollback: a one-sided Wald SPRT on its error rate against the baseline's,
and an Argo Rollouts-style threshold analysis on its latency tail, side by side.

- ``python``: :class:`Guardrail`, one interval at a time (the teaching text);
- ``numba``: the same arithmetic over arrays in one kernel call; ``run_arrays`` is its batch
  entry and ``llr_increment`` the jitted SPRT step that ``judge lab rollback`` reuses.

Both evaluate every float expression in the same order, so they agree exactly. The rules and
their sources are in problems/canary_guardrail/README.md.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from solutions._jit import jit

DEFAULT_FAILURE_LIMIT = 0  # Argo Rollouts: failureLimit, default 0
DEFAULT_CONSECUTIVE_ERROR_LIMIT = 4  # utils/defaults/defaults.go DefaultConsecutiveErrorLimit
REASONS = ("none", "sprt", "failure_limit", "consecutive_errors")
NEVER = [-1, "none"]


def boundaries(alpha: float, beta: float) -> tuple[float, float]:
    """Wald's boundaries: roll back at or above A = ln((1 − β)/α), accept at or below B = ln(β/(1 − α))."""
    return math.log((1 - beta) / alpha), math.log(beta / (1 - alpha))


def rates(baseline_errors: int, baseline_requests: int, mde: float) -> tuple[float, float]:
    """p0: the baseline's error rate by the rule of succession, (E + 1)/(N + 2), never 0 or 1;
    p1: p0 with a share ``mde`` of its successes turned into errors, p0 + mde·(1 − p0)."""
    p0 = (baseline_errors + 1) / (baseline_requests + 2)
    return p0, p0 + mde * (1 - p0)


class Guardrail:
    """Both guardrails' state. ``step(interval)`` takes one [baseline_requests, baseline_errors,
    canary_requests, canary_errors, canary_slow] row and returns the reason it rolls back
    ("sprt", "failure_limit", "consecutive_errors") or None."""

    def __init__(self, config: dict[str, Any], margin: float = 0.0):
        upper, lower = boundaries(config["alpha"], config["beta"])
        # ``margin`` moves both boundaries outwards (> 0) or inwards (< 0), relatively: the
        # checker's way to accept either side of a float tie (see problems/canary_guardrail).
        self.upper = upper + margin * max(1.0, abs(upper))
        self.lower = lower - margin * max(1.0, abs(lower))
        self.mde, self.min_samples = config["mde"], config["min_samples"]
        self.max_slow = config["max_slow_percent"]
        self.failure_limit = config.get("failure_limit", DEFAULT_FAILURE_LIMIT)
        self.error_limit = config.get("consecutive_error_limit", DEFAULT_CONSECUTIVE_ERROR_LIMIT)
        self.llr = 0.0
        self.testing = True  # the SPRT stops for good once it accepts H0
        self.baseline_requests = self.baseline_errors = self.canary_requests = 0
        self.failed = self.consecutive_errors = 0

    def step(self, interval: list) -> str | None:
        b_req, b_err, c_req, c_err, c_slow = interval
        self.baseline_requests += b_req
        self.baseline_errors += b_err
        self.canary_requests += c_req
        if self.testing:
            p0, p1 = rates(self.baseline_errors, self.baseline_requests, self.mde)
            self.llr += c_err * math.log(p1 / p0) + (c_req - c_err) * math.log((1 - p1) / (1 - p0))
            if self.canary_requests >= self.min_samples:
                if self.llr >= self.upper:
                    return "sprt"
                if self.llr <= self.lower:
                    self.testing = False
        if c_req == 0:  # nothing to measure: an Error measurement
            self.consecutive_errors += 1
            if self.consecutive_errors > self.error_limit:
                return "consecutive_errors"
        else:
            self.consecutive_errors = 0
            if 100 * c_slow > self.max_slow * c_req:  # a Failed measurement
                self.failed += 1
                if self.failed > self.failure_limit:
                    return "failure_limit"
        return None


def decide_python(intervals: list, config: dict[str, Any], margin: float = 0.0) -> list:
    guard = Guardrail(config, margin)
    for k, interval in enumerate(intervals):
        reason = guard.step(interval)
        if reason is not None:
            return [k, reason]
    return list(NEVER)


def simulate_python(intervals: list, config: dict[str, Any]) -> list:
    """[interval, reason] of the rollback, or [-1, "none"]."""
    return decide_python(intervals, config)


# -- numba: the same arithmetic over arrays -----------------------------------------------------


@jit
def llr_increment(baseline_errors, baseline_requests, mde, canary_requests, canary_errors):
    """One interval's SPRT log-likelihood ratio increment, from the baseline's counts so far.

    A term whose count is 0 is 0.0 exactly (its logarithm is finite), so it is not computed:
    the sum has the same value as the full expression (at most the sign of a zero differs),
    and a healthy canary's interval, with no errors, costs one logarithm instead of two."""
    p0 = (baseline_errors + 1) / (baseline_requests + 2)
    p1 = p0 + mde * (1 - p0)
    errors = canary_errors * math.log(p1 / p0) if canary_errors > 0 else 0.0
    successes = canary_requests - canary_errors
    return errors + (successes * math.log((1 - p1) / (1 - p0)) if successes > 0 else 0.0)


@jit
def _kernel(rows, upper, lower, mde, min_samples, max_slow, failure_limit, error_limit):
    """Return (interval, reason code): reason 0 none, 1 sprt, 2 failure_limit, 3 consecutive_errors."""
    llr = 0.0
    testing = True
    b_req = 0
    b_err = 0
    c_total = 0
    failed = 0
    errors = 0
    for k in range(rows.shape[0]):
        b_req += rows[k, 0]
        b_err += rows[k, 1]
        c_req = rows[k, 2]
        c_total += c_req
        if testing:
            llr += llr_increment(b_err, b_req, mde, c_req, rows[k, 3])
            if c_total >= min_samples:
                if llr >= upper:
                    return k, 1
                if llr <= lower:
                    testing = False
        if c_req == 0:
            errors += 1
            if errors > error_limit:
                return k, 3
        else:
            errors = 0
            if 100 * rows[k, 4] > max_slow * c_req:
                failed += 1
                if failed > failure_limit:
                    return k, 2
    return -1, 0


def run_arrays(rows: np.ndarray, config: dict[str, Any]) -> tuple[int, int]:
    """The batch entry: an (n, 5) int64 array in, (interval, reason code) out (codes index REASONS)."""
    rows = np.ascontiguousarray(rows, np.int64)
    if rows.ndim != 2 or rows.shape[1] != 5:
        raise ValueError(f"rows has shape {rows.shape}; pass an (n, 5) array of interval counts")
    upper, lower = boundaries(config["alpha"], config["beta"])
    return _kernel(rows, upper, lower, float(config["mde"]), int(config["min_samples"]),
                   int(config["max_slow_percent"]), int(config.get("failure_limit", DEFAULT_FAILURE_LIMIT)),
                   int(config.get("consecutive_error_limit", DEFAULT_CONSECUTIVE_ERROR_LIMIT)))


def simulate_numba(intervals: list, config: dict[str, Any]) -> list:
    rows = np.array(intervals, np.int64) if intervals else np.zeros((0, 5), np.int64)
    k, code = run_arrays(rows, config)
    return [int(k), REASONS[code]]


FORMS = {"python": simulate_python, "numba": simulate_numba}
NOT_APPLICABLE: dict[str, str] = {}
