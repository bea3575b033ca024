"""Kubernetes HPA replica decisions (a simulation): what the data files can't express.

- ``inputs``: a Hypothesis strategy over {"loads", "config"}: load shapes (steps, spikes,
  ramps, noise near the tolerance band), behaviors mixing defaults with own windows,
  policies, selectPolicy and tolerances, replica counts starting outside min..max;
- ``SMALL_SCOPE``: every short load stream under tiny HPAs;
- ``FAMILIES``: long diurnal streams for profiling;
- ``validate``, ``describe``, ``size`` and ``check``.
"""

from __future__ import annotations

import random
from typing import Any, Callable

from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model.scope import SmallScope, choice, integers, lists, record
from problems import _streams
from problems._inputs import check_int, check_int_list, check_keys, show

SOURCE = "hpa-autoscaler"
MAX_SYNCS = 10**6
MAX_LOAD = 10**9
MAX_REPLICAS = 10**5
MAX_POLICIES = 10
MAX_POD_VALUE = 10**5
MAX_PERCENT = 1000
KEYS = ("loads", "config")
CONFIG_REQUIRED = ("initial_replicas", "min_replicas", "max_replicas", "target", "behavior")
CONFIG_OPTIONAL = ("sync_period",)
RULE_KEYS = ("stabilizationWindowSeconds", "selectPolicy", "policies", "tolerance")
POLICY_KEYS = ("type", "value", "periodSeconds")
EXAMPLE = {"loads": [300, 900], "config": {"initial_replicas": 2, "min_replicas": 1, "max_replicas": 10,
                                          "target": 100, "behavior": {}}}


# -- Hypothesis ---------------------------------------------------------------------------------

_policy = st.one_of(
    st.fixed_dictionaries({"type": st.just("Pods"), "value": st.integers(1, 6),
                           "periodSeconds": st.sampled_from((15, 15, 30, 45, 60, 90, 120))}),
    st.fixed_dictionaries({"type": st.just("Percent"), "value": st.sampled_from((10, 25, 50, 100, 150, 200, 7)),
                           "periodSeconds": st.sampled_from((15, 15, 30, 45, 60, 90, 120))}),
)


@st.composite
def _rules(draw) -> dict:
    """Each field present or left to its default, independently."""
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["stabilizationWindowSeconds"] = draw(st.sampled_from((0, 0, 15, 30, 45, 60, 100, 300)))
    if draw(st.booleans()):
        out["selectPolicy"] = draw(st.sampled_from(("Max", "Min", "Min", "Disabled")))
    if draw(st.booleans()):
        out["policies"] = draw(st.lists(_policy, min_size=1, max_size=3))
    if draw(st.integers(0, 3)) == 0:
        out["tolerance"] = draw(st.sampled_from((0.0, 0.05, 0.25, 0.5)))
    return out


@st.composite
def _config(draw) -> dict:
    low = draw(st.integers(1, 3))
    high = draw(st.integers(low, 12))
    behavior: dict[str, Any] = {}
    for direction in ("scaleUp", "scaleDown"):
        if draw(st.booleans()):
            behavior[direction] = draw(_rules())
    if draw(st.booleans()):  # a short scale-down window, so a dozen syncs can scale down
        behavior.setdefault("scaleDown", {})["stabilizationWindowSeconds"] = draw(st.sampled_from((0, 15, 30, 45)))
    outside = draw(st.integers(0, 5)) == 0  # outside min..max: the clamp path
    config = {
        "initial_replicas": draw(st.integers(1, high + 2) if outside else st.integers(low, high)),
        "min_replicas": low,
        "max_replicas": high,
        "target": draw(st.sampled_from((1, 2, 3, 5, 10, 20, 100))),
        "behavior": behavior,
    }
    if draw(st.integers(0, 3)) == 0:
        config["sync_period"] = draw(st.sampled_from((10, 30, 60)))
    return config


@st.composite
def _inputs(draw, max_syncs: int) -> dict:
    config = draw(_config())
    cap = min(max_syncs, draw(st.sampled_from((12, 12, 12, max_syncs))))
    length = draw(st.integers(3, max(3, cap)) | st.integers(0, cap))
    # Loads up to twice the starting fleet's worth, the largest fleet's or twice that: ratios in,
    # near and far outside the band.
    high = config["max_replicas"]
    top = config["target"] * draw(st.sampled_from((2 * config["initial_replicas"] + 1, high + 1, 2 * high + 2)))
    return {"loads": _streams.shaped(draw, min(length, cap), 0, top), "config": config}


