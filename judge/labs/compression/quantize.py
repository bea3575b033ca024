"""``judge lab quantize``: what weight quantisation costs in quality, and what it buys in speed.

Three parts, all seeded, each measured on this machine except where it says *quoted*:

- **Error side.** A synthetic linear layer whose input activations have a few outlier channels,
  20-100× the rest (LLM.int8(): Dettmers et al., 2022, arXiv:2208.07339, section 4, finds
  outlier features in a handful of fixed dimensions, up to 20× the others; SmoothQuant: Xiao et
  al., 2023, arXiv:2211.10438, section 3, reports activation outliers about 100× most values,
  in fixed channels). Round to nearest (the ``weight-quantization`` problem's numba form),
  GPTQ (the ``gptq`` problem's numba form) and an AWQ-style activation-aware scale search (Lin
  et al., 2023, arXiv:2306.00978; mit-han-lab/llm-awq ``auto_scale.py``: s = mean|x|^α,
  α on a grid of 20, normalised by sqrt(max·min), the α with the least output error on the
  calibration tokens) quantise it at int8 and int4, one scale per row and in groups of 128. The
  figure is the relative output error ‖WX − ŴX‖² / ‖WX‖² on held-out tokens.
- **PTQ against QAT.** A small numpy MLP trained on a seeded Gaussian-mixture task; its test
  accuracy at fp32, after post-training quantisation of its weights, and after a few epochs of
  quantisation-aware training (fake-quantised weights in the forward pass, the straight-through
  estimator in the backward pass: the gradient of Q(W) taken as W's).
- **Speed side.** Through the calibrated roofline (judge/labs/serving/roofline.py): decode tokens/s of
  a 70B model with fp16, fp8 and int4 weights, the KV-cache capacity each frees, and the
  planner's cheapest design at each weight dtype for its default question (judge/labs/serving/plan.py).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from judge.errors import InfeasibleShape
from judge.labs.serving import engine, models
from judge.labs.serving import plan as lab_plan
from judge.labs.serving.roofline import IterationModel
from solutions import gptq as gptq_forms
from solutions import weight_quantization as rtn_forms

Progress = Callable[[str], None]
BITS = (8, 4)
GROUPS = (-1, 128)
METHODS = ("RTN", "GPTQ", "AWQ")
ACT_ORDER = "GPTQ act-order"  # measured once, at int4 per row, to explain GPTQ's seed-to-seed spread
AWQ_GRID = 20  # llm-awq's n_grid
DAMP = 0.01  # GPTQ's percdamp
SCALE_BYTES = 2  # an fp16 scale per group, as GPTQ and AWQ checkpoints store them

# -- the error side ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerSpec:
    d_in: int = 1024  # input channels: 8 groups of 128
    d_out: int = 256
    calibration: int = 1024  # tokens GPTQ and AWQ see
    held_out: int = 1024  # tokens the error is measured on
    rank: int = 64  # activations mix this many shared sources: channels correlate, as in a trained model
    outliers: int = 8  # outlier input channels, under 1% of them
    outlier_low: float = 20.0  # LLM.int8()'s "up to 20×"
    outlier_high: float = 100.0  # SmoothQuant's "about 100×"


@dataclass
class Layer:
    spec: LayerSpec
    W: np.ndarray  # d_out × d_in
    calibration: np.ndarray  # d_in × calibration tokens
    held_out: np.ndarray  # d_in × held_out tokens
    outlier_channels: list[int]
    outlier_scales: list[float]


def synthetic_layer(spec: LayerSpec, rng: np.random.Generator) -> Layer:
    """Weights normal (std 0.02); activations a mix of ``rank`` shared sources plus noise, each
    channel scaled log-normally (σ = 0.5), ``outliers`` channels further by 20-100× (log-uniform)."""
    mix = rng.normal(size=(spec.d_in, spec.rank)) / np.sqrt(spec.rank)
    scale = np.exp(rng.normal(0.0, 0.5, size=spec.d_in))
    channels = np.sort(rng.choice(spec.d_in, spec.outliers, replace=False))
    boost = np.exp(rng.uniform(np.log(spec.outlier_low), np.log(spec.outlier_high), size=spec.outliers))
    scale[channels] *= boost

    def tokens(n: int) -> np.ndarray:
        return (mix @ rng.normal(size=(spec.rank, n)) + 0.3 * rng.normal(size=(spec.d_in, n))) * scale[:, None]

    W = rng.normal(0.0, 0.02, size=(spec.d_out, spec.d_in))
    return Layer(spec, W, tokens(spec.calibration), tokens(spec.held_out), channels.tolist(), boost.tolist())


@dataclass(frozen=True)
class ErrorRow:
    method: str
    bits: int
    group_size: int  # -1: one scale per row
    relative_error: float  # ‖WX − ŴX‖² / ‖WX‖² on the held-out tokens
    weight_bytes: int  # codes, plus an fp16 scale and a code-wide zero-point per group and row
    awq_alpha: float | None = None  # the exponent AWQ's search chose


def weight_bytes(rows: int, cols: int, bits: int, group_size: int) -> int:
    groups = rows * (1 if group_size == -1 else cols // group_size)
    return (rows * cols * bits + groups * bits) // 8 + groups * SCALE_BYTES


def _dequantized(q: np.ndarray, scale: np.ndarray, zero: np.ndarray) -> np.ndarray:
    g = q.shape[1] // scale.shape[1]
    steps = q.astype(np.float64) - np.repeat(zero.astype(np.float64), g, axis=1)
    return np.repeat(scale.astype(np.float64), g, axis=1) * steps


def rtn(W: np.ndarray, bits: int, group_size: int) -> np.ndarray:
    """Round to nearest, asymmetric (GPTQ's grid), by weight-quantization's numba form."""
    q, scale, zero = rtn_forms.quantize_numba(W.astype(np.float32), bits, False, group_size)
    return _dequantized(q, scale, zero)


def gptq(W: np.ndarray, X: np.ndarray, bits: int, group_size: int) -> np.ndarray:
    return _dequantized(*gptq_forms.gptq_numba(W, X, bits, group_size, DAMP))


def gptq_act_order(W: np.ndarray, X: np.ndarray, bits: int) -> np.ndarray:
    """GPTQ with the columns in decreasing H[j, j] (the reference's ``actorder``), one scale per row
    (per row, the order does not change the grid): the outlier channels go first, so their error
    can be fed into every other column."""
    order = np.argsort(-np.einsum("ij,ij->i", X, X), kind="stable")
    W_hat = _dequantized(*gptq_forms.gptq_numba(W[:, order], X[order], bits, -1, DAMP))
    return W_hat[:, np.argsort(order)]


def awq(W: np.ndarray, X: np.ndarray, bits: int, group_size: int) -> tuple[np.ndarray, float]:
    """AWQ's scale search: the salient input channels (large mean |x|) get their weights scaled
    up before round to nearest, so a finer share of the grid; the scale is divided back out
    (in a model, folded into the previous operator). Returns (Ŵ, the α chosen)."""
    salience = np.abs(X).mean(axis=1)
    H = X @ X.T  # the calibration error of D = W − Ŵ is Σ_rows d H dᵀ: one product per α
    best = (np.inf, 0.0, W)
    for step in range(AWQ_GRID):
        alpha = step / AWQ_GRID
        s = np.maximum(salience**alpha, 1e-4)
        s = s / np.sqrt(s.max() * s.min())
        W_hat = rtn(W * s, bits, group_size) / s
        D = W - W_hat
        loss = float(np.sum((D @ H) * D))
        if loss < best[0]:
            best = (loss, alpha, W_hat)
    return best[2], best[1]


def relative_error(W: np.ndarray, W_hat: np.ndarray, X: np.ndarray) -> float:
    return float(np.sum(((W - W_hat) @ X) ** 2) / np.sum((W @ X) ** 2))


def error_side(layer: Layer, progress: Progress) -> list[ErrorRow]:
    rows = []
    W, calibration, held_out = layer.W, layer.calibration, layer.held_out
    for bits in BITS:
        for group in GROUPS:
            progress(f"error side: RTN, GPTQ and AWQ at int{bits}, {'per row' if group == -1 else 'g128'}")
            nbytes = weight_bytes(*W.shape, bits, group)
            rows.append(ErrorRow("RTN", bits, group, relative_error(W, rtn(W, bits, group), held_out), nbytes))
            rows.append(ErrorRow("GPTQ", bits, group, relative_error(W, gptq(W, calibration, bits, group), held_out),
                                 nbytes))
            W_hat, alpha = awq(W, calibration, bits, group)
            rows.append(ErrorRow("AWQ", bits, group, relative_error(W, W_hat, held_out), nbytes, alpha))
    rows.append(ErrorRow(ACT_ORDER, 4, -1, relative_error(W, gptq_act_order(W, calibration, 4), held_out),
                         weight_bytes(*W.shape, 4, -1)))
    return rows


#: WikiText-2 perplexity with INT4 weights in groups of 128, quoted (not measured here) from AWQ
#: (Lin et al., arXiv:2306.00978, Table 4; the GPTQ rows there are AWQ's runs of GPTQ). GPTQ's own
#: paper (Frantar et al., 2022) predates Llama-2: on OPT-175B it reports 8.34 at fp16 and 8.37 with
#: 4-bit GPTQ, one scale per row (Table 3).
QUOTED_PERPLEXITY = {
    "Llama-2-7B": {"FP16": 5.47, "RTN": 5.73, "GPTQ": 5.69, "AWQ": 5.60},
    "Llama-2-70B": {"FP16": 3.32, "RTN": 3.46, "GPTQ": 3.42, "AWQ": 3.41},
}
QUOTED_SOURCE = ("AWQ (Lin et al., 2023, arXiv:2306.00978), Table 4: WikiText-2 perplexity, INT4 weights in groups "
                 "of 128; GPTQ's own paper predates Llama-2 (OPT-175B: 8.34 at fp16, 8.37 with 4-bit GPTQ)")

# -- PTQ against QAT -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskSpec:
    dims: int = 16
    classes: int = 6
    clusters_per_class: int = 3
    train: int = 6000
    test: int = 2000
    hidden: int = 64
    epochs: int = 30
    qat_epochs: int = 3
    batch: int = 64
    learning_rate: float = 3e-3
    qat_learning_rate: float = 1e-3
    ptq_bits: tuple[int, ...] = (8, 4, 3, 2)


@dataclass(frozen=True)
class QatRow:
    bits: int
    ptq_accuracy: float
    qat_accuracy: float
    qat_steps: int


def _task(spec: TaskSpec, rng: np.random.Generator):
    """Gaussian clusters in ``dims`` dimensions, ``clusters_per_class`` per class: a few thousand
    points a small MLP separates at about 99% in fp32."""
    centers = rng.normal(size=(spec.classes * spec.clusters_per_class, spec.dims)) * 1.5
    cluster = rng.integers(0, len(centers), spec.train + spec.test)
    X = centers[cluster] + rng.normal(size=(len(cluster), spec.dims))
    y = cluster % spec.classes
    return X[:spec.train], y[:spec.train], X[spec.train:], y[spec.train:]


def fake_quantize(W: np.ndarray, bits: int | None) -> np.ndarray:
    """Q(W): symmetric RTN, one scale per output unit (a column of these (in × out) matrices)."""
    if bits is None:
        return W
    codes = np.ascontiguousarray(W.T, dtype=np.float32)
    q, scale, zero = rtn_forms.quantize_numba(codes, bits, True, -1)
    return rtn_forms.dequantize_numba(q, scale, zero).T.astype(np.float64)


class Mlp:
    """in → hidden (ReLU) → classes, softmax cross-entropy, Adam; weights quantised on demand."""

    def __init__(self, spec: TaskSpec, rng: np.random.Generator):
        self.params = [rng.normal(0, np.sqrt(2 / spec.dims), (spec.dims, spec.hidden)), np.zeros(spec.hidden),
                       rng.normal(0, np.sqrt(2 / spec.hidden), (spec.hidden, spec.classes)), np.zeros(spec.classes)]

    def copy(self) -> "Mlp":
        twin = object.__new__(Mlp)
        twin.params = [p.copy() for p in self.params]
        return twin

    def logits(self, X: np.ndarray, bits: int | None = None) -> np.ndarray:
        W1, b1, W2, b2 = self.params
        return np.maximum(X @ fake_quantize(W1, bits) + b1, 0.0) @ fake_quantize(W2, bits) + b2

    def accuracy(self, X: np.ndarray, y: np.ndarray, bits: int | None = None) -> float:
        return float(np.mean(np.argmax(self.logits(X, bits), axis=1) == y))

    def fit(self, X: np.ndarray, y: np.ndarray, epochs: int, batch: int, lr: float, rng: np.random.Generator,
            bits: int | None = None) -> int:
        """Adam over minibatches; with ``bits``, the forward pass uses Q(W) and the gradient with
        respect to Q(W) updates W itself (the straight-through estimator). Returns the steps taken."""
        moments = [np.zeros_like(p) for p in self.params]
        squares = [np.zeros_like(p) for p in self.params]
        step = 0
        for _ in range(epochs):
            order = rng.permutation(len(X))
            for start in range(0, len(X), batch):
                rows = order[start:start + batch]
                W1, b1, W2, b2 = self.params
                W1q, W2q = fake_quantize(W1, bits), fake_quantize(W2, bits)
                hidden = np.maximum(X[rows] @ W1q + b1, 0.0)
                logits = hidden @ W2q + b2
                p = np.exp(logits - logits.max(axis=1, keepdims=True))
                p /= p.sum(axis=1, keepdims=True)
                p[np.arange(len(rows)), y[rows]] -= 1.0
                p /= len(rows)
                back = p @ W2q.T
                back[hidden <= 0] = 0.0
                grads = (X[rows].T @ back, back.sum(axis=0), hidden.T @ p, p.sum(axis=0))
                step += 1
                for k, g in enumerate(grads):
                    moments[k] = 0.9 * moments[k] + 0.1 * g
                    squares[k] = 0.999 * squares[k] + 0.001 * g * g
                    update = (moments[k] / (1 - 0.9**step)) / (np.sqrt(squares[k] / (1 - 0.999**step)) + 1e-8)
                    self.params[k] = self.params[k] - lr * update
        return step


@dataclass
class QatResult:
    spec: TaskSpec
    fp32_accuracy: float
    fp32_steps: int
    rows: list[QatRow]


def ptq_vs_qat(spec: TaskSpec, rng: np.random.Generator, progress: Progress) -> QatResult:
    X, y, X_test, y_test = _task(spec, rng)
    progress("PTQ vs QAT: training the fp32 MLP")
    mlp = Mlp(spec, rng)
    steps = mlp.fit(X, y, spec.epochs, spec.batch, spec.learning_rate, rng)
    rows = []
    for bits in spec.ptq_bits:
        progress(f"PTQ vs QAT: int{bits}")
        tuned = mlp.copy()
        qat_steps = tuned.fit(X, y, spec.qat_epochs, spec.batch, spec.qat_learning_rate, rng, bits=bits)
        rows.append(QatRow(bits, mlp.accuracy(X_test, y_test, bits), tuned.accuracy(X_test, y_test, bits), qat_steps))
    return QatResult(spec, mlp.accuracy(X_test, y_test), steps, rows)


# -- the speed side --------------------------------------------------------------------------------------

SPEED_DTYPES = ("fp16", "fp8", "int4")


@dataclass(frozen=True)
class SpeedRow:
    weight_dtype: str
    weight_gb: float
    tokens_per_s_one: float  # decode, one sequence: tokens/s it sees
    tokens_per_s_batch: float  # decode, a batch: tokens/s of the replica
    kv_tokens: int  # KV-cache capacity of the replica
    kv_freed: int  # against fp16 weights
    cheapest: str | None  # the planner's cheapest design with these weights, or None
    cheapest_cost: float | None


@dataclass(frozen=True)
class SpeedSpec:
    model: str = "llama-2-70b"
    gpu: str = "h100-sxm"
    tp: int = 4
    context: int = 1024
    batch: int = 64
    plan_requests: int = 2000  # per simulated design; the planner's own default is 10,000


def speed_side(spec: SpeedSpec, seed: int, progress: Progress) -> list[SpeedRow]:
    model = models.model(spec.model)
    device = engine.gpu(spec.gpu)
    progress("speed side: the roofline and KV capacity")
    blocks = {}
    rows = []
    for dtype in SPEED_DTYPES:
        try:
            blocks[dtype] = engine.kv_blocks(engine.Shape(model, device, spec.tp, dtype))
        except InfeasibleShape:
            blocks[dtype] = 0
    work = lab_plan.make_workload("sharegpt", spec.plan_requests, model.max_model_len, seed)
    for dtype in SPEED_DTYPES:
        it = IterationModel(model, device, spec.tp, dtype, "fp16", "bf16")
        one = 1 / it.point(1, spec.context).total_s
        many = spec.batch / it.point(spec.batch, spec.context).total_s
        progress(f"speed side: the planner's cheapest design, {dtype} weights")
        question = lab_plan.Question(model=spec.model, space=lab_plan.Space(weight_dtypes=(dtype,)))
        best = lab_plan.search(question, work).best
        rows.append(SpeedRow(dtype, model.weight_bytes(dtype) / 1e9, one, many, blocks[dtype] * 16,
                             (blocks[dtype] - blocks["fp16"]) * 16, best.design.label() if best else None,
                             best.cost_per_hour if best else None))
    return rows


# -- the whole lab -------------------------------------------------------------------------------------


def error_curve(layer: Layer, bits: tuple[int, ...], progress: Progress) -> dict[str, dict[int, list[float]]]:
    """method -> group size -> the relative error at each of ``bits``: the plot's lines."""
    curve: dict[str, dict[int, list[float]]] = {m: {g: [] for g in GROUPS} for m in METHODS}
    for b in bits:
        progress(f"error curve: int{b}")
        for g in GROUPS:
            curve["RTN"][g].append(relative_error(layer.W, rtn(layer.W, b, g), layer.held_out))
            curve["GPTQ"][g].append(relative_error(layer.W, gptq(layer.W, layer.calibration, b, g), layer.held_out))
            curve["AWQ"][g].append(relative_error(layer.W, awq(layer.W, layer.calibration, b, g)[0], layer.held_out))
    return curve


@dataclass
class QuantizeResult:
    seed: int
    layer: LayerSpec
    outlier_channels: list[int]
    outlier_scales: list[float]
    errors: list[ErrorRow]
    qat: QatResult
    speed: list[SpeedRow]
    speed_spec: SpeedSpec
    quoted: dict = field(default_factory=lambda: QUOTED_PERPLEXITY)
    curve_bits: tuple[int, ...] = ()
    curve: dict = field(default_factory=dict)  # error_curve's, when a plot asked for it

    def outlier_positions(self) -> list[float]:
        """Where the outlier channels sit in GPTQ's left-to-right order, as fractions of the width."""
        return [c / self.layer.d_in for c in self.outlier_channels]

    def error(self, method: str, bits: int, group: int) -> float:
        return next(r.relative_error for r in self.errors if (r.method, r.bits, r.group_size) == (method, bits, group))


CURVE_BITS = (2, 3, 4, 6, 8)


def stages(curve_bits: tuple[int, ...] = ()) -> int:
    """How many progress steps ``run`` reports."""
    return len(BITS) * len(GROUPS) + 1 + len(TaskSpec().ptq_bits) + 1 + len(SPEED_DTYPES) + len(curve_bits)


def run(seed: int = 0, layer: LayerSpec = LayerSpec(), task: TaskSpec = TaskSpec(), speed: SpeedSpec = SpeedSpec(),
        curve_bits: tuple[int, ...] = (), progress: Progress | None = None) -> QuantizeResult:
    """The whole lab. ``curve_bits`` adds the error at more bit widths (for the plot)."""
    progress = progress or (lambda description: None)
    streams = np.random.SeedSequence(seed).spawn(2)
    built = synthetic_layer(layer, np.random.default_rng(streams[0]))
    errors = error_side(built, progress)
    curve = error_curve(built, curve_bits, progress) if curve_bits else {}
    qat = ptq_vs_qat(task, np.random.default_rng(streams[1]), progress)
    return QuantizeResult(seed, layer, built.outlier_channels, built.outlier_scales, errors, qat,
                          speed_side(speed, seed, progress), speed, curve_bits=curve_bits, curve=curve)


def to_json(result: QuantizeResult) -> dict:
    return {
        "seed": result.seed,
        "layer": {**asdict(result.layer), "outlier_channels": result.outlier_channels,
                  "outlier_scales": result.outlier_scales},
        "errors": [asdict(r) for r in result.errors],
        "quoted_perplexity": {"source": QUOTED_SOURCE, "int4_g128": result.quoted},
        "ptq_vs_qat": {"task": asdict(result.qat.spec), "fp32_accuracy": result.qat.fp32_accuracy,
                       "fp32_steps": result.qat.fp32_steps, "rows": [asdict(r) for r in result.qat.rows]},
        "speed": {"setup": asdict(result.speed_spec), "rows": [asdict(r) for r in result.speed]},
        "error_curve": {"bits": list(result.curve_bits),
                        "errors": {m: {str(g): e for g, e in groups.items()} for m, groups in result.curve.items()}},
    }
