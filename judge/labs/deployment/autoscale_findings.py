"""The points ``judge lab autoscale`` makes, each worded from its own measurements.

1. GPU utilisation is a poor signal for an LLM server: continuous batching runs an iteration
   whenever any request is in flight, so the GPU reads busy long before latency breaks.
2. Queue length and concurrency react to a surge; utilisation, already near 100%, cannot.
3. The cold start (container plus weights) dominates a spike: warm headroom is what avoids
   it, and panic mode can only ask sooner.
4. Scale to zero saves GPU-hours and costs a cold start on the first request.
"""

from __future__ import annotations

import numpy as np

from judge.reporting.format import latency

TOLERANCE = 0.1  # the HPA's default band


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def _utilisation(by: dict, jump: int | None, q) -> str | None:
    util, calm = by.get("hpa-gpu-util"), by.get("hpa-queue") or by.get("hpa-concurrency")
    if util is None or calm is None:
        return None
    end = jump if jump else calm.run.seconds
    busy = float(np.mean(calm.run.busy[:end])) if end else 0.0
    worst = [p for p in calm.minute_p99[:max(1, end // 60)] if p is not None]
    ratio = 100 / q.util_target
    band = "outside" if ratio > 1 + TOLERANCE else "inside"
    before = int(util.run.held[end - 1]) if end else util.peak_replicas
    last = int(util.run.held[-1])
    text = (f"GPU utilisation is a poor signal: {'before the spike ' if jump else ''}{calm.policy}'s replicas were "
            f"busy {busy:.0%} of the time while P99 TTFT stayed at or under {latency(max(worst) if worst else None)}. "
            "Continuous batching runs an iteration whenever any request is in flight, so the GPU reads busy at any "
            f"load. Against an {q.util_target}% target that is a ratio of up to {ratio:.2f}, {band} the "
            f"{TOLERANCE:.0%} tolerance: hpa-gpu-util went from {util.run.held[0]} to {before} replicas "
            f"{'before the spike' if jump else 'over the run'} and ended at {last} (mean {util.mean_replicas:.1f}, "
            f"${util.cost:.2f} against ${calm.cost:.2f} for {calm.policy}).")
    never = 100 / (1 + TOLERANCE)
    return text + (f" With a target of {never:.0f}% or more, 100% falls inside the band and the same HPA never "
                   "scales up at all, spike or not.")


def _reaction(by: dict, jump: int | None, q) -> str | None:
    util, queue = by.get("hpa-gpu-util"), by.get("hpa-queue")
    if jump is None or util is None or queue is None:
        return None
    reacted = [f"{s.policy} after {s.first_scale_up_s:.0f} s" for s in by.values()
               if s.first_scale_up_s is not None and s.policy != "hpa-gpu-util"]
    waiting = queue.run.queued[jump:jump + 60]
    per_replica = float(waiting.max()) / max(1, int(queue.run.ready[jump])) if waiting.size else 0.0
    spike_busy = float(np.max(util.run.busy[jump:jump + 60])) if util.run.busy[jump:].size else 0.0
    calm_busy = float(np.mean(util.run.busy[max(0, jump - 60):jump])) if jump else 0.0
    gap = (util.ttft_p99 or 0) - (queue.ttft_p99 or 0)
    why = ("its pre-spike over-provisioning, not a faster reaction" if gap < 0 else
           "utilisation seeing nothing new while the queue grew")
    times = per_replica / q.queue_target
    return (f"Queue length reacts to a surge; utilisation cannot. In the minute after the rate jumped (at "
            f"{_clock(jump)}), waiting requests reached {per_replica:.0f} per replica ({times:.0f}x hpa-queue's "
            f"target of {q.queue_target:g}), and the autoscalers on queue or concurrency asked for more: "
            f"{', '.join(reacted) or 'none did'}. GPU busy time, {min(calm_busy, 1.0):.0%} in the minute before, "
            f"read {min(spike_busy, 1.0):.0%}: nothing an HPA could scale on. The difference in P99 TTFT, "
            f"{latency(util.ttft_p99)} for hpa-gpu-util against {latency(queue.ttft_p99)} for hpa-queue, is {why}.")


def _cold_start(result, by: dict, jump: int | None) -> str | None:
    fixed = by.get("fixed")
    scaled = [s for s in by.values() if s.policy not in ("fixed", "hpa-gpu-util")]
    if jump is None or fixed is None or not scaled:
        return None
    cold = result.cold_start_s
    late = [s for s in scaled if s.slo_minutes]
    if not late:
        return (f"A new replica serves {cold} s after it is asked for; this spike fitted in the warm capacity, "
                "so no autoscaler missed the SLO.")
    spans = []
    for s in late:
        bad = [m for m, p in enumerate(s.minute_p99) if p is not None and p > result.question.slo_ttft]
        spans.append(f"{s.policy} {s.slo_minutes} min ({_clock(bad[0] * 60)}-{_clock((bad[-1] + 1) * 60)})")
    cheapest = min(late, key=lambda s: s.cost)
    return (f"The cold start dominates the spike: a new replica serves {cold} s after it is asked for "
            f"({result.question.container_s:g} s to start the container, then {result.weight_gb:.0f} GB of weights at "
            f"{result.load_gb_s:.2f} GB/s). However fast the autoscalers asked, the spike's first {cold} s ran on the "
            f"replicas they had, and the backlog outlived the cold start: SLO-violation minutes {', '.join(spans)}. "
            f"Warm headroom avoids it: the fixed {fixed.peak_replicas}-replica fleet had {fixed.slo_minutes} for "
            f"${fixed.cost:.2f}, against ${cheapest.cost:.2f} for {cheapest.policy}. KPA's panic mode can only ask "
            "sooner; with a cold start of minutes it cannot start a pod sooner.")


def _zero(result) -> str | None:
    z = result.zero
    if z is None:
        return None
    saved = 1 - z.zero_gpu_hours / z.on_gpu_hours if z.on_gpu_hours else 0.0
    return (f"Scale to zero saves money and costs a cold start on first use: on {z.requests} requests in "
            f"{z.minutes:.0f} min, arriving in short bursts 15 min apart, KPA with scale to zero held "
            f"{z.zero_gpu_hours:.2f} GPU-hours (${z.zero_cost:.2f}) against {z.on_gpu_hours:.2f} (${z.on_cost:.2f}) "
            f"for one replica always on, {saved:.0%} less; its first request waited {latency(z.zero_first_ttft)} "
            f"(median {latency(z.zero_ttft_p50)} against {latency(z.on_ttft_p50)}): every burst found it at zero.")


def findings(result, rates, jump) -> list[str]:
    by = {s.policy: s for s in result.policies}
    q = result.question
    points = [_utilisation(by, jump, q), _reaction(by, jump, q), _cold_start(result, by, jump), _zero(result)]
    return [p for p in points if p]
