"""``judge lab prune``: the sparse kernels against dense products, the measurement's bookkeeping on a
small layer, the GPU model's shape, the view and the CLI."""

import io
import json
import re

import numpy as np
import pytest
import scipy.sparse
from click.testing import CliRunner
from rich.console import Console

from judge.cli import cli
from judge.labs.compression import prune, prune_gpu
from judge.labs.compression.prune_views import cpu_table, findings, gpu_table, prune_view
from judge.labs.serving import gpus
from solutions import _spmm
from solutions.nm_sparsity import prune_numpy

H100 = gpus.gpu("h100-sxm")


def _layer(rows: int, cols: int, batch: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(rows, cols)).astype(np.float32), rng.normal(size=(cols, batch)).astype(np.float32)


@pytest.mark.parametrize("sparsity", ["0", "0.5", "0.9", "1"])
@pytest.mark.parametrize("batch", [1, 3, 32])
def test_the_csr_kernel_is_the_masked_dense_product(sparsity, batch):
    w, xt = _layer(37, 52, batch)
    w[4] = 0.0  # a row with nothing kept
    mask = prune_numpy(w, f"unstructured:{sparsity}")
    indptr, indices, data = _spmm.csr_from_mask(w, mask)
    want = np.where(mask, w, 0).astype(np.float64) @ xt.astype(np.float64)
    got = _spmm.csr_matmul(indptr, indices, data, xt, w.shape[1])
    assert np.allclose(got, want, rtol=1e-5, atol=1e-4)
    assert np.allclose(scipy.sparse.csr_array((data, indices, indptr), shape=w.shape) @ xt, got, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("pattern", ["2:4", "1:4", "3:8", "4:4"])
def test_the_nm_kernel_is_the_masked_dense_product(pattern):
    n, m = map(int, pattern.split(":"))
    w, xt = _layer(21, 64, 5)
    mask = prune_numpy(w, pattern)
    values, positions = _spmm.compress_nm(w, mask, n, m)
    assert values.shape == (21, 64 * n // m) and positions.dtype == np.uint8 and positions.max() < m
    want = np.where(mask, w, 0).astype(np.float64) @ xt.astype(np.float64)
    assert np.allclose(_spmm.nm_matmul(values, positions, n, m, xt), want, rtol=1e-5, atol=1e-4)


def test_the_wrappers_refuse_malformed_operands_in_one_line():
    w, xt = _layer(4, 8, 2)
    indptr, indices, data = _spmm.csr_from_mask(w, prune_numpy(w, "unstructured:0.5"))
    cases = [
        (lambda: _spmm.csr_matmul(indptr[:-1], indices, data, xt, 8), "malformed CSR"),
        (lambda: _spmm.csr_matmul(indptr, indices + 8, data, xt, 8), "outside 0..7"),
        (lambda: _spmm.csr_matmul(indptr, indices, data, xt.astype(np.float64), 8), "cast one to match"),
        (lambda: _spmm.csr_matmul(indptr, indices, data, xt[:5], 8), "must be (in=8, batch)"),
        (lambda: _spmm.compress_nm(w, prune_numpy(w, "unstructured:0.5"), 2, 4), "is not 2:4"),
        (lambda: _spmm.compress_nm(w, prune_numpy(w, "2:4"), 2, 3), "divisible by M"),
    ]
    values, positions = _spmm.compress_nm(w, prune_numpy(w, "2:4"), 2, 4)
    cases.append((lambda: _spmm.nm_matmul(values, positions + 4, 2, 4, xt), "outside 0..3"))
    for call, needle in cases:
        with pytest.raises(ValueError, match=re.escape(needle)) as info:
            call()
        assert "\n" not in str(info.value)


@pytest.fixture(scope="module")
def small() -> prune.Result:
    return prune.run(prune.Setup(64, 64, 4, (0.5, 0.9), rounds=3))


def test_every_format_is_measured_with_its_bytes_and_error(small):
    formats = {(r.format, r.sparsity) for r in small.rows}
    assert formats == {("dense", 0.0), ("2:4-numba", 0.5)} | {(f, s) for f in ("csr-scipy", "csr-numba", "rows-dense")
                                                               for s in (0.5, 0.9)}
    by = {(r.format, r.sparsity): r for r in small.rows}
    assert by[("dense", 0.0)].error < 1e-6 and by[("dense", 0.0)].speedup == 1.0  # float32 rounding only
    assert by[("dense", 0.0)].bytes == 64 * 64 * 4
    for s in (0.5, 0.9):  # one mask, two kernels: the same output
        assert by[("csr-scipy", s)].error == pytest.approx(by[("csr-numba", s)].error, rel=1e-4)
        kept = 64 * 64 - int(s * 64 * 64)
        assert by[("csr-scipy", s)].bytes == kept * 8 + 65 * 4  # float32 values, int32 indices, row pointers
    assert by[("2:4-numba", 0.5)].bytes == 64 * 32 * 5  # float32 values and a byte of position each
    assert by[("csr-scipy", 0.5)].error < by[("csr-scipy", 0.9)].error
    assert by[("csr-scipy", 0.5)].error < by[("2:4-numba", 0.5)].error < by[("rows-dense", 0.5)].error
    assert all(r.q1 <= r.seconds <= r.q3 and r.speedup > 0 for r in small.rows)
    assert set(small.break_even) == {"csr-scipy", "csr-numba"} and all("note" in e for e in small.break_even.values())
    json.dumps(prune.to_json(small))


def test_the_realistic_weight_is_heavy_tailed_with_loud_channels():
    w = prune.realistic_weight(256, 512, 0).astype(np.float64)
    centred = w / w.std(axis=1, keepdims=True)
    kurtosis = np.mean(centred**4)
    assert kurtosis > 4  # a Gaussian has 3
    columns = np.abs(w).mean(axis=0)
    assert np.sort(columns)[-1] > 5 * np.median(columns)


def test_the_gpu_model_says_what_the_hardware_can_use():
    rows = prune_gpu.model(H100, 4096, 4096, 32, (0.5, 0.7, 0.9, 0.99))
    csr = [r for r in rows if r.format == "csr"]
    assert [r.speedup for r in csr] == sorted(r.speedup for r in csr)
    assert csr[0].speedup < 1 < csr[-1].speedup
    two_four = next(r for r in rows if r.format == "2:4-sparse-tc")
    assert 1 < two_four.speedup <= prune_gpu.SPARSE_MATH
    assert two_four.bytes == pytest.approx(4096 * 4096 * 2 * 0.5625)
    evens = prune_gpu.break_evens(H100, 4096, 4096, (1, 32, 256, 4096))
    assert evens[1] == pytest.approx(2 / 3, abs=0.01)  # 6 bytes a kept value against 2: a third may stay
    assert evens[1] <= evens[32] <= evens[256] <= evens[4096] and evens[4096] > 0.95
    compute_bound = prune_gpu.model(H100, 4096, 4096, 4096, (0.5,))
    assert next(r for r in compute_bound if r.format == "2:4-sparse-tc").speedup == pytest.approx(
        prune_gpu.SPARSE_MEASURED_CAP, rel=0.05)


def test_the_view_states_the_answer(small):
    gpu_rows = prune_gpu.model(H100, 64, 64, 4, (0.5, 0.9))
    evens = prune_gpu.break_evens(H100, 64, 64, (1, 4))
    text = io.StringIO()
    Console(file=text, width=140).print(prune_view(small, gpu_rows, evens, H100.name, 4))
    out = text.getvalue()
    assert "measured here" in out and "H100 SXM" in out and "CSR scipy" in out and "Sputnik" in out
    assert any("break-even" in line for line in findings(small, gpu_rows, evens, H100.name))
    narrow = io.StringIO()
    Console(file=narrow, width=80).print(cpu_table(small), gpu_table(gpu_rows, H100.name, 4))
    assert "…" not in narrow.getvalue(), "at 80 columns a figure was cut"


def _lab(*args):
    return CliRunner().invoke(cli, ["lab", "prune", *map(str, args)])


def test_the_cli_gives_json_and_refuses_bad_options(tmp_path):
    done = _lab("--out-features", 64, "--in-features", 64, "--batch", 4, "--sparsities", "0.5,0.9", "--rounds", 3,
                "--json", "--plot", tmp_path / "prune.png")
    assert done.exit_code == 0, done.output
    facts = json.loads(done.output)
    assert set(facts) == {"cpu", "gpu"} and facts["gpu"]["gpu"] == "H100 SXM"
    assert (tmp_path / "prune.png").stat().st_size > 10_000
    for args, needle in ((("--in-features", 62), "multiple of 4"), (("--sparsities", "0.5,1"), "strictly between"),
                         (("--plot", tmp_path / "x.txt"), ".png or .svg"), (("--gpu", "tpu"), "unknown GPU")):
        bad = _lab(*args)
        assert bad.exit_code == 2 and needle in bad.output, bad.output
