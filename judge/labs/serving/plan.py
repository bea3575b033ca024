"""``judge lab plan``: the cheapest serving design that meets P99 SLOs within a budget, by simulation.

A design is a replica shape (GPU, TP, weight and KV dtypes), a replica count and the
scheduler's knobs (max_num_seqs, max_num_batched_tokens, chunked prefill). Each candidate is
simulated with the continuous-batching Numba kernel in its roofline cost mode
(docs/serving-model.md): one replica, Poisson arrivals at QPS / replicas (a load balancer that
splits the stream evenly and at random), the same requests and seed for every candidate.

The search is best-first by cost: a heap of (cost/hour, design) starts each configuration at
the replica count its roofline capacity bound allows, and a failing design pushes the same
configuration with one more replica. Designs therefore come off the heap cheapest first, and
the first that passes is the cheapest passing design, given that P99 latency does not rise
when replicas are added (true of the model up to sampling noise).
"""

from __future__ import annotations

import heapq
import itertools
import math
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Callable

import numpy as np

from judge.errors import BadConfig, InfeasibleShape, InvalidInput
from judge.labs.serving import engine, hf_config, models, validation, workloads
from judge.reporting.format import latency
from solutions import _cost
from solutions.continuous_batching import simulate_roofline_arrays

TPS = (1, 2, 4, 8)
WEIGHT_DTYPES = ("fp16", "fp8", "int4")
KV_DTYPES = ("fp16", "fp8")
DEFAULT_REQUESTS = 10_000  # simulated per candidate; the first WARMUP_FRACTION are not measured, so
# the P99 of each metric rests on the 90 slowest of 9,000 requests
WARMUP_FRACTION = 0.1
WORKERS = 2  # the kernel releases the GIL (nogil), so two threads use both cores
EXPLORE = 3.0  # search up to this multiple of the budget, to say what budget would suffice


@dataclass(frozen=True)
class Slo:
    ttft: float | None = 2.0  # P99 time to first token, s
    tpot: float | None = 0.1  # P99 time per output token, s
    e2e: float | None = None  # P99 end-to-end latency, s


@dataclass(frozen=True)
class Design:
    gpu: str
    tp: int
    replicas: int
    max_num_seqs: int = 256
    max_num_batched_tokens: int = 8192
    chunked_prefill: bool = False
    weight_dtype: str = "fp16"
    kv_dtype: str = "fp16"

    def config_key(self) -> tuple:
        """Everything but the replica count."""
        return (self.gpu, self.tp, self.max_num_seqs, self.max_num_batched_tokens, self.chunked_prefill,
                self.weight_dtype, self.kv_dtype)

    def label(self) -> str:
        return (f"gpu={self.gpu},tp={self.tp},replicas={self.replicas},max_num_seqs={self.max_num_seqs},"
                f"max_num_batched_tokens={self.max_num_batched_tokens},"
                f"chunked_prefill={'on' if self.chunked_prefill else 'off'},weights={self.weight_dtype},"
                f"kv={self.kv_dtype}")


DESIGN_KEYS = {"gpu": "gpu", "tp": "tp", "replicas": "replicas", "max_num_seqs": "max_num_seqs",
               "max_num_batched_tokens": "max_num_batched_tokens", "chunked_prefill": "chunked_prefill",
               "weights": "weight_dtype", "weight_dtype": "weight_dtype", "kv": "kv_dtype", "kv_dtype": "kv_dtype"}


GPU_ALIASES = engine.GPU_ALIASES


@dataclass(frozen=True)
class Space:
    gpus: tuple[str, ...] = engine.PLANNED
    tps: tuple[int, ...] = TPS
    max_num_seqs: tuple[int, ...] = (64, 128, 256, 512)
    max_num_batched_tokens: tuple[int, ...] = (2048, 4096, 8192)
    chunked_prefill: tuple[bool, ...] = (False, True)
    weight_dtypes: tuple[str, ...] = WEIGHT_DTYPES
    kv_dtypes: tuple[str, ...] = KV_DTYPES
    max_replicas: int = 128


@dataclass(frozen=True)
class Workload:
    label: str
    prompt: np.ndarray  # int64
    output: np.ndarray  # int64, >= 1
    unit_arrivals: np.ndarray  # a Poisson process of rate 1; divide by the rate

    @property
    def longest(self) -> int:
        return int(np.max(self.prompt + self.output - 1))


