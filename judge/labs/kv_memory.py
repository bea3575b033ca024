"""``judge lab kv-memory``: why KV-cache memory is the bottleneck, and what paging saves.

Every number comes from running the workload through the paged allocator's reference
form. The naive allocator is the same allocator with one block of max_model_len slots
per request: the contiguous reservation of pre-paging servers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_BLOCK_SIZES = (1, 8, 16, 32, 64)


@dataclass(frozen=True)
class Scheme:
    name: str
    block_size: int
    concurrent: int  # sequences that fit at once, each at its full length
    reserved_tokens: int  # token slots held by them
    used_tokens: int  # tokens they really hold

    @property
    def utilization(self) -> float:
        return self.used_tokens / self.reserved_tokens if self.reserved_tokens else 0.0


@dataclass(frozen=True)
class Sharing:
    name: str
    block_size: int
    blocks_without: int
    blocks_with: int
    copies: int  # copy-on-write copies made

    @property
    def saved(self) -> float:
        return 1 - self.blocks_with / self.blocks_without if self.blocks_without else 0.0


@dataclass
class KvMemoryResult:
    model: str
    kv_bytes_per_token: int
    budget_bytes: int
    workload: str
    requests: int
    mean_prompt: float
    mean_output: float
    max_model_len: int
    schemes: list[Scheme] = field(default_factory=list)
    sharing: list[Sharing] = field(default_factory=list)

    @property
    def budget_tokens(self) -> int:
        return self.budget_bytes // self.kv_bytes_per_token


def fill(allocator_class: type, num_blocks: int, block_size: int, pairs: list[tuple[int, int]]) -> tuple[int, int]:
    """Admit requests in order, each at its full length, until one does not fit: (count, tokens)."""
    allocator = allocator_class(num_blocks, block_size)
    admitted = tokens = 0
    for seq, (prompt, output) in enumerate(pairs):
        if allocator.allocate(seq, prompt) is None:
            break
        if allocator.append(seq, output) is None:
            allocator.free(seq)
            break
        admitted += 1
        tokens += prompt + output
    return admitted, tokens


def _blocks(n: int, b: int) -> int:
    return -(-n // b)


def prefix_sharing(allocator_class: type, block_size: int, system_prompt: int,
                   pairs: list[tuple[int, int]]) -> Sharing:
    """Every request starts with the same system prompt: fork it instead of storing it again."""
    room = sum(_blocks(system_prompt + p + o, block_size) for p, o in pairs) + 1
    alone = allocator_class(room, block_size)
    for seq, (prompt, output) in enumerate(pairs):
        alone.allocate(seq, system_prompt + prompt)
        alone.append(seq, output)
    shared = allocator_class(room, block_size)
    parent = len(pairs)  # ids stay small and non-negative: array-backed forms index by them
    shared.allocate(parent, system_prompt)
    copies = 0
    for seq, (prompt, output) in enumerate(pairs):
        shared.fork(parent, seq)
        copies += len(shared.append(seq, prompt + output)[1])
    return Sharing(f"{system_prompt}-token system prompt", block_size,
                   room - alone.num_free(), room - shared.num_free(), copies)


def parallel_sampling(allocator_class: type, block_size: int, samples: int,
                      pairs: list[tuple[int, int]]) -> Sharing:
    """``samples`` outputs per prompt: fork the prompt's blocks instead of copying them."""
    room = sum(samples * _blocks(p + o, block_size) for p, o in pairs) + 1
    alone, shared = allocator_class(room, block_size), allocator_class(room, block_size)
    copies, seq = 0, 0
    for prompt, output in pairs:
        for _ in range(samples):
            alone.allocate(seq, prompt)
            alone.append(seq, output)
            seq += 1
        parent = seq
        shared.allocate(parent, prompt)
        children = [parent] + [parent + k for k in range(1, samples)]
        for child in children[1:]:
            shared.fork(parent, child)
        for child in children:
            copies += len(shared.append(child, output)[1])
        seq += samples
    return Sharing(f"{samples} samples per prompt", block_size,
                   room - alone.num_free(), room - shared.num_free(), copies)


def run(allocator_class: type, model_name: str, kv_bytes_per_token: int, budget_bytes: int, workload: str,
        pairs: list[tuple[int, int]], max_model_len: int, block_sizes: tuple[int, ...] = DEFAULT_BLOCK_SIZES,
        system_prompt: int = 512, samples: int = 4, sharing_requests: int = 200) -> KvMemoryResult:
    result = KvMemoryResult(
        model_name, kv_bytes_per_token, budget_bytes, workload, len(pairs),
        sum(p for p, _ in pairs) / len(pairs), sum(o for _, o in pairs) / len(pairs), max_model_len,
    )
    tokens = result.budget_tokens
    count, used = fill(allocator_class, tokens // max_model_len, max_model_len, pairs)
    result.schemes.append(Scheme(f"naive ({max_model_len} per request)", max_model_len,
                                 count, count * max_model_len, used))
    for b in block_sizes:
        count, used = fill(allocator_class, tokens // b, b, pairs)
        reserved = sum(_blocks(p + o, b) for p, o in pairs[:count]) * b
        result.schemes.append(Scheme(f"paged, block {b}", b, count, reserved, used))
    few = pairs[:sharing_requests]
    default_block = 16 if 16 in block_sizes else block_sizes[0]
    result.sharing.append(prefix_sharing(allocator_class, default_block, system_prompt, few))
    result.sharing.append(parallel_sampling(allocator_class, default_block, samples, few))
    return result


def to_json(result: KvMemoryResult) -> dict[str, Any]:
    return {
        "model": result.model, "kv_bytes_per_token": result.kv_bytes_per_token,
        "budget_bytes": result.budget_bytes, "budget_tokens": result.budget_tokens,
        "workload": result.workload, "requests": result.requests, "max_model_len": result.max_model_len,
        "mean_prompt": result.mean_prompt, "mean_output": result.mean_output,
        "schemes": [{"name": s.name, "block_size": s.block_size, "concurrent": s.concurrent,
                     "reserved_tokens": s.reserved_tokens, "used_tokens": s.used_tokens,
                     "utilization": s.utilization} for s in result.schemes],
        "sharing": [{"name": s.name, "block_size": s.block_size, "blocks_without": s.blocks_without,
                     "blocks_with": s.blocks_with, "copies": s.copies, "saved": s.saved} for s in result.sharing],
    }
