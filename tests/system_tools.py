"""The system programs some tests drive (tmux, headless Chromium).

Under CI (``CI`` set) `.ci/run` has installed them, so a missing one fails the run: those tests
never pass by being skipped there. On a developer's machine without them, they skip and say how
to get them.
"""

import os

import pytest


def require(path: str | None, name: str, package: str) -> str:
    """``path`` (from shutil.which) or, when it is None, a failure under CI and a skip elsewhere."""
    if path is not None:
        return path
    message = f"{name} is not installed: install Debian's {package} package (.ci/run does, with apt-get)"
    if os.environ.get("CI"):
        pytest.fail(message + "; under CI it is required", pytrace=False)
    pytest.skip(message)
