"""The roofline's efficiencies, fitted to GPU operator times that Vidur measured.

Data (judge/labs/data/calibration/, MIT, see its README): ``operators.csv``, the median time
of each dense operator of one layer for 8 models (Llama-2 7B/70B, Llama-3 8B/70B, CodeLlama-34B,
InternLM-20B, Qwen-72B, Phi-2) on A100 and H100, TP 1-8, 1-4,096 tokens; ``allreduce.csv``, the
all-reduce time by message size on 2, 4 and 8 NVSwitch-connected GPUs.

The fit (``fit_gpu``): for each GPU the six efficiencies of judge/labs/serving/operators.py minimise
the squared log error of every measured operator time: the four GEMM parameters over the GEMM
rows, the two elementwise ones over the elementwise rows, by Levenberg-Marquardt in log
parameters (deterministic: a fixed start, finite-difference Jacobians, a fixed stopping rule).
The all-reduce table (``allreduce_knots``) is the median measured time in each half-octave of
message size, interpolated log-log. ``compute()`` recomputes everything stored in
``fit.json``; tests/test_lab_calibration.py checks that the stored file equals it.
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any, Callable

import numpy as np

from judge.labs.serving import operators
from judge.labs.serving.gpus import GPUS
from judge.labs.serving.models import Model
from judge.labs.serving.operators import ELEMENTWISE, GEMMS, Fit

DATA = resources.files("judge.labs") / "data" / "calibration"
SOURCE = ("Vidur (github.com/microsoft/vidur, commit 7d47513363ec447a741ac5e47241580b47724fbf, MIT): "
          "data/profiling/compute/{a100,h100}/*/mlp.csv and network/{a100,h100}_dgx/all_reduce.csv")
PEAKS = {"a100": GPUS["a100-80gb"], "h100": GPUS["h100-sxm"]}  # the GPUs Vidur measured (SXM, 80 GB)
START = Fit(0.7, 100.0, 0.8, 5e-6, 0.6, 3e-6)


@dataclass(frozen=True)
class Measured:
    """One row of operators.csv: a layer shape, TP, a token count, and its operators' times (s)."""
    gpu: str
    model: str
    shape: Model
    tp: int
    tokens: int
    seconds: dict[str, float]  # operator -> median seconds; absent if not measured

    @property
    def norms(self) -> int:
        return 2 if "post_attention_layernorm" in self.seconds else 1  # Phi-2 has one norm per layer

    @property
    def dense_s(self) -> float:
        return sum(self.seconds.values())


