"""The worker process: runs untrusted code and reports what happened, nothing more.

It speaks JSON lines on its original stdin/stdout, which it keeps on private
descriptors; fd 0 becomes /dev/null and fd 1 joins fd 2, a capped file the judge
reads, so nothing the submission writes can corrupt the protocol. It never
decides a verdict: the judge owns the references, the checker and the limits.

A batch of cases travels in one request and comes back as one reply line per case,
each written as soon as its case ends. Each case runs under its own CPU and
wall-clock timers (``setitimer``), whose signal interrupts the call between two
bytecodes; code that never returns to the interpreter (a jitted loop) is stopped by
the judge's kill instead, and the judge re-runs the cases that never answered.

The worker serves its own ops (``op_*`` methods) and those of the modules named on
its command line, e.g. the profiler's timing probes: ``op_time(worker, request)``.
"""

from __future__ import annotations

import importlib
import io
import json
import os
import resource
import signal
import sys
import time
from typing import Any, Callable

CAPTURE_LIMIT = 64 * 1024  # characters of the submission's output kept per call
FILE_SIZE_LIMIT = 8 * 1024 * 1024  # bytes of C-level output the capture file may grow to
FLUSH_S = 0.002  # a batch's replies leave at least this often


class CappedWriter(io.TextIOBase):
    """A text stream that keeps the first ``limit`` characters and counts the rest."""

    def __init__(self, limit: int = CAPTURE_LIMIT):
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0
        self.total = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.total += len(text)
        room = self.limit - self.kept
        if room > 0:
            piece = text[:room]
            self.parts.append(piece)
            self.kept += len(piece)
        return len(text)

    def getvalue(self) -> str:
        return "".join(self.parts)


class Captured:
    """``with Captured() as out:`` sends sys.stdout and sys.stderr to a :class:`CappedWriter`."""

    def __init__(self):
        self.writer = CappedWriter()

    def __enter__(self) -> CappedWriter:
        self.saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = self.writer
        return self.writer

    def __exit__(self, *exc: object) -> None:
        sys.stdout, sys.stderr = self.saved


class _CaseLimit(BaseException):
    """Raised into a running case by its timer. A BaseException, so ``except Exception`` in
    the submission does not swallow it."""

    def __init__(self, limit: str):
        super().__init__(limit)
        self.limit = limit


def _on_timer(signum: int, frame: object) -> None:
    raise _CaseLimit("cpu" if signum == signal.SIGPROF else "wall")


def _arm(cpu_s: float | None, wall_s: float | None) -> None:
    if cpu_s is not None:
        signal.setitimer(signal.ITIMER_PROF, cpu_s)
    if wall_s is not None:
        signal.setitimer(signal.ITIMER_REAL, wall_s)


def _disarm() -> None:
    signal.setitimer(signal.ITIMER_PROF, 0)
    signal.setitimer(signal.ITIMER_REAL, 0)


def ends_batch(reply: dict[str, Any]) -> bool:
    """A case that hit a limit, raised or exited ends its batch: it fails whatever the
    expected answer, and the cases after it would only cost time. Both sides apply this."""
    return reply.get("status") != "ok"


def vm_size_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmSize in /proc/self/status")


