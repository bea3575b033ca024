"""``judge lab plan``: the roofline against hand arithmetic, the kernel's cost mode 1, the
best-first search against brute force on a tiny space, the self-mock, and the CLI."""

import io
import json
import math
from dataclasses import replace

import numpy as np
import pytest
from click.testing import CliRunner
from rich.console import Console

from judge.cli import cli
from judge.errors import InfeasibleShape
from judge.labs.serving import engine, models, plan, plan_try
from judge.labs.serving.plan_views import plan_view, try_view
from solutions.continuous_batching import simulate_numba, simulate_python, simulate_roofline_arrays

L70 = models.model("llama-2-70b")
H100 = engine.gpu("h100-sxm")
TINY = plan.Space(gpus=("h100-sxm", "h200"), tps=(4, 8), max_num_seqs=(32, 256), max_num_batched_tokens=(8192,),
                  chunked_prefill=(True,), weight_dtypes=("fp16", "fp8"), kv_dtypes=("fp16",))
QUESTION = plan.Question(qps=60.0, slo=plan.Slo(ttft=1.0, tpot=0.05), budget=150.0, space=TINY, top=4)


@pytest.fixture(scope="module")
def work():
    return plan.make_workload("sharegpt", 600, 4096, 3)


@pytest.fixture(scope="module")
def searched(work):
    return plan.search(QUESTION, work)


# -- the model of a replica, by hand ------------------------------------------------------------

def test_kv_and_weight_bytes_by_hand():
    assert L70.kv_bytes_per_token("fp16") == 2 * 80 * 8 * 128 * 2 == 327_680
    assert models.model("llama-3-70b").kv_bytes_per_token("fp8") == 163_840
    layer = 8192 * 64 * 128 + 2 * 8192 * 8 * 128 + 64 * 128 * 8192 + 3 * 8192 * 28672  # Q, K and V, O, MLP
    assert L70.params == 80 * layer + 2 * 32_000 * 8192 == 68_975_329_280
    assert L70.weight_bytes("fp16") == 2 * L70.params and L70.weight_bytes("int4") == L70.params / 2


