"""What the deployment simulations (hpa-autoscaler, kpa-autoscaler, canary-guardrail) share:
config dicts with optional keys, numeric checks, the checker for a per-step answer list, and
load shapes for the Hypothesis strategies and profiling families."""

from __future__ import annotations

import math
import random
from typing import Any, Iterable

from hypothesis import strategies as st

from judge.errors import InvalidInput
from problems._inputs import show


def check_dict(name: str, value: Any, required: Iterable[str], optional: Iterable[str], source: str) -> dict:
    """A dict with every ``required`` key and no key outside ``required`` + ``optional``."""
    required, optional = tuple(required), tuple(optional)
    if type(value) is not dict:
        raise InvalidInput(f"{name} is {type(value).__name__} {show(value)}, not a dict; pass an object with "
                           f"{', '.join(required + optional)}")
    missing = [k for k in required if k not in value]
    if missing:
        raise InvalidInput(f"{name} is missing {', '.join(missing)}; {source} needs {', '.join(required)}")
    extra = [k for k in value if k not in required + optional]
    if extra:
        raise InvalidInput(f"{name} has unexpected key {show(extra[0])}; {source} takes only "
                           f"{', '.join(required + optional)} — remove it")
    return value


def check_number(name: str, value: Any, low: float, high: float, source: str, low_open: bool = False) -> float:
    """An int or float (not a bool), finite, within low..high (above low when ``low_open``)."""
    if type(value) not in (int, float):
        raise InvalidInput(f"{name} is {type(value).__name__} {show(value)}, not a number; pass a number")
    if not math.isfinite(value) or value > high or value < low or (low_open and value == low):
        bound = f"more than {low:g}" if low_open else f"{low:g}"
        raise InvalidInput(f"{name} is {value!r}; {source} allows {bound}..{high:g} — bring it into range")
    return float(value)


def check_choice(name: str, value: Any, choices: Iterable[str], source: str) -> str:
    choices = tuple(choices)
    if value not in choices or type(value) is not str:
        raise InvalidInput(f"{name} is {show(value)}; {source} takes one of {', '.join(choices)}")
    return value


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")


def check_steps(expected: list, got: Any, unit: str, what: str) -> str | None:
    """None if ``got`` is the list of ints ``expected``; else a line naming the first step that differs.
    ``unit`` names a step ("sync", "second"), ``what`` the value, singular ("replica", "pod")."""
    if type(got) is not list:
        return f"returned {type(got).__name__} {show(got)}, expected a list of {len(expected)} {what} counts"
    if len(got) != len(expected):
        return f"returned {len(got)} {what} counts, expected {len(expected)} (one per {unit})"
    for k, (want, have) in enumerate(zip(expected, got)):
        if type(have) is not int:
            return f"{unit} {k}: {type(have).__name__} {show(have)}, expected int {want}"
        if have != want:
            before = f" (after {expected[k - 1]} at {unit} {k - 1})" if k else ""
            return f"{unit} {k}: {_count(have, what)}, expected {want}{before}"
    return None


# -- load shapes ------------------------------------------------------------------------------------

def shaped(draw, length: int, low: int, high: int) -> list[int]:
    """``length`` integers in low..high in a drawn shape: flat, a step up or down, a spike, a
    ramp, or noise. Shapes keep runs of equal values (so windows and tolerances matter) and
    shrink towards low."""
    shape = draw(st.sampled_from(("noise", "step", "spike", "ramp", "flat")))
    if shape == "noise" or length == 0:
        return draw(st.lists(st.integers(low, high), min_size=length, max_size=length))
    a, b = draw(st.integers(low, high)), draw(st.integers(low, high))
    cut = draw(st.integers(0, length))
    if shape == "flat":
        return [a] * length
    if shape == "step":
        return [a] * cut + [b] * (length - cut)
    if shape == "spike":
        width = draw(st.integers(1, max(1, length // 3)))
        return [b if cut <= k < cut + width else a for k in range(length)]
    return [a + (b - a) * k // max(1, length - 1) for k in range(length)]


def diurnal(n: int, rng: random.Random, mean: float, swing: float, period: int, noise: float) -> list[float]:
    """A day-like curve: mean · (1 + swing · sin), one cycle per ``period`` steps, with
    multiplicative lognormal noise and an occasional burst of 3x for a few steps."""
    out, burst = [], 0
    for k in range(n):
        if burst == 0 and rng.random() < 0.002:
            burst = rng.randint(3, 20)
        level = mean * (1 + swing * math.sin(2 * math.pi * k / period)) * rng.lognormvariate(0, noise)
        if burst:
            level *= 3
            burst -= 1
        out.append(max(0.0, level))
    return out
