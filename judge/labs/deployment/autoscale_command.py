"""``judge lab autoscale``: parse, run the lab with a progress bar, render."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from judge.errors import InvalidInput, UnknownPreset
from judge.reporting.options import emit, plot_path
from judge.reporting.progress import Bars

MODEL_HELP = "A preset (llama-2-70b, llama-2-13b, llama-3-8b, llama-3-70b) or a Hugging Face config.json."


@click.command(name="autoscale", short_help="HPA on utilisation, queue or concurrency, KPA, a fixed fleet: one spike.")
@click.option("--traffic", default="spike", show_default=True, metavar="spike|ramp|diurnal|FILE",
              help="A preset shape, or a file of per-second rates (a JSON list, or one number a line).")
@click.option("--base-rate", type=click.FloatRange(min=0), default=6.0, show_default=True,
              help="Requests per second at the start (presets).")
@click.option("--peak-rate", type=click.FloatRange(min=0), default=24.0, show_default=True,
              help="Requests per second at the peak (presets).")
@click.option("--minutes", type=click.FloatRange(min=1, max=240), default=30.0, show_default=True,
              help="Length of a preset's traffic.")
@click.option("--model", "model_name", default="llama-2-70b", show_default=True, help=MODEL_HELP)
@click.option("--gpu", "gpu_name", default="a100-80gb", show_default=True)
@click.option("--tp", type=click.Choice(["1", "2", "4", "8"]), default="4", show_default=True)
@click.option("--weight-dtype", type=click.Choice(["fp16", "fp8", "int4"]), default="fp16", show_default=True)
@click.option("--slo-ttft", type=click.FloatRange(min=0, min_open=True), default=2.0, show_default=True,
              metavar="SECONDS", help="P99 TTFT a minute must stay under.")
@click.option("--container-s", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Seconds from scheduling a pod to the server starting to load weights.")
@click.option("--load-gb-s", type=click.FloatRange(min=0, min_open=True),
              help="Weight-loading bandwidth in GB/s (default: an EBS gp3 volume's 1,000 MiB/s).")
@click.option("--min-replicas", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--max-replicas", type=click.IntRange(min=1, max=200), default=12, show_default=True)
@click.option("--fixed-replicas", type=click.IntRange(min=1, max=200), help="The fixed fleet (default: max).")
@click.option("--util-target", type=click.IntRange(min=1, max=100), default=80, show_default=True,
              help="HPA target, percent of GPU busy time.")
@click.option("--queue-target", type=click.FloatRange(min=0.001), default=2.0, show_default=True,
              help="HPA target, requests waiting per replica.")
@click.option("--concurrency-target", type=click.FloatRange(min=0.001), default=96.0, show_default=True,
              help="HPA target, requests in flight per replica.")
@click.option("--kpa-target", type=click.FloatRange(min=0.01), default=128.0, show_default=True,
              help="KPA target concurrency per pod (Knative multiplies it by 0.7).")
@click.option("--no-scale-to-zero", "no_zero", is_flag=True, help="Skip the sparse-traffic scale-to-zero scenario.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), callback=plot_path,
              help="Draw replicas and P99 TTFT over time, one panel per policy (.png or .svg).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def autoscale(traffic: str, base_rate: float, peak_rate: float, minutes: float, model_name: str, gpu_name: str,
              tp: str, weight_dtype: str, slo_ttft: float, container_s: float, load_gb_s: float | None,
              min_replicas: int, max_replicas: int, fixed_replicas: int | None, util_target: int, queue_target: float,
              concurrency_target: float, kpa_target: float, no_zero: bool, plot: Path | None, seed: int,
              as_json: bool) -> None:
    """How should a model server scale? The same traffic through an HPA on GPU utilisation, on queue
    length and on concurrency, Knative's KPA and a fixed fleet: TTFT over time, SLO-violation
    minutes, GPU-hours, cost and scaling events, with every replica simulated by the
    continuous-batching kernel and every new one paying its cold start."""
    from judge.labs.deployment import autoscale as lab
    from judge.labs.deployment import traffic as traffic_lab
    from judge.labs.deployment.autoscale_views import autoscale_view
    from judge.labs.serving import hf_config, models

    if min_replicas > max_replicas:
        raise click.BadParameter(f"--min-replicas {min_replicas} is above --max-replicas {max_replicas}; "
                                 "lower it or raise the maximum", param_hint="--min-replicas")
    rates = None
    if traffic not in traffic_lab.SHAPES:
        path = Path(traffic)
        if not path.is_file():
            raise click.BadParameter(f"{traffic!r} is neither a shape ({', '.join(traffic_lab.SHAPES)}) nor a file "
                                     "of per-second rates", param_hint="--traffic")
        try:
            rates = tuple(traffic_lab.load_rates(path).tolist())
        except InvalidInput as exc:
            raise click.BadParameter(str(exc), param_hint="--traffic") from None
    try:
        model = models.model(model_name)
        hf_config.check_tp(model, int(tp))
    except (UnknownPreset, InvalidInput) as exc:
        raise click.BadParameter(str(exc), param_hint="--model/--tp") from None
    question = lab.Question(model=model_name, gpu=gpu_name, tp=int(tp), weight_dtype=weight_dtype,
                            shape=traffic if rates is None else "file", rates=rates, base_rate=base_rate,
                            peak_rate=peak_rate, minutes=minutes, slo_ttft=slo_ttft, container_s=container_s,
                            load_bytes_s=None if load_gb_s is None else load_gb_s * 1e9, min_replicas=min_replicas,
                            max_replicas=max_replicas, fixed_replicas=fixed_replicas, util_target=util_target,
                            queue_target=queue_target, concurrency_target=concurrency_target, kpa_target=kpa_target,
                            seed=seed, sparse=not no_zero)
    try:
        with Bars(Console(stderr=True)) as bars:
            def bar(name: str, seconds: int):
                bars.stage(f"simulating {name}", seconds)  # the policies run one after another
                return bars.advance

            result = lab.run(question, bar)
    except (UnknownPreset, InvalidInput, ValueError) as exc:
        raise click.BadParameter(str(exc), param_hint="--gpu/--tp/--weight-dtype") from None
    if plot is not None:
        from judge.labs.deployment.plots import draw_autoscale

        draw_autoscale(result, lab.curve(question)[0], plot)
    emit(as_json, lambda: lab.to_json(result), lambda: autoscale_view(result), plot)
