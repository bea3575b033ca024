"""Small click helpers shared by the CLI's command modules."""

from __future__ import annotations

import click


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
