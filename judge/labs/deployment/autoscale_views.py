"""Rich renderables for ``judge lab autoscale``; built here, printed by the CLI."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.labs.deployment.autoscale import AutoscaleResult
from judge.reporting.format import latency


def autoscale_view(result: AutoscaleResult) -> RenderableType:
    q = result.question
    head = Text(
        f"{result.replica_label}: {result.per_replica_rps:.1f} requests/s per replica at most (the roofline's "
        f"bound, ShareGPT lengths), ${result.price_per_replica_hour:.2f} per replica-hour. Traffic: "
        f"{result.traffic_label}, {result.requests:,} requests. Cold start {result.cold_start_s} s: "
        f"{q.container_s:g} s container + {result.weight_gb:.0f} GB of weights at {result.load_gb_s:.2f} GB/s "
        f"({result.load_source}). SLO: P99 TTFT <= {latency(q.slo_ttft)}.")
    # The policies' names are what --json and the findings call them: a header never cuts
    # one (min_width), the labels wrap instead, and no vertical rules, so five fit at 80 columns.
    table = Table(title="one traffic curve, five autoscalers", title_justify="left", box=box.SIMPLE_HEAD,
                  padding=(0, 1))
    table.add_column("", ratio=1, min_width=10)
    for s in result.policies:
        table.add_column(s.policy, justify="right", min_width=len(s.policy), no_wrap=True)
    rows = [
        ("TTFT p50", lambda s: latency(s.ttft_p50)),
        ("TTFT p99", lambda s: latency(s.ttft_p99)),
        ("worst minute's p99", lambda s: latency(max((p for p in s.minute_p99 if p is not None), default=None))),
        ("minutes over the SLO", lambda s: str(s.slo_minutes)),
        ("replicas mean / peak", lambda s: f"{s.mean_replicas:.1f} / {s.peak_replicas}"),
        ("GPU-hours", lambda s: f"{s.gpu_hours:.1f}"),
        ("cost", lambda s: f"${s.cost:.2f}"),
        ("scaling events", lambda s: str(s.scale_events)),
        ("first scale-up after the jump", lambda s: "–" if s.first_scale_up_s is None
         else f"{s.first_scale_up_s:.0f} s"),
    ]
    for label, cell in rows:
        table.add_row(label, *[cell(s) for s in result.policies])
    notes = [f"{s.policy}: {note}" for s in result.policies for note in s.run.notes]
    parts: list[RenderableType] = [head, Text(""), table]
    parts.append(Text("; ".join(f"{s.policy}: {s.describe}" for s in result.policies) + ".", style="dim"))
    parts.append(Text("Replicas count while they start and drain (they hold GPUs); a minute violates the SLO when "
                      "the P99 TTFT of its arrivals exceeds it. HPAs sync every 15 s with Kubernetes' default "
                      "behavior; the KPA decides every 2 s.", style="dim"))
    parts += [Text(note, style="dim") for note in notes]
    parts += [Text(""), *[Text("• " + line) for line in result.findings]]
    parts.append(Text(f"Simulated in {result.wall_s:.1f} s.", style="dim"))
    return Group(*parts)
