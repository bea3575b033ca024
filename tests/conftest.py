import os

from hypothesis import HealthCheck, settings

# Under CI the suite is derandomised: the same examples every run, so a red build is reproducible.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))

# The files whose tests take seconds each (20 seeds per wrong fixture, whole judge runs, tmux
# sessions) run first: with one pytest worker per core (pytest-xdist), the short tests then fill
# in at the end instead of one worker idling behind a long tail.
SLOW_FIRST = ("test_wa_fixtures.py", "test_practice_terminal.py", "test_verdicts.py", "test_bench.py")


def pytest_collection_modifyitems(items):
    rank = {name: k for k, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOW_FIRST)))  # stable: order kept within a file
