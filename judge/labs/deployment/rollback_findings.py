"""The points ``judge lab rollback`` makes, each worded from its own measurements."""

from __future__ import annotations

from judge.labs.deployment.rollback import METRICS


def _minutes(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} min"


def _pick(rows, **where):
    return [r for r in rows if all(getattr(r, k) == v for k, v in where.items())]


def findings(result) -> list[str]:
    q = result.question
    rows = result.rows
    out = []
    share = q.share_for_metrics
    healthy = {r.detector: r for r in _pick(rows, metric="errors", share=share, delta=0.0)}
    if healthy:
        t, s, m = healthy["threshold"], healthy["sprt"], healthy["msprt"]
        looks = q.intervals
        out.append(
            f"Peeking inflates false rollbacks: on healthy canaries ({share:.0%} of traffic, {q.rollouts:,} rollouts "
            f"of {looks} one-minute intervals), a z-test at α = {q.alpha:g} looked at every interval rolled back "
            f"{t.rate:.1%} of them, not {q.alpha:.0%}: each look is a new chance of a {q.alpha:.0%} fluke, and the "
            f"chances add up over {looks} looks. The SPRT, whose boundaries account for looking after every "
            f"interval, rolled back {s.rate:.1%} ± {s.stderr:.1%}, and the always-valid mixture SPRT {m.rate:.1%}: "
            f"both within α.")
    mde = METRICS["errors"][4]
    by_share = [(sh, {r.detector: r for r in _pick(rows, metric="errors", share=sh, delta=mde)}) for sh in q.shares]
    by_share = [(sh, d) for sh, d in by_share if d]
    if by_share:
        parts = [f"{sh:.0%}: {d['sprt'].rate:.0%} caught, median {_minutes(d['sprt'].median_min)}, "
                 f"{d['sprt'].exposed:,.0f} canary requests served, {d['sprt'].excess_bad:.0f} extra errors"
                 for sh, d in by_share]
        caught = [d["msprt"].rate for _, d in by_share if d]
        out.append(
            f"The traffic share trades exposure against detection time. A regression of +{mde:.0%} errors under the "
            f"SPRT, by share of traffic: {'; '.join(parts)} (the mean over all regressed rollouts; one never caught "
            f"serves to the end). A bigger canary decides sooner but exposes more users while it does; a small one "
            f"exposes few, slowly. The SPRT's misses, about β = {q.beta:g}, are rollouts it accepted as healthy and "
            f"stopped watching; the mixture SPRT never stops, and caught {min(caught):.0%}-{max(caught):.0%}, later.")
    guards = []
    for metric in ("errors", "latency", "business"):
        name, base, _, delay, effect = METRICS[metric]
        row = {r.detector: r for r in _pick(rows, metric=metric, share=share, delta=effect)}
        if row:
            late = f", {delay} min late" if delay else ""
            guards.append(f"{name} ({base:.0%} baseline, +{effect:.1%}{late}): the SPRT caught {row['sprt'].rate:.0%} "
                          f"with median {_minutes(row['sprt'].median_min)}")
    if guards:
        out.append("Guard the error rate and the latency tail, which react within minutes, and a business metric, "
                   "which is the one that matters but arrives late and noisy: " + "; ".join(guards) + ". The late one "
                   "guards the full rollout, not its first minutes.")
    argo = [(sh, _pick(rows, metric="errors", share=sh, delta=0.0, detector="argo")) for sh in q.shares]
    argo = [(sh, r[0]) for sh, r in argo if r]
    if argo:
        out.append(
            f"Argo's failureLimit ({q.failure_limit}) tolerates noisy measurements but does not bound the false "
            f"rollback rate: with a threshold at the baseline's rate plus {mde:.0%} over {q.argo_window}-minute "
            "windows, healthy canaries were rolled back "
            + ", ".join(f"{r.rate:.1%} at {sh:.0%} of traffic" for sh, r in argo)
            + ": a per-window threshold needs enough canary requests per window to be quiet.")
    return out
