"""GPU presets: datasheet peaks, which measured calibration each one uses, and a price."""

from __future__ import annotations

from dataclasses import dataclass

from judge.errors import NoFp8, UnknownPreset


@dataclass(frozen=True)
class Gpu:
    name: str
    hbm_gb: float
    hbm_tb_s: float  # HBM bandwidth, TB/s
    bf16_tflops: float  # dense BF16, TFLOP/s
    source: str
    link_gb_s: float = 300.0  # NVLink, GB/s each way per GPU (half the datasheet's bidirectional figure)
    price_per_hour: float = 2.0  # $ per GPU-hour: a scenario input, not a fact
    price_source: str = ""
    fp8_tflops: float | None = None  # dense FP8 tensor cores; None: the GPU has none
    calibration: str = "h100"  # whose measured operator and all-reduce times fit it (fit.json)

    def peak_flops(self, compute_dtype: str) -> float:
        """FLOP/s of the dense tensor cores in ``compute_dtype``; raises NoFp8 on a GPU without FP8."""
        if compute_dtype == "fp8":
            if self.fp8_tflops is None:
                raise NoFp8(f"{self.name} has no FP8 tensor cores (Ampere); use --compute-dtype bf16 "
                            "or an H100/H200")
            return self.fp8_tflops * 1e12
        return self.bf16_tflops * 1e12


# Vendor datasheets (NVIDIA A100 80GB SXM, H100 SXM5, H200 SXM), dense (no sparsity) BF16 and
# FP8; NVLink 600 GB/s (A100) and 900 GB/s (H100, H200) bidirectional, so 300 and 450 each way.
# A100 has no FP8 tensor cores. H200 is the H100's compute die with HBM3e: it uses the H100's
# measured efficiencies and all-reduce tables with its own peaks.
# Prices: on-demand per-GPU rates of 8-GPU cloud instances as listed in mid-2025 (Lambda's
# public price list: A100 80GB SXM $1.79, H100 SXM $2.99; H200 from several neoclouds at
# about $3.80). They move month to month and differ by provider and commitment: they are
# scenario inputs, override them with --price gpu=$/h.
GPUS = {
    "a100-80gb": Gpu("A100 80GB SXM", 80, 2.039, 312, "NVIDIA A100 datasheet (2021)", 300, 1.79,
                     "Lambda on-demand list, 2025-06", None, "a100"),
    # The GPU of the vLLM paper and its launch blog: the same compute, 40 GB of HBM2 at 1.555 TB/s
    # (NVIDIA A100 datasheet); fitted with the A100 80GB's measured efficiencies. Not in the
    # planner's default search.
    "a100-40gb": Gpu("A100 40GB SXM", 40, 1.555, 312, "NVIDIA A100 datasheet (2021)", 300, 1.29,
                     "Lambda on-demand list, 2025-06 (approximate)", None, "a100"),
    "h100-sxm": Gpu("H100 SXM", 80, 3.35, 989, "NVIDIA H100 datasheet (2023)", 450, 2.99,
                    "Lambda on-demand list, 2025-06", 1979, "h100"),
    "h200": Gpu("H200 SXM", 141, 4.8, 989, "NVIDIA H200 datasheet (2024)", 450, 3.80,
                "neocloud on-demand rates, 2025-06 (approximate)", 1979, "h100"),
}
GPU_ALIASES = {"h100": "h100-sxm", "a100": "a100-80gb"}
PLANNED = ("a100-80gb", "h100-sxm", "h200")  # the planner's default search


def gpu(name: str) -> Gpu:
    try:
        return GPUS[GPU_ALIASES.get(name, name)]
    except KeyError:
        raise UnknownPreset(f"unknown GPU {name!r}; choose from {', '.join(GPUS)}") from None
