"""Knowledge-distillation loss (Hinton, Vinyals and Dean, 2015): the reference forms side by side.

For a batch of B rows of C logits, student s, teacher t, labels y, temperature T and weight α:

    loss = (1/B) Σ_b [ α · CE_b + (1 − α) · T² · KL_b ]
    CE_b = −log softmax(s_b)[y_b]                              (temperature 1)
    KL_b = Σ_c p_c (log p_c − log q_c),  p = softmax(t_b / T),  q = softmax(s_b / T)
    ∂loss/∂s_b = (1/B) [ α (softmax(s_b) − onehot(y_b)) + (1 − α) · T · (q − p) ]

Every log-probability is a log-softmax, ``z − max z − log Σ exp(z − max z)``: no exp of a
large logit overflows and no log of an underflowed probability becomes −inf. The soft term's
gradient is T²·(1/T)·(q − p): the 1/T comes from the chain rule through s/T, and the T² keeps
its scale independent of T. The forms:

- ``python``: loops over rows and classes with ``math``;
- ``numpy``:  whole-batch array expressions, three log-softmaxes of B × C;
- ``numba``:  per row, the three shifted exps and their sums (kept, so each element costs
              three exps, not six), then the loss and the gradient row, in a compiled kernel
              behind a validating wrapper.
"""

from __future__ import annotations

import math

import numpy as np

from solutions._jit import jit

# -- python -------------------------------------------------------------------------------------

def _log_softmax(z: list[float]) -> list[float]:
    top = max(z)
    log_total = math.log(sum(math.exp(x - top) for x in z))
    return [x - top - log_total for x in z]


def kd_loss_python(student_logits, teacher_logits, labels, temperature: float,
                   alpha: float) -> tuple[float, list[list[float]]]:
    t, a = float(temperature), float(alpha)
    batch = len(student_logits)
    total, grad = 0.0, []
    for s_row, t_row, y in zip(student_logits, teacher_logits, labels):
        s_row, t_row = [float(x) for x in s_row], [float(x) for x in t_row]
        hard = _log_softmax(s_row)
        log_p = _log_softmax([x / t for x in t_row])
        log_q = _log_softmax([x / t for x in s_row])
        p = [math.exp(v) for v in log_p]
        q = [math.exp(v) for v in log_q]
        kl = sum(pc * (lp - lq) for pc, lp, lq in zip(p, log_p, log_q))
        total += a * -hard[int(y)] + (1 - a) * t * t * kl
        grad.append([(a * (math.exp(h) - (c == y)) + (1 - a) * t * (qc - pc)) / batch
                     for c, (h, pc, qc) in enumerate(zip(hard, p, q))])
    return total / batch, grad


# -- numpy --------------------------------------------------------------------------------------

def _log_softmax_rows(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def kd_loss_numpy(student_logits, teacher_logits, labels, temperature: float,
                  alpha: float) -> tuple[float, np.ndarray]:
    s = np.asarray(student_logits, np.float64)
    teacher = np.asarray(teacher_logits, np.float64)
    y = np.asarray(labels, np.int64)
    t, a = float(temperature), float(alpha)
    batch = s.shape[0]
    hard = _log_softmax_rows(s)
    log_p = _log_softmax_rows(teacher / t)
    log_q = _log_softmax_rows(s / t)
    p, q = np.exp(log_p), np.exp(log_q)
    rows = np.arange(batch)
    ce = -hard[rows, y]
    kl = np.sum(p * (log_p - log_q), axis=1)
    loss = float(np.sum(a * ce + (1 - a) * t * t * kl) / batch)
    grad = a * np.exp(hard)
    grad[rows, y] -= a
    grad += (1 - a) * t * (q - p)
    return loss, grad / batch


# -- numba --------------------------------------------------------------------------------------

OK, BAD_LABEL = 0, 1


@jit
def _exp_shifted(z, scale, out):
    """out = exp(z·scale − max), and (max, Σ out): one row's log-sum-exp in two parts.

    The exps are kept, so the loss and gradient divide by the sum instead of taking them
    again: exp is a scalar libm call in a Numba loop (numpy's is vectorised), the cost here.
    """
    top = z[0] * scale
    for c in range(1, z.size):
        top = max(top, z[c] * scale)
    total = 0.0
    for c in range(z.size):
        out[c] = math.exp(z[c] * scale - top)
        total += out[c]
    return top, total


@jit
def _kd_kernel(s, teacher, labels, t, a, grad):
    batch, classes = s.shape
    inv_t = 1.0 / t
    e_h, e_p, e_q = np.empty(classes), np.empty(classes), np.empty(classes)
    total = 0.0
    for b in range(batch):
        y = labels[b]
        if y < 0 or y >= classes:
            return BAD_LABEL, 0.0
        top_h, sum_h = _exp_shifted(s[b], 1.0, e_h)
        top_p, sum_p = _exp_shifted(teacher[b], inv_t, e_p)
        top_q, sum_q = _exp_shifted(s[b], inv_t, e_q)
        log_h, log_p, log_q = math.log(sum_h), math.log(sum_p), math.log(sum_q)
        kl = 0.0
        for c in range(classes):
            lp = teacher[b, c] * inv_t - top_p - log_p
            lq = s[b, c] * inv_t - top_q - log_q
            p = e_p[c] / sum_p
            q = e_q[c] / sum_q
            kl += p * (lp - lq)
            hard = e_h[c] / sum_h
            grad[b, c] = (a * (hard - (1.0 if c == y else 0.0)) + (1.0 - a) * t * (q - p)) / batch
        ce = -(s[b, y] - top_h - log_h)
        total += a * ce + (1.0 - a) * t * t * kl
    return OK, total / batch


def kd_loss_numba(student_logits, teacher_logits, labels, temperature: float,
                  alpha: float) -> tuple[float, np.ndarray]:
    s = np.ascontiguousarray(student_logits, np.float64)
    teacher = np.ascontiguousarray(teacher_logits, np.float64)
    y = np.ascontiguousarray(labels, np.int64)
    if s.ndim != 2 or teacher.shape != s.shape or y.shape != (s.shape[0],) or s.size == 0:
        raise ValueError(f"student {s.shape}, teacher {teacher.shape} and labels {y.shape} must be "
                         "B x C, B x C and B with B, C >= 1")
    t, a = float(temperature), float(alpha)
    if not (t > 0 and math.isfinite(t)):
        raise ValueError(f"temperature is {t}; it must be finite and > 0 (distillation uses 1-20)")
    if not 0 <= a <= 1:
        raise ValueError(f"alpha is {a}; it weighs the hard labels, so it must be in [0, 1]")
    grad = np.empty_like(s)
    status, loss = _kd_kernel(s, teacher, y, t, a, grad)
    if status == BAD_LABEL:
        raise ValueError(f"a label is outside 0..{s.shape[1] - 1}; labels index the {s.shape[1]} classes")
    return loss, grad


FORMS = {"python": kd_loss_python, "numpy": kd_loss_numpy, "numba": kd_loss_numba}
