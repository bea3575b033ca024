# expect: WA — log(softmax(z)), max-shifted so nothing overflows, but at a gap of ~750 the probability is 0 and its log -inf.
import numpy as np


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def kd_loss(student_logits, teacher_logits, labels, temperature, alpha):
    b, t = len(labels), temperature
    hard = softmax(student_logits)
    p, q = softmax(teacher_logits / t), softmax(student_logits / t)
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.sum(np.where(p > 0, p * (np.log(p) - np.log(q)), 0.0), axis=1)
        ce = -np.log(hard[np.arange(b), labels])
    with np.errstate(invalid="ignore"):
        loss = np.mean(alpha * ce + (1 - alpha) * t * t * kl)
    grad = alpha * hard
    grad[np.arange(b), labels] -= alpha
    grad += (1 - alpha) * t * (q - p)
    return float(loss), grad / b
