"""Static batching (request-level, FasterTransformer style): the reference forms.

Static batching is dynamic batching with ``max_wait = 0``: when the engine is idle and a
request waits, a batch goes at once. Both forms live in ``solutions/_request_batching.py``,
shared with dynamic batching; this module only fixes ``max_wait``.

``simulate_with_trace(requests, config, form="numba")`` returns ``(results, trace)``: for
``python`` the trace is a list of one dict per engine iteration with keys ``start``,
``duration``, ``tokens``, ``seqs`` (the padded batch size) and ``free_blocks``; for
``numba`` it is a dict of numpy arrays under the same keys.
"""

from solutions import _request_batching as _rb

MAX_WAIT = 0.0


def python(requests, config):
    """The readable event loop."""
    return _rb.simulate_python(requests, config, MAX_WAIT)


def numba(requests, config):
    """The array kernel: the queue is a pointer into the FIFO order."""
    return _rb.simulate_numba(requests, config, MAX_WAIT)


def simulate_with_trace(requests, config, form="numba"):
    """(results, per-iteration trace) for the lab; see the module docstring for its shape."""
    return TRACED[form](requests, config, MAX_WAIT)


TRACED = {"python": _rb.simulate_with_trace_python, "numba": _rb.simulate_with_trace_numba}

FORMS = {"python": python, "numba": numba}
NOT_APPLICABLE: dict[str, str] = {}
