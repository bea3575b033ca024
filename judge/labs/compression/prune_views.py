"""``judge lab prune``: the measured and the modelled tables, the findings in sentences, and the plot.

Built here, printed by the CLI (judge/labs/compression/prune_command.py).
"""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.labs.compression.prune import FORMAT_LABELS, SHORT_LABELS, Result
from judge.labs.compression.prune_gpu import CSR_COMPUTE_EFFICIENCY, SOURCES, Modelled
from judge.reporting.format import human_bytes
from judge.reporting.plot import pyplot, save

GPU_LABELS = {"dense": "dense GEMM (tensor cores)", "csr": "unstructured, CSR (CUDA cores)",
              "2:4-sparse-tc": "2:4, sparse tensor cores", "rows-dense": "rows removed, smaller dense GEMM"}
GPU_SHORT = {"dense": "dense TC", "csr": "CSR", "2:4-sparse-tc": "2:4 sparse TC", "rows-dense": "rows, dense"}


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.3g}"


def _fill(table: Table, headers: tuple[str, ...], rows: list, label: dict[str, str], cells) -> None:
    """One section per format, its name on its first row only. A figure is never cut: every
    column but the format's is as wide as its widest cell, and only the format's name wraps
    (at 80 columns an IQR of "0.901-0.914" was shown as "0.901-0.9…")."""
    body, previous = [], None
    for r in rows:
        body.append((r.format != previous and previous is not None,
                     (label[r.format] if r.format != previous else "", *cells(r))))
        previous = r.format
    longest_word = max(len(word) for text in (headers[0], *(row[0] for _, row in body)) for word in text.split())
    table.add_column(headers[0], justify="left", ratio=1, min_width=longest_word)
    for index, name in enumerate(headers[1:], start=1):
        width = max(len(name), *(len(row[index]) for _, row in body))
        table.add_column(name, justify="left" if name == "binds" else "right", no_wrap=True, min_width=width)
    for new_section, row in body:
        if new_section:
            table.add_section()
        table.add_row(*row)


def cpu_table(result: Result) -> Table:
    s = result.setup
    threads = f"{s.blas_threads} BLAS thread{'s' if s.blas_threads > 1 else ''}"
    table = Table(title=f"{s.out_features} x {s.in_features} float32 layer times {s.batch} activations, measured "
                        f"here ({threads}, the sparse kernels on one; medians of {s.rounds} interleaved rounds)",
                  box=box.SIMPLE_HEAD, title_justify="left")
    _fill(table, ("format", "sparsity", "ms", "IQR ms", "speed-up", "weights", "out error"), result.rows,
          SHORT_LABELS, lambda r: (f"{r.sparsity:.0%}", _ms(r.seconds), f"{_ms(r.q1)}-{_ms(r.q3)}",
                                   f"{r.speedup:.2f}x", human_bytes(r.bytes), f"{r.error:.3f}"))
    table.caption = ("dense BLAS: " + result.blas + "; CSR: unstructured magnitude pruning; 2:4: values + positions; "
                     "rows: L2-pruned rows as a smaller dense GEMM. out error: ‖ΔY‖/‖Y‖.")
    table.caption_justify = "left"
    return table


def gpu_table(rows: list[Modelled], gpu_name: str, batch: int) -> Table:
    table = Table(title=f"The same layer in BF16 on {gpu_name}, batch {batch}, modelled through the calibrated "
                        "roofline", box=box.SIMPLE_HEAD, title_justify="left")
    _fill(table, ("format", "sparsity", "µs", "speed-up", "weights", "binds"), rows, GPU_SHORT,
          lambda r: (f"{r.sparsity:.0%}", f"{r.seconds * 1e6:.3g}", f"{r.speedup:.2f}x", human_bytes(r.bytes),
                     r.binds))
    table.caption = ("TC: tensor cores. CSR runs on the CUDA cores; 2:4 on the sparse tensor cores; "
                     "rows: a smaller dense GEMM.")
    table.caption_justify = "left"
    return table


def _at(rows: list, fmt: str, sparsity: float):
    return next((r for r in rows if r.format == fmt and abs(r.sparsity - sparsity) < 1e-9), None)


def _even(entry: dict) -> str:
    return f"{entry['sparsity']:.1%}" if entry["sparsity"] is not None else entry["note"]


