"""What every serving lab derives from a model, a GPU and TP: KV capacity and iteration time.

- ``kv_blocks`` is the one KV-capacity formula: the batching lab, the planner and the
  roofline lab all call it.
- ``iteration_model`` is the calibrated iteration-time model (judge/labs/serving/roofline.py), and
  ``kernel_roof`` the same model in the form the batching kernels read (solutions/_cost.py).
- ``derive`` gives the batching lab both, plus a linear view ``c0 + c1·tokens + c2·ctx`` of the
  model for display and for the judged problems' cost mode.
- ``capacity`` bounds a replica's saturated throughput, for the planner's pruning.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from judge.errors import InfeasibleShape, UnknownPreset  # noqa: F401  (UnknownPreset re-exported)
from judge.labs.serving.gpus import GPU_ALIASES, GPUS, PLANNED, Gpu, gpu  # noqa: F401  (re-exported)
from judge.labs.serving.models import Model
from judge.labs.serving.roofline import IterationModel
from solutions import _cost

# -- a replica shape and its memory -----------------------------------------------------------

@dataclass(frozen=True)
class Efficiency:
    """The stated assumptions left once the operators are calibrated (each overridable)."""
    overhead_s: float = 0.002  # per iteration: scheduling, sampling, the CPU side
    memory_utilization: float = 0.9  # vLLM's gpu_memory_utilization
    reserve_gb: float = 2.0  # per GPU, activations and CUDA graphs: the working reserve


@dataclass(frozen=True)
class Shape:
    """One replica: a model on TP GPUs of one kind, with weight, KV and compute dtypes."""
    model: Model
    gpu: Gpu
    tp: int
    weight_dtype: str = "fp16"
    kv_dtype: str = "fp16"
    block_size: int = 16
    compute_dtype: str = "bf16"

    def label(self) -> str:
        compute = ", FP8 compute" if self.compute_dtype == "fp8" else ""
        return f"{self.tp}x {self.gpu.name}, weights {self.weight_dtype}, KV {self.kv_dtype}{compute}"


def kv_blocks(shape: Shape, eff: Efficiency = Efficiency()) -> int:
    """(TP · HBM · utilisation − weights − TP · reserve) / (block_size · KV bytes per token), floored.

    Raises InfeasibleShape naming the shortfall when the weights and reserve do not fit."""
    weights = shape.model.weight_bytes(shape.weight_dtype)
    usable = shape.tp * shape.gpu.hbm_gb * 1e9 * eff.memory_utilization
    reserve = shape.tp * eff.reserve_gb * 1e9
    free = usable - weights - reserve
    per_block = shape.block_size * shape.model.kv_bytes_per_token(shape.kv_dtype)
    if free < per_block:
        total = shape.tp * shape.gpu.hbm_gb
        if weights > total * 1e9:
            why = f"{weights / 1e9:.0f} GB of weights > {total:.0f} GB"
        else:
            why = (f"{weights / 1e9:.0f} GB of weights + {reserve / 1e9:.0f} GB reserve leave no KV cache in "
                   f"{usable / 1e9:.0f} GB usable ({eff.memory_utilization:.0%} of {total:.0f} GB)")
        raise InfeasibleShape(f"TP={shape.tp}: {why} on {shape.tp}x {shape.gpu.name} ({shape.weight_dtype} weights)")
    return int(free // per_block)


# -- iteration time ------------------------------------------------------------------------------

def iteration_model(shape: Shape, eff: Efficiency = Efficiency()) -> IterationModel:
    return IterationModel(shape.model, shape.gpu, shape.tp, shape.weight_dtype, shape.kv_dtype, shape.compute_dtype,
                          eff.overhead_s)


def kernel_roof(shape: Shape, eff: Efficiency = Efficiency(), max_tokens: int = 8192, max_seqs: int = 512,
                model: IterationModel | None = None) -> np.ndarray:
    """The calibrated model as the batching kernels read it (solutions/_cost.py)."""
    return (model or iteration_model(shape, eff)).kernel_roof(max_tokens, max_seqs)


def iteration_time(roof: np.ndarray, new: list[int], held: list[int]) -> float:
    """One iteration in Python, the kernels' arithmetic: sequence k computes new[k] on top of held[k]."""
    return _cost.iteration_time(roof, new, held)


