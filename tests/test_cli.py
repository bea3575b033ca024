import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from judge import __version__
from judge.cli import cli
from judge.engine.run import RunOptions, judge_submission
from judge.model import registry
from judge.reporting import views as report

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "submissions" / "interleaving_string"
EXAMPLE = ROOT / "examples" / "interleaving_string.py"
#: The keys schema 1 started with: later releases only ever add to them.
SCHEMA_1_KEYS = {"schema", "problem", "submission", "verdict", "message", "cases", "failing_case", "limits", "seed",
                 "profile"}


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # .judge/ goes here, not into the checkout
    return CliRunner()


def run_json(runner, *args):
    result = runner.invoke(cli, ["run", "interleaving-string", *map(str, args), "--json", "--seed", "7"])
    return result, json.loads(result.output)


def test_json_shape_of_a_failing_run(runner):
    result, data = run_json(runner, FIXTURES / "wa_greedy.py", "--max-examples", "50")
    assert result.exit_code == 1
    # Schema 1's keys, and what the small scope, the minimality guarantee and the short report added.
    assert set(data) == SCHEMA_1_KEYS | {"small_scope", "headline", "findings", "warnings"}
    assert data["headline"] == data["findings"] == data["warnings"] == []  # no profile without AC
    assert data["schema"] == 1 and data["verdict"] == "WA" and data["seed"] == 7
    assert set(data["failing_case"]) == {"input", "expected", "got", "stdout", "origin", "size", "minimality"}
    assert data["failing_case"]["minimality"] == "exhaustive" and data["failing_case"]["origin"] == "small scope"
    assert data["small_scope"]["inputs"] <= data["small_scope"]["total"]
    assert data["failing_case"]["size"] == [sum(len(v) for v in data["failing_case"]["input"].values())]
    assert data["cases"]["run"] >= data["cases"]["passed"]
    assert set(data["limits"]) == {"time_s", "time_rule", "memory_mib"}
    assert data["profile"] is None


def test_tle_json_has_no_expected_or_got(runner):
    result, data = run_json(runner, FIXTURES / "tle_loop.py", "--time-limit", "0.3")
    assert result.exit_code == 1 and data["verdict"] == "TLE"
    assert set(data["failing_case"]) == {"input", "stdout", "origin", "size", "minimality"}
    assert data["failing_case"]["minimality"] == "none"
    assert data["limits"]["time_s"] == 0.3


def test_ce_json_names_the_line(runner):
    result, data = run_json(runner, FIXTURES / "ce_syntax.py")
    assert result.exit_code == 1 and data["verdict"] == "CE" and "line 3" in data["message"]


def test_accepted_run_with_profile_json(runner):
    result, data = run_json(runner, EXAMPLE, "--max-examples", "30")
    assert result.exit_code == 0, result.output
    assert data["verdict"] == "AC"
    profile = data["profile"]
    assert set(profile) == {"random", "dense"}
    for forms in profile.values():
        assert set(forms) == {"submission", "2d", "1d", "memo", "numba", "bitset", "bitset-numba"}
        for form in forms.values():
            assert set(form) == {"sizes", "seconds", "peak_bytes", "exponent", "compile_s", "stopped"}
            assert len(form["sizes"]) == len(form["seconds"]) == len(form["peak_bytes"]) >= 2
    assert profile["dense"]["numba"]["compile_s"] is not None
    assert profile["dense"]["2d"]["compile_s"] is None
    # The short report's five headline findings lead, and every sentence is there too.
    assert 1 <= len(data["headline"]) <= 5 and data["headline"][0].startswith("your solution grows as")
    assert any("On random inputs" in line for line in data["findings"])


