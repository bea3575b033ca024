"""The deployment labs' plots, drawn with the shared steps of ``judge.reporting.plot``."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from judge.reporting.plot import pyplot, save


def draw_autoscale(result, rates: np.ndarray, path: Path) -> Path:
    """``judge lab autoscale --plot``: one panel per policy, replicas over time (holding GPUs and
    ready) on the left axis, P99 TTFT per minute on a log right axis, the SLO dashed, the traffic
    in grey."""
    plt = pyplot()
    policies = result.policies
    figure, axes = plt.subplots(len(policies), 1, figsize=(11, 2.6 * len(policies)), sharex=True, squeeze=False)
    minutes = np.arange(rates.size) / 60
    top = max(s.peak_replicas for s in policies) + 1
    worst = [p for s in policies for p in s.minute_p99 if p is not None]
    span = (max(min(worst, default=0.01) / 2, 1e-3), max(max(worst, default=1.0) * 2, result.question.slo_ttft * 2))
    for axis, s in zip(axes[:, 0], policies):
        scale = top / max(float(rates.max()), 1e-9)
        axis.fill_between(minutes, rates * scale, color="0.9", label="traffic (scaled)")
        axis.step(minutes, s.run.held, where="post", color="tab:blue", label="replicas (holding GPUs)")
        axis.step(minutes, s.run.ready, where="post", color="tab:blue", linestyle=":", label="replicas ready")
        axis.set(ylabel="replicas", ylim=(0, top))
        right = axis.twinx()
        p99 = np.array([np.nan if p is None else p for p in s.minute_p99], dtype=float)
        right.plot(np.arange(p99.size) + 0.5, np.clip(p99, 1e-3, None), color="tab:red", marker=".", label="P99 TTFT")
        right.axhline(result.question.slo_ttft, color="tab:red", linestyle="--", linewidth=0.8, label="SLO")
        right.set(yscale="log", ylabel="P99 TTFT (s)", ylim=span)
        axis.set_title(f"{s.policy}: {s.describe} — {s.slo_minutes} SLO-violation min, ${s.cost:.2f}", fontsize=9,
                       loc="left")
        lines = axis.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
        labels = axis.get_legend_handles_labels()[1] + right.get_legend_handles_labels()[1]
    axes[-1, 0].set_xlabel("minutes")
    figure.suptitle(f"{result.replica_label}; cold start {result.cold_start_s} s", fontsize=10)
    axes[0, 0].legend(lines, labels, fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.12), ncol=5, frameon=False)
    return save(plt, figure, path)


def draw_rollback(result, path: Path) -> Path:
    """``judge lab rollback --plot``: false rollbacks on healthy canaries against the traffic
    share (α dashed); detection against the regression's size at one share; median minutes to
    roll back against the share at the minimum detectable effect. One line per detector."""
    from judge.labs.deployment.rollback import DETECTORS, METRICS

    plt = pyplot()
    q, rows = result.question, result.rows
    figure, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    pick = lambda **w: [r for r in rows if all(getattr(r, k) == v for k, v in w.items())]  # noqa: E731
    mde = METRICS["errors"][4]
    for detector in DETECTORS:
        healthy = [pick(metric="errors", share=s, delta=0.0, detector=detector)[0] for s in q.shares]
        axes[0].errorbar([100 * s for s in q.shares], [r.rate for r in healthy], yerr=[2 * r.stderr for r in healthy],
                         marker="o", capsize=3, label=detector)
        regressed = [pick(metric="errors", share=q.share_for_metrics, delta=d, detector=detector)[0]
                     for d in METRICS["errors"][2]]
        axes[1].plot([100 * r.delta for r in regressed], [r.rate for r in regressed], marker="o", label=detector)
        timed = [pick(metric="errors", share=s, delta=mde, detector=detector)[0] for s in q.shares]
        points = [(100 * r.share, r.median_min) for r in timed if r.median_min is not None]
        if points:
            axes[2].plot(*zip(*points), marker="o", label=detector)
    axes[0].axhline(q.alpha, color="black", linestyle="--", linewidth=1, label=f"α = {q.alpha:g}")
    axes[0].set(xscale="log", yscale="log", xlabel="canary share of traffic (%)", ylabel="false rollback rate",
                title="healthy canaries (±2 standard errors)")
    axes[1].set(xlabel="regression: extra error rate (percentage points)",
                ylabel=f"rolled back within {q.intervals} min",
                title=f"error-rate regressions, {q.share_for_metrics:.0%} of traffic", ylim=(0, 1.02))
    axes[2].set(xscale="log", xlabel="canary share of traffic (%)", ylabel="median minutes to roll back",
                title=f"+{mde:.0%} errors: the share against time")
    shares = [100 * s for s in q.shares]
    for axis in (axes[0], axes[2]):
        axis.set_xticks(shares, [f"{s:g}" for s in shares])
        axis.minorticks_off()
    for axis in axes:
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.suptitle(f"{result.simulated:,} simulated canary rollouts", fontsize=10)
    return save(plt, figure, path)