@dataclass(frozen=True)
class Capacity:
    requests_per_s: float  # an upper bound on a replica's throughput
    batch: int  # sequences decoding at once at saturation
    binding: str  # memory (KV blocks cap the batch), compute or bandwidth
    compute_s: float  # per request: the compute-bound share of its time
    memory_s: float  # per request: the bandwidth-bound share


def capacity(shape: Shape, roof: np.ndarray, num_blocks: int, max_num_seqs: int, prompt: np.ndarray,
             output: np.ndarray, knee: int, max_num_batched_tokens: int = 8192) -> Capacity:
    """A replica's saturated throughput from the iteration model alone, with no queueing.

    At saturation B sequences decode at once (max_num_seqs, or fewer if the KV blocks hold fewer
    mean-sized sequences) and prompts ride along in the same iterations. Per request of P prompt
    and O output tokens: O/B decode iterations of B tokens, batch_time(B, B) each; its P prompt
    tokens at the marginal cost of a token in a full iteration (the token table's slope near
    max_num_batched_tokens); its own attention, prefill over P(P+1)/2 pairs and O − 1 decode
    steps at a mean context of P + O/2. The decode part is compute-bound when B reaches the
    knee, the prompt part always is."""
    p = prompt.astype(np.float64)
    o = output.astype(np.float64)
    mean_held = float(np.mean(p + o / 2))
    kv_batch = int(num_blocks * shape.block_size // max(mean_held, 1.0))
    batch = max(1, min(max_num_seqs, kv_batch))
    top = max(max_num_batched_tokens, 2)
    per_prompt_token = (_cost.batch_time(roof, top, 0) - _cost.batch_time(roof, top // 2, 0)) / (top - top // 2)
    decode = float(np.mean(o)) / batch * _cost.batch_time(roof, batch, batch)
    per_pair, per_ctx = roof[_cost.PER_PAIR], roof[_cost.PER_CTX]
    attention = np.maximum(p * (p + 1) / 2 * per_pair, p * per_ctx) \
        + np.maximum(o - 1, 0) * np.maximum((p + o / 2) * per_pair, (p + o / 2) * per_ctx)
    compute = float(np.mean(p)) * per_prompt_token + (decode if batch >= knee else 0.0)
    memory = decode if batch < knee else 0.0
    per_request = compute + memory + float(np.mean(attention))
    binding = "memory" if kv_batch < max_num_seqs else ("compute" if compute >= memory else "bandwidth")
    return Capacity(1.0 / per_request, batch, binding, compute, memory)


# -- the batching lab's constants -------------------------------------------------------------------

@dataclass(frozen=True)
class EngineConstants:
    c0: float  # the linear view: one decode step at batch 1, no context
    c1: float  # seconds per token computed, at large batches
    c2: float  # seconds per context token read
    num_blocks: int
    block_size: int
    derivation: str
    roof: np.ndarray | None = None  # the calibrated model; None runs the linear view (cost mode 0)


def derive(model: Model, device: Gpu, tp: int, block_size: int = 16, weight_dtype: str = "fp16",
           kv_dtype: str = "fp16", compute_dtype: str = "bf16", eff: Efficiency = Efficiency(),
           max_tokens: int = 8192, max_seqs: int = 512) -> EngineConstants:
    """KV blocks by ``kv_blocks`` and iteration time by the calibrated model, for the batching lab.

    Raises InfeasibleShape when the weights do not fit, NoFp8 for FP8 compute on A100."""
    shape = Shape(model, device, tp, weight_dtype, kv_dtype, block_size, compute_dtype)
    blocks = kv_blocks(shape, eff)
    it = iteration_model(shape, eff)
    roof = it.kernel_roof(max_tokens, max_seqs)
    c0 = _cost.batch_time(roof, 1, 1)
    half = max_tokens // 2
    c1 = (_cost.batch_time(roof, max_tokens, 0) - _cost.batch_time(roof, half, 0)) / (max_tokens - half)
    c2 = float(roof[_cost.PER_CTX])
    derivation = (
        f"{model.name} on {shape.label()}: calibrated iteration time (judge lab roofline), e.g. a decode step at "
        f"batch 1 {c0 * 1e3:.2f} ms, {c1 * 1e6:.1f} µs per token at large batches, {c2 * 1e9:.2f} ns per context "
        f"token; knee at {it.knee()} tokens; {blocks:,} KV blocks of {block_size} tokens"
    )
    return EngineConstants(c0, c1, c2, blocks, block_size, derivation, roof)
