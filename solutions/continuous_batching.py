"""Continuous batching: the reference schedulers, side by side.

- ``python``: a plain event loop over a running list and a waiting deque, the teaching text;
- ``numba``: the same loop over index arrays (a ring buffer for the waiting queue, a compacted
  array for the running list), with no Python object per request.

Both do the same arithmetic in the same order, so their times agree bit for bit.

Each form also has ``*_with_trace(requests, config) -> (results, trace)``, the per-iteration
record that ``judge lab batching`` reads; ``simulate_with_trace`` dispatches on ``form``:

- ``python``: ``trace`` is a list with one tuple per iteration,
  ``(start, duration, tokens, seqs, free_blocks)``;
- ``numba``: ``trace`` is a dict of equal-length numpy arrays with those five keys
  (``start`` and ``duration`` float64, the rest int64).

``start`` is ``now`` when the iteration begins, ``duration`` is ``c0 + c1*tokens + c2*ctx`` (or,
when ``config`` carries a calibrated ``roof`` from judge/labs/serving/roofline.py, the numba form's
cost mode 1; see ``_kernel``),
``tokens`` the tokens computed, ``seqs`` the sequences scheduled and ``free_blocks`` the
free blocks while the iteration runs (after this iteration's allocations, before finished
sequences release theirs). Idle gaps are not iterations: the next ``start`` jumps.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import numpy as np

from solutions._cost import attention_time, batch_time
from solutions._jit import jit

Result = list  # [first_token_time | None, finish_time | None, num_preemptions]


def _blocks(tokens: int, block_size: int) -> int:
    """Blocks that hold ``tokens`` tokens: ceil(tokens / block_size)."""
    return -(-tokens // block_size)


def rejected_at_arrival(prompt_len: int, output_len: int, config: dict[str, Any]) -> bool:
    """The longest a request ever holds is P + O - 1 tokens (the last token is emitted, never
    stored). Reject it if that can never fit in memory or, without chunked prefill, in one
    iteration's token budget (a resumed request recomputes up to that many at once)."""
    longest = prompt_len + output_len - 1
    if _blocks(longest, config["block_size"]) > config["num_blocks"]:
        return True
    return not config["chunked_prefill"] and longest > config["max_num_batched_tokens"]


def _python(requests: list, config: dict[str, Any], trace: list | None) -> list[Result]:
    n = len(requests)
    if "roof" in config:
        raise ValueError("the python form runs the linear model only; drop config['roof'] or use the numba form")
    block_size, free = config["block_size"], config["num_blocks"]
    max_seqs, max_tokens = config["max_num_seqs"], config["max_num_batched_tokens"]
    chunked = config["chunked_prefill"]
    c0, c1, c2 = float(config["c0"]), float(config["c1"]), float(config["c2"])

    arrival = [float(r[0]) for r in requests]
    prompt = [r[1] for r in requests]
    output = [r[2] for r in requests]
    computed = [0] * n  # tokens whose KV is held
    generated = [0] * n  # tokens emitted
    results: list[Result] = [[None, None, 0] for _ in range(n)]

    # Arrivals in (arrival, index) order; rejected requests never enter the queue.
    arrivals = deque(i for i in sorted(range(n), key=lambda i: (arrival[i], i))
                     if not rejected_at_arrival(prompt[i], output[i], config))
    waiting: deque[int] = deque()
    running: list[int] = []  # in admission order: the newest is at the end
    now = 0.0

    while arrivals or waiting or running:
        if not waiting and not running:  # idle: jump to the next arrival
            now = max(now, arrival[arrivals[0]])
        while arrivals and arrival[arrivals[0]] <= now:
            waiting.append(arrivals.popleft())

        scheduled: list[tuple[int, int]] = []  # (request, tokens this iteration)
        budget = max_tokens
        preempted = False

        # Step 1: running requests, in order, within the budget; preempt the newest on a shortfall.
        i = 0
        while i < len(running) and budget > 0:
            r = running[i]
            # Tokens until the next emission: the rest of a (re)prefill, or 1 when decoding.
            new = prompt[r] + generated[r] - computed[r]
            if chunked:
                new = min(new, budget)
            need = _blocks(computed[r] + new, block_size) - _blocks(computed[r], block_size)
            victim = -1
            while need > free and victim != r:
                victim = running.pop()  # the most recently admitted
                free += _blocks(computed[victim], block_size)
                computed[victim] = 0  # recompute: all its KV is dropped
                results[victim][2] += 1
                waiting.appendleft(victim)  # to the front, so the front stays in admission order
                preempted = True
            if victim == r:
                break  # r preempted itself: step 1 ends
            free -= need
            scheduled.append((r, new))
            budget -= new
            i += 1

        # Step 2: admit FCFS, only if nobody was preempted; stop at the first that doesn't fit.
        if not preempted:
            while waiting and len(running) < max_seqs and budget > 0:
                r = waiting[0]
                new = prompt[r] + generated[r]  # a resumed request recomputes what it had
                if chunked:
                    new = min(new, budget)
                elif new > budget:
                    break
                need = _blocks(new, block_size)
                if need > free:
                    break
                waiting.popleft()
                running.append(r)
                free -= need
                scheduled.append((r, new))
                budget -= new

        # Run the iteration.
        tokens = sum(new for _, new in scheduled)
        ctx = sum(computed[r] + new for r, new in scheduled)
        duration = c0 + c1 * tokens + c2 * ctx
        if trace is not None:
            trace.append((now, duration, tokens, len(scheduled), free))
        now += duration

        finished = False
        for r, new in scheduled:
            computed[r] += new
            if computed[r] == prompt[r] + generated[r]:  # the (re)prefill or decode step completed
                generated[r] += 1
                if results[r][0] is None:
                    results[r][0] = now
                if generated[r] == output[r]:
                    results[r][1] = now
                    free += _blocks(computed[r], block_size)
                    finished = True
        if finished:
            running = [r for r in running if generated[r] < output[r]]
    return results


