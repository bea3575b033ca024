"""Rich renderables for every command. They are built here and printed only by the CLI."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from judge.model import design
from judge.model.arrays import show_array
from judge.model.forms import SUBMISSION
from judge.model.outcomes import EXHAUSTIVE, ONE_MINIMAL, CaseOutcome, Profile, RunResult, ScopeReport
from judge.model.problem import Problem
from judge.model.size import show as show_size
from judge.model.values import short_repr
from judge.model.verdicts import Verdict
from judge.reporting import findings, summary
from judge.reporting.format import human_bytes, human_seconds

STYLES = {
    Verdict.AC: "bold green", Verdict.WA: "bold red", Verdict.TLE: "bold yellow",
    Verdict.MLE: "bold yellow", Verdict.RE: "bold magenta", Verdict.CE: "bold cyan", Verdict.IE: "bold white on red",
}
STDOUT_SHOWN = 400


def verdict_panel(result: RunResult) -> Panel:
    body = Table.grid(padding=(0, 2))
    body.add_column(style="dim")
    body.add_column()
    body.add_row("problem", result.problem)
    body.add_row("submission", Text(result.submission))
    body.add_row("result", Text(result.message))
    if result.verdict is not Verdict.CE:
        body.add_row("cases", f"{result.cases_passed}/{result.cases_run} passed")
        if result.scope is not None:
            body.add_row("small scope", Text(scope_line(result.scope)))
        limit = result.limits
        time_text = f"{limit.time_s:g} s" if limit.time_s is not None else limit.time_rule
        body.add_row("limits", f"time: {time_text}; memory: {limit.memory_mib} MiB above the worker's baseline")
        body.add_row("seed", f"{result.seed}  (rerun with --seed {result.seed})")
    for note in result.notes:
        body.add_row("note", Text(note))
    title = Text(f" {result.verdict.value} · {result.verdict.title} ", style=STYLES[result.verdict])
    return Panel(body, title=title, title_align="left", border_style=STYLES[result.verdict].split()[-1])


def scope_line(scope: ScopeReport) -> str:
    """'all 6,480 inputs up to size 8 in 0.41 s' or where it stopped."""
    covered = f"{scope.inputs:,} of {scope.total:,} inputs up to size {scope.bound}"
    if scope.complete:
        covered = f"all {scope.total:,} inputs up to size {scope.bound}"
    if scope.stopped_at is not None:
        covered += f", stopped at the first failure ({show_size(scope.stopped_at)})"
    return f"{covered} in {scope.seconds:.2f} s"


def minimality_line(result: RunResult, problem: Problem) -> str | None:
    """What the report promises about the failing input's size, and what size means here."""
    case = result.failing_case
    if case is None or case.origin == "custom" or result.minimality is None:
        return None
    size = show_size(problem.size(case.input))
    if result.minimality == EXHAUSTIVE:
        up_to = f", up to {result.scope.up_to}" if result.scope is not None and result.scope.up_to else ""
        return f"minimal: no smaller input fails{up_to} ({size}; every smaller valid input was judged and passed)"
    if result.minimality == ONE_MINIMAL:
        return (f"1-minimal: no single deletion or lowering makes a smaller input that fails ({size}); "
                "a smaller one may exist beyond the small scope")
    if case.verdict in (Verdict.TLE, Verdict.MLE):
        return f"not shrunk: a {case.verdict.value} costs a full limit per try ({size})"
    return f"no minimality guarantee: the reduction ran out of time ({size})"


