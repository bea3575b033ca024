"""``judge lab distill``: the MLP's gradients against finite differences, the task's structure, what a
small run measures, the point it makes on the default task, the view and the CLI."""

import io
import json
import math

import numpy as np
import pytest
from click.testing import CliRunner
from rich.console import Console

from judge.cli import cli
from judge.labs.compression import distill
from judge.labs.compression.distill_views import distill_view, findings
from solutions.kd_loss import kd_loss_numpy


def test_the_mlps_backward_pass_is_the_losss_derivative():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(7, 3)), rng.integers(0, 4, 7)
    net = distill.Mlp([3, 5, 5, 4], rng)
    # Biases off zero: a row whose ReLUs are all off would sit on the kink at 0, where a central
    # difference of a bias is no derivative.
    net.biases = [rng.normal(0.0, 0.5, b.shape) for b in net.biases]
    teacher = rng.normal(size=(7, 4))

    def loss() -> float:
        return kd_loss_numpy(net.logits(x), teacher, y, 2.0, 0.5)[0]

    layers = net._forward(x)
    grads = net._backward(layers, kd_loss_numpy(layers[-1], teacher, y, 2.0, 0.5)[1])
    step = 1e-6
    for i, (gw, gb) in enumerate(grads):
        for j, k in ((0, 0), (1, 2), (2, 3)):
            j, k = j % gw.shape[0], k % gw.shape[1]
            net.weights[i][j, k] += step
            up = loss()
            net.weights[i][j, k] -= 2 * step
            down = loss()
            net.weights[i][j, k] += step
            assert gw[j, k] == pytest.approx((up - down) / (2 * step), rel=1e-5, abs=1e-9)
        net.biases[i][0] += step
        up = loss()
        net.biases[i][0] -= 2 * step
        down = loss()
        net.biases[i][0] += step
        assert gb[0] == pytest.approx((up - down) / (2 * step), rel=1e-5, abs=1e-9)


def test_the_task_puts_similar_classes_in_clusters():
    setup = distill.Setup()
    x, y, cluster_of = distill.make_task(setup, np.random.default_rng(3))
    assert x.shape == (setup.teacher_train + setup.transfer + setup.validation + setup.test, setup.features)
    assert set(np.unique(y)) == set(range(setup.classes))
    assert np.bincount(cluster_of).tolist() == [setup.classes // setup.clusters] * setup.clusters
    means = np.array([x[y == c].mean(axis=0) for c in range(setup.classes)])
    distance = np.linalg.norm(means[:, None] - means[None], axis=2)
    same = cluster_of[:, None] == cluster_of[None]
    off = ~np.eye(setup.classes, dtype=bool)
    assert distance[same & off].mean() < 0.6 * distance[~same].mean()


TINY = distill.Setup(teacher_train=400, transfer=60, validation=100, test=200, teacher_steps=40, steps=40,
                     temperatures=(1.0, 4.0), seeds=2)


@pytest.fixture(scope="module")
def tiny() -> distill.Result:
    return distill.run(TINY)


def test_a_small_run_measures_every_way_of_training(tiny):
    methods = [(s.method, s.temperature) for s in tiny.scores]
    assert methods == [("hard", None)] + [(m, t) for m in ("soft", "mix", "mix-no-T2") for t in (1.0, 4.0)]
    assert all(0 <= s.test[0] <= 1 and s.test[1] >= 0 and 0 <= s.agreement[0] <= 1 for s in tiny.scores)
    # At T = 1 the T² is 1: the mix without it is the same student, to the bit.
    assert tiny.of("mix")[0].test == tiny.of("mix-no-T2")[0].test
    entropies = [t.entropy[0] for t in tiny.targets]
    assert entropies == sorted(entropies) and entropies[-1] <= math.log(TINY.classes)
    assert set(tiny.best) == {"soft", "mix", "mix-no-T2"}
    assert all(b["temperature"] in TINY.temperatures for b in tiny.best.values())
    json.dumps(distill.to_json(tiny))


def test_the_view_says_what_it_measured(tiny):
    text = io.StringIO()
    Console(file=text, width=140).print(distill_view(tiny))
    out = text.getvalue()
    assert "Student test accuracy" in out and "soft targets" in out and "Best T" in out
    assert len(findings(tiny)) == 5


def test_on_the_default_task_soft_targets_beat_hard_labels_and_t_squared_matters():
    """The lab's point, on two seeds of the default task (fewer temperatures, for time): the soft
    targets at a moderate T beat hard labels, and the mix without T² falls back towards them."""
    result = distill.run(distill.Setup(temperatures=(1.0, 4.0, 16.0), seeds=2))
    hard = result.of("hard")[0].test[0]
    soft = {s.temperature: s.test[0] for s in result.of("soft")}
    assert soft[4.0] > hard + 0.03
    near = result.targets[0]
    assert near.same_cluster > 10 * near.other_cluster  # at T = 1 the near misses carry the mass
    wrong = {s.temperature: s.test[0] for s in result.of("mix-no-T2")}
    right = {s.temperature: s.test[0] for s in result.of("mix")}
    assert wrong[16.0] < right[16.0] and abs(wrong[16.0] - hard) < abs(right[16.0] - hard)


def test_the_cli_refuses_bad_options(tmp_path):
    for args, needle in ((("--temperatures", "0,2"), "temperatures in (0, 100]"), (("--alpha", "1"), "alpha"),
                         (("--seeds", "1"), "seeds"), (("--plot", tmp_path / "x.jpg"), ".png or .svg")):
        bad = CliRunner().invoke(cli, ["lab", "distill", *map(str, args)])
        assert bad.exit_code == 2 and needle in bad.output, bad.output


def test_the_cli_gives_json_and_a_plot(tmp_path):
    done = CliRunner().invoke(cli, ["lab", "distill", "--seeds", "2", "--temperatures", "1,4", "--transfer", "60",
                                    "--json", "--plot", str(tmp_path / "distill.png")])
    assert done.exit_code == 0, done.output
    facts = json.loads(done.output)
    assert facts["setup"]["seeds"] == 2 and len(facts["scores"]) == 7 and set(facts["best_temperature"]) == {
        "soft", "mix", "mix-no-T2"}
    assert (tmp_path / "distill.png").stat().st_size > 10_000
