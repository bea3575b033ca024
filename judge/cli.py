"""The command line: parse, call the engine, render. Nothing else lives here."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from judge import __version__
from judge.engine.limits import DEFAULT_MEMORY_MIB
from judge.engine.run import DEFAULT_MAX_EXAMPLES, RunOptions
from judge.engine.store import Store
from judge.errors import (
    HistoryUnreadable,
    InvalidInput,
    KitError,
    MalformedProblem,
    PlotUnavailable,
    SaveNotFound,
    SubmissionError,
)
from judge.labs.commands import lab
from judge.model import registry
from judge.model.starter import starter_source
from judge.practice.commands import STORE, mock, report_command, stats, watch_run, write_html
from judge.profiling import benchsave
from judge.profiling.bench import BenchOptions, form_choices, judge_and_profile, run_bench
from judge.profiling.profile import ProfileOptions
from judge.reporting import views as report
from judge.reporting.jsonout import bench_json, internal_error_json, run_json
from judge.reporting.options import complete_slug, new_file, plot_path, problem_argument, split_csv
from judge.reporting.plot import draw
from judge.reporting.progress import Bars

EXIT_USAGE, EXIT_INTERNAL = 2, 3

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


class _Failed(click.ClickException):
    """A KitError that reached the command line: one line, never a traceback."""

    def __init__(self, message: str, prefix: str, exit_code: int):
        super().__init__(message)
        self.prefix, self.exit_code = prefix, exit_code

    def format_message(self) -> str:
        return self.message

    def show(self, file=None) -> None:
        click.echo(f"{self.prefix}: {self.message}", err=True)


class _KitGroup(click.Group):
    """Every command's KitError becomes its one-line message and exit status here, so the
    console script and click's test runner report it alike."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MalformedProblem as exc:  # the kit's own data is broken: an internal error
            raise _Failed(str(exc), "IE", EXIT_INTERNAL) from None
        except KitError as exc:
            raise _Failed(str(exc), "Error", EXIT_USAGE) from None


@click.group(cls=_KitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="judge-kit")
def cli() -> None:
    """Judge and profile practice solutions against the kit's reference forms.

    \b
    judge list                              the problems and their forms
    judge show interleaving-string          the spec (add --solutions for the references)
    judge new interleaving-string mysol.py  a starter file
    judge run interleaving-string mysol.py  judge it, then profile it (--watch: on every save)
    judge mock interleaving-string          a 30-minute timed mock, recorded
    judge stats                             your practice history: attempts, first AC, best times
    judge report --html report.html         the last run as a page, with its plots
    judge bench interleaving-string         time the reference forms (add FILE for yours)
    judge lab kv-memory                     what paging saves in KV-cache memory
    judge lab batching                      static vs dynamic vs continuous batching
    judge lab plan                          the cheapest serving design for a QPS and P99 SLOs
    judge lab roofline                      one iteration's time by part, and the roofline knee
    judge lab quantize                      RTN vs GPTQ vs AWQ, PTQ vs QAT, what int4 buys
    judge lab distill                       what soft targets teach a student, and which temperature
    judge lab prune                         which pruning speeds up a layer, measured and modelled
    judge lab autoscale                     HPA vs KPA vs a fixed fleet on a traffic spike
    judge lab rollback                      which canary guardrail rolls back a bad model, and how fast

    Exit status: 0 accepted, 1 any other verdict, 2 usage error, 3 internal error.
    """


def _internal_error(slug: str, file: str, exc: Exception, as_json: bool, err: Console) -> None:
    message = f"internal error: {type(exc).__name__}: {exc}"
    if as_json:
        click.echo(json.dumps(internal_error_json(slug, file, message)))
    else:
        err.print(Text.assemble((" IE ", "bold white on red"), " ", message))
    sys.exit(EXIT_INTERNAL)


@cli.command(short_help="Judge FILE on SLUG, then profile it against the references.")
@click.argument("slug", shell_complete=complete_slug)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--time-limit", type=click.FloatRange(min=0.01), metavar="SECONDS",
              help="Absolute CPU limit per case (default: relative to the fastest Python reference, floor 1 s).")
@click.option("--memory-limit", type=click.IntRange(min=16), default=DEFAULT_MEMORY_MIB, show_default=True,
              metavar="MIB", help="Memory the submission may use above the worker's baseline.")
@click.option("--max-examples", type=click.IntRange(min=0), default=DEFAULT_MAX_EXAMPLES, show_default=True,
              help="Hypothesis-generated cases after the small scope.")
@click.option("--scope", type=click.IntRange(min=0), metavar="N",
              help="Judge every input up to size N first (default: the problem's bound, about 0.5 s; 0: off).")