def make_workload(preset_or_path: str, requests: int, max_model_len: int, seed: int) -> Workload:
    if preset_or_path.endswith(".jsonl"):
        path = Path(preset_or_path)
        if not path.is_file():
            raise InvalidInput(f"{preset_or_path!r} does not exist; pass a .jsonl file or a preset")
        pairs, label = workloads.load_jsonl(path, max_model_len), path.name
        pairs = [(p, max(o, 1)) for p, o in pairs]
        pairs = [pairs[i % len(pairs)] for i in range(max(requests, len(pairs)))]  # cycle a short file
    else:
        pairs, label = workloads.sample(preset_or_path, requests, max_model_len, seed), preset_or_path
    arrivals = workloads.poisson_arrivals(pairs, 1.0, seed)
    return Workload(label, np.array([p for p, _ in pairs], np.int64), np.array([o for _, o in pairs], np.int64),
                    np.array([a for a, _, _ in arrivals], np.float64))


@dataclass(frozen=True)
class Question:
    model: str = "llama-2-70b"
    qps: float = 100.0
    slo: Slo = Slo()
    budget: float = 200.0  # $ per hour
    space: Space = Space()
    efficiency: engine.Efficiency = engine.Efficiency()
    prices: tuple[tuple[str, float], ...] = ()  # overrides, $ per GPU-hour
    top: int = 10

    def gpu(self, name: str) -> engine.Gpu:
        device = engine.gpu(name)
        price = dict(self.prices).get(name)
        return device if price is None else replace(device, price_per_hour=price)


@dataclass
class Outcome:
    design: Design
    cost_per_hour: float
    gpus: int
    meets: bool
    failed: list[str]  # e.g. ["TTFT 3.1 s > 2 s"]
    binding: str  # memory, compute or bandwidth: what bounds the replica
    ttft_p99: float | None
    tpot_p99: float | None
    e2e_p99: float | None
    requests_per_s: float  # the whole deployment
    tokens_per_s: float
    kv_utilization: float
    preemptions: int
    rejected: int
    capacity_per_s: float  # roofline bound, the whole deployment


@dataclass
class TryResult:
    outcome: Outcome | None
    infeasible: str | None
    optimum: Outcome | None
    fixes: list[tuple[str, Outcome]]  # (what changes, the design that passes)


@dataclass
class PlanResult:
    question: Question
    workload: str
    requests: int
    best: Outcome | None
    ranked: list[Outcome]
    evaluated: list[Outcome]
    infeasible: list[str]
    pruned: dict[str, int]
    advice: list[str]
    simulations: int
    wall_s: float
    tried: TryResult | None = None


# -- one candidate ------------------------------------------------------------------------------

def _nearest_rank(values: np.ndarray, p: float) -> float | None:
    if values.size == 0:
        return None
    ordered = np.sort(values)
    return float(ordered[max(math.ceil(p * ordered.size) - 1, 0)])


def replica_shape(q: Question, d: Design, model: models.Model) -> engine.Shape:
    return shape_of(model, q.gpu(d.gpu), d.tp, d.weight_dtype, d.kv_dtype)


def shape_of(model: models.Model, device: engine.Gpu, tp: int, weights: str, kv: str) -> engine.Shape:
    """FP8 weights run FP8 GEMMs (W8A8) where the GPU has FP8 tensor cores, weight-only elsewhere."""
    compute = "fp8" if weights == "fp8" and device.fp8_tflops is not None else "bf16"
    return engine.Shape(model, device, tp, weights, kv, compute_dtype=compute)