def inputs(max_syncs: int = 40) -> st.SearchStrategy[dict]:
    """Valid {"loads", "config"} inputs, mostly 0-12 syncs.

    Measured over 400 draws: about 37% scale up, 23% scale down, 19% start outside
    min..max and 42% carry policies of their own (tests/test_hpa_autoscaler_forms.py checks
    the shares)."""
    return _inputs(max_syncs)


# -- profiling families -------------------------------------------------------------------------

#: A production-like HPA: 1-200 replicas, a target of 1000 milli-units per pod (one request
#: waiting, say), a slow scale-down over 10 minutes and a scale-up of 4 pods or 50% a minute.
FAMILY_CONFIG = {
    "initial_replicas": 10, "min_replicas": 1, "max_replicas": 200, "target": 1000,
    "behavior": {"scaleUp": {"policies": [{"type": "Pods", "value": 4, "periodSeconds": 60},
                                          {"type": "Percent", "value": 50, "periodSeconds": 60}]},
                 "scaleDown": {"stabilizationWindowSeconds": 600,
                               "policies": [{"type": "Percent", "value": 10, "periodSeconds": 60}]}},
}


def _diurnal_family(n: int, rng: random.Random) -> dict:
    """n syncs (15 s each) of a diurnal load, a day every 5,760 syncs, mean 40 pods' worth,
    with noise and bursts: the fleet follows the curve, so both directions' policies and the
    10-minute window are busy every sync."""
    levels = _streams.diurnal(n, rng, 40_000.0, 0.8, 5760, 0.15)
    return {"loads": [int(v) for v in levels], "config": FAMILY_CONFIG}


def _bursty_family(n: int, rng: random.Random) -> dict:
    """n syncs of a flat load with frequent bursts and quiet spells: scale events in both
    directions inside one policy period, the case the period-start rule is for."""
    loads, level = [], 20_000
    for _ in range(n):
        if rng.random() < 0.05:
            level = rng.choice((2_000, 20_000, 60_000, 150_000))
        loads.append(int(level * rng.lognormvariate(0, 0.2)))
    return {"loads": loads, "config": FAMILY_CONFIG}


FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "diurnal": _diurnal_family,
    "bursty": _bursty_family,
}


# -- validation ---------------------------------------------------------------------------------

