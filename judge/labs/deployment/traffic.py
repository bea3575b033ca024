"""Traffic for the deployment labs: per-second arrival rates (a preset shape or the user's
file) turned into requests with ShareGPT-like lengths.

A rate curve is a list, one rate (requests per second) per second. Requests arrive as a
Poisson process of that rate, piecewise constant: each second draws its count from a
Poisson distribution and spreads the arrivals uniformly within it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from judge.errors import InvalidInput, UnknownPreset
from judge.labs.serving import workloads

SHAPES = ("spike", "ramp", "diurnal")
MAX_SECONDS = 24 * 3600
MAX_RATE = 10_000.0


@dataclass(frozen=True)
class Traffic:
    label: str
    rates: np.ndarray  # requests per second, one per second
    arrival: np.ndarray  # sorted seconds
    prompt: np.ndarray  # int64 tokens
    output: np.ndarray  # int64 tokens, >= 1

    @property
    def seconds(self) -> int:
        return int(self.rates.shape[0])

    @property
    def peak(self) -> float:
        return float(self.rates.max()) if self.rates.size else 0.0


def shape(name: str, seconds: int, base: float, peak: float, start: int | None = None,
          length: int | None = None) -> np.ndarray:
    """A preset curve over ``seconds``:

    - ``spike``: ``base``, with ``peak`` from ``start`` (default a third of the way) for
      ``length`` seconds (default a third of the run): a launch, a news event;
    - ``ramp``: ``base`` rising linearly to ``peak`` at the end;
    - ``diurnal``: one day compressed into the run, ``base`` at the ends and ``peak`` at the middle
      (a raised cosine).
    """
    t = np.arange(seconds, dtype=np.float64)
    if name == "spike":
        begin = seconds // 3 if start is None else start
        end = begin + (seconds // 3 if length is None else length)
        return np.where((t >= begin) & (t < end), peak, base)
    if name == "ramp":
        return base + (peak - base) * t / max(seconds - 1, 1)
    if name == "diurnal":
        return base + (peak - base) * (1 - np.cos(2 * math.pi * t / max(seconds, 1))) / 2
    raise UnknownPreset(f"unknown traffic shape {name!r}; choose from {', '.join(SHAPES)} or pass a file of rates")


def load_rates(path: Path) -> np.ndarray:
    """Per-second rates from a JSON list of numbers, or a text file with one number a line."""
    text = path.read_text(encoding="utf-8")
    try:
        values = json.loads(text) if text.lstrip().startswith("[") else [float(line) for line in text.split()]
    except ValueError:
        raise InvalidInput(f"{path.name} is neither a JSON list of rates nor one number per line; "
                           "write e.g. [2, 2, 5.5, 8]") from None
    if not isinstance(values, list) or not values:
        raise InvalidInput(f"{path.name} holds no rates; give one requests-per-second value per second")
    if len(values) > MAX_SECONDS:
        raise InvalidInput(f"{path.name} has {len(values)} seconds; the lab simulates at most {MAX_SECONDS} (a day)")
    for i, value in enumerate(values):
        if type(value) not in (int, float) or not (0 <= value <= MAX_RATE) or value != value:
            raise InvalidInput(f"{path.name} second {i}: rate {value!r} is not a number in 0..{MAX_RATE:g}")
    return np.asarray(values, np.float64)


def requests(label: str, rates: np.ndarray, seed: int, max_model_len: int = 4096,
             preset: str = "sharegpt") -> Traffic:
    """Poisson arrivals at ``rates`` with ``preset`` lengths (workloads.PRESETS)."""
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rates)
    arrival = np.concatenate([k + np.sort(rng.random(c)) for k, c in enumerate(counts)]) if counts.sum() \
        else np.zeros(0)
    pairs = workloads.sample(preset, int(arrival.size), max_model_len, seed)
    prompt = np.array([p for p, _ in pairs], np.int64)
    output = np.array([max(o, 1) for _, o in pairs], np.int64)
    return Traffic(label, np.asarray(rates, np.float64), arrival.astype(np.float64), prompt, output)