def simulate_python(requests: list, config: dict[str, Any]) -> list[Result]:
    """The event loop: one pass of steps 1-2 per iteration, then advance time and emit."""
    return _python(requests, config, None)


def simulate_python_with_trace(requests: list, config: dict[str, Any]) -> tuple[list[Result], list[tuple]]:
    trace: list[tuple] = []
    return _python(requests, config, trace), trace


# -- numba: the same loop over index arrays ---------------------------------------------------

TRACE_FULL = -1  # status: the trace arrays are too short; the wrapper grows them and reruns


@jit
def _kernel(arrival, prompt, output, order, num_blocks, block_size, max_seqs, max_tokens, chunked,
            c0, c1, c2, first, finish, preemptions, gap, tr_start, tr_dur, tr_tokens, tr_seqs, tr_free,
            trace_on, cost_mode, roof, computed, generated, last_emit, waiting, running, new_tokens, state,
            clock, until):
    """Fill first/finish (NaN = never), preemptions and each request's largest inter-token
    gap (NaN with one token); return the iteration count, or TRACE_FULL when tracing and
    the trace arrays ran out.

    The loop's state lives in the arguments, so a run can stop and resume: ``computed``,
    ``generated`` and ``last_emit`` per request, the ``waiting`` ring and the ``running`` list
    with its ``new_tokens``, ``state`` = [requests in ``order``, next arrival, waiting head,
    waiting length, running count, free blocks, iterations] and ``clock`` = [now, busy
    seconds]. The run stops before an iteration that would start at or after ``until`` (an
    iteration started before it runs to its end) and writes the state back; more requests may
    then join ``order`` (arriving at or after ``until``) and the run resume. Stopping and
    resuming gives the same iterations as one run (``Replica`` below uses it; ``until`` is
    infinite for a whole run).

    ``cost_mode`` 0 (the judged model): an iteration takes ``c0 + c1*tokens + c2*ctx``.
    ``cost_mode`` 1 (the labs): the calibrated iteration time of docs/serving-model.md, read
    from ``roof`` by solutions/_cost.py: fixed + token table[tokens] + sequence table[seqs]
    + each scheduled sequence's attention, max(pairs · per_pair, ctx · per_ctx), where a
    sequence holding c tokens that computes n new ones attends n*c + n*(n+1)/2 pairs."""
    m = state[0]  # the accepted requests, in (arrival, index) order
    nxt = state[1]
    whead = state[2]
    wlen = state[3]  # each request waits at most once at a time: a ring of m slots is enough
    nrun = state[4]  # running is in admission order; scheduled ones are always a prefix
    free = state[5]
    iters = state[6]
    now = clock[0]
    busy = clock[1]
    wcap = waiting.shape[0]
    while nxt < m or wlen > 0 or nrun > 0:
        if now >= until:
            break
        if wlen == 0 and nrun == 0:
            a = arrival[order[nxt]]
            if a > now:
                now = a
        while nxt < m and arrival[order[nxt]] <= now:
            slot = whead + wlen
            if slot >= wcap:
                slot -= wcap
            waiting[slot] = order[nxt]
            wlen += 1
            nxt += 1

        budget = max_tokens
        preempted = False
        nsched = 0
        # Step 1: running requests in order; preempt the newest on a block shortfall.
        while nsched < nrun and budget > 0:
            r = running[nsched]
            c = computed[r]
            new = prompt[r] + generated[r] - c
            if chunked and new > budget:
                new = budget
            need = (c + new + block_size - 1) // block_size - (c + block_size - 1) // block_size
            victim = -1
            while need > free and victim != r:
                nrun -= 1
                victim = running[nrun]
                free += (computed[victim] + block_size - 1) // block_size
                computed[victim] = 0
                preemptions[victim] += 1
                whead -= 1
                if whead < 0:
                    whead += wcap
                waiting[whead] = victim
                wlen += 1
                preempted = True
            if victim == r:
                break
            free -= need
            new_tokens[nsched] = new
            budget -= new
            nsched += 1

        # Step 2: admit FCFS while nothing was preempted; no skipping.
        if not preempted:
            while wlen > 0 and nrun < max_seqs and budget > 0:
                r = waiting[whead]
                new = prompt[r] + generated[r]
                if new > budget:
                    if chunked:
                        new = budget
                    else:
                        break
                need = (new + block_size - 1) // block_size
                if need > free:
                    break
                whead += 1
                if whead == wcap:
                    whead = 0
                wlen -= 1
                running[nrun] = r
                new_tokens[nrun] = new
                nrun += 1
                nsched += 1
                free -= need
                budget -= new

        tokens = 0
        ctx = 0
        for k in range(nsched):
            tokens += new_tokens[k]
            ctx += computed[running[k]] + new_tokens[k]
        if cost_mode == 0:
            duration = c0 + c1 * tokens + c2 * ctx
        else:
            duration = batch_time(roof, tokens, nsched)
            for k in range(nsched):
                duration += attention_time(roof, new_tokens[k], computed[running[k]])
        if trace_on:
            if iters >= tr_start.shape[0]:
                return TRACE_FULL
            tr_start[iters] = now
            tr_dur[iters] = duration
            tr_tokens[iters] = tokens
            tr_seqs[iters] = nsched
            tr_free[iters] = free
        iters += 1
        now += duration
        busy += duration

        # Emit, finish, and compact the running list in order.
        keep = 0
        for k in range(nrun):
            r = running[k]
            if k < nsched:
                c = computed[r] + new_tokens[k]
                computed[r] = c
                if c == prompt[r] + generated[r]:
                    g = generated[r] + 1
                    generated[r] = g
                    if g == 1:
                        first[r] = now
                    elif not now - last_emit[r] <= gap[r]:  # also true while gap[r] is NaN
                        gap[r] = now - last_emit[r]  # a preempted request's gap spans its recompute
                    last_emit[r] = now
                    if g == output[r]:
                        finish[r] = now
                        free += (c + block_size - 1) // block_size
                        continue
            running[keep] = r
            keep += 1
        nrun = keep
    state[1] = nxt
    state[2] = whead
    state[3] = wlen
    state[4] = nrun
    state[5] = free
    state[6] = iters
    clock[0] = now
    clock[1] = busy
    return iters


