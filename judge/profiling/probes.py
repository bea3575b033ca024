"""The profiler's ops inside the worker: time a form's calls, and trace its peak memory.

The worker serves these beside its own (see ``judge.engine.worker``): the profiler
starts it with this module's name, so the engine never imports the profiler.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import tracemalloc
from typing import Any

from judge.engine.worker import Captured, Worker
from judge.errors import Unsupported
from judge.model.values import to_plain

ANSWER_SHOWN = 200  # characters of a profiled answer sent back whole; longer ones as a digest


def _family_input(worker: Worker, request: dict[str, Any]) -> dict[str, Any]:
    rng = random.Random(request["seed"])
    if "m" in request:  # two sizes varied separately
        generate = worker.problem.two_size_families[request["family"]]
        return generate(int(request["m"]), int(request["n"]), rng)
    return worker.problem.families[request["family"]](int(request["n"]), rng)


def op_time(worker: Worker, request: dict[str, Any]) -> dict[str, Any]:
    fn = worker.callable(request["form"], observe=False)
    inp = _family_input(worker, request)
    budget = float(request["budget"])
    seconds: list[float] = []
    answer = None
    # Repeat fast calls more: a median of one 40 µs call is noise.
    while True:
        try:
            with Captured():
                start = time.perf_counter()
                answer = fn(inp)
                seconds.append(time.perf_counter() - start)
        except Exception as exc:  # noqa: BLE001 - a form outside its domain ends its sweep
            worker.die_if_forked()
            return {"error": f"{type(exc).__name__}: {exc}"}
        worker.die_if_forked()
        if seconds[0] > budget or len(seconds) >= request["max_repeats"]:
            break
        if len(seconds) >= request["min_repeats"] and sum(seconds) > request["target_s"]:
            break
    if worker.problem.arrays:
        # Float arrays are judged within a tolerance, so a digest of the whole answer would
        # tell forms apart that agree; the judged cases compare them instead.
        return {"seconds": seconds, "answer": None}
    try:
        plain = to_plain(answer)
    except Unsupported as exc:
        plain = f"<{exc.type_name}>"
    text = json.dumps(plain)
    if len(text) > ANSWER_SHOWN:  # a replay's records, say: a digest is enough to compare forms
        plain = "sha1:" + hashlib.sha1(text.encode()).hexdigest()[:16]
    return {"seconds": seconds, "answer": plain}


def op_peak(worker: Worker, request: dict[str, Any]) -> dict[str, Any]:
    fn = worker.callable(request["form"], observe=False)
    inp = _family_input(worker, request)
    # tracemalloc slows Python code 20-90x, so it is never on while timing.
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        with Captured():
            fn(inp)
        peak = tracemalloc.get_traced_memory()[1] - before
    except Exception as exc:  # noqa: BLE001
        return {"error": f"{type(exc).__name__}: {exc}"}
    finally:
        tracemalloc.stop()
    worker.die_if_forked()
    return {"peak_bytes": max(peak, 0)}
