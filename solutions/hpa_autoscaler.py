"""The Kubernetes Horizontal Pod Autoscaler's replica decisions (autoscaling/v2), side by side.

- ``python``: :class:`HpaController`, one sync at a time. It is the teaching text, and the
  autoscaling lab drives it in a loop against a simulated fleet;
- ``numba``: the same arithmetic over arrays in one kernel call (``run_arrays`` is its batch
  entry, which the benchmarks time on encoded streams).

Both do the same integer and float64 operations in the same order, so they agree exactly.
The rules, each with the Kubernetes source it comes from, are in problems/hpa_autoscaler/README.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from solutions._jit import jit

DEFAULT_TOLERANCE = 0.1  # --horizontal-pod-autoscaler-tolerance
DEFAULT_SYNC_PERIOD = 15  # --horizontal-pod-autoscaler-sync-period, seconds
DEFAULT_DOWNSCALE_WINDOW = 300  # --horizontal-pod-autoscaler-downscale-stabilization, seconds
# pkg/apis/autoscaling/v2/defaults.go: the rules an HPA's behavior gets for what it leaves out.
DEFAULT_SCALE_UP = {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
                    "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                                 {"type": "Percent", "value": 100, "periodSeconds": 15}]}
DEFAULT_SCALE_DOWN = {"stabilizationWindowSeconds": DEFAULT_DOWNSCALE_WINDOW, "selectPolicy": "Max",
                      "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}]}
SELECT_CODES = {"Max": 0, "Min": 1, "Disabled": 2}
POLICY_CODES = {"Pods": 0, "Percent": 1}


@dataclass(frozen=True)
class Rules:
    """One direction's scaling rules with every default filled in."""

    window: int  # stabilizationWindowSeconds
    select: str  # Max, Min or Disabled
    policies: tuple[tuple[str, int, int], ...]  # (type, value, periodSeconds)
    tolerance: float

    @property
    def longest_period(self) -> int:
        return max(period for _, _, period in self.policies)


def rules(behavior: dict[str, Any], direction: str) -> Rules:
    """``behavior[direction]`` ("scaleUp" or "scaleDown") with the API defaults filled in, as
    GenerateHPAScaleUpRules / GenerateHPAScaleDownRules fill them: each field left out takes
    its default, independently."""
    given = behavior.get(direction) or {}
    default = DEFAULT_SCALE_UP if direction == "scaleUp" else DEFAULT_SCALE_DOWN
    merged = {**default, **given}
    policies = tuple((p["type"], p["value"], p["periodSeconds"]) for p in merged["policies"])
    return Rules(merged["stabilizationWindowSeconds"], merged["selectPolicy"], policies,
                 float(merged.get("tolerance", DEFAULT_TOLERANCE)))


# -- python: one sync at a time ---------------------------------------------------------------


