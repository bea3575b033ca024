"""Slow model of static batching: the shared batch model with max_wait = 0."""

from tests.naive._request_batching import simulate_batches


def simulate_slow(requests, config):
    return simulate_batches(requests, config, 0.0)
