"""A slow, obvious HPA, written apart from the references.

Every recommendation ever made is kept (with its time) and the windows filter the whole
list; the policy limits are recomputed from every stored scale event; defaults are spelled
out per field. The one stateful detail that changes answers, which slot a new scale event
overwrites, is replayed literally: a list of slots per direction.
"""

from __future__ import annotations

import math

UP_DEFAULT = {"stabilizationWindowSeconds": 0, "selectPolicy": "Max",
              "policies": [{"type": "Pods", "value": 4, "periodSeconds": 15},
                           {"type": "Percent", "value": 100, "periodSeconds": 15}], "tolerance": 0.1}
DOWN_DEFAULT = {"stabilizationWindowSeconds": 300, "selectPolicy": "Max",
                "policies": [{"type": "Percent", "value": 100, "periodSeconds": 15}], "tolerance": 0.1}


def _field(behavior: dict, direction: str, key: str):
    given = behavior.get(direction, {})
    if key in given:
        return given[key]
    return (UP_DEFAULT if direction == "scaleUp" else DOWN_DEFAULT)[key]


def _changed_within(slots: list[dict], now: int, period: int) -> int:
    total = 0
    for slot in slots:
        if now - slot["time"] < period:  # newer than now - period
            total += slot["change"]
    return total


def _policy_bound(now: int, current: int, behavior: dict, direction: str, ups: list, downs: list) -> int:
    select = _field(behavior, direction, "selectPolicy")
    if select == "Disabled":
        return current
    proposals = []
    for policy in _field(behavior, direction, "policies"):
        start = current - _changed_within(ups, now, policy["periodSeconds"]) \
            + _changed_within(downs, now, policy["periodSeconds"])
        value = policy["value"]
        if direction == "scaleUp":
            proposals.append(start + value if policy["type"] == "Pods" else math.ceil(start * (1 + value / 100)))
        else:
            proposals.append(start - value if policy["type"] == "Pods" else int(start * (1 - value / 100)))
    biggest_change = max(proposals) if direction == "scaleUp" else min(proposals)
    smallest_change = min(proposals) if direction == "scaleUp" else max(proposals)
    return biggest_change if select == "Max" else smallest_change


def _store(slots: list[dict], now: int, change: int, longest: int) -> None:
    for slot in slots:
        if slot["time"] < now - longest:
            slot["old"] = True
    olds = [i for i, slot in enumerate(slots) if slot["old"]]
    new = {"time": now, "change": change, "old": False}
    if olds:
        slots[olds[-1]] = new
    else:
        slots.append(new)


def simulate_naive(loads: list, config: dict) -> list[int]:
    behavior = config["behavior"]
    period = config.get("sync_period", 15)
    low, high, target = config["min_replicas"], config["max_replicas"], config["target"]
    replicas = config["initial_replicas"]
    history: list[tuple[int, int]] = []
    ups: list[dict] = []
    downs: list[dict] = []
    out = []
    for k, load in enumerate(loads):
        now = k * period
        current = replicas
        if k == 0:
            history.append((now, current))
        if current > high:
            desired = high
        elif current < low:
            desired = low
        else:
            ratio = (load // current) / target
            band = (1.0 - _field(behavior, "scaleDown", "tolerance"), 1.0 + _field(behavior, "scaleUp", "tolerance"))
            proposal = current if band[0] <= ratio <= band[1] else math.ceil(ratio * current)
            up_window = _field(behavior, "scaleUp", "stabilizationWindowSeconds")
            down_window = _field(behavior, "scaleDown", "stabilizationWindowSeconds")
            lows = [r for t, r in history if now - t < up_window] + [proposal]
            highs = [r for t, r in history if now - t < down_window] + [proposal]
            stabilized = min(max(current, min(lows)), max(highs))
            history.append((now, proposal))
            if stabilized > current:
                cap = max(current, _policy_bound(now, current, behavior, "scaleUp", ups, downs))
                desired = min(stabilized, high, cap)
            elif stabilized < current:
                floor = min(current, _policy_bound(now, current, behavior, "scaleDown", ups, downs))
                desired = max(stabilized, low, floor)
            else:
                desired = current
        if desired > current:
            longest = max(p["periodSeconds"] for p in _field(behavior, "scaleUp", "policies"))
            _store(ups, now, desired - current, longest)
        elif desired < current:
            longest = max(p["periodSeconds"] for p in _field(behavior, "scaleDown", "policies"))
            _store(downs, now, current - desired, longest)
        replicas = desired
        out.append(desired)
    return out


def affordable(inp: dict) -> bool:
    return True  # the oracle is slow only by a constant: every canonical case is small enough


ORACLE = simulate_naive
ORACLE_LEAST_CASES = 10  # canonical cases it must check, at the least
