"""The worker boundary: shadowing, output capture, and the JIT-off run."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from judge.engine.run import RunOptions, judge_submission
from judge.model import registry
from judge.model.verdicts import Verdict
from tests.processes import worker_processes

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "submissions" / "interleaving_string"


def test_a_users_own_solutions_folder_cannot_shadow_the_kit(tmp_path):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "solutions" / "__init__.py").write_text("raise SystemExit('shadowed!')\n")
    (tmp_path / "problems").mkdir()
    (tmp_path / "problems" / "__init__.py").write_text("raise SystemExit('shadowed!')\n")
    (tmp_path / "judge.py").write_text("raise SystemExit('shadowed!')\n")
    shutil.copy(FIXTURES / "ac_function.py", tmp_path / "mysol.py")
    # A helper module beside the submission is still importable.
    (tmp_path / "helper.py").write_text("LETTERS = 'abc'\n")
    (tmp_path / "mysol.py").write_text("import helper\n" + (tmp_path / "mysol.py").read_text())
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = judge_submission(registry.get("interleaving-string"), tmp_path / "mysol.py",
                                  RunOptions(max_examples=10, seed=1, store=tmp_path / ".judge"))
    finally:
        os.chdir(cwd)
    assert result.verdict is Verdict.AC, result.message


def test_prints_never_reach_the_judges_output(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "judge", "run", "interleaving-string", str(FIXTURES / "flood_stdout.py"),
         "--json", "--no-bench", "--max-examples", "5", "--seed", "1"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "xxxx" not in done.stdout and "xxxx" not in done.stderr
    assert done.stdout.count("\n") == 1  # one JSON object, nothing else


def _workers(judge: int) -> list[int]:
    return worker_processes(judge)


def test_ctrl_c_leaves_no_process_behind(tmp_path):
    # -X faulthandler: if the judge ever ignores the Ctrl-C, SIGABRT makes it print every
    # thread's stack, so the failure says where it hung (seen once in ~10 CI runs, never
    # reproduced by hand in 50 tries at 0.05-1.5 s after start, idle or under load).
    judge = subprocess.Popen(
        [sys.executable, "-X", "faulthandler", "-m", "judge", "run", "interleaving-string",
         str(FIXTURES / "tle_sleep.py"), "--time-limit", "60", "--no-bench"],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while not _workers(judge.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _workers(judge.pid), "the worker never started"
    time.sleep(0.5)  # let it reach the sleeping call
    judge.send_signal(signal.SIGINT)
    try:
        judge.wait(timeout=30)
    except subprocess.TimeoutExpired:
        judge.send_signal(signal.SIGABRT)
        _, err = judge.communicate(timeout=30)
        pytest.fail(f"the judge ignored Ctrl-C for 30 s; its stacks:\n{err[:10000]}")
    assert judge.returncode != 0
    time.sleep(0.2)
    assert not _workers(judge.pid)


def test_a_broken_numba_is_an_internal_error(tmp_path):
    """The judge's own failure is IE (exit 3), never a CE pinned on the submission."""
    shadow = tmp_path / "shadow"
    (shadow / "numba").mkdir(parents=True)
    (shadow / "numba" / "__init__.py").write_text("raise ImportError('numba is broken on this machine')\n")
    # PYTHONPATH puts the kit first, then the broken numba ahead of the real one.
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{shadow}"}
    code = "from judge.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, "run", "interleaving-string", str(FIXTURES / "ac_function.py"), "--json",
         "--no-bench"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )
    assert done.returncode == 3, done.stdout + done.stderr
    assert '"verdict": "IE"' in done.stdout and "numba is broken on this machine" in done.stdout


def test_a_worker_that_cannot_start_is_the_judges_failure(tmp_path):
    from judge.engine.process import WorkerProcess
    from judge.errors import WorkerError

    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "resource.py").write_text("raise ImportError('resource is broken on this machine')\n")
    worker = WorkerProcess(env={**os.environ, "PYTHONPATH": str(shadow)})
    try:
        with pytest.raises(WorkerError, match="failed to start.*resource is broken"):
            worker.ready()
    finally:
        worker.kill()
