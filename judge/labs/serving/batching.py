"""``judge lab batching``: static, dynamic and continuous batching on one workload, measured.

The reference simulators (their Numba kernels) run the workload; the metrics come from
their per-request times and per-iteration traces. Percentiles are nearest-rank:
``sorted(values)[ceil(p·n) − 1]``.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field
from typing import Any

POLICIES = ("static-batching", "dynamic-batching", "continuous-batching")
PERCENTILES = (0.5, 0.9, 0.99)


def nearest_rank(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(p * len(ordered)) - 1, 0)]


def _spread(values: list[float]) -> dict[str, float | None]:
    return {f"p{round(p * 100)}": nearest_rank(values, p) for p in PERCENTILES}


@dataclass
class PolicyRun:
    policy: str
    knob: str  # the setting that was varied, e.g. "max_num_seqs=256"
    requests: int
    rejected: int
    makespan_s: float
    ttft: dict[str, float | None]
    tpot: dict[str, float | None]
    e2e: dict[str, float | None]
    max_gap: dict[str, float | None]
    requests_per_s: float
    tokens_per_s: float
    kv_utilization: float
    preemptions: int
    goodput_per_s: float
    iterations: int
    extra: dict[str, Any] = field(default_factory=dict)


def simulator(policy: str):
    """The policy's reference module; its simulate_with_trace runs the Numba kernel."""
    return importlib.import_module(f"solutions.{policy.replace('-', '_')}")


def measure(policy: str, knob: str, requests: list[list], results: list, trace: dict[str, Any], num_blocks: int,
            slo_ttft: float, slo_tpot: float, gaps: list[float] | None = None) -> PolicyRun:
    served = [(r, out) for r, out in zip(requests, results) if out[0] is not None]
    ttft = [out[0] - r[0] for r, out in served]
    tpot = [(out[1] - out[0]) / (r[2] - 1) for r, out in served if r[2] > 1]  # output_len 1 has no TPOT
    e2e = [out[1] - r[0] for r, out in served]
    start = min(r[0] for r in requests)
    end = max((out[1] for _, out in served), default=start)
    makespan = max(end - start, 1e-12)
    durations = list(trace["duration"])
    held = [num_blocks - free for free in trace["free_blocks"]]
    kv_util = sum(d * h for d, h in zip(durations, held)) / (num_blocks * makespan) if num_blocks else 0.0
    good = sum(
        1 for r, out in served
        if out[0] - r[0] <= slo_ttft and (r[2] == 1 or (out[1] - out[0]) / (r[2] - 1) <= slo_tpot)
    )
    return PolicyRun(
        policy=policy, knob=knob, requests=len(requests), rejected=len(requests) - len(served), makespan_s=makespan,
        ttft=_spread(ttft), tpot=_spread(tpot), e2e=_spread(e2e), max_gap=_spread(gaps or []),
        requests_per_s=len(served) / makespan, tokens_per_s=sum(r[2] for r, _ in served) / makespan,
        kv_utilization=kv_util, preemptions=sum(out[2] for _, out in served), goodput_per_s=good / makespan,
        iterations=len(durations),
    )


def run_policy(policy: str, requests: list[list], config: dict[str, Any], knob: str, slo_ttft: float,
               slo_tpot: float) -> PolicyRun:
    results, trace = simulator(policy).simulate_with_trace(requests, config)
    gaps = trace.get("max_gap") if isinstance(trace, dict) else None
    gaps = [g for g in gaps if g == g] if gaps is not None else None  # NaN marks one-token requests
    return measure(policy, knob, requests, [list(r) for r in results], trace, config["num_blocks"],
                   slo_ttft, slo_tpot, gaps)


def to_json(run: PolicyRun) -> dict[str, Any]:
    return {key: value for key, value in run.__dict__.items() if key != "extra"}


@dataclass
class LabSettings:
    engine: Any  # judge.labs.serving.engine.EngineConstants
    max_batch_size: int = 8
    max_wait: float = 0.5
    max_num_seqs: int = 256
    max_num_batched_tokens: int = 8192
    chunked_prefill: bool = False
    slo_ttft: float = 2.0
    slo_tpot: float = 0.2


def configs(settings: LabSettings) -> dict[str, dict[str, Any]]:
    e = settings.engine
    base = {"num_blocks": e.num_blocks, "block_size": e.block_size, "c0": e.c0, "c1": e.c1, "c2": e.c2}
    return {
        "static-batching": {**base, "max_batch_size": settings.max_batch_size},
        "dynamic-batching": {**base, "max_batch_size": settings.max_batch_size, "max_wait": settings.max_wait},
        "continuous-batching": {**base, "max_num_seqs": settings.max_num_seqs,
                                "max_num_batched_tokens": settings.max_num_batched_tokens,
                                "chunked_prefill": settings.chunked_prefill},
    }


def _knob(policy: str, config: dict[str, Any]) -> str:
    if policy == "continuous-batching":
        return f"max_num_seqs={config['max_num_seqs']}"
    return f"max_batch_size={config['max_batch_size']}"


def compare(requests: list[list], settings: LabSettings) -> list[PolicyRun]:
    """The three policies on one workload."""
    return [
        run_policy(policy, requests, config, _knob(policy, config), settings.slo_ttft, settings.slo_tpot)
        for policy, config in configs(settings).items()
    ]


SWEEPABLE = {"max_num_seqs": ("continuous-batching",), "max_batch_size": ("static-batching", "dynamic-batching")}


def sweep(requests: list[list], settings: LabSettings, key: str, values: list[int]) -> list[PolicyRun]:
    """The batch-size vs latency trade-off: one run per value, for the policies the key belongs to."""
    runs = []
    for policy in SWEEPABLE[key]:
        for value in values:
            config = {**configs(settings)[policy], key: value}
            runs.append(run_policy(policy, requests, config, f"{key}={value}", settings.slo_ttft, settings.slo_tpot))
    return runs
