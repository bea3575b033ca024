"""Rich renderables for the labs; built here, printed by the CLI."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.findings import human_bytes
from judge.labs.kv_memory import KvMemoryResult

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
    return Group(head, Text(""), table, sharing, Text(""), *[Text("• " + line) for line in summary(result)])


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
    ]