def _validate_rules(name: str, rules: Any) -> None:
    _streams.check_dict(name, rules, (), RULE_KEYS, SOURCE)
    if "stabilizationWindowSeconds" in rules:
        check_int(f"{name}.stabilizationWindowSeconds", rules["stabilizationWindowSeconds"], 0, 3600, SOURCE)
    if "selectPolicy" in rules:
        _streams.check_choice(f"{name}.selectPolicy", rules["selectPolicy"], ("Max", "Min", "Disabled"), SOURCE)
    if "tolerance" in rules:
        _streams.check_number(f"{name}.tolerance", rules["tolerance"], 0.0, 10.0, SOURCE)
    if "policies" in rules:
        policies = rules["policies"]
        if type(policies) is not list or not 1 <= len(policies) <= MAX_POLICIES:
            raise InvalidInput(f"{name}.policies is {show(policies)}; give a list of 1..{MAX_POLICIES} policies "
                               "(Kubernetes rejects an empty one), or leave it out for the defaults")
        for i, policy in enumerate(policies):
            where = f"{name}.policies[{i}]"
            _streams.check_dict(where, policy, POLICY_KEYS, (), SOURCE)
            kind = _streams.check_choice(f"{where}.type", policy["type"], ("Pods", "Percent"), SOURCE)
            check_int(f"{where}.value", policy["value"], 1, MAX_POD_VALUE if kind == "Pods" else MAX_PERCENT, SOURCE)
            check_int(f"{where}.periodSeconds", policy["periodSeconds"], 1, 1800, SOURCE)


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` is not a valid input."""
    check_keys(inp, KEYS, SOURCE, EXAMPLE)
    config = _streams.check_dict("config", inp["config"], CONFIG_REQUIRED, CONFIG_OPTIONAL, SOURCE)
    low = check_int("config.min_replicas", config["min_replicas"], 1, MAX_REPLICAS, SOURCE)
    check_int("config.max_replicas", config["max_replicas"], low, MAX_REPLICAS, SOURCE)
    check_int("config.initial_replicas", config["initial_replicas"], 1, MAX_REPLICAS, SOURCE)
    check_int("config.target", config["target"], 1, MAX_LOAD, SOURCE)
    if "sync_period" in config:
        check_int("config.sync_period", config["sync_period"], 1, 3600, SOURCE)
    behavior = _streams.check_dict("config.behavior", config["behavior"], (), ("scaleUp", "scaleDown"), SOURCE)
    for direction, rules in behavior.items():
        _validate_rules(f"config.behavior.{direction}", rules)
    check_int_list("loads", inp["loads"], 0, MAX_SYNCS, 0, MAX_LOAD, SOURCE, unit="syncs")


def describe(inp: dict) -> str:
    c = inp["config"]
    return (f"{len(inp['loads'])} syncs, replicas {c['min_replicas']}..{c['max_replicas']} from "
            f"{c['initial_replicas']}, target {c['target']}")


def check(inp: dict, expected: list, got: Any) -> str | None:
    """None if ``got`` is exactly the expected replica counts; else the first sync that differs."""
    return _streams.check_steps(expected, got, "sync", "replica")


# -- the small scope: every short stream, under tiny HPAs ---------------------------------------

def _config_weight(config: dict) -> int:
    weight = config["initial_replicas"] + config["min_replicas"] + config["max_replicas"] + config["target"]
    weight += "sync_period" in config
    for rules in config["behavior"].values():
        for key, value in rules.items():
            weight += 1 if key != "policies" else sum(1 + policy["value"] for policy in value)
    return weight


def size(inp: dict) -> tuple[int]:
    """Each sync counts 1 + its load; the config counts initial + min + max replicas + target,
    plus 1 for sync_period and for each behavior field given, a policy 1 + its value."""
    return (sum(1 + load for load in inp["loads"]) + _config_weight(inp["config"]),)


def _tiny(initial: int, high: int, target: int, behavior: dict, **extra: Any) -> dict:
    return {"initial_replicas": initial, "min_replicas": 1, "max_replicas": high, "target": target,
            "behavior": behavior, **extra}


_PODS = lambda value, period: {"type": "Pods", "value": value, "periodSeconds": period}  # noqa: E731
#: Tiny HPAs, each aimed at a rule: the defaults; Min and Disabled selection; a policy whose
#: period spans several syncs, in each direction; a wide tolerance band; up- and down-scale
#: windows; a Percent scale-down that truncates; a start above max; a 30 s sync period.
SCOPE_CONFIGS = [
    _tiny(1, 3, 1, {}),
    _tiny(1, 3, 2, {}),
    _tiny(2, 3, 1, {"scaleDown": {"stabilizationWindowSeconds": 0}}),
    _tiny(1, 3, 1, {"scaleUp": {"selectPolicy": "Min"}}),
    _tiny(1, 3, 1, {"scaleUp": {"policies": [_PODS(1, 60)]}}),
    _tiny(3, 3, 1, {"scaleDown": {"stabilizationWindowSeconds": 0, "policies": [_PODS(1, 30)]}}),
    _tiny(1, 3, 2, {"scaleUp": {"tolerance": 0.5}, "scaleDown": {"tolerance": 0.5}}),
    _tiny(1, 3, 1, {"scaleUp": {"stabilizationWindowSeconds": 15}, "scaleDown": {"stabilizationWindowSeconds": 15}}),
    _tiny(2, 3, 1, {"scaleDown": {"selectPolicy": "Disabled"}}),
    _tiny(3, 3, 1, {"scaleDown": {"stabilizationWindowSeconds": 0,
                                  "policies": [{"type": "Percent", "value": 50, "periodSeconds": 15}]}}),
    _tiny(3, 2, 1, {}),
    _tiny(1, 3, 1, {"scaleDown": {"stabilizationWindowSeconds": 0}}, sync_period=30),
]

SMALL_SCOPE = SmallScope(
    record({"loads": lists(integers(0, 12)), "config": choice(SCOPE_CONFIGS, _config_weight)}),
    bound=16,
    rule="size = each sync's 1 + its load, plus the config's initial + min + max replicas + target, 1 for "
         "sync_period and for each behavior field given (a policy: 1 + its value); of one size, the loads' share of it "
         "smallest first (within it fewer syncs first, then by the loads from the first), each with every config "
         "of the remaining weight in their listed order",
    within=f"on {len(SCOPE_CONFIGS)} tiny HPAs",
)
