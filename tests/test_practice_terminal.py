"""``judge run --watch`` and ``judge mock`` in a real terminal: tmux runs them, the test saves
files as a person would, and reads the screen with capture-pane."""

import json
import os
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from judge.cli import cli
from tests.processes import worker_processes
from tests.terminal import Tmux, require_tmux

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "examples" / "interleaving_string.py").read_text()
WRONG = (ROOT / "tests" / "submissions" / "interleaving_string" / "wa_greedy.py").read_text()
#: Right, but a sleep in every call: judging it would take an hour, so only a cancel ends it.
SLOW = """import time
from functools import lru_cache


def is_interleave(s1, s2, s3):
    time.sleep(0.2)
    if len(s1) + len(s2) != len(s3):
        return False

    @lru_cache(maxsize=None)
    def can(i, j):
        if i == len(s1) and j == len(s2):
            return True
        k = i + j
        return (i < len(s1) and s1[i] == s3[k] and can(i + 1, j)) or (j < len(s2) and s2[j] == s3[k] and can(i, j + 1))

    return can(0, 0)
"""
JUDGE = [sys.executable, "-m", "judge"]
ENV = {"PYTHONPATH": str(ROOT)}


@pytest.fixture
def terminals():
    require_tmux()
    opened = []

    def open_(command, cwd):
        opened.append(Tmux(command, cwd, env=ENV))
        return opened[-1]

    yield open_
    for terminal in opened:
        terminal.close()


def save(path: Path, text: str) -> None:
    """As an editor does: a new file renamed over the old one."""
    tmp = path.with_name(f".{path.name}.swp-save")
    tmp.write_text(text)
    os.replace(tmp, path)


def stats(cwd: Path, monkeypatch) -> dict:
    monkeypatch.chdir(cwd)
    return json.loads(CliRunner().invoke(cli, ["stats", "--json"]).output)


def test_watch_judges_every_save_cancels_a_stale_run_and_stops_clean(tmp_path, terminals, monkeypatch):
    mine = tmp_path / "mysol.py"
    CliRunner().invoke(cli, ["new", "interleaving-string", str(mine)])
    term = terminals([*JUDGE, "run", "interleaving-string", "mysol.py", "--watch", "--max-examples", "20"], tmp_path)
    term.wait_for("RE · Runtime Error", "not implemented yet: write `is_interleave` in mysol.py",
                  "profile: skipped until the file is accepted")

    save(mine, "def is_interleave(s1, s2, s3)\n    return True\n")  # mid-edit: a syntax error
    term.wait_for("run 2 at", "CE · Compile Error", "line 1")

    save(mine, SLOW)
    term.wait_for("judging mysol.py: small scope")  # its worker is mid-batch, in a sleeping call
    stale = worker_processes(term.pid)
    assert stale, "no worker is judging the slow file"
    save(mine, EXAMPLE)  # lands mid-run: the run is cancelled and the new file judged
    screen = term.wait_for("run 3 at", "AC · Accepted", timeout=90)
    assert "run 4" not in screen
    assert not set(stale) & set(worker_processes(term.pid)), "the cancelled run's worker lives on"
    term.wait_for("your solution grows as", "judge report interleaving-string", timeout=180)  # profiled after AC

    term.keys("C-c")
    term.wait_for("stopped watching mysol.py after 3 runs")
    assert term.exit_status() == 0
    time.sleep(0.2)
    assert not worker_processes(term.pid), "Ctrl-C left a worker behind"
    history = stats(tmp_path, monkeypatch)["problems"][0]
    assert history["runs"] == 3 and history["last_verdict"] == "AC" and history["best"] is not None


def test_mock_shows_the_statement_counts_down_and_reports_at_ac(tmp_path, terminals, monkeypatch):
    mine = tmp_path / "mysol.py"
    term = terminals([*JUDGE, "mock", "interleaving-string", "mysol.py", "--minutes", "10", "--max-examples", "20"],
                     tmp_path)
    screen = term.wait_for("The problem", "Submitting", "left · 0 attempts", history=True)
    assert "dp[i][j]" not in screen and "Rolling into one row" not in screen  # no spoilers
    assert "raise NotImplementedError" in mine.read_text()  # the starter

    save(mine, WRONG)
    term.wait_for("attempts: 1. ", "WA", "last: WA")
    save(mine, EXAMPLE)
    screen = term.wait_for("accepted in 0:", "attempts: 1. ", "2. ", "follow-up questions",
                           "How do you get from 2-D to 1-D memory?", "the spec's forms", "your solution grows as",
                           timeout=180, history=True)
    assert "time is up: not accepted" not in screen and "(after the time)" not in screen
    assert term.exit_status() == 0
    (mock,) = stats(tmp_path, monkeypatch)["mocks"]["list"]
    assert mock["outcome"] == "accepted" and mock["passed_in_time"]
    assert [a["verdict"] for a in mock["attempts"]] == ["WA", "AC"]


def test_mock_ctrl_c_records_the_interrupted_attempt_and_time_runs_out(tmp_path, terminals, monkeypatch):
    mine = tmp_path / "mysol.py"
    term = terminals([*JUDGE, "mock", "interleaving-string", "mysol.py", "--max-examples", "20"], tmp_path)
    term.wait_for("left · 0 attempts")
    save(mine, SLOW)
    term.wait_for("attempt 1: ")  # being judged
    term.keys("C-c")
    term.wait_for("stopped after", "1. 0:", "not judged", "recorded in the history")
    assert term.exit_status() == 1
    time.sleep(0.2)
    assert not worker_processes(term.pid)

    late = tmp_path / "late.py"
    term = terminals([*JUDGE, "mock", "interleaving-string", "late.py", "--minutes", "0.05"], tmp_path)
    term.wait_for("time is up: not accepted in 0:03", "attempts: none yet", timeout=60)
    assert term.exit_status() == 1
    first, second = stats(tmp_path, monkeypatch)["mocks"]["list"]
    assert first["outcome"] == "stopped" and [a["verdict"] for a in first["attempts"]] == [None]
    assert second["outcome"] == "time up" and second["attempts"] == [] and late.is_file()
