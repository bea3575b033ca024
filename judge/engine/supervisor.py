"""The one supervisor: a live worker with the submission loaded, brought back after a death.

Judging and profiling share this lifecycle: start the worker, ping it, load the
problem (and the submission, if any), warm the JIT forms, cap memory, take the
resident-memory baseline; after a death, do it all again before the next request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from judge.engine.limits import LOAD_LIMITS, Limits, backstop
from judge.engine.process import Cancel, Stopped, WorkerProcess
from judge.engine.worker import ends_batch
from judge.errors import CompileError
from judge.model.problem import Problem
from judge.model.submission import Plan

Reply = dict[str, Any] | Stopped


@dataclass
class Loaded:
    stdout: str  # what the submission printed at import time
    compile_s: float | None  # a JIT submission's first-call compilation, never counted


def _while(stopped: Stopped, doing: str) -> CompileError:
    return CompileError(f"the submission {stopped.detail} while {doing}")


class Supervisor:
    """Use as a context manager. ``memory_mib`` caps the address space after loading
    (judging); None leaves only the resident-memory backstop of each request's limits
    (profiling). ``ops`` names extra op modules the worker serves (see the worker). Once
    ``cancel`` is set, the next request, or the wait for a reply, kills the worker and
    raises :class:`judge.errors.RunCancelled`."""

    def __init__(self, problem: Problem, plan: Plan | None, memory_mib: int | None = None,
                 ops: tuple[str, ...] = (), references: bool = True, cancel: Cancel | None = None):
        self.problem = problem
        self.plan = plan
        self.memory_mib = memory_mib
        self.ops = ops
        self.references = references  # whether the worker runs reference forms (profiling does)
        self.cancel = cancel
        self.worker: WorkerProcess | None = None
        self.loaded: Loaded | None = None
        self._warm_forms: list[str] = []  # warmed again in a fresh worker, so it never starts cold
        self._pending: tuple[list, list, bool] | None = None  # the batch sent and not yet received

    def __enter__(self) -> "Supervisor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker = None
        self.loaded = None

    def spawn(self) -> None:
        """Start the worker process without waiting for it: it imports while the judge works."""
        self.close()
        self.worker = WorkerProcess(self.ops, cancel=self.cancel)

    def start(self) -> Loaded:
        """Load in the spawned worker (or a fresh one). Raises CompileError for CE, WorkerError for IE."""
        if self.worker is None or not self.worker.alive or self.loaded is not None:
            self.spawn()
        worker = self.worker
        worker.ready()
        load = {"op": "load", "problem": self.problem.slug, "plan": self.plan.to_json() if self.plan else None,
                "references": self.references}
        reply = worker.request(load, LOAD_LIMITS)
        if isinstance(reply, Stopped):
            raise _while(reply, "loading")
        if "ce" in reply:
            raise CompileError(reply["ce"])
        compile_s = None
        if self.plan is not None and self.plan.uses_numba:
            warm = worker.request({"op": "warm", "form": "submission", "input": self.problem.warmup}, LOAD_LIMITS)
            if isinstance(warm, Stopped):
                raise _while(warm, "compiling on a warm-up input")
            compile_s = warm["seconds"]
        for form in self._warm_forms:
            worker.request({"op": "warm", "form": form, "input": self.problem.warmup}, LOAD_LIMITS)
        if self.memory_mib is not None:
            worker.request({"op": "limit", "memory_mib": self.memory_mib}, LOAD_LIMITS)
        worker.measure_baseline()
        worker.take_output()
        self.loaded = Loaded(reply.get("stdout", ""), compile_s)
        return self.loaded

    def _live(self) -> WorkerProcess:
        if self.worker is None or not self.worker.alive or self.loaded is None:
            self.loaded = None
            self.start()
        return self.worker

    def warm(self, form: str) -> Reply:
        """A form's first call (its compile time, for a JIT form); remembered for fresh workers."""
        if form not in self._warm_forms:
            self._warm_forms.append(form)
        return self.ask({"op": "warm", "form": form, "input": self.problem.warmup}, LOAD_LIMITS)

    def ask(self, message: dict[str, Any], limits: Limits) -> Reply:
        """One request, one reply. After a death the worker is gone: the next request starts afresh."""
        worker = self._live()
        reply = worker.request(message, limits)
        if isinstance(reply, Stopped):
            self.close()
        return reply

    def call(self, inp: dict[str, Any], limits: Limits) -> Reply:
        """One case, with what the submission wrote at C level added to its stdout."""
        reply = self.ask({"op": "call", "input": inp, "cpu_s": limits.cpu_s, "wall_s": limits.wall_s},
                         backstop(limits))
        if not isinstance(reply, Stopped) and self.worker is not None:
            extra = self.worker.take_output()
            if extra:
                reply["stdout"] = reply.get("stdout", "") + extra
                reply["stdout_chars"] = reply.get("stdout_chars", 0) + len(extra)
        return reply

    def send(self, inputs: list[dict[str, Any]], limits: list[Limits]) -> None:
        """Start a batch; ``receive`` its replies before the next. The judge works on the last
        batch's replies while the worker runs this one."""
        worker = self._live()
        cases = [{"input": inp, "cpu_s": lim.cpu_s, "wall_s": lim.wall_s} for inp, lim in zip(inputs, limits)]
        self._pending = (inputs, limits, worker.send({"op": "batch", "cases": cases}))

    def receive(self) -> list[Reply]:
        """The replies to the batch sent last, in order, up to the first case that did not
        return a value (``ends_batch``): the inputs after it are not run.

        If the worker dies mid-batch, the replies that came are kept and the rest run one
        at a time, each in a live worker, so a death is pinned on the case that caused it.
        The list then ends at that case's :class:`Stopped`.
        """
        inputs, limits, sent = self._pending
        self._pending = None
        if not inputs:
            return []
        if sent:
            replies = self.worker.receive(len(inputs), lambda index: backstop(limits[index]), ends_batch)
        else:
            replies = [Stopped(None, None, None, "was gone before the batch", 0.0, 0.0)]
        if replies and isinstance(replies[-1], Stopped):
            self.close()
            replies.pop()
            for index in range(len(replies), len(inputs)):
                replies.append(self.call(inputs[index], limits[index]))
                if isinstance(replies[-1], Stopped) or ends_batch(replies[-1]):
                    break
        return replies

    def batch(self, inputs: list[dict[str, Any]], limits: list[Limits]) -> list[Reply]:
        """Replies to the inputs, in order, in one round trip when the worker lives (see ``receive``)."""
        self.send(inputs, limits)
        return self.receive()
