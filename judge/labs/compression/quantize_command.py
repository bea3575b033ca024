"""``judge lab quantize``: parse, run the lab with a progress bar, render. Nothing else."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from judge.reporting.options import emit, plot_path
from judge.reporting.progress import Bars


@click.command(name="quantize", short_help="RTN vs GPTQ vs AWQ, PTQ vs QAT, and what int4 buys in speed.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--model", "model_name", default="llama-2-70b", show_default=True,
              help="The speed side's model: a preset or a Hugging Face config.json.")
@click.option("--gpu", "gpu_name", default="h100-sxm", show_default=True, help="a100-80gb, h100-sxm or h200.")
@click.option("--tp", type=click.Choice(["1", "2", "4", "8"]), default="4", show_default=True)
@click.option("--plan-requests", type=click.IntRange(min=200), default=2000, show_default=True,
              help="Requests the planner simulates per design (its own default is 10,000).")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), callback=plot_path,
              help="Draw error against bits and accuracy against bits (.png or .svg).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def quantize(seed: int, model_name: str, gpu_name: str, tp: str, plan_requests: int, plot: Path | None,
             as_json: bool) -> None:
    """What do RTN, GPTQ and AWQ lose at int8 and int4, does QAT beat PTQ, and what does int4 buy?

    Measured here: a seeded layer with outlier input channels, and a small MLP. Predicted: decode
    speed, KV capacity and the planner's cheapest design from the calibrated roofline. Quoted:
    the papers' Llama-2 perplexities. Everything is seeded; the seed is printed."""
    from judge.errors import InfeasibleShape, InvalidInput, UnknownPreset
    from judge.labs.compression import quantize as lab
    from judge.labs.serving import engine, hf_config, models

    try:
        model = models.model(model_name)
        hf_config.check_tp(model, int(tp))
        engine.gpu(gpu_name)
    except (UnknownPreset, InvalidInput, LookupError) as exc:
        raise click.BadParameter(str(exc), param_hint="--model/--gpu/--tp") from None
    speed = lab.SpeedSpec(model=model_name, gpu=gpu_name, tp=int(tp), plan_requests=plan_requests)
    curve_bits = lab.CURVE_BITS if plot is not None else ()
    with Bars(Console(stderr=True), disable=as_json) as bars:
        bars.stage("quantisation lab", lab.stages(curve_bits))
        try:
            result = lab.run(seed, speed=speed, curve_bits=curve_bits,
                             progress=lambda description: bars.advance(description=description))
        except InfeasibleShape as exc:
            raise click.BadParameter(str(exc), param_hint="--model/--gpu/--tp") from None
    if plot is not None:
        from judge.labs.compression.quantize_plot import draw_quantize

        draw_quantize(result, plot)
    from judge.labs.compression.quantize_views import interpretation, quantize_view

    emit(as_json, lambda: {**lab.to_json(result), "interpretation": interpretation(result)},
         lambda: quantize_view(result), plot)
