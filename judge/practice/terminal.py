"""The terminal side of the practice loop: a screen printed whole, and one live line under it.

A screen (a verdict, a statement) is printed once, after clearing the terminal; under it
rich's Live redraws a single status line (a mock's countdown, the stage being judged),
so the screen can be taller than the terminal and still scroll. Only one Live exists at
a time: judging reports its progress into the status line (the engine's Progress
protocol) rather than drawing bars of its own.
"""

from __future__ import annotations

from typing import Callable

from rich.console import Console, RenderableType
from rich.live import Live


class StatusScreen:
    """Use as a context manager. ``status()`` builds the live line; it is called on every
    refresh, so a clock in it ticks by itself."""

    def __init__(self, console: Console, status: Callable[[], RenderableType], refresh_per_second: float = 2):
        self.console = console
        self._status = status
        self._refresh = refresh_per_second
        self._live: Live | None = None
        self.stage_text: str | None = None  # what is being judged, shown in the status line
        self._total: int | None = None
        self._done = 0

    def __enter__(self) -> "StatusScreen":
        self._start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop()

    def _start(self) -> None:
        self._live = Live(_Dynamic(self._status), console=self.console, refresh_per_second=self._refresh,
                          transient=True, redirect_stdout=False, redirect_stderr=False)
        self._live.start()

    def _stop(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def show(self, screen: RenderableType) -> None:
        """Clear the terminal, print ``screen``, and put the status line back under it. What
        was being judged is done once its screen shows."""
        self.idle()
        self._stop()
        self.console.clear()
        self.console.print(screen)
        self._start()

    # -- the engine's Progress protocol ---------------------------------------------------------

    def stage(self, description: str, total: int | None) -> None:
        self._total, self._done = total, 0
        self.stage_text = description

    def advance(self, amount: int = 1) -> None:
        self._done += amount

    def idle(self) -> None:
        self.stage_text = None

    @property
    def stage_line(self) -> str | None:
        if self.stage_text is None:
            return None
        count = f" {self._done}/{self._total}" if self._total else ""
        return f"{self.stage_text}{count}"


class _Dynamic:
    """A renderable that asks for its content each time it is drawn."""

    def __init__(self, build: Callable[[], RenderableType]):
        self.build = build

    def __rich__(self) -> RenderableType:
        return self.build()
