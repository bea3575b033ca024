"""The practice loop's commands: ``judge run --watch``, ``judge mock``, ``judge stats`` and
``judge report``. Each parses, calls the loop or the history, and prints."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click
from rich.console import Console
from rich.text import Text

from judge.engine.run import DEFAULT_MAX_EXAMPLES, RunOptions
from judge.engine.store import Store
from judge.errors import (
    DrawFailed,
    KitError,
    PlotUnavailable,
    ProblemNotFound,
    ReferenceDisagreement,
    WorkerError,
)
from judge.model import registry
from judge.model.history import ACCEPTED, summarise
from judge.model.outcomes import RunResult
from judge.model.problem import Problem
from judge.model.starter import starter_source
from judge.practice.mock import Mock
from judge.practice.terminal import StatusScreen
from judge.practice.watch import watch_loop
from judge.reporting import html, practice, views
from judge.reporting.jsonout import run_json, stats_json
from judge.reporting.options import complete_slug, new_file, problem_argument

STORE = Path(".judge")
EXIT_INTERNAL = 3


@contextmanager
def _internal_error_is_ie(console: Console) -> Iterator[None]:
    """A failure of the judge itself ends the loop with one IE line, as judge run reports it."""
    try:
        yield
    except (WorkerError, ReferenceDisagreement, DrawFailed) as exc:
        _ie(console, exc)
    except (KitError, click.ClickException):
        raise  # the user's mistake: the command line's one-line usage error
    except Exception as exc:  # noqa: BLE001 - the judge's own failure is IE, never a traceback
        _ie(console, exc)


def _ie(console: Console, exc: Exception) -> None:
    console.print(Text.assemble((" IE ", "bold white on red"), f" internal error: {type(exc).__name__}: {exc}"))
    sys.exit(EXIT_INTERNAL)


def write_html(result: RunResult, problem: Problem, path: Path, err: Console) -> None:
    try:
        page = html.render(result, problem)
    except PlotUnavailable as exc:
        raise click.UsageError(str(exc).replace("--plot", "--html")) from None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    err.print(f"report written to {path}", highlight=False)


def watch_run(problem: Problem, file: Path, options: RunOptions, bench: bool, html_path: Path | None) -> None:
    """``judge run --watch``: until Ctrl-C, which leaves no worker behind (each run's worker
    dies with its ``with`` block, and the watcher thread is stopped)."""
    console = Console()
    screen = StatusScreen(console, lambda: Text(_watch_status(file, screen), style="dim"))
    runs = [0]

    def show(result: RunResult, number: int, accepted_before: bool) -> None:
        runs[0] = number
        screen.show(practice.watch_screen(result, problem, number, accepted_before, bench))
        if html_path is not None:
            write_html(result, problem, html_path, Console(stderr=True))

    try:
        with _internal_error_is_ie(console), screen:
            watch_loop(problem, file, options, None, bench, show, progress=screen)
    except KeyboardInterrupt:
        console.print(f"stopped watching {file} after {runs[0]} run{'s' if runs[0] != 1 else ''}",
                      style="dim", highlight=False)


def _watch_status(file: Path, screen: StatusScreen) -> str:
    stage = screen.stage_line
    if stage is not None:
        return f"judging {file.name}: {stage} · a save restarts it · Ctrl-C stops"
    return f"watching {file} · save to judge again · Ctrl-C stops"


@click.command(short_help="A timed mock: the statement, a countdown, every save judged.")
@click.argument("slug", shell_complete=complete_slug)
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--minutes", type=click.FloatRange(min=0.05), default=30, show_default=True,
              help="The time you give yourself.")
@click.option("--no-timer", is_flag=True, help="No clock: the mock ends at AC or Ctrl-C.")
@click.option("--max-examples", type=click.IntRange(min=0), default=DEFAULT_MAX_EXAMPLES, show_default=True,
              help="Hypothesis-generated cases per attempt, after the small scope.")
@click.option("--no-bench", is_flag=True, help="Skip the accepted solution's profile.")
def mock(slug: str, path: Path | None, minutes: float, no_timer: bool, max_examples: int, no_bench: bool) -> None:
    """A self-mock on SLUG: writes a starter to PATH (default ./<slug>.py, never over a file),
    shows the statement without the solution, and starts the clock. Every save is judged as
    an attempt; at AC or when time is up the report gives the time to AC, the attempts, the
    accepted solution's profile and the interviewer's follow-up questions. Ctrl-C ends it,
    and the attempt it interrupted is recorded.
    """
    problem = problem_argument(slug)
    path = new_file(path or Path(f"{problem.module}.py"))
    store = Store(STORE)
    store.check()
    path.write_text(starter_source(problem), encoding="utf-8")
    options = RunOptions(max_examples=max_examples, store=STORE)
    session = Mock(problem, path, None if no_timer else minutes, options, store, bench=not no_bench)
    console = Console()
    with _internal_error_is_ie(console), StatusScreen(console, session.status) as screen:
        accepted = session.run(screen)
    console.clear()
    console.print(practice.mock_report(session.record(), problem, accepted))
    sys.exit(0 if session.outcome == ACCEPTED else 1)


@click.command(short_help="Your practice history: attempts, first AC, best times, mocks.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the tables.")
def stats(as_json: bool) -> None:
    """Per problem: runs, the first AC and when, the last verdict, and the best time at the
    profile's largest n beside the reference forms there. Overall: problems solved out of the
    catalogue, and timed mocks passed in time. Read from .judge/history.sqlite3."""
    store = Store(STORE)
    catalogue = {slug: tuple(p.families) for slug, p in registry.all_problems().items()}
    summary = summarise(store.runs(), store.profile_summaries(), store.mocks(), catalogue)
    if as_json:
        click.echo(json.dumps(stats_json(summary)))
    else:
        Console().print(practice.stats_view(summary))


@click.command(name="report", short_help="The last run (of SLUG) from the history, again or as HTML.")
@click.argument("slug", required=False, shell_complete=complete_slug)
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write it as one self-contained HTML page, with the profile's plots.")
@click.option("--details", is_flag=True, help="Show every per-n profile table and every finding.")
@click.option("--json", "as_json", is_flag=True, help="Print the run as judge run --json did.")
def report_command(slug: str | None, html_path: Path | None, details: bool, as_json: bool) -> None:
    """Show the last recorded run of SLUG (default: the last run of any problem), as
    ``judge run`` reported it, or write it as an HTML page with --html."""
    if slug is not None:
        problem_argument(slug)  # an unknown slug is a usage error, not an empty history
    result = Store(STORE).last_run(slug)
    if result is None:
        which = f"of {slug} " if slug else ""
        raise click.UsageError(f"no run {which}in the history under {STORE}/ yet; judge one with: "
                               f"judge run {slug or 'SLUG'} FILE")
    try:
        problem = registry.get(result.problem)
    except ProblemNotFound:
        raise click.UsageError(f"the last run is of {result.problem!r}, which this kit no longer has") from None
    if html_path is not None:
        write_html(result, problem, html_path, Console(stderr=True))
        return
    if as_json:
        click.echo(json.dumps(run_json(result, problem)))
        return
    Console().print(views.run_view(result, problem, details=details))
