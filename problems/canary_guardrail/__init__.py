"""Canary rollback guardrails (a simulation): what the data files can't express.

- ``inputs``: a Hypothesis strategy over {"intervals", "config"}: healthy and regressed
  canaries, intervals with no canary traffic (Argo's Error measurements), slow-request bursts,
  and small samples against loose α, β and δ so that decisions come within a few intervals;
- ``SMALL_SCOPE``: every short stream of tiny counts under tiny guardrails;
- ``FAMILIES``: long rollouts for profiling;
- ``validate``, ``describe``, ``size`` and ``check`` (which accepts either side of a float
  tie at an SPRT boundary).
"""

from __future__ import annotations

import random
from typing import Any, Callable

import numpy as np
from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import SmallScope, choice, integers, lists, record
from problems import _streams
from problems._inputs import check_int, check_keys, show
from solutions.canary_guardrail import REASONS, decide_python

SOURCE = "canary-guardrail"
MAX_INTERVALS = 10**6
MAX_COUNT = 10**9
KEYS = ("intervals", "config")
CONFIG_REQUIRED = ("alpha", "beta", "mde", "min_samples", "max_slow_percent")
CONFIG_OPTIONAL = ("failure_limit", "consecutive_error_limit")
FIELDS = ("baseline_requests", "baseline_errors", "canary_requests", "canary_errors", "canary_slow")
EXAMPLE = {"intervals": [[950, 9, 50, 3, 1]],
           "config": {"alpha": 0.05, "beta": 0.2, "mde": 0.02, "min_samples": 100, "max_slow_percent": 10}}
#: The checker's relative margin at an SPRT boundary: a sum of logs evaluated in another order
#: differs in its last bits, so a tie within this margin may fall either way.
TIE_MARGIN = 1e-9


# -- Hypothesis ---------------------------------------------------------------------------------

@st.composite
def _config(draw) -> dict:
    config = {
        "alpha": draw(st.sampled_from((0.05, 0.1, 0.2, 0.25, 0.01))),
        "beta": draw(st.sampled_from((0.1, 0.2, 0.25, 0.5))),
        "mde": draw(st.sampled_from((0.5, 0.25, 0.1, 0.02))),
        "min_samples": draw(st.sampled_from((0, 1, 2, 5, 10, 100))),
        "max_slow_percent": draw(st.sampled_from((0, 10, 25, 50, 100))),
    }
    if draw(st.booleans()):
        config["failure_limit"] = draw(st.integers(0, 3))
    if draw(st.booleans()):
        config["consecutive_error_limit"] = draw(st.integers(0, 4))
    return config


@st.composite
def _interval(draw, canary_rate: float, slow_rate: float, share: float) -> list:
    total = draw(st.integers(0, 40))
    canary = 0 if draw(st.integers(0, 5)) == 0 else round(total * share)  # sometimes no canary traffic
    baseline = total - canary
    b_err = draw(st.integers(0, min(baseline, 2)))
    c_err = min(canary, draw(st.integers(0, round(canary * canary_rate) + 1)))
    c_slow = min(canary, draw(st.integers(0, round(canary * slow_rate) + 1)))
    return [baseline, b_err, canary, c_err, c_slow]


@st.composite
def _inputs(draw, max_intervals: int) -> dict:
    config = draw(_config())
    canary_rate = draw(st.sampled_from((0.0, 0.05, 0.3, 0.8)))  # healthy to badly regressed
    slow_rate = draw(st.sampled_from((0.0, 0.1, 0.5)))
    share = draw(st.sampled_from((0.5, 0.25, 0.1)))
    cap = min(max_intervals, draw(st.sampled_from((12, 12, 12, max_intervals))))
    rows = draw(st.lists(_interval(canary_rate, slow_rate, share), max_size=cap))
    return {"intervals": rows, "config": config}


def inputs(max_intervals: int = 40) -> st.SearchStrategy[dict]:
    """Valid {"intervals", "config"} inputs, mostly 0-12 intervals."""
    return _inputs(max_intervals)