def evaluate(q: Question, d: Design, work: Workload) -> Outcome:
    """Simulate one replica of ``d`` at QPS / replicas and scale its metrics to the deployment.

    Raises InfeasibleShape if the weights do not fit."""
    model = models.model(q.model)
    shape = replica_shape(q, d, model)
    blocks = engine.kv_blocks(shape, q.efficiency)
    it = engine.iteration_model(shape, q.efficiency)
    roof = it.kernel_roof(d.max_num_batched_tokens, d.max_num_seqs)
    knee = it.knee(d.max_num_batched_tokens)
    config = {"num_blocks": blocks, "block_size": shape.block_size, "max_num_seqs": d.max_num_seqs,
              "max_num_batched_tokens": d.max_num_batched_tokens, "chunked_prefill": d.chunked_prefill}
    arrival = work.unit_arrivals / (q.qps / d.replicas)
    sim = simulate_roofline_arrays(arrival, work.prompt, work.output, config, roof)
    n = arrival.size
    warm = int(n * WARMUP_FRACTION)
    served = sim["accepted"][warm:]
    a, o = arrival[warm:][served], work.output[warm:][served]
    first, finish = sim["first"][warm:][served], sim["finish"][warm:][served]
    multi = o > 1
    ttft = _nearest_rank(first - a, 0.99)
    tpot = _nearest_rank((finish[multi] - first[multi]) / (o[multi] - 1), 0.99)
    e2e = _nearest_rank(finish - a, 0.99)
    # Throughput and KV use over the measured window: from the first measured arrival to the last finish.
    start, end = float(arrival[warm]), float(np.nanmax(sim["finish"]))
    span = max(end - start, 1e-12)
    begin = sim["start"]
    window = begin >= start
    dur = sim["duration"][window]
    held = blocks - sim["free_blocks"][window]
    kv_util = float(np.sum(dur * held) / (blocks * span))
    # Compute-bound share of the time: iterations at or past the roofline knee.
    compute_share = float(np.sum(dur[sim["tokens"][window] >= knee]) / max(np.sum(dur), 1e-12))
    # Throughput in the steady window, first to last measured arrival (the drain afterwards is left out).
    steady = max(float(arrival[-1]) - start, 1e-12)
    in_window = finish <= arrival[-1]
    done, done_tokens = int(np.sum(in_window)), float(np.sum(o[in_window]))
    preemptions = int(np.sum(sim["preemptions"][warm:]))
    rejected = int(np.sum(~sim["accepted"]))
    if preemptions > 0 or kv_util > 0.9:
        binding = "memory"
    else:
        binding = "compute" if compute_share > 0.5 else "bandwidth"
    cap = engine.capacity(shape, roof, blocks, d.max_num_seqs, work.prompt, work.output, knee,
                          d.max_num_batched_tokens)
    failed = []
    offered = q.qps / d.replicas
    growth = _backlog_growth(arrival, sim["first"], warm)
    if offered > cap.requests_per_s:  # the queue grows without bound, however short the run looks
        failed.append(f"overloaded: {offered:.1f} req/s per replica > roofline bound {cap.requests_per_s:.1f}")
        binding = cap.binding
    elif growth > max(BACKLOG_SLACK, BACKLOG_FRACTION * (n - warm)):
        failed.append(f"falling behind: {growth} more requests wait for a first token at the last arrival than at "
                      "the first measured one")
        binding = cap.binding
    if rejected:
        failed.append(f"{rejected} requests never fit")
    for name, value, limit in (("TTFT", ttft, q.slo.ttft), ("TPOT", tpot, q.slo.tpot), ("E2E", e2e, q.slo.e2e)):
        if limit is not None and value is not None and value > limit:
            failed.append(f"{name} {latency(value)} > {latency(limit)}")
    price = q.gpu(d.gpu).price_per_hour
    return Outcome(
        design=d, cost_per_hour=d.replicas * d.tp * price, gpus=d.replicas * d.tp, meets=not failed, failed=failed,
        binding=binding, ttft_p99=ttft, tpot_p99=tpot, e2e_p99=e2e,
        requests_per_s=d.replicas * done / steady, tokens_per_s=d.replicas * done_tokens / steady,
        kv_utilization=kv_util, preemptions=preemptions,
        rejected=rejected, capacity_per_s=d.replicas * cap.requests_per_s,
    )


BACKLOG_SLACK, BACKLOG_FRACTION = 50, 0.02  # a queue that grows by more than this over the run is not stable


def _backlog_growth(arrival: np.ndarray, first: np.ndarray, warm: int) -> int:
    """Requests arrived but without a first token, at the last arrival less at the first measured
    one. A replica slightly past its capacity can meet a P99 over a finite run while its queue
    grows; this catches it (the capacity bound is an upper bound and does not)."""
    def waiting(t: float) -> int:
        arrived = int(np.searchsorted(arrival, t, side="right"))
        started = int(np.sum(first[:arrived] <= t))  # NaN (never) compares False
        return arrived - started
    return waiting(float(arrival[-1])) - waiting(float(arrival[warm]))


# -- the search ---------------------------------------------------------------------------------