def _arrays(requests: list, config: dict[str, Any]):
    n = len(requests)
    arrival = np.array([float(r[0]) for r in requests], np.float64) if n else np.zeros(0, np.float64)
    prompt = np.array([r[1] for r in requests], np.int64) if n else np.zeros(0, np.int64)
    output = np.array([r[2] for r in requests], np.int64) if n else np.zeros(0, np.int64)
    longest = prompt + output - 1
    block_size = config["block_size"]
    rejected = (longest + block_size - 1) // block_size > config["num_blocks"]
    if not config["chunked_prefill"]:
        rejected |= longest > config["max_num_batched_tokens"]
    index = np.arange(n, dtype=np.int64)
    order = np.lexsort((index, arrival))  # by arrival, ties by index
    order = order[~rejected[order]].astype(np.int64)
    return arrival, prompt, output, order


_NO_ROOF = np.zeros(8, np.float64)  # cost_mode 0 ignores it


def _fresh(n: int, m: int, num_blocks: int, max_seqs: int, capacity: int | None = None) -> tuple:
    """The kernel's state for a run from an empty engine: n requests, m of them in ``order``
    (room for ``capacity`` in the waiting ring and the running list)."""
    room = max(m if capacity is None else capacity, 1)
    rcap = min(max_seqs, room) + 1
    state = np.zeros(8, np.int64)
    state[0] = m
    state[5] = num_blocks
    return (np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, np.float64), np.empty(room, np.int64),
            np.empty(rcap, np.int64), np.empty(rcap, np.int64), state, np.zeros(2, np.float64))


