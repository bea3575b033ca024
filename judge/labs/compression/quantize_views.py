"""Rich renderables and plain sentences for ``judge lab quantize``. They print nothing."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.labs.compression.quantize import (
    ACT_ORDER,
    BITS,
    GROUPS,
    METHODS,
    QUOTED_PERPLEXITY,
    QUOTED_SOURCE,
    QuantizeResult,
)
from judge.reporting.format import human_bytes


def _group(group: int) -> str:
    return "per row" if group == -1 else f"g{group}"


def error_table(result: QuantizeResult) -> Table:
    layer = result.layer
    table = Table(title=f"error side · a {layer.d_out}×{layer.d_in} layer, {layer.outliers} outlier input channels "
                        f"({min(result.outlier_scales):.0f}-{max(result.outlier_scales):.0f}× the rest), "
                        f"{layer.held_out} held-out tokens", title_justify="left", show_edge=False)
    table.add_column("weights")
    for method in METHODS:
        table.add_column(method, justify="right", min_width=8)  # an error such as 5.39e-05 is never cut
    table.add_column("GPTQ\ngain", justify="right")
    table.add_column("AWQ\ngain", justify="right")
    table.add_column("bytes", justify="right")
    table.add_column("bits/w", justify="right", min_width=6)
    params = layer.d_out * layer.d_in
    for bits in BITS:
        for group in GROUPS:
            errors = {m: result.error(m, bits, group) for m in METHODS}
            row = next(r for r in result.errors if (r.bits, r.group_size) == (bits, group))
            alpha = next(r.awq_alpha for r in result.errors if (r.method, r.bits, r.group_size) == ("AWQ", bits, group))
            table.add_row(f"int{bits} {_group(group)}", *(f"{errors[m]:.2e}" for m in METHODS[:2]),
                          f"{errors['AWQ']:.2e} α={alpha:.2f}",
                          f"{errors['RTN'] / errors['GPTQ']:.1f}×", f"{errors['RTN'] / errors['AWQ']:.1f}×",
                          human_bytes(row.weight_bytes), f"{8 * row.weight_bytes / params:.2f}")
    table.caption = (f"relative output error ‖WX − ŴX‖² / ‖WX‖², measured here; fp16 weights: "
                     f"{human_bytes(2 * params)}. Gain = RTN's error over the method's.")
    table.caption_justify = "left"
    return table


def quoted_table(result: QuantizeResult) -> Table:
    table = Table(title="quoted, not measured here · WikiText-2 perplexity, INT4 weights in groups of 128",
                  title_justify="left", show_edge=False)
    table.add_column("model")
    methods = ("FP16", "RTN", "GPTQ", "AWQ")
    for method in methods:
        table.add_column(method, justify="right")
    for model, figures in QUOTED_PERPLEXITY.items():
        base = figures["FP16"]
        table.add_row(model, f"{base:.2f}", *(f"{figures[m]:.2f} (+{figures[m] - base:.2f})" for m in methods[1:]))
    proxy = [result.error(m, 4, 128) for m in ("RTN", "GPTQ", "AWQ")]
    table.add_row(Text("kit's proxy (measured)", style="dim"), "0", *(f"{e:.2e}" for e in proxy))
    table.caption = f"{QUOTED_SOURCE}. The proxy row is this machine's relative output error at int4 g128."
    table.caption_justify = "left"
    return table


def qat_table(result: QuantizeResult) -> Table:
    qat = result.qat
    spec = qat.spec
    table = Table(title=f"PTQ vs QAT · a {spec.dims}-{spec.hidden}-{spec.classes} MLP on {spec.train} points of "
                        f"{spec.classes} classes; fp32 test accuracy {qat.fp32_accuracy:.1%} after "
                        f"{qat.fp32_steps} steps", title_justify="left", show_edge=False)
    for column in ("weights", "PTQ accuracy", "QAT accuracy", "QAT recovers", "QAT cost"):
        table.add_column(column, justify="left" if column == "weights" else "right")
    for row in qat.rows:
        table.add_row(f"int{row.bits}", f"{row.ptq_accuracy:.1%}", f"{row.qat_accuracy:.1%}",
                      _points(row.qat_accuracy - row.ptq_accuracy),
                      f"{row.qat_steps} steps ({row.qat_steps / qat.fp32_steps:.0%} of training)")
    table.caption = ("PTQ: the fp32 weights rounded to nearest, one scale per output unit. QAT: "
                     f"{spec.qat_epochs} epochs from the fp32 weights, fake-quantised forward, straight-through "
                     "backward. Measured here.")
    table.caption_justify = "left"
    return table


def _points(difference: float) -> str:
    points = round(difference * 100, 1)
    return "±0.0 points" if points == 0 else f"{points:+.1f} points"


def speed_table(result: QuantizeResult) -> Table:
    spec = result.speed_spec
    table = Table(title=f"speed side · {spec.model} on {spec.tp}× {spec.gpu}, the calibrated roofline, decode at "
                        f"{spec.context} tokens of context", title_justify="left", show_edge=False)
    for column in ("weights", "GB", "tok/s, 1 seq", f"tok/s, {spec.batch} seqs", "KV tokens", "KV freed",
                   "cheapest plan"):
        table.add_column(column, justify="left" if column == "weights" else "right")
    for row in result.speed:
        table.add_row(row.weight_dtype, f"{row.weight_gb:.0f}", f"{row.tokens_per_s_one:.0f}",
                      f"{row.tokens_per_s_batch:,.0f}", f"{row.kv_tokens:,}",
                      f"+{row.kv_freed:,}" if row.kv_freed else "–",
                      f"${row.cheapest_cost:.2f}/h" if row.cheapest else "none in budget")
    table.caption = (f"Predicted, not measured (judge lab roofline's model). The planner answers its default "
                     f"question (100 req/s of ShareGPT, P99 TTFT 2 s, TPOT 100 ms, $200/h) with "
                     f"{spec.plan_requests:,} requests per design.")
    table.caption_justify = "left"
    return table


def designs(result: QuantizeResult) -> list[str]:
    """The planner's cheapest design at each weight dtype, one line each (too wide for the table)."""
    return [f"{row.weight_dtype}: {row.cheapest}" if row.cheapest else f"{row.weight_dtype}: none within the budget"
            for row in result.speed]


