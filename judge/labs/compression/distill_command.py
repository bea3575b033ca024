"""``judge lab distill``: parse, run the lab, render. The work is in judge/labs/compression/distill.py."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from judge.reporting.options import emit, plot_path
from judge.reporting.progress import Bars


def _temperatures(text: str) -> tuple[float, ...]:
    try:
        values = tuple(sorted({float(v) for v in text.split(",") if v.strip()}))
    except ValueError:
        values = ()
    if not values or not all(0 < v <= 100 for v in values):
        raise click.BadParameter(f"{text!r} is not a list of temperatures in (0, 100]; write e.g. 1,2,4,8,16",
                                 param_hint="--temperatures")
    return values


@click.command(name="distill", short_help="What soft targets teach a small student, and which temperature.")
@click.option("--temperatures", "temperatures_text", default="1,2,4,8,16", show_default=True, metavar="T,T")
@click.option("--alpha", type=click.FloatRange(0, 1, max_open=True), default=0.5, show_default=True,
              help="The mix's weight on the hard-label cross-entropy.")
@click.option("--seeds", type=click.IntRange(min=2), default=5, show_default=True,
              help="Seeds to average over (each: a new task, teacher and students).")
@click.option("--transfer", type=click.IntRange(min=12), default=300, show_default=True,
              help="Points the student learns from.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), callback=plot_path,
              help="Draw accuracy against T, and the soft targets' entropy (.png or .svg).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True, help="The first seed.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def distill(temperatures_text: str, alpha: float, seeds: int, transfer: int, plot: Path | None, seed: int,
            as_json: bool) -> None:
    """Knowledge distillation: what the soft targets carry, and how the temperature matters. Trained and measured."""
    from judge.labs.compression import distill as lab_distill
    from judge.labs.compression.distill_views import distill_view, draw_distill

    setup = lab_distill.Setup(transfer=transfer, alpha=alpha, temperatures=_temperatures(temperatures_text),
                              seeds=seeds, seed=seed)
    if as_json:
        result = lab_distill.run(setup)
    else:
        with Bars(Console(stderr=True)) as bars:
            result = lab_distill.run(setup, bars.update)
    if plot is not None:
        draw_distill(result, plot)
    emit(as_json, lambda: lab_distill.to_json(result), lambda: distill_view(result), plot)
