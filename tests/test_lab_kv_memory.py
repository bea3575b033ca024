import json

import pytest
from click.testing import CliRunner

from judge.cli import cli
from judge.labs.serving import kv_memory, workloads
from judge.labs.serving.models import model


def lab(*args):
    return CliRunner().invoke(cli, ["lab", "kv-memory", *map(str, args)])


def test_llama_2_70b_holds_327680_bytes_of_kv_per_token():
    assert model("llama-2-70b").kv_bytes_per_token("fp16") == 327_680
    assert model("llama-3-70b").kv_bytes_per_token("fp8") == 163_840


def test_presets_match_the_published_means():
    pairs = workloads.sample("sharegpt", 20_000, 4096, seed=1)
    prompt = sum(p for p, _ in pairs) / len(pairs)
    output = sum(o for _, o in pairs) / len(pairs)
    assert prompt == pytest.approx(161.31, rel=0.05) and output == pytest.approx(337.99, rel=0.1)


def test_default_lab_reproduces_the_papers_picture():
    result = lab("--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    naive, *paged = data["schemes"]
    assert 0.1 < naive["utilization"] < 0.5
    block16 = next(s for s in paged if s["block_size"] == 16)
    assert 1 - block16["utilization"] < 0.04 and block16["concurrent"] > 3 * naive["concurrent"]
    waste = [1 - s["utilization"] for s in paged]
    assert waste == sorted(waste)  # bigger blocks waste more of their last block
    assert all(s["saved"] > 0 for s in data["sharing"])


def test_the_numba_allocator_measures_the_same():
    from functools import partial

    from solutions.paged_kv_allocator import FORMS

    pairs = workloads.sample("alpaca", 300, 512, seed=3)
    args = ("m", 327_680, 2**30, "alpaca", pairs, 512)
    python = kv_memory.to_json(kv_memory.run(FORMS["python"], *args, sharing_requests=50))
    numba = kv_memory.to_json(kv_memory.run(partial(FORMS["numba"], max_seqs=2048), *args, sharing_requests=50))
    assert python == numba


def test_a_users_jsonl_workload(tmp_path):
    path = tmp_path / "mine.jsonl"
    path.write_text('{"prompt_len": 100, "output_len": 20}\n[50, 50]\n\n')
    data = json.loads(lab("--json", "--workload", path).output)
    assert data["requests"] == 2 and data["mean_prompt"] == 75


@pytest.mark.parametrize(
    "content, needle",
    [("{bad\n", "line 1 is not"), ('[3000, 10]\n', "exceed max_model_len"), ("\n", "holds no requests")],
)
def test_a_bad_jsonl_line_is_named(tmp_path, content, needle):
    path = tmp_path / "w.jsonl"
    path.write_text(content)
    result = lab("--workload", path)
    assert result.exit_code == 2 and needle in result.output


def test_unknown_model_lists_the_known_ones():
    result = lab("--model", "gpt-5")
    assert result.exit_code == 2 and "llama-2-70b" in result.output


def test_the_report_compares_with_the_paper():
    result = lab("--requests", "500")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "the vLLM paper reports 20.4%-38.3%" in text and "fits" in text and "as many sequences" in text


def test_both_free_orders_are_compared_on_the_shared_prompt_workload():
    data = json.loads(lab("--json", "--requests", "300").output)
    reuse = data["reuse"]
    assert [r["order"] for r in reuse] == ["fifo", "lifo"] * 3 and data["reuse_concurrency"] == 8
    for fifo, lifo in zip(reuse[::2], reuse[1::2]):
        assert fifo["num_blocks"] == lifo["num_blocks"] and 0 < fifo["hit_rate"] < 1
        # LIFO reuses first only blocks that no prefix can hit, so it never loses a hit here
        assert lifo["cached_tokens"] >= fifo["cached_tokens"]
    tight, roomy = reuse[0:2], reuse[4:6]
    assert tight[0]["hit_rate"] < roomy[0]["hit_rate"]  # a tight pool evicts cached prefixes
    text = " ".join(lab("--requests", "300").output.split())
    assert "by free order" in text and "vLLM 0.24.0-0.33.0" in text


def test_prefix_reuse_serves_the_same_requests_in_both_orders():
    from solutions.prefix_cache import PrefixCachingAllocator

    pairs = workloads.sample("sharegpt", 60, 1024, seed=2)
    runs = [kv_memory.prefix_reuse(PrefixCachingAllocator, order, 400, 16, 256, pairs, 4) for order in ("fifo", "lifo")]
    assert runs[0].prompt_tokens == runs[1].prompt_tokens > 0
    assert runs[0].cached_tokens <= runs[1].cached_tokens
