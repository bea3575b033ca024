"""judge bench, its pytest-benchmark saves and plots, and the benchmarks/ suite in smoke mode."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from judge.cli import cli
from judge.profiling import benchsave
from judge.profiling.growth import fit_two

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "interleaving_string.py"
GREEDY = ROOT / "tests" / "submissions" / "interleaving_string" / "wa_greedy.py"
SMALL = ["--sizes", "32,64,128", "--repeat", "3", "--budget", "0.05"]


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def bench(runner, *args):
    result = runner.invoke(cli, ["bench", "interleaving-string", *map(str, args)])
    return result


@given(st.floats(0.5, 3), st.floats(0.5, 3))
def test_two_size_fit_recovers_both_exponents(a, b):
    points = [(m, n, 1e-3 * (m / 8) ** a * (n / 8) ** b) for m in (8, 16, 32, 64) for n in (8, 16, 32, 64)]
    fitted_a, fitted_b = fit_two(points)
    assert fitted_a == pytest.approx(a, abs=1e-6) and fitted_b == pytest.approx(b, abs=1e-6)


def test_two_size_fit_refuses_a_diagonal_only():
    assert fit_two([(n, n, 1e-3 * n**2) for n in (8, 16, 32, 64)]) is None


def test_save_then_compare_shows_the_change(runner, tmp_path):
    first = bench(runner, "--forms", "2d,1d", "--family", "dense", *SMALL, "--save", "base", "--json")
    assert first.exit_code == 0, first.output
    saved = Path(json.loads(first.output)["saved"])
    assert saved.name == "0001_base.json" and saved.parent.parent.name == ".benchmarks"
    before = saved.read_bytes()
    second = bench(runner, EXAMPLE, "--forms", "submission,1d", "--family", "dense", *SMALL,
                   "--compare", "base", "--save", "base", "--json")
    assert second.exit_code == 0, second.output
    data = json.loads(second.output)
    assert Path(data["saved"]).name == "0002_base.json"
    assert saved.read_bytes() == before  # earlier saves are never touched
    changes = data["compare"]
    assert {c["form"] for c in changes} == {"1d"} and {c["n"] for c in changes} == {32, 64, 128}
    assert all(c["speedup"] > 0 for c in changes)
    table = bench(runner, "--forms", "1d", "--family", "dense", *SMALL, "--compare", "base")
    assert "change against save 'base'" in table.output
    assert "× faster" in table.output or "× slower" in table.output  # whichever this machine measured


def test_saves_are_pytest_benchmark_files(runner, tmp_path):
    result = bench(runner, "--forms", "1d,numba", "--family", "random", *SMALL, "--save", "x", "--json")
    path = Path(json.loads(result.output)["saved"])
    data = json.loads(path.read_text())
    assert set(data) == {"machine_info", "commit_info", "benchmarks", "datetime", "version"}
    entry = data["benchmarks"][0]
    assert entry["fullname"] == benchsave.fullname("interleaving-string", "random", 32, "1d")
    assert entry["group"] == "interleaving-string random n=32"
    assert {"median", "min", "max", "mean", "stddev", "rounds", "iqr", "ops", "data"} <= set(entry["stats"])
    assert "peak_bytes" in entry["extra_info"] and entry["extra_info"]["family"] == "random"
    done = subprocess.run([sys.executable, "-m", "pytest_benchmark", "compare", str(path), "--columns=median"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "test_form[interleaving-string-random-n32-numba]" in done.stdout


def test_an_interrupted_save_leaves_nothing(tmp_path, monkeypatch):
    def interrupted(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", interrupted)
    with pytest.raises(KeyboardInterrupt):
        benchsave.save({"benchmarks": []}, "x", tmp_path)
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_compare_with_an_unknown_name_is_a_usage_error(runner):
    result = bench(runner, "--forms", "1d", "--compare", "nope", *SMALL)
    assert result.exit_code == 2 and "no save named 'nope'" in result.output


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--forms", "3d"], "'3d' is not one of"),
        (["--forms", "submission"], "'submission' is not one of"),  # no FILE given
        (["--family", "sparse"], "'sparse' is not one of"),
        (["--sizes", "1,x"], "not a list of integers"),
        (["--plot", "out.pdf"], "must end in .png or .svg"),
        (["--save", "../escape"], "not a plain file name"),
    ],
)
def test_bad_options_are_one_line_usage_errors(runner, args, needle):
    result = bench(runner, *args)
    assert result.exit_code == 2 and needle in result.output


def test_a_wrong_submission_is_refused_before_timing(runner):
    result = bench(runner, GREEDY, "--forms", "submission", *SMALL, "--json")
    assert result.exit_code == 1, (result.output, repr(result.exception))
    assert json.loads(result.output)["verdict"] == "WA"


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_plot_is_written_in_the_format_of_its_suffix(runner, tmp_path, suffix, magic):
    path = tmp_path / f"growth{suffix}"
    result = bench(runner, "--forms", "2d,1d", *SMALL, "--plot", path)
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(magic)
    assert "the fastest is" in result.output


def test_bench_json_has_two_size_exponents(runner):
    """The JSON contract of the two-size fit: a grid that varies each size with the other held,
    and a finite a and b. How close a and b come to 1 is a measurement, so it is a target in
    benchmarks/test_profile_shapes.py; a loaded CI machine moved a 128..512 fit to 1.59 once."""
    result = bench(runner, "--forms", "2d", "--family", "dense", "--sizes", "128,256,512", "--repeat", "3", "--json")
    assert result.exit_code == 0, result.output
    fit = json.loads(result.output)["two_size"]["dense"]["2d"]
    assert fit["labels"] == ["|s1|", "|s2|"]
    grid = [(m, n) for m, n, _ in fit["points"]]
    assert grid == sorted({(m, 256) for m in (128, 256, 512)} | {(256, n) for n in (128, 256, 512)})
    assert all(seconds > 0 for *_, seconds in fit["points"])
    assert math.isfinite(fit["a"]) and math.isfinite(fit["b"])


def _suite(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "pytest", str(ROOT / "benchmarks"), "-q", "-p", "no:cacheprovider", *args],
        capture_output=True, text=True, cwd=cwd, timeout=600,
    )


def test_benchmark_suite_smoke_run(tmp_path):
    """The whole suite, every problem and form, at its two smallest sizes, timing disabled."""
    done = _suite("--benchmark-disable", "--sizes", "smoke", cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout


def test_benchmark_suite_takes_a_user_solution_and_refuses_a_wrong_one(tmp_path):
    good = _suite("--benchmark-disable", "--sizes", "smoke", "--problem", "interleaving-string",
                  "--solution", str(EXAMPLE), cwd=tmp_path)
    assert good.returncode == 0, good.stdout[-3000:]
    assert "submission" in _suite("--collect-only", "--problem", "interleaving-string", "--solution", str(EXAMPLE),
                                  "--sizes", "16", cwd=tmp_path).stdout
    bad = _suite("--benchmark-disable", "--sizes", "smoke", "--problem", "interleaving-string",
                 "--solution", str(GREEDY), cwd=tmp_path)
    assert bad.returncode == 1 and "not timed: WA" in bad.stdout + bad.stderr


def test_problem_narrows_every_file_and_a_design_solution_joins_its_stream(tmp_path):
    """--problem leaves out the other problems' files and the labs'; --solution adds the
    submission to the problem's 10^6-call stream benchmark (20,000 calls in smoke mode)."""
    ac = ROOT / "tests" / "submissions" / "prefix_cache" / "ac_class.py"
    done = _suite("-vv", "--benchmark-disable", "--problem", "prefix-cache", "--solution", str(ac), cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:]
    ran = {line.split(" ")[0].split("::")[-1].split("[")[0] for line in done.stdout.splitlines() if " PASSED" in line}
    assert ran == {"test_form", "test_python_form", "test_numba_class", "test_submission", "test_numba_batch_entry",
                   # the vLLM-like file's prefix-cache tests (its paged and batching ones are narrowed out)
                   "test_prefix_class", "test_prefix_floor", "test_prefix_run_stream",
                   "test_a_tight_pool_preempts_and_every_call_still_succeeds"}
    assert "test_prefix_cache_stream.py::test_submission PASSED" in done.stdout
    assert "deselected" in done.stdout and "paged_kv" not in done.stdout and "lab_plan" not in done.stdout
    counts = _suite("--collect-only", "-q", "--benchmark-disable", cwd=tmp_path).stdout  # no --solution
    assert "test_prefix_cache_stream.py: 3\n" in counts and "test_paged_kv_allocator_stream.py: 9\n" in counts


def test_suite_names_match_judge_bench_names(tmp_path):
    done = _suite("--collect-only", "--problem", "interleaving-string", "--sizes", "16", cwd=tmp_path)
    ids = {line.strip() for line in done.stdout.splitlines() if "::" in line}
    assert benchsave.fullname("interleaving-string", "dense", 16, "numba") in ids
    assert benchsave.fullname("interleaving-string", "random", 16, "2d") in ids
