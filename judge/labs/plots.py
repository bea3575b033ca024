"""The labs' plots, drawn with the shared steps of ``judge.reporting.plot``."""

from __future__ import annotations

from pathlib import Path

from judge.labs.plan import pareto
from judge.reporting.plot import pyplot, save


def draw_tradeoff(runs: list, title: str, path: Path) -> Path:
    """Batching sweeps: P99 end-to-end latency against output tokens/s, one line per policy."""
    plt = pyplot()
    figure, axis = plt.subplots(figsize=(8, 5.5))
    for policy in dict.fromkeys(run.policy for run in runs):
        mine = [run for run in runs if run.policy == policy]
        axis.plot([r.tokens_per_s for r in mine], [r.e2e["p99"] for r in mine], marker="o", label=policy)
        for r in mine:
            axis.annotate(r.knob.split("=")[1], (r.tokens_per_s, r.e2e["p99"]), fontsize=7,
                          textcoords="offset points", xytext=(4, 4))
    axis.set(xlabel="output tokens/s", ylabel="P99 end-to-end latency (s)", yscale="log", title=title)
    axis.grid(True, which="both", alpha=0.3)
    axis.legend()
    return save(plt, figure, path)


def draw_frontier(outcomes: list, slo_ttft: float | None, slo_tpot: float | None, budget: float, title: str,
                  path: Path) -> Path:
    """``judge lab plan --plot``: cost against P99 TTFT and P99 TPOT for every simulated design,
    passing ones filled, with each metric's Pareto frontier as a staircase."""
    plt = pyplot()
    figure, axes = plt.subplots(1, 2, figsize=(12, 5))
    for axis, name, metric, limit in ((axes[0], "P99 TTFT (s)", lambda o: o.ttft_p99, slo_ttft),
                                      (axes[1], "P99 TPOT (s)", lambda o: o.tpot_p99, slo_tpot)):
        for meets, style in ((True, {"marker": "o", "color": "tab:green", "label": "meets the SLOs"}),
                             (False, {"marker": "x", "color": "tab:red", "label": "misses"})):
            points = [(o.cost_per_hour, metric(o)) for o in outcomes if o.meets == meets and metric(o) is not None]
            if points:
                axis.scatter(*zip(*points), s=18, alpha=0.6, **style)
        frontier = pareto(outcomes, metric)
        if frontier:
            axis.step([o.cost_per_hour for o in frontier], [metric(o) for o in frontier], where="post",
                      color="black", linewidth=1.5, label="Pareto frontier")
        if limit is not None:
            axis.axhline(limit, color="tab:blue", linestyle="--", linewidth=1, label="SLO")
        axis.axvline(budget, color="tab:orange", linestyle=":", linewidth=1, label="budget")
        axis.set(xlabel="cost ($/hour)", ylabel=name, yscale="log")
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.suptitle(title)
    return save(plt, figure, path)
