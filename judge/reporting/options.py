"""Small click helpers shared by the CLI's command modules: lists, plot paths, problem slugs and their
completion, and the last step every lab command shares."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import click
from click.shell_completion import CompletionItem
from rich.console import Console, RenderableType
from rich.text import Text

from judge.errors import ProblemNotFound
from judge.model import registry
from judge.model.problem import Problem
from judge.reporting.plot import check_path


def split_csv(text: str | None, param: str, choices: tuple[str, ...] | None = None) -> tuple[str, ...] | None:
    """``"2d,1d"`` -> ``("2d", "1d")``, each checked against ``choices``; a usage error names the bad one."""
    if text is None:
        return None
    items = tuple(item.strip() for item in text.split(",") if item.strip())
    if not items:
        raise click.BadParameter(f"{text!r} names nothing; give a comma-separated list", param_hint=param)
    for item in items:
        if choices is not None and item not in choices:
            raise click.BadParameter(f"{item!r} is not one of {', '.join(choices)}; pick from those", param_hint=param)
    return items


def plot_path(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """The callback of every ``--plot``: a path that ends in neither .png nor .svg is a usage
    error before any work starts."""
    if value is None:
        return None
    try:
        return check_path(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx=ctx, param=param) from None


def emit(as_json: bool, facts: Callable[[], Any], view: Callable[[], RenderableType], plot: Path | None) -> None:
    """A lab command's last step: its facts as one JSON object, or its view and where the plot
    went. Callables, so a --json run builds no view and a printed one no JSON."""
    if as_json:
        click.echo(json.dumps(facts()))
        return
    console = Console()
    console.print(view())
    if plot is not None:
        console.print(Text(f"plot written to {plot}"))


def problem_argument(slug: str) -> Problem:
    """The problem named on the command line; an unknown slug is a usage error listing the known ones."""
    try:
        return registry.get(slug)
    except ProblemNotFound as exc:
        raise click.BadParameter(str(exc), param_hint="SLUG") from None


def complete_slug(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Shell completion of problem slugs (click's ``shell_complete``); the README says how to turn it on."""
    return [CompletionItem(slug, help=problem.title) for slug, problem in registry.all_problems().items()
            if slug.startswith(incomplete)]


def new_file(path: Path) -> Path:
    """A path ``judge new`` or ``judge mock`` may write a starter to: never over an existing file."""
    if path.exists():
        raise click.BadParameter(f"{str(path)!r} already exists; pass another PATH or delete it first",
                                 param_hint="PATH")
    return path
