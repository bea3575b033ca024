"""A slow, obvious KPA, written apart from the references.

Pods are kept as a list of their creation seconds (scale-downs drop the youngest), so the
ready count is counted pod by pod rather than taken as a minimum over the scale's history;
window averages are fresh sums over slices; the PA's state is a string.
"""

from __future__ import annotations

import math

DEFAULTS = {"target": 100, "target_utilization": 0.7, "stable_window": 60, "panic_window_percentage": 10,
            "panic_threshold_percentage": 200, "max_scale_up_rate": 1000, "max_scale_down_rate": 2, "min_scale": 0,
            "max_scale": 0, "scale_to_zero_grace_period": 30, "enable_scale_to_zero": True, "tick_interval": 2}


def _round6(x: float) -> float:
    scaled = x * 1e6
    base = math.floor(scaled)
    return (base + (1 if scaled - base >= 0.5 else 0)) / 1e6


def simulate_naive(concurrency: list, config: dict) -> list[int]:
    c = {**DEFAULTS, **config}
    delay = config["activation_delay"]
    target = max(0.01, c["target"] * c["target_utilization"])
    stable_w = c["stable_window"]
    whole, part = divmod(stable_w * c["panic_window_percentage"], 100)  # seconds, rounded half up
    panic_w = max(1, whole + (2 * part >= 100))
    pods = [-10**9] * config["initial_scale"]  # creation seconds; the initial pods are long ready
    panic_at = 0 if config["initial_scale"] > 1 else None
    panic_max = config["initial_scale"]
    state = "active" if config["initial_scale"] >= 1 else "inactive"
    changed = 0
    out = []
    for k in range(len(concurrency)):
        if k % c["tick_interval"] == 0:
            ready = sum(1 for born in pods if born <= k - delay)
            n = max(1, ready)
            seen = concurrency[max(0, k + 1 - stable_w):k + 1]
            seen_panic = concurrency[max(0, k + 1 - panic_w):k + 1]
            stable_avg = _round6(sum(seen) / len(seen))
            panic_avg = _round6(sum(seen_panic) / len(seen_panic))
            top, bottom = math.ceil(c["max_scale_up_rate"] * n), math.floor(n / c["max_scale_down_rate"])
            want_stable = math.ceil(stable_avg / target)
            want_panic = math.ceil(panic_avg / target)
            over = want_panic / n >= c["panic_threshold_percentage"] / 100
            if over:
                panic_at = k
            elif panic_at is not None and k > panic_at + stable_w:
                panic_at, panic_max = None, 0
            desired = min(max(want_stable, bottom), top)
            if panic_at is not None:
                panic_max = max(panic_max, desired, min(max(want_panic, bottom), top))
                desired = panic_max
            desired = max(desired, c["min_scale"])
            if c["max_scale"]:
                desired = min(desired, c["max_scale"])
            scale, want = len(pods), desired
            if desired > 0:
                scale = desired
            elif not c["enable_scale_to_zero"]:
                scale = want = 1
            elif state == "activating":
                want = -1
            elif state == "active" and k - changed < stable_w:
                scale = want = 1
            elif state == "inactive" and k - changed >= c["scale_to_zero_grace_period"]:
                scale = 0
            before = state
            if want == 0 or (want == -1 and state == "inactive"):
                state = "inactive"
            elif ready >= max(1, c["min_scale"]):
                state = "active"
            else:
                state = "activating"
            if state != before and state != "activating":
                changed = k
            while len(pods) > scale:
                pods.remove(max(pods))
            while len(pods) < scale:
                pods.append(k)
        out.append(len(pods))
    return out


def affordable(inp: dict) -> bool:
    return True  # the oracle is slow only by a constant: every canonical case is small enough


ORACLE = simulate_naive
ORACLE_LEAST_CASES = 10  # canonical cases it must check, at the least
