"""The labs' plots, drawn with the shared steps of ``judge.reporting.plot``."""

from __future__ import annotations

from pathlib import Path

from judge.labs.serving.plan import pareto
from judge.labs.serving.roofline_views import ridge
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


def draw_roofline(it, points: list, context: int, phase: str, path: Path) -> Path:
    """``judge lab roofline --plot``: time per token against tokens per iteration, log-log: the
    bandwidth ceiling (the weights read once per iteration, shared by its tokens: slope −1),
    the compute ceiling (a token's dense FLOPs at the peak: flat), the model's curve, its knee
    (where the layers' GEMMs turn compute-bound) and the ideal ridge."""
    import numpy as np

    plt = pyplot()
    top = max(8192, max(p.tokens for p in points))
    tokens = np.unique(np.geomspace(1, top, 200).astype(np.int64))
    curve = [it.point(int(t), context, phase) for t in tokens]
    m = it.model
    weights = (m.layer_params * m.layers + m.vocab * m.hidden) * it.weight_bytes
    bandwidth = weights / (it.tp * it.hbm) / tokens  # the weights read once, shared by the tokens
    compute = 2.0 * (m.layer_params * m.layers + m.vocab * m.hidden) / (it.tp * it.peak) * np.ones(tokens.size)
    figure, axis = plt.subplots(figsize=(8.5, 5.5))
    axis.plot(tokens, [p.total_s / p.tokens * 1e3 for p in curve], color="black", linewidth=2,
              label="calibrated model: total per token")
    axis.plot(tokens, [p.dense_s / p.tokens * 1e3 for p in curve], color="tab:gray", linestyle="-.",
              label="dense operators only")
    axis.plot(tokens, bandwidth * 1e3, color="tab:blue", linestyle="--", label="bandwidth ceiling: weights / HBM peak")
    axis.plot(tokens, compute * 1e3, color="tab:red", linestyle="--", label="compute ceiling: 2·params / FLOP peak")
    knee = it.knee()
    at = it.point(knee, context, phase)
    axis.axvline(knee, color="tab:orange", linestyle=":", linewidth=1.2)
    axis.annotate(f"knee: {knee} tokens", (knee, at.total_s / knee * 1e3), textcoords="offset points",
                  xytext=(8, 12), color="tab:orange")
    axis.axvline(ridge(it), color="tab:purple", linestyle=":", linewidth=1)
    axis.annotate(f"ideal ridge: {ridge(it):.0f}", (ridge(it), compute[0] * 1e3), textcoords="offset points",
                  xytext=(6, -14), color="tab:purple", fontsize=8)
    axis.scatter([p.tokens for p in points], [p.total_s / p.tokens * 1e3 for p in points], color="black", zorder=3,
                 s=18, label="--tokens")
    axis.set(xscale="log", yscale="log", xlabel=f"tokens per iteration ({phase}, context {context})",
             ylabel="ms per token",
             title=f"{m.name} on {it.tp}x {it.gpu.name} ({it.weight_dtype} weights): the roofline knee")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8)
    return save(plt, figure, path)