def interpretation(result: QuantizeResult) -> list[str]:
    """Which method wins where, and why, in plain sentences built from the figures."""
    rtn, gptq, awq = (result.error(m, 4, 128) for m in METHODS)
    rtn_row, gptq_row = result.error("RTN", 4, -1), result.error("GPTQ", 4, -1)
    sizes = {r.group_size: r.weight_bytes for r in result.errors if r.bits == 4 and r.method == "RTN"}
    act_order = result.error(ACT_ORDER, 4, -1)
    last = max(range(len(result.outlier_channels)), key=lambda k: result.outlier_channels[k])
    position, magnitude = result.outlier_positions()[last], result.outlier_scales[last]
    extra_bits = 8 * (sizes[128] - sizes[-1]) / (result.layer.d_out * result.layer.d_in)
    lines = [
        f"At int4 in groups of 128, GPTQ's output error is {rtn / gptq:.1f}× lower than round to nearest's and "
        f"AWQ's {rtn / awq:.1f}× lower. GPTQ uses the activations' correlation: H = 2XXᵀ says which weight errors "
        "the layer's output cannot see, and each column's rounding error is fed into the columns not yet quantised. "
        "AWQ keeps round to nearest but scales up the weights of the salient input channels, the ones the outliers "
        "hit, so they get a finer share of the grid.",
        f"Most of round to nearest's error sits on the outlier channels' weights, and GPTQ can feed a column's "
        f"error only into the columns after it: here the last outlier channel ({magnitude:.0f}× the rest) is "
        f"{position:.0%} of the way along, so its error has {1 - position:.0%} of the columns to go into. "
        f"Quantising the columns by decreasing H[j, j] "
        f"(GPTQ's act-order) puts the outliers first: at int4 with one scale per row it cuts round to nearest's "
        f"error {rtn_row / act_order:.1f}× against {rtn_row / gptq_row:.1f}× left to right. That is why GPTQ's "
        "gain moves from seed to seed (try --seed 3 or 5), while AWQ's does not depend on the order: it scales "
        "the outlier channels wherever they sit.",
        f"Groups of 128 cut the error against one scale per row (RTN {rtn_row:.1e} to {rtn:.1e}, GPTQ "
        f"{gptq_row:.1e} to {gptq:.1e}) for {extra_bits:.2f} extra bits per weight: a large weight then "
        "stretches only its own group's range.",
        f"int8 is close to lossless for all three (RTN {result.error('RTN', 8, 128):.1e}); the methods matter at "
        "int4 and below.",
    ]
    worst = min(result.qat.rows, key=lambda r: r.ptq_accuracy)
    holding = [r.bits for r in result.qat.rows if r.ptq_accuracy >= result.qat.fp32_accuracy - 0.02]
    held = f"PTQ holds down to int{min(holding)} on the MLP, then" if holding else "PTQ"
    lines.append(
        f"{held} collapses: int{worst.bits} PTQ gets {worst.ptq_accuracy:.1%} against "
        f"{result.qat.fp32_accuracy:.1%} in fp32. QAT recovers {worst.qat_accuracy:.1%} in {worst.qat_steps} "
        f"steps ({worst.qat_steps / result.qat.fp32_steps:.0%} of the fp32 training), because training sees the "
        "quantised weights and moves the fp32 ones so that their rounding does less harm.")
    fp16 = result.speed[0]
    int4 = result.speed[-1]
    faster = int4.tokens_per_s_one / fp16.tokens_per_s_one
    lines.append(
        f"Decode is bound by reading the weights: int4 weights make one sequence {faster:.2f}× faster than fp16 on "
        f"{result.speed_spec.tp}× {result.speed_spec.gpu} and free {int4.kv_freed:,} tokens of KV cache "
        f"({int4.kv_tokens / max(fp16.kv_tokens, 1):.2f}× the capacity).")
    priced = [r for r in result.speed if r.cheapest_cost is not None]
    if priced:
        cheapest = min(priced, key=lambda r: r.cheapest_cost)
        lines.append(f"For the planner's default question the cheapest weights are {cheapest.weight_dtype} "
                     f"(${cheapest.cheapest_cost:.2f}/h); with the int4 quality above, that is the trade to weigh.")
    return lines


def quantize_view(result: QuantizeResult) -> RenderableType:
    parts: list[RenderableType] = [Text(f"seed {result.seed}  (rerun with --seed {result.seed})", style="dim"),
                                   error_table(result), Text(""), quoted_table(result), Text(""), qat_table(result),
                                   Text(""), speed_table(result)]
    parts += [Text("  " + line, style="dim") for line in designs(result)] + [Text("")]
    parts += [Text("• " + line) for line in interpretation(result)]
    return Group(*parts)
