"""Plots: ``judge bench --plot`` (time and peak memory against size, log-log, one line per
form), and the shared steps every plot of the kit takes (the labs draw theirs with them).

matplotlib draws them (an optional extra, ``judge-kit[plot]``): log axes, legends and
SVG/PNG output are what it does well, and hand-written drawing would do them worse.
"""

from __future__ import annotations

import io
from pathlib import Path

from judge.errors import PlotUnavailable
from judge.model.forms import SUBMISSION
from judge.model.outcomes import Profile

FORMATS = (".png", ".svg")


def check_path(path: Path) -> Path:
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"plot path {str(path)!r} must end in .png or .svg; pick the format by the suffix")
    return path


def pyplot():
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: never needs a display
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotUnavailable("--plot needs matplotlib; install it with: pip install 'judge-kit[plot]'") from None
    return plt


def save(plt, figure, path: Path) -> Path:
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _draw_family(time_axis, memory_axis, profile: Profile, family: str) -> None:
    """Time and peak memory against n, log-log, one line per form; the submission thick and black."""
    for form, p in profile.families[family].items():
        if not p.sizes:
            continue
        slope = f" (n^{p.exponent:.2f})" if p.exponent is not None else ""
        mine = form == SUBMISSION
        style = {"linewidth": 2.8, "color": "black", "zorder": 3} if mine else {"linewidth": 1.2, "alpha": 0.8}
        time_axis.plot(p.sizes, p.seconds, marker="o", markersize=4, label=f"{form}{slope}", **style)
        memory = [(n, b) for n, b in zip(p.sizes, p.peak_bytes) if b]
        if memory:
            memory_axis.plot(*zip(*memory), marker="s", markersize=4, label=form, **style)
    time_axis.set(xscale="log", yscale="log", title=f"{family}: time per call", xlabel=profile.size_label,
                  ylabel="seconds (median)")
    memory_axis.set(xscale="log", yscale="log", title=f"{family}: peak memory (tracemalloc)",
                    xlabel=profile.size_label, ylabel="bytes")
    sizes = sorted({n for p in profile.families[family].values() for n in p.sizes})
    for axis in (time_axis, memory_axis):
        axis.grid(True, which="both", alpha=0.3)
        if sizes:  # the sizes measured, as numbers: log ticks like 3×10^1 say less
            axis.set_xticks(sizes, [str(n) for n in sizes], fontsize=8)
            axis.minorticks_off()
            axis.grid(True, which="major", axis="x", alpha=0.3)
        if axis.get_legend_handles_labels()[0]:
            axis.legend(fontsize=8)


def draw(profile: Profile, title: str, path: Path) -> Path:
    plt = pyplot()

    families = list(profile.families)
    figure, axes = plt.subplots(2, len(families), figsize=(6.5 * len(families), 9), squeeze=False)
    for column, family in enumerate(families):
        _draw_family(axes[0][column], axes[1][column], profile, family)
    figure.suptitle(title)
    return save(plt, figure, path)


def family_svg(profile: Profile, family: str) -> str:
    """One family's time and memory plots as an SVG element, to inline in an HTML page."""
    plt = pyplot()
    figure, (time_axis, memory_axis) = plt.subplots(1, 2, figsize=(11, 4.2))
    _draw_family(time_axis, memory_axis, profile, family)
    figure.tight_layout()
    buffer = io.StringIO()
    # Text as paths: the page needs no font, and renders the same everywhere.
    with plt.rc_context({"svg.fonttype": "path"}):
        figure.savefig(buffer, format="svg")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # drop the XML prolog and DOCTYPE: an inline <svg> needs neither
