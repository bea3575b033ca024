"""Every fixture submission gets the verdict written on its first line (DMOJ's testsuite idea).

Fixtures live in tests/submissions/<problem module>/; the generic test covers every problem,
and the rest of this file pins down the engine's behaviour on Interleaving String's fixtures.
"""

import os
import re
import time
from pathlib import Path

import pytest

from judge.engine.run import RunOptions, judge_submission
from judge.model import registry
from judge.model.problem import module_name
from judge.model.verdicts import Verdict
from tests.processes import worker_processes

SUBMISSIONS = Path(__file__).parent / "submissions"
FIXTURES = SUBMISSIONS / "interleaving_string"
ALL_FIXTURES = [
    (problem, path)
    for problem in registry.all_problems().values()
    for path in sorted((SUBMISSIONS / module_name(problem.slug)).glob("*.py"))
]


def expected_verdict(path: Path) -> Verdict:
    match = re.match(r"#\s*expect:\s*(\w+)", path.read_text().splitlines()[0])
    assert match, f"{path.name} must start with '# expect: VERDICT'"
    return Verdict(match.group(1))


def judge(path: Path, tmp_path: Path, problem=None, **options):
    options.setdefault("seed", 12345)
    problem = problem or registry.get("interleaving-string")
    return judge_submission(problem, path, RunOptions(store=tmp_path / ".judge", **options))


# The WA fixtures are judged in tests/test_wa_fixtures.py, on 20 seeds and with their minimality checked.
@pytest.mark.parametrize("problem, path", [(p, f) for p, f in ALL_FIXTURES if expected_verdict(f) is not Verdict.WA],
                         ids=lambda x: getattr(x, "stem", getattr(x, "slug", "")))
def test_fixture_gets_its_verdict(problem, path, tmp_path):
    # The canonical cases (the TLE killers among them) and the small scope decide each of these;
    # 60 generated cases keep an O(n^3) AC fixture (burst-balloons) from spending half a minute
    # on random rows of 300 balloons.
    result = judge(path, tmp_path, problem, max_examples=60)
    assert result.verdict is expected_verdict(path), result.message


@pytest.mark.parametrize("problem", list(registry.all_problems().values()), ids=lambda p: p.slug)
def test_every_problem_has_fixtures_for_ac_and_for_failure(problem):
    verdicts = {expected_verdict(path) for p, path in ALL_FIXTURES if p is problem}
    assert Verdict.AC in verdicts and verdicts - {Verdict.AC}, f"{problem.slug} needs an AC and a failing fixture"


@pytest.mark.parametrize("problem", list(registry.all_problems().values()), ids=lambda p: p.slug)
def test_a_reference_form_submitted_as_is_gets_ac(problem, tmp_path):
    form = "1d" if "1d" in problem.python_forms else next(iter(problem.python_forms))
    entry = problem.entry.cls or problem.entry.functions[0]
    path = tmp_path / "reference.py"
    names = f"{entry}, {problem.entry.then[0]}" if problem.entry.then else entry
    parts = ".parts" if problem.entry.then else ""  # a form judged as two functions names each
    path.write_text(f"from solutions.{problem.module} import FORMS\n\n{names} = FORMS[{form!r}]{parts}\n")
    result = judge(path, tmp_path, problem, max_examples=40)
    assert result.verdict is Verdict.AC, result.message


def test_greedy_counterexample_is_shrunk_to_a_tiny_input(tmp_path):
    result = judge(FIXTURES / "wa_greedy.py", tmp_path, max_examples=300)
    case = result.failing_case
    assert result.verdict is Verdict.WA
    assert case.expected is True and case.got is False
    # The smallest greedy failure needs s2's letter before s1's: 4 characters of s3 at most.
    assert len(case.input["s3"]) <= 4, case.input


def test_wrong_type_is_named(tmp_path):
    result = judge(FIXTURES / "wa_returns_int.py", tmp_path)
    assert "returned int" in result.message


def test_runtime_error_names_type_and_line(tmp_path):
    result = judge(FIXTURES / "re_raises.py", tmp_path)
    assert "ZeroDivisionError" in result.message and "line 3" in result.message
    assert result.failing_case.input["s1"] == ""


def test_recursion_error_gets_a_depth_hint(tmp_path):
    result = judge(FIXTURES / "re_recursion.py", tmp_path)
    assert "RecursionError" in result.message and "bottom-up" in result.message


def test_segfault_is_named(tmp_path):
    assert "SIGSEGV" in judge(FIXTURES / "re_segfault.py", tmp_path).message


@pytest.mark.parametrize(
    "name, needle",
    [
        ("ce_syntax.py", "SyntaxError"),
        ("ce_wrong_name.py", "no entry found"),
        ("ce_import_error.py", "ModuleNotFoundError"),
        ("ce_import_raises.py", "KeyError"),
        ("ce_arity.py", "wrong number of parameters"),
    ],
)
def test_compile_errors_give_one_line_with_the_line_number(name, needle, tmp_path):
    result = judge(FIXTURES / name, tmp_path)
    assert needle in result.message
    assert "\n" not in result.message and "Traceback" not in result.message
    if name != "ce_wrong_name.py":
        assert re.search(r"line \d+", result.message), result.message


def test_brute_force_meets_tle_on_a_killer_case_within_seconds(tmp_path):
    started = time.monotonic()
    result = judge(FIXTURES / "tle_bruteforce.py", tmp_path)
    assert result.verdict is Verdict.TLE
    assert "canonical" in result.failing_case.origin
    assert result.failing_case.expected is None  # never shrunk, no expected/got
    assert time.monotonic() - started < 30


def test_both_styles_note_that_the_class_wins(tmp_path):
    result = judge(FIXTURES / "ac_class_wins.py", tmp_path)
    assert any("judging class Solution" in note for note in result.notes)


def test_failures_are_replayed_first(tmp_path):
    first = judge(FIXTURES / "wa_greedy.py", tmp_path, seed=1)
    again = judge(FIXTURES / "wa_greedy.py", tmp_path, seed=2, max_examples=0)
    assert again.verdict is Verdict.WA
    assert again.failing_case.origin.startswith("replayed")
    assert again.failing_case.input == first.failing_case.input


def test_custom_case_shows_expected_got_and_prints(tmp_path):
    case = {"s1": "ab", "s2": "c", "s3": "acb"}
    result = judge(FIXTURES / "flood_stdout.py", tmp_path, case=case)
    assert result.verdict is Verdict.AC and result.cases_run == 1
    shown = result.failing_case
    assert shown.expected is True and shown.got is True
    assert shown.stdout_truncated and shown.stdout.startswith("xxx")


def test_no_process_is_left_behind_by_a_forking_submission(tmp_path):
    result = judge(FIXTURES / "fork_child.py", tmp_path)
    assert result.verdict is Verdict.AC
    time.sleep(0.2)
    assert not worker_processes(os.getpid())


def test_memory_hog_is_stopped_before_the_oom_killer(tmp_path):
    result = judge(FIXTURES / "mle_hog.py", tmp_path, memory_mib=128)
    assert result.verdict is Verdict.MLE
    assert result.limits.memory_mib == 128


def test_absolute_time_limit_is_reported(tmp_path):
    result = judge(FIXTURES / "tle_loop.py", tmp_path, time_limit_s=0.3)
    assert result.verdict is Verdict.TLE
    assert result.limits.time_s == 0.3
