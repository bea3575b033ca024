"""The judge's handle on one worker process: start it, ask it, watch it, kill it.

Limits are enforced inside the worker, per case (a CPU timer that interrupts the
call); this module is the backstop from outside. While it waits, it polls the
worker's CPU time and its process group's resident memory, and kills the whole group
when a limit is passed or the worker stops answering. It reports what happened as
facts, :class:`Stopped`: which limit tripped, the signal, the exit status. Turning
facts into a verdict is the checker's job alone. Only JSON lines cross the pipe,
never pickles.

A ``cancel`` event (``judge run --watch``: a save landed mid-run) is checked before every
request and on every poll while waiting: once it is set, the group is killed and
:class:`RunCancelled` raised, so a cancelled run never waits out a case.
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
from typing import Any, Callable, Protocol

from judge.engine.limits import PROTOCOL_LIMITS, Limits
from judge.errors import RunCancelled, WorkerError

POLL_S = 0.02
_TICKS = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")
_KIT_ROOT = str(Path(__file__).resolve().parents[2])
# -c rather than -m: the worker must not put the user's current folder first on sys.path.
_BOOT = "import sys; sys.path[:1] = []; from judge.engine.worker import main; main(sys.argv[1:])"
#: How a test or a user finds the kit's workers in ``ps``.
BOOT_MARKER = "from judge.engine.worker import main"


@dataclass(frozen=True)
class Stopped:
    """The worker did not answer. Facts only: the checker decides what they mean."""

    limit: str | None  # "cpu", "wall" or "memory" when the judge killed it for that limit
    signal: int | None  # the signal that ended the process, if one did
    exit_status: int | None  # its exit status, if it exited
    detail: str  # what was seen, e.g. "used more than 1.00 s of CPU"
    cpu_s: float
    wall_s: float

    @property
    def signal_name(self) -> str:
        if self.signal is None:
            return ""
        try:
            return signal.Signals(self.signal).name
        except ValueError:
            return f"signal {self.signal}"


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


#: The worker checks its parent against this, after asking to die with it (see the worker).
PARENT_PID_ENV = "JUDGE_KIT_PARENT_PID"


class Cancel(Protocol):
    """What a run is cancelled with: a ``threading.Event`` set by another thread."""

    def is_set(self) -> bool: ...


def check_cancel(cancel: Cancel | None) -> None:
    if cancel is not None and cancel.is_set():
        raise RunCancelled("the run was cancelled before it finished")


class WorkerProcess:
    """One worker. Use as a context manager; it is always killed with its group on exit.

    ``ops`` names modules whose ``op_*`` functions the worker serves besides its own
    (the profiler's timing probes), so the engine never imports the layers above it.
    """

    def __init__(self, ops: tuple[str, ...] = (), env: dict[str, str] | None = None,
                 cancel: Cancel | None = None):
        self.cancel = cancel
        self.output = tempfile.TemporaryFile()
        self._output_read = 0
        environment = dict(os.environ if env is None else env)
        environment["PYTHONPATH"] = os.pathsep.join(
            p for p in (_KIT_ROOT, environment.get("PYTHONPATH", "")) if p
        )
        environment.setdefault("PYTHONHASHSEED", "0")
        environment[PARENT_PID_ENV] = str(os.getpid())
        # No preexec_fn: the judge may have a second thread (Hypothesis drawing), and a
        # preexec_fn can deadlock on a lock that thread held at the fork. The worker asks
        # for PDEATHSIG itself, first thing.
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _BOOT, *ops],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.output,
            env=environment,
            start_new_session=True,
        )
        self._buffer = b""
        self._selector = selectors.DefaultSelector()
        self._selector.register(self.proc.stdout, selectors.EVENT_READ)
        self.baseline_rss = 0

    def ready(self) -> None:
        """Wait until the worker has started; a worker that cannot start is the judge's failure (IE)."""
        reply = self.request({"op": "ping"}, PROTOCOL_LIMITS)
        if isinstance(reply, Stopped):
            detail = self.take_output(2000).strip().splitlines()
            last = detail[-1] if detail else "no output"
            raise WorkerError(f"the worker process failed to start ({reply.detail}): {last}")

    def __enter__(self) -> "WorkerProcess":
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        """Kill the worker and everything it forked, and release its pipes. Safe to call twice."""
        self._kill_group()
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

    def _kill_group(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

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

    def request(self, message: dict[str, Any], limits: Limits) -> dict[str, Any] | Stopped:
        """Send one request and wait for its one reply under ``limits``."""
        replies = self.exchange(message, 1, lambda index: limits)
        return replies[0]

    def exchange(self, message: dict[str, Any], count: int,
                 limits_for: Callable[[int], Limits]) -> list[dict[str, Any] | Stopped]:
        """Send one request and read ``count`` replies, one line each (a batch of cases)."""
        return self.receive(count, limits_for) if self.send(message) else [self._stopped(None, 0.0, time.monotonic())]

    def send(self, message: dict[str, Any]) -> bool:
        """Write one request; False if the worker is gone. Read its replies with ``receive``
        before sending another, so neither side ever blocks on a full pipe."""
        try:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            return False
        return True

    def receive(self, count: int, limits_for: Callable[[int], Limits],
                ends: Callable[[dict[str, Any]], bool] = lambda reply: False) -> list[dict[str, Any] | Stopped]:
        """Read up to ``count`` replies. Each has limits of its own, ``limits_for(index)``,
        counted from the reply before it. The list ends early at a reply that ``ends`` the
        batch, or with a :class:`Stopped` if the worker stops: replies after it never came."""
        replies: list[dict[str, Any] | Stopped] = []
        while len(replies) < count:
            reply = self._wait_for_reply(limits_for(len(replies)))
            replies.append(reply)
            if isinstance(reply, Stopped) or ends(reply):
                break
        return replies

    def _wait_for_reply(self, limits: Limits) -> dict[str, Any] | Stopped:
        start = time.monotonic()
        cpu0: float | None = None  # read only once a reply is slow: /proc costs more than a fast case
        while True:
            if self.cancel is not None and self.cancel.is_set():
                self._kill_group()
                self.proc.wait()
                check_cancel(self.cancel)
            line = self._read_line(POLL_S)
            if line is not None:
                reply = json.loads(line)
                if "worker_error" in reply:
                    raise WorkerError(f"worker failed internally: {reply['worker_error']}")
                return reply
            if not self.alive:
                return self._stopped(None, cpu0 or 0.0, start)
            now_cpu = _cpu_seconds(self.proc.pid)
            if cpu0 is None:
                cpu0 = now_cpu - POLL_S  # at most one poll's CPU went unseen
            cpu, wall = now_cpu - cpu0, time.monotonic() - start
            tripped: tuple[str, str] | None = None
            if cpu > limits.cpu_s:
                tripped = ("cpu", f"used more than {limits.cpu_s:.2f} s of CPU")
            elif wall > limits.wall_s:
                tripped = ("wall", f"ran more than {limits.wall_s:.2f} s of wall-clock time")
            elif limits.memory_bytes is not None:
                used = group_rss(self.proc.pid) - self.baseline_rss
                if used > limits.memory_bytes:
                    tripped = ("memory", f"held {used / 2**20:.0f} MiB, over {limits.memory_bytes / 2**20:.0f} MiB")
            if tripped:
                self._kill_group()
                self.proc.wait()
                return self._stopped(tripped, cpu0, start)

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

    def _stopped(self, tripped: tuple[str, str] | None, cpu0: float, start: float) -> Stopped:
        wall = time.monotonic() - start
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self._kill_group()
            code = self.proc.wait()
        cpu = max(_cpu_seconds(self.proc.pid) - cpu0, 0.0)
        self._kill_group()  # anything a forking submission left behind
        if tripped:
            return Stopped(tripped[0], None, None, tripped[1], cpu, wall)
        if code < 0:
            stopped = Stopped(None, -code, None, "", cpu, wall)
            return Stopped(None, -code, None, f"died of {stopped.signal_name}", cpu, wall)
        return Stopped(None, None, code, f"exited with status {code}", cpu, wall)
