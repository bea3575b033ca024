"""``judge lab quantize --plot``: error against bits for each method, accuracy against bits for PTQ and QAT."""

from __future__ import annotations

from pathlib import Path

from judge.labs.compression.quantize import METHODS, QuantizeResult
from judge.reporting.plot import pyplot, save

COLORS = {"RTN": "tab:red", "GPTQ": "tab:blue", "AWQ": "tab:green"}


def draw_quantize(result: QuantizeResult, path: Path) -> Path:
    plt = pyplot()
    figure, (errors, accuracy) = plt.subplots(1, 2, figsize=(13, 5.2))
    for method in METHODS:
        for group, style in ((128, "-"), (-1, "--")):
            label = f"{method}, {'groups of 128' if group == 128 else 'one scale per row'}"
            errors.plot(result.curve_bits, result.curve[method][group], style, marker="o", color=COLORS[method],
                        label=label)
    layer = result.layer
    errors.set(yscale="log", xlabel="weight bits", ylabel="relative output error ‖WX − ŴX‖² / ‖WX‖² (held out)",
               title=f"error side: a {layer.d_out}×{layer.d_in} layer with {layer.outliers} outlier channels "
                     f"(seed {result.seed})")
    errors.set_xticks(list(result.curve_bits))
    errors.grid(True, which="both", alpha=0.3)
    errors.legend(fontsize=8)

    qat = result.qat
    bits = [r.bits for r in qat.rows]
    accuracy.plot(bits, [r.ptq_accuracy * 100 for r in qat.rows], marker="o", color="tab:red",
                  label="PTQ: round the fp32 weights")
    accuracy.plot(bits, [r.qat_accuracy * 100 for r in qat.rows], marker="s", color="tab:blue",
                  label=f"QAT: {qat.spec.qat_epochs} epochs, fake quant + STE")
    accuracy.axhline(qat.fp32_accuracy * 100, color="black", linestyle=":", label="fp32")
    accuracy.set(xlabel="weight bits", ylabel="test accuracy (%)",
                 title=f"PTQ vs QAT: a {qat.spec.dims}-{qat.spec.hidden}-{qat.spec.classes} MLP")
    accuracy.set_xticks(bits)
    accuracy.invert_xaxis()
    accuracy.grid(True, alpha=0.3)
    accuracy.legend(fontsize=8, loc="lower left")
    return save(plt, figure, path)
