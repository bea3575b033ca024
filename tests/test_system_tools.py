"""The tmux and Chromium tests cannot pass under CI by being skipped."""

import pytest

from tests.system_tools import require


def test_a_missing_program_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="tmux is not installed.*under CI it is required"):
        require(None, "tmux", "tmux")


def test_a_missing_program_skips_elsewhere_and_says_how_to_get_it(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install Debian's chromium package"):
        require(None, "Chromium", "chromium")


def test_a_present_program_is_returned(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert require("/usr/bin/tmux", "tmux", "tmux") == "/usr/bin/tmux"
