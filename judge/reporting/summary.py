"""The short report's profile: the headline findings, one compact table, one noise line.

``summary_rows`` holds the table as data, so the terminal and the HTML report show the same
cells; ``judge run --details`` (and ``judge bench``) show every per-n table instead.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from judge.model.forms import SUBMISSION
from judge.model.outcomes import FormProfile, Profile
from judge.reporting import findings
from judge.reporting.format import human_bytes, human_seconds


def bullets(warnings: list[str], lines: list[str]) -> Table:
    """⚠ warnings, then • findings, each wrapped under its own first word."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in warnings:
        grid.add_row(Text("⚠", style="bold yellow"), Text(line, style="bold yellow"))
    for line in lines:
        grid.add_row("•", Text(line))
    return grid


def noise_lines(profile: Profile, fix: str) -> list[Text]:
    """The timing-noise warning, in one line: how many points, and what to do."""
    noisy, total = findings.noise(profile)
    if not noisy:
        return []
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row("⚠", f"timing noise: {noisy} of {total} points varied by over {findings.NOISY_SPREAD:.0%} "
                      f"(std dev over median); {fix}", style="yellow")
    return [grid]


def common_size(forms: dict[str, FormProfile], key: str = "seconds") -> int | None:
    """The largest n every measured form has a value at (a time, or a peak)."""
    reached = [{n for n, v in zip(p.sizes, getattr(p, key)) if v is not None} for p in forms.values() if p.sizes]
    common = set.intersection(*reached) if reached else set()
    return max(common) if common else None


def summary_rows(profile: Profile) -> tuple[list[str], list[list[str]]]:
    """The compact table as text: a header, and one row per form with its time at the largest
    n every form of a family reached and its growth, per family, then its peak memory at the
    largest n where every form's peak was traced (in the first family)."""
    families = list(profile.families)
    common = {family: common_size(profile.families[family]) for family in families}
    header = ["form"]
    for family in families:
        header += [f"{family} n={common[family]}" if common[family] is not None else family, "growth"]
    first = profile.families[families[0]] if families else {}
    peak_n = common_size(first, "peak_bytes")
    header.append(f"peak mem n={peak_n}" if peak_n is not None else "peak mem")
    rows = []
    for name in dict.fromkeys(form for forms in profile.families.values() for form in forms):
        row = [name]
        for family in families:
            p = profile.families[family].get(name)
            n = common[family]
            at_n = p.seconds[p.sizes.index(n)] if p is not None and n in p.sizes else None
            row.append(human_seconds(at_n) if at_n is not None else "–")
            row.append(f"n^{p.exponent:.2f}" if p is not None and p.exponent is not None else "–")
        p = first.get(name)
        peak = "–"
        if p is not None and peak_n is not None and peak_n in p.sizes:
            peak = human_bytes(p.peak_bytes[p.sizes.index(peak_n)])
        elif p is not None:  # no size shared by every form: this form's own largest
            known = [(n, b) for n, b in zip(p.sizes, p.peak_bytes) if b is not None]
            peak = f"{human_bytes(known[-1][1])} @{known[-1][0]}" if known else "–"
        rows.append(row + [peak])
    return header, rows


def summary_table(profile: Profile) -> Table:
    header, rows = summary_rows(profile)
    table = Table(title=f"profile · {profile.size_label}", title_justify="left", show_edge=False, pad_edge=False)
    for index, column in enumerate(header):
        table.add_column(column, justify="left" if index == 0 else "right")
    for row in rows:
        table.add_row(*row, style="bold" if row[0] == SUBMISSION else None)
    return table


def profile_summary(profile: Profile, fix: str) -> RenderableType:
    """The short report's profile: the headline findings, the warnings, one compact table."""
    _, warnings = findings.describe(profile, noise_warnings=False)
    parts: list[RenderableType] = [bullets(warnings, findings.headline(profile)), Text("")]
    parts.append(summary_table(profile))
    parts.extend(noise_lines(profile, fix))
    parts.append(Text(f"profiled in {profile.wall_s:.1f} s; --details shows the per-n tables and every finding",
                      style="dim"))
    return Group(*parts)
