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
