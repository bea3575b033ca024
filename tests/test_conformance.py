"""Every problem is one folder in problems/ and one module in solutions/, and follows the conventions."""

import json
from pathlib import Path

import pytest

import problems
import solutions
from judge.errors import FormNotFound, InvalidInput, ProblemNotFound
from judge.model import registry
from judge.model.forms import ARRAYS, CLASSIC, DESIGN, VOCABULARY
from judge.model.problem import module_name
from judge.model.values import same

PROBLEM_DIRS = sorted(p.parent.name for p in Path(problems.__file__).parent.glob("*/problem.json"))
_SOLUTIONS = Path(solutions.__file__).parent
# A solutions module is a file, or a package where the forms are large (the serving kernels).
SOLUTION_MODULES = sorted(
    [p.stem for p in _SOLUTIONS.glob("*.py") if not p.stem.startswith("_")]
    + [p.parent.name for p in _SOLUTIONS.glob("*/__init__.py") if not p.parent.name.startswith("_")]
)
ALL = list(registry.all_problems().values())


def test_problems_and_solutions_match_one_to_one():
    assert PROBLEM_DIRS == SOLUTION_MODULES
    assert [module_name(p.slug) for p in ALL] == PROBLEM_DIRS


@pytest.mark.parametrize("problem", ALL, ids=lambda p: p.slug)
def test_forms_come_from_the_vocabulary(problem):
    assert set(problem.forms) <= set(VOCABULARY)
    # DP problems climb the classic ladder; design problems and simulations have python and numba;
    # array problems python, numpy and numba.
    expected = ARRAYS if problem.arrays else DESIGN if problem.is_design or "python" in problem.forms else CLASSIC
    for form in expected:
        assert form in problem.forms or form in problem.not_applicable, f"{form} neither registered nor explained"


@pytest.mark.parametrize("problem", ALL, ids=lambda p: p.slug)
def test_every_form_passes_the_canonical_cases(problem):
    for case in problem.cases:
        problem.validate(case.input)
        answers = {name: problem.runner(form)(case.input) for name, form in problem.forms.items()}
        # A design case's expected records come from its reference; the forms must agree with it.
        expected = answers["python"] if problem.is_design else case.expected
        for name, got in answers.items():
            if problem.arrays:  # ndarrays as plain data; cases.json lists them, the checker compares
                assert problem.agrees(case.input, expected, problem.plain(got)), (name, case.description)
                continue
            got = bool(got) if type(got).__module__ == "numpy" else got
            assert same(expected, got), (name, case.description)


@pytest.mark.parametrize("problem", ALL, ids=lambda p: p.slug)
def test_spec_and_metadata_are_present(problem):
    assert problem.spec.startswith("#")
    assert problem.cases and problem.families
    problem.validate(problem.warmup)


def test_unknown_names_fail_loudly():
    with pytest.raises(ProblemNotFound, match="interleaving-string"):
        registry.get("interleaving_strin")
    problem = registry.get("interleaving-string")
    with pytest.raises(FormNotFound, match="choose from 2d, 1d, memo, numba, bitset, bitset-numba"):
        problem.form("formula")


