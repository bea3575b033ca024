"""The README opens with two commands, and CI runs the second verbatim."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_the_readmes_test_command_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\s+```bash\n(.*?)```", readme, re.S)
    assert block, "README.md needs a '## Quick start' section with one bash block"
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2, f"the quick start has {len(commands)} commands; it should have exactly two"
    install_and_run, test = commands
    assert install_and_run.startswith("pip install . && judge run ") and "examples/" in install_and_run
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci, f".ci/run does not run the README's test command {test!r}"
    assert "ruff check" in test and test.index("ruff check") < test.index("pytest")