class HpaController:
    """The controller's state for one HPA: replicas, recent recommendations, scale events.

    ``step(load)`` runs one sync with ``load`` the metric summed over the pods, and returns
    the replica count the sync leaves. Sync k happens at k × sync_period seconds."""

    def __init__(self, config: dict[str, Any]):
        behavior = config["behavior"]
        self.up, self.down = rules(behavior, "scaleUp"), rules(behavior, "scaleDown")
        self.min, self.max = config["min_replicas"], config["max_replicas"]
        self.target = config["target"]
        self.period = config.get("sync_period", DEFAULT_SYNC_PERIOD)
        self.replicas = config["initial_replicas"]
        self.syncs = 0
        self.recommendations: list[list[int]] = []  # [time, recommendation]
        self.ups: list[list] = []  # scale-up events [replicas added, time, outdated]
        self.downs: list[list] = []  # scale-down events [replicas removed, time, outdated]

    def step(self, load: int) -> int:
        now = self.syncs * self.period
        self.syncs += 1
        current = self.replicas
        if not self.recommendations:  # recordInitialRecommendation: the first sync only
            self.recommendations.append([now, current])
        if current > self.max:
            desired = self.max
        elif current < self.min:
            desired = self.min
        else:
            desired = self._normalize(now, current, self._proposal(load, current))
        if desired != current:
            self._store_event(now, current, desired)
            self.replicas = desired
        return desired

    def _proposal(self, load: int, current: int) -> int:
        """The metric's recommendation: the per-pod average (an integer division, as for
        milli-value quantities) over the target; inside the tolerance band, no change."""
        ratio = (load // current) / self.target
        if 1.0 - self.down.tolerance <= ratio <= 1.0 + self.up.tolerance:
            return current
        return math.ceil(ratio * current)

    def _normalize(self, now: int, current: int, proposal: int) -> int:
        """Stabilise the proposal within the envelope of recent recommendations, then limit
        the change by the policies."""
        up_cut, down_cut = now - self.up.window, now - self.down.window
        up_rec = down_rec = proposal
        obsolete = -1
        for i, (t, rec) in enumerate(self.recommendations):
            if t > up_cut:
                up_rec = min(up_rec, rec)
            if t > down_cut:
                down_rec = max(down_rec, rec)
            if t < up_cut and t < down_cut:
                obsolete = i
        stabilized = current
        if stabilized < up_rec:
            stabilized = up_rec
        if stabilized > down_rec:
            stabilized = down_rec
        if obsolete >= 0:  # reuse the slot of a sample older than both windows
            self.recommendations[obsolete] = [now, proposal]
        else:
            self.recommendations.append([now, proposal])
        if stabilized > current:
            limit = max(self._limit(now, current, self.up, up=True), current)
            return min(stabilized, min(self.max, limit))
        if stabilized < current:
            limit = min(self._limit(now, current, self.down, up=False), current)
            return max(stabilized, max(self.min, limit))
        return stabilized

    def _limit(self, now: int, current: int, rules: Rules, up: bool) -> int:
        """The most (scaling up) or fewest (down) replicas the policies allow now: each policy
        counts from the replicas at the start of its period, undoing the scale events of both
        directions that happened within it; selectPolicy picks among the policies."""
        if rules.select == "Disabled":
            return current
        larger = (rules.select == "Max") == up  # Max allows the biggest change
        result = None
        for kind, value, period in rules.policies:
            cut = now - period
            added = sum(change for change, t, _ in self.ups if t > cut)
            removed = sum(change for change, t, _ in self.downs if t > cut)
            start = current - added + removed
            if up:
                proposed = start + value if kind == "Pods" else math.ceil(start * (1 + value / 100))
            else:
                proposed = start - value if kind == "Pods" else int(start * (1 - value / 100))
            if result is None:
                result = proposed
            else:
                result = max(result, proposed) if larger else min(result, proposed)
        return result

    def _store_event(self, now: int, previous: int, desired: int) -> None:
        """Record a scale event in its direction's list: events older than that direction's
        longest policy period are marked outdated (for good), and the new event takes the
        place of the last outdated one, if any."""
        if desired > previous:
            events, rules, change = self.ups, self.up, desired - previous
        else:
            events, rules, change = self.downs, self.down, previous - desired
        cut = now - rules.longest_period
        reuse = -1
        for i, event in enumerate(events):
            if event[1] < cut:
                event[2] = True
            if event[2]:
                reuse = i
        if reuse >= 0:
            events[reuse] = [change, now, False]
        else:
            events.append([change, now, False])


def simulate_python(loads: list, config: dict[str, Any]) -> list[int]:
    """The replica count after each sync."""
    controller = HpaController(config)
    return [controller.step(load) for load in loads]


# -- numba: the same arithmetic over arrays -----------------------------------------------------


@jit
def _limit(now, current, select, kinds, values, periods, up_change, up_time, n_up, down_change, down_time, n_down,
           up):
    if select == 2:
        return current
    larger = (select == 0) == up
    result = 0
    for p in range(kinds.shape[0]):
        cut = now - periods[p]
        added = 0
        for e in range(n_up):
            if up_time[e] > cut:
                added += up_change[e]
        removed = 0
        for e in range(n_down):
            if down_time[e] > cut:
                removed += down_change[e]
        start = current - added + removed
        if up:
            if kinds[p] == 0:
                proposed = start + values[p]
            else:
                proposed = np.int64(math.ceil(start * (1 + values[p] / 100)))
        else:
            if kinds[p] == 0:
                proposed = start - values[p]
            else:
                proposed = np.int64(start * (1 - values[p] / 100))  # truncates toward zero, as Go's int32()
        if p == 0:
            result = proposed
        elif larger:
            result = max(result, proposed)
        else:
            result = min(result, proposed)
    return result


@jit
def _store(now, change, longest, times, changes, outdated, count):
    """Mark outdated, reuse the last outdated slot or append; return the new count."""
    cut = now - longest
    reuse = -1
    for e in range(count):
        if times[e] < cut:
            outdated[e] = True
        if outdated[e]:
            reuse = e
    slot = reuse if reuse >= 0 else count
    times[slot] = now
    changes[slot] = change
    outdated[slot] = False
    return count if reuse >= 0 else count + 1


@jit
def _kernel(loads, out, initial, low, high, target, period, up_window, down_window, up_tol, down_tol, up_select,
            down_select, up_kinds, up_values, up_periods, down_kinds, down_values, down_periods):
    n = loads.shape[0]
    rec_time = np.empty(n + 1, np.int64)
    rec_value = np.empty(n + 1, np.int64)
    n_rec = 0
    up_time = np.empty(n, np.int64)
    up_change = np.empty(n, np.int64)
    up_old = np.zeros(n, np.bool_)
    n_up = 0
    down_time = np.empty(n, np.int64)
    down_change = np.empty(n, np.int64)
    down_old = np.zeros(n, np.bool_)
    n_down = 0
    up_longest = up_periods.max()
    down_longest = down_periods.max()
    replicas = initial
    for k in range(n):
        now = k * period
        current = replicas
        if n_rec == 0:
            rec_time[0] = now
            rec_value[0] = current
            n_rec = 1
        if current > high:
            desired = high
        elif current < low:
            desired = low
        else:
            ratio = (loads[k] // current) / target
            if 1.0 - down_tol <= ratio <= 1.0 + up_tol:
                proposal = current
            else:
                proposal = np.int64(math.ceil(ratio * current))
            up_cut = now - up_window
            down_cut = now - down_window
            up_rec = proposal
            down_rec = proposal
            obsolete = -1
            for i in range(n_rec):
                t = rec_time[i]
                if t > up_cut:
                    up_rec = min(up_rec, rec_value[i])
                if t > down_cut:
                    down_rec = max(down_rec, rec_value[i])
                if t < up_cut and t < down_cut:
                    obsolete = i
            stabilized = current
            if stabilized < up_rec:
                stabilized = up_rec
            if stabilized > down_rec:
                stabilized = down_rec
            if obsolete >= 0:
                rec_time[obsolete] = now
                rec_value[obsolete] = proposal
            else:
                rec_time[n_rec] = now
                rec_value[n_rec] = proposal
                n_rec += 1
            desired = stabilized
            if stabilized > current:
                limit = max(_limit(now, current, up_select, up_kinds, up_values, up_periods, up_change, up_time,
                                   n_up, down_change, down_time, n_down, True), current)
                desired = min(stabilized, min(high, limit))
            elif stabilized < current:
                limit = min(_limit(now, current, down_select, down_kinds, down_values, down_periods, up_change,
                                   up_time, n_up, down_change, down_time, n_down, False), current)
                desired = max(stabilized, max(low, limit))
        if desired > current:
            n_up = _store(now, desired - current, up_longest, up_time, up_change, up_old, n_up)
        elif desired < current:
            n_down = _store(now, current - desired, down_longest, down_time, down_change, down_old, n_down)
        replicas = desired
        out[k] = desired


def _policy_arrays(rule: Rules) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    kinds = np.array([POLICY_CODES[kind] for kind, _, _ in rule.policies], np.int64)
    values = np.array([value for _, value, _ in rule.policies], np.int64)
    periods = np.array([period for _, _, period in rule.policies], np.int64)
    return kinds, values, periods


def run_arrays(loads: np.ndarray, config: dict[str, Any]) -> np.ndarray:
    """The batch entry: an int64 array of loads in, an int64 array of replica counts out."""
    loads = np.ascontiguousarray(loads, np.int64)
    if loads.ndim != 1:
        raise ValueError(f"loads has shape {loads.shape}; pass a 1-D array of per-sync loads")
    up, down = rules(config["behavior"], "scaleUp"), rules(config["behavior"], "scaleDown")
    out = np.empty(loads.shape[0], np.int64)
    _kernel(loads, out, int(config["initial_replicas"]), int(config["min_replicas"]), int(config["max_replicas"]),
            int(config["target"]), int(config.get("sync_period", DEFAULT_SYNC_PERIOD)), up.window, down.window,
            up.tolerance, down.tolerance, SELECT_CODES[up.select], SELECT_CODES[down.select],
            *_policy_arrays(up), *_policy_arrays(down))
    return out


def simulate_numba(loads: list, config: dict[str, Any]) -> list[int]:
    """Convert to an array, run the kernel, and return plain ints."""
    return run_arrays(np.array(loads, np.int64) if loads else np.zeros(0, np.int64), config).tolist()


FORMS = {"python": simulate_python, "numba": simulate_numba}
NOT_APPLICABLE: dict[str, str] = {}
