"""``judge lab prune``: parse, run the lab, render. The work is in judge/labs/compression/prune.py and prune_gpu.py."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from judge.errors import UnknownPreset
from judge.labs.serving import gpus
from judge.reporting.options import emit, plot_path
from judge.reporting.progress import Bars

GPU_BATCHES = (1, 8, 32, 256, 4096)


def _sparsities(text: str) -> tuple[float, ...]:
    try:
        values = tuple(sorted({float(v) for v in text.split(",") if v.strip()}))
    except ValueError:
        values = ()
    if not values or not all(0 < v < 1 for v in values):
        raise click.BadParameter(f"{text!r} is not a list of sparsities strictly between 0 and 1; "
                                 "write e.g. 0.5,0.7,0.9,0.95,0.99", param_hint="--sparsities")
    return values


@click.command(name="prune", short_help="Which pruning speeds up a layer: measured on this CPU, modelled on a GPU.")
@click.option("--out-features", type=click.IntRange(min=4), default=4096, show_default=True,
              help="Rows of the weight (output channels).")
@click.option("--in-features", type=click.IntRange(min=4), default=4096, show_default=True,
              help="Columns of the weight (input channels); a multiple of 4, for 2:4.")
@click.option("--batch", type=click.IntRange(min=1), default=32, show_default=True,
              help="Activations (tokens) multiplied at once.")
@click.option("--sparsities", "sparsities_text", default="0.5,0.7,0.9,0.95,0.99", show_default=True,
              metavar="S,S", help="Unstructured and row sparsities to measure.")
@click.option("--rounds", type=click.IntRange(min=3), default=7, show_default=True,
              help="Timed rounds; each runs every format once, in turn.")
@click.option("--blas-threads", type=click.IntRange(min=1), default=1, show_default=True,
              help="Threads for the dense GEMMs (the sparse kernels use one, as scipy.sparse does).")
@click.option("--gpu", "gpu_name", default="h100-sxm", show_default=True, help="a100-80gb, h100-sxm or h200.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), callback=plot_path,
              help="Draw speed-up and output error against sparsity (.png or .svg).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def prune(out_features: int, in_features: int, batch: int, sparsities_text: str, rounds: int, blas_threads: int,
          gpu_name: str, plot: Path | None, seed: int, as_json: bool) -> None:
    """Structured or unstructured pruning: which one makes inference faster? One layer, timed in every format."""
    from judge.labs.compression import prune as lab_prune
    from judge.labs.compression import prune_gpu
    from judge.labs.compression.prune_views import draw_prune, prune_view

    if in_features % 4:
        raise click.BadParameter(f"{in_features} is not a multiple of 4; 2:4 groups 4 input channels",
                                 param_hint="--in-features")
    try:
        gpu = gpus.gpu(gpu_name)
    except UnknownPreset as exc:
        raise click.BadParameter(str(exc), param_hint="--gpu") from None
    setup = lab_prune.Setup(out_features, in_features, batch, _sparsities(sparsities_text), rounds, seed, blas_threads)
    if as_json:
        result = lab_prune.run(setup)
    else:
        with Bars(Console(stderr=True)) as bars:
            result = lab_prune.run(setup, bars.update)
    gpu_rows = prune_gpu.model(gpu, out_features, in_features, batch, setup.sparsities)
    evens = prune_gpu.break_evens(gpu, out_features, in_features, tuple(sorted({*GPU_BATCHES, batch})))
    if plot is not None:
        draw_prune(result, gpu_rows, gpu.name, plot)
    emit(as_json, lambda: {"cpu": lab_prune.to_json(result), "gpu": prune_gpu.to_json(gpu_rows, evens, gpu)},
         lambda: prune_view(result, gpu_rows, evens, gpu.name, batch), plot)
