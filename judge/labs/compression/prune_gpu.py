"""``judge lab prune``, the GPU side: the same layer on an H100, modelled through the calibrated roofline.

A BF16 layer of ``out × in`` weights times ``batch`` tokens, each format's time

    fixed + max(compute, bandwidth)          (judge/labs/serving/operators.py's GEMM model)

with the GPU's efficiencies fitted to Vidur's measured GEMMs (judge/labs/serving/calibration.py):

- **dense**: ``operators.gemm_time``, as every serving lab runs it;
- **rows removed**: the same call with ``⌈(1 − s)·out⌉`` output rows: a smaller dense GEMM;
- **2:4 on sparse tensor cores**: half the math at the dense efficiency, so up to 2× (NVIDIA:
  the Sparse Tensor Core skips the zeros "to achieve twice the throughput of a regular Tensor
  Core", A100 whitepaper 2020 and the cuSPARSELt blog; the H100 datasheet's sparse peaks are
  2× its dense ones), capped at the 1.7× that measured kernels reach (torchao's sparsity
  README: "up to 1.7x" on A100 through cuSPARSELt); weights read as half the values plus the
  metadata, a 2-bit index per kept value (NVIDIA's compressed format), 0.5625× the dense bytes;
- **unstructured, CSR**: no tensor-core help. Values (2 B) and int32 column indices (4 B) per
  kept weight, row pointers, activations in and out, read at the fitted bandwidth efficiency
  (the coalesced best case); the multiply-adds on the FP32 CUDA cores at 27% of their peak,
  what the best published CSR SpMM kernels reach (Sputnik: Gale et al., 2020,
  arXiv:2006.10901, "27% of single-precision peak on Nvidia V100 GPUs").
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from judge.labs.serving import calibration, operators
from judge.labs.serving.gpus import Gpu

SPARSE_MATH = 2.0  # NVIDIA: 2:4 doubles tensor-core math throughput
SPARSE_MEASURED_CAP = 1.7  # torchao: measured 2:4 GEMM speed-ups reach up to 1.7x
METADATA_BITS = 2  # NVIDIA's compressed 2:4 format: a 2-bit index per kept value
CSR_COMPUTE_EFFICIENCY = 0.27  # Gale et al. 2020: best CSR SpMM kernels, 27% of FP32 peak
# FP32 CUDA-core (non-tensor) peaks, vendor datasheets (TFLOP/s).
FP32_TFLOPS = {"A100 80GB SXM": 19.5, "A100 40GB SXM": 19.5, "H100 SXM": 67.0, "H200 SXM": 67.0}
SOURCES = {
    "2:4": "NVIDIA A100 whitepaper (2020) and cuSPARSELt blog: 2x math, half-size values + 2-bit metadata; "
           "torchao sparsity README: measured up to 1.7x",
    "csr": "Gale et al. 2020 (Sputnik, arXiv:2006.10901): CSR SpMM at 27% of FP32 peak; no tensor cores",
}


@dataclass(frozen=True)
class Modelled:
    format: str
    sparsity: float
    seconds: float
    speedup: float
    bytes: float  # weight bytes read
    binds: str  # compute or bandwidth


class LayerModel:
    def __init__(self, gpu: Gpu, out_features: int, in_features: int, batch: int):
        self.gpu, self.out, self.inp, self.batch = gpu, out_features, in_features, batch
        self.fit = calibration.fit_for(gpu.calibration)
        self.peak = gpu.peak_flops("bf16")
        self.hbm = gpu.hbm_tb_s * 1e12
        self.fp32 = FP32_TFLOPS[gpu.name] * 1e12

    def _gemm(self, n: int) -> tuple[float, bool]:
        t, compute_bound = operators.gemm_time(self.fit, self.peak, self.hbm, np.array([self.batch]), self.inp, n)
        return float(t[0]), bool(compute_bound[0])

    def dense(self) -> Modelled:
        t, bound = self._gemm(self.out)
        return Modelled("dense", 0.0, t, 1.0, 2.0 * self.out * self.inp, "compute" if bound else "bandwidth")

    def rows(self, sparsity: float) -> Modelled:
        kept = math.ceil((1 - sparsity) * self.out)
        t, bound = self._gemm(kept)
        return self._vs(Modelled("rows-dense", sparsity, t, 0.0, 2.0 * kept * self.inp,
                                 "compute" if bound else "bandwidth"))

    def two_four(self) -> Modelled:
        m, k, n, fit = float(self.batch), self.inp, self.out, self.fit
        dense_compute = 2.0 * m * k * n / (self.peak * fit.compute_eff) * (1.0 + fit.half_tokens / max(m, 1.0))
        compute = dense_compute / min(SPARSE_MATH, SPARSE_MEASURED_CAP)
        weights = k * n / 2 * (2.0 + METADATA_BITS / 8)
        bandwidth = (weights + 2.0 * m * (k + n)) / (self.hbm * fit.bandwidth_eff)
        return self._vs(Modelled("2:4-sparse-tc", 0.5, fit.gemm_fixed_s + max(compute, bandwidth), 0.0, weights,
                                 "compute" if compute > bandwidth else "bandwidth"))

    def csr(self, sparsity: float) -> Modelled:
        nnz = math.ceil((1 - sparsity) * self.out * self.inp)
        weights = nnz * (2.0 + 4.0) + (self.out + 1) * 4.0
        compute = 2.0 * nnz * self.batch / (self.fp32 * CSR_COMPUTE_EFFICIENCY)
        bandwidth = (weights + 2.0 * self.batch * (self.inp + self.out)) / (self.hbm * self.fit.bandwidth_eff)
        return self._vs(Modelled("csr", sparsity, self.fit.gemm_fixed_s + max(compute, bandwidth), 0.0, weights,
                                 "compute" if compute > bandwidth else "bandwidth"))

    def _vs(self, m: Modelled) -> Modelled:
        return Modelled(m.format, m.sparsity, m.seconds, self.dense().seconds / m.seconds, m.bytes, m.binds)

    def csr_break_even(self) -> float | None:
        """The lowest sparsity (to 0.1%) at which the modelled CSR kernel beats dense."""
        dense = self.dense().seconds
        for permille in range(0, 1000):
            if self.csr(permille / 1000).seconds < dense:
                return permille / 1000
        return None


def model(gpu: Gpu, out_features: int, in_features: int, batch: int, sparsities: tuple[float, ...]) -> list[Modelled]:
    layer = LayerModel(gpu, out_features, in_features, batch)
    return ([layer.dense()] + [layer.csr(s) for s in sparsities] + [layer.two_four()]
            + [layer.rows(s) for s in sparsities])


def break_evens(gpu: Gpu, out_features: int, in_features: int, batches: tuple[int, ...]) -> dict[int, float | None]:
    """The modelled CSR break-even sparsity at each batch size: where irregular access stops costing more."""
    return {b: LayerModel(gpu, out_features, in_features, b).csr_break_even() for b in batches}


def to_json(rows: list[Modelled], evens: dict[int, float | None], gpu: Gpu) -> dict:
    return {"gpu": gpu.name, "rows": [asdict(r) for r in rows],
            "csr_break_even_by_batch": {str(b): s for b, s in evens.items()}, "sources": SOURCES}
