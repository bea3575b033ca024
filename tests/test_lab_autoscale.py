"""``judge lab autoscale``: on the default spike the utilisation-based and queue-based HPAs'
P99 TTFT differ, and the lab says why; the numbers it prints are the fleet's; the CLI gives
the same facts as JSON, draws its plot and refuses bad input with a one-line usage error."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from judge.cli import cli
from judge.labs.deployment import autoscale

SHORT = ["--minutes", "6", "--base-rate", "2", "--peak-rate", "8", "--max-replicas", "4", "--no-scale-to-zero"]


@pytest.fixture(scope="module")
def default():
    return autoscale.run(autoscale.Question())


def test_the_default_spike_separates_utilisation_from_queue_and_says_why(default):
    by = {s.policy: s for s in default.policies}
    util, queue = by["hpa-gpu-util"], by["hpa-queue"]
    assert abs(util.ttft_p99 - queue.ttft_p99) > 10 * min(util.ttft_p99, queue.ttft_p99), (util.ttft_p99,
                                                                                             queue.ttft_p99)
    why = next(f for f in default.findings if f.startswith("Queue length reacts"))
    assert "hpa-gpu-util" in why and "hpa-queue" in why and "P99 TTFT" in why
    busy = next(f for f in default.findings if f.startswith("GPU utilisation is a poor signal"))
    assert "busy" in busy and "tolerance" in busy


def test_queue_and_concurrency_ask_for_replicas_within_a_sync_of_the_jump(default):
    by = {s.policy: s for s in default.policies}
    for name in ("hpa-queue", "hpa-concurrency"):
        assert by[name].first_scale_up_s is not None and by[name].first_scale_up_s <= 15
    assert by["kpa"].first_scale_up_s is not None and by["kpa"].first_scale_up_s <= 30


def test_the_cold_start_is_printed_and_the_fixed_fleet_pays_for_headroom(default):
    assert default.cold_start_s == 192 and round(default.weight_gb) == 138
    by = {s.policy: s for s in default.policies}
    assert by["fixed"].scale_events == 0 and by["fixed"].cost == max(s.cost for s in default.policies)
    assert any(f.startswith("The cold start dominates") for f in default.findings)


def test_scale_to_zero_saves_gpu_hours_and_costs_a_cold_start(default):
    zero = default.zero
    assert zero.zero_gpu_hours < 0.5 * zero.on_gpu_hours
    assert zero.zero_first_ttft >= default.cold_start_s and zero.on_ttft_p50 < 1.0


def test_the_summary_counts_what_the_fleet_did(default):
    for s in default.policies:
        run = s.run
        assert s.gpu_hours == pytest.approx(run.gpu_seconds / 3600)
        assert s.cost == pytest.approx(s.gpu_hours * 1.79)
        assert len(s.minute_p99) == 30 and s.peak_replicas == run.held.max() <= 12
        assert s.unserved == 0


def test_the_cli_prints_json_with_the_same_facts_and_draws_the_plot(tmp_path):
    path = tmp_path / "autoscale.png"
    done = CliRunner().invoke(cli, ["lab", "autoscale", *SHORT, "--json", "--plot", str(path)])
    assert done.exit_code == 0, done.output
    data = json.loads(done.output)
    assert [p["policy"] for p in data["policies"]] == list(autoscale.POLICIES)
    assert data["cold_start"]["seconds"] == 192 and data["scale_to_zero"] is None
    assert all(len(p["replicas_per_second"]) == 360 for p in data["policies"])
    assert path.stat().st_size > 10_000


def test_the_cli_table_and_bad_input(tmp_path):
    done = CliRunner().invoke(cli, ["lab", "autoscale", *SHORT])
    text = " ".join(done.output.split())
    assert done.exit_code == 0 and "GPU-hours" in text and "Cold start 192 s" in text
    table = done.output[done.output.index("five autoscalers"):done.output.index("hpa-gpu-util: HPA")]
    assert "…" not in table, "at 80 columns a policy's name or a row's label was cut"
    assert all(name in table for name in ("hpa-gpu-util", "hpa-queue", "hpa-concurrency", "kpa", "fixed"))
    bad = CliRunner().invoke(cli, ["lab", "autoscale", "--traffic", str(tmp_path / "none.json")])
    assert bad.exit_code == 2 and "neither a shape" in bad.output
    rates = tmp_path / "rates.txt"
    rates.write_text("1\nx\n")
    bad = CliRunner().invoke(cli, ["lab", "autoscale", "--traffic", str(rates)])
    assert bad.exit_code == 2 and "one number per line" in bad.output
    bad = CliRunner().invoke(cli, ["lab", "autoscale", "--min-replicas", "5", "--max-replicas", "2"])
    assert bad.exit_code == 2 and "--min-replicas 5" in bad.output


def test_a_users_rate_file_drives_the_run(tmp_path):
    rates = tmp_path / "rates.json"
    rates.write_text(json.dumps([3.0] * 120 + [9.0] * 120))
    done = CliRunner().invoke(cli, ["lab", "autoscale", "--traffic", str(rates), "--max-replicas", "4",
                                    "--no-scale-to-zero", "--json"])
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["traffic"] == "your 240 s of rates"