def load_operators() -> list[Measured]:
    rows = []
    with (DATA / "operators.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            heads, hidden = int(r["n_head"]), int(r["n_embd"])
            shape = Model(r["model"], 1, hidden, heads, int(r["n_kv_head"]), hidden // heads,
                          int(r["n_expanded_embd"]), int(r["vocab_size"]), r["use_gated_mlp"] == "True")
            seconds = {op: float(r[f"{op}_ms"]) * 1e-3 for op in GEMMS + ELEMENTWISE if r[f"{op}_ms"]}
            rows.append(Measured(r["gpu"], r["model"], shape, int(r["tp"]), int(r["tokens"]), seconds))
    return rows


def load_allreduce() -> dict[str, dict[int, tuple[np.ndarray, np.ndarray]]]:
    """gpu -> GPUs -> (bytes, seconds), sorted by size."""
    table: dict[str, dict[int, list]] = {}
    with (DATA / "allreduce.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            table.setdefault(r["gpu"], {}).setdefault(int(r["gpus"]), []).append(
                (int(r["bytes"]), float(r["allreduce_ms"]) * 1e-3))
    out: dict[str, dict[int, tuple[np.ndarray, np.ndarray]]] = {}
    for g, by in table.items():
        out[g] = {}
        for n, pairs in by.items():
            pairs.sort()
            out[g][n] = (np.array([p[0] for p in pairs], np.float64), np.array([p[1] for p in pairs], np.float64))
    return out


# -- predictions for measured rows ------------------------------------------------------------

def predict_operators(fit: Fit, row: Measured) -> dict[str, float]:
    g = PEAKS[row.gpu]
    tokens = np.array([row.tokens])
    times = operators.layer_times(fit, g.peak_flops("bf16"), g.hbm_tb_s * 1e12, row.shape, row.tp, tokens,
                                  norms=row.norms)
    return {op: float(times[op][0]) for op in row.seconds}


def predict_dense(fit: Fit, row: Measured) -> float:
    return sum(predict_operators(fit, row).values())


# -- the fit ------------------------------------------------------------------------------------

def _levenberg_marquardt(residual: Callable[[np.ndarray], np.ndarray], x0: np.ndarray,
                         iterations: int = 200) -> np.ndarray:
    """Minimise sum(residual(exp(z))**2) over z = log(x); deterministic."""
    z = np.log(x0)
    r = residual(np.exp(z))
    cost, damping = float(r @ r), 1e-3
    for _ in range(iterations):
        jac = np.empty((r.size, z.size))
        for j in range(z.size):
            step = np.zeros_like(z)
            step[j] = 1e-6
            jac[:, j] = (residual(np.exp(z + step)) - r) / 1e-6
        normal = jac.T @ jac
        gradient = jac.T @ r
        while True:
            delta = np.linalg.solve(normal + damping * np.diag(np.diag(normal) + 1e-12), -gradient)
            trial = residual(np.exp(z + delta))
            trial_cost = float(trial @ trial)
            if trial_cost < cost:
                damping = max(damping / 3, 1e-9)
                break
            damping *= 4
            if damping > 1e9:
                return np.exp(z)
        improvement = (cost - trial_cost) / max(cost, 1e-300)
        z, r, cost = z + delta, trial, trial_cost
        if improvement < 1e-10:
            break
    return np.exp(z)


def _columns(rows: list[Measured], names: tuple[str, ...]) -> tuple[list[tuple[Measured, str]], np.ndarray]:
    items = [(row, op) for row in rows for op in names if op in row.seconds]
    return items, np.array([row.seconds[op] for row, op in items])


def fit_gpu(rows: list[Measured], gpu: str) -> Fit:
    """The six efficiencies of ``gpu`` fitted to ``rows`` (those of other GPUs are ignored)."""
    mine = [r for r in rows if r.gpu == gpu]
    g = PEAKS[gpu]
    peak, hbm = g.peak_flops("bf16"), g.hbm_tb_s * 1e12
    gemm_items, gemm_measured = _columns(mine, GEMMS)
    m = np.array([row.tokens for row, _ in gemm_items], np.float64)
    kn = np.array([operators.gemm_shapes(row.shape, row.tp)[op] for row, op in gemm_items], np.float64)

    def gemm_residual(x: np.ndarray) -> np.ndarray:
        fit = Fit(x[0], x[1], x[2], x[3], 1.0, 0.0)
        predicted, _ = operators.gemm_time(fit, peak, hbm, m, kn[:, 0], kn[:, 1])
        return np.log(predicted / gemm_measured)

    elem_items, elem_measured = _columns(mine, ELEMENTWISE)
    moved = np.array([operators.elementwise_bytes(row.shape, row.tp, np.array([row.tokens]), norms=row.norms)[op][0]
                      for row, op in elem_items])

    def elem_residual(x: np.ndarray) -> np.ndarray:
        return np.log((x[1] + moved / (hbm * x[0])) / elem_measured)

    s = START
    start = np.array([s.compute_eff, s.half_tokens, s.bandwidth_eff, s.gemm_fixed_s])
    gemm = _levenberg_marquardt(gemm_residual, start)
    elem = _levenberg_marquardt(elem_residual, np.array([s.elementwise_eff, s.elementwise_fixed_s]))
    return Fit(*(float(v) for v in gemm), *(float(v) for v in elem))


# -- errors -------------------------------------------------------------------------------------

def nearest_rank(values: np.ndarray, p: float) -> float:
    ordered = np.sort(values)
    return float(ordered[max(math.ceil(p * ordered.size) - 1, 0)])


def summary(errors: np.ndarray) -> dict[str, Any]:
    """Median and P90 (nearest rank) of |error|, the signed median, and the count."""
    a = np.abs(errors)
    return {"median": nearest_rank(a, 0.5), "p90": nearest_rank(a, 0.9), "bias": nearest_rank(errors, 0.5),
            "rows": int(errors.size)}


def dense_errors(fit: Fit, rows: list[Measured]) -> np.ndarray:
    """predicted / measured − 1 of each row's whole-layer dense time."""
    return np.array([predict_dense(fit, r) / r.dense_s - 1 for r in rows])


def fit_errors(rows: list[Measured], fits: dict[str, Fit]) -> dict[str, Any]:
    """Per GPU: all rows, per TP, leave one model out and leave one TP out (each refitted)."""
    out: dict[str, Any] = {}
    for g, fit in fits.items():
        mine = [r for r in rows if r.gpu == g]
        e = dense_errors(fit, mine)
        tps = sorted({r.tp for r in mine})
        models = sorted({r.model for r in mine})
        loo_model = {}
        for name in models:
            held = [r for r in mine if r.model == name]
            loo_model[name] = summary(dense_errors(fit_gpu([r for r in mine if r.model != name], g), held))
        loo_tp = {}
        for tp in tps:
            held = [r for r in mine if r.tp == tp]
            loo_tp[str(tp)] = summary(dense_errors(fit_gpu([r for r in mine if r.tp != tp], g), held))
        out[g] = {"all": summary(e),
                  "by_tp": {str(tp): summary(e[[r.tp == tp for r in mine]]) for tp in tps},
                  "leave_one_model_out": loo_model, "leave_one_tp_out": loo_tp}
    return out


# -- all-reduce ---------------------------------------------------------------------------------

def allreduce_knots(sizes: np.ndarray, seconds: np.ndarray, per_octave: int = 2) -> list[tuple[float, float]]:
    """The median measured time in each 1/per_octave octave of size, at the bin's median size."""
    bins = np.floor(np.log2(sizes) * per_octave).astype(np.int64)
    knots = []
    for b in np.unique(bins):
        sel = bins == b
        knots.append((float(np.median(sizes[sel])), float(np.median(seconds[sel]))))
    return knots


def interpolate(knots: list[tuple[float, float]] | np.ndarray, size: np.ndarray) -> np.ndarray:
    """Log-log interpolation between knots; below the first, its time (latency binds); above the
    last, the last segment's bandwidth carries on linearly."""
    k = np.asarray(knots, np.float64)
    s = np.maximum(np.asarray(size, np.float64), 1.0)
    inside = np.exp(np.interp(np.log(s), np.log(k[:, 0]), np.log(k[:, 1])))
    slope = (k[-1, 1] - k[-2, 1]) / (k[-1, 0] - k[-2, 0])
    return np.where(s > k[-1, 0], k[-1, 1] + (s - k[-1, 0]) * max(slope, 0.0), inside)


def allreduce_errors(table: dict[str, dict[int, tuple[np.ndarray, np.ndarray]]]) -> dict[str, Any]:
    """Held-out error: knots from every other measured size, checked on the sizes between."""
    out: dict[str, Any] = {}
    for g, by in table.items():
        out[g] = {}
        for n, (sizes, seconds) in sorted(by.items()):
            errors = []
            for keep in (0, 1):
                train = np.arange(sizes.size) % 2 == keep
                knots = allreduce_knots(sizes[train], seconds[train])
                errors.append(interpolate(knots, sizes[~train]) / seconds[~train] - 1)
            out[g][str(n)] = summary(np.concatenate(errors))
    return out


# -- everything stored in fit.json --------------------------------------------------------------

def compute() -> dict[str, Any]:
    rows = load_operators()
    fits = {g: fit_gpu(rows, g) for g in PEAKS}
    table = load_allreduce()
    return {
        "source": SOURCE,
        "fits": {g: asdict(f) for g, f in fits.items()},
        "allreduce_knots": {g: {str(n): allreduce_knots(*by[n]) for n in sorted(by)} for g, by in table.items()},
        "dense_errors": fit_errors(rows, fits),
        "allreduce_errors": allreduce_errors(table),
    }


def stored() -> dict[str, Any]:
    return json.loads((DATA / "fit.json").read_text(encoding="utf-8"))


def fit_for(calibration: str, data: dict[str, Any] | None = None) -> Fit:
    return Fit(**(data or stored())["fits"][calibration])


def write() -> None:  # pragma: no cover - run by hand after the data changes: python -m judge.labs.serving.calibration
    path = DATA / "fit.json"
    with open(str(path), "w", encoding="utf-8") as f:
        json.dump(compute(), f, indent=1)
        f.write("\n")


if __name__ == "__main__":  # pragma: no cover
    write()
