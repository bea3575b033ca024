"""``judge lab prune``: which pruning makes a layer faster on this CPU? Every figure is measured.

One linear layer, ``Yᵀ = W·Xᵀ``, W an (out × in) float32 weight and Xᵀ (in × batch) float32
activations, run as

- ``dense``: numpy's BLAS GEMM (``W @ Xᵀ``), the baseline;
- ``csr-scipy``: unstructured magnitude pruning (nm-sparsity's ``unstructured:S``) stored as
  CSR and multiplied by ``scipy.sparse``, the library a user reaches for (one thread);
- ``csr-numba``: the same CSR arrays through the kit's Numba kernel (solutions/_spmm.py);
- ``2:4-numba``: nm-sparsity's ``2:4`` compressed to values plus positions, Numba kernel;
- ``rows-dense``: structured pruning (``rows:S``): the kept rows as a smaller dense GEMM.

The masks come from the ``numpy`` form of the judged ``nm-sparsity`` problem. Each variant's
time is the median over rounds that run every variant once, in turn, so that load from other
processes on a shared machine falls on all of them alike; kernels are warmed up (compiled)
before the first round. Every format runs on one thread by default: scipy.sparse and the
kit's kernels use one, and BLAS is held to ``blas_threads`` (threadpoolctl), so the table
compares formats, not thread counts. The output error is ‖Y_pruned − Y‖_F / ‖Y‖_F on the same activations.

The weight is "realistic" in the ways magnitude pruning sees: heavy-tailed entries (Student-t,
4 degrees of freedom, as trained transformer weights have excess kurtosis), output rows whose
scales spread log-normally, and a few input channels with 10x the typical scale. The
break-even sparsity, where unstructured sparsity first beats dense, is found by measurement:
the grid brackets it, then bisection between the bracketing points measures it to ±1%.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from solutions import _spmm
from solutions.nm_sparsity import prune_numpy

SPARSITIES = (0.5, 0.7, 0.9, 0.95, 0.99)
FORMATS = ("dense", "csr-scipy", "csr-numba", "2:4-numba", "rows-dense")
FORMAT_LABELS = {"dense": "dense GEMM (numpy BLAS)", "csr-scipy": "unstructured, CSR (scipy.sparse)",
                 "csr-numba": "unstructured, CSR (Numba)", "2:4-numba": "2:4, compressed (Numba)",
                 "rows-dense": "rows removed, smaller dense GEMM"}
SHORT_LABELS = {"dense": "dense BLAS", "csr-scipy": "CSR scipy", "csr-numba": "CSR Numba", "2:4-numba": "2:4 Numba",
                "rows-dense": "rows, dense"}
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Setup:
    out_features: int = 4096
    in_features: int = 4096
    batch: int = 32
    sparsities: tuple[float, ...] = SPARSITIES
    rounds: int = 7
    seed: int = 0
    blas_threads: int = 1  # the sparse kernels run on one thread, as scipy.sparse does


@dataclass(frozen=True)
class Measured:
    """One format at one sparsity: median seconds (and the quartiles), bytes, output error."""
    format: str
    sparsity: float
    seconds: float
    q1: float
    q3: float
    speedup: float  # the dense GEMM's median over this one's
    bytes: int
    error: float


@dataclass
class Result:
    setup: Setup
    rows: list[Measured]
    break_even: dict[str, dict] = field(default_factory=dict)  # format -> {"sparsity", "bracket", "note"}
    blas: str = ""

    def of(self, fmt: str) -> list[Measured]:
        return [r for r in self.rows if r.format == fmt]


def realistic_weight(out_features: int, in_features: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    w = rng.standard_t(4, size=(out_features, in_features)) / np.sqrt(2.0 * in_features)
    w *= rng.lognormal(0.0, 0.3, size=(out_features, 1))
    loud = rng.choice(in_features, size=max(1, in_features // 512), replace=False)
    w[:, loud] *= 10.0
    return w.astype(np.float32)


def activations(in_features: int, batch: int, seed: int) -> np.ndarray:
    """Xᵀ, in × batch, row-major: one input channel's batch is contiguous."""
    rng = np.random.default_rng(seed + 1)
    return rng.standard_normal((in_features, batch)).astype(np.float32)


def blas_name() -> str:
    config = np.show_config(mode="dicts") if hasattr(np, "show_config") else {}
    try:
        blas = config["Build Dependencies"]["blas"]
        return f"{blas['name']} {blas.get('version', '')}".strip()
    except (KeyError, TypeError):
        return "numpy's BLAS"


class _Variant:
    """A prepared operand and the call that multiplies it; ``bytes`` it stores; its output."""

    def __init__(self, fmt: str, sparsity: float, run: Callable[[], np.ndarray], nbytes: int,
                 expand: Callable[[np.ndarray], np.ndarray] = lambda y: y):
        self.format, self.sparsity, self.run, self.bytes, self.expand = fmt, sparsity, run, nbytes, expand
        self.times: list[float] = []


def _unstructured(w: np.ndarray, xt: np.ndarray, sparsity: float) -> list[_Variant]:
    import scipy.sparse

    mask = prune_numpy(w, f"unstructured:{sparsity:g}")
    indptr, indices, data = _spmm.csr_from_mask(w, mask)
    matrix = scipy.sparse.csr_array((data, indices, indptr), shape=w.shape)
    nbytes = data.nbytes + indices.nbytes + indptr.nbytes
    return [_Variant("csr-scipy", sparsity, lambda: matrix @ xt, nbytes),
            _Variant("csr-numba", sparsity, lambda: _spmm.csr_matmul(indptr, indices, data, xt, w.shape[1]), nbytes)]


