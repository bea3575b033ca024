"""The calibrated iteration time, as the batching kernels read it (judge/labs/serving/roofline.py builds it).

A ``roof`` array holds, in order: the fixed seconds of an iteration, the seconds per attention
(query, key) pair, the seconds per KV token read, the lengths of two tables, then the tables:
seconds of the token-proportional work (every layer's operators and all-reduces) for 0, 1, ...
tokens, and seconds of the LM head for 0, 1, ... sequences. An iteration takes

    fixed + tokens_table[tokens] + seqs_table[seqs] + Σ_k max(pairs_k · per_pair, ctx_k · per_ctx)

where sequence k computes n_k tokens on top of c_k: pairs_k = n_k·c_k + n_k(n_k+1)/2 and
ctx_k = c_k + n_k. Past a table's end its last step carries on linearly.
"""

from __future__ import annotations

import numpy as np

from solutions._jit import jit

FIXED, PER_PAIR, PER_CTX, N_TOKENS, N_SEQS, HEADER = 0, 1, 2, 3, 4, 5


def pack(fixed: float, per_pair: float, per_ctx: float, tokens_table: np.ndarray, seqs_table: np.ndarray) -> np.ndarray:
    """The roof array; tables need two entries or more (0 and 1)."""
    if tokens_table.size < 2 or seqs_table.size < 2:
        raise ValueError("the token and sequence tables need entries for 0 and 1 at least")
    head = np.array([fixed, per_pair, per_ctx, tokens_table.size, seqs_table.size], np.float64)
    roof = np.concatenate([head, tokens_table.astype(np.float64), seqs_table.astype(np.float64)])
    if not np.all(np.isfinite(roof)) or np.any(roof < 0):
        raise ValueError("a roof must be finite and non-negative")
    return roof


@jit
def _lookup(roof, start, length, index):
    if index < length:
        return roof[start + index]
    last = roof[start + length - 1]
    return last + (index - length + 1) * (last - roof[start + length - 2])


@jit
def batch_time(roof, tokens, seqs):
    """The part of an iteration that depends on its totals: fixed, token and sequence tables."""
    n_tok = int(roof[N_TOKENS])
    n_seq = int(roof[N_SEQS])
    return roof[FIXED] + _lookup(roof, HEADER, n_tok, tokens) + _lookup(roof, HEADER + n_tok, n_seq, seqs)


@jit
def attention_time(roof, new, held):
    """One sequence's attention: compute-bound on its pairs or bandwidth-bound on its KV reads."""
    pairs = new * held + new * (new + 1) / 2.0
    compute = pairs * roof[PER_PAIR]
    memory = (held + new) * roof[PER_CTX]
    return compute if compute > memory else memory


def iteration_time(roof: np.ndarray, new: list[int], held: list[int]) -> float:
    """The whole iteration, in Python: for checks and for the labs' capacity bound."""
    total = batch_time(roof, int(sum(new)), len(new))
    return total + sum(attention_time(roof, n, c) for n, c in zip(new, held))
