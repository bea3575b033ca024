# expect: WA — no T² on the soft term (its gradient consistently so): the soft term shrinks as 1/T².
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
    loss = np.mean(-alpha * hard[np.arange(b), labels] + (1 - alpha) * kl)
    grad = alpha * np.exp(hard)
    grad[np.arange(b), labels] -= alpha
    grad += (1 - alpha) * (q - p) / temperature
    return float(loss), grad / b