def test_readme_catalogue_lists_every_problem_with_its_forms():
    readme = (Path(problems.__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for problem in ALL:
        row = next((line for line in readme.splitlines() if line.startswith(f"| `{problem.slug}` |")), None)
        assert row is not None, f"README's catalogue lacks {problem.slug}"
        assert ", ".join(f"`{form}`" for form in problem.forms) in row, f"README's forms for {problem.slug} are stale"


# Every jitted form, once with the JIT off: numba's semantics then are Python's, so an
# out-of-bounds index or an integer wrap the compiled kernel hides shows up (stumpy runs its
# tests this way). One process for the whole catalogue: canonical cases small enough for
# interpreted kernels, and the first inputs of the small scope, against the first Python form.
NO_JIT_SCRIPT = """
import json, sys
import numba
from judge.model import registry
from judge.model.size import measure
checked = {}
for problem in registry.all_problems().values():
    jitted = {n: f for n, f in problem.forms.items() if n not in problem.python_forms}
    if not jitted:
        continue
    reference = problem.runner(next(iter(problem.python_forms.values())))
    inputs = [c.input for c in problem.cases if measure(c.input) <= 400]
    if problem.small_scope is not None:
        scope = problem.small_scope.inputs()
        inputs += [inp for _, (_, inp) in zip(range(150), scope)]
    for name, form in jitted.items():
        run = problem.runner(form)
        for inp in inputs:
            want = problem.plain(reference(inp))
            try:
                got = problem.plain(run(inp))
            except (OverflowError, ValueError):
                continue  # a guarded integer domain: the compiled form raises the same
            assert problem.agrees(inp, want, got), (problem.slug, name, inp, want, got)
        checked[f"{problem.slug}:{name}"] = len(inputs)
assert numba.config.DISABLE_JIT
print(json.dumps(checked))
"""


def test_every_jitted_form_agrees_with_the_jit_disabled():
    import json
    import os
    import subprocess
    import sys

    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    root = Path(problems.__file__).parent.parent
    done = subprocess.run([sys.executable, "-c", NO_JIT_SCRIPT], cwd=root, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    checked = json.loads(done.stdout)
    expected = {f"{p.slug}:{n}" for p in ALL for n in p.forms if n not in p.python_forms}
    assert set(checked) == expected and all(checked.values()), checked


@pytest.mark.parametrize("problem", ALL, ids=lambda p: p.slug)
def test_canonical_cases_agree_with_the_naive_oracle(problem):
    """cases.json's answers, from an independent slow oracle (tests/naive/), on every case it can afford."""
    import importlib

    naive = importlib.import_module(f"tests.naive.{problem.module}")
    reference = problem.runner(next(iter(problem.python_forms.values())))
    checked = 0
    for case in problem.cases:
        if not naive.affordable(case.input):
            continue
        if problem.is_design:  # the records come from the reference; the oracle must replay the same
            assert same(reference(case.input), problem.runner(naive.ORACLE)(case.input)), case.description
        elif problem.checker is not None:
            assert problem.checker(case.input, case.expected, naive.ORACLE(**case.input)) is None, case.description
        else:
            assert same(case.expected, naive.ORACLE(**case.input)), case.description
        checked += 1
    assert checked >= naive.ORACLE_LEAST_CASES, f"only {checked} canonical cases are small enough for the oracle"


@pytest.mark.parametrize("problem", [p for p in ALL if not p.is_design], ids=lambda p: p.slug)
def test_canonical_cases_have_more_than_one_answer(problem):
    answers = {json.dumps(case.expected, sort_keys=True) for case in problem.cases}
    assert len(answers) >= 2, "every canonical case has the same answer: a constant would pass them"


INVALID = [(p, case) for p in ALL for case in json.loads((p.directory / "cases.json").read_text()).get("invalid", [])]


@pytest.mark.parametrize("problem, case", INVALID,
                         ids=lambda x: x["description"][:50] if isinstance(x, dict) else x.slug)
def test_validate_rejects_each_invalid_input_in_one_line_naming_it(problem, case):
    with pytest.raises(InvalidInput) as info:
        problem.validate(case["input"])
    message = str(info.value)
    assert case["error"] in message and "\n" not in message, message


@pytest.mark.parametrize("problem", ALL, ids=lambda p: p.slug)
def test_every_problem_lists_inputs_it_rejects(problem):
    assert any(p is problem for p, _ in INVALID), f"{problem.slug}'s cases.json has no \"invalid\" inputs"


WITH_LISTS = [(p, key) for p in ALL for key, value in p.cases[0].input.items() if isinstance(value, list)]


@pytest.mark.parametrize("problem, key", WITH_LISTS, ids=lambda x: x if isinstance(x, str) else x.slug)
def test_a_tuple_where_a_list_goes_is_rejected(problem, key):
    """JSON has no tuples, so cases.json cannot say this: a Python caller's tuple is named, not judged."""
    inp = dict(problem.cases[0].input)
    inp[key] = tuple(inp[key])
    with pytest.raises(InvalidInput) as info:
        problem.validate(inp)
    message = str(info.value)
    assert "tuple" in message or repr(inp[key])[:20] in message, message
