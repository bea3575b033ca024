"""Slow, obvious oracle for the distillation loss, written independently of the references: the
definition evaluated in 60-digit decimal arithmetic (no max-shift is needed: a Decimal's exp
does not overflow at e^20000), and the gradient by central differences of that loss."""

from decimal import Decimal, localcontext

PRECISION = 60
STEP = Decimal("1e-25")


def _softmax(z: list[Decimal]) -> list[Decimal]:
    weights = [x.exp() for x in z]
    total = sum(weights)
    return [w / total for w in weights]


def _loss(student: list[list[Decimal]], teacher: list[list[Decimal]], labels: list[int], t: Decimal,
          alpha: Decimal) -> Decimal:
    total = Decimal(0)
    for s_row, t_row, y in zip(student, teacher, labels):
        hard = _softmax(s_row)
        p = _softmax([x / t for x in t_row])
        q = _softmax([x / t for x in s_row])
        kl = sum((pc * (pc.ln() - qc.ln()) for pc, qc in zip(p, q) if pc != 0), Decimal(0))
        total += alpha * -hard[y].ln() + (1 - alpha) * t * t * kl
    return total / len(labels)


def kd_loss_decimal(student_logits, teacher_logits, labels, temperature, alpha) -> list:
    with localcontext() as ctx:
        ctx.prec = PRECISION
        student = [[Decimal(float(x)) for x in row] for row in student_logits]
        teacher = [[Decimal(float(x)) for x in row] for row in teacher_logits]
        ys = [int(y) for y in labels]
        t, a = Decimal(float(temperature)), Decimal(float(alpha))
        loss = _loss(student, teacher, ys, t, a)
        grad = []
        for b, row in enumerate(student):
            grad_row = []
            for c in range(len(row)):
                up = [r[:] for r in student]
                down = [r[:] for r in student]
                up[b][c] += STEP
                down[b][c] -= STEP
                grad_row.append(float((_loss(up, teacher, ys, t, a) - _loss(down, teacher, ys, t, a)) / (2 * STEP)))
            grad.append(grad_row)
        return [float(loss), grad]


# -- for the conformance suite: cases.json checked against this oracle where it is fast enough --
ORACLE = kd_loss_decimal
ORACLE_LEAST_CASES = 10


def affordable(inp: dict) -> bool:
    return len(inp["labels"]) * len(inp["student_logits"][0]) <= 12
