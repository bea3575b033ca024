"""The engine's iteration-time constants, derived from a model and a GPU by a roofline.

An iteration takes ``c0 + c1·tokens + c2·context``: c0 reads the weights once (plus a
fixed overhead), c1 is the matmul work per token computed, c2 reads one token's KV
cache. Efficiencies (MFU, MBU) are stated assumptions, overridable.
"""

from __future__ import annotations

from dataclasses import dataclass

from judge.labs.models import DTYPE_BYTES, Model, UnknownPreset


@dataclass(frozen=True)
class Gpu:
    name: str
    hbm_gb: float
    hbm_tb_s: float  # HBM bandwidth, TB/s
    bf16_tflops: float  # dense BF16, TFLOP/s
    source: str


# Vendor datasheets (NVIDIA A100 80GB SXM, H100 SXM5, H200 SXM), dense (no sparsity) BF16.
GPUS = {
    "a100-80gb": Gpu("A100 80GB SXM", 80, 2.039, 312, "NVIDIA A100 datasheet (2021)"),
    "h100-sxm": Gpu("H100 SXM", 80, 3.35, 989, "NVIDIA H100 datasheet (2023)"),
    "h200": Gpu("H200 SXM", 141, 4.8, 989, "NVIDIA H200 datasheet (2024)"),
}


def gpu(name: str) -> Gpu:
    try:
        return GPUS[name]
    except KeyError:
        raise UnknownPreset(f"unknown GPU {name!r}; choose from {', '.join(GPUS)}") from None


@dataclass(frozen=True)
class EngineConstants:
    c0: float
    c1: float
    c2: float
    num_blocks: int
    block_size: int
    derivation: str


def derive(model: Model, device: Gpu, tp: int, block_size: int = 16, weight_dtype: str = "fp16",
           kv_dtype: str = "fp16", mfu: float = 0.5, mbu: float = 0.7, overhead_s: float = 0.002,
           memory_utilization: float = 0.9) -> EngineConstants:
    weight_bytes = model.params_b * 1e9 * DTYPE_BYTES[weight_dtype]
    bandwidth = tp * device.hbm_tb_s * 1e12 * mbu
    c0 = weight_bytes / bandwidth + overhead_s
    c1 = 2 * model.params_b * 1e9 / (tp * device.bf16_tflops * 1e12 * mfu)
    kv_per_token = model.kv_bytes_per_token(kv_dtype)
    c2 = kv_per_token / bandwidth
    free = tp * device.hbm_gb * 1e9 * memory_utilization - weight_bytes
    if free <= 0:
        raise ValueError(
            f"TP={tp}: {weight_bytes / 1e9:.0f} GB of weights > {tp * device.hbm_gb * memory_utilization:.0f} GB "
            f"usable on {tp}x {device.name}; raise --tp or quantise the weights"
        )
    num_blocks = int(free // (block_size * kv_per_token))
    derivation = (
        f"{model.name} on {tp}x {device.name}: c0 = weights/bandwidth + {overhead_s * 1e3:g} ms = {c0 * 1e3:.2f} ms; "
        f"c1 = 2·params/(TP·peak·MFU {mfu:g}) = {c1 * 1e6:.3f} µs/token; "
        f"c2 = KV bytes/token/(TP·HBM·MBU {mbu:g}) = {c2 * 1e9:.2f} ns per context token; "
        f"{num_blocks:,} blocks of {block_size} tokens"
    )
    return EngineConstants(c0, c1, c2, num_blocks, block_size, derivation)
