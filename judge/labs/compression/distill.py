"""``judge lab distill``: what do soft targets teach, and which temperature? Measured on a seeded task.

**The task.** ``classes`` classes in ``clusters`` clusters of similar classes: cluster centres
spread wide, class centres near their cluster's, each class a mixture of three blobs, and
Gaussian noise on every point, so that classes of one cluster overlap and the teacher's
posterior says which wrong classes are nearly right (Hinton et al.'s "dark knowledge").

**The nets.** A numpy MLP teacher (features → 64 → 64 → classes, ReLU) trained on
``teacher_train`` points with hard labels; a much smaller student (features → 8 → classes)
trained on a small transfer set, as in Hinton et al.'s experiment where soft targets let a
model learn from 3% of the data. Both train by full-batch gradient descent with momentum
(SGD, not Adam: Adam would rescale the gradient and hide what the T² factor does), with the
loss and its gradient from the judged ``kd-loss`` problem's numpy form. A student is trained
three ways: on hard labels only (α = 1); on the soft targets alone (α = 0) at each T; on the
α mix at each T; and on the α mix without the T² factor, the classic bug.

**What is measured**, over several seeds (mean ± sample standard deviation): the student's
test accuracy and its agreement with the teacher, for each T and α; the entropy of the
teacher's soft targets at each T; how much more probability the teacher gives a wrong class
of the right cluster than one of another cluster. The best T for each α is the one with the
highest mean accuracy on a validation split (ties to the lower T); the test accuracy is
reported for it, never used to choose it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Callable

import numpy as np

from solutions.kd_loss import kd_loss_numpy

TEMPERATURES = (1.0, 2.0, 4.0, 8.0, 16.0)
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Setup:
    classes: int = 12
    clusters: int = 4
    features: int = 10
    noise: float = 1.5
    teacher_train: int = 4000
    transfer: int = 300
    validation: int = 1000
    test: int = 4000
    teacher_hidden: int = 64
    student_hidden: int = 8
    teacher_steps: int = 150  # Adam; more overfits the 4,000 points
    steps: int = 300  # each student's
    learning_rate: float = 0.1  # the students' SGD
    alpha: float = 0.5
    temperatures: tuple[float, ...] = TEMPERATURES
    seeds: int = 5
    seed: int = 0


@dataclass(frozen=True)
class Score:
    """One way of training the student, over the seeds: mean and spread of each measure."""
    method: str  # hard, soft, mix, mix-no-T2
    alpha: float
    temperature: float | None
    test: tuple[float, float]  # accuracy: mean, sample standard deviation
    agreement: tuple[float, float]  # with the teacher's predictions, on the test split
    validation: float  # mean accuracy on the validation split: what picks T


@dataclass(frozen=True)
class Targets:
    """The teacher's soft targets at one T, on the transfer set, over the seeds."""
    temperature: float
    entropy: tuple[float, float]  # nats; the uniform distribution has log(classes)
    same_cluster: float  # mean probability of one wrong class in the true class's cluster
    other_cluster: float  # ... and of one class in another cluster


@dataclass
class Result:
    setup: Setup
    teacher: tuple[float, float]  # test accuracy
    scores: list[Score]
    targets: list[Targets]
    best: dict[str, dict] = field(default_factory=dict)  # method -> {"temperature", "validation", "test"}

    def of(self, method: str) -> list[Score]:
        return [s for s in self.scores if s.method == method]


