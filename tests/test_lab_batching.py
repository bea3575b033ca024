import json
import math

import pytest
from click.testing import CliRunner

from judge.cli import cli
from judge.labs.serving.batching import measure, nearest_rank
from solutions import static_batching


def test_percentiles_are_nearest_rank():
    values = list(range(1, 11))
    assert [nearest_rank(values, p) for p in (0.5, 0.9, 0.99)] == [5, 9, 10]
    assert nearest_rank([], 0.5) is None


def test_static_batching_reports_each_requests_largest_token_gap():
    config = {"num_blocks": 8, "block_size": 4, "c0": 1.0, "c1": 0.5, "c2": 0.25, "max_batch_size": 4}
    requests = [[0.0, 2, 3], [0.0, 1, 1]]
    results, trace = static_batching.simulate_with_trace(requests, config)
    # One batch of two: prefill 2*2 tokens, then decode steps k=1,2 of 2 tokens, ctx 2*(2+k).
    assert list(trace["duration"]) == [1 + 0.5 * 4 + 0.25 * 4, 1 + 0.5 * 2 + 0.25 * 6, 1 + 0.5 * 2 + 0.25 * 8]
    assert trace["max_gap"][0] == 1 + 0.5 * 2 + 0.25 * 8  # the step that emitted its third token
    assert math.isnan(trace["max_gap"][1])  # one output token: no gap


def test_measure_counts_goodput_against_both_slos():
    requests = [[0.0, 1, 3], [0.0, 1, 1], [1.0, 1, 2]]
    results = [[1.0, 3.0, 0], [0.5, 0.5, 0], [None, None, 0]]
    trace = {"duration": [1.0, 2.0], "free_blocks": [6, 8]}
    run = measure("p", "k=1", requests, results, trace, num_blocks=8, slo_ttft=0.75, slo_tpot=10.0)
    assert run.rejected == 1 and run.makespan_s == 3.0
    assert run.goodput_per_s == pytest.approx(1 / 3)  # only the second meets TTFT <= 0.75
    assert run.tpot["p50"] == 1.0 and run.kv_utilization == pytest.approx(2.0 / (8 * 3.0))


def lab(*args):
    return CliRunner().invoke(cli, ["lab", "batching", *map(str, args)])


def test_lab_shows_continuous_batchings_advantage():
    result = lab("--requests", "200", "--json")
    assert result.exit_code == 0, result.output
    runs = {run["policy"]: run for run in json.loads(result.output)["policies"]}
    assert runs["continuous-batching"]["tokens_per_s"] > runs["static-batching"]["tokens_per_s"]
    assert runs["continuous-batching"]["e2e"]["p99"] < runs["static-batching"]["e2e"]["p99"]
    assert all(run["max_gap"]["p99"] is not None for run in runs.values())


def test_sweep_trades_latency_for_throughput(tmp_path):
    plot = tmp_path / "sweep.png"
    result = lab("--requests", "150", "--sweep", "max_num_seqs=2,64", "--plot", plot, "--json")
    assert result.exit_code == 0, result.output
    small, large = json.loads(result.output)["sweep"]
    assert small["tokens_per_s"] < large["tokens_per_s"]
    assert plot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "args, needle",
    [(["--sweep", "batch=1,2"], "KEY=N,N"), (["--plot", "x.png"], "--plot draws a sweep"),
     (["--gpu", "tpu"], "unknown GPU"), (["--tp", "1", "--model", "llama-2-70b"], "TP=1")],
)
def test_bad_lab_options_are_usage_errors(args, needle):
    result = lab(*args)
    assert result.exit_code == 2 and needle in " ".join(result.output.split())


def test_engine_constants_can_be_given_directly():
    result = lab("--requests", "50", "--c0", "0.01", "--c1", "0", "--c2", "0", "--num-blocks", "4096", "--json")
    data = json.loads(result.output)
    assert "overridden: num_blocks=4096, c0=0.01, c1=0, c2=0" in data["engine"]
    static = data["policies"][0]
    assert static["tpot"]["p50"] == pytest.approx(0.01)  # every decode step costs c0 alone
