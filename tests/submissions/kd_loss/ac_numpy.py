# expect: AC — vectorised numpy with log-softmax: max-shifted, the T² on the soft term, the batch mean.
import numpy as np


def log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def kd_loss(student_logits, teacher_logits, labels, temperature, alpha):
    b = student_logits.shape[0]
    t = temperature
    log_hard = log_softmax(student_logits)
    log_p = log_softmax(teacher_logits / t)
    log_q = log_softmax(student_logits / t)
    p, q = np.exp(log_p), np.exp(log_q)
    ce = -log_hard[np.arange(b), labels]
    kl = (p * (log_p - log_q)).sum(axis=1)
    loss = (alpha * ce + (1 - alpha) * t * t * kl).mean()
    onehot = np.zeros_like(student_logits)
    onehot[np.arange(b), labels] = 1.0
    grad = (alpha * (np.exp(log_hard) - onehot) + (1 - alpha) * t * (q - p)) / b
    return float(loss), grad
