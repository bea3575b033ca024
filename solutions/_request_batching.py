"""Request-level batching (static and dynamic), one simulator in two forms.

Static batching is dynamic batching with ``max_wait = 0``, so both problems call the
functions here: ``solutions/static_batching.py`` passes ``max_wait = 0.0`` and
``solutions/dynamic_batching.py`` passes ``config["max_wait"]``.

The rules (the spec in ``problems/static_batching/README.md`` states them in full):

- requests are served FIFO in (arrival, index) order; one whose full length can never
  fit (``ceil((P + O - 1) / block_size) > num_blocks``) is rejected at arrival and never
  waits;
- a batch is always a prefix of the waiting queue, so the queue is one pointer ``head``
  into the accepted requests in FIFO order;
- it is dispatched at ``max(engine free, min(arrival of the max_batch_size-th waiting
  request, oldest arrival + max_wait))`` and takes requests that have arrived by then,
  while the count stays <= max_batch_size and their reservations fit in num_blocks;
- one padded prefill (``n * max P`` tokens and context), then ``max O - 1`` padded decode
  steps (``n`` tokens, context ``n * (max P + k)`` in the k-th); each step is
  ``now += c0 + c1*tokens + c2*ctx``.

Traces
------
``simulate_with_trace_python(requests, config, max_wait)`` returns ``(results, trace)``
where ``trace`` is a list with one dict per engine iteration::

    {"start": float, "duration": float, "tokens": int, "seqs": int, "free_blocks": int}

``seqs`` is the batch size n (padded steps keep finished sequences) and ``free_blocks``
is ``num_blocks`` less the batch's reservations during that iteration.

``simulate_with_trace_numba(...)`` returns ``(results, trace)`` with ``trace`` a dict of
numpy arrays of one length (the number of iterations), under the same five keys.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from solutions._cost import attention_time, batch_time
from solutions._jit import jit

TRACE_KEYS = ("start", "duration", "tokens", "seqs", "free_blocks")


def blocks_for(tokens: int, block_size: int) -> int:
    """ceil(tokens / block_size), in integers."""
    return -(-tokens // block_size)


# -- python: the teaching text --------------------------------------------------------------


def simulate_with_trace_python(requests, config, max_wait):
    """The event loop, one batch at a time. Returns (results, trace)."""
    if "roof" in config:
        raise ValueError("the python form runs the linear model only; drop config['roof'] or use the numba form")
    num_blocks, block_size = config["num_blocks"], config["block_size"]
    c0, c1, c2 = config["c0"], config["c1"], config["c2"]
    max_batch = config["max_batch_size"]

    results = [[None, None, 0] for _ in requests]
    trace = []
    need = [blocks_for(p + o - 1, block_size) for _, p, o in requests]

    # FIFO order is (arrival, index); a request that can never fit is rejected at arrival.
    fifo = sorted(range(len(requests)), key=lambda i: (requests[i][0], i))
    waiting = deque(i for i in fifo if need[i] <= num_blocks)

    now = 0.0  # the moment the engine is free
    while waiting:
        oldest = requests[waiting[0]][0]
        # The queue reaches max_batch_size when its max_batch_size-th request arrives.
        full_at = requests[waiting[max_batch - 1]][0] if len(waiting) >= max_batch else math.inf
        now = max(now, min(full_at, oldest + max_wait))  # idle: jump to the dispatch moment

        batch, reserved = [], 0
        while (waiting and len(batch) < max_batch and requests[waiting[0]][0] <= now
               and reserved + need[waiting[0]] <= num_blocks):
            reserved += need[waiting[0]]
            batch.append(waiting.popleft())

        n = len(batch)
        max_p = max(requests[i][1] for i in batch)
        max_o = max(requests[i][2] for i in batch)
        for k in range(max_o):  # k = 0 is the padded prefill, k >= 1 the k-th padded decode
            tokens = n * max_p if k == 0 else n
            ctx = n * (max_p + k)
            duration = c0 + c1 * tokens + c2 * ctx
            trace.append({"start": now, "duration": duration, "tokens": tokens, "seqs": n,
                          "free_blocks": num_blocks - reserved})
            now += duration
            for i in batch:  # iteration k emits token k + 1
                if k == 0:
                    results[i][0] = now
                if requests[i][2] == k + 1:
                    results[i][1] = now
        # The batch ends here: its slots and blocks are free again.
    return results, trace


def simulate_python(requests, config, max_wait):
    return simulate_with_trace_python(requests, config, max_wait)[0]


# -- numba: arrays, the queue as a pointer into the FIFO order --------------------------------


@jit
def _kernel(arrival, output, fifo, need, num_blocks, max_batch, max_wait, c0, c1, c2,
            first, finish, gap, ends, t_start, t_dur, t_tokens, t_seqs, t_free, cost_mode, roof):
    """Fill first/finish (NaN = rejected) and the trace; return the number of iterations.

    ``cost_mode`` 0 is the judged linear model; 1 (the labs) reads the calibrated ``roof``
    of solutions/_cost.py, every sequence of the padded batch computing max P (prefill) or
    one token (decode step k, on top of max P + k - 1).

    ``fifo`` lists the accepted requests in (arrival, index) order and ``need[r]`` is
    request r's [blocks reserved, prompt_len]; the waiting queue is ``fifo[head:]`` because
    every batch is a prefix of it. ``ends[k]`` keeps the end of the batch's k-th iteration,
    so a request's finish is ``ends[O - 1]``: one write per request rather than one check
    per sequence-step."""
    m = fifo.shape[0]
    head = 0
    steps = 0
    now = 0.0
    while head < m:
        oldest = arrival[fifo[head]]
        full_at = np.inf
        if m - head >= max_batch:
            full_at = arrival[fifo[head + max_batch - 1]]
        due = min(full_at, oldest + max_wait)
        if due > now:
            now = due

        end = head
        reserved = 0
        max_p = 0
        max_o = 0
        while end < m and end - head < max_batch:
            r = fifo[end]
            if arrival[r] > now or reserved + need[r, 0] > num_blocks:
                break
            reserved += need[r, 0]
            max_p = max(max_p, need[r, 1])
            max_o = max(max_o, output[r])
            end += 1

        n = end - head
        for k in range(max_o):
            tokens = n * max_p if k == 0 else n
            ctx = n * (max_p + k)
            if cost_mode == 0:
                duration = c0 + c1 * tokens + c2 * ctx
            elif k == 0:
                duration = batch_time(roof, tokens, n) + n * attention_time(roof, max_p, 0)
            else:
                duration = batch_time(roof, tokens, n) + n * attention_time(roof, 1, max_p + k - 1)
            if steps < t_start.shape[0]:
                t_start[steps] = now
                t_dur[steps] = duration
                t_tokens[steps] = tokens
                t_seqs[steps] = n
                t_free[steps] = num_blocks - reserved
            steps += 1
            now += duration
            ends[k] = now
        for j in range(head, end):
            r = fifo[j]
            first[r] = ends[0]
            finish[r] = ends[output[r] - 1]
            # Decode steps grow with the context, so a request's largest inter-token gap is
            # its last one: the step that emitted its final token.
            if output[r] > 1:
                gap[r] = ends[output[r] - 1] - ends[output[r] - 2]
        head = end
    return steps


def _arrays(requests, config):
    table = np.array(requests, dtype=np.float64).reshape(len(requests), 3)
    arrival = np.ascontiguousarray(table[:, 0])
    prompt = table[:, 1].astype(np.int64)
    output = table[:, 2].astype(np.int64)
    block_size = config["block_size"]
    need = np.empty((len(requests), 2), np.int64)  # [blocks reserved, prompt_len] per request
    need[:, 0] = (prompt + output - 1 + block_size - 1) // block_size
    need[:, 1] = prompt
    order = np.argsort(arrival, kind="stable")  # ties keep index order
    fifo = order[need[order, 0] <= config["num_blocks"]].astype(np.int64)
    return arrival, output, fifo, need


_NO_ROOF = np.zeros(8, np.float64)  # cost_mode 0 ignores it


def _run(requests, config, max_wait, trace_capacity):
    arrival, output, fifo, need = _arrays(requests, config)
    count = arrival.shape[0]
    first = np.full(count, np.nan)
    finish = np.full(count, np.nan)
    gap = np.full(count, np.nan)  # NaN: rejected, or one output token (no gap)
    ends = np.empty(int(output[fifo].max()) if fifo.shape[0] else 0)
    t_start = np.empty(trace_capacity)
    t_dur = np.empty(trace_capacity)
    t_tokens = np.empty(trace_capacity, np.int64)
    t_seqs = np.empty(trace_capacity, np.int64)
    t_free = np.empty(trace_capacity, np.int64)
    roof = config.get("roof")
    steps = _kernel(arrival, output, fifo, need, np.int64(config["num_blocks"]),
                    np.int64(config["max_batch_size"]), float(max_wait), float(config.get("c0", 0.0)),
                    float(config.get("c1", 0.0)), float(config.get("c2", 0.0)), first, finish, gap, ends,
                    t_start, t_dur, t_tokens, t_seqs, t_free, 0 if roof is None else 1,
                    _NO_ROOF if roof is None else np.ascontiguousarray(roof, np.float64))
    results = [[None, None, 0] if f != f else [f, g, 0] for f, g in zip(first.tolist(), finish.tolist())]
    return results, steps, (t_start, t_dur, t_tokens, t_seqs, t_free), gap


def simulate_numba(requests, config, max_wait):
    return _run(requests, config, max_wait, 0)[0]


def simulate_with_trace_numba(requests, config, max_wait):
    """Run twice: once to count the iterations, once to fill a trace of that length.
    The trace also carries ``max_gap``, per request: its largest inter-token gap."""
    _, steps, _, _ = _run(requests, config, max_wait, 0)
    results, steps, arrays, gap = _run(requests, config, max_wait, steps)
    return results, {**dict(zip(TRACE_KEYS, arrays)), "max_gap": gap}