@click.option("--seed", type=click.IntRange(min=0), help="Make the generated cases reproducible.")
@click.option("--case", "case_json", metavar="JSON", help="Run one custom input only, like LeetCode's Run button.")
@click.option("--no-bench", is_flag=True, help="Skip the profile after AC.")
@click.option("--details", is_flag=True, help="Show every per-n profile table and every finding.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Also write the report as one self-contained HTML page, with the profile's plots.")
@click.option("--watch", is_flag=True,
              help="Judge again on every save of FILE (a save mid-run restarts it); Ctrl-C stops.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout instead of the report.")
def run(slug: str, file: Path, time_limit: float | None, memory_limit: int, max_examples: int, scope: int | None,
        seed: int | None, case_json: str | None, no_bench: bool, details: bool, html_path: Path | None, watch: bool,
        as_json: bool) -> None:
    """Judge FILE on problem SLUG, then profile it against the reference forms.

    The report leads with the verdict, the failing case and the five findings that
    matter most, then one table of the forms; --details adds the per-n tables. Every
    run goes into the practice history under .judge/ (see judge stats, judge report).
    """
    problem = problem_argument(slug)
    if not file.is_file():
        raise click.BadParameter(f"{str(file)!r} does not exist; pass the path of your solution file",
                                 param_hint="FILE")
    if watch and as_json:
        raise click.BadParameter("--watch redraws a screen on every save; drop --json", param_hint="--watch")
    options = RunOptions(time_limit_s=time_limit, memory_mib=memory_limit, max_examples=max_examples, seed=seed,
                         case=_parse_case(case_json), store=STORE, scope=scope)
    Store(STORE).check()  # a damaged history is a one-line error before any work
    if watch:
        watch_run(problem, file, options, bench=not no_bench, html_path=html_path)
        return
    err = Console(stderr=True)
    try:
        if as_json or not err.is_terminal:
            result = judge_and_profile(problem, file, options, bench=not no_bench)
        else:
            with Bars(err) as bars:
                result = judge_and_profile(problem, file, options, bench=not no_bench, progress=bars)
    except (InvalidInput, SubmissionError) as exc:
        param = "--case" if isinstance(exc, InvalidInput) else "FILE"
        raise click.BadParameter(str(exc), param_hint=param) from None
    except (KeyboardInterrupt, HistoryUnreadable):
        raise
    except Exception as exc:  # noqa: BLE001 - the judge's own failure is IE, never a verdict
        _internal_error(slug, str(file), exc, as_json, err)
    if html_path is not None:
        write_html(result, problem, html_path, err)
    if as_json:
        click.echo(json.dumps(run_json(result, problem)))
    else:
        Console().print(report.run_view(result, problem, details=details))
    sys.exit(result.verdict.exit_code)


def _sizes(text: str | None, max_size: int | None, defaults: tuple[int, ...]) -> tuple[int, ...]:
    sizes = defaults
    if text is not None:
        try:
            sizes = tuple(sorted({int(item) for item in text.split(",") if item.strip()}))
        except ValueError:
            raise click.BadParameter(f"{text!r} is not a list of integers; write e.g. 64,128,256",
                                     param_hint="--sizes") from None
        if not sizes or sizes[0] < 1:
            raise click.BadParameter(f"{text!r} must list sizes of at least 1", param_hint="--sizes")
    if max_size is not None:
        sizes = tuple(n for n in sizes if n <= max_size)
        if not sizes:
            raise click.BadParameter(f"no size is at most {max_size}; raise --max-size", param_hint="--max-size")
    return sizes


@cli.command(short_help="Time the reference forms (and FILE) as n grows; save, compare, plot.")
@click.argument("slug", shell_complete=complete_slug)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--forms", metavar="A,B", help="Forms to time (default: all; 'submission' is FILE).")
@click.option("--family", "families", metavar="A,B", help="Input families (default: all).")
@click.option("--sizes", metavar="N,N", help="Sizes n to time (default: the problem's profile sizes).")
@click.option("--max-size", type=click.IntRange(min=1), help="Drop sizes above this.")
@click.option("--repeat", type=click.IntRange(1, 200), default=7, show_default=True,
              help="Timed calls per point, at least; the median is reported.")
@click.option("--budget", type=click.FloatRange(min=0.01), default=0.5, show_default=True, metavar="SECONDS",
              help="A form stops before a call predicted to take over twice this.")
@click.option("--save", metavar="NAME", help="Save in pytest-benchmark's format: .benchmarks/<machine>/NNNN_NAME.json.")
@click.option("--compare", metavar="NAME", help="Show the change against the newest save named NAME.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), callback=plot_path,
              help="Draw time and memory vs n (.png or .svg).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout instead of the report.")
