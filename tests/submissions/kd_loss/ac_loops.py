# expect: AC — plain loops with math: each row's log-sum-exp around its maximum, lists returned.
import math


def lse(values):
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def kd_loss(student_logits, teacher_logits, labels, temperature, alpha):
    rows = len(labels)
    total = 0.0
    grad = []
    for s, t, y in zip(student_logits.tolist(), teacher_logits.tolist(), labels.tolist()):
        a = lse(s)
        b = lse([v / temperature for v in t])
        c = lse([v / temperature for v in s])
        kl = 0.0
        row = []
        for k in range(len(s)):
            log_p = t[k] / temperature - b
            log_q = s[k] / temperature - c
            kl += math.exp(log_p) * (log_p - log_q)
            hard = math.exp(s[k] - a) - (1.0 if k == y else 0.0)
            row.append((alpha * hard + (1 - alpha) * temperature * (math.exp(log_q) - math.exp(log_p))) / rows)
        total += alpha * (a - s[y]) + (1 - alpha) * temperature ** 2 * kl
        grad.append(row)
    return total / rows, grad