def _run_kernel(requests: list, config: dict[str, Any], trace_capacity: int):
    roof = config.get("roof")
    arrival, prompt, output, order = _arrays(requests, config)
    n = len(requests)
    while True:
        first = np.full(n, np.nan)
        finish = np.full(n, np.nan)
        preemptions = np.zeros(n, np.int64)
        gap = np.full(n, np.nan)
        cap = trace_capacity
        tr = (np.empty(cap, np.float64), np.empty(cap, np.float64), np.empty(cap, np.int64),
              np.empty(cap, np.int64), np.empty(cap, np.int64))
        status = _kernel(arrival, prompt, output, order, int(config["num_blocks"]), int(config["block_size"]),
                         int(config["max_num_seqs"]), int(config["max_num_batched_tokens"]),
                         bool(config["chunked_prefill"]), float(config.get("c0", 0.0)), float(config.get("c1", 0.0)),
                         float(config.get("c2", 0.0)), first, finish, preemptions, gap, *tr, trace_capacity > 0,
                         0 if roof is None else 1, _NO_ROOF if roof is None else np.ascontiguousarray(roof, np.float64),
                         *_fresh(n, order.shape[0], int(config["num_blocks"]), int(config["max_num_seqs"])), np.inf)
        if status != TRACE_FULL:
            break
        trace_capacity *= 2
    results = [[None, None, 0] if f != f else [f, e, p]
               for f, e, p in zip(first.tolist(), finish.tolist(), preemptions.tolist())]
    trace = {key: arr[:status] for key, arr in zip(("start", "duration", "tokens", "seqs", "free_blocks"), tr)}
    trace["max_gap"] = gap  # per request, not per iteration: the lab's largest inter-token gap
    return results, trace


def simulate_roofline_arrays(arrival: np.ndarray, prompt: np.ndarray, output: np.ndarray, config: dict[str, Any],
                              roof: np.ndarray) -> dict[str, np.ndarray]:
    """The kernel in calibrated cost mode (``cost_mode`` 1) on arrays, for ``judge lab plan``.

    ``roof`` comes from solutions/_cost.py's ``pack``. ``arrival`` must be sorted. Returns
    ``first``, ``finish`` (NaN = never), ``preemptions``, ``accepted`` (bool: not rejected at
    arrival) and the trace arrays (see the module docstring)."""
    roof = np.ascontiguousarray(roof, np.float64)
    if roof.ndim != 1 or roof.size < 5 or roof.size != 5 + int(roof[3]) + int(roof[4]):
        raise ValueError("roof must come from solutions._cost.pack (a header and two tables)")
    n = arrival.shape[0]
    block_size = int(config["block_size"])
    longest = prompt + output - 1
    rejected = (longest + block_size - 1) // block_size > int(config["num_blocks"])
    if not config["chunked_prefill"]:
        rejected |= longest > int(config["max_num_batched_tokens"])
    order = np.flatnonzero(~rejected).astype(np.int64)
    capacity = max(1024, 8 * n)
    while True:
        first = np.full(n, np.nan)
        finish = np.full(n, np.nan)
        preemptions = np.zeros(n, np.int64)
        gap = np.full(n, np.nan)
        tr = (np.empty(capacity, np.float64), np.empty(capacity, np.float64), np.empty(capacity, np.int64),
              np.empty(capacity, np.int64), np.empty(capacity, np.int64))
        status = _kernel(arrival, prompt, output, order, int(config["num_blocks"]), block_size,
                         int(config["max_num_seqs"]), int(config["max_num_batched_tokens"]),
                         bool(config["chunked_prefill"]), 0.0, 0.0, 0.0, first, finish, preemptions, gap, *tr,
                         True, 1, roof,
                         *_fresh(n, order.shape[0], int(config["num_blocks"]), int(config["max_num_seqs"])), np.inf)
        if status != TRACE_FULL:
            break
        capacity *= 2
    out = {"first": first, "finish": finish, "preemptions": preemptions, "accepted": ~rejected}
    out.update({key: arr[:status] for key, arr in zip(("start", "duration", "tokens", "seqs", "free_blocks"), tr)})
    return out