def case_panel(outcome: CaseOutcome, problem: Problem, shrunk: bool, minimality: str | None = None) -> Panel:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    if problem.is_design:
        upto = outcome.step if outcome.step is not None else None
        table.add_row("repro", Syntax(design.snippet(outcome.input, problem.entry.cls, upto), "python",
                                      theme="ansi_dark", background_color="default"))
    else:
        dtypes = problem.entry.dtypes
        for name in problem.entry.params:
            value = outcome.input.get(name)
            # Data is wrapped in Text so rich never reads "[i][k]" in an input as markup.
            if name in dtypes and isinstance(value, list):
                text = next(t for edge in (3, 2, 1) if len(t := show_array(value, dtypes[name], edge=edge)) <= 300
                            or edge == 1)
            else:
                text = short_repr(value, 300)
            table.add_row(name, Text(text))
    table.add_row("size", Text(problem.describe(outcome.input)))
    if problem.is_design:
        if outcome.verdict not in (Verdict.TLE, Verdict.MLE) and outcome.message:
            table.add_row("differs", Text(outcome.message))
    elif outcome.verdict not in (Verdict.TLE, Verdict.MLE):
        table.add_row("expected", Text(short_repr(outcome.expected)))
        if outcome.got_type is not None:
            table.add_row("got", Text(f"{short_repr(outcome.got)}  ({outcome.got_type})"))
    if outcome.cpu_s is not None:
        table.add_row("cpu", human_seconds(outcome.cpu_s))
    if outcome.stdout_chars:
        shown = outcome.stdout[:STDOUT_SHOWN]
        cut = outcome.stdout_chars > len(shown)
        flag = f"  [printed {outcome.stdout_chars} chars, showing {len(shown)}]" if cut else ""
        table.add_row("stdout", Text(shown + flag))
    if minimality:
        table.add_row("minimal", Text(minimality))
    where = outcome.origin or "generated"
    if shrunk:
        where += ", then shrunk"
    title = "your case" if outcome.origin == "custom" else f"failing case · {where}"
    return Panel(table, title=title, title_align="left")


def profile_table(family: str, forms: dict[str, Any], size_label: str) -> Table:
    table = Table(title=f"profile · {family} inputs ({size_label})", title_justify="left", show_edge=False)
    table.add_column("n", justify="right")
    names = list(forms)
    for name in names:
        table.add_column(name, justify="right", style="bold" if name == SUBMISSION else None)
    sizes = sorted({n for p in forms.values() for n in p.sizes})
    mine = forms.get(SUBMISSION)
    for n in sizes:
        cells = []
        for name in names:
            p = forms[name]
            if n not in p.sizes:
                cells.append("")
                continue
            t = p.seconds[p.sizes.index(n)]
            text = human_seconds(t)
            if mine is not None and name != SUBMISSION and n in mine.sizes:
                text += f" ({t / mine.seconds[mine.sizes.index(n)]:.2g}×)"
            cells.append(text)
        table.add_row(str(n), *cells)
    table.add_section()
    table.add_row("growth", *[f"n^{p.exponent:.2f}" if p.exponent is not None else "–" for p in forms.values()])
    peaks = []
    for p in forms.values():
        known = [(n, b) for n, b in zip(p.sizes, p.peak_bytes) if b is not None]
        peaks.append(f"{human_bytes(known[-1][1])} @{known[-1][0]}" if known else "–")
    table.add_row("peak mem", *peaks)
    table.add_row("compile", *[human_seconds(p.compile_s) if p.compile_s is not None else "" for p in forms.values()])
    return table


def profile_view(profile: Profile, fix: str = "close other programs, or raise --repeat") -> RenderableType:
    """Every per-n table and every finding; ``fix`` is the noise warning's advice."""
    parts: list[RenderableType] = []
    for family, forms in profile.families.items():
        parts.append(profile_table(family, forms, profile.size_label))
        stops = [f"{form}: stopped, {p.stopped}" for form, p in forms.items() if p.stopped]
        if stops:
            parts.append(Text("  " + "; ".join(stops), style="dim"))
        parts.append(Text(""))
    if profile.has_submission and any(f for forms in profile.families.values() for f in forms if f != SUBMISSION):
        parts.append(Text("(×) = that form's time over yours at the same n: above 1 means yours is faster.",
                          style="dim"))
    sentences, warnings = findings.describe(profile, noise_warnings=False)
    parts.append(summary.bullets(warnings, sentences))
    parts.extend(summary.noise_lines(profile, fix))
    parts.append(Text(f"profiled in {profile.wall_s:.1f} s", style="dim"))
    return Group(*parts)


