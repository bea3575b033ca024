# expect: AC — LeetCode-style class Solution; scipy-free log-softmax through np.logaddexp.reduce.
import numpy as np


class Solution:
    def kd_loss(self, student_logits, teacher_logits, labels, temperature, alpha):
        def log_softmax(z):
            return z - np.logaddexp.reduce(z, axis=1, keepdims=True)

        rows = np.arange(len(labels))
        hard = log_softmax(student_logits)
        log_p = log_softmax(teacher_logits / temperature)
        log_q = log_softmax(student_logits / temperature)
        soft = temperature**2 * np.sum(np.exp(log_p) * (log_p - log_q), axis=1)
        loss = np.mean(-alpha * hard[rows, labels] + (1 - alpha) * soft)
        grad = alpha * np.exp(hard)
        grad[rows, labels] -= alpha
        grad += (1 - alpha) * temperature * (np.exp(log_q) - np.exp(log_p))
        return loss, grad / len(labels)