def _two_four(w: np.ndarray, xt: np.ndarray) -> _Variant:
    values, positions = _spmm.compress_nm(w, prune_numpy(w, "2:4"), 2, 4)
    return _Variant("2:4-numba", 0.5, lambda: _spmm.nm_matmul(values, positions, 2, 4, xt),
                    values.nbytes + positions.nbytes)


def _rows(w: np.ndarray, xt: np.ndarray, sparsity: float) -> _Variant:
    kept = np.flatnonzero(prune_numpy(w, f"rows:{sparsity:g}")[:, 0])
    smaller = np.ascontiguousarray(w[kept])

    def expand(y: np.ndarray) -> np.ndarray:
        full = np.zeros((w.shape[0], y.shape[1]), y.dtype)
        full[kept] = y
        return full

    return _Variant("rows-dense", sparsity, lambda: smaller @ xt, smaller.nbytes + kept.astype(np.int32).nbytes,
                    expand)


def _time_rounds(variants: list[_Variant], rounds: int, tick: Callable[[], None]) -> None:
    for v in variants:
        v.run()  # compile and warm the caches before any timing
    for _ in range(rounds):
        for v in variants:
            start = time.perf_counter()
            v.run()
            v.times.append(time.perf_counter() - start)
        tick()


def _error(y: np.ndarray, reference: np.ndarray) -> float:
    return float(np.linalg.norm((y - reference).astype(np.float64)) / np.linalg.norm(reference.astype(np.float64)))


def run(setup: Setup, progress: Progress | None = None) -> Result:
    from threadpoolctl import threadpool_limits

    steps = 2 + len(setup.sparsities) + setup.rounds + 2 * _BISECTIONS
    done = [0]

    def tick(label: str) -> None:
        done[0] += 1
        if progress:
            progress(done[0], steps, label)

    w = realistic_weight(setup.out_features, setup.in_features, setup.seed)
    xt = activations(setup.in_features, setup.batch, setup.seed)
    reference = (w.astype(np.float64) @ xt.astype(np.float64)).astype(np.float32)
    tick("generated the layer")
    dense = _Variant("dense", 0.0, lambda: w @ xt, w.nbytes)
    variants = [dense, _two_four(w, xt)]
    tick("pruned 2:4")
    for s in setup.sparsities:
        variants += _unstructured(w, xt, s) + [_rows(w, xt, s)]
        tick(f"pruned to {s:.0%}")
    with threadpool_limits(limits=setup.blas_threads, user_api="blas"):
        _time_rounds(variants, setup.rounds, lambda: tick("timing every format, in turn"))
        base = float(np.median(dense.times))
        rows = [_measured(v, base, v.expand(v.run()), reference) for v in variants]
        result = Result(setup, sorted(rows, key=lambda r: (FORMATS.index(r.format), r.sparsity)), blas=blas_name())
        for fmt in ("csr-scipy", "csr-numba"):
            result.break_even[fmt] = _break_even(w, xt, setup, result.of(fmt), fmt,
                                                 lambda fmt=fmt: tick(f"bisecting {fmt}'s break-even"))
    return result


def _measured(v: _Variant, base: float, y: np.ndarray, reference: np.ndarray) -> Measured:
    t = np.asarray(v.times)
    median = float(np.median(t))
    return Measured(v.format, v.sparsity, median, float(np.percentile(t, 25)), float(np.percentile(t, 75)),
                    base / median, v.bytes, _error(y, reference))


_BISECTIONS = 5  # a bracket of 0.2 halves to about 0.006


def _break_even(w: np.ndarray, xt: np.ndarray, setup: Setup, grid: list[Measured], fmt: str,
                tick: Callable[[], None]) -> dict:
    """Where ``fmt`` first beats dense: bracketed by the measured grid, then bisected with fresh
    interleaved timings of dense and ``fmt`` at each midpoint."""
    faster = [m.sparsity for m in grid if m.speedup > 1]
    if not faster:
        for _ in range(_BISECTIONS):
            tick()
        return {"sparsity": None, "bracket": [grid[-1].sparsity, 1.0],
                "note": f"slower than dense at every measured sparsity up to {grid[-1].sparsity:.0%}"}
    first = faster[0]
    lower = [m.sparsity for m in grid if m.sparsity < first]
    if not lower:
        for _ in range(_BISECTIONS):
            tick()
        return {"sparsity": None, "bracket": [0.0, first], "note": f"already faster than dense at {first:.0%}"}
    lo, hi = lower[-1], first
    dense = _Variant("dense", 0.0, lambda: w @ xt, w.nbytes)
    for _ in range(_BISECTIONS):
        mid = round((lo + hi) / 2, 4)
        mine = next(v for v in _unstructured(w, xt, mid) if v.format == fmt)
        dense.times, mine.times = [], []
        _time_rounds([dense, mine], setup.rounds, lambda: None)
        if np.median(mine.times) < np.median(dense.times):
            hi = mid
        else:
            lo = mid
        tick()
    return {"sparsity": hi, "bracket": [lo, hi],
            "note": f"first faster than dense between {lo:.1%} and {hi:.1%} (bisected)"}


def to_json(result: Result) -> dict:
    return {"setup": asdict(result.setup), "blas": result.blas,
            "rows": [asdict(r) for r in result.rows], "break_even": result.break_even}