_NO_TRACE = (np.empty(0, np.float64), np.empty(0, np.float64), np.empty(0, np.int64), np.empty(0, np.int64),
             np.empty(0, np.int64))


class RequestPool:
    """The requests a fleet of replicas shares, as arrays: the inputs, the per-request results
    (``first``, ``finish``: NaN until they happen; ``preemptions``; ``gap``, the largest
    inter-token gap) and the kernel's per-request state. Each request goes to one replica."""

    def __init__(self, arrival: np.ndarray, prompt: np.ndarray, output: np.ndarray):
        self.arrival = np.ascontiguousarray(arrival, np.float64)
        self.prompt = np.ascontiguousarray(prompt, np.int64)
        self.output = np.ascontiguousarray(output, np.int64)
        self.n = n = self.arrival.shape[0]
        self.first, self.finish, self.gap = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
        self.preemptions = np.zeros(n, np.int64)
        self.computed, self.generated, self.last_emit = np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n)


class Replica:
    """One replica of a fleet, run one interval at a time in the calibrated cost mode (the
    kernel's ``cost_mode`` 1, ``roof`` from solutions/_cost.py's ``pack``).

    ``assign(i)`` gives it request i of the pool: requests come in (arrival, index) order, and
    after the first ``advance`` none may arrive before the time it has run to. ``advance(until)``
    runs it to ``until``, the same iterations one run over all its requests would make. It
    starts idle at ``start`` (a replica that finished loading its weights then)."""

    def __init__(self, pool: RequestPool, config: dict[str, Any], roof: np.ndarray, start: float = 0.0):
        self.pool, self.roof = pool, np.ascontiguousarray(roof, np.float64)
        self.num_blocks, self.block_size = int(config["num_blocks"]), int(config["block_size"])
        self.max_seqs, self.max_tokens = int(config["max_num_seqs"]), int(config["max_num_batched_tokens"])
        self.chunked = bool(config["chunked_prefill"])
        self.order = np.empty(max(pool.n, 1), np.int64)
        _, _, _, self.waiting, self.running, self.new_tokens, self.state, self.clock = _fresh(
            0, 0, self.num_blocks, self.max_seqs, capacity=pool.n)
        self.clock[0] = start

    def assign(self, index: int) -> None:
        self.order[self.state[0]] = index
        self.state[0] += 1

    def advance(self, until: float) -> None:
        pool = self.pool
        _kernel(pool.arrival, pool.prompt, pool.output, self.order, self.num_blocks, self.block_size, self.max_seqs,
                self.max_tokens, self.chunked, 0.0, 0.0, 0.0, pool.first, pool.finish, pool.preemptions, pool.gap,
                *_NO_TRACE, False, 1, self.roof, pool.computed, pool.generated, pool.last_emit, self.waiting,
                self.running, self.new_tokens, self.state, self.clock, float(until))

    @property
    def queued(self) -> int:
        """Requests given to it and not yet running: its waiting queue (preempted ones included)."""
        return int(self.state[3] + self.state[0] - self.state[1])

    @property
    def running_count(self) -> int:
        return int(self.state[4])

    @property
    def busy(self) -> float:
        """Seconds of iterations run so far: the GPU's busy time, as nvidia-smi counts it."""
        return float(self.clock[1])

    @property
    def empty(self) -> bool:
        return self.queued == 0 and self.running_count == 0


def simulate_numba(requests: list, config: dict[str, Any]) -> list[Result]:
    """Convert to arrays, run the kernel, and turn NaN (never emitted) back into None."""
    return _run_kernel(requests, config, 0)[0]


def simulate_numba_with_trace(requests: list, config: dict[str, Any]) -> tuple[list[Result], dict[str, np.ndarray]]:
    return _run_kernel(requests, config, max(1024, 2 * len(requests)))


def simulate_with_trace(requests: list, config: dict[str, Any], form: str = "numba"):
    """``(results, trace)`` from the named form; see the module docstring for the trace's shape."""
    return {"python": simulate_python_with_trace, "numba": simulate_numba_with_trace}[form](requests, config)


FORMS = {"python": simulate_python, "numba": simulate_numba}
NOT_APPLICABLE: dict[str, str] = {}