def two_size_table(profile: Profile) -> Table | None:
    if not profile.two_size:
        return None
    labels = next(iter(next(iter(profile.two_size.values())).values())).labels
    table = Table(title=f"two-size growth · t ≈ c·{labels[0]}^a·{labels[1]}^b", title_justify="left", show_edge=False)
    for column in ("family", "form", f"a ({labels[0]})", f"b ({labels[1]})", "points"):
        numeric = column == "points" or column.startswith(("a ", "b "))
        table.add_column(column, justify="right" if numeric else "left")
    for family, forms in profile.two_size.items():
        for form, fit in forms.items():
            fmt = lambda v: f"{v:.2f}" if v is not None else "–"  # noqa: E731
            table.add_row(family, form, fmt(fit.a), fmt(fit.b), str(len(fit.points)))
    return table


def changes_table(changes: list, name: str, saved_at: str) -> Table:
    table = Table(title=f"change against save {name!r} ({saved_at})", title_justify="left", show_edge=False)
    for column in ("family", "form", "n", "before", "now", "change"):
        table.add_column(column, justify="left" if column in ("family", "form") else "right")
    for c in changes:
        faster = c.speedup >= 1
        verdict = f"{c.speedup:.2f}× faster" if faster else f"{1 / c.speedup:.2f}× slower"
        table.add_row(c.family, c.form, str(c.n), human_seconds(c.before_s), human_seconds(c.after_s),
                      Text(verdict, style="green" if faster else "red"))
    return table


def bench_view(profile: Profile, extras: list[RenderableType]) -> RenderableType:
    parts: list[RenderableType] = [profile_view(profile)]
    two = two_size_table(profile)
    if two is not None:
        parts.append(two)
    parts.extend(extras)
    return Group(*parts)


def run_view(result: RunResult, problem: Problem, details: bool = False) -> RenderableType:
    """The verdict, the failing case, then the profile: short (the headline findings and one
    table), or with ``details`` every per-n table and every finding."""
    parts: list[RenderableType] = [verdict_panel(result)]
    if result.failing_case is not None:
        parts.append(case_panel(result.failing_case, problem, result.shrunk, minimality_line(result, problem)))
    if result.profile is not None:
        fix = f"close other programs, or re-time with: judge bench {problem.slug} {result.submission} --repeat 15"
        parts.append(profile_view(result.profile, fix) if details else summary.profile_summary(result.profile, fix))
    return Group(*parts)


def spec_view(problem: Problem, solutions_source: str | None = None) -> RenderableType:
    parts: list[RenderableType] = [Markdown(problem.spec)]
    if solutions_source is not None:
        parts.append(Markdown(f"## Reference solutions\n\n```python\n{solutions_source}\n```"))
    return Group(*parts)


def list_view(rows: list[dict[str, Any]], width: int = 100) -> Table:
    """The catalogue. A problem's name is never cut, so it can be copied into ``judge run``:
    the forms wrap, a form that does not apply is named under them, and at a narrow ``width``
    the LeetCode number, then the forms, then the borders go."""
    name_width = max((len(row["slug"]) for row in rows), default=7)
    room = width - name_width
    show_forms, show_number, boxed = room >= 30, room >= 52, room >= 12
    table = Table(title="problems", title_justify="left", box=box.HEAVY_HEAD if boxed else None,
                  show_header=boxed, pad_edge=boxed, collapse_padding=not boxed)
    # Only a terminal narrower than the name itself folds it onto two lines; nothing cuts it.
    table.add_column("problem", no_wrap=room >= 2, overflow="fold")
    if show_number:
        table.add_column("LeetCode", justify="right", no_wrap=True)
    if show_forms:
        table.add_column("forms", overflow="fold")
    table.add_column("solved", justify="center", no_wrap=True)
    for row in rows:
        cells: list[Any] = [row["slug"]]
        if show_number:
            cells.append(str(row["leetcode"] or ""))
        if show_forms:
            forms = Text(", ".join(row["forms"]))
            for form, reason in row["not_applicable"].items():
                # The reason's first clause; the whole of it is in the spec and in --json.
                forms.append(f"\nno {form}: {reason.split(':')[0].split('(')[0].strip()}", style="dim")
            cells.append(forms)
        table.add_row(*cells, "✓" if row["solved"] else "")
    return table
