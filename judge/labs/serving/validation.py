"""Published end-to-end serving results, reproduced by the kit: the error band the labs print.

ROWS is docs/validation.md's table as data: each row names its source, the setup, the kit
command that reproduces it and how the kit's figure is read off. ``reproduce(row)`` runs the
same lab code as that command; ``compute()`` gives every row's kit figure and error, which
``results.json`` stores and tests/test_lab_validation.py recomputes. A row is reproducible when
the source states the figure and enough of the setup to run it; the band counts those within
the issue's ±25% and says how many there are.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

RESULTS = resources.files("judge.labs") / "data" / "validation" / "results.json"
VALIDATION = resources.files("judge.labs") / "data" / "validation"
TARGET = 0.25

MLPERF_H100 = "mlcommons/inference_results_v4.1, closed/NVIDIA/results/DGX-H100_H100-SXM-80GBx8_TRT/llama2-70b-99.9"
MLPERF_H200 = "mlcommons/inference_results_v4.1, closed/NVIDIA/results/H200-SXM-141GBx8_TRT/llama2-70b-99"
VLLM_V060 = ("vLLM blog, 'vLLM v0.6.0: 2.7x Throughput Improvement and 5x Latency Reduction' (2024-09-05), "
             "overall_throughput.png")


@dataclass(frozen=True)
class Row:
    name: str
    source: str
    date: str
    setup: str
    published: float | None  # None: the source gives no number the kit can compare
    unit: str  # "output tokens/s", "requests/s"
    kind: str  # "offline": all requests at once; "server": the highest Poisson rate meeting the SLOs
    model: str
    gpu: str
    tp: int
    replicas: int
    weights: str = "fp16"
    kv: str = "fp16"
    workload: str = "sharegpt"
    requests: int = 1000
    max_num_seqs: int = 256
    max_num_batched_tokens: int = 8192
    chunked_prefill: bool = True
    max_model_len: int = 2048
    slo: tuple[float, float] = (2.0, 0.2)  # server: P99 TTFT, P99 TPOT
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def reproducible(self) -> bool:
        return self.published is not None

    def command(self) -> str:
        model = self.model if not self.model.endswith(".json") else f"judge/labs/data/validation/{self.model}"
        common = (f"--model {model} --gpu {self.gpu} --tp {self.tp} --weight-dtype {self.weights} "
                  f"--kv-dtype {self.kv} --max-num-seqs {self.max_num_seqs} --max-num-batched-tokens "
                  f"{self.max_num_batched_tokens} --{'' if self.chunked_prefill else 'no-'}chunked-prefill")
        if self.kind == "offline":
            times = f" (x {self.replicas} replicas)" if self.replicas > 1 else ""
            return (f"judge lab batching {common} --workload {self.workload} --requests {self.requests} --rate 1e9 "
                    f"--max-model-len {self.max_model_len} "
                    f"--json: continuous-batching {'tokens_per_s' if 'tokens' in self.unit else 'requests_per_s'}"
                    f"{times}")
        design = (f"gpu={self.gpu},tp={self.tp},replicas={self.replicas},weights={self.weights},kv={self.kv},"
                  f"max_num_seqs={self.max_num_seqs},max_num_batched_tokens={self.max_num_batched_tokens},"
                  f"chunked_prefill={'on' if self.chunked_prefill else 'off'}")
        return (f"judge lab plan --model {model} --workload {self.workload} --max-model-len {self.max_model_len} "
                f"--p99-ttft {self.slo[0]:g} --p99-tpot {self.slo[1]:g} --qps Q --try {design}: the highest Q it meets")


ROWS = (
    Row("MLPerf v4.1 Llama-2-70B Offline, 8x H100", MLPERF_H100, "2024-08-28",
        "TensorRT-LLM, FP8 weights and KV cache, OpenOrca (24,576 samples, <= 1,024 tokens in and out), all "
        "queries at once (200,640 of them, samples_per_query in the log); kit: 4 replicas of TP 2, 50,160 requests "
        "each", 24524.9, "output tokens/s", "offline", "llama-2-70b", "h100-sxm", 2, 4, "fp8", "fp8", "openorca-mlperf",
        50160, 512),
    Row("MLPerf v4.1 Llama-2-70B Offline, 8x H200", MLPERF_H200, "2024-08-28",
        "as above on 8x H200 SXM 141 GB, 274,560 queries; kit: 8 replicas of TP 1, 34,320 requests each", 31302.7,
        "output tokens/s", "offline", "llama-2-70b", "h200", 1, 8, "fp8", "fp8", "openorca-mlperf", 34320, 512),
    Row("MLPerf v4.1 Llama-2-70B Server, 8x H100", MLPERF_H100, "2024-08-28",
        "Poisson queries, P99 TTFT <= 2 s and P99 TPOT <= 200 ms; published: 74.42 completed samples/s "
        "(21,605.79 tokens/s); kit: 4 replicas of TP 2", 74.42, "requests/s", "server", "llama-2-70b", "h100-sxm", 2,
        4, "fp8", "fp8", "openorca-mlperf", 10000, 512),
    Row("MLPerf v4.1 Llama-2-70B Server, 8x H200", MLPERF_H200, "2024-08-28",
        "as above on 8x H200; published: 100.35 completed samples/s (29,228.22 tokens/s); kit: 8 replicas of TP 1",
        100.35, "requests/s", "server", "llama-2-70b", "h200", 1, 8, "fp8", "fp8", "openorca-mlperf", 10000, 512),
    Row("vLLM v0.6.0 Llama-3-8B, 1x H100", VLLM_V060, "2024-09-05",
        "500 ShareGPT prompts (mean 202 in, 179 out) all at once, bf16, --num-scheduler-steps 10; read off the bar "
        "chart (about 36.5, +-0.5)", 36.5, "requests/s", "offline", "llama-3-8b", "h100-sxm", 1, 1,
        workload="sharegpt-vllm-bench", requests=500, chunked_prefill=False, max_model_len=8192,
        note="All 500 start at once, so the makespan is set by the longest outputs: the kit's lognormal lengths "
             "(sigma 1) have a longer tail than the real sample; with sigma 0.7 and the same means the kit "
             "gives 36.7."),
    Row("vLLM v0.6.0 Llama-3-70B, 4x H100", VLLM_V060, "2024-09-05",
        "as above, TP 4; read off the bar chart (about 17.4, +-0.3)", 17.4, "requests/s", "offline", "llama-3-70b",
        "h100-sxm", 4, 1, workload="sharegpt-vllm-bench", requests=500, chunked_prefill=False, max_model_len=8192,
        note="The same tail, and the all-reduce: the kit uses NCCL's measured times, vLLM its custom all-reduce, "
             "faster for small messages; 160 all-reduces per step at TP 4."),
    Row("vLLM launch: LLaMA-13B, 1x A100 40GB", "vLLM blog, 'vLLM: Easy, Fast, and Cheap LLM Serving with "
        "PagedAttention' (2023-06-20), perf_a100_n1 figure", "2023-06-20",
        "ShareGPT lengths, one output per request; published 154.2 requests/min", 154.2 / 60, "requests/s", "offline",
        "llama-13b.json", "a100-40gb", 1, 1, workload="sharegpt", requests=1000, chunked_prefill=False,
        note="Memory-bound: 13B's multi-head KV cache (800 kB per token) fills the 8 GB left after weights and "
             "reserve, so preemption recomputes; the number of requests and the lengths' tail are not stated."),
    Row("vLLM paper: OPT-13B, 1x A100 40GB, ShareGPT", "Kwon et al., 'Efficient Memory Management for Large "
        "Language Model Serving with PagedAttention', SOSP 2023, Fig. 12a", "2023-10",
        "normalized latency against request rate; the paper states its rates only as curves", None, "requests/s",
        "offline", "opt-13b.json", "a100-40gb", 1, 1, workload="sharegpt", requests=1000, chunked_prefill=False,
        note="Not reproducible here: the rates are points on a plot this session could not read; the kit's "
             "saturated rate is given for when someone reads the figure."),
    Row("vLLM paper: OPT-66B, 4x A100 40GB, ShareGPT", "Kwon et al., SOSP 2023, Fig. 12a", "2023-10",
        "as above, TP 4", None, "requests/s", "offline", "opt-66b.json", "a100-40gb", 4, 1, workload="sharegpt",
        requests=1000, chunked_prefill=False, note="Not reproducible here, as above."),
)


def _model(row: Row):
    from judge.labs.serving import models

    name = row.model
    if name.endswith(".json"):
        name = str(VALIDATION / name)
    return models.model(name)


def _offline(row: Row) -> float:
    """The batching lab's continuous-batching run of ``row.requests`` arriving at once."""
    from judge.labs.serving import batching, engine, workloads
    from judge.labs.serving.plan import shape_of

    model = _model(row)
    shape = shape_of(model, engine.gpu(row.gpu), row.tp, row.weights, row.kv)
    constants = engine.derive(model, shape.gpu, row.tp, 16, row.weights, row.kv, shape.compute_dtype,
                              max_tokens=row.max_num_batched_tokens, max_seqs=row.max_num_seqs)
    stream = workloads.poisson_arrivals(workloads.sample(row.workload, row.requests, row.max_model_len, 0), 1e9, 0)
    settings = batching.LabSettings(constants, max_num_seqs=row.max_num_seqs,
                                    max_num_batched_tokens=row.max_num_batched_tokens,
                                    chunked_prefill=row.chunked_prefill)
    config = batching.configs(settings)["continuous-batching"]
    run = batching.run_policy("continuous-batching", stream, config, "", 2.0, 0.2)
    per_replica = run.tokens_per_s if "tokens" in row.unit else run.requests_per_s
    return per_replica * row.replicas


