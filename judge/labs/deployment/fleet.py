"""A fleet of model replicas under an autoscaler, second by second.

Every replica is the continuous-batching kernel in its calibrated cost mode
(solutions/continuous_batching.py ``Replica``: the roofline of judge/labs/serving/roofline.py), all
sharing one pool of requests. Each simulated second:

1. replicas whose cold start is over become ready;
2. the second's arrivals go to the ready replicas round-robin (as kube-proxy's IPVS mode
   spreads connections); with none ready they wait in a buffer (Knative's activator) and go
   out, oldest first, when one is;
3. every ready or draining replica runs to the end of the second;
4. a draining replica (scaled down) that has finished its requests is gone;
5. the autoscaler reads its metric and may set a new replica count: new replicas start cold
   (``cold_start_s``: container start plus loading the weights), and a scale-down removes
   the youngest first, starting ones before ready ones; a ready replica removed stops
   getting requests and drains.

GPU time counts every replica that holds GPUs: starting, ready or draining.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from solutions.continuous_batching import Replica, RequestPool
from solutions.hpa_autoscaler import HpaController
from solutions.kpa_autoscaler import KpaController

HPA_METRICS = ("gpu-utilisation", "queue", "concurrency")
DRAIN_LIMIT_S = 1800  # after the traffic ends, how long the fleet may take to finish its requests


@dataclass(frozen=True)
class ReplicaShape:
    """What one replica is: its engine config and roofline, GPUs, price and cold start."""

    config: dict  # num_blocks, block_size, max_num_seqs, max_num_batched_tokens, chunked_prefill
    roof: np.ndarray
    gpus: int
    price_per_hour: float  # per replica
    cold_start_s: int


@dataclass
class _Member:
    replica: Replica | None  # None while starting
    ready_at: int
    born: int
    draining: bool = False
    busy_mark: float = 0.0  # busy seconds at the last utilisation reading
    mark_time: float = 0.0


class Policy:
    """An autoscaler: ``observe(t, fleet)`` after second t returns the replica count it wants
    (or None to leave it)."""

    name: str = ""
    initial: int = 1

    def observe(self, t: int, fleet: "Fleet") -> int | None:
        raise NotImplementedError


class FixedPolicy(Policy):
    def __init__(self, name: str, replicas: int):
        self.name, self.initial = name, replicas

    def observe(self, t: int, fleet: "Fleet") -> int | None:
        return None


class HpaPolicy(Policy):
    """The judged HPA (solutions/hpa_autoscaler.py) on one per-pod metric, summed over the ready
    replicas: GPU utilisation in percent (busy time over the last sync period), requests
    waiting (in milli-requests) or requests in flight (milli-requests). Starting replicas
    count as pods with zero load, Kubernetes' rule for unready pods on a scale-up."""

    def __init__(self, name: str, metric: str, config: dict):
        if metric not in HPA_METRICS:
            raise ValueError(f"unknown HPA metric {metric!r}; choose from {', '.join(HPA_METRICS)}")
        self.name, self.metric, self.config = name, metric, config
        self.initial = config["initial_replicas"]
        self.period = config.get("sync_period", 15)
        self.controller = HpaController(config)
        self.loads: list[int] = []

    def observe(self, t: int, fleet: "Fleet") -> int | None:
        if (t + 1) % self.period:
            return None
        now = t + 1
        total = 0
        for member in fleet.ready():
            replica = member.replica
            if self.metric == "gpu-utilisation":
                span = now - max(member.mark_time, member.ready_at)
                # an iteration is counted in the second it starts, so a reading may pass 100%: cap it, as nvidia-smi
                total += min(100, int(100 * (replica.busy - member.busy_mark) / span)) if span > 0 else 0
                member.busy_mark, member.mark_time = replica.busy, now
            elif self.metric == "queue":
                total += 1000 * replica.queued
            else:
                total += 1000 * (replica.queued + replica.running_count)
        self.loads.append(total)
        return self.controller.step(total)


class KpaPolicy(Policy):
    """The judged KPA (solutions/kpa_autoscaler.py): each second, the requests in flight across
    the fleet plus those the activator buffers. Its activation delay is the cold start, so its
    count of ready pods is the fleet's."""

    def __init__(self, name: str, config: dict):
        self.name, self.config = name, config
        self.initial = config["initial_scale"]
        self.controller = KpaController(config)

    def observe(self, t: int, fleet: "Fleet") -> int | None:
        concurrency = len(fleet.buffer) + sum(m.replica.queued + m.replica.running_count
                                              for m in fleet.members if m.replica is not None)
        return self.controller.step(concurrency)


@dataclass
class FleetRun:
    """What happened, second by second and per request."""

    policy: str
    seconds: int  # the traffic's length; the fleet may run past it to drain
    first: np.ndarray  # first-token time per request (NaN: never, within the drain limit)
    finish: np.ndarray
    ready: np.ndarray  # ready replicas after each second of the traffic
    held: np.ndarray  # replicas holding GPUs (starting, ready, draining) after each second
    desired: np.ndarray  # the autoscaler's replica count after each second
    queued: np.ndarray  # requests waiting (replicas' queues and the buffer) after each second
    busy: np.ndarray  # mean GPU busy fraction over the ready replicas in each second
    scale_events: int
    gpu_seconds: float  # within the traffic's seconds
    wall_s: float = 0.0
    notes: list[str] = field(default_factory=list)


