"""Runs one submission's cases in a worker, restarting the worker after it dies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from judge.loader import Plan
from judge.problem import Problem
from judge.process import Death, Limits, WorkerProcess

#: Generous limits for loading and for a JIT submission's first-call compilation, which never counts.
LOAD_LIMITS = Limits(cpu_s=120.0, wall_s=180.0, memory_bytes=None)


class LoadFailed(Exception):
    """The submission did not load: the CE message (or a death while loading)."""


@dataclass
class Loaded:
    stdout: str
    compile_s: float | None


class Runner:
    """Keeps one live worker with the submission loaded and its memory cap set."""

    def __init__(self, problem: Problem, plan: Plan, memory_mib: int):
        self.problem = problem
        self.plan = plan
        self.memory_mib = memory_mib
        self.worker: WorkerProcess | None = None
        self.restarts = 0

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker = None

    def start(self) -> Loaded:
        """Start a worker, load the submission, warm up a JIT, then cap memory."""
        self.close()
        worker = WorkerProcess()
        self.worker = worker
        worker.ready()
        reply = worker.request({"op": "load", "problem": self.problem.slug, "plan": self.plan.to_json()}, LOAD_LIMITS)
        if isinstance(reply, Death):
            raise LoadFailed(f"the submission {reply.detail} while loading")
        if "ce" in reply:
            raise LoadFailed(reply["ce"])
        compile_s = None
        if self.plan.uses_numba:
            warm = worker.request({"op": "warm", "form": "submission", "input": self.problem.warmup}, LOAD_LIMITS)
            if isinstance(warm, Death):
                raise LoadFailed(f"the submission {warm.detail} while compiling on a warm-up input")
            compile_s = warm["seconds"]
        worker.request({"op": "limit", "memory_mib": self.memory_mib}, LOAD_LIMITS)
        worker.measure_baseline()
        worker.take_output()
        return Loaded(reply.get("stdout", ""), compile_s)

    def run(self, inp: dict[str, Any], limits: Limits) -> dict[str, Any] | Death:
        if self.worker is None or not self.worker.alive:
            self.restarts += 1
            self.start()
        reply = self.worker.request({"op": "call", "input": inp}, limits)
        if isinstance(reply, Death):
            self.close()  # a fresh worker for the next case: nothing of the dead one survives
        else:
            extra = self.worker.take_output()
            if extra:
                reply["stdout"] = reply.get("stdout", "") + extra
                reply["stdout_chars"] = reply.get("stdout_chars", 0) + len(extra)
        return reply