def test_unknown_problem_is_a_usage_error_listing_the_known_ones(runner):
    result = runner.invoke(cli, ["run", "no-such-problem", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "interleaving-string" in result.output


def test_missing_file_is_a_usage_error(runner):
    result = runner.invoke(cli, ["run", "interleaving-string", "nope.py"])
    assert result.exit_code == 2 and "nope.py" in result.output


@pytest.mark.parametrize(
    "case, needle",
    [
        ('{"s1": "ab"', "not JSON"),
        ('["ab"]', "not a JSON object"),
        ('{"s1": "A", "s2": "", "s3": "A"}', "s1"),
    ],
)
def test_bad_custom_case_is_a_one_line_usage_error(runner, case, needle):
    result = runner.invoke(cli, ["run", "interleaving-string", str(EXAMPLE), "--case", case])
    assert result.exit_code == 2
    assert needle in result.output


def test_custom_case_report_shows_expected_and_prints(runner):
    result = runner.invoke(
        cli, ["run", "interleaving-string", str(FIXTURES / "flood_stdout.py"),
              "--case", '{"s1": "a", "s2": "", "s3": "a"}']
    )
    assert result.exit_code == 0
    assert "expected" in result.output and "printed 200001 chars" in result.output


def test_internal_error_exits_3(runner, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("judge.cli.judge_and_profile", broken)
    result = runner.invoke(cli, ["run", "interleaving-string", str(EXAMPLE), "--json"])
    assert result.exit_code == 3
    assert json.loads(result.output)["verdict"] == "IE"


def test_show_hides_the_references_unless_asked(runner):
    plain = runner.invoke(cli, ["show", "interleaving-string"])
    spoilers = runner.invoke(cli, ["show", "interleaving-string", "--solutions"])
    assert plain.exit_code == spoilers.exit_code == 0
    assert "def is_interleave_1d" not in plain.output
    assert "def is_interleave_1d" in spoilers.output


def test_list_marks_solved_problems(runner):
    before = json.loads(runner.invoke(cli, ["list", "--json"]).output)
    row = next(r for r in before if r["slug"] == "interleaving-string")
    assert row["forms"] == ["2d", "1d", "memo", "numba", "bitset", "bitset-numba"] and row["solved"] is False
    runner.invoke(cli, ["run", "interleaving-string", str(EXAMPLE), "--no-bench", "--max-examples", "5"])
    after = json.loads(runner.invoke(cli, ["list", "--json"]).output)
    assert next(r for r in after if r["slug"] == "interleaving-string")["solved"] is True


def test_new_writes_a_starter_and_refuses_to_overwrite(runner):
    first = runner.invoke(cli, ["new", "interleaving-string", "mine.py"])
    assert first.exit_code == 0
    assert "def is_interleave(s1, s2, s3)" in Path("mine.py").read_text()
    second = runner.invoke(cli, ["new", "interleaving-string", "mine.py"])
    assert second.exit_code == 2 and "already exists" in second.output
    compiled = compile(Path("mine.py").read_text(), "mine.py", "exec")
    assert compiled is not None


def test_version(runner):
    result = runner.invoke(cli, ["--version"])
    assert __version__ in result.output


def test_report_renders_without_a_terminal(tmp_path):
    problem = registry.get("interleaving-string")
    result = judge_submission(problem, FIXTURES / "wa_greedy.py", RunOptions(max_examples=300, seed=3, store=tmp_path))
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(report.run_view(result, problem))
    text = " ".join(console.file.getvalue().split())
    assert "WA · Wrong Answer" in text and "expected" in text
    assert "failing case · small scope" in text and "minimal: no smaller input fails" in text
    assert "stopped at the first failure (size 6)" in text


def test_installed_console_script_runs_as_a_subprocess(tmp_path):
    script = shutil.which("judge")
    command = [script] if script else [sys.executable, "-m", "judge"]
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [*command, "run", "interleaving-string", str(FIXTURES / "wa_greedy.py"), "--max-examples", "30", "--seed", "1"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )
    assert done.returncode == 1, done.stderr
    assert "WA" in done.stdout and "\x1b[" not in done.stdout
    module = subprocess.run([sys.executable, "-m", "judge", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert module.returncode == 0 and __version__ in module.stdout


def test_data_in_the_report_is_never_read_as_markup():
    from judge.model.outcomes import CaseOutcome
    from judge.model.verdicts import Verdict

    problem = registry.get("interleaving-string")
    case = CaseOutcome(Verdict.WA, {"s1": "[bold]x[/bold]", "s2": "[i]", "s3": ""}, expected=True, got=False,
                       got_type="bool", origin="custom")
    console = Console(file=io.StringIO(), width=100, color_system=None)
    console.print(report.case_panel(case, problem, shrunk=False))
    text = console.file.getvalue()
    assert "[bold]x[/bold]" in text and "'[i]'" in text


def test_a_starter_that_still_raises_keeps_re_and_says_so(runner):
    runner.invoke(cli, ["new", "interleaving-string", "mysol.py"])
    result = runner.invoke(cli, ["run", "interleaving-string", "mysol.py", "--json", "--max-examples", "5"])
    data = json.loads(result.output)
    assert result.exit_code == 1 and data["verdict"] == "RE"
    assert data["message"] == ("not implemented yet: write `is_interleave` in mysol.py "
                               "(the starter still raises NotImplementedError)")


def test_shell_completion_offers_problem_slugs(runner):
    env = {"_JUDGE_COMPLETE": "bash_complete", "COMP_WORDS": "judge run inter", "COMP_CWORD": "2"}
    result = runner.invoke(cli, [], env=env, prog_name="judge")
    assert result.exit_code == 0 and "plain,interleaving-string" in result.output.splitlines()
    env = {"_JUDGE_COMPLETE": "bash_complete", "COMP_WORDS": "judge mock p", "COMP_CWORD": "2"}
    offered = {line.split(",")[1] for line in runner.invoke(cli, [], env=env, prog_name="judge").output.splitlines()}
    assert {"paged-kv-allocator", "prefix-cache"} <= offered and "interleaving-string" not in offered


def test_history_commands_without_a_history(runner):
    report = runner.invoke(cli, ["report"])
    assert report.exit_code == 2 and "no run in the history" in report.output
    unknown = runner.invoke(cli, ["report", "no-such-problem"])
    assert unknown.exit_code == 2 and "unknown problem" in unknown.output
    stats = json.loads(runner.invoke(cli, ["stats", "--json"]).output)
    assert stats["solved"] == 0 and stats["catalogue"] == len(registry.all_problems()) and stats["problems"] == []
    assert not Path(".judge").exists()  # reading an empty history writes nothing


def test_watch_with_json_is_a_usage_error(runner):
    result = runner.invoke(cli, ["run", "interleaving-string", str(EXAMPLE), "--watch", "--json"])
    assert result.exit_code == 2 and "--watch" in result.output


def test_report_replays_the_last_run_from_the_history(runner):
    first = runner.invoke(cli, ["run", "interleaving-string", str(FIXTURES / "wa_greedy.py"), "--json",
                                "--max-examples", "10", "--seed", "4"])
    again = runner.invoke(cli, ["report", "interleaving-string", "--json"])
    assert again.exit_code == 0 and json.loads(again.output) == json.loads(first.output)
    shown = runner.invoke(cli, ["report"])
    assert "WA · Wrong Answer" in shown.output and "failing case · small scope" in shown.output


def test_mock_never_writes_over_a_file(runner):
    Path("mine.py").write_text("# my work\n")
    result = runner.invoke(cli, ["mock", "interleaving-string", "mine.py"])
    assert result.exit_code == 2 and "already exists" in result.output
    assert Path("mine.py").read_text() == "# my work\n" and not Path(".judge").exists()