@dataclass
class _Config:
    design: Design  # replicas = the capacity bound's minimum
    price: float  # $ per replica-hour
    binding: str = ""  # what binds the capacity bound


def candidates(q: Question, work: Workload) -> tuple[list[_Config], list[str], dict[str, int], tuple | None]:
    """Every configuration of the space that can work, at its minimum replica count; the
    infeasible shapes with their reasons; counts of what was pruned before simulation; and
    the cheapest capacity bound among the configurations priced out, (cost, binding, design)."""
    model = models.model(q.model)
    s = q.space
    configs, infeasible = [], []
    pruned = {"shape": 0, "scheduler": 0, "tpot floor": 0, "capacity": 0, "budget": 0}
    priced_out = None
    knobs = [(m, b, c) for m in s.max_num_seqs for b in s.max_num_batched_tokens for c in s.chunked_prefill]
    mean_prompt = float(np.mean(work.prompt))
    top_tokens, top_seqs = max(s.max_num_batched_tokens), max(s.max_num_seqs)
    for gpu_name, tp, wdt, kvdt in itertools.product(s.gpus, s.tps, s.weight_dtypes, s.kv_dtypes):
        shape = shape_of(model, q.gpu(gpu_name), tp, wdt, kvdt)
        try:
            hf_config.check_tp(model, tp)
            blocks = engine.kv_blocks(shape, q.efficiency)
        except (InfeasibleShape, BadConfig) as exc:
            if str(exc) not in infeasible:
                infeasible.append(str(exc))
            pruned["shape"] += len(knobs)
            continue
        it = engine.iteration_model(shape, q.efficiency)
        roof = it.kernel_roof(top_tokens, top_seqs)
        knee = it.knee(top_tokens)
        # A decode step at batch 1 is the fastest a token can come: above the TPOT SLO, no design helps.
        floor = engine.iteration_time(roof, [1], [round(mean_prompt)])
        if q.slo.tpot is not None and floor > q.slo.tpot:
            infeasible.append(f"{shape.label()}: one decode step takes {latency(floor)} > "
                              f"P99 TPOT {latency(q.slo.tpot)} (bandwidth binds)")
            pruned["tpot floor"] += len(knobs)
            continue
        if work.longest > blocks * shape.block_size:
            infeasible.append(f"{shape.label()}: {blocks * shape.block_size:,} KV tokens cannot hold the longest "
                              f"request ({work.longest:,} tokens)")
            pruned["shape"] += len(knobs)
            continue
        price = tp * shape.gpu.price_per_hour
        for msq, mbt, chunked in knobs:
            if not chunked and mbt < work.longest:  # vLLM refuses this too: a prompt must fit in one step
                pruned["scheduler"] += 1
                continue
            cap = engine.capacity(shape, roof, blocks, msq, work.prompt, work.output, knee, mbt)
            replicas = max(1, math.ceil(q.qps / cap.requests_per_s))
            if replicas > s.max_replicas:
                pruned["capacity"] += 1
                continue
            if replicas * price > q.budget * EXPLORE:
                pruned["budget"] += 1
                design = Design(gpu_name, tp, replicas, msq, mbt, chunked, wdt, kvdt)
                if priced_out is None or replicas * price < priced_out[0]:
                    priced_out = (replicas * price, cap.binding, design)
                continue
            configs.append(_Config(Design(gpu_name, tp, replicas, msq, mbt, chunked, wdt, kvdt), price, cap.binding))
    return configs, infeasible, pruned, priced_out


