"""Progress on stderr while a run works: rich bars, one stage at a time (the engine's Progress protocol)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class Bars:
    """Transient bars: gone once the block ends, so the report stands alone. The judge drives
    them through ``stage`` and ``advance``; the labs' callbacks are ``advance`` (a step done,
    perhaps renamed) and ``update`` (done of total, as a loop counts them)."""

    def __init__(self, console: Console, disable: bool = False):
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True, disable=disable,
        )
        self.task = None

    def __enter__(self) -> "Bars":
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()

    def stage(self, description: str, total: int | None) -> None:
        if self.task is not None:
            self.progress.remove_task(self.task)
        self.task = self.progress.add_task(description, total=total)

    def advance(self, amount: int = 1, description: str | None = None) -> None:
        if self.task is None:
            return
        if description is None:
            self.progress.advance(self.task, amount)
        else:
            self.progress.update(self.task, advance=amount, description=description)

    def update(self, done: int, total: int | None, description: str) -> None:
        if self.task is None:
            self.stage(description, total)
        self.progress.update(self.task, completed=done, total=total, description=description)