class Fleet:
    def __init__(self, pool: RequestPool, shape: ReplicaShape, initial: int):
        self.pool, self.shape = pool, shape
        self.members = [_Member(Replica(pool, shape.config, shape.roof, 0.0), 0, -shape.cold_start_s)
                        for _ in range(initial)]
        self.buffer: list[int] = []
        self.turn = 0

    def ready(self) -> list[_Member]:
        return [m for m in self.members if m.replica is not None and not m.draining]

    def size(self) -> int:
        """Replicas the autoscaler counts: starting and ready, not draining."""
        return sum(not m.draining for m in self.members)

    def start_ready(self, t: int) -> None:
        for member in self.members:
            if member.replica is None and member.ready_at <= t:
                member.replica = Replica(self.pool, self.shape.config, self.shape.roof, float(t))
                member.mark_time = float(t)

    def route(self, indices) -> None:
        targets = self.ready()
        if not targets:
            self.buffer.extend(indices)
            return
        if self.buffer:
            indices, self.buffer = self.buffer + list(indices), []
        for index in indices:
            targets[self.turn % len(targets)].replica.assign(index)
            self.turn += 1

    def advance(self, until: float) -> None:
        for member in self.members:
            if member.replica is not None:
                member.replica.advance(until)
        self.members = [m for m in self.members if not (m.draining and m.replica.empty)]

    def resize(self, t: int, desired: int) -> bool:
        current = self.size()
        if desired > current:
            for _ in range(desired - current):
                self.members.append(_Member(None, t + 1 + self.shape.cold_start_s, t + 1))
        elif desired < current:
            live = sorted((m for m in self.members if not m.draining),
                          key=lambda m: (m.replica is not None, -m.born))  # starting first, then youngest
            for member in live[:current - desired]:
                if member.replica is None:
                    self.members.remove(member)
                else:
                    member.draining = True
        return desired != current


def simulate(policy: Policy, arrival: np.ndarray, prompt: np.ndarray, output: np.ndarray, seconds: int,
             shape: ReplicaShape, tick: Callable[[], None] | None = None) -> FleetRun:
    """Run ``policy`` over requests arriving at ``arrival`` (sorted) for ``seconds``, then let the
    fleet drain for at most DRAIN_LIMIT_S with no new arrivals. ``tick`` is called once a second."""
    import time

    started = time.perf_counter()
    pool = RequestPool(arrival, prompt, output)
    fleet = Fleet(pool, shape, policy.initial)
    bounds = np.searchsorted(arrival, np.arange(seconds + 1, dtype=np.float64), side="left")
    fits = _fits(prompt, output, shape.config)
    ready, held, desired_series = (np.zeros(seconds, np.int64) for _ in range(3))
    queued, busy = np.zeros(seconds, np.int64), np.zeros(seconds)
    events, gpu_seconds = 0, 0.0
    t = 0
    while t < seconds + DRAIN_LIMIT_S:
        fleet.start_ready(t)
        if t < seconds:
            fleet.route([i for i in range(bounds[t], bounds[t + 1]) if fits[i]])
        elif fleet.buffer and fleet.ready():
            fleet.route([])
        before = {id(m): m.replica.busy for m in fleet.members if m.replica is not None}
        fleet.advance(t + 1.0)
        if t < seconds:
            live = fleet.ready()
            ready[t] = len(live)
            held[t] = len(fleet.members)
            gpu_seconds += len(fleet.members) * shape.gpus
            queued[t] = len(fleet.buffer) + sum(m.replica.queued for m in live)
            busy[t] = np.mean([m.replica.busy - before.get(id(m), m.replica.busy) for m in live]) if live else 0.0
        wanted = policy.observe(t, fleet)
        if wanted is not None:
            events += fleet.resize(t, wanted)
        if t < seconds:
            desired_series[t] = fleet.size()
        if tick is not None and t < seconds:
            tick()
        t += 1
        if t >= seconds and not fleet.buffer and all(m.replica is not None and m.replica.empty
                                                      for m in fleet.members):
            break
    run = FleetRun(policy.name, seconds, pool.first.copy(), pool.finish.copy(), ready, held, desired_series, queued,
                   busy, events, gpu_seconds, time.perf_counter() - started)
    unserved = int(np.sum(np.isnan(pool.first[fits])))
    if unserved:
        run.notes.append(f"{unserved} requests had no first token {DRAIN_LIMIT_S // 60} min after the traffic ended")
    if (~fits).any():
        run.notes.append(f"{int((~fits).sum())} requests longer than a replica's KV cache were refused")
    return run


def _fits(prompt: np.ndarray, output: np.ndarray, config: dict) -> np.ndarray:
    longest = prompt + output - 1
    blocks = (longest + config["block_size"] - 1) // config["block_size"]
    fits = blocks <= config["num_blocks"]
    if not config["chunked_prefill"]:
        fits &= longest <= config["max_num_batched_tokens"]
    return fits


def cold_start(weight_bytes: float, bandwidth_bytes_s: float, container_s: float) -> int:
    """Seconds until a new replica serves: its container starts, then its weights load."""
    return int(math.ceil(container_s + weight_bytes / bandwidth_bytes_s))
