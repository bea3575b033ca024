"""The iteration-time model every serving lab uses: calibrated GEMMs, attention, all-reduce, overhead.

One iteration of a replica (a model on TP GPUs) that computes ``tokens`` new tokens for ``seqs``
sequences, sequence k computing n_k new tokens on top of c_k it holds, takes

    dense_s     = layers · Σ operators(tokens) + LM head(seqs)          judge/labs/serving/operators.py
    attention_s = layers · (fixed + KV write + Σ_k max(FLOPs_k / (peak · η_prefill),
                                                       KV bytes_k / (HBM · η_decode)))
    allreduce_s = 2 · layers · all-reduce(tokens · hidden · 2 B)       measured tables, interpolated
    total_s     = dense_s + attention_s + allreduce_s + overhead_s

with FLOPs_k = 4 · heads/TP · head_dim · (n_k·c_k + n_k(n_k+1)/2) (QKᵀ and PV over the causal
pairs) and KV bytes_k = 2 · kv_heads/TP · head_dim · (c_k + n_k) · KV dtype bytes. The operator
efficiencies are fitted per GPU (calibration.py); the attention efficiencies are published
kernel measurements (ATTENTION_SOURCES, docs/serving-model.md). Nothing overlaps: the sum is
what one CUDA stream does. ``kernel_roof()`` packs the same model into the array the batching
kernels read (solutions/_cost.py), so the labs and this module cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from judge.labs.serving import calibration, operators
from judge.labs.serving.gpus import Gpu
from judge.labs.serving.models import DTYPE_BYTES, WEIGHT_BYTES, Model, UnknownPreset
from judge.labs.serving.operators import Fit
from solutions import _cost

COMPUTE_DTYPES = ("bf16", "fp8")
MIN_TABLE_TOKENS = 8192
# Prefill (compute-bound) attention: the fraction of the dense peak the kernel reaches.
PREFILL_EFFICIENCY = {("a100", "bf16"): 0.50, ("h100", "bf16"): 0.35, ("h100", "fp8"): 0.60}
ATTENTION_SOURCES = {
    ("a100", "bf16"): "FlashAttention-2 (Dao, 2023, arXiv:2307.08691): forward pass at 50-73% of A100 peak; "
                      "the low end, for serving's short prompts",
    ("h100", "bf16"): "FlashAttention-3 (Shah et al., 2024, arXiv:2407.08608): FlashAttention-2, the kernel "
                      "vLLM ran on Hopper, reaches 35% of H100 peak",
    ("h100", "fp8"): "FlashAttention-3 (2024): FP8 forward close to 1.2 PFLOP/s, 60% of the 1,979 TFLOP/s peak",
}
DECODE_SOURCE = ("decode attention streams the KV cache at the fitted GEMM bandwidth efficiency; FlashInfer "
                 "(blog, 2024-02-02) measures close to 100% of HBM bandwidth for long sequences, so this is "
                 "the conservative side")


@dataclass(frozen=True)
class Point:
    """One iteration's predicted time, by part (seconds), and what binds it."""
    tokens: int
    seqs: int
    context: int
    dense_s: float
    attention_s: float
    allreduce_s: float
    overhead_s: float
    total_s: float
    binds: str  # compute or bandwidth: which ceiling the dense GEMMs hit
    flops: float  # useful FLOPs of the iteration, all GPUs
    bytes: float  # HBM bytes moved, all GPUs

    @property
    def flops_per_s(self) -> float:
        return self.flops / self.total_s

    @property
    def bytes_per_s(self) -> float:
        return self.bytes / self.total_s


