"""A slow, obvious continuous-batching model, written apart from the references.

Each request is a dict with a real block table drawn from a free list of block ids (a tiny
paged allocator), so block counts come from allocation, not from ceil arithmetic. The waiting
queue is a plain list (insert at 0 for the front); the running list is a list of dicts; each
iteration is planned as a list of (request, tokens) and only then applied.
"""

from __future__ import annotations


def _fits_ever(prompt: int, output: int, config: dict) -> bool:
    """Could the request's longest state (all but its last token stored) fit an empty engine,
    and, without chunking, could its longest recompute fit one iteration? Counted token by token."""
    tokens = prompt + output - 1
    blocks, room = 0, 0
    for _ in range(tokens):
        if room == 0:
            blocks, room = blocks + 1, config["block_size"]
        room -= 1
    if blocks > config["num_blocks"]:
        return False
    return config["chunked_prefill"] or tokens <= config["max_num_batched_tokens"]


def _simulate(requests: list, config: dict) -> list[dict]:
    bs = config["block_size"]
    free_ids = list(range(config["num_blocks"]))
    reqs = [{"i": i, "arrival": a, "P": p, "O": o, "table": [], "kv": 0, "emitted": 0,
             "first": None, "finish": None, "pre": 0}
            for i, (a, p, o) in enumerate(requests)]
    pending = sorted((r for r in reqs if _fits_ever(r["P"], r["O"], config)), key=lambda r: (r["arrival"], r["i"]))
    waiting: list[dict] = []
    running: list[dict] = []
    now = 0.0

    def grow(r: dict, tokens: int) -> list[int] | None:
        """Block ids r would need to hold kv + tokens, or None if the free list is short."""
        have = len(r["table"]) * bs
        extra = 0
        while have + extra * bs < r["kv"] + tokens:
            extra += 1
        return free_ids[:extra] if extra <= len(free_ids) else None

    def take(r: dict, ids: list[int]) -> None:
        for b in ids:
            free_ids.remove(b)
            r["table"].append(b)

    def release(r: dict) -> None:
        free_ids.extend(r["table"])
        r["table"] = []

    while pending or waiting or running:
        if not waiting and not running and pending[0]["arrival"] > now:
            now = pending[0]["arrival"]
        while pending and pending[0]["arrival"] <= now:
            waiting.append(pending.pop(0))

        plan: list[tuple[dict, int]] = []
        budget = config["max_num_batched_tokens"]
        any_preempted = False
        for r in list(running):
            if budget == 0:
                break
            if r not in running:  # already preempted this iteration
                break
            want = r["P"] + r["emitted"] - r["kv"]
            if config["chunked_prefill"]:
                want = min(want, budget)
            ids = grow(r, want)
            self_victim = False
            while ids is None:
                victim = running[-1]
                running.remove(victim)
                release(victim)
                victim["kv"] = 0
                victim["pre"] += 1
                waiting.insert(0, victim)
                any_preempted = True
                if victim is r:
                    self_victim = True
                    break
                ids = grow(r, want)
            if self_victim:
                break
            take(r, ids)
            plan.append((r, want))
            budget -= want

        if not any_preempted:
            while waiting and len(running) < config["max_num_seqs"] and budget > 0:
                r = waiting[0]
                want = r["P"] + r["emitted"]
                if want > budget and not config["chunked_prefill"]:
                    break
                want = min(want, budget)
                ids = grow(r, want)
                if ids is None:
                    break
                waiting.pop(0)
                take(r, ids)
                running.append(r)
                plan.append((r, want))
                budget -= want

        tokens = sum(t for _, t in plan)
        ctx = 0
        for r, t in plan:
            r["kv"] += t
            ctx += r["kv"]
        now += config["c0"] + config["c1"] * tokens + config["c2"] * ctx
        for r, _ in plan:
            if r["kv"] == r["P"] + r["emitted"]:
                r["emitted"] += 1
                r.setdefault("times", []).append(now)
                if r["first"] is None:
                    r["first"] = now
                if r["emitted"] == r["O"]:
                    r["finish"] = now
                    release(r)
                    running.remove(r)
    return reqs


def simulate_naive(requests: list, config: dict) -> list:
    return [[r["first"], r["finish"], r["pre"]] for r in _simulate(requests, config)]


def token_times(requests: list, config: dict) -> list[list[float]]:
    """When each request emitted each of its tokens (a preempted one re-emits none twice)."""
    return [r.get("times", []) for r in _simulate(requests, config)]


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = simulate_naive
ORACLE_LEAST_CASES = 5  # canonical cases it must check, at the least


def affordable(inp: dict) -> bool:
    return len(inp["requests"]) <= 200
