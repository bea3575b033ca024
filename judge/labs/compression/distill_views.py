"""``judge lab distill``: the tables, the findings in sentences, and the accuracy-vs-T plot.

Built here, printed by the CLI (judge/labs/compression/distill_command.py).
"""

from __future__ import annotations

import math
from pathlib import Path

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.labs.compression.distill import Result, Score
from judge.reporting.plot import pyplot, save

METHOD_LABELS = {"soft": "soft targets only (α = 0)", "mix": "α mix", "mix-no-T2": "α mix without T²"}


def _pct(pair: tuple[float, float]) -> str:
    return f"{pair[0]:.1%} ± {pair[1] * 100:.1f}"


def _cell(pair: tuple[float, float]) -> str:
    return f"{pair[0] * 100:.1f} ± {pair[1] * 100:.1f}"


def _label(method: str, alpha: float) -> str:
    return f"α mix (α = {alpha:g})" if method == "mix" else (
        f"α mix without T² (α = {alpha:g})" if method == "mix-no-T2" else METHOD_LABELS[method])


SHORT = {"soft": "soft, α=0", "mix": "mix, α={a:g}", "mix-no-T2": "mix, no T²"}


def scores_table(result: Result, measure: str) -> Table:
    """One row per way of training, one column per T: test accuracy or agreement, mean ± sd."""
    s = result.setup
    what = "test accuracy" if measure == "test" else "agreement with the teacher on the test split"
    table = Table(title=f"Student {what} (%), mean ± sample sd over {s.seeds} seeds", box=box.SIMPLE_HEAD,
                  title_justify="left")
    table.add_column("trained on")
    for t in s.temperatures:
        table.add_column(f"T = {t:g}", justify="right")
    for method in ("soft", "mix", "mix-no-T2"):
        mine = result.of(method)
        best = result.best[method]["temperature"]
        cells = [Text(_cell(getattr(m, measure)), style="bold" if m.temperature == best and measure == "test" else "")
                 for m in mine]
        table.add_row(SHORT[method].format(a=mine[0].alpha), *cells)
    hard = result.of("hard")[0]
    table.caption = (f"hard labels only (α = 1): {_pct(getattr(hard, measure))}"
                     + (f"; the teacher: {_pct(result.teacher)}" if measure == "test" else "")
                     + ("; bold: the T picked on the validation split" if measure == "test" else ""))
    table.caption_justify = "left"
    return table


def targets_table(result: Result) -> Table:
    table = Table(title="The teacher's soft targets on the transfer set (means over the seeds)", box=box.SIMPLE_HEAD,
                  title_justify="left")
    for name in ("T", "entropy (nats)", "p, near miss", "p, far miss", "ratio"):
        table.add_column(name, justify="right")
    for t in result.targets:
        ratio = t.same_cluster / t.other_cluster if t.other_cluster > 0 else math.inf
        table.add_row(f"{t.temperature:g}", f"{t.entropy[0]:.3f} ± {t.entropy[1]:.3f}", f"{t.same_cluster:.4f}",
                      f"{t.other_cluster:.4f}", f"{ratio:.1f}x")
    table.caption = (f"uniform over {result.setup.classes} classes: {math.log(result.setup.classes):.3f} nats. "
                     "p: the mean probability of one wrong class in the true class's cluster (near) or in another "
                     "cluster (far); ratio: near / far")
    table.caption_justify = "left"
    return table


def _at(scores: list[Score], t: float) -> Score:
    return next(s for s in scores if s.temperature == t)


def findings(result: Result) -> list[str]:
    """The point, in sentences built from the numbers above."""
    s = result.setup
    hard = result.of("hard")[0]
    soft = result.of("soft")
    best_t = result.best["soft"]["temperature"]
    best = _at(soft, best_t)
    low, high = soft[0], soft[-1]
    out = [f"The teacher reaches {_pct(result.teacher)} on the test split; the student on hard labels alone "
           f"{_pct(hard.test)}; on the teacher's soft targets at the best T, {_pct(best.test)}."]
    out.append(f"Best T, picked on the validation split: T = {best_t:g} for soft targets alone "
               f"(validation {result.best['soft']['validation']:.1%}), T = {result.best['mix']['temperature']:g} "
               f"for the α = {s.alpha:g} mix (validation {result.best['mix']['validation']:.1%}, test "
               f"{_pct(result.best['mix']['test'])}).")
    first, last = result.targets[0], result.targets[-1]
    out.append(f"Dark knowledge: at T = {first.temperature:g} the teacher gives a wrong class of the true class's "
               f"cluster {first.same_cluster / first.other_cluster:.0f}x the probability of a class in another "
               "cluster: its soft targets say which wrong classes are nearly right. Hard labels say none of that.")
    out.append(f"Too low a T collapses towards hard labels: at T = {low.temperature:g} the soft targets' entropy is "
               f"{first.entropy[0]:.2f} nats and the student scores {low.test[0]:.1%}. Too high a T flattens them: at "
               f"T = {high.temperature:g} the entropy is {last.entropy[0]:.2f} of a possible "
               f"{math.log(s.classes):.2f} nats, the near-miss ratio is down to "
               f"{last.same_cluster / last.other_cluster:.1f}x, and the student scores {high.test[0]:.1%} "
               f"against {best.test[0]:.1%} at T = {best_t:g}.")
    wrong = result.of("mix-no-T2")
    right = result.of("mix")
    same_at_one = " (at T = 1 the factor is 1 and the two are the same student)" if wrong[0].temperature == 1 else ""
    out.append(f"Without T², the mix's soft gradient shrinks as 1/T² and the hard labels take over: at "
               f"T = {wrong[-1].temperature:g} that student scores {wrong[-1].test[0]:.1%} (hard labels alone: "
               f"{hard.test[0]:.1%}) where the correct mix scores {right[-1].test[0]:.1%}{same_at_one}.")
    return out


