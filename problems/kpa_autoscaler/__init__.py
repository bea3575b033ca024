"""Knative's Pod Autoscaler (a simulation): what the data files can't express.

- ``inputs``: a Hypothesis strategy over {"concurrency", "config"}: bursts that trip the panic
  threshold, quiet spells long enough to scale to zero, traffic that returns to a revision at
  zero, short windows and grace periods so all of it fits in a few dozen seconds;
- ``SMALL_SCOPE``: every short concurrency stream under tiny autoscalers;
- ``FAMILIES``: hours of per-second concurrency for profiling;
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

SOURCE = "kpa-autoscaler"
MAX_SECONDS = 10**6
MAX_CONCURRENCY = 10**9
MAX_SCALE = 10**5
KEYS = ("concurrency", "config")
CONFIG_REQUIRED = ("initial_scale", "activation_delay")
CONFIG_OPTIONAL = ("target", "target_utilization", "stable_window", "panic_window_percentage",
                   "panic_threshold_percentage", "max_scale_up_rate", "max_scale_down_rate", "min_scale", "max_scale",
                   "scale_to_zero_grace_period", "enable_scale_to_zero", "tick_interval")
EXAMPLE = {"concurrency": [0, 40, 200], "config": {"initial_scale": 1, "activation_delay": 10}}


# -- Hypothesis ---------------------------------------------------------------------------------

@st.composite
def _config(draw) -> dict:
    config: dict[str, Any] = {"initial_scale": draw(st.integers(0, 4)),
                              "activation_delay": draw(st.sampled_from((1, 1, 2, 3, 5)))}
    # Short windows and periods, so a stream of a few dozen seconds exercises all of them.
    options = {
        "target": st.sampled_from((1, 2, 3, 2.5, 10)),
        "target_utilization": st.sampled_from((1.0, 0.7, 0.5)),
        "stable_window": st.sampled_from((6, 8, 10, 12, 20)),
        "panic_window_percentage": st.sampled_from((10, 25, 50, 100)),
        "panic_threshold_percentage": st.sampled_from((110, 150, 200, 300)),
        "max_scale_up_rate": st.sampled_from((1.5, 2, 10, 1000)),
        "max_scale_down_rate": st.sampled_from((1.5, 2, 4)),
        "min_scale": st.sampled_from((0, 0, 0, 1, 2)),
        "max_scale": st.sampled_from((0, 0, 3, 8)),
        "scale_to_zero_grace_period": st.sampled_from((1, 2, 4, 6, 30)),
        "enable_scale_to_zero": st.sampled_from((True, True, True, False)),
        "tick_interval": st.sampled_from((1, 2, 2, 3)),
    }
    for key, strategy in options.items():
        if draw(st.integers(0, 2)) > 0 or key in ("target", "stable_window", "scale_to_zero_grace_period"):
            config[key] = draw(strategy)
    if config.get("max_scale", 0) and config.get("min_scale", 0) > config["max_scale"]:
        config["min_scale"] = config["max_scale"]
    return config


@st.composite
def _inputs(draw, max_seconds: int) -> dict:
    config = draw(_config())
    cap = min(max_seconds, draw(st.sampled_from((24, 24, 60, max_seconds))))
    length = draw(st.integers(0, cap))
    top = int(draw(st.sampled_from((2, 4, 8, 30))) * config.get("target", 100))
    stream = _streams.shaped(draw, length, 0, max(top, 1))
    if stream and draw(st.booleans()):  # a quiet spell, then traffic returns: scale to zero and back
        gap = draw(st.integers(1, len(stream)))
        stream = stream[:gap] + [0] * draw(st.integers(20, 80)) + stream[gap:]
    return {"concurrency": stream, "config": config}


def inputs(max_seconds: int = 120) -> st.SearchStrategy[dict]:
    """Valid {"concurrency", "config"} inputs, mostly under a minute long.

    Measured over 400 draws: about 60% enter panic mode after the first second, 10-20% scale
    to zero and 20-25% wake from zero (tests/test_kpa_autoscaler_forms.py checks the shares)."""
    return _inputs(max_seconds)


# -- profiling families -------------------------------------------------------------------------

#: Knative's defaults, a target of 64 concurrent requests per pod and a 30 s cold start.
FAMILY_CONFIG = {"initial_scale": 4, "activation_delay": 30, "target": 64}


def _diurnal_family(n: int, rng: random.Random) -> dict:
    """n seconds of a day-like concurrency (a cycle per 86,400 s, mean 400), with noise and
    bursts that trip panic mode."""
    levels = _streams.diurnal(n, rng, 400.0, 0.9, 86_400, 0.2)
    return {"concurrency": [int(v) for v in levels], "config": FAMILY_CONFIG}


def _sparse_family(n: int, rng: random.Random) -> dict:
    """n seconds of rare traffic: bursts of a few requests minutes apart, so the revision scales
    to zero and back again and again."""
    out, k = [], 0
    while k < n:
        quiet = rng.randint(60, 600)
        out += [0] * min(quiet, n - k)
        k = len(out)
        busy = min(rng.randint(5, 90), n - k)
        out += [rng.randint(1, 40) for _ in range(busy)]
        k = len(out)
    return {"concurrency": out[:n], "config": FAMILY_CONFIG}


FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {
    "diurnal": _diurnal_family,
    "sparse": _sparse_family,
}


# -- validation ---------------------------------------------------------------------------------

def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` is not a valid input."""
    check_keys(inp, KEYS, SOURCE, EXAMPLE)
    config = _streams.check_dict("config", inp["config"], CONFIG_REQUIRED, CONFIG_OPTIONAL, SOURCE)
    check_int("config.initial_scale", config["initial_scale"], 0, MAX_SCALE, SOURCE)
    check_int("config.activation_delay", config["activation_delay"], 1, 3600, SOURCE)
    number = _streams.check_number
    ints = {"stable_window": (6, 3600), "panic_window_percentage": (1, 100), "min_scale": (0, MAX_SCALE),
            "max_scale": (0, MAX_SCALE), "scale_to_zero_grace_period": (1, 3600), "tick_interval": (1, 60)}
    for key, (low, high) in ints.items():
        if key in config:
            check_int(f"config.{key}", config[key], low, high, SOURCE)
    if "target" in config:
        number("config.target", config["target"], 0.01, 1e6, SOURCE)
    if "target_utilization" in config:
        number("config.target_utilization", config["target_utilization"], 0.0, 1.0, SOURCE, low_open=True)
    if "panic_threshold_percentage" in config:
        number("config.panic_threshold_percentage", config["panic_threshold_percentage"], 110, 1000, SOURCE)
    for key in ("max_scale_up_rate", "max_scale_down_rate"):
        if key in config:
            number(f"config.{key}", config[key], 1.0, 1e4, SOURCE, low_open=True)
    if "enable_scale_to_zero" in config and type(config["enable_scale_to_zero"]) is not bool:
        raise InvalidInput(f"config.enable_scale_to_zero is {show(config['enable_scale_to_zero'])}, not bool; "
                           "pass true or false")
    low, high = config.get("min_scale", 0), config.get("max_scale", 0)
    if high and low > high:
        raise InvalidInput(f"config.min_scale is {low} > max_scale {high}; Knative needs min_scale <= max_scale "
                           "(max_scale 0 means no limit)")
    check_int_list("concurrency", inp["concurrency"], 0, MAX_SECONDS, 0, MAX_CONCURRENCY, SOURCE, unit="seconds")


