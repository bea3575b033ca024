"""Knative's Pod Autoscaler (KPA), the autoscaler KServe's serverless mode runs, side by side.

- ``python``: :class:`KpaController`, one second at a time. The autoscaling lab drives it
  against a simulated fleet;
- ``numba``: the same arithmetic over arrays in one kernel call (``run_arrays`` is its batch
  entry, which the benchmarks time on encoded streams).

Both do the same float64 operations in the same order, so they agree exactly. The rules, each
with the knative/serving source it comes from, are in problems/kpa_autoscaler/README.md.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from solutions._jit import jit

#: pkg/autoscaler/config/config.go defaultConfig (knative-v1.23.0) and the decider's tick.
DEFAULTS = {
    "target": 100.0,  # container-concurrency-target-default
    "target_utilization": 0.7,  # container-concurrency-target-percentage 70
    "stable_window": 60,  # stable-window, seconds
    "panic_window_percentage": 10,
    "panic_threshold_percentage": 200,
    "max_scale_up_rate": 1000.0,
    "max_scale_down_rate": 2.0,
    "min_scale": 0,
    "max_scale": 0,  # 0: no upper bound
    "scale_to_zero_grace_period": 30,
    "enable_scale_to_zero": True,
    "tick_interval": 2,  # pkg/autoscaler/scaling/multiscaler.go tickInterval
}
TARGET_MIN = 0.01  # pkg/apis/autoscaling/register.go TargetMin
ACTIVE, ACTIVATING, INACTIVE = 0, 1, 2
NS = 10**9


def settings(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` with Knative's defaults for what it leaves out, plus the derived target
    value and panic window."""
    s = {**DEFAULTS, **config}
    s["target_value"] = max(TARGET_MIN, float(s["target"]) * float(s["target_utilization"]))
    # metric.go MakeMetric: Duration(stable * pct / 100).Round(time.Second), at least one bucket.
    panic_ns = s["stable_window"] * NS * s["panic_window_percentage"] // 100
    s["panic_window"] = max(1, (panic_ns + NS // 2) // NS)
    return s


def go_round(x: float) -> float:
    """Go's math.Round for x >= 0: halves away from zero (Python's round() goes to even)."""
    whole = math.floor(x)
    return whole + 1.0 if x - whole >= 0.5 else float(whole)


def window_average(total: float, count: int) -> float:
    """bucketing.go WindowAverage: the total over the filled buckets, rounded to 6 digits."""
    return go_round(total / count * 1e6) / 1e6


# -- python: one second at a time -----------------------------------------------------------------


class KpaController:
    """The decider (pkg/autoscaler/scaling/autoscaler.go), the scaler's bounds and scale to zero
    (pkg/reconciler/autoscaling/kpa/scaler.go) and the PA's active state (kpa.go).

    ``step(concurrency)`` records second k's sample and, on a tick, decides; it returns the
    scale the deployment has after second k."""

    def __init__(self, config: dict[str, Any]):
        s = self.s = settings(config)
        self.delay = config["activation_delay"]
        initial = config["initial_scale"]
        self.history = [initial] * self.delay  # the scale after each second; before 0: initial
        self.samples: list[int] = []
        self.k = 0
        # autoscaler.go newAutoscaler: with more than one pod ready, it starts in panic mode.
        self.panic_since = 0 if initial > 1 else None
        self.max_panic = initial
        self.status = ACTIVE if initial >= 1 else INACTIVE
        self.since = 0  # when the status last changed to ACTIVE or INACTIVE
        self.min_ready = max(s["min_scale"], 1)

    def ready(self) -> int:
        """Pods requested at least activation_delay seconds ago and not removed since: the
        minimum of the scale over the last activation_delay seconds (scale-downs remove the
        youngest pods first, as a ReplicaSet does)."""
        return min(self.history[-self.delay:])

    def step(self, concurrency: int) -> int:
        k = self.k
        self.k += 1
        self.samples.append(concurrency)
        scale = self.history[-1]
        if k % self.s["tick_interval"] == 0:
            ready = self.ready()
            scale = self._scale(k, ready, self._decide(k, ready), scale)
        self.history.append(scale)
        return scale

    def _averages(self, k: int) -> tuple[float, float]:
        s = self.s
        stable, panic = min(k + 1, s["stable_window"]), min(k + 1, s["panic_window"])
        return (window_average(float(sum(self.samples[-stable:])), stable),
                window_average(float(sum(self.samples[-panic:])), panic))

    def _decide(self, k: int, ready: int) -> int:
        """autoscaler.go Scale: stable and panic recommendations within the rate limits, the
        panic state, and no scale-down while panicking."""
        s = self.s
        pods = max(1.0, float(ready))
        observed_stable, observed_panic = self._averages(k)
        max_up = math.ceil(s["max_scale_up_rate"] * pods)
        max_down = math.floor(pods / s["max_scale_down_rate"])
        dspc = math.ceil(observed_stable / s["target_value"])
        dppc = math.ceil(observed_panic / s["target_value"])
        stable = int(min(max(dspc, max_down), max_up))
        panic = int(min(max(dppc, max_down), max_up))
        over = dppc / pods >= s["panic_threshold_percentage"] / 100
        if self.panic_since is None and over:
            self.panic_since = k
        elif over:
            self.panic_since = k
        elif self.panic_since is not None and self.panic_since + s["stable_window"] < k:
            self.panic_since = None
            self.max_panic = 0
        desired = stable
        if self.panic_since is not None:
            desired = max(desired, panic)
            if desired > self.max_panic:
                self.max_panic = desired
            desired = self.max_panic
        return desired

    def _scale(self, k: int, ready: int, desired: int, scale: int) -> int:
        """scaler.go scale: the min/max bounds, then handleScaleToZero; then the PA's status."""
        s = self.s
        if desired < s["min_scale"]:
            desired = s["min_scale"]
        if s["max_scale"] != 0 and desired > s["max_scale"]:
            desired = s["max_scale"]
        want = desired
        if desired == 0:
            if not s["enable_scale_to_zero"]:
                scale = want = 1
            elif self.status == ACTIVATING:
                want = -1  # the activation timeout (progress deadline + 30 s) is left out
            elif self.status == ACTIVE:
                if k - self.since < s["stable_window"]:
                    scale = want = 1  # not active a stable window yet: down to one, not zero
            elif k - self.since >= s["scale_to_zero_grace_period"]:
                scale = 0
        else:
            scale = desired
        self._update_status(k, ready, want)
        return scale

    def _update_status(self, k: int, ready: int, want: int) -> None:
        """kpa.go computeActiveCondition, with ready the pods ready at this tick."""
        if want == 0:
            new = INACTIVE
        elif want < 0 and self.status == INACTIVE:
            new = INACTIVE
        else:
            new = ACTIVE if ready >= self.min_ready else ACTIVATING
        if new != self.status and new != ACTIVATING:
            self.since = k
        self.status = new


def simulate_python(concurrency: list, config: dict[str, Any]) -> list[int]:
    """The deployment's scale after each second."""
    controller = KpaController(config)
    return [controller.step(c) for c in concurrency]


# -- numba: the same arithmetic over arrays -----------------------------------------------------


@jit
def _go_round(x):
    whole = math.floor(x)
    return whole + 1.0 if x - whole >= 0.5 else whole


@jit
def _kernel(samples, out, initial, delay, target_value, stable_window, panic_window, panic_threshold, up_rate,
            down_rate, min_scale, max_scale, grace, scale_to_zero, tick):
    n = samples.shape[0]
    history = np.empty(n + delay, np.int64)  # history[j + delay] = the scale after second j
    history[:delay] = initial
    panicking = initial > 1
    panic_since = 0
    max_panic = initial
    status = 0 if initial >= 1 else 2
    since = 0
    min_ready = max(min_scale, 1)
    stable_total = 0.0
    panic_total = 0.0
    scale = initial
    for k in range(n):
        stable_total += samples[k]
        panic_total += samples[k]
        if k >= stable_window:
            stable_total -= samples[k - stable_window]
        if k >= panic_window:
            panic_total -= samples[k - panic_window]
        if k % tick == 0:
            ready = history[k]
            for j in range(k + 1, k + delay):
                ready = min(ready, history[j])
            pods = max(1.0, np.float64(ready))
            stable_count = min(k + 1, stable_window)
            panic_count = min(k + 1, panic_window)
            observed_stable = _go_round(stable_total / stable_count * 1e6) / 1e6
            observed_panic = _go_round(panic_total / panic_count * 1e6) / 1e6
            max_up = math.ceil(up_rate * pods)
            max_down = math.floor(pods / down_rate)
            dspc = math.ceil(observed_stable / target_value)
            dppc = math.ceil(observed_panic / target_value)
            stable = np.int64(min(max(dspc, max_down), max_up))
            panic = np.int64(min(max(dppc, max_down), max_up))
            over = dppc / pods >= panic_threshold / 100
            if over:
                panicking = True
                panic_since = k
            elif panicking and panic_since + stable_window < k:
                panicking = False
                max_panic = 0
            desired = stable
            if panicking:
                desired = max(desired, panic)
                if desired > max_panic:
                    max_panic = desired
                desired = max_panic
            if desired < min_scale:
                desired = min_scale
            if max_scale != 0 and desired > max_scale:
                desired = max_scale
            want = desired
            if desired == 0:
                if not scale_to_zero:
                    scale = 1
                    want = 1
                elif status == 1:
                    want = -1
                elif status == 0:
                    if k - since < stable_window:
                        scale = 1
                        want = 1
                elif k - since >= grace:
                    scale = 0
            else:
                scale = desired
            if want == 0 or (want < 0 and status == 2):
                new = 2
            elif ready >= min_ready:
                new = 0
            else:
                new = 1
            if new != status and new != 1:
                since = k
            status = new
        history[k + delay] = scale
        out[k] = scale


def run_arrays(concurrency: np.ndarray, config: dict[str, Any]) -> np.ndarray:
    """The batch entry: an int64 array of per-second concurrency in, the scale after each second out."""
    samples = np.ascontiguousarray(concurrency, np.int64)
    if samples.ndim != 1:
        raise ValueError(f"concurrency has shape {samples.shape}; pass a 1-D array, one sample per second")
    s = settings(config)
    out = np.empty(samples.shape[0], np.int64)
    _kernel(samples, out, int(config["initial_scale"]), int(config["activation_delay"]), s["target_value"],
            int(s["stable_window"]), int(s["panic_window"]), float(s["panic_threshold_percentage"]),
            float(s["max_scale_up_rate"]), float(s["max_scale_down_rate"]), int(s["min_scale"]), int(s["max_scale"]),
            int(s["scale_to_zero_grace_period"]), bool(s["enable_scale_to_zero"]), int(s["tick_interval"]))
    return out


def simulate_numba(concurrency: list, config: dict[str, Any]) -> list[int]:
    """Convert to an array, run the kernel, and return plain ints."""
    samples = np.array(concurrency, np.int64) if concurrency else np.zeros(0, np.int64)
    return run_arrays(samples, config).tolist()


FORMS = {"python": simulate_python, "numba": simulate_numba}
NOT_APPLICABLE: dict[str, str] = {}