class Worker:
    def __init__(self, out: io.TextIOBase, extra_ops: dict[str, Callable[["Worker", dict], dict]] | None = None):
        self.out = out
        self.pid = os.getpid()
        self.problem = None
        self.plan = None
        self.entry: Callable[[dict[str, Any]], Any] | None = None
        self.design_class: type | None = None
        self.extra_ops = extra_ops or {}

    # -- ops --------------------------------------------------------------------------------

    def op_ping(self, request: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "pid": self.pid}

    def op_load(self, request: dict[str, Any]) -> dict[str, Any]:
        from judge.engine import loader
        from judge.errors import CompileError
        from judge.model import registry
        from judge.model.submission import Plan

        self.problem = registry.get(request["problem"])
        self.problem.package  # noqa: B018 - import side effect wanted
        plan = request.get("plan")
        self.plan = Plan.from_json(plan) if plan is not None else None
        if request.get("references", True) or self.plan is None or self.plan.uses_numba:
            # Import the references (and numpy, numba) now, before the submission's folder
            # joins sys.path, so a user's own solutions/ or numba/ folder cannot shadow them,
            # and before the memory cap, under which `import numba` fails. Judging a plain
            # Python submission needs neither: its worker starts in a third of the time.
            import numba  # noqa: F401
            import numpy  # noqa: F401

            self.problem.forms  # noqa: B018
        elif self.problem.arrays:
            import numpy  # noqa: F401  (the submission's arguments are ndarrays)
        if self.plan is None:
            return {"ok": True}
        folder = os.path.dirname(self.plan.path)
        if folder not in sys.path:
            sys.path.append(folder)
        capture = Captured()
        try:
            with capture:
                loaded = loader.load(self.plan, self.problem.entry)
        except CompileError as exc:
            return {"ce": str(exc), "stdout": capture.writer.getvalue()}
        if self.problem.is_design:
            self.design_class = loaded
            self.entry = self.problem.runner(loaded)
        else:
            self.entry = loaded
        return {"ok": True, "stdout": capture.writer.getvalue()}

    def op_limit(self, request: dict[str, Any]) -> dict[str, Any]:
        # RLIMIT_AS breaks `import numba` under ~256 MiB, so the cap is set only now,
        # after numpy, numba and the submission are loaded: current VmSize plus the allowance.
        allowance = int(request["memory_mib"]) * 1024 * 1024
        base = vm_size_bytes()
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        soft = base + allowance
        if hard != resource.RLIM_INFINITY:
            soft = min(soft, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        return {"ok": True, "vm_bytes": base, "as_limit": soft}

    def op_call(self, request: dict[str, Any]) -> dict[str, Any]:
        assert self.entry is not None, "call before a successful load"
        return self.run_case(self.entry, request["input"], request.get("cpu_s"), request.get("wall_s"))

    def op_batch(self, request: dict[str, Any]) -> None:
        """One reply line per case, up to the first case that did not return a value (see
        ``ends_batch``): the cases after it are not run. The serve loop writes nothing more.

        Lines are flushed at most FLUSH_S apart, not one by one: the judge then wakes
        once for many fast cases, and a slow case still reports within FLUSH_S of ending."""
        assert self.entry is not None, "batch before a successful load"
        flushed = time.perf_counter()
        for case in request["cases"]:
            reply = self.run_case(self.entry, case["input"], case.get("cpu_s"), case.get("wall_s"))
            self.out.write(json.dumps(reply) + "\n")
            now = time.perf_counter()
            if now - flushed > FLUSH_S:
                self.out.flush()
                flushed = now
            if ends_batch(reply):
                break
        self.out.flush()
        return None

    def op_warm(self, request: dict[str, Any]) -> dict[str, Any]:
        """First call of a form on a tiny input: for a JIT form this is its compile time."""
        fn = self.callable(request["form"])
        start = time.perf_counter()
        try:
            with Captured():
                fn(request["input"])
        except Exception as exc:  # noqa: BLE001 - the judged cases will report it properly
            return {"seconds": time.perf_counter() - start, "error": type(exc).__name__}
        finally:
            self.die_if_forked()
        return {"seconds": time.perf_counter() - start}

    # -- shared with the ops of other modules -----------------------------------------------

    def callable(self, form: str, observe: bool = True) -> Callable[[dict[str, Any]], Any]:
        """The form as ``run(input)``. Profiling a design problem times the calls, not the observing."""
        if form == "submission":
            assert self.entry is not None, "no submission loaded"
            if self.problem.is_design and not observe:
                return self.problem.runner(self.design_class, observe=False)
            return self.entry
        return self.problem.runner(self.problem.form(form), observe=observe)

    def die_if_forked(self) -> None:
        # A submission that forked returns twice; only the original worker may answer.
        if os.getpid() != self.pid:
            os._exit(0)

    def run_case(self, fn: Callable[[dict[str, Any]], Any], inp: dict[str, Any],
                 cpu_s: float | None, wall_s: float | None) -> dict[str, Any]:
        from judge.engine.loader import describe_exception, raised_in
        from judge.errors import Unsupported

        capture = Captured()
        result: dict[str, Any]
        cpu0, wall0 = time.process_time(), time.perf_counter()
        try:
            try:
                _arm(cpu_s, wall_s)
                with capture:
                    value = fn(inp)
            finally:
                _disarm()
        except _CaseLimit as exc:
            _disarm()  # the other timer may still be armed if this one fired inside the finally
            result = {"status": "limit", "limit": exc.limit}
        except MemoryError:
            result = {"status": "memory"}
        except SystemExit as exc:
            result = {"status": "exit", "code": repr(exc.code)}
        except BaseException as exc:  # noqa: BLE001 - every failure of the submission is reported
            text, line = describe_exception(exc, self.plan.path if self.plan else "")
            result = {"status": "raised", "type": type(exc).__name__, "message": text, "line": line,
                      "function": raised_in(exc, self.plan.path if self.plan else "")}
        else:
            try:
                result = {"status": "ok", "value": self.problem.plain(value), "type": type(value).__name__}
            except Unsupported as exc:
                result = {"status": "ok", "unsupported": exc.type_name, "type": exc.type_name}
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        self.die_if_forked()
        result.update(cpu=cpu, wall=wall, stdout=capture.writer.getvalue(), stdout_chars=capture.writer.total)
        return result

    # -- the loop ---------------------------------------------------------------------------

    def _reply(self, response: dict[str, Any]) -> None:
        self.out.write(json.dumps(response) + "\n")
        self.out.flush()

    def serve(self, requests: io.TextIOBase) -> None:
        for line in requests:
            request = json.loads(line)
            name = request["op"]
            own = getattr(self, "op_" + name, None)
            try:
                if own is not None:
                    response = own(request)
                elif name in self.extra_ops:
                    response = self.extra_ops[name](self, request)
                else:
                    raise KeyError(f"unknown op {name!r}")
            except MemoryError:
                response = {"status": "memory"}
            except Exception as exc:  # noqa: BLE001 - reported to the judge as a worker error
                response = {"worker_error": f"{type(exc).__name__}: {exc}"}
            if response is not None:
                self._reply(response)


def _extra_ops(modules: list[str]) -> dict[str, Callable[[Worker, dict], dict]]:
    ops = {}
    for name in modules:
        module = importlib.import_module(name)
        ops.update({attr[3:]: getattr(module, attr) for attr in dir(module) if attr.startswith("op_")})
    return ops


def _die_with_parent() -> None:
    """If the judge is killed outright, the kernel takes the worker down too (PDEATHSIG).
    Asked for here rather than between fork and exec; a judge that died before the ask
    left us with another parent already, so check."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    expected = os.environ.get("JUDGE_KIT_PARENT_PID")
    if expected is not None and os.getppid() != int(expected):
        os._exit(1)


def main(op_modules: list[str] | None = None) -> None:
    if sys.platform.startswith("linux"):
        _die_with_parent()
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    responses = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a flood past the cap fails quietly, not fatally
    signal.signal(signal.SIGPROF, _on_timer)
    signal.signal(signal.SIGALRM, _on_timer)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    # Loaded before the submission could shadow them (numba and numpy: see op_load).
    import judge.engine.loader  # noqa: F401
    import judge.model.arrays  # noqa: F401
    import judge.model.values  # noqa: F401

    Worker(responses, _extra_ops(op_modules or [])).serve(requests)


if __name__ == "__main__":
    main(sys.argv[1:])
