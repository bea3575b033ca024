"""``judge lab plan --try``: the self-mock. Grade the user's own design against the SLOs and
the search's optimum, and find one or two fixes for it."""

from __future__ import annotations

import math
from dataclasses import fields, replace
from typing import Any

from judge.errors import InfeasibleShape, InvalidInput
from judge.labs.serving import engine, models
from judge.labs.serving.plan import (
    DESIGN_KEYS,
    GPU_ALIASES,
    KV_DTYPES,
    TPS,
    WEIGHT_DTYPES,
    Design,
    Outcome,
    PlanResult,
    Question,
    TryResult,
    Workload,
    evaluate,
    replica_shape,
)


def parse_design(text: str, defaults: Design | None = None) -> Design:
    """``gpu=h100-sxm,tp=4,replicas=8,max_num_seqs=128`` (others default); raises InvalidInput."""
    values: dict[str, Any] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, eq, value = item.partition("=")
        key = key.strip()
        if not eq or key not in DESIGN_KEYS:
            raise InvalidInput(f"{item!r} is not KEY=VALUE with KEY one of {', '.join(sorted(set(DESIGN_KEYS)))}")
        name, value = DESIGN_KEYS[key], value.strip()
        if name == "gpu":
            value = GPU_ALIASES.get(value, value)
            if value not in engine.GPUS:
                raise InvalidInput(f"gpu={value!r} is not a GPU preset; choose from {', '.join(engine.GPUS)}")
        elif name in ("weight_dtype", "kv_dtype"):
            allowed = WEIGHT_DTYPES if name == "weight_dtype" else KV_DTYPES
            if value not in allowed:
                raise InvalidInput(f"{key}={value!r} is not one of {', '.join(allowed)}")
        elif name == "chunked_prefill":
            if value not in ("on", "off", "true", "false", "1", "0"):
                raise InvalidInput(f"chunked_prefill={value!r} must be on or off")
            value = value in ("on", "true", "1")
        else:
            try:
                value = int(value)
            except ValueError:
                value = 0
            if value < 1 or (name == "tp" and value not in TPS):
                allowed = "one of 1, 2, 4, 8" if name == "tp" else "a whole number >= 1"
                raise InvalidInput(f"{key}={item.partition('=')[2]!r} must be {allowed}")
        values[name] = value
    missing = [k for k in ("gpu", "tp", "replicas") if k not in values and defaults is None]
    if missing:
        raise InvalidInput(f"{text!r} lacks {', '.join(missing)}; write e.g. gpu=h100-sxm,tp=4,replicas=8")
    base = defaults or Design(values["gpu"], values["tp"], values["replicas"])
    return replace(base, **values)


def _changes(a: Design, b: Design) -> list[str]:
    names = {f.name: f.name for f in fields(Design)}
    return [f"{k}={getattr(b, k)}" for k in names if getattr(a, k) != getattr(b, k)]


def try_design(q: Question, d: Design, work: Workload, result: PlanResult, extra_replicas: int = 32) -> TryResult:
    """Grade the user's design against the SLOs and the search's optimum; find one or two fixes:
    the same configuration with the fewest replicas that pass, and the passing design of the
    search that changes the fewest knobs (then costs least)."""
    optimum = result.best or (result.ranked[0] if result.ranked else None)
    try:
        outcome = evaluate(q, d, work)
    except InfeasibleShape as exc:
        outcome, infeasible = None, str(exc)
    else:
        infeasible = None
    fixes: list[tuple[str, Outcome]] = []
    if outcome is not None and not outcome.meets and not outcome.rejected:
        model = models.model(q.model)
        shape = replica_shape(q, d, model)
        it = engine.iteration_model(shape, q.efficiency)
        cap = engine.capacity(shape, it.kernel_roof(d.max_num_batched_tokens, d.max_num_seqs),
                              engine.kv_blocks(shape, q.efficiency), d.max_num_seqs, work.prompt, work.output,
                              it.knee(d.max_num_batched_tokens), d.max_num_batched_tokens)
        r = max(d.replicas + 1, math.ceil(q.qps / cap.requests_per_s))
        while r <= d.replicas + extra_replicas:
            grown = evaluate(q, replace(d, replicas=r), work)
            if grown.meets:
                fixes.append((f"replicas={r} (+{r - d.replicas})", grown))
                break
            r += 1
    if outcome is None or not outcome.meets:
        passing = [o for o in result.evaluated if o.meets]
        if passing:
            near = min(passing, key=lambda o: (len(_changes(d, o.design)), o.cost_per_hour))
            if not fixes or near.design != fixes[0][1].design:
                fixes.append((", ".join(_changes(d, near.design)), near))
        fixes.sort(key=lambda f: f[1].cost_per_hour)
    return TryResult(outcome, infeasible, optimum, fixes[:2])