def bench(slug: str, file: Path | None, forms: str | None, families: str | None, sizes: str | None,
          max_size: int | None, repeat: int, budget: float, save: str | None, compare: str | None,
          plot: Path | None, as_json: bool) -> None:
    """Time the reference forms of SLUG (and FILE, once it is judged AC) as n grows."""
    problem = problem_argument(slug)
    if file is not None and not file.is_file():
        raise click.BadParameter(f"{str(file)!r} does not exist; pass the path of your solution file",
                                 param_hint="FILE")
    chosen_forms = split_csv(forms, "--forms", form_choices(problem, file is not None))
    chosen_families = split_csv(families, "--family", tuple(problem.families))
    for name, hint in ((save, "--save"), (compare, "--compare")):
        if name is not None:
            try:
                benchsave.check_name(name)
            except ValueError as exc:
                raise click.BadParameter(str(exc), param_hint=hint) from None
    profile_options = ProfileOptions(
        families=chosen_families, forms=chosen_forms, sizes=_sizes(sizes, max_size, problem.profile_sizes),
        call_budget_s=budget, target_s=max(budget / 2, 0.1), min_repeats=repeat, max_repeats=max(repeat, 50),
        deadline_s=600.0, two_size=True,
    )
    options = BenchOptions(profile_options, save=save, compare=compare)
    err = Console(stderr=True)
    try:
        if as_json or not err.is_terminal:
            result = run_bench(problem, file, options)
        else:
            with Bars(err) as bars:
                result = run_bench(problem, file, options, progress=bars)
    except SaveNotFound as exc:
        raise click.BadParameter(str(exc), param_hint="--compare") from None
    except (InvalidInput, SubmissionError) as exc:
        raise click.BadParameter(str(exc), param_hint="FILE") from None
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # noqa: BLE001 - the judge's own failure is IE, as in judge run
        _internal_error(slug, str(file), exc, as_json, err)
    if result.verdict is not None:  # the submission was refused before any timing
        if as_json:
            click.echo(json.dumps(run_json(result.verdict, problem)))
        else:
            Console().print(report.run_view(result.verdict, problem))
            err.print(f"not timed: {file} must be accepted first", highlight=False)
        sys.exit(result.verdict.verdict.exit_code)
    changes = result.compared[1] if result.compared else None
    drawn = None
    if plot is not None:
        who = f" vs {file.name}" if file is not None else ""
        try:
            drawn = draw(result.profile, f"{problem.title}: the reference forms{who}", plot)
        except PlotUnavailable as exc:
            raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(json.dumps(bench_json(slug, result.submission, result.profile,
                                         str(result.saved) if result.saved else None, changes)))
        return
    extras = []
    if result.compared is not None:
        extras.append(report.changes_table(result.compared[1], compare, result.compared[0]))
    if result.saved is not None:
        extras.append(Text(f"saved {result.saved}"))
    if drawn is not None:
        extras.append(Text(f"plot written to {drawn}"))
    Console().print(report.bench_view(result.profile, extras))


@cli.command()
@click.argument("slug", shell_complete=complete_slug)
@click.option("--solutions", is_flag=True, help="Also print the reference code (spoilers).")
def show(slug: str, solutions: bool) -> None:
    """Print the spec of problem SLUG."""
    problem = problem_argument(slug)
    source = inspect.getsource(problem.solutions) if solutions else None
    Console().print(report.spec_view(problem, source))


@cli.command(name="list", short_help="The problems, their forms, and which you have solved.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_(as_json: bool) -> None:
    """List the problems, their forms, and which you have solved (from the practice history)."""
    solved = Store(STORE).solved()
    rows = [
        {"slug": p.slug, "title": p.title, "leetcode": p.leetcode, "forms": list(p.forms),
         "not_applicable": p.not_applicable, "solved": p.slug in solved}
        for p in registry.all_problems().values()
    ]
    if as_json:
        click.echo(json.dumps(rows))
    else:
        console = Console()
        console.print(report.list_view(rows, console.width))


@cli.command()
@click.argument("slug", shell_complete=complete_slug)
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def new(slug: str, path: Path | None) -> None:
    """Write a starter file for SLUG (default: ./<slug>.py). Never overwrites."""
    problem = problem_argument(slug)
    path = new_file(path or Path(f"{problem.module}.py"))
    path.write_text(starter_source(problem), encoding="utf-8")
    click.echo(f"wrote {path}; judge it with: judge run {slug} {path}")


cli.add_command(lab)
cli.add_command(mock)
cli.add_command(stats)
cli.add_command(report_command)


def main() -> None:
    cli(prog_name="judge")