def search(q: Question, work: Workload, progress: Callable[[int, float], None] | None = None,
           workers: int = WORKERS) -> PlanResult:
    """Best-first by cost until ``q.top`` designs pass (or the heap passes EXPLORE × budget)."""
    started = time.perf_counter()
    configs, infeasible, pruned, priced_out = candidates(q, work)
    cap_cost = q.budget * EXPLORE
    counter = itertools.count()
    heap = [(c.design.replicas * c.price, next(counter), c) for c in configs]
    heapq.heapify(heap)
    evaluated: list[Outcome] = []
    passing: list[Outcome] = []
    solved: dict[tuple, float] = {}  # shape -> the cost of its cheapest passing design
    _warm_up()
    batch_size = 4 * workers
    with ThreadPoolExecutor(max_workers=workers) as pool:
        while heap:
            costs = sorted(solved.values())
            limit = costs[q.top - 1] if len(costs) >= q.top else cap_cost
            batch = []
            while heap and len(batch) < batch_size and heap[0][0] <= limit:
                cost, _, config = heapq.heappop(heap)
                if solved.get(_shape_key(config.design), math.inf) < cost:
                    continue  # this shape already passes more cheaply
                batch.append(config)
            if not batch:
                if heap and heap[0][0] <= limit:
                    continue
                break
            for config, outcome in zip(batch, pool.map(lambda c: evaluate(q, c.design, work), batch)):
                evaluated.append(outcome)
                _settle(q, config, outcome, passing, solved, heap, counter)
            if progress is not None:
                progress(len(evaluated), limit)
    passing.sort(key=_rank)
    shapes: dict[tuple, Outcome] = {}
    for o in passing:  # the cheapest passing design of each shape, in rank order
        shapes.setdefault(_shape_key(o.design), o)
    table = list(shapes.values())
    within = [o for o in table if o.cost_per_hour <= q.budget]
    best = within[0] if within else None
    result = PlanResult(q, work.label, int(work.prompt.size), best, (within or table)[:q.top], evaluated,
                        infeasible, pruned, [], len(evaluated), time.perf_counter() - started)
    floors = [(c.design.replicas * c.price, c.binding, c.design) for c in configs]
    if priced_out is not None:
        floors.append(priced_out)
    result.advice = advise(result, table, min(floors, key=lambda f: f[0]) if floors else None)
    return result


def _warm_up() -> None:
    """Compile (or load from the cache) the kernel once, before the threads start."""
    one = np.ones(1, np.int64)
    config = {"num_blocks": 4, "block_size": 16, "max_num_seqs": 1, "max_num_batched_tokens": 16,
              "chunked_prefill": False}
    simulate_roofline_arrays(np.zeros(1), one, one, config, _cost.pack(0.0, 0.0, 0.0, np.zeros(2), np.zeros(2)))


def _shape_key(d: Design) -> tuple:
    return (d.gpu, d.tp, d.weight_dtype, d.kv_dtype)


def _settle(q: Question, config: _Config, outcome: Outcome, passing: list, solved: dict, heap: list,
            counter) -> None:
    """A passing design solves its shape; a failing one comes back with one more replica."""
    if outcome.meets:
        passing.append(outcome)
        key = _shape_key(config.design)
        solved[key] = min(solved.get(key, math.inf), outcome.cost_per_hour)
    elif outcome.rejected == 0 and config.design.replicas < q.space.max_replicas:
        grown = _Config(replace(config.design, replicas=config.design.replicas + 1), config.price)
        heapq.heappush(heap, (grown.design.replicas * grown.price, next(counter), grown))


def _rank(o: Outcome) -> tuple:
    return (o.cost_per_hour, o.ttft_p99 or 0.0, o.tpot_p99 or 0.0)


def advise(result: PlanResult, passing: list[Outcome], floor: tuple | None = None) -> list[str]:
    """What the answer is, or what binds and which budget or SLO would make the question feasible.
    ``floor`` is the cheapest configuration by the capacity bound alone: (cost, binding, design)."""
    q = result.question
    if result.best is not None:
        b = result.best
        return [f"The cheapest design that meets the SLOs: {b.design.replicas} x {b.design.tp} {b.design.gpu} "
                f"({b.gpus} GPUs) at ${b.cost_per_hour:.2f}/h, {b.binding}-bound; "
                f"P99 TTFT {latency(b.ttft_p99)}, P99 TPOT {latency(b.tpot_p99)}."]
    lines = []
    if passing:
        cheapest = passing[0]
        lines.append(f"Nothing meets the SLOs within ${q.budget:g}/h; the budget binds. The cheapest design that "
                     f"does costs ${cheapest.cost_per_hour:.2f}/h: raise --budget to "
                     f"{math.ceil(cheapest.cost_per_hour)} ({cheapest.design.label()}).")
    else:
        lines.append(f"No design in the search space meets the SLOs under ${q.budget * EXPLORE:g}/h "
                     f"({EXPLORE:g}x the budget).")
    if floor is not None and floor[0] > q.budget:
        cost, binding, design = floor
        lines.append(f"The budget binds before any simulation: by the roofline's capacity bound the cheapest "
                     f"configuration needs at least {design.replicas} replicas of {design.tp} x {design.gpu} to "
                     f"keep up with {q.qps:g} requests/s ({binding} binds), ${cost:,.2f}/h; no budget under "
                     f"{math.ceil(cost)} can work: raise --budget to at least {math.ceil(cost)}.")
    affordable = [o for o in result.evaluated if o.cost_per_hour <= q.budget and not o.rejected]
    if affordable:
        closest = min(affordable, key=lambda o: _excess(o, q.slo))
        relax = []
        for flag, value, limit in (("--p99-ttft", closest.ttft_p99, q.slo.ttft),
                                   ("--p99-tpot", closest.tpot_p99, q.slo.tpot),
                                   ("--p99-e2e", closest.e2e_p99, q.slo.e2e)):
            if limit is not None and value is not None and value > limit:
                relax.append(f"{flag} {math.ceil(value * 100) / 100:g}")
        if relax:
            lines.append(f"Within the budget, the SLO binds: the closest design ({closest.design.label()}, "
                         f"${closest.cost_per_hour:.2f}/h) would pass with {' and '.join(relax)}.")
    if result.infeasible and not result.evaluated and floor is None:
        lines.append("Every shape was pruned before simulation: " + "; ".join(result.infeasible[:3]))
    return lines