def distill_view(result: Result) -> RenderableType:
    s = result.setup
    head = Text(f"{s.classes} classes in {s.clusters} clusters, {s.features} features; teacher MLP "
                f"{s.features}-{s.teacher_hidden}-{s.teacher_hidden}-{s.classes} on {s.teacher_train} points, "
                f"student {s.features}-{s.student_hidden}-{s.classes} on {s.transfer} (the transfer set); "
                f"seeds {s.seed}..{s.seed + s.seeds - 1}.")
    lines = [Text("• " + line) for line in findings(result)]
    return Group(head, scores_table(result, "test"), scores_table(result, "agreement"), targets_table(result), *lines)


def draw_distill(result: Result, path: Path) -> Path:
    """Student test accuracy against T for each way of training (mean ± sd), hard labels and
    the teacher as bands; the soft targets' entropy against T beside it."""
    plt = pyplot()
    figure, (accuracy, entropy) = plt.subplots(1, 2, figsize=(13, 5.5))
    colours = {"soft": "tab:blue", "mix": "tab:green", "mix-no-T2": "tab:red"}
    for method in ("soft", "mix", "mix-no-T2"):
        mine = result.of(method)
        accuracy.errorbar([m.temperature for m in mine], [m.test[0] for m in mine], yerr=[m.test[1] for m in mine],
                          marker="o", capsize=3, color=colours[method], label=_label(method, mine[0].alpha))
        best = result.best[method]["temperature"]
        accuracy.scatter([best], [_at(mine, best).test[0]], s=140, facecolors="none", edgecolors=colours[method],
                         linewidths=1.5, zorder=3)
    for name, (mean, sd), colour in (("hard labels only", result.of("hard")[0].test, "tab:gray"),
                                     ("teacher", result.teacher, "black")):
        accuracy.axhline(mean, color=colour, linestyle="--", linewidth=1, label=f"{name}: {mean:.1%}")
        accuracy.axhspan(mean - sd, mean + sd, color=colour, alpha=0.08)
    accuracy.set(xscale="log", xlabel="temperature T", ylabel="student test accuracy",
                 title=f"Distillation: accuracy against T ({result.setup.seeds} seeds, ±1 sd; circled: best on "
                       "validation)")
    accuracy.set_xticks(list(result.setup.temperatures), [f"{t:g}" for t in result.setup.temperatures])
    accuracy.grid(True, which="both", alpha=0.3)
    accuracy.legend(fontsize=8)
    ts = [t.temperature for t in result.targets]
    entropy.errorbar(ts, [t.entropy[0] for t in result.targets], yerr=[t.entropy[1] for t in result.targets],
                     marker="o", capsize=3, color="tab:purple", label="teacher's soft-target entropy")
    entropy.axhline(math.log(result.setup.classes), color="tab:purple", linestyle=":",
                    label=f"uniform: log {result.setup.classes}")
    entropy.set(xscale="log", xlabel="temperature T", ylabel="entropy (nats)", title="What T does to the targets")
    entropy.set_xticks(ts, [f"{t:g}" for t in ts])
    ratio = entropy.twinx()
    ratio.plot(ts, [t.same_cluster / t.other_cluster for t in result.targets], marker="s", color="tab:orange",
               label="near-miss ratio (same cluster / other)")
    ratio.set(yscale="log", ylabel="same-cluster / other-cluster probability")
    handles = entropy.get_legend_handles_labels()
    more = ratio.get_legend_handles_labels()
    entropy.legend(handles[0] + more[0], handles[1] + more[1], fontsize=8, loc="center left")
    ratio.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}"))
    ratio.yaxis.set_minor_formatter(plt.FuncFormatter(lambda v, _: f"{v:g}"))
    entropy.grid(True, which="both", alpha=0.3)
    return save(plt, figure, path)
