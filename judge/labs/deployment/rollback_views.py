"""Rich renderables for ``judge lab rollback``; built here, printed by the CLI."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.labs.deployment.rollback import DETECTORS, METRICS, RollbackResult


def _cell(row) -> str:
    median = "–" if row.median_min is None else f"{row.median_min:.0f}"
    p95 = "–" if row.p95_min is None else f"{row.p95_min:.0f}"
    return f"{row.rate:.0%} · {median} / {p95} min"


def rollback_view(result: RollbackResult) -> RenderableType:
    q = result.question
    rows = result.rows
    head = Text(
        f"{result.simulated:,} simulated rollouts, {q.rollouts:,} per scenario: {q.intervals} one-minute intervals at "
        f"{q.rate:g} requests/s, α = {q.alpha:g}, β = {q.beta:g}, every detector waiting for {q.min_samples} canary "
        f"requests. Detectors: threshold (a one-sided z-test at α, looked at every interval), sprt (the "
        f"canary-guardrail problem's Wald SPRT), msprt (an always-valid normal-mixture SPRT), argo (a threshold "
        f"over {q.argo_window}-minute windows with failureLimit {q.failure_limit}).")
    healthy = Table(title="false rollbacks on healthy canaries (error rate 1%), by traffic share", title_justify="left")
    healthy.add_column("detector")
    for share in q.shares:
        healthy.add_column(f"{share:.0%}", justify="right")
    for detector in DETECTORS:
        cells = []
        for share in q.shares:
            row = next(r for r in rows if r.metric == "errors" and r.share == share and r.delta == 0.0
                       and r.detector == detector)
            cells.append(f"{row.rate:.1%} ± {row.stderr:.1%}")
        healthy.add_row(detector, *cells)
    parts: list[RenderableType] = [head, Text(""), healthy]
    for metric, (name, base, deltas, delay, _) in METRICS.items():
        share = q.share_for_metrics
        late = f", seen {delay} min late" if delay else ""
        table = Table(title=f"{name}: baseline {base:.1%}{late}, {share:.0%} of traffic; caught · median / P95 "
                            "minutes to roll back", title_justify="left")
        table.add_column("detector")
        for delta in deltas:
            table.add_column(f"+{delta:.2%}", justify="right")
        for detector in DETECTORS:
            table.add_row(detector, *[_cell(next(r for r in rows if r.metric == metric and r.share == share
                                                 and r.delta == delta and r.detector == detector)) for delta in deltas])
        parts += [table]
    mde = METRICS["errors"][4]
    trade = Table(title=f"the traffic share: +{mde:.0%} errors, caught · median / P95 minutes · canary requests "
                        "served until the rollback (mean; never caught: until the end)", title_justify="left")
    trade.add_column("detector")
    for share in q.shares:
        trade.add_column(f"{share:.0%}", justify="right")
    for detector in DETECTORS:
        cells = []
        for share in q.shares:
            row = next(r for r in rows if r.metric == "errors" and r.share == share and r.delta == mde
                       and r.detector == detector)
            cells.append(f"{_cell(row)} · {row.exposed:,.0f}")
        trade.add_row(detector, *cells)
    parts += [trade, Text(""), *[Text("• " + line) for line in result.findings],
              Text(f"Simulated in {result.wall_s:.1f} s.", style="dim")]
    return Group(*parts)
