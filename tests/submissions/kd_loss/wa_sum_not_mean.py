# expect: WA — the loss and its gradient summed over the batch, not averaged: B times too large.
import numpy as np


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def kd_loss(student_logits, teacher_logits, labels, temperature, alpha):
    b = len(labels)
    hard = log_softmax(student_logits)
    log_p = log_softmax(teacher_logits / temperature)
    log_q = log_softmax(student_logits / temperature)
    p, q = np.exp(log_p), np.exp(log_q)
    kl = np.sum(p * (log_p - log_q), axis=1)
    loss = np.sum(-alpha * hard[np.arange(b), labels] + (1 - alpha) * temperature**2 * kl)
    grad = alpha * np.exp(hard)
    grad[np.arange(b), labels] -= alpha
    grad += (1 - alpha) * temperature * (q - p)
    return float(loss), grad
