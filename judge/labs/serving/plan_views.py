"""Rich renderables for ``judge lab plan``; built here, printed by the CLI."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.labs.serving import validation
from judge.labs.serving.plan import WARMUP_FRACTION, Outcome, PlanResult, TryResult
from judge.reporting.format import latency


def _shape(o: Outcome) -> str:
    d = o.design
    return f"{d.replicas}x{d.tp} {d.gpu}\nw {d.weight_dtype} kv {d.kv_dtype}"


def _knobs(o: Outcome) -> str:
    d = o.design
    return f"{d.max_num_seqs}/{d.max_num_batched_tokens}\n{'chunked' if d.chunked_prefill else 'whole'}"


def candidates_table(outcomes: list[Outcome], title: str) -> Table:
    """One row per design; E2E and the roofline bound are in --json."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1),
                  caption="in rank order; design: replicas x TP, GPU, weight and KV dtypes; scheduler: max_num_seqs/"
                  "max_num_batched_tokens, chunked or whole prefill", caption_justify="left")
    for column in ("design", "scheduler", "cost", "P99 TTFT\nP99 TPOT", "req/s\nKV used", "pre-\nempt",
                   "binds"):
        table.add_column(column, justify="left" if column in ("design", "scheduler", "binds") else "right",
                         no_wrap=column != "binds", min_width=9 if column == "binds" else None)
    for o in outcomes:  # in rank order
        binds = o.binding if o.meets else "SLO: " + "; ".join(o.failed)
        table.add_row(_shape(o), _knobs(o), f"${o.cost_per_hour:,.2f}/h\n{o.gpus} GPUs",
                      f"{latency(o.ttft_p99)}\n{latency(o.tpot_p99)}",
                      f"{o.requests_per_s:.1f}\n{o.kv_utilization:.0%}",
                      str(o.preemptions), binds)
    return table


def plan_view(result: PlanResult) -> RenderableType:
    q = result.question
    slo = ", ".join(f"P99 {name} <= {latency(v)}" for name, v in (("TTFT", q.slo.ttft), ("TPOT", q.slo.tpot),
                                                            ("E2E", q.slo.e2e)) if v is not None)
    measured = result.requests - int(result.requests * WARMUP_FRACTION)
    head = Text(
        f"{q.model} at {q.qps:g} requests/s ({result.workload}), {slo}, budget ${q.budget:g}/hour. "
        f"{result.simulations} designs simulated in {result.wall_s:.1f} s, each with {result.requests:,} Poisson "
        f"requests per replica ({measured:,} measured after a {WARMUP_FRACTION:.0%} warm-up)."
    )
    parts: list[RenderableType] = [head, Text("")]
    if result.best is not None:
        b = result.best
        parts.append(Text(
            f"Answer: {b.design.replicas} replicas of {b.design.tp} x {b.design.gpu} ({b.gpus} GPUs), weights "
            f"{b.design.weight_dtype}, KV {b.design.kv_dtype}, max_num_seqs {b.design.max_num_seqs}, "
            f"max_num_batched_tokens {b.design.max_num_batched_tokens}, chunked prefill "
            f"{'on' if b.design.chunked_prefill else 'off'}: ${b.cost_per_hour:,.2f}/hour, P99 TTFT "
            f"{latency(b.ttft_p99)}, P99 TPOT {latency(b.tpot_p99)}, {b.binding}-bound.", style="bold"))
    else:
        parts.append(Text("No design meets the SLOs within the budget.", style="bold"))
    if result.ranked:
        title = ("the cheapest passing design of each replica shape" if any(o.meets for o in result.ranked)
                 else "the closest designs")
        parts += [Text(""), candidates_table(result.ranked, title)]
    parts += [Text("• " + line) for line in result.advice]
    if result.infeasible:
        parts.append(Text("Pruned before simulation:"))
        parts += [Text("  – " + line) for line in result.infeasible]
    parts.append(Text("• " + validation.band_line()))
    pruned = ", ".join(f"{n} {why}" for why, n in result.pruned.items() if n)
    parts.append(Text(
        f"Configurations pruned without simulating: {pruned or 'none'}. 'req/s' is completed requests/s of the "
        "whole deployment in the steady window; 'binds' names what limits a passing design (memory = KV blocks, "
        "compute = FLOP/s, bandwidth = HBM) or the SLO a failing one misses. Percentiles are nearest-rank. fp8 "
        "weights run FP8 GEMMs on H100/H200; int4 and fp8 weights: the accuracy cost is not modelled.", style="dim"))
    return Group(*parts)


def try_view(tried: TryResult, label: str) -> RenderableType:
    parts: list[RenderableType] = [Text(f"Your design: {label}", style="bold")]
    o = tried.outcome
    if o is None:
        parts.append(Text(f"Infeasible: {tried.infeasible}."))
    else:
        verdict = "meets the SLOs" if o.meets else "misses the SLOs (" + "; ".join(o.failed) + ")"
        parts.append(Text(f"It {verdict}, costs ${o.cost_per_hour:,.2f}/hour on {o.gpus} GPUs, P99 TTFT "
                          f"{latency(o.ttft_p99)}, P99 TPOT {latency(o.tpot_p99)}, {o.preemptions} preemptions."))
    if tried.optimum is not None:
        opt = tried.optimum
        if o is not None:
            gap = o.cost_per_hour - opt.cost_per_hour
            distance = (f"${gap:,.2f}/hour ({gap / opt.cost_per_hour:+.0%}) above" if gap > 0
                        else f"${-gap:,.2f}/hour below" if gap < 0 else "at the cost of")
            parts.append(Text(f"That is {distance} the optimum, ${opt.cost_per_hour:,.2f}/hour: "
                              f"{opt.design.label()}."))
        else:
            parts.append(Text(f"The optimum: ${opt.cost_per_hour:,.2f}/hour, {opt.design.label()}."))
    for change, fixed in tried.fixes:
        parts.append(Text(f"Fix: {change} → passes at ${fixed.cost_per_hour:,.2f}/hour (P99 TTFT "
                          f"{latency(fixed.ttft_p99)}, P99 TPOT {latency(fixed.tpot_p99)})."))
    if o is not None and not o.meets and not tried.fixes:
        parts.append(Text("No passing design was found near it; relax the SLOs or widen the search."))
    return Group(*parts)
