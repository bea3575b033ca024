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


def _grid(title: str, columns: list[str], cells) -> Table:
    """One row per detector, one column per share or effect size: every table of the lab."""
    table = Table(title=title, title_justify="left")
    table.add_column("detector")
    for column in columns:
        table.add_column(column, justify="right")
    for detector in DETECTORS:
        table.add_row(detector, *cells(detector))
    return table


def rollback_view(result: RollbackResult) -> RenderableType:
    q = result.question
    rows = result.rows
    head = Text(
        f"{result.simulated:,} simulated rollouts, {q.rollouts:,} per scenario: {q.intervals} one-minute intervals at "
        f"{q.rate:g} requests/s, α = {q.alpha:g}, β = {q.beta:g}, every detector waiting for {q.min_samples} canary "
        f"requests. Detectors: threshold (a one-sided z-test at α, looked at every interval), sprt (the "
        f"canary-guardrail problem's Wald SPRT), msprt (an always-valid normal-mixture SPRT), argo (a threshold "
        f"over {q.argo_window}-minute windows with failureLimit {q.failure_limit}).")

    def find(metric: str, share: float, delta: float, detector: str):
        return next(r for r in rows if r.metric == metric and r.share == share and r.delta == delta
                    and r.detector == detector)

    healthy = _grid("false rollbacks on healthy canaries (error rate 1%), by traffic share",
                    [f"{each:.0%}" for each in q.shares],
                    lambda detector: [f"{row.rate:.1%} ± {row.stderr:.1%}" for row in
                                      (find("errors", each, 0.0, detector) for each in q.shares)])
    parts: list[RenderableType] = [head, Text(""), healthy]
    share = q.share_for_metrics
    for metric, (name, base, deltas, delay, _) in METRICS.items():
        late = f", seen {delay} min late" if delay else ""
        parts.append(_grid(f"{name}: baseline {base:.1%}{late}, {share:.0%} of traffic; caught · median / P95 "
                           "minutes to roll back", [f"+{delta:.2%}" for delta in deltas],
                           lambda detector, metric=metric, deltas=deltas: [
                               _cell(find(metric, share, delta, detector)) for delta in deltas]))
    mde = METRICS["errors"][4]
    trade = _grid(f"the traffic share: +{mde:.0%} errors, caught · median / P95 minutes · canary requests "
                  "served until the rollback (mean; never caught: until the end)", [f"{each:.0%}" for each in q.shares],
                  lambda detector: [f"{_cell(row)} · {row.exposed:,.0f}" for row in
                                    (find("errors", each, mde, detector) for each in q.shares)])
    parts += [trade, Text(""), *[Text("• " + line) for line in result.findings],
              Text(f"Simulated in {result.wall_s:.1f} s.", style="dim")]
    return Group(*parts)
