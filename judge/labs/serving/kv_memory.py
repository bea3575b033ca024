"""``judge lab kv-memory``: why KV-cache memory is the bottleneck, and what paging saves.

Every number comes from running the workload through the paged allocator's reference
form. The naive allocator is the same allocator with one block of max_model_len slots
per request: the contiguous reservation of pre-paging servers. The last section runs the
shared-prompt workload through the prefix cache's reference form in both free orders
(``prefix-cache``'s FIFO and vLLM 0.24+'s LIFO reuse of uncached blocks) on pools too
small to keep everything, and compares their hit rates.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

DEFAULT_BLOCK_SIZES = (1, 8, 16, 32, 64)
REUSE_ORDERS = ("fifo", "lifo")
#: Pools for the reuse comparison, as multiples of what ``concurrency`` requests of the
#: longest length need: below 1 the cache must evict while requests run; at 4 it keeps
#: nearly everything, so the order should not matter.
REUSE_POOLS = (0.5, 1.0, 4.0)
VOCAB = 32000


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


@dataclass(frozen=True)
class Reuse:
    order: str  # "fifo" or "lifo"
    num_blocks: int
    prompt_tokens: int
    cached_tokens: int  # prompt tokens served from the cache

    @property
    def hit_rate(self) -> float:
        return self.cached_tokens / self.prompt_tokens if self.prompt_tokens else 0.0


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
    reuse: list[Reuse] = field(default_factory=list)
    reuse_concurrency: int = 0

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


def prefix_reuse(cache_class: type, order: str, num_blocks: int, block_size: int, system_prompt: int,
                 pairs: list[tuple[int, int]], concurrency: int, follow_up: float = 0.5, seed: int = 0) -> Reuse:
    """Serve ``pairs`` with at most ``concurrency`` running: each prompt is the shared system
    prompt (or, with probability ``follow_up``, a finished conversation) plus a user turn of
    fresh tokens; every step decodes one token for each running request; a finished
    request is freed. A request that does not fit waits; one whose append finds no block
    is freed early. Tokens come from ``seed``, so both orders serve the same requests."""
    rng = random.Random(seed)
    system = [rng.randrange(VOCAB) for _ in range(system_prompt)]
    cache = cache_class(num_blocks, block_size, order)
    waiting = list(pairs)
    finished: list[list[int]] = []
    running: dict[int, list] = {}  # seq -> [tokens, outputs left]
    idle = list(range(concurrency))
    prompt_tokens = cached_tokens = 0
    prompt: list[int] | None = None  # the next request's prompt, kept while it waits
    while waiting or running:
        while waiting and idle:
            prompt_len, output = waiting[0]
            if prompt is None:
                base = rng.choice(finished) if finished and rng.random() < follow_up else system
                prompt = base + [rng.randrange(VOCAB) for _ in range(prompt_len)]
            got = cache.allocate(idle[-1], prompt)
            if got is None:
                if not running:  # it can never fit: skip it rather than wait forever
                    waiting.pop(0)
                    prompt = None
                break
            waiting.pop(0)
            prompt_tokens += len(prompt)
            cached_tokens += got[1]
            running[idle.pop()] = [prompt, output]
            prompt = None
        for seq in list(running):
            tokens, left = running[seq]
            token = rng.randrange(VOCAB)
            new = cache.append(seq, [token]) if left > 0 else None
            if new is not None:
                tokens.append(token)
                running[seq][1] = left - 1
            if new is None or left <= 1:
                cache.free(seq)
                idle.append(seq)
                finished = (finished + [tokens])[-16:]
                del running[seq]
    return Reuse(order, num_blocks, prompt_tokens, cached_tokens)


def run(allocator_class: type, model_name: str, kv_bytes_per_token: int, budget_bytes: int, workload: str,
        pairs: list[tuple[int, int]], max_model_len: int, block_sizes: tuple[int, ...] = DEFAULT_BLOCK_SIZES,
        system_prompt: int = 512, samples: int = 4, sharing_requests: int = 200, cache_class: type | None = None,
        concurrency: int = 8) -> KvMemoryResult:
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
    if cache_class is None:
        from solutions.prefix_cache import PrefixCachingAllocator as cache_class
    longest = max(system_prompt + p + o for p, o in few)
    result.reuse_concurrency = concurrency
    for fraction in REUSE_POOLS:
        num_blocks = max(1, int(fraction * concurrency * _blocks(longest, default_block)))
        for order in REUSE_ORDERS:
            result.reuse.append(prefix_reuse(cache_class, order, num_blocks, default_block, system_prompt, few,
                                             concurrency))
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
        "reuse_concurrency": result.reuse_concurrency,
        "reuse": [{"order": r.order, "num_blocks": r.num_blocks, "prompt_tokens": r.prompt_tokens,
                   "cached_tokens": r.cached_tokens, "hit_rate": r.hit_rate}
                  for r in result.reuse],
    }
