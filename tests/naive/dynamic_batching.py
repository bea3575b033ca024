"""Slow model of dynamic batching: the shared batch model with the config's max_wait."""

from tests.naive._request_batching import simulate_batches


def simulate_slow(requests, config):
    return simulate_batches(requests, config, config["max_wait"])
