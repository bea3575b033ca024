# expect: AC — the KL as the soft cross-entropy minus the targets' entropy: another summation, within the tolerance.
import numpy as np


def kd_loss(student_logits, teacher_logits, labels, temperature, alpha):
    def log_softmax(z):
        m = z.max(axis=1, keepdims=True)
        return z - m - np.log(np.sum(np.exp(z - m), axis=1, keepdims=True))

    b = len(labels)
    log_p = log_softmax(teacher_logits / temperature)
    log_q = log_softmax(student_logits / temperature)
    p = np.exp(log_p)
    cross = -np.sum(p * log_q)
    entropy = -np.sum(p * log_p)
    hard = log_softmax(student_logits)
    ce = -np.sum(hard[np.arange(b), labels])
    loss = (alpha * ce + (1 - alpha) * temperature**2 * (cross - entropy)) / b
    onehot = np.eye(student_logits.shape[1])[labels]
    grad = alpha * (np.exp(hard) - onehot) + (1 - alpha) * temperature * (np.exp(log_q) - p)
    return loss, grad / b