def describe(inp: dict) -> str:
    c = inp["config"]
    return (f"{len(inp['concurrency'])} s, from {c['initial_scale']} pods, pods ready after "
            f"{c['activation_delay']} s, target {c.get('target', 100):g}")


def check(inp: dict, expected: list, got: Any) -> str | None:
    """None if ``got`` is exactly the expected scale per second; else the first second that differs."""
    return _streams.check_steps(expected, got, "second", "pod")


# -- the small scope: every short stream, under tiny autoscalers --------------------------------

def _config_weight(config: dict) -> int:
    return config["initial_scale"] + config["activation_delay"] + len(config) - len(CONFIG_REQUIRED)


def size(inp: dict) -> tuple[int]:
    """Each second counts 1 + its concurrency; the config counts initial_scale + activation_delay,
    plus 1 for each optional key given."""
    return (sum(1 + c for c in inp["concurrency"]) + _config_weight(inp["config"]),)


_SHORT = {"target": 1, "target_utilization": 1.0, "stable_window": 6, "scale_to_zero_grace_period": 2}
#: Tiny autoscalers: one pod per concurrent request, a 6 s stable window (Knative's minimum)
#: and a 2 s grace period, so panic, its end and scale to zero all happen within a dozen
#: seconds; from zero, one or two pods; pods ready at once or after 3 s; decisions every
#: second or every 2 s (Knative's tick); a 50% panic window; scale to zero off.
SCOPE_CONFIGS = [
    {"initial_scale": 1, "activation_delay": 1, **_SHORT, "tick_interval": 1},
    {"initial_scale": 0, "activation_delay": 1, **_SHORT, "tick_interval": 1},
    {"initial_scale": 2, "activation_delay": 1, **_SHORT, "tick_interval": 1},
    {"initial_scale": 1, "activation_delay": 1, **_SHORT},
    {"initial_scale": 0, "activation_delay": 3, **_SHORT, "tick_interval": 1},
    {"initial_scale": 1, "activation_delay": 1, **_SHORT, "tick_interval": 1, "panic_window_percentage": 50},
    {"initial_scale": 1, "activation_delay": 1, **_SHORT, "tick_interval": 1, "enable_scale_to_zero": False},
]

SMALL_SCOPE = SmallScope(
    record({"concurrency": lists(integers(0, 4)), "config": choice(SCOPE_CONFIGS, _config_weight)}),
    bound=16,
    rule="size = each second's 1 + its concurrency, plus the config's initial_scale + activation_delay + 1 for "
         "each optional key given; of one size, the stream's share of it smallest first (within "
         "it fewer seconds first, then by the samples from the first), each with every config of the remaining "
         "weight in their listed order",
    within=f"on {len(SCOPE_CONFIGS)} tiny autoscalers",
)
