# expect: WA — the KL reversed, KL(q || p) (with its own gradient): the mode-seeking direction, another loss.
import numpy as np


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def kd_loss(student_logits, teacher_logits, labels, temperature, alpha):
    b, t = len(labels), temperature
    hard = log_softmax(student_logits)
    log_p = log_softmax(teacher_logits / t)
    log_q = log_softmax(student_logits / t)
    q = np.exp(log_q)
    ratio = log_q - log_p
    kl = np.sum(q * ratio, axis=1, keepdims=True)
    loss = np.mean(-alpha * hard[np.arange(b), labels] + (1 - alpha) * t * t * kl[:, 0])
    grad = alpha * np.exp(hard)
    grad[np.arange(b), labels] -= alpha
    grad += (1 - alpha) * t * q * (ratio - kl)  # d/ds of T² Σ q (log q − log p), with q = softmax(s/T)
    return float(loss), grad / b
