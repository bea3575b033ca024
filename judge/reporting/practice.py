"""Renderables of the practice loop: the --watch screen, a mock's screens and its report, and
``judge stats``. Built here, printed by the practice layer."""

from __future__ import annotations

import time

from rich import box
from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from judge.model import spec as specs
from judge.model.forms import is_jitted
from judge.model.history import ACCEPTED, TIME_UP, MockRecord, Stats
from judge.model.outcomes import RunResult
from judge.model.problem import Problem
from judge.model.verdicts import Verdict
from judge.reporting import findings, summary, views
from judge.reporting.format import clock, human_seconds, when

VERDICT_STYLES = {verdict.value: style for verdict, style in views.STYLES.items()}
#: What an attempt that ended before its verdict (Ctrl-C, or the save of a stopped mock) shows.
UNJUDGED = "not judged"


def _findings(result: RunResult) -> RenderableType:
    _, warnings = findings.describe(result.profile, noise_warnings=False)
    return summary.bullets(warnings, findings.headline(result.profile))


def watch_screen(result: RunResult, problem: Problem, number: int, accepted_before: bool,
                 bench: bool) -> RenderableType:
    """One run of ``judge run --watch``: the verdict, the failing case, the first findings."""
    header = Text(f"judge run --watch · {result.submission} · run {number} at {time.strftime('%H:%M:%S')} · "
                  "save to judge again · Ctrl-C stops", style="dim")
    parts: list[RenderableType] = [header, views.verdict_panel(result)]
    if result.failing_case is not None:
        parts.append(views.case_panel(result.failing_case, problem, result.shrunk,
                                      views.minimality_line(result, problem)))
    if result.profile is not None:
        parts += [_findings(result),
                  Text(f"the whole report: judge report {problem.slug} (--details for every table, "
                       "--html FILE for plots)", style="dim")]
    elif not bench:
        parts.append(Text("profile: off (--no-bench)", style="dim"))
    elif result.verdict is Verdict.AC:
        parts.append(Text("profiling against the reference forms… (a save stops it and judges the new file)",
                          style="dim"))
    else:
        again = "again " if accepted_before else ""
        parts.append(Text(f"profile: skipped until the file is accepted {again}(it runs after each AC; "
                          "--no-bench turns it off)", style="dim"))
    return Group(*parts)


# -- a mock -------------------------------------------------------------------------------------

def statement_view(problem: Problem, path: str, minutes: float | None) -> RenderableType:
    """The problem as an interviewer would give it: the statement, none of the solution."""
    text = specs.statement(problem.spec) or f"# {problem.title}\n\n{problem.constraints}\n"
    clock_text = f"{clock(minutes * 60)} on the clock" if minutes is not None else "no clock (--no-timer)"
    how = Text.assemble(("mock · ", "bold"), (problem.slug, "bold"),
                        f" · {clock_text}\nwrite your solution in {path} and save it: each save is judged as an "
                        "attempt; the mock ends at AC, when time is up, or with Ctrl-C")
    return Group(Markdown(text), Panel(how, border_style="cyan"))


def mock_status(remaining_s: float | None, elapsed_s: float, attempts: int, last: str | None,
                stage: str | None) -> Text:
    """The status line under a mock's screen, refreshed every second."""
    left = f"⏱ {clock(remaining_s)} left" if remaining_s is not None else f"⏱ {clock(elapsed_s)} elapsed"
    if remaining_s is not None and remaining_s <= 0:
        left = "⏱ time is up"
    parts = [left, f"{attempts} attempt{'s' if attempts != 1 else ''}"]
    if last:
        parts.append(f"last: {last}")
    parts.append(stage or "save to submit · Ctrl-C ends")
    style = "bold red" if remaining_s is not None and remaining_s < 60 else "bold"
    return Text(" · ".join(parts), style=style)


def attempts_line(record: MockRecord) -> Text:
    line = Text("attempts: ")
    for index, attempt in enumerate(record.attempts):
        if index:
            line.append("  ")
        verdict = attempt.verdict or UNJUDGED
        line.append(f"{attempt.number}. {clock(attempt.at_s)} ")
        line.append(verdict, style=VERDICT_STYLES.get(verdict, "dim"))
    if not record.attempts:
        line.append("none yet", style="dim")
    return line


def attempt_screen(result: RunResult, problem: Problem, record: MockRecord) -> RenderableType:
    parts: list[RenderableType] = [
        Text(f"mock · {problem.slug} · attempt {record.attempts[-1].number if record.attempts else 1}",
             style="bold"),
        views.verdict_panel(result)]
    if result.failing_case is not None:
        parts.append(views.case_panel(result.failing_case, problem, result.shrunk,
                                      views.minimality_line(result, problem)))
    parts.append(attempts_line(record))
    return Group(*parts)


def _first_clause(text: str) -> str:
    """'O(mn/30) digit ops (CPython ints have...): ...' -> 'O(mn/30) digit ops': the spec has the rest."""
    for mark in (": ", "; ", " (", ", "):
        head = text.split(mark)[0]
        if head.count("(") == head.count(")"):
            text = head
    return text.strip()


