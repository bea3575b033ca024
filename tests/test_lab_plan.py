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
from judge.labs import engine, models, plan, plan_try
from judge.labs.plan_views import plan_view, try_view
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
    assert L70.weight_bytes("fp16") == 140e9 and L70.weight_bytes("fp8") == 70e9 and L70.weight_bytes("int4") == 35e9


def test_capacity_in_blocks_by_hand():
    # 4 x 80 GB x 0.9 = 288 GB, minus 140 GB of weights and 4 x 2 GB reserve = 140 GB; / (16 x 327,680 B).
    assert engine.kv_blocks(engine.Shape(L70, H100, 4)) == int(140e9 // (16 * 327_680)) == 26_702
    assert engine.kv_blocks(engine.Shape(L70, H100, 4, kv_dtype="fp8")) == int(140e9 // (16 * 163_840))


@pytest.mark.parametrize("tp, weights, needle", [
    (1, "fp16", "TP=1: 140 GB of weights > 80 GB"),
    (2, "fp16", "TP=2: 140 GB of weights + 4 GB reserve leave no KV cache in 144 GB usable"),
    (1, "fp8", "TP=1: 70 GB of weights + 2 GB reserve leave no KV cache in 72 GB usable"),
])
def test_infeasible_shapes_say_why(tp, weights, needle):
    with pytest.raises(engine.InfeasibleShape, match=needle.replace("+", r"\+")):
        engine.kv_blocks(engine.Shape(L70, H100, tp, weights))
    assert engine.kv_blocks(engine.Shape(L70, H100, 1, "int4")) > 0  # 35 GB fits on one GPU


def test_decode_at_batch_one_reads_the_weights():
    eff = engine.Efficiency()
    roof = engine.roofline(engine.Shape(L70, H100, 4), eff)
    weights = 140e9 / (4 * 3.35e12 * 0.7)
    assert roof[2] == pytest.approx(weights) and weights == pytest.approx(14.925e-3, rel=1e-3)
    step = engine.iteration_time(roof, 1, 200, 200)
    assert step == pytest.approx(weights + 200 * roof[3] + roof[4] + 2 * 80 * 5e-6 + 0.002)


def test_prefill_at_100_qps_needs_about_28_h100s():
    # 100 requests/s x 1k-token prompts = 1e5 tokens/s; 2 x 70e9 x 1e5 = 1.4e16 FLOP/s at 50% MFU.
    roof = engine.roofline(engine.Shape(L70, H100, 1))
    assert 1e5 * roof[0] == pytest.approx(1.4e16 / (989e12 * 0.5)) == pytest.approx(28.3, abs=0.05)


def test_roofline_is_monotone():
    roof4, roof8 = (engine.roofline(engine.Shape(L70, H100, tp)) for tp in (4, 8))
    times = [engine.iteration_time(roof4, t, t * 500, 500 * b) for t, b in ((1, 1), (64, 64), (512, 64), (4096, 64))]
    assert times == sorted(times)
    assert engine.iteration_time(roof8, 4096, 4096 * 2048, 4096) < engine.iteration_time(roof4, 4096, 4096 * 2048, 4096)
    assert roof8[4] > roof4[4] > 0 == engine.roofline(engine.Shape(L70, engine.gpu("h200"), 1, "int4"))[4]


# -- the kernel's roofline cost mode ------------------------------------------------------------

def test_cost_mode_one_by_hand():
    """One request, prompt 100, output 3: a prefill iteration then two decode steps."""
    roof = engine.roofline(engine.Shape(L70, H100, 4))
    config = {"num_blocks": 100, "block_size": 16, "max_num_seqs": 4, "max_num_batched_tokens": 512,
              "chunked_prefill": False}
    out = simulate_roofline_arrays(np.zeros(1), np.array([100]), np.array([3]), config, roof)
    t1 = engine.iteration_time(roof, 100, 100 * 101 / 2, 100)
    t2 = engine.iteration_time(roof, 1, 101, 101)
    t3 = engine.iteration_time(roof, 1, 102, 102)
    assert out["first"][0] == t1 and out["finish"][0] == pytest.approx(t1 + t2 + t3, rel=1e-15)
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
        shape = engine.Shape(L70, engine.gpu(gpu_name), tp, weights)
        blocks, roof = engine.kv_blocks(shape), engine.roofline(shape)
        bound = engine.capacity(shape, roof, blocks, seqs, work.prompt, work.output).requests_per_s
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
                        except engine.InfeasibleShape:
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
    assert any(line.startswith("TP=1: 140 GB of weights > 80 GB") for line in result.infeasible)
    assert any(line.startswith("TP=2: 140 GB of weights + 4 GB reserve") for line in result.infeasible)
    assert result.pruned["shape"] == 2 and {o.design.tp for o in result.evaluated} == {4}


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
    assert tried.outcome is None and "140 GB of weights > 80 GB" in tried.infeasible
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
    assert set(data) == {"question", "search", "best", "ranked", "infeasible", "advice", "try"}
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
    (["--model", "gpt-5"], "'gpt-5' is not a model preset"),
    (["--max-num-seqs", "0"], "whole numbers >= 1"),
    (["--plot", "frontier.txt"], "must end in .png or .svg"),
    (["--qps", "0"], "--qps"),
])
def test_cli_usage_errors_name_the_value_and_the_fix(args, needle):
    result = lab(*args)
    assert result.exit_code == 2 and needle in " ".join(result.output.split()), result.output