# -- profiling families -------------------------------------------------------------------------

#: A production-like guardrail: 5% false rollbacks at most, 80% power at +1 point of errors,
#: 2,000 canary requests before any SPRT decision, at most 20% of requests over the latency
#: threshold per interval (the families' 2% slow never reach it), Argo's defaults for the limits.
FAMILY_CONFIG = {"alpha": 0.05, "beta": 0.2, "mde": 0.01, "min_samples": 2000, "max_slow_percent": 20}


def _rollout(n: int, rng: random.Random, canary_error: float) -> dict:
    """n intervals of about 1,000 baseline and 50 canary requests (a 5% share), the baseline
    at 1% errors and 2% slow requests, binomial counts."""
    draws = np.random.default_rng(rng.getrandbits(64))
    b_req, c_req = draws.integers(900, 1101, n), draws.integers(40, 61, n)
    rows = np.stack([b_req, draws.binomial(b_req, 0.01), c_req, draws.binomial(c_req, canary_error),
                     draws.binomial(c_req, 0.02)], axis=1)
    return {"intervals": rows.tolist(), "config": FAMILY_CONFIG}


def _healthy_family(n: int, rng: random.Random) -> dict:
    """n intervals of a healthy canary (5% of traffic, the baseline's 1% error rate): the SPRT
    drifts down and accepts, the latency analysis keeps measuring to the end."""
    return _rollout(n, rng, 0.01)


def _marginal_family(n: int, rng: random.Random) -> dict:
    """n intervals of a canary a little worse than the baseline (1.4% errors), between H0 and
    H1: the SPRT's slowest case."""
    return _rollout(n, rng, 0.014)


FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "healthy": _healthy_family,
    "marginal": _marginal_family,
}


# -- validation ---------------------------------------------------------------------------------

