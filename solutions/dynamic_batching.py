"""Dynamic batching (request-level, like Triton's dynamic batcher): the reference forms.

A batch goes when the queue holds ``max_batch_size`` requests or its oldest request has
waited ``config["max_wait"]``, whichever comes first (and never before the engine is
free). Both forms live in ``solutions/_request_batching.py``, shared with static batching,
which is this with ``max_wait = 0``.

``simulate_with_trace(requests, config, form="numba")`` returns ``(results, trace)``: for
``python`` the trace is a list of one dict per engine iteration with keys ``start``,
``duration``, ``tokens``, ``seqs`` (the padded batch size) and ``free_blocks``; for
``numba`` it is a dict of numpy arrays under the same keys.
"""

from solutions import _request_batching as _rb


def python(requests, config):
    """The readable event loop."""
    return _rb.simulate_python(requests, config, config["max_wait"])


def numba(requests, config):
    """The array kernel: the queue is a pointer into the FIFO order."""
    return _rb.simulate_numba(requests, config, config["max_wait"])


def simulate_with_trace(requests, config, form="numba"):
    """(results, per-iteration trace) for the lab; see the module docstring for its shape."""
    return TRACED[form](requests, config, config["max_wait"])


TRACED = {"python": _rb.simulate_with_trace_python, "numba": _rb.simulate_with_trace_numba}

FORMS = {"python": python, "numba": numba}
NOT_APPLICABLE: dict[str, str] = {}
