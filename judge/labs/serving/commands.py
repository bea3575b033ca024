"""The serving labs' commands (kv-memory, batching, plan, roofline): parse, call the lab, render."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console, Group
from rich.text import Text

from judge.errors import InvalidInput, UnknownPreset
from judge.model import registry
from judge.reporting.options import emit, plot_path, split_csv
from judge.reporting.progress import Bars

MODEL_HELP = "A preset (llama-2-70b, llama-2-13b, llama-3-8b, llama-3-70b) or a Hugging Face config.json."


def _model(name: str):
    """The model, or a usage error naming the key and the fix."""
    from judge.labs.serving import models

    try:
        return models.model(name)
    except (UnknownPreset, InvalidInput) as exc:
        raise click.BadParameter(str(exc), param_hint="--model") from None


@click.command(name="kv-memory", short_help="What paging saves in KV-cache memory.")
@click.option("--model", "model_name", default="llama-2-70b", show_default=True, help=MODEL_HELP)
@click.option("--kv-dtype", type=click.Choice(["fp16", "bf16", "fp8"]), default="fp16", show_default=True)
@click.option("--budget-gib", type=click.FloatRange(min=0.01), default=40.0, show_default=True,
              help="GPU memory left for the KV cache.")
@click.option("--workload", default="sharegpt", show_default=True, metavar="PRESET|FILE.jsonl",
              help="sharegpt, alpaca, or a JSONL of {\"prompt_len\": P, \"output_len\": O}.")
@click.option("--requests", type=click.IntRange(min=1), default=2000, show_default=True,
              help="Requests drawn from a preset.")
@click.option("--max-model-len", type=click.IntRange(min=2), default=2048, show_default=True)
@click.option("--system-prompt", type=click.IntRange(min=1), default=512, show_default=True,
              help="Tokens of the shared system prompt in the prefix-sharing workload.")
@click.option("--samples", type=click.IntRange(min=2), default=4, show_default=True,
              help="Outputs per prompt in the parallel-sampling workload.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def kv_memory(model_name: str, kv_dtype: str, budget_gib: float, workload: str, requests: int, max_model_len: int,
              system_prompt: int, samples: int, seed: int, as_json: bool) -> None:
    """How much KV memory does paging save? Naive reservation against paged blocks of 1-64 tokens."""
    from judge.labs.serving import kv_memory as lab_kv
    from judge.labs.serving import workloads
    from judge.labs.serving.views import kv_memory_view

    model = _model(model_name)
    try:
        path = Path(workload)
        if workload.endswith(".jsonl"):
            if not path.is_file():
                raise click.BadParameter(f"{workload!r} does not exist; pass a .jsonl file or a preset",
                                         param_hint="--workload")
            pairs, label = workloads.load_jsonl(path, max_model_len), path.name
        else:
            pairs, label = workloads.sample(workload, requests, max_model_len, seed), workload
    except (LookupError, InvalidInput) as exc:
        raise click.BadParameter(str(exc), param_hint="--workload") from None
    allocator = registry.get("paged-kv-allocator").forms["python"]
    result = lab_kv.run(allocator, model.name, model.kv_bytes_per_token(kv_dtype), int(budget_gib * 2**30),
                        label, pairs, max_model_len, system_prompt=system_prompt, samples=samples)
    emit(as_json, lambda: lab_kv.to_json(result), lambda: kv_memory_view(result), None)


def _parse_sweep(text: str | None) -> tuple[str, list[int]] | None:
    from judge.labs.serving.batching import SWEEPABLE

    if text is None:
        return None
    key, _, values = text.partition("=")
    try:
        numbers = [int(v) for v in values.split(",") if v.strip()]
    except ValueError:
        numbers = []
    if key not in SWEEPABLE or not numbers or min(numbers) < 1:
        raise click.BadParameter(
            f"{text!r} is not KEY=N,N,...; KEY is {' or '.join(SWEEPABLE)}, e.g. max_num_seqs=8,32,128",
            param_hint="--sweep")
    return key, numbers


@click.command(name="batching", short_help="Static vs dynamic vs continuous batching on one workload.")
@click.option("--workload", default="sharegpt", show_default=True, metavar="PRESET|FILE.jsonl",
              help="sharegpt, alpaca, or a JSONL of [arrival, prompt_len, output_len].")
@click.option("--requests", type=click.IntRange(min=1), default=1000, show_default=True)
@click.option("--rate", type=click.FloatRange(min=0.001), default=1.0, show_default=True,
              help="Poisson arrivals per second (presets).")
@click.option("--max-model-len", type=click.IntRange(min=2), default=2048, show_default=True,
              help="Cap on prompt + output tokens of a preset's requests.")
@click.option("--model", "model_name", default="llama-2-70b", show_default=True, help=MODEL_HELP)
@click.option("--gpu", "gpu_name", default="a100-80gb", show_default=True)
@click.option("--tp", type=click.Choice(["1", "2", "4", "8"]), default="4", show_default=True)
@click.option("--weight-dtype", type=click.Choice(["fp16", "fp8", "int4"]), default="fp16", show_default=True)
@click.option("--kv-dtype", type=click.Choice(["fp16", "fp8"]), default="fp16", show_default=True)
@click.option("--block-size", type=click.IntRange(min=1), default=16, show_default=True)
@click.option("--num-blocks", type=click.IntRange(min=1), help="Override the KV blocks the roofline derives.")
@click.option("--c0", type=click.FloatRange(min=0),
              help="Run the linear model c0 + c1·tokens + c2·ctx with this c0 (the rest from the calibrated model).")
@click.option("--c1", type=click.FloatRange(min=0), help="Linear model: seconds per token computed.")
@click.option("--c2", type=click.FloatRange(min=0), help="Linear model: seconds per token of context read.")
@click.option("--overhead-ms", type=click.FloatRange(min=0), default=2.0, show_default=True,
              help="Fixed CPU-side time per iteration.")
@click.option("--max-batch-size", type=click.IntRange(min=1), default=8, show_default=True,
              help="Static and dynamic batching.")
@click.option("--max-wait", type=click.FloatRange(min=0), default=0.5, show_default=True, help="Dynamic batching.")
@click.option("--max-num-seqs", type=click.IntRange(min=1), default=256, show_default=True)
@click.option("--max-num-batched-tokens", type=click.IntRange(min=1), default=8192, show_default=True)
@click.option("--chunked-prefill/--no-chunked-prefill", default=False, show_default=True)
@click.option("--p99-ttft", type=click.FloatRange(min=0), default=2.0, show_default=True, metavar="SECONDS")
@click.option("--p99-tpot", type=click.FloatRange(min=0), default=0.2, show_default=True, metavar="SECONDS")
@click.option("--sweep", metavar="KEY=N,N", help="max_num_seqs=... or max_batch_size=...: the trade-off curve.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), callback=plot_path,
              help="Draw the sweep (.png or .svg).")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def batching(workload: str, requests: int, rate: float, max_model_len: int, model_name: str, gpu_name: str, tp: str,
             weight_dtype: str, kv_dtype: str, block_size: int, num_blocks: int | None, c0: float | None,
             c1: float | None, c2: float | None, overhead_ms: float, max_batch_size: int, max_wait: float,
             max_num_seqs: int, max_num_batched_tokens: int, chunked_prefill: bool, p99_ttft: float, p99_tpot: float,
             sweep: str | None, plot: Path | None, seed: int, as_json: bool) -> None:
    """How does continuous batching beat static and dynamic batching? One workload, three policies."""
    from dataclasses import replace

    from judge.labs.serving import batching as lab_batching
    from judge.labs.serving import engine, hf_config, validation, workloads
    from judge.labs.serving.plan import shape_of
    from judge.labs.serving.views import batching_summary, batching_view

    swept = _parse_sweep(sweep)
    if plot is not None:
        if swept is None:
            raise click.BadParameter("--plot draws a sweep; add --sweep max_num_seqs=8,32,128", param_hint="--plot")
    model = _model(model_name)
    try:
        hf_config.check_tp(model, int(tp))
        shape = shape_of(model, engine.gpu(gpu_name), int(tp), weight_dtype, kv_dtype)
        constants = engine.derive(model, shape.gpu, shape.tp, block_size, weight_dtype, kv_dtype, shape.compute_dtype,
                                  engine.Efficiency(overhead_s=overhead_ms / 1e3),
                                  max_tokens=max(max_num_batched_tokens, 2), max_seqs=max(max_num_seqs, max_batch_size))
        if workload.endswith(".jsonl"):
            if not Path(workload).is_file():
                raise click.BadParameter(f"{workload!r} does not exist; pass a .jsonl file or a preset",
                                         param_hint="--workload")
            stream = workloads.load_requests_jsonl(Path(workload))
        else:
            stream = workloads.poisson_arrivals(workloads.sample(workload, requests, max_model_len, seed), rate, seed)
    except (LookupError, InvalidInput, ValueError) as exc:
        raise click.BadParameter(str(exc), param_hint="--gpu/--tp/--workload") from None
    overrides = {k: v for k, v in {"num_blocks": num_blocks, "c0": c0, "c1": c1, "c2": c2}.items() if v is not None}
    if overrides:
        given = ", ".join(f"{k}={v:g}" for k, v in overrides.items())
        linear = {} if {"c0", "c1", "c2"}.isdisjoint(overrides) else {"roof": None}  # a c given: the linear model
        constants = replace(constants, **overrides, **linear, derivation=f"{constants.derivation}; overridden: {given}"
                            + ("; iteration time linear: c0 + c1·tokens + c2·ctx" if linear else ""))
    settings = lab_batching.LabSettings(constants, max_batch_size, max_wait, max_num_seqs, max_num_batched_tokens,
                                        chunked_prefill, p99_ttft, p99_tpot)
    runs = lab_batching.compare(stream, settings)
    swept_runs = lab_batching.sweep(stream, settings, *swept) if swept else []
    if plot is not None:
        from judge.labs.serving.plots import draw_tradeoff

        draw_tradeoff(swept_runs, f"{len(stream)} requests at {rate:g}/s: latency against throughput", plot)
    def view() -> Group:
        head = f"{len(stream)} requests ({workload}, {rate:g}/s). {constants.derivation}."
        parts = [batching_view(runs, "three policies, one workload", head),
                 *[Text("• " + line) for line in batching_summary(runs) + [validation.band_line()]]]
        if swept_runs:
            parts.append(batching_view(swept_runs, f"sweep of {swept[0]}", "The batch-size vs latency trade-off:"))
        return Group(*parts)

    emit(as_json, lambda: {"engine": constants.derivation, "policies": [lab_batching.to_json(r) for r in runs],
                           "sweep": [lab_batching.to_json(r) for r in swept_runs],
                           "error_band": validation.band_line()}, view, plot)


def _ints(text: str, param: str) -> tuple[int, ...]:
    try:
        values = tuple(int(v) for v in text.split(",") if v.strip())
    except ValueError:
        values = ()
    if not values or min(values) < 1:
        raise click.BadParameter(f"{text!r} is not a list of whole numbers >= 1; write e.g. 64,128,256",
                                 param_hint=param)
    return values


def _prices(items: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    from judge.labs.serving import engine

    prices = []
    for item in items:
        name, _, value = item.partition("=")
        try:
            price = float(value)
        except ValueError:
            price = -1.0
        if name not in engine.GPUS or not price > 0:
            raise click.BadParameter(f"{item!r} is not GPU=$/hour with GPU one of {', '.join(engine.GPUS)}; "
                                     "write e.g. h100-sxm=2.50", param_hint="--price")
        prices.append((name, price))
    return tuple(prices)


@click.command(name="plan", short_help="The cheapest serving design that meets the SLOs, by simulation.")
@click.option("--model", "model_name", default="llama-2-70b", show_default=True, help=MODEL_HELP)
@click.option("--gpu", "gpu_names", default="all", show_default=True, metavar="all|A,B",
              help="GPU presets to search (all: a100-80gb, h100-sxm, h200; a100-40gb on request).")
@click.option("--qps", type=click.FloatRange(min=0, min_open=True), default=100.0, show_default=True,
              help="Requests per second, Poisson.")
@click.option("--workload", default="sharegpt", show_default=True, metavar="PRESET|FILE.jsonl",
              help="sharegpt, alpaca, or a JSONL of {\"prompt_len\": P, \"output_len\": O}.")
@click.option("--requests", type=click.IntRange(min=200), default=10_000, show_default=True,
              help="Requests simulated per design (the first 10% are warm-up).")
@click.option("--max-model-len", type=click.IntRange(min=2),
              help="Cap on prompt + output tokens (default: the model's).")
@click.option("--p99-ttft", type=click.FloatRange(min=0, min_open=True), default=2.0, show_default=True,
              metavar="SECONDS")
@click.option("--p99-tpot", type=click.FloatRange(min=0, min_open=True), default=0.1, show_default=True,
              metavar="SECONDS")
@click.option("--p99-e2e", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="End-to-end SLO (default: none).")
@click.option("--budget", type=click.FloatRange(min=0, min_open=True), default=200.0, show_default=True,
              metavar="$/HOUR")
@click.option("--tp", "tps", default="1,2,4,8", show_default=True, metavar="N,N", help="Tensor-parallel degrees.")
@click.option("--weight-dtypes", default="fp16,fp8,int4", show_default=True, metavar="A,B")
@click.option("--kv-dtypes", default="fp16,fp8", show_default=True, metavar="A,B")
@click.option("--max-num-seqs", "max_num_seqs", default="64,128,256,512", show_default=True, metavar="N,N")
@click.option("--max-num-batched-tokens", "max_num_batched_tokens", default="2048,4096,8192", show_default=True,
              metavar="N,N")
@click.option("--chunked-prefill", type=click.Choice(["on", "off", "both"]), default="both", show_default=True)
@click.option("--price", "prices", multiple=True, metavar="GPU=$/HOUR", help="Override a GPU's hourly price.")
@click.option("--overhead-ms", type=click.FloatRange(min=0), default=2.0, show_default=True,
              help="Fixed time per iteration.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True, help="Rows in the table.")
@click.option("--try", "try_text", metavar="KEY=V,...", help="Grade your design, e.g. gpu=h100-sxm,tp=4,replicas=8.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), callback=plot_path,
              help="Draw the cost-vs-P99 frontier.")
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def plan(model_name: str, gpu_names: str, qps: float, workload: str, requests: int, max_model_len: int | None,
         p99_ttft: float,
         p99_tpot: float, p99_e2e: float | None, budget: float, tps: str, weight_dtypes: str, kv_dtypes: str,
         max_num_seqs: str, max_num_batched_tokens: str, chunked_prefill: str, prices: tuple[str, ...],
         overhead_ms: float, top: int, try_text: str | None, plot: Path | None, seed: int, as_json: bool) -> None:
    """Serve MODEL at QPS under $BUDGET/hour with P99 SLOs: the cheapest design, found by simulation."""
    from judge.labs.serving import engine, plan_try
    from judge.labs.serving import plan as lab_plan
    from judge.labs.serving.plan_views import plan_view, try_view

    model = _model(model_name)
    gpus = engine.PLANNED if gpu_names == "all" else split_csv(gpu_names, "--gpu", tuple(engine.GPUS))
    tp_values = _ints(tps, "--tp")
    if set(tp_values) - set(lab_plan.TPS):
        raise click.BadParameter(f"{tps!r} must list TP degrees from 1, 2, 4, 8", param_hint="--tp")
    space = lab_plan.Space(
        gpus=gpus, tps=tp_values, max_num_seqs=_ints(max_num_seqs, "--max-num-seqs"),
        max_num_batched_tokens=_ints(max_num_batched_tokens, "--max-num-batched-tokens"),
        chunked_prefill={"on": (True,), "off": (False,), "both": (False, True)}[chunked_prefill],
        weight_dtypes=split_csv(weight_dtypes, "--weight-dtypes", lab_plan.WEIGHT_DTYPES),
        kv_dtypes=split_csv(kv_dtypes, "--kv-dtypes", lab_plan.KV_DTYPES))
    question = lab_plan.Question(
        model=model_name, qps=qps, slo=lab_plan.Slo(p99_ttft, p99_tpot, p99_e2e), budget=budget, space=space,
        efficiency=engine.Efficiency(overhead_s=overhead_ms / 1e3), prices=_prices(prices),
        top=top)
    try:
        mine = plan_try.parse_design(try_text) if try_text else None
    except InvalidInput as exc:
        raise click.BadParameter(str(exc), param_hint="--try") from None
    try:
        work = lab_plan.make_workload(workload, requests, max_model_len or model.max_model_len, seed)
    except (InvalidInput, LookupError) as exc:
        raise click.BadParameter(str(exc), param_hint="--workload") from None
    if as_json:
        result = lab_plan.search(question, work)
    else:
        with Bars(Console(stderr=True)) as bars:
            result = lab_plan.search(question, work, lambda done, limit: bars.update(
                done, None, f"simulated {done} designs (cost limit ${limit:,.0f}/h)"))
    if mine is not None:
        result.tried = plan_try.try_design(question, mine, work, result)
    if plot is not None:
        from judge.labs.serving.plots import draw_frontier

        draw_frontier(lab_plan.frontier(question, work, result), p99_ttft, p99_tpot, budget,
                      f"{model_name} at {qps:g} req/s: cost against P99, every simulated design", plot)
    tried = [] if result.tried is None else [Text(""), try_view(result.tried, mine.label())]
    emit(as_json, lambda: lab_plan.to_json(result), lambda: Group(plan_view(result), *tried), plot)


@click.command(name="roofline",
             short_help="The iteration-time model: where decode is memory-bound, prefill compute-bound.")
@click.option("--model", "model_name", default="llama-2-70b", show_default=True, help=MODEL_HELP)
@click.option("--gpu", "gpu_name", default="h100-sxm", show_default=True, help="a100-80gb, h100-sxm or h200.")
@click.option("--tp", type=click.Choice(["1", "2", "4", "8"]), default="4", show_default=True)
@click.option("--tokens", "tokens_text", default="1,16,64,256,1024,4096", show_default=True, metavar="N,N",
              help="Tokens per iteration: decode batch sizes, or prefill lengths with --phase prefill.")
@click.option("--context", type=click.IntRange(min=0), default=512, show_default=True,
              help="Tokens each sequence already holds.")
@click.option("--phase", type=click.Choice(["decode", "prefill"]), default="decode", show_default=True,
              help="decode: N sequences, one token each; prefill: one sequence, N tokens.")
@click.option("--weight-dtype", type=click.Choice(["fp16", "bf16", "fp8", "int4"]), default="fp16", show_default=True)
@click.option("--kv-dtype", type=click.Choice(["fp16", "bf16", "fp8"]), default="fp16", show_default=True)
@click.option("--compute-dtype", type=click.Choice(["bf16", "fp8"]), default="bf16", show_default=True,
              help="fp8: FP8 tensor cores (H100, H200; needs --weight-dtype fp8).")
@click.option("--overhead-ms", type=click.FloatRange(min=0), default=2.0, show_default=True,
              help="Fixed CPU-side time per iteration.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), callback=plot_path,
              help="Draw the roofline (.png or .svg).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def roofline(model_name: str, gpu_name: str, tp: str, tokens_text: str, context: int, phase: str, weight_dtype: str,
             kv_dtype: str, compute_dtype: str, overhead_ms: float, plot: Path | None, as_json: bool) -> None:
    """Why is decode memory-bound, and when does prefill become compute-bound? One iteration, by part."""
    from judge.labs.serving import engine, hf_config
    from judge.labs.serving.roofline import IterationModel
    from judge.labs.serving.roofline_views import points_json, roofline_view

    model = _model(model_name)
    tokens = _ints(tokens_text, "--tokens")
    try:
        hf_config.check_tp(model, int(tp))
        it = IterationModel(model, engine.gpu(gpu_name), int(tp), weight_dtype, kv_dtype, compute_dtype,
                            overhead_ms / 1e3)
    except (UnknownPreset, InvalidInput) as exc:
        raise click.BadParameter(str(exc), param_hint="--gpu/--tp/--compute-dtype") from None
    points = [it.point(t, context, phase) for t in tokens]
    if plot is not None:
        from judge.labs.serving.plots import draw_roofline

        draw_roofline(it, points, context, phase, plot)
    emit(as_json, lambda: points_json(it, points, phase), lambda: roofline_view(it, points, phase), plot)
