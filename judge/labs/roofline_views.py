"""``judge lab roofline``: the iteration-time model as a table, JSON and a roofline plot.

Built here, printed by the CLI. The plot draws time per token against the token count, log-log:
the bandwidth ceiling (the weights read once per iteration, shared by its tokens: a line of
slope −1), the compute ceiling (the dense FLOPs of one token at the peak: flat), the model's
curve and its knee, where the layers' GEMMs turn compute-bound.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.labs import calibration, roofline
from judge.labs.roofline import IterationModel, Point


def _ms(seconds: float) -> str:
    ms = seconds * 1e3
    return f"{ms:,.0f}" if ms >= 1000 else f"{ms:.3g}"


def fit_band(data: dict[str, Any] | None = None) -> str:
    """One line: how far the fitted operators are from the measurements, for the GPU families."""
    data = data or calibration.stored()
    parts = []
    for g, e in data["dense_errors"].items():
        loo = max(v["median"] for v in e["leave_one_model_out"].values())
        parts.append(f"{g.upper()} median {e['all']['median']:.1%}, P90 {e['all']['p90']:.1%} "
                     f"(a model left out: median <= {loo:.1%})")
    return "dense_s per layer against Vidur's measured operator times: " + "; ".join(parts)


def ridge(it: IterationModel) -> float:
    """Tokens per iteration at which 2·params·N FLOPs take as long as reading the weights, at the peaks."""
    return it.peak * it.weight_bytes / (2.0 * it.hbm)


def points_json(it: IterationModel, points: list[Point], phase: str) -> dict[str, Any]:
    m = it.model
    return {
        "model": {"name": m.name, "layers": m.layers, "hidden": m.hidden, "heads": m.heads, "kv_heads": m.kv_heads,
                  "head_dim": m.head_dim, "intermediate": m.intermediate, "vocab": m.vocab, "gated": m.gated,
                  "params": m.params},
        "gpu": it.gpu.name, "tp": it.tp, "weight_dtype": it.weight_dtype, "kv_dtype": it.kv_dtype,
        "compute_dtype": it.compute_dtype, "phase": phase, "knee_tokens": it.knee(), "ideal_ridge_tokens": ridge(it),
        "efficiencies": {**asdict(it.fit), "prefill_attention": it.prefill_eff},
        "points": [{**asdict(p), "flops_per_s": p.flops_per_s, "bytes_per_s": p.bytes_per_s} for p in points],
        "fit_error": fit_band(),
    }


def roofline_view(it: IterationModel, points: list[Point], phase: str) -> RenderableType:
    m = it.model
    what = ("each of N sequences computes one token on top of C it holds" if phase == "decode"
            else "one sequence computes N tokens on top of C it holds")
    head = Text(f"{m.name} ({m.params / 1e9:.1f}B parameters, {m.layers} layers) on {it.tp}x {it.gpu.name}, weights "
                f"{it.weight_dtype}, KV {it.kv_dtype}, {it.compute_dtype} GEMMs. One iteration, {phase}: {what}.")
    context = points[0].context if points else 0
    table = Table(title=f"predicted iteration time (ms), context C = {context:,}, overhead "
                  f"{it.overhead_s * 1e3:g} ms in the total", title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1))
    for column in ("N", "dense", "attn", "allred", "total", "/token", "binds", "TFLOP/s", "TB/s"):
        table.add_column(column, justify="left" if column == "binds" else "right", no_wrap=True)
    for p in points:
        table.add_row(f"{p.tokens:,}", _ms(p.dense_s), _ms(p.attention_s), _ms(p.allreduce_s), _ms(p.total_s),
                      _ms(p.total_s / p.tokens), p.binds, f"{p.flops_per_s / 1e12:,.0f}", f"{p.bytes_per_s / 1e12:.2f}")
    peak = it.peak * it.tp
    notes = [
        f"The layers' GEMMs turn compute-bound at {it.knee():,} tokens per iteration (the knee): below it every "
        "iteration rereads all the weights for few tokens (bandwidth binds), above it the FLOPs do. The ideal "
        f"ridge, peak FLOP/s / HBM bytes/s, is at {ridge(it):.0f} tokens; small GEMMs leave tensor cores idle, "
        "so the measured knee comes earlier.",
        f"Peaks of the {it.tp} GPUs: {peak / 1e12:,.0f} TFLOP/s ({it.compute_dtype}), "
        f"{it.hbm * it.tp / 1e12:.1f} TB/s HBM. Fitted GEMM efficiency {it.fit.compute_eff:.0%} of peak at large N "
        f"(half of that at N = {it.fit.half_tokens:.0f}), {it.fit.bandwidth_eff:.0%} of HBM when streaming weights; "
        f"prefill attention at {it.prefill_eff:.0%} of peak ({roofline.ATTENTION_SOURCES[(it.gpu.calibration, it.compute_dtype)]}).",
        fit_band() + "; docs/serving-model.md.",
    ]
    return Group(head, Text(""), table, *[Text("• " + n) for n in notes])


def draw_roofline(it: IterationModel, points: list[Point], context: int, phase: str, path: Path) -> Path:
    """Time per token against tokens, with the compute and bandwidth ceilings and the knee."""
    from judge.plot import _pyplot, _save

    plt = _pyplot()
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
    return _save(plt, figure, path)