def make_task(setup: Setup, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(points, labels, cluster of each class): teacher_train + transfer + validation + test points."""
    per = setup.classes // setup.clusters
    cluster_of = np.arange(setup.classes) // per
    centres = rng.normal(0.0, 2.5, (setup.clusters, setup.features))[cluster_of]
    centres += rng.normal(0.0, 1.0, (setup.classes, setup.features))
    blobs = centres[:, None, :] + rng.normal(0.0, 1.0, (setup.classes, 3, setup.features))
    n = setup.teacher_train + setup.transfer + setup.validation + setup.test
    labels = rng.integers(0, setup.classes, n)
    points = blobs[labels, rng.integers(0, 3, n)] + rng.normal(0.0, setup.noise, (n, setup.features))
    return points, labels, cluster_of


class Mlp:
    """ReLU layers; ``fit`` is full-batch gradient descent with momentum on a logit gradient."""

    def __init__(self, sizes: list[int], rng: np.random.Generator):
        self.weights = [rng.normal(0.0, np.sqrt(2.0 / a), (a, b)) for a, b in zip(sizes, sizes[1:])]
        self.biases = [np.zeros(b) for b in sizes[1:]]

    def _forward(self, x: np.ndarray) -> list[np.ndarray]:
        layers = [x]
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            x = x @ w + b
            if i < len(self.weights) - 1:
                x = np.maximum(x, 0.0)
            layers.append(x)
        return layers

    def logits(self, x: np.ndarray) -> np.ndarray:
        return self._forward(x)[-1]

    def _backward(self, layers: list[np.ndarray], g: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
        grads = []
        for i in range(len(self.weights) - 1, -1, -1):
            grads.append((layers[i].T @ g, g.sum(axis=0)))
            if i > 0:
                g = (g @ self.weights[i].T) * (layers[i] > 0)
        return grads[::-1]

    def fit_sgd(self, x: np.ndarray, logit_grad: Callable[[np.ndarray], np.ndarray], steps: int, lr: float,
                momentum: float = 0.9) -> Mlp:
        """Full-batch gradient descent with momentum: the step scales with the gradient, as Hinton et
        al.'s T² argument assumes."""
        velocity = [[np.zeros_like(w), np.zeros_like(b)] for w, b in zip(self.weights, self.biases)]
        for _ in range(steps):
            layers = self._forward(x)
            for i, (gw, gb) in enumerate(self._backward(layers, logit_grad(layers[-1]))):
                velocity[i][0] = momentum * velocity[i][0] - lr * gw
                velocity[i][1] = momentum * velocity[i][1] - lr * gb
                self.weights[i] += velocity[i][0]
                self.biases[i] += velocity[i][1]
        return self

    def fit_adam(self, x: np.ndarray, logit_grad: Callable[[np.ndarray], np.ndarray], steps: int,
                 lr: float = 0.01, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8) -> Mlp:
        """Full-batch Adam (Kingma and Ba, 2015): the teacher's optimiser, steady on a sharp loss."""
        params = [p for pair in zip(self.weights, self.biases) for p in pair]
        first = [np.zeros_like(p) for p in params]
        second = [np.zeros_like(p) for p in params]
        for step in range(1, steps + 1):
            layers = self._forward(x)
            grads = [g for pair in self._backward(layers, logit_grad(layers[-1])) for g in pair]
            for p, g, m, v in zip(params, grads, first, second):
                m *= betas[0]
                m += (1 - betas[0]) * g
                v *= betas[1]
                v += (1 - betas[1]) * g * g
                p -= lr * (m / (1 - betas[0] ** step)) / (np.sqrt(v / (1 - betas[1] ** step)) + eps)
        return self


def _soft(logits: np.ndarray, t: float) -> np.ndarray:
    z = logits / t
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


def _gradient(method: str, alpha: float, t: float, teacher: np.ndarray, labels: np.ndarray):
    """The student's logit gradient for one way of training, from the judged kd-loss (numpy form)."""
    if method == "mix-no-T2":
        def wrong(z: np.ndarray) -> np.ndarray:
            hard = kd_loss_numpy(z, teacher, labels, t, 1.0)[1]
            soft = kd_loss_numpy(z, teacher, labels, t, 0.0)[1]  # carries T², which the bug leaves out
            return alpha * hard + (1 - alpha) * soft / (t * t)
        return wrong
    return lambda z: kd_loss_numpy(z, teacher, labels, t, alpha)[1]


def _methods(setup: Setup) -> list[tuple[str, float, float | None]]:
    out: list[tuple[str, float, float | None]] = [("hard", 1.0, None)]
    for method, alpha in (("soft", 0.0), ("mix", setup.alpha), ("mix-no-T2", setup.alpha)):
        out += [(method, alpha, t) for t in setup.temperatures]
    return out


def _one_seed(setup: Setup, seed: int, tick: Callable[[str], None]) -> dict:
    rng = np.random.default_rng(seed)
    x, y, cluster_of = make_task(setup, rng)
    x = (x - x[: setup.teacher_train].mean(axis=0)) / x[: setup.teacher_train].std(axis=0)
    cuts = np.cumsum([setup.teacher_train, setup.transfer, setup.validation])
    (x_train, x_transfer, x_val, x_test), (y_train, y_transfer, y_val, y_test) = np.split(x, cuts), np.split(y, cuts)
    sizes = [setup.features, setup.teacher_hidden, setup.teacher_hidden, setup.classes]
    teacher = Mlp(sizes, rng).fit_adam(x_train, lambda z: kd_loss_numpy(z, z, y_train, 1.0, 1.0)[1],
                                       setup.teacher_steps)
    tick(f"seed {seed}: trained the teacher")
    soft_targets = teacher.logits(x_transfer)
    teacher_test = teacher.logits(x_test).argmax(axis=1)
    out = {"teacher": float(np.mean(teacher_test == y_test)), "scores": {}, "targets": {}}
    same = cluster_of[y_transfer][:, None] == cluster_of[None, :]
    wrong = np.arange(setup.classes)[None, :] != y_transfer[:, None]
    for t in setup.temperatures:
        p = _soft(soft_targets, t)
        entropy = float(np.mean(-np.sum(p * np.log(np.maximum(p, 1e-300)), axis=1)))
        out["targets"][t] = (entropy, float(p[same & wrong].mean()), float(p[~same].mean()))
    for method, alpha, t in _methods(setup):
        student_rng = np.random.default_rng([seed, 1])  # every student starts from the same weights
        student = Mlp([setup.features, setup.student_hidden, setup.classes], student_rng)
        grad = _gradient(method, alpha, t or 1.0, soft_targets, y_transfer)
        student.fit_sgd(x_transfer, grad, setup.steps, setup.learning_rate)
        predicted = student.logits(x_test).argmax(axis=1)
        out["scores"][(method, t)] = (float(np.mean(predicted == y_test)), float(np.mean(predicted == teacher_test)),
                                      float(np.mean(student.logits(x_val).argmax(axis=1) == y_val)))
        tick(f"seed {seed}: student {method}" + (f" at T={t:g}" if t else ""))
    return out


def _spread(values: list[float]) -> tuple[float, float]:
    a = np.asarray(values)
    return float(a.mean()), float(a.std(ddof=1)) if a.size > 1 else 0.0


def run(setup: Setup, progress: Progress | None = None) -> Result:
    from threadpoolctl import threadpool_limits

    total = setup.seeds * (1 + len(_methods(setup)))
    done = [0]

    def tick(label: str) -> None:
        done[0] += 1
        if progress:
            progress(done[0], total, label)

    with threadpool_limits(limits=1, user_api="blas"):  # small matrices: one thread is faster, and steadier
        runs = [_one_seed(setup, setup.seed + i, tick) for i in range(setup.seeds)]
    scores = []
    for method, alpha, t in _methods(setup):
        got = [r["scores"][(method, t)] for r in runs]
        scores.append(Score(method, alpha, t, _spread([g[0] for g in got]), _spread([g[1] for g in got]),
                            float(np.mean([g[2] for g in got]))))
    targets = [Targets(t, _spread([r["targets"][t][0] for r in runs]),
                       float(np.mean([r["targets"][t][1] for r in runs])),
                       float(np.mean([r["targets"][t][2] for r in runs]))) for t in setup.temperatures]
    result = Result(setup, _spread([r["teacher"] for r in runs]), scores, targets)
    for method in ("soft", "mix", "mix-no-T2"):
        best = max(result.of(method), key=lambda s: (s.validation, -s.temperature))
        result.best[method] = {"temperature": best.temperature, "validation": best.validation, "test": best.test}
    return result


def to_json(result: Result) -> dict:
    return {"setup": asdict(result.setup), "teacher_test_accuracy": result.teacher,
            "scores": [asdict(s) for s in result.scores], "soft_targets": [asdict(t) for t in result.targets],
            "best_temperature": result.best}
