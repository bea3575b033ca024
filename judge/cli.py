"""The command line: parse, call the engine, render. Nothing else lives here."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from judge import __version__, registry, report
from judge.errors import InvalidInput, KitError, ProblemNotFound, SubmissionError
from judge.jsonout import internal_error_json, run_json
from judge.run import DEFAULT_MAX_EXAMPLES, DEFAULT_MEMORY_MIB, RunOptions, judge_submission
from judge.store import Store

STORE = Path(".judge")
EXIT_USAGE, EXIT_INTERNAL = 2, 3


class _Bars:
    """Rich progress bars on stderr, one stage at a time."""

    def __init__(self, console: Console):
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True,
        )
        self.task = None

    def __enter__(self) -> "_Bars":
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def stage(self, description: str, total: int | None) -> None:
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(description, total=total)

    def advance(self, amount: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, amount)


def _problem(slug: str):
    try:
        return registry.get(slug)
    except ProblemNotFound as exc:
        raise click.BadParameter(str(exc), param_hint="SLUG") from None


def _parse_case(text: str | None) -> dict[str, Any] | None:
    if text is None:
        return None
    try:
        case = json.loads(text)
    except ValueError as exc:
        raise click.BadParameter(f"{text!r} is not JSON ({exc.msg}); quote it like '{{\"s1\": \"ab\", ...}}'",
                                 param_hint="--case") from None
    if not isinstance(case, dict):
        raise click.BadParameter(f"{text!r} is not a JSON object; pass one object of named inputs", param_hint="--case")
    return case


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="judge-kit")
def cli() -> None:
    """Judge and profile practice solutions against the kit's reference forms.

    \b
    judge list                              the problems and their forms
    judge show interleaving-string          the spec (add --solutions for the references)
    judge new interleaving-string mysol.py  a starter file
    judge run interleaving-string mysol.py  judge it, then profile it

    Exit status: 0 accepted, 1 any other verdict, 2 usage error, 3 internal error.
    """


@cli.command()
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--time-limit", type=click.FloatRange(min=0.01), metavar="SECONDS",
              help="Absolute CPU limit per case (default: relative to the fastest Python reference, floor 1 s).")
@click.option("--memory-limit", type=click.IntRange(min=16), default=DEFAULT_MEMORY_MIB, show_default=True,
              metavar="MIB", help="Memory the submission may use above the worker's baseline.")
@click.option("--max-examples", type=click.IntRange(min=0), default=DEFAULT_MAX_EXAMPLES, show_default=True,
              help="Hypothesis-generated cases after the canonical ones.")
@click.option("--seed", type=click.IntRange(min=0), help="Make the generated cases reproducible.")
@click.option("--case", "case_json", metavar="JSON", help="Run one custom input only, like LeetCode's Run button.")
@click.option("--no-bench", is_flag=True, help="Skip the profile after AC.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout instead of the report.")
def run(slug: str, file: Path, time_limit: float | None, memory_limit: int, max_examples: int,
        seed: int | None, case_json: str | None, no_bench: bool, as_json: bool) -> None:
    """Judge FILE on problem SLUG, then profile it against the reference forms."""
    problem = _problem(slug)
    if not file.is_file():
        raise click.BadParameter(f"{str(file)!r} does not exist; pass the path of your solution file", param_hint="FILE")
    options = RunOptions(time_limit_s=time_limit, memory_mib=memory_limit, max_examples=max_examples, seed=seed,
                         bench=not no_bench, case=_parse_case(case_json), store=STORE)
    err = Console(stderr=True)
    try:
        if as_json or not err.is_terminal:
            result = judge_submission(problem, file, options)
        else:
            with _Bars(err) as bars:
                result = judge_submission(problem, file, options, progress=bars)
    except (InvalidInput, SubmissionError) as exc:
        param = "--case" if isinstance(exc, InvalidInput) else "FILE"
        raise click.BadParameter(str(exc), param_hint=param) from None
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - the judge's own failure is IE, never a verdict
        message = f"internal error: {type(exc).__name__}: {exc}"
        if as_json:
            click.echo(json.dumps(internal_error_json(slug, str(file), message)))
        else:
            err.print(f"[bold white on red] IE [/] {message}", markup=True, highlight=False)
        sys.exit(EXIT_INTERNAL)
    if as_json:
        click.echo(json.dumps(run_json(result)))
    else:
        Console().print(report.run_view(result, problem))
    sys.exit(result.verdict.exit_code)


@cli.command()
@click.argument("slug")
@click.option("--solutions", is_flag=True, help="Also print the reference code (spoilers).")
def show(slug: str, solutions: bool) -> None:
    """Print the spec of problem SLUG."""
    problem = _problem(slug)
    source = inspect.getsource(problem.solutions) if solutions else None
    Console().print(report.spec_view(problem, source))


@cli.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_(as_json: bool) -> None:
    """List the problems, their forms, and which you have solved."""
    history = Store(STORE).history()
    rows = [
        {"slug": p.slug, "title": p.title, "leetcode": p.leetcode, "forms": list(p.forms),
         "not_applicable": p.not_applicable, "solved": bool(history.get(p.slug, {}).get("solved"))}
        for p in registry.all_problems().values()
    ]
    if as_json:
        click.echo(json.dumps(rows))
    else:
        Console().print(report.list_view(rows))


def starter_source(problem) -> str:
    params = ", ".join(f"{p}" for p in problem.entry.params)
    return (
        f'"""{problem.title} (LeetCode {problem.leetcode}).\n\n'
        f"Read the spec with: judge show {problem.slug}\n"
        f"Judge this file with: judge run {problem.slug} <this file>\n\n"
        f"Constraints: {problem.constraints}\n"
        'You may instead write LeetCode\'s class Solution with the method '
        f'{problem.entry.method}(self, {params}).\n"""\n\n\n'
        f"def {problem.entry.functions[0]}({params}) -> {problem.returns}:\n"
        "    raise NotImplementedError\n"
    )


@cli.command()
@click.argument("slug")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def new(slug: str, path: Path | None) -> None:
    """Write a starter file for SLUG (default: ./<slug>.py). Never overwrites."""
    problem = _problem(slug)
    path = path or Path(f"{problem.module}.py")
    if path.exists():
        raise click.BadParameter(f"{str(path)!r} already exists; pass another PATH or delete it first", param_hint="PATH")
    path.write_text(starter_source(problem), encoding="utf-8")
    click.echo(f"wrote {path}; judge it with: judge run {slug} {path}")


def main() -> None:
    try:
        cli(prog_name="judge")
    except KitError as exc:  # a malformed problem folder and the like: a usage-level error
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
