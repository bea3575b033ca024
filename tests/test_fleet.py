"""The fleet under the autoscaling lab: a replica run one interval at a time makes the same
iterations as one run of the continuous-batching kernel; requests wait for a cold start and
for a replica at all; scale-downs drain the youngest replicas first."""

from __future__ import annotations

import numpy as np
import pytest

from judge.labs.deployment import traffic
from judge.labs.deployment.fleet import FixedPolicy, KpaPolicy, ReplicaShape, cold_start, simulate
from solutions import _cost
from solutions.continuous_batching import Replica, RequestPool, simulate_roofline_arrays

# A toy roofline: 10 ms a step, 0.1 ms a token, nothing per sequence or pair; a tiny engine.
ROOF = _cost.pack(0.01, 0.0, 0.0, np.arange(8193) * 1e-4, np.zeros(9))
CONFIG = {"num_blocks": 64, "block_size": 4, "max_num_seqs": 8, "max_num_batched_tokens": 64,
          "chunked_prefill": True}


def _work(n: int, rate: float, seed: int):
    rng = np.random.default_rng(seed)
    return (np.cumsum(rng.exponential(1 / rate, n)), rng.integers(1, 40, n).astype(np.int64),
            rng.integers(1, 30, n).astype(np.int64))


@pytest.mark.parametrize("step", [0.05, 1.0, 7.5])
def test_a_replica_advanced_in_steps_makes_the_same_iterations_as_one_run(step):
    arrival, prompt, output = _work(400, 40.0, 3)
    whole = simulate_roofline_arrays(arrival, prompt, output, CONFIG, ROOF)
    pool = RequestPool(arrival, prompt, output)
    replica = Replica(pool, CONFIG, ROOF)
    given, t = 0, 0.0
    while given < arrival.size or not replica.empty:
        while given < arrival.size and arrival[given] < t + step:
            replica.assign(given)
            given += 1
        t += step
        replica.advance(t)
    assert np.array_equal(pool.first, whole["first"]) and np.array_equal(pool.finish, whole["finish"])
    assert np.array_equal(pool.preemptions, whole["preemptions"])
    assert replica.busy == pytest.approx(float(whole["duration"].sum()), rel=1e-12)


def test_queued_counts_requests_not_yet_running_and_a_replica_starts_at_its_start():
    pool = RequestPool(np.array([0.0, 0.0, 0.0]), np.array([4, 4, 4]), np.array([50, 50, 50]))
    replica = Replica(pool, {**CONFIG, "max_num_seqs": 1}, ROOF, start=100.0)
    for i in range(3):
        replica.assign(i)
    assert replica.queued == 3 and replica.running_count == 0
    replica.advance(100.2)  # the first request is decoding (50 steps of ~10 ms), the others wait
    assert replica.running_count == 1 and replica.queued == 2
    assert pool.first[0] > 100.0, "a replica that starts at 100 s serves nothing before it"


def _shape(cold: int) -> ReplicaShape:
    return ReplicaShape(CONFIG, ROOF, gpus=2, price_per_hour=4.0, cold_start_s=cold)


def test_requests_to_a_fleet_at_zero_wait_for_the_cold_start():
    arrival = np.array([5.2, 5.4, 30.0])
    prompt, output = np.array([4, 4, 4]), np.array([3, 3, 3])
    kpa = KpaPolicy("kpa", {"initial_scale": 0, "activation_delay": 11, "target": 1})
    run = simulate(kpa, arrival, prompt, output, 60, _shape(10))
    ttft = run.first - arrival
    # KPA asks at second 6 (its tick after the first sample), the replica serves from 6 + 1 + 10 = 17 s.
    assert ttft[0] == pytest.approx(17 - 5.2, abs=0.1) and run.held[:6].sum() == 0
    assert run.ready[16] == 0 and run.ready[17] == 1
    assert ttft[2] < 1.0, "the third request finds the replica warm"
    assert run.gpu_seconds == pytest.approx(2 * run.held.sum())


def test_a_fixed_fleet_spreads_requests_round_robin_and_counts_gpu_time():
    work = traffic.requests("flat", np.full(30, 4.0), 1, max_model_len=64)
    run = simulate(FixedPolicy("fixed", 3), work.arrival, work.prompt, work.output, 30, _shape(10))
    assert run.scale_events == 0 and run.held.tolist() == [3] * 30 and run.gpu_seconds == 3 * 2 * 30
    assert not np.isnan(run.first).any()


def test_the_cold_start_is_container_plus_weights_over_bandwidth():
    assert cold_start(137.95e9, 1000 * 2**20, 60.0) == 192  # Llama-2-70B fp16 from a gp3 volume
    assert cold_start(16e9, 2e9, 30.0) == 38


def test_traffic_shapes_and_rate_files(tmp_path):
    spike = traffic.shape("spike", 90, 2.0, 8.0)
    assert spike[:30].tolist() == [2.0] * 30 and spike[30:60].tolist() == [8.0] * 30 and spike[60:].max() == 2.0
    ramp = traffic.shape("ramp", 11, 0.0, 10.0)
    assert ramp[0] == 0 and ramp[-1] == 10 and np.all(np.diff(ramp) > 0)
    day = traffic.shape("diurnal", 100, 1.0, 5.0)
    assert day[0] == 1.0 and day[50] == pytest.approx(5.0)
    path = tmp_path / "rates.json"
    path.write_text("[1, 2.5, 0]")
    assert traffic.load_rates(path).tolist() == [1.0, 2.5, 0.0]
    path.write_text("1\n-3\n")
    with pytest.raises(Exception, match="second 1"):
        traffic.load_rates(path)
    work = traffic.requests("x", np.full(200, 3.0), 5)
    assert abs(work.arrival.size - 600) < 100 and np.all(np.diff(work.arrival) >= 0)
