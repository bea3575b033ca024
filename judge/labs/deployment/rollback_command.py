"""``judge lab rollback``: parse, run the lab with a progress bar, render."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from judge.reporting.options import emit, plot_path
from judge.reporting.progress import Bars


def _shares(text: str) -> tuple[float, ...]:
    try:
        values = tuple(float(v) / 100 for v in text.split(",") if v.strip())
    except ValueError:
        values = ()
    if not values or not all(0 < v < 1 for v in values):
        raise click.BadParameter(f"{text!r} is not a list of percentages in (0, 100); write e.g. 1,5,10,25",
                                 param_hint="--shares")
    return values


@click.command(name="rollback", short_help="Canary guardrails: threshold, SPRT, mSPRT, Argo; false rollbacks, speed.")
@click.option("--rollouts", type=click.IntRange(min=100, max=1_000_000), default=2000, show_default=True,
              help="Simulated rollouts per scenario.")
@click.option("--minutes", "intervals", type=click.IntRange(min=5, max=24 * 60), default=60, show_default=True,
              help="Length of a rollout, in one-minute intervals.")
@click.option("--rate", type=click.FloatRange(min=0.01), default=20.0, show_default=True,
              help="Requests per second, baseline and canary together.")
@click.option("--shares", "shares_text", default="1,5,10,25", show_default=True, metavar="PCT,PCT",
              help="Canary shares of the traffic, in percent.")
@click.option("--alpha", type=click.FloatRange(min=0, max=0.5, min_open=True), default=0.05, show_default=True)
@click.option("--beta", type=click.FloatRange(min=0, max=0.5, min_open=True), default=0.2, show_default=True)
@click.option("--min-samples", type=click.IntRange(min=0), default=500, show_default=True,
              help="Canary requests before any detector may decide.")
@click.option("--failure-limit", type=click.IntRange(min=0), default=2, show_default=True, help="Argo's failureLimit.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), callback=plot_path,
              help="Draw false rollbacks, detection and time to roll back (.png or .svg).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def rollback(rollouts: int, intervals: int, rate: float, shares_text: str, alpha: float, beta: float, min_samples: int,
             failure_limit: int, plot: Path | None, seed: int, as_json: bool) -> None:
    """How should a canary roll itself back? Thousands of simulated rollouts, healthy and regressed
    (errors, the latency tail, a late business metric), through a threshold checked every
    interval, the SPRT, an always-valid mixture SPRT and Argo's failureLimit."""
    from judge.labs.deployment import rollback as lab
    from judge.labs.deployment.rollback_views import rollback_view

    shares = _shares(shares_text)
    question = lab.Question(rollouts=rollouts, intervals=intervals, rate=rate, shares=shares, alpha=alpha, beta=beta,
                            min_samples=min_samples, failure_limit=failure_limit,
                            share_for_metrics=0.05 if 0.05 in shares else shares[0], seed=seed)
    with Bars(Console(stderr=True)) as bars:
        bars.stage(f"simulating {rollouts:,} rollouts a scenario", len(lab.scenarios(question)))
        result = lab.run(question, bars.advance)
    if plot is not None:
        from judge.labs.deployment.plots import draw_rollback

        draw_rollback(result, plot)
    emit(as_json, lambda: lab.to_json(result), lambda: rollback_view(result), plot)
