"""A real terminal for the tests: tmux runs a command in a pane; send-keys types, capture-pane reads.

Each Tmux has a server of its own (``-L``) and no config file, so tests never touch a
user's tmux. A shell in the pane runs the command and then prints its exit status, which
stays on screen to be read (tmux 3.3's own ``pane_dead_status`` is sometimes left empty
when the command exits just as its output ends)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.system_tools import require

TMUX = shutil.which("tmux")
_EXITED = "__command_exited_with__"


def require_tmux() -> None:
    require(TMUX, "tmux", "tmux")


class Tmux:
    def __init__(self, command: list[str], cwd: Path, width: int = 110, height: int = 45,
                 env: dict[str, str] | None = None):
        self.socket = f"judge-kit-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in (env or {}).items())
        shell = (f"cd {shlex.quote(str(cwd))} && env {exports} {shlex.join(command)}; status=$?; echo; "
                 f"echo {_EXITED} $status")
        self._tmux("new-session", "-d", "-s", "main", "-x", str(width), "-y", str(height), shell)
        self._tmux("set-option", "-t", "main", "remain-on-exit", "on")
        self.pid = self._command_pid()

    def _command_pid(self) -> int:
        """The command's pid: the child of the pane's shell."""
        shell = int(self._tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for name in os.listdir("/proc"):
                try:
                    with open(f"/proc/{name}/stat", "rb") as stat:
                        if name.isdigit() and int(stat.read().rsplit(b")", 1)[1].split()[1]) == shell:
                            return int(name)
                except (OSError, IndexError, ValueError):
                    continue
            time.sleep(0.02)
        raise RuntimeError("the command never started in its pane")

    def _tmux(self, *args: str) -> str:
        done = subprocess.run([TMUX, "-L", self.socket, "-f", "/dev/null", *args], capture_output=True, text=True,
                              timeout=30)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {args[0]} failed: {done.stderr.strip()}")
        return done.stdout

    def screen(self, history: bool = False) -> str:
        """What the pane shows now (``history``: everything it printed, scrolled off too)."""
        return self._tmux("capture-pane", "-p", "-J", "-t", "main", *(["-S", "-"] if history else []))

    def wait_for(self, *texts: str, timeout: float = 60, history: bool = False) -> str:
        """Poll the screen until it holds every one of ``texts``; fail with what it shows."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen(history)
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                pytest.fail(f"the terminal never showed {texts!r} in {timeout:g} s; it shows:\n{screen}")
            time.sleep(0.2)

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", "main", *keys)

    def exit_status(self, timeout: float = 30) -> int:
        """The command's exit status, once it has exited."""
        screen = self.wait_for(_EXITED, timeout=timeout)
        return int(screen.rsplit(_EXITED, 1)[1].split()[0])

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True, timeout=30)
