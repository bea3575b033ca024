"""The calibration: the stored fit equals a fresh fit of the shipped data, the fit meets the issue's
error targets (also on models and TP degrees left out), and one operator time by hand."""

import math
from pathlib import Path

import numpy as np
import pytest

from judge.labs.serving import calibration, operators
from judge.labs.serving.models import Model

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def fresh():
    return calibration.compute()


@pytest.fixture(scope="module")
def kept():
    return calibration.stored()


def _close(a, b, path=""):
    """Recursively equal, floats to a relative 1e-6 (BLAS may sum in another order elsewhere)."""
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _close(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _close(x, y, f"{path}[{i}]")
    elif isinstance(a, float):
        assert math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12), (path, a, b)
    else:
        assert a == b, path


def test_stored_fit_is_a_fresh_fit_of_the_shipped_data(fresh, kept):
    _close(fresh, kept)


def test_fit_is_a_handful_of_parameters_per_gpu(kept):
    assert set(kept["fits"]) == {"a100", "h100"}
    for fit in kept["fits"].values():
        assert len(fit) == 6
        assert 0.5 < fit["compute_eff"] < 1 and 0.5 < fit["bandwidth_eff"] < 1 and 0 < fit["gemm_fixed_s"] < 2e-5


@pytest.mark.parametrize("gpu", ["a100", "h100"])
def test_dense_time_per_layer_meets_the_targets(kept, gpu):
    """Median |error| <= 10% and P90 <= 20% over every (TP, token count) row of every model."""
    e = kept["dense_errors"][gpu]
    assert e["all"]["median"] <= 0.10 and e["all"]["p90"] <= 0.20
    for tp, s in e["by_tp"].items():
        assert s["median"] <= 0.10 and s["p90"] <= 0.20, tp


@pytest.mark.parametrize("gpu", ["a100", "h100"])
def test_the_fit_predicts_what_it_was_not_fitted_on(kept, gpu):
    """Refit without one model (another width, head count, or Phi-2's plain MLP) or one TP degree."""
    e = kept["dense_errors"][gpu]
    assert "microsoft/phi-2" in e["leave_one_model_out"]  # the plain two-matrix MLP is among them
    for held, s in {**e["leave_one_model_out"], **e["leave_one_tp_out"]}.items():
        assert s["median"] <= 0.10 and s["p90"] <= 0.20, held


def test_allreduce_interpolation_meets_the_target(kept):
    """Knots from every other measured size, checked on the sizes between: median <= 15%."""
    for gpu, by in kept["allreduce_errors"].items():
        for n, s in by.items():
            assert s["median"] <= 0.15, (gpu, n)


def test_one_gemm_by_hand():
    """H100, Llama-2-70B's up projection at TP 4 and 4,096 tokens: compute-bound by the formula."""
    fit = calibration.fit_for("h100")
    k, n = 8192, 2 * 28672 // 4
    flops = 2 * 4096 * k * n
    expected = fit.gemm_fixed_s + flops / (989e12 * fit.compute_eff) * (1 + fit.half_tokens / 4096)
    model = Model("L70", 1, 8192, 64, 8, 128, 28672, 32000)
    shape = operators.gemm_shapes(model, 4)["mlp_up_proj"]
    t, bound = operators.gemm_time(fit, 989e12, 3.35e12, np.array([4096]), *shape)
    assert t[0] == pytest.approx(expected, rel=1e-12) and bound[0]
    measured = [r for r in calibration.load_operators() if r.gpu == "h100" and r.model.endswith("Llama-2-70b-hf")
                and r.tp == 4 and r.tokens == 4096]
    assert measured and all(abs(t[0] / r.seconds["mlp_up_proj"] - 1) < 0.1 for r in measured)


def test_interpolation_between_knots_by_hand():
    knots = [(1e3, 1e-5), (1e5, 1e-3)]
    assert calibration.interpolate(knots, np.array([1e4]))[0] == pytest.approx(1e-4)  # log-log: the geometric mean
    assert calibration.interpolate(knots, np.array([10.0]))[0] == pytest.approx(1e-5)  # below: the latency floor
    assert calibration.interpolate(knots, np.array([2e5]))[0] == pytest.approx(1e-3 + 1e5 * (1e-3 - 1e-5) / 99e3)


def test_the_data_carries_its_attribution_and_the_kit_never_reads_shared():
    data = ROOT / "judge" / "labs" / "data" / "calibration"
    assert "MIT License" in (data / "LICENSE-vidur").read_text() and "7d47513" in (data / "README.md").read_text()
    for path in (ROOT / "judge").rglob("*.py"):
        assert "shared/calibration" not in path.read_text(encoding="utf-8"), path
