"""The judge's handle on one worker process: start it, ask it, watch it, kill it.

Limits are enforced from outside: the judge polls the worker's CPU time and its
process group's resident memory while it waits, and kills the whole group when a
limit is passed. Only JSON lines cross the pipe, never pickles.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judge.errors import WorkerError

POLL_S = 0.02
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")
_KIT_ROOT = str(Path(__file__).resolve().parent.parent)
# -c rather than -m: the worker must not put the user's current folder first on sys.path.
_BOOT = "import sys; sys.path[:1] = []; from judge.worker import main; main()"


@dataclass(frozen=True)
class Limits:
    cpu_s: float
    wall_s: float
    memory_bytes: int | None  # resident bytes above the worker's baseline; None = unwatched


@dataclass(frozen=True)
class Death:
    """The worker did not answer: it was killed for a limit, or it died on its own."""

    kind: str  # "tle", "mle" or "re"
    detail: str
    cpu_s: float
    wall_s: float


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, IndexError, ValueError):
        return 0.0


def group_rss(pgid: int) -> int:
    """Resident bytes of every process in the group: the worker and anything it forked."""
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) != pgid:
                continue
            total += int(fields[21]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def _die_with_parent() -> None:
    # If the judge itself is killed outright, the kernel takes the worker down too.
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class WorkerProcess:
    """One worker. Use as a context manager; it is always killed with its group on exit."""

    def __init__(self, env: dict[str, str] | None = None):
        self.output = tempfile.TemporaryFile()
        self._output_read = 0
        environment = dict(os.environ if env is None else env)
        environment["PYTHONPATH"] = os.pathsep.join(
            p for p in (_KIT_ROOT, environment.get("PYTHONPATH", "")) if p
        )
        environment.setdefault("PYTHONHASHSEED", "0")
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _BOOT],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.output,
            env=environment,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        self._buffer = b""
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.proc.stdout, selectors.EVENT_READ)
        self.baseline_rss = 0

    def ready(self) -> None:
        """Wait until the worker has started; a worker that cannot start is the judge's failure (IE)."""
        reply = self.request({"op": "ping"}, Limits(cpu_s=120.0, wall_s=180.0, memory_bytes=None))
        if isinstance(reply, Death):
            detail = self.take_output(2000).strip().splitlines()
            raise WorkerError(f"the worker process failed to start ({reply.detail}): {detail[-1] if detail else 'no output'}")

    def __enter__(self) -> "WorkerProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """Kill the worker and everything it forked. Safe to call twice."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - the kernel always delivers SIGKILL
            pass
        self._selector.close()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.output.close()

    def take_output(self, limit: int = 4096) -> str:
        """What the worker wrote at C level (fd 1/2) since the last call, capped."""
        try:
            size = os.fstat(self.output.fileno()).st_size
        except (OSError, ValueError):
            return ""
        if size <= self._output_read:
            return ""
        self.output.seek(self._output_read)
        data = self.output.read(min(limit, size - self._output_read))
        self._output_read = size
        return data.decode("utf-8", "replace")

    def measure_baseline(self) -> None:
        self.baseline_rss = group_rss(self.proc.pid)

    def request(self, message: dict[str, Any], limits: Limits) -> dict[str, Any] | Death:
        """Send one request and wait for its reply under ``limits``."""
        cpu0 = _cpu_seconds(self.proc.pid)
        start = time.monotonic()
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return self._death(None, cpu0, start)
        killed_for: tuple[str, str] | None = None
        while True:
            line = self._read_line(POLL_S)
            if line is not None:
                reply = json.loads(line)
                if "worker_error" in reply:
                    raise WorkerError(f"worker failed internally: {reply['worker_error']}")
                return reply
            if not self.alive:
                return self._death(None, cpu0, start)
            cpu = _cpu_seconds(self.proc.pid) - cpu0
            wall = time.monotonic() - start
            if cpu > limits.cpu_s:
                killed_for = ("tle", f"used more than {limits.cpu_s:.2f} s of CPU")
            elif wall > limits.wall_s:
                killed_for = ("tle", f"ran more than {limits.wall_s:.2f} s of wall-clock time")
            elif limits.memory_bytes is not None:
                used = group_rss(self.proc.pid) - self.baseline_rss
                if used > limits.memory_bytes:
                    killed_for = ("mle", f"held {used / 2**20:.0f} MiB, over {limits.memory_bytes / 2**20:.0f} MiB")
            if killed_for:
                self.kill_group_only()
                return self._death(killed_for, cpu0, start)

    def kill_group_only(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()

    def _read_line(self, timeout: float) -> bytes | None:
        while b"\n" not in self._buffer:
            if not self._selector.select(timeout):
                return None
            chunk = os.read(self.proc.stdout.fileno(), 1 << 16)
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line

    def _death(self, killed_for: tuple[str, str] | None, cpu0: float, start: float) -> Death:
        wall = time.monotonic() - start
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.kill_group_only()
            code = self.proc.returncode
        cpu = max(_cpu_seconds(self.proc.pid) - cpu0, 0.0)
        # Clean up any children left behind by a submission that forked.
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        if killed_for:
            return Death(killed_for[0], killed_for[1], cpu, wall)
        if code < 0:
            sig = -code
            if sig == signal.SIGKILL:
                return Death("mle", "killed by the kernel (out of memory)", cpu, wall)
            if sig == signal.SIGXCPU:
                return Death("tle", "exceeded its CPU limit", cpu, wall)
            return Death("re", f"crashed with {_signal_name(sig)}", cpu, wall)
        return Death(
            "re",
            f"the process exited with status {code} mid-call (sys.exit or os._exit?); "
            "an exit never counts as an answer",
            cpu,
            wall,
        )