class IterationModel:
    """The calibrated model of one replica shape. ``shape`` has model, gpu, tp, weight_dtype,
    kv_dtype and compute_dtype (engine.Shape)."""

    def __init__(self, model: Model, gpu: Gpu, tp: int, weight_dtype: str = "fp16", kv_dtype: str = "fp16",
                 compute_dtype: str = "bf16", overhead_s: float = 0.002, data: dict[str, Any] | None = None):
        data = data or calibration.stored()
        self.model, self.gpu, self.tp = model, gpu, tp
        self.weight_dtype, self.kv_dtype, self.compute_dtype = weight_dtype, kv_dtype, compute_dtype
        self.overhead_s = overhead_s
        self.fit: Fit = calibration.fit_for(gpu.calibration, data)
        self.peak = gpu.peak_flops(compute_dtype)  # raises NoFp8 on A100
        self.hbm = gpu.hbm_tb_s * 1e12
        self.act_bytes = 1.0 if compute_dtype == "fp8" else 2.0  # W8A8: activations in FP8 too
        if compute_dtype == "fp8" and weight_dtype != "fp8":
            raise UnknownPreset(f"FP8 compute multiplies FP8 weights, not {weight_dtype}; pass weight dtype fp8")
        self.weight_bytes = WEIGHT_BYTES[weight_dtype]
        self.weight_only = WEIGHT_BYTES[weight_dtype] < self.act_bytes  # int4, or fp8 weights in bf16 GEMMs
        self.kv_bytes = DTYPE_BYTES[kv_dtype]
        self.knots = np.asarray(data["allreduce_knots"][gpu.calibration][str(tp)]) if tp > 1 else None
        self.prefill_eff = PREFILL_EFFICIENCY[(gpu.calibration, compute_dtype)]
        m = model
        self.pair_s = m.layers * 4 * (m.heads / tp) * m.head_dim / (self.peak * self.prefill_eff)
        self.kv_per_token = 2 * (m.kv_heads / tp) * m.head_dim * self.kv_bytes  # one layer, one GPU
        self.ctx_s = m.layers * self.kv_per_token / (self.hbm * self.fit.bandwidth_eff)
        self.attention_fixed_s = m.layers * (self.fit.gemm_fixed_s + self.fit.elementwise_fixed_s)
        self.kv_write_s = m.layers * self.kv_per_token / (self.hbm * self.fit.elementwise_eff)

    # -- parts ------------------------------------------------------------------------------------

    def layers_s(self, tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every layer's dense operators, and whether their GEMMs are compute-bound, per token count."""
        times = operators.layer_times(self.fit, self.peak, self.hbm, self.model, self.tp, tokens,
                                      self.weight_bytes, self.act_bytes, weight_only=self.weight_only)
        dense = sum(times[name] for name in operators.GEMMS + operators.ELEMENTWISE)
        return self.model.layers * dense, times["compute_s"] > times["bandwidth_s"]

    def head_s(self, seqs: np.ndarray) -> np.ndarray:
        """The final norm and the LM head, on the last token of each sequence (vocab split over TP)."""
        m = self.model
        t, _ = operators.gemm_time(self.fit, self.peak, self.hbm, seqs, m.hidden, m.vocab // self.tp,
                                   self.weight_bytes, self.act_bytes, self.weight_only)
        norm = operators.elementwise_time(self.fit, self.hbm, self.act_bytes * 2 * seqs.astype(np.float64) * m.hidden)
        return np.where(seqs > 0, t + norm, 0.0)

    def allreduce_s(self, tokens: np.ndarray) -> np.ndarray:
        if self.knots is None:
            return np.zeros(np.shape(tokens))
        size = np.asarray(tokens, np.float64) * self.model.hidden * 2.0  # bf16 activations
        return np.where(np.asarray(tokens) > 0, 2 * self.model.layers * calibration.interpolate(self.knots, size), 0.0)

    def attention_s(self, new: np.ndarray, held: np.ndarray) -> float:
        """Sequences computing ``new`` tokens on top of ``held``: the attention kernels, KV writes included."""
        new, held = np.asarray(new, np.float64), np.asarray(held, np.float64)
        if new.size == 0:
            return 0.0
        pairs = new * held + new * (new + 1) / 2
        per_seq = np.maximum(pairs * self.pair_s, (held + new) * self.ctx_s)
        return float(self.attention_fixed_s + np.sum(new) * self.kv_write_s + np.sum(per_seq))

    # -- one iteration ------------------------------------------------------------------------------

    def point(self, tokens: int, context: int, phase: str = "decode") -> Point:
        """``decode``: ``tokens`` sequences each holding ``context`` tokens compute one each.
        ``prefill``: one sequence computes ``tokens`` new tokens after ``context`` held ones."""
        if phase == "decode":
            seqs, new, held = tokens, np.ones(tokens), np.full(tokens, context)
        else:
            seqs, new, held = 1, np.array([tokens]), np.array([context])
        t = np.array([tokens])
        layers, compute_bound = self.layers_s(t)
        dense = float(layers[0] + self.head_s(np.array([seqs]))[0])
        attention = self.attention_s(new, held)
        allreduce = float(self.allreduce_s(t)[0])
        total = dense + attention + allreduce + self.overhead_s
        m = self.model
        pairs = float(np.sum(new * held + new * (new + 1) / 2))
        flops = (2.0 * m.layer_params * m.layers * tokens + 2.0 * m.hidden * m.vocab * seqs
                 + 4 * m.layers * m.heads * m.head_dim * pairs)
        moved = (m.layer_params * m.layers + m.vocab * m.hidden) * self.weight_bytes \
            + m.layers * self.kv_per_token * self.tp * float(np.sum(held + new))
        return Point(tokens, seqs, context, dense, attention, allreduce, self.overhead_s, total,
                     "compute" if bool(compute_bound[0]) else "bandwidth", flops, moved)

    def knee(self, limit: int = 65536) -> int:
        """The smallest token count at which the layers' GEMMs are compute-bound (the roofline knee)."""
        tokens = np.arange(1, limit + 1)
        bound = self.layers_s(tokens)[1]
        return int(tokens[np.argmax(bound)]) if bound.any() else limit + 1

    # -- the kernels' form --------------------------------------------------------------------------

    def kernel_roof(self, max_tokens: int, max_seqs: int) -> np.ndarray:
        """The array solutions/_cost.py reads: the token table up to ``max_tokens`` (8,192 at least,
        so that past its end, where it carries on linearly, the GEMMs are compute-bound) and the
        sequence table up to ``max_seqs``."""
        tokens = np.arange(max(max_tokens, MIN_TABLE_TOKENS) + 1)
        seqs = np.arange(max_seqs + 1)
        layers, _ = self.layers_s(tokens)
        per_tokens = np.where(tokens > 0, layers + self.allreduce_s(tokens) + tokens * self.kv_write_s, 0.0)
        per_seqs = self.head_s(seqs)
        return _cost.pack(self.overhead_s + self.attention_fixed_s, self.pair_s, self.ctx_s, per_tokens, per_seqs)
