"""``judge lab rollback``: many canary rollouts, four ways to decide to roll back, measured.

Each rollout runs for ``intervals`` one-minute intervals. Requests arrive at ``rate`` per
second, a share ``s`` of them to the canary; each request is "bad" (an error, a request
over the latency threshold, a user who abandons) with the baseline's rate ``p``, or, on a
regressed canary, ``p + δ``. Counts are Poisson and binomial, drawn in a Numba kernel that
also runs every detector on the same counts:

- ``threshold``: a one-sided two-proportion z-test at level α, looked at every interval: the
  test is valid for one look, and peeking at it every minute is the classic mistake;
- ``sprt``: the judged canary-guardrail's Wald SPRT (its jitted update, the baseline's rate by
  the rule of succession, p1 = p0 + δ(1 − p0)); it stops for good once it accepts;
- ``msprt``: an always-valid mixture SPRT (Robbins' normal mixture, as Johari et al. use it for
  A/B tests that may be peeked at): the canary's excess rate D is near-normal with variance V,
  and with a N(0, τ²) mixture the ratio is sqrt(V/(V + τ²)) · exp(τ²D² / (2V(V + τ²))),
  rolled back at 1/α, only for D > 0;
- ``argo``: Argo Rollouts' analysis as the canary-guardrail problem pins it, measured every
  interval over the last ``argo_window`` intervals (the docs' queries take ``rate(...[5m])``):
  a measurement fails when the canary's bad rate in the window exceeds a fixed threshold (the
  baseline's rate plus δ), and more than ``failureLimit`` failures roll back (a window without
  canary traffic is an Error; more than ``consecutiveErrorLimit`` in a row roll back).

All four wait for ``min_samples`` canary requests. A business metric arrives ``delay``
intervals late: interval k's counts are seen at k + delay.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from judge.labs.serving.calibration import nearest_rank
from solutions._jit import jit
from solutions.canary_guardrail import boundaries, llr_increment

DETECTORS = ("threshold", "sprt", "msprt", "argo")
Z_95 = 1.6448536269514722  # the standard normal's 0.95 quantile: a one-sided test at α = 0.05
#: Bad-request kinds: (name, the baseline's rate, the regressions' δ, delay in intervals, the
#: minimum detectable effect the SPRT, the mixture and Argo's threshold are set for).
METRICS = {
    "errors": ("error rate", 0.01, (0.0025, 0.005, 0.01, 0.02), 0, 0.01),
    "latency": ("requests over the latency SLO", 0.05, (0.005, 0.01, 0.025, 0.05), 0, 0.025),
    "business": ("users who abandon (a business metric)", 0.2, (0.01, 0.02, 0.05, 0.1), 30, 0.05),
}


@dataclass(frozen=True)
class Question:
    rollouts: int = 2000  # per scenario
    intervals: int = 60  # one minute each
    rate: float = 20.0  # requests per second, both arms
    shares: tuple[float, ...] = (0.01, 0.05, 0.1, 0.25)
    alpha: float = 0.05
    beta: float = 0.2
    min_samples: int = 500  # canary requests before any detector may decide
    failure_limit: int = 2
    consecutive_error_limit: int = 4
    argo_window: int = 5  # intervals each Argo measurement covers
    share_for_metrics: float = 0.05  # the latency and business rows use this share
    seed: int = 0


@dataclass
class Scenario:
    metric: str
    share: float
    delta: float  # 0: healthy
    base_rate: float
    delay: int
    times: np.ndarray  # (rollouts, detectors) interval of the rollback, -1: never
    exposed: np.ndarray  # (rollouts, detectors) canary requests served until the rollback


@dataclass
class Row:
    detector: str
    metric: str
    share: float
    delta: float
    rate: float  # healthy: false rollbacks; regressed: detections
    stderr: float
    median_min: float | None  # among rollbacks
    p95_min: float | None
    exposed: float  # mean canary requests until rollback (or the end)
    excess_bad: float  # exposed × δ: the bad requests the regression caused


@dataclass
class RollbackResult:
    question: Question
    rows: list[Row]
    findings: list[str] = field(default_factory=list)
    simulated: int = 0  # rollouts
    wall_s: float = 0.0


# -- the kernel ---------------------------------------------------------------------------------

@jit
def _counts(n_steps, per_interval, share, p_base, p_canary, nb, eb, nc, ec):
    for k in range(n_steps):
        nb[k] = np.random.poisson(per_interval * (1 - share))
        nc[k] = np.random.poisson(per_interval * share)
        eb[k] = np.random.binomial(nb[k], p_base) if nb[k] > 0 else 0
        ec[k] = np.random.binomial(nc[k], p_canary) if nc[k] > 0 else 0


@jit
def _detect(nb, eb, nc, ec, delay, upper, lower, mde, min_samples, z_crit, tau2, log_msprt, argo_ppm, failure_limit,
            error_limit, window, times, exposed):
    """Run the four detectors over one rollout's counts; write each one's rollback interval
    (-1: never) and the canary requests served by then."""
    n = nb.shape[0]
    for d in range(4):
        times[d] = -1
    sum_nb = 0
    sum_eb = 0
    sum_nc = 0
    sum_ec = 0
    llr = 0.0
    sprt_open = True
    failed = 0
    errors = 0
    served = 0
    for k in range(n):
        served += nc[k]
        j = k - delay
        if j < 0:
            continue
        sum_nb += nb[j]
        sum_eb += eb[j]
        sum_nc += nc[j]
        sum_ec += ec[j]
        ready = sum_nc >= min_samples
        if sprt_open and times[1] < 0:
            llr += llr_increment(sum_eb, sum_nb, mde, nc[j], ec[j])
            if ready:
                if llr >= upper:
                    times[1] = k
                    exposed[1] = served
                elif llr <= lower:
                    sprt_open = False
        if ready and sum_nb > 0 and (times[0] < 0 or times[2] < 0):
            pc = sum_ec / sum_nc
            pb = sum_eb / sum_nb
            pooled = (sum_ec + sum_eb) / (sum_nc + sum_nb)
            var = pooled * (1 - pooled) * (1 / sum_nc + 1 / sum_nb)
            diff = pc - pb
            if var > 0 and diff > 0:
                if times[0] < 0 and diff / math.sqrt(var) >= z_crit:
                    times[0] = k
                    exposed[0] = served
                if times[2] < 0:
                    log_ratio = 0.5 * math.log(var / (var + tau2)) + tau2 * diff * diff / (2 * var * (var + tau2))
                    if log_ratio >= log_msprt:
                        times[2] = k
                        exposed[2] = served
        win_n = 0
        win_e = 0
        for i in range(max(0, j - window + 1), j + 1):
            win_n += nc[i]
            win_e += ec[i]
        if times[3] < 0 and ready:
            if win_n == 0:
                errors += 1
                if errors > error_limit:
                    times[3] = k
                    exposed[3] = served
            else:
                errors = 0
                if 1_000_000 * win_e > argo_ppm * win_n:
                    failed += 1
                    if failed > failure_limit:
                        times[3] = k
                        exposed[3] = served
    for d in range(4):
        if times[d] < 0:
            exposed[d] = served


@jit
def _rollouts(seed, rollouts, intervals, per_interval, share, p_base, p_canary, delay, upper, lower, mde, min_samples,
              z_crit, tau2, log_msprt, argo_ppm, failure_limit, error_limit, window, times, exposed):
    np.random.seed(seed)
    nb = np.empty(intervals, np.int64)
    eb = np.empty(intervals, np.int64)
    nc = np.empty(intervals, np.int64)
    ec = np.empty(intervals, np.int64)
    for r in range(rollouts):
        _counts(intervals, per_interval, share, p_base, p_canary, nb, eb, nc, ec)
        _detect(nb, eb, nc, ec, delay, upper, lower, mde, min_samples, z_crit, tau2, log_msprt, argo_ppm,
                failure_limit, error_limit, window, times[r], exposed[r])


def simulate(q: Question, metric: str, share: float, delta: float, seed: int) -> Scenario:
    """``q.rollouts`` rollouts of one scenario; every detector sees the same counts."""
    if not 0 < share < 1:
        raise ValueError(f"share {share} is not a fraction in (0, 1); pass e.g. 0.05 for 5% of traffic")
    _, base, _, delay, mde = METRICS[metric]
    upper, lower = boundaries(q.alpha, q.beta)
    times = np.empty((q.rollouts, 4), np.int64)
    exposed = np.empty((q.rollouts, 4), np.float64)
    _rollouts(seed, q.rollouts, q.intervals, q.rate * 60, share, base, base + delta, delay, upper, lower, mde,
              q.min_samples, Z_95, mde * mde, math.log(1 / q.alpha), int(round((base + mde) * 1e6)), q.failure_limit,
              q.consecutive_error_limit, q.argo_window, times, exposed)
    return Scenario(metric, share, delta, base, delay, times, exposed)


# -- the grid and its rows ------------------------------------------------------------------------

def scenarios(q: Question) -> list[tuple[str, float, float]]:
    """(metric, share, δ): errors at every share and δ (0 = healthy); latency and business at one share."""
    grid = [("errors", share, delta) for share in q.shares for delta in (0.0,) + METRICS["errors"][2]]
    for metric in ("latency", "business"):
        grid += [(metric, q.share_for_metrics, delta) for delta in (0.0,) + METRICS[metric][2]]
    return grid


def rows(scenario: Scenario) -> list[Row]:
    out = []
    n = scenario.times.shape[0]
    for d, name in enumerate(DETECTORS):
        fired = scenario.times[:, d] >= 0
        rate = float(np.mean(fired))
        minutes = scenario.times[fired, d] + 1.0  # a decision at the end of interval k, k from 0
        exposed = float(np.mean(scenario.exposed[:, d]))
        out.append(Row(name, scenario.metric, scenario.share, scenario.delta, rate, math.sqrt(rate * (1 - rate) / n),
                       nearest_rank(minutes, 0.5) if minutes.size else None,
                       nearest_rank(minutes, 0.95) if minutes.size else None, exposed, exposed * scenario.delta))
    return out


def run(q: Question, tick: Callable[[], None] | None = None) -> RollbackResult:
    import time

    started = time.perf_counter()
    result = RollbackResult(q, [])
    for index, (metric, share, delta) in enumerate(scenarios(q)):
        result.rows += rows(simulate(q, metric, share, delta, q.seed * 1_000_003 + index))
        result.simulated += q.rollouts
        if tick is not None:
            tick()
    from judge.labs.deployment.rollback_findings import findings

    result.findings = findings(result)
    result.wall_s = time.perf_counter() - started
    return result


def to_json(result: RollbackResult) -> dict[str, Any]:
    q = result.question
    return {
        "question": {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(q).items()},
        "metrics": {k: {"name": v[0], "baseline_rate": v[1], "regressions": list(v[2]), "delay_intervals": v[3],
                        "mde": v[4]} for k, v in METRICS.items()},
        "rows": [vars(row) for row in result.rows],
        "findings": result.findings, "rollouts": result.simulated, "wall_s": round(result.wall_s, 2),
    }
