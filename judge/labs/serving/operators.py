"""The operators of one transformer layer on one GPU, and the time of each on a fitted GPU.

A layer under tensor parallelism TP (Megatron's split, as vLLM runs it) runs on each GPU:

- four GEMMs of M = tokens rows: QKV (K = hidden, N = (heads + 2·kv_heads)·head_dim / TP),
  output (K = heads·head_dim / TP, N = hidden), up (K = hidden, N = 2·intermediate / TP gated,
  intermediate / TP plain), down (K = intermediate / TP, N = hidden);
- five elementwise kernels: two RMS/layer norms, rotary embedding of Q and K, the MLP's
  activation, the residual add.

A GEMM moves its weights (K·N at the weight dtype) and its activations (M·K in, M·N out) and does
2·M·K·N FLOPs; its time on a GPU is

    fixed + max(FLOPs / (peak · compute_eff · M / (M + half_tokens)), bytes / (HBM · bandwidth_eff))

so compute efficiency rises with the token count (small M leaves tensor-core tiles idle) and
the slower of the two ceilings binds. An elementwise kernel takes ``fixed + bytes / (HBM · eff)``.
The six efficiencies of each GPU are fitted to measured operator times (judge/labs/serving/calibration.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from judge.labs.serving.models import Model


@dataclass(frozen=True)
class Fit:
    """One GPU's fitted efficiencies (judge/labs/data/calibration/fit.json)."""
    compute_eff: float  # GEMM FLOP/s as a fraction of the dense peak, at large M
    half_tokens: float  # the M at which a GEMM's compute efficiency is half of that
    bandwidth_eff: float  # GEMM bytes/s as a fraction of HBM bandwidth
    gemm_fixed_s: float  # per GEMM: launch and tail
    elementwise_eff: float  # elementwise bytes/s as a fraction of HBM bandwidth
    elementwise_fixed_s: float  # per elementwise kernel

    def as_vector(self) -> np.ndarray:
        return np.array([self.compute_eff, self.half_tokens, self.bandwidth_eff, self.gemm_fixed_s,
                         self.elementwise_eff, self.elementwise_fixed_s])


GEMMS = ("attn_pre_proj", "attn_post_proj", "mlp_up_proj", "mlp_down_proj")  # Vidur's names
ELEMENTWISE = ("input_layernorm", "post_attention_layernorm", "attn_rope", "mlp_act", "add")


def gemm_shapes(model: Model, tp: int) -> dict[str, tuple[int, int]]:
    """(K, N) of each GEMM on one GPU."""
    d, up = model.head_dim, (2 if model.gated else 1) * model.intermediate
    return {"attn_pre_proj": (model.hidden, (model.heads + 2 * model.kv_heads) * d // tp),
            "attn_post_proj": (model.heads * d // tp, model.hidden),
            "mlp_up_proj": (model.hidden, up // tp),
            "mlp_down_proj": (model.intermediate // tp, model.hidden)}


def elementwise_bytes(model: Model, tp: int, tokens: np.ndarray, act_bytes: float = 2.0,
                      norms: int = 2) -> dict[str, np.ndarray]:
    """Bytes each elementwise kernel moves for ``tokens`` rows (reads plus writes)."""
    m = tokens.astype(np.float64)
    qk = (model.heads + model.kv_heads) * model.head_dim / tp
    width = model.intermediate / tp
    out = {"input_layernorm": act_bytes * (2 * m * model.hidden + model.hidden),
           "attn_rope": act_bytes * 2 * m * qk,
           "mlp_act": act_bytes * (3 if model.gated else 2) * m * width,  # SiLU-and-mul reads two halves
           "add": act_bytes * 3 * m * model.hidden}
    if norms == 2:
        out["post_attention_layernorm"] = out["input_layernorm"]
    return out


# Weight-only quantised GEMMs (int4, or fp8 weights multiplied in bf16) run kernels built for
# small M: Marlin (Frantar et al., 2024, arXiv:2408.11743) keeps near-ideal 4x speed-ups over
# fp16 up to 16-32 tokens. Their compute penalty is capped at that tile, not the fp16 fit's knee.
WEIGHT_ONLY_TILE = 16.0


def gemm_time(fit: Fit, peak_flops: float, hbm: float, tokens: np.ndarray, k, n, weight_bytes: float = 2.0,
              act_bytes: float = 2.0, weight_only: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(seconds, compute-bound?) of an M×K by K×N GEMM for each M in ``tokens``."""
    m = tokens.astype(np.float64)
    flops = 2.0 * m * k * n
    moved = weight_bytes * k * n + act_bytes * m * (k + n)
    half = min(fit.half_tokens, WEIGHT_ONLY_TILE) if weight_only else fit.half_tokens
    compute = flops / (peak_flops * fit.compute_eff) * (1.0 + half / np.maximum(m, 1.0))
    bandwidth = moved / (hbm * fit.bandwidth_eff)
    return fit.gemm_fixed_s + np.maximum(compute, bandwidth), compute > bandwidth


def elementwise_time(fit: Fit, hbm: float, moved: np.ndarray) -> np.ndarray:
    return fit.elementwise_fixed_s + moved / (hbm * fit.elementwise_eff)


def layer_times(fit: Fit, peak_flops: float, hbm: float, model: Model, tp: int, tokens: np.ndarray,
                weight_bytes: float = 2.0, act_bytes: float = 2.0, norms: int = 2,
                weight_only: bool = False) -> dict[str, np.ndarray]:
    """Seconds of each operator of one layer on one GPU, per token count; plus ``compute_s`` and
    ``bandwidth_s``: the GEMMs' two ceilings summed, to say which binds."""
    times, compute_s, bandwidth_s = {}, np.zeros(tokens.shape), np.zeros(tokens.shape)
    for name, (k, n) in gemm_shapes(model, tp).items():
        t, bound = gemm_time(fit, peak_flops, hbm, tokens, k, n, weight_bytes, act_bytes, weight_only)
        times[name] = t
        compute_s += np.where(bound, t, 0.0)
        bandwidth_s += np.where(bound, 0.0, t)
    for name, moved in elementwise_bytes(model, tp, tokens, act_bytes, norms).items():
        times[name] = elementwise_time(fit, hbm, moved)
        bandwidth_s += times[name]
    times["compute_s"], times["bandwidth_s"] = compute_s, bandwidth_s
    return times


