"""``judge lab roofline``: the iteration-time model as a table, JSON and a roofline plot.

Built here, printed by the CLI; the plot is judge/plot.py's ``draw_roofline``.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.labs.serving import calibration, roofline
from judge.labs.serving.roofline import IterationModel, Point


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
        f"prefill attention at {it.prefill_eff:.0%} of peak "
        f"({roofline.ATTENTION_SOURCES[(it.gpu.calibration, it.compute_dtype)]}).",
        fit_band() + "; docs/serving-model.md.",
    ]
    return Group(head, Text(""), table, *[Text("• " + n) for n in notes])