def _server(row: Row) -> float:
    """The highest Poisson rate (to 1%) at which the design meets P99 TTFT and TPOT, by bisection."""
    from judge.labs.serving import plan

    question = plan.Question(model=str(VALIDATION / row.model) if row.model.endswith(".json") else row.model,
                             slo=plan.Slo(*row.slo))
    work = plan.make_workload(row.workload, row.requests, row.max_model_len, 0)
    design = plan.Design(row.gpu, row.tp, row.replicas, row.max_num_seqs, row.max_num_batched_tokens,
                         row.chunked_prefill, row.weights, row.kv)
    low, high = 1.0, 1000.0
    while high / low > 1.01:
        mid = math.sqrt(low * high)
        if plan.evaluate(plan.replace(question, qps=mid), design, work).meets:
            low = mid
        else:
            high = mid
    return low


def reproduce(row: Row) -> float:
    return _offline(row) if row.kind == "offline" else _server(row)


def compute() -> list[dict[str, Any]]:
    out = []
    for row in ROWS:
        kit = reproduce(row)
        error = kit / row.published - 1 if row.published else None
        out.append({"name": row.name, "source": row.source, "date": row.date, "setup": row.setup,
                    "published": row.published, "unit": row.unit, "command": row.command(), "kit": kit,
                    "error": error, "reproducible": row.reproducible,
                    "within": error is not None and abs(error) <= TARGET, "note": row.note})
    return out


def stored() -> list[dict[str, Any]]:
    return json.loads(RESULTS.read_text(encoding="utf-8"))["rows"]


def band(rows: list[dict[str, Any]] | None = None) -> tuple[float, int, int]:
    """(largest |error| among the reproducible rows within ±25%, how many those are, how many reproducible)."""
    rows = stored() if rows is None else rows
    reproducible = [r for r in rows if r["reproducible"]]
    inside = [abs(r["error"]) for r in reproducible if r["within"]]
    return (max(inside) if inside else 0.0), len(inside), len(reproducible)


def band_line() -> str:
    worst, inside, total = band()
    return (f"Validated against published results: throughput within ±{math.ceil(worst * 100)}% on {inside} of "
            f"{total} reproducible setups (MLPerf v4.1, vLLM); the rest and why: docs/validation.md.")


def write() -> None:  # pragma: no cover - run by hand after the model changes: python -m judge.labs.serving.validation
    with open(str(RESULTS), "w", encoding="utf-8") as f:
        json.dump({"rows": compute()}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":  # pragma: no cover
    write()