def findings(result: Result, gpu_rows: list[Modelled], evens: dict[int, float | None], gpu_name: str) -> list[str]:
    """The answer in sentences, each built from the numbers above it."""
    out = []
    scipy_even, numba_even = result.break_even["csr-scipy"], result.break_even["csr-numba"]
    out.append(f"Measured break-even on this CPU: unstructured CSR first beats dense at {_even(scipy_even)} "
               f"sparsity through scipy.sparse and at {_even(numba_even)} through the Numba kernel (bisected "
               "between measured points). Below that, the indices and the irregular reads cost more than the "
               "skipped multiply-adds save.")
    scipy90, numba90 = _at(result.rows, "csr-scipy", 0.9), _at(result.rows, "csr-numba", 0.9)
    if scipy90 and numba90:
        out.append(f"At 90%, the Numba CSR kernel takes {numba90.seconds / scipy90.seconds:.2f}x scipy.sparse's time.")
    two_four = _at(result.rows, "2:4-numba", 0.5)
    unstructured50 = _at(result.rows, "csr-scipy", 0.5)
    rows50 = _at(result.rows, "rows-dense", 0.5)
    if two_four and rows50:
        out.append(f"2:4 on this CPU runs at {two_four.speedup:.2f}x dense: no CPU unit skips the zeros, so it is one "
                   f"more sparse format. Rows removed run at {rows50.speedup:.2f}x at 50%: a smaller GEMM is still a "
                   "GEMM.")
    if two_four and rows50 and unstructured50:
        out.append(f"The accuracy cost grows the other way: at 50% the output error is {unstructured50.error:.3f} "
                   f"unstructured, {two_four.error:.3f} for 2:4 and {rows50.error:.3f} with whole rows removed.")
    gpu_two_four = _at(gpu_rows, "2:4-sparse-tc", 0.5)
    gpu_rows50 = _at(gpu_rows, "rows-dense", 0.5)
    if gpu_two_four and gpu_rows50:
        out.append(f"On {gpu_name} (modelled): 2:4 runs at {gpu_two_four.speedup:.2f}x and rows removed at "
                   f"{gpu_rows50.speedup:.2f}x; they change the shape the tensor cores run.")
    spread = ", ".join(f"batch {b}: {s:.1%}" if s is not None else f"batch {b}: never" for b, s in evens.items())
    out.append(f"Unstructured CSR gets no tensor-core help; its modelled break-even on {gpu_name} is {spread}. "
               "While the GEMM is bound by reading weights, a CSR weight costs 6 bytes per kept value against 2 "
               "dense, so two thirds must go before it reads less; once the GEMM is compute-bound, CUDA cores at "
               f"{CSR_COMPUTE_EFFICIENCY:.0%} of their FP32 peak must skip nearly all the FLOPs to keep up with "
               "the tensor cores.")
    return out


def prune_view(result: Result, gpu_rows: list[Modelled], evens: dict[int, float | None], gpu_name: str,
               batch: int) -> RenderableType:
    lines = [Text("• " + line) for line in findings(result, gpu_rows, evens, gpu_name)]
    sources = [Text(f"GPU {name}: {text}", style="dim") for name, text in SOURCES.items()]
    return Group(cpu_table(result), gpu_table(gpu_rows, gpu_name, batch), *lines, *sources)


def draw_prune(result: Result, gpu_rows: list[Modelled], gpu_name: str, path: Path) -> Path:
    """Speed-up against sparsity per format (measured here: solid; modelled GPU: dashed), and the
    output error against sparsity per pruning pattern."""
    plt = pyplot()
    figure, (speed, error) = plt.subplots(1, 2, figsize=(13, 5.5))
    colours = {"csr-scipy": "tab:blue", "csr-numba": "tab:cyan", "2:4-numba": "tab:red", "rows-dense": "tab:green",
               "csr": "tab:blue", "2:4-sparse-tc": "tab:red"}
    for fmt in ("csr-scipy", "csr-numba", "rows-dense", "2:4-numba"):
        mine = result.of(fmt)
        speed.plot([r.sparsity for r in mine], [r.speedup for r in mine], marker="o", color=colours[fmt],
                   label=f"CPU, measured: {FORMAT_LABELS[fmt]}")
    for fmt in ("csr", "rows-dense", "2:4-sparse-tc"):
        mine = [r for r in gpu_rows if r.format == fmt]
        speed.plot([r.sparsity for r in mine], [r.speedup for r in mine], marker="s", linestyle="--",
                   color=colours[fmt], alpha=0.7, label=f"{gpu_name}, modelled: {GPU_LABELS[fmt]}")
    speed.axhline(1.0, color="black", linewidth=1, label="dense")
    for fmt, entry in result.break_even.items():
        if entry["sparsity"] is not None:
            speed.axvline(entry["sparsity"], color=colours[fmt], linestyle=":", linewidth=1,
                          label=f"break-even, {SHORT_LABELS[fmt]}: {entry['sparsity']:.1%}")
    speed.set(yscale="log", xlabel="sparsity (share of weights pruned)", ylabel="speed-up over dense",
              title=f"Speed-up: {result.setup.out_features}x{result.setup.in_features}, batch {result.setup.batch}")
    speed.grid(True, which="both", alpha=0.3)
    speed.legend(fontsize=7)
    for fmt, label in (("csr-scipy", "unstructured (magnitude)"), ("2:4-numba", "2:4"), ("rows-dense", "rows (L2)")):
        mine = result.of(fmt)
        error.plot([r.sparsity for r in mine], [r.error for r in mine], marker="o", color=colours[fmt], label=label)
    error.set(xlabel="sparsity (share of weights pruned)", ylabel="relative output error ‖ΔY‖ / ‖Y‖",
              title="What each pattern costs in output error", ylim=(0, 1.05))
    error.grid(True, alpha=0.3)
    error.legend(fontsize=8)
    return save(plt, figure, path)
