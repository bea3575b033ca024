"""``judge lab roofline`` and the iteration model behind every lab: the parts add up, the kernels
read the same model, the knee is where the ceilings say, FP8 where the GPU has it, and the CLI."""

import io
import json

import numpy as np
import pytest
from click.testing import CliRunner
from rich.console import Console

from judge.cli import cli
from judge.errors import NoFp8, UnknownPreset
from judge.labs.serving import engine, models
from judge.labs.serving.roofline import IterationModel
from judge.labs.serving.roofline_views import ridge, roofline_view
from solutions import _cost
from solutions.continuous_batching import simulate_roofline_arrays

L70 = models.model("llama-2-70b")
H100 = engine.gpu("h100-sxm")


@pytest.fixture(scope="module")
def it():
    return IterationModel(L70, H100, 4)


def test_parts_add_up_to_the_total(it):
    for phase in ("decode", "prefill"):
        for tokens in (1, 64, 2048):
            p = it.point(tokens, 300, phase)
            assert p.total_s == pytest.approx(p.dense_s + p.attention_s + p.allreduce_s + p.overhead_s, rel=1e-12)
            assert min(p.dense_s, p.attention_s, p.allreduce_s) > 0


def test_decode_is_bandwidth_bound_and_prefill_compute_bound(it):
    knee = it.knee()
    assert it.point(1, 512).binds == "bandwidth" and it.point(knee - 1, 512).binds == "bandwidth"
    assert it.point(knee, 0, "prefill").binds == "compute" and it.point(4096, 0, "prefill").binds == "compute"
    # The measured knee comes before the ideal ridge (989 / 3.35 x 2 B / 2 FLOP = 295 tokens): small
    # GEMMs leave tensor cores idle, so compute binds sooner than the peaks alone say.
    assert ridge(it) == pytest.approx(989 / 3.35, rel=1e-9) and 50 < knee < ridge(it)
    per_token = [it.point(t, 0, "prefill").total_s / t for t in (1, 16, 256, 4096)]
    assert per_token == sorted(per_token, reverse=True)  # batching amortises the weights


def test_the_kernels_read_the_same_model(it):
    """One model: the packed roof gives the iteration model's totals, and the kernel runs on it."""
    roof = it.kernel_roof(4096, 64)
    for new, held in (([1] * 64, [512] * 64), ([4096], [0]), ([100, 1, 1], [0, 30, 900])):
        if len(new) == 64:
            expected = it.point(64, 512).total_s
        elif len(new) == 1:
            expected = it.point(4096, 0, "prefill").total_s
        else:  # a mixed batch, summed by hand from the model's parts
            t = np.array([sum(new)])
            expected = (it.layers_s(t)[0][0] + it.allreduce_s(t)[0] + it.head_s(np.array([3]))[0]
                        + it.attention_s(np.array(new), np.array(held)) + it.overhead_s)
        assert engine.iteration_time(roof, new, held) == pytest.approx(expected, rel=1e-9)
    config = {"num_blocks": 64, "block_size": 16, "max_num_seqs": 2, "max_num_batched_tokens": 4096,
              "chunked_prefill": False}
    out = simulate_roofline_arrays(np.zeros(2), np.array([50, 70]), np.array([1, 2]), config, roof)
    first = engine.iteration_time(roof, [50, 70], [0, 0])
    assert out["first"][0] == out["first"][1] == pytest.approx(first, rel=1e-12)
    assert out["finish"][1] == pytest.approx(first + engine.iteration_time(roof, [1], [70]), rel=1e-12)


def test_tables_extrapolate_linearly_past_their_end(it):
    """Tables reach 8,192 tokens at least, deep past the knee, where the GEMMs are near-linear."""
    small, big = it.kernel_roof(1024, 4), it.kernel_roof(16384, 4)
    assert small.size == big.size - 8192  # 1,024 asked for, 8,192 built
    assert _cost.batch_time(small, 16384, 1) == pytest.approx(_cost.batch_time(big, 16384, 1), rel=0.02)
    with pytest.raises(ValueError, match="need entries for 0 and 1"):
        _cost.pack(0.0, 0.0, 0.0, np.zeros(1), np.zeros(2))


def test_fp8_compute_on_hopper_and_none_on_ampere():
    bf16 = IterationModel(L70, H100, 4, "fp8", compute_dtype="bf16")
    fp8 = IterationModel(L70, H100, 4, "fp8", compute_dtype="fp8")
    ratio = bf16.point(4096, 0, "prefill").dense_s / fp8.point(4096, 0, "prefill").dense_s
    assert 1.6 < ratio < 2.0  # twice the peak for the GEMMs, the elementwise kernels unchanged
    with pytest.raises(NoFp8, match="A100 80GB SXM has no FP8 tensor cores"):
        IterationModel(L70, engine.gpu("a100-80gb"), 4, "fp8", compute_dtype="fp8")
    with pytest.raises(UnknownPreset, match="FP8 compute multiplies FP8 weights"):
        IterationModel(L70, H100, 4, "fp16", compute_dtype="fp8")


def test_int4_weights_speed_up_decode_not_prefill():
    fp16, int4 = IterationModel(L70, H100, 4), IterationModel(L70, H100, 4, "int4")
    assert fp16.point(1, 0).dense_s / int4.point(1, 0).dense_s > 2.5  # a quarter of the bytes to stream
    assert int4.point(4096, 0, "prefill").dense_s == pytest.approx(fp16.point(4096, 0, "prefill").dense_s, rel=0.05)


def _render(renderable) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=100).print(renderable)
    return " ".join(buffer.getvalue().split())


def test_view_names_the_knee_and_the_fit_error(it):
    text = _render(roofline_view(it, [it.point(t, 512) for t in (1, 4096)], "decode"))
    assert f"compute-bound at {it.knee():,} tokens" in text and "bandwidth" in text and "Vidur" in text


def lab(*args):
    return CliRunner().invoke(cli, ["lab", "roofline", *map(str, args)])


def test_cli_json_and_plot(tmp_path):
    plot = tmp_path / "roofline.png"
    result = lab("--tokens", "1,64,4096", "--json", "--plot", plot)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["model"]["layers"] == 80 and data["tp"] == 4 and data["gpu"] == "H100 SXM"
    point = data["points"][0]
    fields = {"tokens", "context", "dense_s", "attention_s", "allreduce_s", "overhead_s", "total_s", "binds"}
    assert fields <= set(point)
    assert [p["binds"] for p in data["points"]] == ["bandwidth", "bandwidth", "compute"]
    assert plot.read_bytes().startswith(b"\x89PNG") and plot.stat().st_size > 10_000


def test_cli_prints_the_table():
    result = lab("--gpu", "h200", "--tp", "8", "--weight-dtype", "fp8", "--compute-dtype", "fp8")
    assert result.exit_code == 0, result.output
    assert "predicted iteration time" in result.output and "knee" in result.output


@pytest.mark.parametrize("args, needle", [
    (["--gpu", "a100-80gb", "--weight-dtype", "fp8", "--compute-dtype", "fp8"], "has no FP8 tensor cores"),
    (["--tokens", "0"], "whole numbers >= 1"),
    (["--model", "gpt-5"], "unknown model 'gpt-5'"),
    (["--gpu", "tpu"], "unknown GPU 'tpu'"),
    (["--plot", "x.txt"], "must end in .png or .svg"),
])
def test_cli_usage_errors(args, needle):
    result = lab(*args)
    assert result.exit_code == 2 and needle in " ".join(result.output.split()), result.output