def _excess(o: Outcome, slo: Slo) -> float:
    ratios = [v / lim for v, lim in ((o.ttft_p99, slo.ttft), (o.tpot_p99, slo.tpot), (o.e2e_p99, slo.e2e))
              if lim is not None and v is not None]
    return max(ratios, default=0.0)


def frontier(q: Question, work: Workload, result: PlanResult, points: int = 6,
             workers: int = WORKERS) -> list[Outcome]:
    """For ``--plot``: every simulated design, plus each ranked shape at more replicas, spread
    geometrically up to the budget, so the cost-vs-P99 frontier spans the affordable range."""
    extra = []
    for o in result.ranked:
        price = o.cost_per_hour / o.design.replicas
        top = max(o.design.replicas, int(q.budget // price))
        base = o.design.replicas
        counts = sorted({round(base * (top / base) ** (k / points)) for k in range(1, points + 1)})
        extra += [replace(o.design, replicas=r) for r in counts if r > o.design.replicas]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        swept = list(pool.map(lambda d: evaluate(q, d, work), extra))
    return result.evaluated + swept


# -- JSON ---------------------------------------------------------------------------------------

def outcome_json(o: Outcome) -> dict[str, Any]:
    data = asdict(o)
    data["design"]["label"] = o.design.label()
    return data


def to_json(result: PlanResult) -> dict[str, Any]:
    q = result.question
    data: dict[str, Any] = {
        "question": {"model": q.model, "qps": q.qps, "workload": result.workload, "budget_per_hour": q.budget,
                     "slo": asdict(q.slo), "efficiency": asdict(q.efficiency),
                     "prices_per_gpu_hour": {name: q.gpu(name).price_per_hour for name in q.space.gpus}},
        "search": {"simulations": result.simulations, "wall_s": result.wall_s, "requests_per_simulation":
                   result.requests, "warmup_fraction": WARMUP_FRACTION, "pruned": result.pruned, "workers": WORKERS},
        "best": outcome_json(result.best) if result.best else None,
        "ranked": [outcome_json(o) for o in result.ranked],
        "infeasible": result.infeasible,
        "advice": result.advice,
        "error_band": validation.band_line(),
    }
    if result.tried is not None:
        t = result.tried
        data["try"] = {"outcome": outcome_json(t.outcome) if t.outcome else None, "infeasible": t.infeasible,
                       "optimum": outcome_json(t.optimum) if t.optimum else None,
                       "fixes": [{"change": change, "outcome": outcome_json(o)} for change, o in t.fixes]}
    return data


def pareto(outcomes: list[Outcome], metric: Callable[[Outcome], float | None]) -> list[Outcome]:
    """The designs no other beats on both cost and the metric: the cost-vs-P99 frontier."""
    points = sorted((o for o in outcomes if metric(o) is not None and not o.rejected),
                    key=lambda o: (o.cost_per_hour, metric(o)))
    frontier, best = [], math.inf
    for o in points:
        if metric(o) < best:
            frontier.append(o)
            best = metric(o)
    return frontier


__all__ = ["Design", "Outcome", "PlanResult", "Question", "Slo", "Space", "TryResult", "Workload", "evaluate",
           "make_workload", "replica_shape", "search", "to_json", "pareto"]
