"""``judge lab rollback``: on healthy canaries the SPRT's false rollback rate is within its α
(2 standard errors), the peeking threshold's is not; the kernel's SPRT is the judged
canary-guardrail's; detection grows with the regression and a late metric is caught late;
the CLI gives the same facts as JSON and draws its plot."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from judge.cli import cli
from judge.labs.deployment import rollback
from solutions.canary_guardrail import boundaries, decide_python

Q = rollback.Question(rollouts=3000)


@pytest.mark.parametrize("share", [0.01, 0.05, 0.25])
def test_the_sprts_false_rollback_rate_is_within_alpha(share):
    scenario = rollback.simulate(Q, "errors", share, 0.0, seed=11)
    rows = {r.detector: r for r in rollback.rows(scenario)}
    se = np.sqrt(Q.alpha * (1 - Q.alpha) / Q.rollouts)
    assert rows["sprt"].rate <= Q.alpha + 2 * se, rows["sprt"]
    assert rows["msprt"].rate <= Q.alpha + 2 * se, rows["msprt"]
    assert rows["threshold"].rate > Q.alpha + 4 * se, "looking at a one-look test every minute inflates it"


def test_the_kernels_sprt_decides_as_the_judged_guardrail():
    rng = np.random.default_rng(5)
    upper, lower = boundaries(Q.alpha, Q.beta)
    mde = rollback.METRICS["errors"][4]
    config = {"alpha": Q.alpha, "beta": Q.beta, "mde": mde, "min_samples": Q.min_samples, "max_slow_percent": 100,
              "consecutive_error_limit": 10**6}
    for trial in range(200):
        n = 60
        nb, nc = rng.poisson(1140, n), rng.poisson(60, n)
        eb, ec = rng.binomial(nb, 0.01), rng.binomial(nc, 0.01 + rng.choice([0.0, 0.005, 0.02]))
        times, exposed = np.empty(4, np.int64), np.empty(4)
        rollback._detect(nb, eb, nc, ec, 0, upper, lower, mde, Q.min_samples, rollback.Z_95, mde * mde,
                         np.log(1 / Q.alpha), 20_000, 2, 4, 5, times, exposed)
        judged = decide_python(np.stack([nb, eb, nc, ec, np.zeros(n, np.int64)], axis=1).tolist(), config)
        assert times[1] == judged[0], trial


def test_detection_grows_with_the_regression_and_a_late_metric_is_caught_late():
    rates = [rollback.rows(rollback.simulate(rollback.Question(rollouts=400), "errors", 0.05, d, seed=3))[1].rate
             for d in rollback.METRICS["errors"][2]]
    assert rates == sorted(rates) and rates[-1] > 0.95
    late = rollback.rows(rollback.simulate(rollback.Question(rollouts=400), "business", 0.05, 0.1, seed=3))
    assert all(r.median_min is not None and r.median_min > 30 for r in late)


def test_the_cli_prints_json_and_draws_the_plot(tmp_path):
    path = tmp_path / "rollback.svg"
    done = CliRunner().invoke(cli, ["lab", "rollback", "--rollouts", "200", "--json", "--plot", str(path)])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert data["rollouts"] == 200 * len(rollback.scenarios(rollback.Question()))
    assert {r["detector"] for r in data["rows"]} == set(rollback.DETECTORS) and len(data["findings"]) == 4
    assert path.read_text().startswith("<?xml")
    table = CliRunner().invoke(cli, ["lab", "rollback", "--rollouts", "200"])
    assert table.exit_code == 0 and "Peeking inflates false rollbacks" in " ".join(table.output.split())
    bad = CliRunner().invoke(cli, ["lab", "rollback", "--shares", "0,5"])
    assert bad.exit_code == 2 and "percentages in (0, 100)" in bad.output