def follow_ups(problem: Problem, result: RunResult | None) -> RenderableType | None:
    """The questions an interviewer asks next, from the spec; the complexity one with the
    spec's forms and, after AC, the growth the profile measured."""
    questions = specs.interview_questions(problem.spec)
    rows = specs.complexities(problem.spec)
    if not questions and not rows:
        return None
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column()
    for number, question in enumerate(questions, 1):
        grid.add_row(f"{number}.", Text(question))
    if rows:
        question = Text("What are the time and memory of your solution, and of each form?")
        mine = []
        if result is not None and result.profile is not None:
            for family, forms_of in result.profile.families.items():
                p = forms_of.get("submission")
                if p is not None and p.exponent is not None:
                    mine.append(f"n^{p.exponent:.1f} on {family} inputs")
        if mine:
            question.append(f" Yours measured {' and '.join(mine)}.", style="dim")
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for column in ("the spec's forms", "time", "memory"):
            table.add_column(column)
        for row in rows:
            table.add_row(row.form, _first_clause(row.time), _first_clause(row.memory))
        grid.add_row(f"{len(questions) + 1}.", question)
        grid.add_row("", table)
    answers = Text(f"answers: judge show {problem.slug} (its interview section)", style="dim")
    return Panel(Group(grid, answers), title="follow-up questions", title_align="left")


def mock_report(record: MockRecord, problem: Problem, accepted: RunResult | None) -> RenderableType:
    """The end of a mock: time to AC, the attempts, the accepted solution's profile, the follow-ups."""
    limit = f" of {clock(record.minutes * 60)}" if record.minutes is not None else ""
    if record.outcome == ACCEPTED:
        headline = Text(f"accepted in {clock(record.time_to_ac_s or 0)}{limit}", style="bold green")
        if record.minutes is not None and not record.passed_in_time:
            headline.append(" (after the time)", style="bold yellow")
    elif record.outcome == TIME_UP:
        headline = Text(f"time is up: not accepted in {clock(record.minutes * 60)}", style="bold red")
    else:
        spent = (record.ended_at or time.time()) - record.started_at
        headline = Text(f"stopped after {clock(spent)}{limit}, not accepted", style="bold yellow")
    parts: list[RenderableType] = [
        Panel(Group(headline, attempts_line(record)), title=f"mock · {problem.slug}", title_align="left"),
    ]
    if accepted is not None and accepted.profile is not None:
        fix = f"re-time it with: judge bench {problem.slug} {accepted.submission} --repeat 15"
        parts.append(summary.profile_summary(accepted.profile, fix))
    elif accepted is not None:
        parts.append(Text("not profiled (stopped first)", style="dim"))
    questions = follow_ups(problem, accepted)
    if questions is not None:
        parts.append(questions)
    parts.append(Text("recorded in the history: judge stats", style="dim"))
    return Group(*parts)


# -- judge stats --------------------------------------------------------------------------------

def _best_cells(best) -> tuple[Text, Text]:
    """Your best time at the profile's largest n, and the fastest references there (in plain
    Python, and of all)."""
    if best is None:
        return Text("–", style="dim"), Text("")
    mine = Text(f"{human_seconds(best.seconds)} at n={best.n} ({best.family})")
    shown: dict[str, float] = {}
    plain = {f: s for f, s in best.references.items() if not is_jitted(f)}
    if plain:
        fastest_plain = min(plain, key=plain.get)
        shown[fastest_plain] = plain[fastest_plain]
    if best.references:
        fastest = min(best.references, key=best.references.get)
        shown[fastest] = best.references[fastest]
    return mine, Text(", ".join(f"{form} {human_seconds(s)}" for form, s in shown.items()), style="dim")


def stats_view(stats: Stats) -> RenderableType:
    table = Table(title="practice history", title_justify="left")
    table.add_column("problem", no_wrap=True)
    table.add_column("runs", justify="right")
    table.add_column("first AC")
    table.add_column("last")
    table.add_column("best at the largest n")
    table.add_column("references there")
    for p in stats.problems:
        first = Text("–", style="dim") if p.first_ac_at is None else Text(
            f"{when(p.first_ac_at)} (run {p.attempts_to_first_ac})")
        table.add_row(p.slug, str(p.attempts), first,
                      Text(p.last_verdict, style=VERDICT_STYLES.get(p.last_verdict, "")), *_best_cells(p.best))
    timed = stats.timed_mocks
    untimed = len(stats.mocks) - timed
    overall = Text(f"solved {stats.solved} of the {stats.catalogue} problems · mocks: "
                   f"{stats.mocks_passed_in_time} of {timed} timed passed in time", style="bold")
    if untimed:
        overall.append(f", {untimed} untimed")
    parts: list[RenderableType] = [table if stats.problems else Text("no runs yet: judge run SLUG FILE"), overall]
    if stats.mocks:
        mocks = Table(title="mocks, newest first", title_justify="left", show_edge=False)
        for column in ("started", "problem", "outcome", "time to AC", "attempts"):
            mocks.add_column(column)
        for mock in list(reversed(stats.mocks))[:10]:
            limit = f" / {clock(mock.minutes * 60)}" if mock.minutes is not None else ""
            took = clock(mock.time_to_ac_s) + limit if mock.time_to_ac_s is not None else "–" + limit
            verdicts = " ".join(a.verdict or UNJUDGED for a in mock.attempts) or "–"
            mocks.add_row(when(mock.started_at), mock.problem, mock.outcome or "running or killed", took, verdicts)
        parts.append(mocks)
    return Group(*parts)
