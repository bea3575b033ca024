"""Every problem is one folder in problems/ and one module in solutions/, and follows the conventions."""

from pathlib import Path

import pytest

import problems
import solutions
from judge import registry
from judge.errors import FormNotFound, ProblemNotFound
from judge.forms import CLASSIC, DESIGN, VOCABULARY
from judge.problem import module_name
from judge.values import same

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
    # DP problems climb the classic ladder; design problems and simulations have python and numba.
    expected = DESIGN if problem.is_design or "python" in problem.forms else CLASSIC
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