def test_capacity_in_blocks_by_hand():
    # 4 x 80 GB x 0.9 = 288 GB, minus 137.95 GB of weights and 4 x 2 GB reserve; / (16 x 327,680 B).
    free = 288e9 - 2 * 68_975_329_280 - 8e9
    assert engine.kv_blocks(engine.Shape(L70, H100, 4)) == int(free // (16 * 327_680)) == 27_093
    assert engine.kv_blocks(engine.Shape(L70, H100, 4, kv_dtype="fp8")) == int(free // (16 * 163_840))


@pytest.mark.parametrize("name, tp, needle", [
    ("llama-2-70b", 1, "TP=1: 138 GB of weights > 80 GB"),
    ("llama-3-70b", 2, "TP=2: 141 GB of weights + 4 GB reserve leave no KV cache in 144 GB usable"),
])
def test_infeasible_shapes_say_why(name, tp, needle):
    with pytest.raises(InfeasibleShape, match=needle.replace("+", r"\+")):
        engine.kv_blocks(engine.Shape(models.model(name), H100, tp))
    assert engine.kv_blocks(engine.Shape(L70, H100, 1, "int4")) > 0  # 34.5 GB fits on one GPU
    # fp8: 69 GB of weights + 2 GB reserve leave 1 GB of 72 GB usable: 195 blocks, 3,120 tokens.
    assert engine.kv_blocks(engine.Shape(L70, H100, 1, "fp8")) == int((72e9 - 68_975_329_280 - 2e9) // (16 * 327_680))


def test_decode_at_batch_one_reads_the_weights():
    """At one token every GEMM streams its weights: bytes / (HBM · fitted bandwidth efficiency) + launch."""
    it = engine.iteration_model(engine.Shape(L70, H100, 4))
    fit = it.fit
    per_gpu = 855_638_016 * 2 / 4  # one layer's weights on one of 4 GPUs, fp16
    layer = per_gpu / (3.35e12 * fit.bandwidth_eff) + 4 * fit.gemm_fixed_s + 5 * fit.elementwise_fixed_s
    head = 32_000 // 4 * 8192 * 2 / (3.35e12 * fit.bandwidth_eff) + fit.gemm_fixed_s
    point = it.point(1, 0)
    assert point.dense_s == pytest.approx(80 * layer + head, rel=0.01)
    assert point.binds == "bandwidth" and 12e-3 < point.dense_s < 16e-3


def test_prefill_at_100_qps_needs_about_19_h100s():
    # 100 requests/s x 1k-token prompts = 1e5 tokens/s. Per token: 2 x 68.45e9 layer FLOPs at the
    # fitted 77.6% of 989 TFLOP/s (17.8 GPUs), plus the elementwise kernels' bytes (two norms,
    # rotary Q and K, SiLU-and-mul, the residual add: 323.6 kB per layer in bf16) at the fitted
    # elementwise bandwidth (1.2 GPUs). The old constant 50% MFU said 28.3.
    it = engine.iteration_model(engine.Shape(L70, H100, 1, "int4"))
    layers, _ = it.layers_s(np.array([2048, 4096]))
    per_token = (layers[1] - layers[0]) / 2048
    gemm = 2 * 80 * 855_638_016 / (989e12 * it.fit.compute_eff)
    elementwise = (80 * 2 * (2 * 2 * 8192 + 2 * (64 + 8) * 128 + 3 * 28672 + 3 * 8192)
                   / (3.35e12 * it.fit.elementwise_eff))
    assert per_token == pytest.approx(gemm + elementwise, rel=0.01)
    assert 1e5 * per_token == pytest.approx(19.1, abs=0.3)


def test_roofline_is_monotone():
    it4, it8 = (engine.iteration_model(engine.Shape(L70, H100, tp)) for tp in (4, 8))
    times = [it4.point(t, 500).total_s for t in (1, 64, 512, 4096)]
    assert times == sorted(times)
    assert it8.point(4096, 0, "prefill").total_s < it4.point(4096, 0, "prefill").total_s
    assert it8.point(64, 0).allreduce_s > 0 == engine.iteration_model(
        engine.Shape(L70, engine.gpu("h200"), 1, "int4")).point(64, 0).allreduce_s


# -- the kernel's calibrated cost mode ----------------------------------------------------------

def test_cost_mode_one_by_hand():
    """One request, prompt 100, output 3: a prefill iteration then two decode steps."""
    roof = engine.kernel_roof(engine.Shape(L70, H100, 4), max_tokens=512, max_seqs=4)
    config = {"num_blocks": 100, "block_size": 16, "max_num_seqs": 4, "max_num_batched_tokens": 512,
              "chunked_prefill": False}
    out = simulate_roofline_arrays(np.zeros(1), np.array([100]), np.array([3]), config, roof)
    t1 = engine.iteration_time(roof, [100], [0])
    t2 = engine.iteration_time(roof, [1], [100])
    t3 = engine.iteration_time(roof, [1], [101])
    assert out["first"][0] == pytest.approx(t1, rel=1e-12)
    assert out["finish"][0] == pytest.approx(t1 + t2 + t3, rel=1e-12)
    assert list(out["tokens"]) == [100, 1, 1]


def test_linear_mode_is_untouched():
    requests = [[0.0, 40, 5], [0.1, 3, 9], [0.1, 70, 2], [0.4, 12, 12]]
    config = {"num_blocks": 9, "block_size": 16, "max_num_seqs": 3, "max_num_batched_tokens": 96,
              "chunked_prefill": True, "c0": 0.01, "c1": 1e-4, "c2": 1e-6}
    assert simulate_numba(requests, config) == simulate_python(requests, config)


def test_capacity_bound_matches_saturated_simulation():
    """The roofline bound is an upper bound; the simulated saturated throughput (3,000 requests
    at t = 0, so the drain at the end is short next to the run) reaches 70-100% of it."""
    work = plan.make_workload("sharegpt", 3000, 4096, 1)
    for gpu_name, tp, weights, seqs in (("h100-sxm", 4, "fp16", 64), ("h100-sxm", 8, "int4", 256),
                                        ("a100-80gb", 8, "fp16", 256), ("h200", 2, "fp8", 128)):
        shape = plan.shape_of(L70, engine.gpu(gpu_name), tp, weights, "fp16")
        it = engine.iteration_model(shape)
        blocks, roof = engine.kv_blocks(shape), it.kernel_roof(8192, seqs)
        bound = engine.capacity(shape, roof, blocks, seqs, work.prompt, work.output, it.knee(8192)).requests_per_s
        config = {"num_blocks": blocks, "block_size": 16, "max_num_seqs": seqs, "max_num_batched_tokens": 8192,
                  "chunked_prefill": True}
        out = simulate_roofline_arrays(np.zeros(work.prompt.size), work.prompt, work.output, config, roof)
        simulated = work.prompt.size / np.nanmax(out["finish"])
        assert 0.7 * bound <= simulated <= 1.0 * bound, (gpu_name, tp, weights, seqs, simulated, bound)


def test_more_replicas_never_hurt_p99(work):
    q = replace(QUESTION, slo=plan.Slo(ttft=None, tpot=None))
    runs = [plan.evaluate(q, plan.Design("h100-sxm", 4, r, 128, 8192, True), work) for r in (1, 2, 4)]
    assert [o.ttft_p99 for o in runs] == sorted((o.ttft_p99 for o in runs), reverse=True)
    assert [o.cost_per_hour for o in runs] == [4 * 2.99, 8 * 2.99, 16 * 2.99]


# -- the search ---------------------------------------------------------------------------------

def test_search_finds_the_cheapest_passing_design_by_brute_force(work, searched):
    cheapest = math.inf
    for gpu_name in TINY.gpus:
        for tp in TINY.tps:
            for seqs in TINY.max_num_seqs:
                for weights in TINY.weight_dtypes:
                    price = tp * engine.gpu(gpu_name).price_per_hour
                    for replicas in range(1, int(QUESTION.budget // price) + 1):
                        design = plan.Design(gpu_name, tp, replicas, seqs, 8192, True, weights, "fp16")
                        try:
                            outcome = plan.evaluate(QUESTION, design, work)
                        except InfeasibleShape:
                            break
                        if outcome.meets:
                            cheapest = min(cheapest, outcome.cost_per_hour)
                            break
    assert searched.best is not None and searched.best.meets
    assert searched.best.cost_per_hour == pytest.approx(cheapest)
    assert searched.simulations < 64  # best-first: far fewer than the brute force's runs
    costs = [o.cost_per_hour for o in searched.ranked]
    assert costs == sorted(costs) and len({plan._shape_key(o.design) for o in searched.ranked}) == len(costs)


def test_infeasible_shapes_are_reported_not_simulated(work):
    space = replace(TINY, gpus=("h100-sxm",), tps=(1, 2, 4), weight_dtypes=("fp16",), max_num_seqs=(256,))
    result = plan.search(replace(QUESTION, space=space), work)
    assert any(line.startswith("TP=1: 138 GB of weights > 80 GB") for line in result.infeasible)
    assert result.pruned["shape"] == 1 and {o.design.tp for o in result.evaluated} <= {2, 4}


def test_nothing_fits_names_the_budget_that_would(work):
    q = replace(QUESTION, budget=10.0)
    result = plan.search(q, work)
    assert result.best is None
    text = " ".join(result.advice)
    assert "raise --budget to" in text and ("binds" in text)


def test_tight_slo_says_what_to_relax(work):
    q = replace(QUESTION, slo=plan.Slo(ttft=0.01, tpot=0.05))
    result = plan.search(q, work)
    assert result.best is None and "--p99-ttft" in " ".join(result.advice)


# -- the self-mock ------------------------------------------------------------------------------

def test_try_grades_a_failing_design_and_fixes_it(work, searched):
    mine = plan_try.parse_design("gpu=h100-sxm,tp=4,replicas=1,max_num_seqs=256")
    tried = plan_try.try_design(QUESTION, mine, work, searched)
    assert tried.outcome is not None and not tried.outcome.meets
    assert tried.fixes and all(fixed.meets for _, fixed in tried.fixes)
    assert any(change.startswith("replicas=") for change, _ in tried.fixes)
    text = _render(try_view(tried, "mine"))
    assert "misses the SLOs" in text and "Fix: replicas=" in text


def test_try_grades_a_passing_design_against_the_optimum(work, searched):
    tried = plan_try.try_design(QUESTION, plan.Design("h200", 8, 4, 256, 8192, True), work, searched)
    assert tried.outcome.meets and not tried.fixes
    assert "above the optimum" in _render(try_view(tried, "mine"))


def test_try_explains_an_infeasible_shape(work, searched):
    tried = plan_try.try_design(QUESTION, plan_try.parse_design("gpu=h100-sxm,tp=1,replicas=8"), work, searched)
    assert tried.outcome is None and "138 GB of weights > 80 GB" in tried.infeasible
    assert tried.fixes and "tp=" in tried.fixes[0][0]


@pytest.mark.parametrize("text, needle", [
    ("gpu=h999,tp=4,replicas=2", "not a GPU preset"),
    ("gpu=h100-sxm,tp=3,replicas=2", "must be one of 1, 2, 4, 8"),
    ("gpu=h100-sxm,tp=4", "lacks replicas"),
    ("gpu=h100-sxm,tp=4,replicas=2,weights=int3", "is not one of fp16, fp8, int4"),
    ("gpu=h100-sxm,tp=4,replicas=2,colour=red", "is not KEY=VALUE"),
])
def test_parse_design_rejects_with_the_fix(text, needle):
    with pytest.raises(plan.InvalidInput, match=needle):
        plan_try.parse_design(text)


# -- views and CLI ------------------------------------------------------------------------------

def _render(renderable) -> str:
    buffer = io.StringIO()
    Console(file=buffer, width=100).print(renderable)
    return " ".join(buffer.getvalue().split())


def test_view_shows_the_answer_and_units(searched):
    text = _render(plan_view(searched))
    assert "Answer:" in text and "/hour" in text and " ms" in text and "req/s" in text


TINY_ARGS = ["--gpu", "h100-sxm,h200", "--tp", "4,8", "--max-num-seqs", "32,256", "--max-num-batched-tokens", "8192",
             "--chunked-prefill", "on", "--weight-dtypes", "fp16,fp8", "--kv-dtypes", "fp16", "--qps", "60",
             "--p99-ttft", "1", "--p99-tpot", "0.05", "--budget", "150", "--requests", "600", "--seed", "3"]


def lab(*args):
    return CliRunner().invoke(cli, ["lab", "plan", *map(str, args)])


def test_cli_json_has_the_same_facts(searched, tmp_path):
    plot = tmp_path / "frontier.png"
    result = lab(*TINY_ARGS, "--json", "--try", "gpu=h100-sxm,tp=4,replicas=1", "--plot", plot)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"question", "search", "best", "ranked", "infeasible", "advice", "try", "error_band"}
    assert data["best"]["cost_per_hour"] == pytest.approx(searched.best.cost_per_hour)
    assert {"design", "cost_per_hour", "gpus", "ttft_p99", "tpot_p99", "requests_per_s", "kv_utilization",
            "preemptions", "binding", "meets"} <= set(data["ranked"][0])
    assert data["try"]["outcome"]["meets"] is False and data["try"]["fixes"]
    assert data["search"]["requests_per_simulation"] == 600
    assert plot.stat().st_size > 10_000


def test_cli_prints_the_answer():
    result = lab(*TINY_ARGS)
    assert result.exit_code == 0, result.output
    assert "Answer:" in result.output and "the cheapest passing design of each replica shape" in result.output


@pytest.mark.parametrize("args, needle", [
    (["--try", "gpu=h999,tp=4,replicas=2"], "gpu='h999' is not a GPU preset"),
    (["--tp", "3"], "must list TP degrees from 1, 2, 4, 8"),
    (["--gpu", "tpu"], "'tpu' is not one of"),
    (["--price", "h100-sxm=free"], "is not GPU=$/hour"),
    (["--workload", "missing.jsonl"], "'missing.jsonl' does not exist"),
    (["--model", "gpt-5"], "unknown model 'gpt-5'"),
    (["--max-num-seqs", "0"], "whole numbers >= 1"),
    (["--plot", "frontier.txt"], "must end in .png or .svg"),
    (["--qps", "0"], "--qps"),
])
def test_cli_usage_errors_name_the_value_and_the_fix(args, needle):
    result = lab(*args)
    assert result.exit_code == 2 and needle in " ".join(result.output.split()), result.output


def test_a_growing_queue_is_caught():
    """Requests that arrive but get no first token pile up: count them at two moments by hand."""
    arrival = np.arange(10.0)
    first = np.array([0.5, 1.5, 2.5, 3.5, 8.0, 9.5, np.nan, np.nan, np.nan, np.nan])
    # At t = 2 (the first measured arrival): 3 arrived, 2 started, 1 waits. At t = 9 (the last):
    # 10 arrived, 5 started (0.5, 1.5, 2.5, 3.5, 8.0), 5 wait. The queue grew by 4.
    assert plan._backlog_growth(arrival, first, 2) == 4
    steady = arrival + 0.5
    assert plan._backlog_growth(arrival, steady, 2) == 0
