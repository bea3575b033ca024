# expect: WA — a softmax without the max-shift: exp(10000) is inf, inf/inf is NaN, and the loss with it.
import numpy as np


def log_softmax(z):
    with np.errstate(over="ignore", invalid="ignore"):  # the bug: exp(z) overflows to inf, inf/inf is NaN
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def kd_loss(student_logits, teacher_logits, labels, temperature, alpha):
    b = len(labels)
    hard = log_softmax(student_logits)
    log_p = log_softmax(teacher_logits / temperature)
    log_q = log_softmax(student_logits / temperature)
    p, q = np.exp(log_p), np.exp(log_q)
    with np.errstate(invalid="ignore"):
        kl = np.sum(p * (log_p - log_q), axis=1)
    loss = np.mean(-alpha * hard[np.arange(b), labels] + (1 - alpha) * temperature**2 * kl)
    grad = alpha * np.exp(hard)
    grad[np.arange(b), labels] -= alpha
    grad += (1 - alpha) * temperature * (q - p)
    return float(loss), grad / b