def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` is not a valid input."""
    check_keys(inp, KEYS, SOURCE, EXAMPLE)
    config = _streams.check_dict("config", inp["config"], CONFIG_REQUIRED, CONFIG_OPTIONAL, SOURCE)
    for key in ("alpha", "beta"):
        _streams.check_number(f"config.{key}", config[key], 0.0, 0.5, SOURCE, low_open=True)
    _streams.check_number("config.mde", config["mde"], 0.0, 0.99, SOURCE, low_open=True)
    check_int("config.min_samples", config["min_samples"], 0, MAX_COUNT, SOURCE)
    check_int("config.max_slow_percent", config["max_slow_percent"], 0, 100, SOURCE)
    check_int("config.failure_limit", config.get("failure_limit", 0), 0, 10**6, SOURCE)
    check_int("config.consecutive_error_limit", config.get("consecutive_error_limit", 0), 0, 10**6, SOURCE)
    rows = inp["intervals"]
    if type(rows) is not list:
        raise InvalidInput(f"intervals is {type(rows).__name__} {show(rows)}, not a list; pass one "
                           "[baseline_requests, baseline_errors, canary_requests, canary_errors, canary_slow] "
                           "per interval")
    if len(rows) > MAX_INTERVALS:
        raise InvalidInput(f"intervals has {len(rows)} entries; {SOURCE} allows at most {MAX_INTERVALS} — shorten it")
    for k, row in enumerate(rows):
        if type(row) is not list or len(row) != 5:
            raise InvalidInput(f"intervals[{k}] is {show(row)}; write each interval as [baseline_requests, "
                               "baseline_errors, canary_requests, canary_errors, canary_slow]")
        for name, value in zip(FIELDS, row):
            check_int(f"intervals[{k}] {name}", value, 0, MAX_COUNT, SOURCE)
        if row[1] > row[0]:
            raise InvalidInput(f"intervals[{k}] has {row[1]} baseline errors but {row[0]} baseline requests; "
                               "errors are requests that failed, so at most requests")
        if row[3] > row[2] or row[4] > row[2]:
            raise InvalidInput(f"intervals[{k}] has {row[3]} canary errors and {row[4]} slow of {row[2]} canary "
                               "requests; each is at most the requests")


def describe(inp: dict) -> str:
    c = inp["config"]
    return (f"{len(inp['intervals'])} intervals, α {c['alpha']:g}, β {c['beta']:g}, δ {c['mde']:g}, "
            f"min {c['min_samples']} canary requests")


def check(inp: dict, expected: list, got: Any) -> str | None:
    """None if ``got`` is [interval, reason] as expected. At an SPRT boundary the log-likelihood
    ratio may tie with it to the last bits; then the answers with both boundaries moved out or
    in by TIE_MARGIN (relative) are accepted too."""
    if type(got) is not list or len(got) != 2 or type(got[0]) is not int or got[1] not in REASONS:
        return (f"returned {show(got)}; expected [interval, reason] with reason one of {', '.join(REASONS)}, "
                f"e.g. {expected}")
    if got == expected:
        return None
    intervals, config = inp["intervals"], inp["config"]
    if any(got == decide_python(intervals, config, margin) for margin in (TIE_MARGIN, -TIE_MARGIN)):
        return None
    if got[0] == -1:
        return f"never rolled back; expected a rollback at interval {expected[0]} ({expected[1]})"
    if expected[0] == -1:
        return f"rolled back at interval {got[0]} ({got[1]}); expected no rollback"
    return f"rolled back at interval {got[0]} ({got[1]}); expected interval {expected[0]} ({expected[1]})"


# -- the small scope: every short stream of tiny counts, under tiny guardrails ------------------

def _config_weight(config: dict) -> int:
    return config["min_samples"] + config.get("failure_limit", 0) + config.get("consecutive_error_limit", 0) + \
        len(config) - len(CONFIG_REQUIRED)


def size(inp: dict) -> tuple[int]:
    """Each interval counts 1 + its five counts; the config counts min_samples + failure_limit +
    consecutive_error_limit, plus 1 for each optional key given."""
    return (sum(1 + sum(row) for row in inp["intervals"]) + _config_weight(inp["config"]),)


def _valid_row(row: list) -> bool:
    return row[1] <= row[0] and row[3] <= row[2] and row[4] <= row[2]


def _rows(k: int):
    """Every valid interval of size k (its 1 + counts), counts 0..2."""
    for row in lists(integers(0, 2), min_len=5, max_len=5, counts=False)(k - 1) if k >= 1 else ():
        if _valid_row(row):
            yield row


_LOOSE = {"alpha": 0.25, "beta": 0.25, "mde": 0.5, "max_slow_percent": 50}
#: Tiny guardrails: α = β = 0.25 and δ = 0.5, so two or three canary requests decide; one so
#: loose (α = β = 0.4, δ = 0.6) that a single request would decide, behind a minimum sample of
#: 3; Argo's limits at 0 (the first Error or Failure rolls back) and at 1.
SCOPE_CONFIGS = [
    {**_LOOSE, "min_samples": 0, "consecutive_error_limit": 0},
    {"alpha": 0.4, "beta": 0.4, "mde": 0.6, "max_slow_percent": 50, "min_samples": 3},
    {**_LOOSE, "min_samples": 0, "consecutive_error_limit": 1},
    {**_LOOSE, "min_samples": 0, "failure_limit": 1, "consecutive_error_limit": 0},
    {"alpha": 0.1, "beta": 0.25, "mde": 0.25, "max_slow_percent": 0, "min_samples": 1, "consecutive_error_limit": 0},
]

SMALL_SCOPE = SmallScope(
    record({"intervals": lists(_rows, counts=False, item_min=1, max_len=6),
            "config": choice(SCOPE_CONFIGS, _config_weight)}),
    bound=9,
    rule="size = each interval's 1 + its five counts, plus the config's min_samples + failure_limit + "
         "consecutive_error_limit + 1 for each optional key given; of one size, the intervals' share of it "
         "smallest first (within it fewer intervals first, then by the intervals from the first), each with every "
         "config of the remaining weight in their listed order",
    within=f"on {len(SCOPE_CONFIGS)} tiny guardrails, counts 0-2",
)
