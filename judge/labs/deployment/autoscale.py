"""``judge lab autoscale``: one traffic curve, five ways to size the fleet, measured.

The replicas are the continuous-batching kernel under the calibrated roofline (judge/labs/
fleet.py); the autoscalers are the judged references (solutions/hpa_autoscaler.py and
solutions/kpa_autoscaler.py), driven one sync or one second at a time:

- ``hpa-gpu-util``: the HPA on GPU utilisation (busy time, as nvidia-smi and DCGM's
  GPU_UTIL report it) against a target percentage;
- ``hpa-queue``: the HPA on requests waiting per replica (vLLM's ``num_requests_waiting``);
- ``hpa-concurrency``: the HPA on requests in flight per replica (waiting + running);
- ``kpa``: Knative's autoscaler on concurrency, panic mode included, as KServe runs it;
- ``fixed``: a fleet sized for the peak, never resized.

All HPAs run Kubernetes' default behavior (4 pods or 100% per 15 s up; a 5-minute window and
100% per 15 s down). A side scenario, sparse traffic, sets KPA's scale to zero against an
always-on replica. Percentiles are nearest-rank.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from judge.labs.deployment import traffic
from judge.labs.deployment.fleet import (
    FixedPolicy,
    FleetRun,
    HpaPolicy,
    KpaPolicy,
    Policy,
    ReplicaShape,
    cold_start,
    simulate,
)
from judge.labs.serving import engine, models
from judge.labs.serving.calibration import nearest_rank
from judge.labs.serving.plan import shape_of

POLICIES = ("hpa-gpu-util", "hpa-queue", "hpa-concurrency", "kpa", "fixed")
#: Where a new replica reads its weights from: bytes per second, and the source of the figure.
STORAGE = {
    "gp3": (1000 * 2**20, "an AWS EBS gp3 volume at its provisioned maximum, 1,000 MiB/s (Amazon EC2 API "
                          "Reference, CreateVolume: Throughput, \"a maximum of 1,000 MiB/s\")"),
}
CONTAINER_SOURCE = ("a stated assumption: pulling a cached vLLM image, starting the process and CUDA, "
                    "before the weights")


@dataclass(frozen=True)
class Question:
    model: str = "llama-2-70b"
    gpu: str = "a100-80gb"
    tp: int = 4
    weight_dtype: str = "fp16"
    kv_dtype: str = "fp16"
    shape: str = "spike"  # a preset, or "file" with ``rates`` given
    rates: tuple[float, ...] | None = None  # the user's per-second rates
    base_rate: float = 6.0
    peak_rate: float = 24.0
    minutes: float = 30.0
    slo_ttft: float = 2.0
    storage: str = "gp3"
    load_bytes_s: float | None = None  # overrides the storage preset
    container_s: float = 60.0
    min_replicas: int = 1
    max_replicas: int = 12
    fixed_replicas: int | None = None  # default: max_replicas
    util_target: int = 80  # percent of busy time per replica
    queue_target: float = 2.0  # requests waiting per replica
    concurrency_target: float = 96.0  # requests in flight per replica (HPA)
    kpa_target: float = 128.0  # Knative's per-pod concurrency target, at its 70% utilisation
    max_num_seqs: int = 256
    max_num_batched_tokens: int = 8192
    seed: int = 0
    sparse: bool = True  # also run the scale-to-zero side scenario


@dataclass
class PolicySummary:
    policy: str
    describe: str
    ttft_p50: float | None
    ttft_p99: float | None
    slo_minutes: int
    gpu_hours: float
    cost: float
    scale_events: int
    mean_replicas: float
    peak_replicas: int
    unserved: int
    minute_p50: list[float | None]
    minute_p99: list[float | None]
    first_scale_up_s: float | None  # after the traffic's first jump, when the autoscaler first asked for more
    run: FleetRun = field(repr=False)


@dataclass
class ZeroScenario:
    """Sparse traffic: KPA with scale to zero against one always-on replica."""

    requests: int
    minutes: float
    zero_gpu_hours: float
    on_gpu_hours: float
    zero_first_ttft: float | None  # the first request's TTFT, after a cold start from zero
    zero_ttft_p50: float | None
    on_ttft_p50: float | None
    zero_cost: float
    on_cost: float


@dataclass
class AutoscaleResult:
    question: Question
    traffic_label: str
    requests: int
    replica_label: str
    per_replica_rps: float  # the roofline's capacity bound for one replica on this workload
    cold_start_s: int
    weight_gb: float
    load_gb_s: float
    load_source: str
    price_per_replica_hour: float
    policies: list[PolicySummary]
    findings: list[str]
    zero: ZeroScenario | None
    wall_s: float


# -- setup ----------------------------------------------------------------------------------------

def replica_shape(q: Question) -> tuple[ReplicaShape, str, float, float, str]:
    """The replica (engine config, roofline, GPUs, price, cold start), its label, the
    capacity bound per replica (requests/s, ShareGPT), the weight bytes and the storage note."""
    model = models.model(q.model)
    device = engine.gpu(q.gpu)
    shape = shape_of(model, device, q.tp, q.weight_dtype, q.kv_dtype)
    blocks = engine.kv_blocks(shape)
    it = engine.iteration_model(shape)
    roof = it.kernel_roof(q.max_num_batched_tokens, q.max_num_seqs)
    config = {"num_blocks": blocks, "block_size": shape.block_size, "max_num_seqs": q.max_num_seqs,
              "max_num_batched_tokens": q.max_num_batched_tokens, "chunked_prefill": True}
    weights = model.weight_bytes(q.weight_dtype)
    if q.load_bytes_s is not None:
        bandwidth, source = q.load_bytes_s, f"{q.load_bytes_s / 1e9:g} GB/s as given (--load-gb-s)"
    else:
        bandwidth, source = STORAGE[q.storage]
    start = cold_start(weights, bandwidth, q.container_s)
    pairs = traffic.workloads.sample("sharegpt", 2000, 4096, q.seed)
    prompt, output = np.array([p for p, _ in pairs]), np.array([o for _, o in pairs])
    bound = engine.capacity(shape, roof, blocks, q.max_num_seqs, prompt, output, it.knee(q.max_num_batched_tokens),
                            q.max_num_batched_tokens).requests_per_s
    price = device.price_per_hour * q.tp
    replica = ReplicaShape(config, roof, q.tp, price, start)
    return replica, f"{q.model} on {shape.label()}", bound, weights, source


def policies(q: Question, initial: int, cold: int) -> list[Policy]:
    hpa = {"initial_replicas": initial, "min_replicas": q.min_replicas, "max_replicas": q.max_replicas,
           "behavior": {}}
    kpa = {"initial_scale": initial, "activation_delay": cold + 1, "target": q.kpa_target, "min_scale": q.min_replicas,
           "max_scale": q.max_replicas}
    return [
        HpaPolicy("hpa-gpu-util", "gpu-utilisation", {**hpa, "target": q.util_target}),
        HpaPolicy("hpa-queue", "queue", {**hpa, "target": int(round(q.queue_target * 1000))}),
        HpaPolicy("hpa-concurrency", "concurrency", {**hpa, "target": int(round(q.concurrency_target * 1000))}),
        KpaPolicy("kpa", kpa),
        FixedPolicy("fixed", q.fixed_replicas or q.max_replicas),
    ]


def describe(policy: Policy, q: Question) -> str:
    return {
        "hpa-gpu-util": f"HPA, GPU busy {q.util_target}% per replica",
        "hpa-queue": f"HPA, {q.queue_target:g} waiting per replica",
        "hpa-concurrency": f"HPA, {q.concurrency_target:g} in flight per replica",
        "kpa": f"KPA, {q.kpa_target:g} in flight per pod x 0.7, panic at 200%",
        "fixed": f"{q.fixed_replicas or q.max_replicas} replicas, always",
    }[policy.name]


def curve(q: Question) -> tuple[np.ndarray, str]:
    seconds = int(round(q.minutes * 60))
    if q.rates is not None:
        return np.asarray(q.rates, np.float64), f"your {len(q.rates)} s of rates"
    rates = traffic.shape(q.shape, seconds, q.base_rate, q.peak_rate)
    return rates, f"{q.shape}: {q.base_rate:g} -> {q.peak_rate:g} requests/s over {q.minutes:g} min"


# -- measuring ----------------------------------------------------------------------------------

def _pct(values: np.ndarray, p: float) -> float | None:
    return nearest_rank(values, p) if values.size else None


def summarize(policy: Policy, run: FleetRun, arrival: np.ndarray, q: Question, jump: int | None) -> PolicySummary:
    ttft = run.first - arrival
    served = ~np.isnan(ttft)
    minutes = max(1, math.ceil(run.seconds / 60))
    minute = np.minimum((arrival // 60).astype(np.int64), minutes - 1)
    p50, p99, violations = [], [], 0
    for m in range(minutes):
        mine = ttft[minute == m]
        late = np.where(np.isnan(mine), np.inf, mine)  # a request never served is as late as it gets
        p50.append(_pct(late, 0.5) if mine.size else None)
        p99.append(_pct(late, 0.99) if mine.size else None)
        violations += mine.size > 0 and p99[-1] > q.slo_ttft
    hours = run.gpu_seconds / 3600
    price_per_gpu = engine.gpu(q.gpu).price_per_hour
    first_up = None
    if jump is not None:
        later = np.nonzero(run.desired[jump:] > run.desired[jump - 1])[0] if jump > 0 else np.array([])
        first_up = float(later[0] + 1) if later.size else None
    all_ttft = np.where(np.isnan(ttft), np.inf, ttft)
    return PolicySummary(
        policy=policy.name, describe=describe(policy, q), ttft_p50=_pct(all_ttft, 0.5), ttft_p99=_pct(all_ttft, 0.99),
        slo_minutes=int(violations), gpu_hours=hours, cost=hours * price_per_gpu, scale_events=run.scale_events,
        mean_replicas=float(np.mean(run.held)) if run.held.size else 0.0,
        peak_replicas=int(run.held.max()) if run.held.size else 0, unserved=int(np.sum(~served)),
        minute_p50=p50, minute_p99=p99, first_scale_up_s=first_up, run=run,
    )


def _jump(rates: np.ndarray) -> int | None:
    """The second the rate first rises by more than half of its starting level, if it does."""
    up = np.nonzero(rates > 1.5 * max(rates[0], 1e-9))[0]
    return int(up[0]) if up.size else None


def zero_scenario(q: Question, replica: ReplicaShape, cold: int) -> ZeroScenario:
    """An hour of sparse traffic, a burst of a few requests every 15 minutes: KPA (min 0)
    against one replica that never goes away."""
    seconds = 3600
    rates = np.zeros(seconds)
    for start in range(120, seconds, 900):
        rates[start:start + 10] = 0.3
    work = traffic.requests("sparse", rates, q.seed + 1)
    kpa = KpaPolicy("kpa-zero", {"initial_scale": 0, "activation_delay": cold + 1, "target": q.kpa_target})
    runs = [simulate(policy, work.arrival, work.prompt, work.output, seconds, replica)
            for policy in (kpa, FixedPolicy("always-on", 1))]
    ttft = [run.first - work.arrival for run in runs]
    price = replica.price_per_hour / replica.gpus
    return ZeroScenario(
        requests=int(work.arrival.size), minutes=seconds / 60, zero_gpu_hours=runs[0].gpu_seconds / 3600,
        on_gpu_hours=runs[1].gpu_seconds / 3600,
        zero_first_ttft=float(ttft[0][0]) if ttft[0].size and not np.isnan(ttft[0][0]) else None,
        zero_ttft_p50=_pct(ttft[0][~np.isnan(ttft[0])], 0.5), on_ttft_p50=_pct(ttft[1][~np.isnan(ttft[1])], 0.5),
        zero_cost=runs[0].gpu_seconds / 3600 * price, on_cost=runs[1].gpu_seconds / 3600 * price)


def run(q: Question, progress: Callable[[str, int], Callable[[], None]] | None = None) -> AutoscaleResult:
    """Simulate every policy on the same requests. ``progress(label, seconds)`` returns the
    per-second tick for one policy's run (the CLI's progress bar)."""
    import time

    started = time.perf_counter()
    replica, label, bound, weights, source = replica_shape(q)
    rates, traffic_label = curve(q)
    work = traffic.requests(traffic_label, rates, q.seed)
    initial = max(q.min_replicas, min(q.max_replicas, math.ceil(rates[0] / (0.6 * bound))))
    jump = _jump(rates)
    summaries = []
    for policy in policies(q, initial, replica.cold_start_s):
        tick = progress(policy.name, work.seconds) if progress else None
        fleet_run = simulate(policy, work.arrival, work.prompt, work.output, work.seconds, replica, tick)
        summaries.append(summarize(policy, fleet_run, work.arrival, q, jump))
    zero = zero_scenario(q, replica, replica.cold_start_s) if q.sparse else None
    bandwidth = q.load_bytes_s or STORAGE[q.storage][0]
    result = AutoscaleResult(q, traffic_label, int(work.arrival.size), label, bound, replica.cold_start_s,
                             weights / 1e9, bandwidth / 1e9, source, replica.price_per_hour, summaries, [], zero,
                             0.0)
    from judge.labs.deployment.autoscale_findings import findings

    result.findings = findings(result, rates, jump)
    result.wall_s = time.perf_counter() - started
    return result


def to_json(result: AutoscaleResult) -> dict[str, Any]:
    q = result.question
    return {
        "replica": result.replica_label, "requests": result.requests, "traffic": result.traffic_label,
        "per_replica_capacity_rps": round(result.per_replica_rps, 3),
        "cold_start": {"seconds": result.cold_start_s, "container_s": q.container_s,
                       "weights_gb": round(result.weight_gb, 3), "load_gb_s": round(result.load_gb_s, 4),
                       "source": result.load_source},
        "slo_ttft_s": q.slo_ttft, "price_per_replica_hour": result.price_per_replica_hour,
        "policies": [{
            "policy": s.policy, "describe": s.describe, "ttft_p50_s": s.ttft_p50, "ttft_p99_s": s.ttft_p99,
            "slo_violation_minutes": s.slo_minutes, "gpu_hours": round(s.gpu_hours, 3), "cost": round(s.cost, 2),
            "scale_events": s.scale_events, "mean_replicas": round(s.mean_replicas, 2),
            "peak_replicas": s.peak_replicas, "unserved": s.unserved, "first_scale_up_after_jump_s": s.first_scale_up_s,
            "minute_ttft_p50_s": s.minute_p50, "minute_ttft_p99_s": s.minute_p99,
            "replicas_per_second": s.run.held.tolist(), "notes": s.run.notes,
        } for s in result.policies],
        "findings": result.findings,
        "scale_to_zero": None if result.zero is None else vars(result.zero),
        "wall_s": round(result.wall_s, 2),
    }
