"""Rich renderables for the labs; built here, printed by the CLI."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.labs.serving.kv_memory import KvMemoryResult
from judge.reporting.format import human_bytes, latency

# Kwon et al., SOSP 2023, section 2.3 and Fig. 2: what earlier systems kept in real tokens.
PAPER_NAIVE = (0.204, 0.383)
PAPER_PAGED_WASTE = 0.04


def kv_memory_view(result: KvMemoryResult) -> RenderableType:
    head = Text(
        f"{result.model}: {result.kv_bytes_per_token:,} bytes of KV cache per token; a budget of "
        f"{human_bytes(result.budget_bytes)} holds {result.budget_tokens:,} tokens. Workload: {result.workload}, "
        f"{result.requests} requests, mean prompt {result.mean_prompt:.0f} and output {result.mean_output:.0f} "
        f"tokens, max_model_len {result.max_model_len}. Sequences: how many fit at once, each at full length."
    )
    table = Table(title="reserved KV memory that holds real tokens", title_justify="left")
    for column in ("allocator", "sequences", "reserved", "used tokens", "used", "wasted"):
        table.add_column(column, justify="left" if column == "allocator" else "right")
    for s in result.schemes:
        table.add_row(s.name, f"{s.concurrent:,}", f"{s.reserved_tokens:,}", f"{s.used_tokens:,}",
                      f"{s.utilization:.1%}", f"{1 - s.utilization:.1%}")
    sharing = Table(title="memory saved by sharing blocks (fork + copy-on-write)", title_justify="left")
    for column in ("shared", "block", "blocks alone", "blocks shared", "copies", "saved"):
        sharing.add_column(column, justify="left" if column == "shared" else "right")
    for s in result.sharing:
        sharing.add_row(s.name, str(s.block_size), f"{s.blocks_without:,}", f"{s.blocks_with:,}", str(s.copies),
                        f"{s.saved:.1%}")
    parts = [head, Text(""), table, sharing]
    if result.reuse:
        parts.append(reuse_table(result))
    return Group(*parts, Text(""), *[Text("• " + line) for line in summary(result)])


def reuse_table(result: KvMemoryResult) -> Table:
    """Prefix-cache hit rate in both free orders, one row per pool size."""
    table = Table(title=f"prefix-cache hits on the shared-prompt workload, {result.reuse_concurrency} running, "
                        "by free order", title_justify="left")
    for column in ("pool (blocks)", "prompt tokens", "hit rate, FIFO", "hit rate, LIFO", "LIFO − FIFO"):
        table.add_column(column, justify="right")
    for fifo, lifo in _reuse_pairs(result):
        prompts = f"{fifo.prompt_tokens:,}" if fifo.prompt_tokens == lifo.prompt_tokens else \
            f"{fifo.prompt_tokens:,} / {lifo.prompt_tokens:,}"  # waits differ, and so do the follow-ups
        table.add_row(f"{fifo.num_blocks:,}", prompts, f"{fifo.hit_rate:.2%}",
                      f"{lifo.hit_rate:.2%}", f"{lifo.cached_tokens - fifo.cached_tokens:+,} tokens")
    return table


def _reuse_pairs(result: KvMemoryResult) -> list:
    by = {(r.num_blocks, r.order): r for r in result.reuse}
    return [(by[n, "fifo"], by[n, "lifo"]) for n in sorted({r.num_blocks for r in result.reuse})]


def summary(result: KvMemoryResult) -> list[str]:
    naive = result.schemes[0]
    paged = next((s for s in result.schemes[1:] if s.block_size == 16), result.schemes[-1])
    low, high = PAPER_NAIVE
    return [
        f"The naive allocator uses {naive.utilization:.1%} of what it reserves; the vLLM paper reports "
        f"{low:.1%}-{high:.1%} for earlier systems: "
        + ("inside that range." if low <= naive.utilization <= high else "outside that range, for this workload."),
        f"Paging with blocks of {paged.block_size} wastes {1 - paged.utilization:.1%} (the paper: under "
        f"{PAPER_PAGED_WASTE:.0%}) and fits {paged.concurrent / max(naive.concurrent, 1):.1f}x as many sequences "
        f"({paged.concurrent} against {naive.concurrent}).",
        "Smaller blocks waste less of the last block but cost more table entries and lookups; "
        "the table above shows the waste fall with the block size.",
    ] + reuse_summary(result)


def reuse_summary(result: KvMemoryResult) -> list[str]:
    if not result.reuse:
        return []
    tight, *_ = _reuse_pairs(result)
    fifo, lifo = tight
    return [
        f"Free order: FIFO puts every freed block on the tail (prefix-cache; vLLM v1 up to 0.23.0); LIFO puts a "
        f"freed block that holds no cache entry at the front (prefix-cache-lifo; vLLM 0.24.0-0.33.0). With "
        f"{fifo.num_blocks:,} blocks the hit rate is {fifo.hit_rate:.2%} against {lifo.hit_rate:.2%}: nearly every "
        "freed block here is full and cached, so LIFO moves only the partly filled last blocks, which no prefix "
        "could hit, out of the cached blocks' way.",
    ]


def batching_view(runs: list, title: str, head: str) -> RenderableType:
    table = Table(title=title, title_justify="left")
    table.add_column("metric")
    for run in runs:
        knob = run.knob.replace("=", "\n= ")  # narrow columns: the setting's name, then its value
        table.add_column(f"{run.policy.replace('-batching', '')}\n{knob}", justify="right")
    rows = [
        ("TTFT p50 / p99", lambda r: f"{latency(r.ttft['p50'])} / {latency(r.ttft['p99'])}"),
        ("TPOT p50 / p99", lambda r: f"{latency(r.tpot['p50'])} / {latency(r.tpot['p99'])}"),
        ("end-to-end p50 / p99", lambda r: f"{latency(r.e2e['p50'])} / {latency(r.e2e['p99'])}"),
        ("largest token gap p99", lambda r: latency(r.max_gap["p99"])),
        ("requests/s", lambda r: f"{r.requests_per_s:.2f}"),
        ("output tokens/s", lambda r: f"{r.tokens_per_s:,.0f}"),
        ("goodput (meets SLOs)/s", lambda r: f"{r.goodput_per_s:.2f}"),
        ("KV utilisation", lambda r: f"{r.kv_utilization:.1%}"),
        ("preemptions", lambda r: str(r.preemptions)),
        ("rejected", lambda r: str(r.rejected)),
        ("iterations", lambda r: f"{r.iterations:,}"),
    ]
    for label, cell in rows:
        table.add_row(label, *[cell(run) for run in runs])
    note = Text("Percentiles are nearest-rank: sorted(values)[ceil(p·n) − 1]. Requests with output_len 1 "
                "have no TPOT and are left out of it.", style="dim")
    return Group(Text(head), Text(""), table, note)


def batching_summary(runs: list) -> list[str]:
    by = {run.policy: run for run in runs}
    static, continuous = by.get("static-batching"), by.get("continuous-batching")
    if not static or not continuous:
        return []
    if static.goodput_per_s > 0:
        goodput = f"{continuous.goodput_per_s / static.goodput_per_s:.1f}x its goodput"
    else:
        goodput = f"a goodput of {continuous.goodput_per_s:.2f}/s where static batching met the SLOs for no request"
    lines = [
        f"Continuous batching served {continuous.tokens_per_s / max(static.tokens_per_s, 1e-9):.1f}x static "
        f"batching's output tokens/s and {goodput}, with P99 end-to-end latency "
        f"{latency(continuous.e2e['p99'])} against {latency(static.e2e['p99'])}.",
        "Orca reports up to 36.9x FasterTransformer's throughput at the same latency, and the vLLM paper 2-4x over "
        "FasterTransformer and Orca. Those compare real systems at their best batch sizes and saturating load; this "
        "lab compares policies on one calibrated iteration-time model, at one arrival rate and the settings above, so "
        "the ratio depends on how far the rate is from either policy's capacity (sweep the batch size to see it).",
    ]
    return lines
