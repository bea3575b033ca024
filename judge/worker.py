"""The worker process: runs untrusted code and reports what happened, nothing more.

It speaks JSON lines on its original stdin/stdout, which it keeps on private
descriptors; fd 0 becomes /dev/null and fd 1 joins fd 2, a capped file the judge
reads, so nothing the submission writes can corrupt the protocol. It never
decides a verdict: the judge owns the references, the checker and the limits.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import resource
import signal
import sys
import time
import tracemalloc
from typing import Any, Callable

CAPTURE_LIMIT = 64 * 1024  # characters of the submission's output kept per call
FILE_SIZE_LIMIT = 8 * 1024 * 1024  # bytes of C-level output the capture file may grow to
ANSWER_SHOWN = 200  # characters of a profiled answer sent back whole; longer ones as a digest


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


def vm_size_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("no VmSize in /proc/self/status")


class Worker:
    def __init__(self, out: io.TextIOBase):
        self.out = out
        self.pid = os.getpid()
        self.problem = None
        self.plan = None
        self.entry: Callable[[dict[str, Any]], Any] | None = None
        self.design_class: type | None = None

    # -- ops --------------------------------------------------------------------------------

    def op_ping(self, request: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "pid": self.pid}

    def op_load(self, request: dict[str, Any]) -> dict[str, Any]:
        from judge import loader, registry

        self.problem = registry.get(request["problem"])
        # Import the references now, before the submission's folder joins sys.path, so a
        # user's own solutions/ or problems/ folder cannot shadow the kit's packages.
        self.problem.forms  # noqa: B018 - import side effect wanted
        self.problem.package  # noqa: B018
        if request.get("plan") is None:
            return {"ok": True}
        self.plan = loader.Plan(uses_numba=False, **request["plan"])
        folder = os.path.dirname(self.plan.path)
        if folder not in sys.path:
            sys.path.append(folder)
        try:
            with self._captured() as capture:
                loaded = loader.load(self.plan, self.problem.entry.params)
        except loader.CompileError as exc:
            return {"ce": str(exc), "stdout": capture.getvalue()}
        if self.problem.is_design:
            self.design_class = loaded
            self.entry = self.problem.runner(loaded)
        else:
            self.entry = loaded
        return {"ok": True, "stdout": capture.getvalue()}

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
        return self._run(self.entry, request["input"])

    def op_time(self, request: dict[str, Any]) -> dict[str, Any]:
        fn = self._callable(request["form"], observe=False)
        inp = self._family_input(request)
        budget = float(request["budget"])
        seconds: list[float] = []
        answer = None
        # Repeat fast calls more: a median of one 40 µs call is noise.
        while True:
            try:
                with self._captured():
                    start = time.perf_counter()
                    answer = fn(inp)
                    seconds.append(time.perf_counter() - start)
            except Exception as exc:  # noqa: BLE001 - a form outside its domain ends its sweep
                self._die_if_forked()
                return {"error": f"{type(exc).__name__}: {exc}"}
            self._die_if_forked()
            if seconds[0] > budget or len(seconds) >= request["max_repeats"]:
                break
            if len(seconds) >= request["min_repeats"] and sum(seconds) > request["target_s"]:
                break
        from judge.values import Unsupported, to_plain

        try:
            plain = to_plain(answer)
        except Unsupported as exc:
            plain = f"<{exc.type_name}>"
        text = json.dumps(plain)
        if len(text) > ANSWER_SHOWN:  # a replay's records, say: a digest is enough to compare forms
            plain = "sha1:" + hashlib.sha1(text.encode()).hexdigest()[:16]
        return {"seconds": seconds, "answer": plain}

    def op_peak(self, request: dict[str, Any]) -> dict[str, Any]:
        fn = self._callable(request["form"], observe=False)
        inp = self._family_input(request)
        # tracemalloc slows Python code 20-90x, so it is never on while timing.
        tracemalloc.start()
        try:
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            with self._captured():
                fn(inp)
            peak = tracemalloc.get_traced_memory()[1] - before
        except Exception as exc:  # noqa: BLE001
            return {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            tracemalloc.stop()
        self._die_if_forked()
        return {"peak_bytes": max(peak, 0)}

    def op_warm(self, request: dict[str, Any]) -> dict[str, Any]:
        """First call of a form on a tiny input: for a JIT form this is its compile time."""
        fn = self._callable(request["form"])
        start = time.perf_counter()
        try:
            with self._captured():
                fn(request["input"])
        except Exception as exc:  # noqa: BLE001 - the judged cases will report it properly
            return {"seconds": time.perf_counter() - start, "error": type(exc).__name__}
        finally:
            self._die_if_forked()
        return {"seconds": time.perf_counter() - start}

    # -- helpers ----------------------------------------------------------------------------

    def _callable(self, form: str, observe: bool = True) -> Callable[[dict[str, Any]], Any]:
        """The form as ``run(input)``. Profiling a design problem times the calls, not the observing."""
        if form == "submission":
            assert self.entry is not None, "no submission loaded"
            if self.problem.is_design and not observe:
                return self.problem.runner(self.design_class, observe=False)
            return self.entry
        return self.problem.runner(self.problem.form(form), observe=observe)

    def _family_input(self, request: dict[str, Any]) -> dict[str, Any]:
        rng = random.Random(request["seed"])
        if "m" in request:  # two sizes varied separately
            generate = self.problem.two_size_families[request["family"]]
            return generate(int(request["m"]), int(request["n"]), rng)
        return self.problem.families[request["family"]](int(request["n"]), rng)

    def _die_if_forked(self) -> None:
        # A submission that forked returns twice; only the original worker may answer.
        if os.getpid() != self.pid:
            os._exit(0)

    class _Capture:
        def __init__(self):
            self.writer = CappedWriter()

        def __enter__(self) -> CappedWriter:
            self.saved = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = self.writer
            return self.writer

        def __exit__(self, *exc: object) -> None:
            sys.stdout, sys.stderr = self.saved

    def _captured(self) -> "_Capture":
        return self._Capture()

    def _run(self, fn: Callable[[dict[str, Any]], Any], inp: dict[str, Any]) -> dict[str, Any]:
        from judge.loader import describe_exception
        from judge.values import Unsupported, to_plain

        capture = self._Capture()
        result: dict[str, Any]
        cpu0, wall0 = time.process_time(), time.perf_counter()
        try:
            with capture:
                value = fn(inp)
        except MemoryError:
            result = {"status": "memory"}
        except SystemExit as exc:
            result = {"status": "exit", "code": repr(exc.code)}
        except BaseException as exc:  # noqa: BLE001 - every failure of the submission is reported
            text, line = describe_exception(exc, self.plan.path)
            result = {"status": "raised", "type": type(exc).__name__, "message": text, "line": line}
        else:
            try:
                result = {"status": "ok", "value": to_plain(value), "type": type(value).__name__}
            except Unsupported as exc:
                result = {"status": "ok", "unsupported": exc.type_name, "type": exc.type_name}
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        self._die_if_forked()
        result.update(cpu=cpu, wall=wall, stdout=capture.writer.getvalue(), stdout_chars=capture.writer.total)
        return result

    def serve(self, requests: io.TextIOBase) -> None:
        for line in requests:
            request = json.loads(line)
            handler = getattr(self, "op_" + request["op"])
            try:
                response = handler(request)
            except MemoryError:
                response = {"status": "memory"}
            except Exception as exc:  # noqa: BLE001 - reported to the judge as a worker error
                response = {"worker_error": f"{type(exc).__name__}: {exc}"}
            self.out.write(json.dumps(response) + "\n")
            self.out.flush()


def main() -> None:
    requests = os.fdopen(os.dup(0), "r", encoding="utf-8")
    responses = os.fdopen(os.dup(1), "w", encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a flood past the cap fails quietly, not fatally
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))
    # Loaded before any memory cap, and before the submission could shadow them.
    import numba  # noqa: F401
    import numpy  # noqa: F401

    import judge.loader  # noqa: F401
    import judge.values  # noqa: F401

    Worker(responses).serve(requests)


if __name__ == "__main__":
    main()
