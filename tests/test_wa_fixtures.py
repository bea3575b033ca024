"""Small bugs cannot slip past: every wrong fixture gets WA on 20 fixed seeds, and the input
shown is as small as the report says.

The small scope and the canonical cases come before any seed is used, so when one of them
finds the bug, one run decides every seed; the check is that it was found there. For a bug
only the random phase finds, that phase runs for each of the 20 seeds.

Minimality is checked from outside the judge: each input is run on a freshly loaded copy of
the fixture, in this process, and compared with the reference by the checker.
- "exhaustive": no valid input earlier in the small scope's order (every smaller one) fails;
- "1-minimal": no single edit (a deletion, a number lowered, or the problem's own edits)
  gives a valid, smaller input that fails the same way.
"""

import functools
import math
import re
import runpy
from pathlib import Path

import pytest

from judge.engine import checker, loader, search
from judge.engine import plan as planner
from judge.engine.reduce import edits, reduce
from judge.engine.run import RunOptions, judge_submission
from judge.errors import Unsupported
from judge.model import registry
from judge.model.outcomes import EXHAUSTIVE, NO_GUARANTEE, ONE_MINIMAL
from judge.model.problem import module_name
from judge.model.verdicts import Verdict

SUBMISSIONS = Path(__file__).parent / "submissions"
SEEDS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765, 10946]
SEED_FREE = ("canonical", "small scope")


def _expected(path: Path) -> str:
    return re.match(r"#\s*expect:\s*(\w+)", path.read_text().splitlines()[0]).group(1)


WRONG = [(p, path) for p in registry.all_problems().values()
         for path in sorted((SUBMISSIONS / module_name(p.slug)).glob("*.py")) if _expected(path) == "WA"]


@functools.lru_cache(maxsize=None)
def _run(slug: str, path: Path):
    return judge_submission(registry.get(slug), path, RunOptions(seed=SEEDS[0], store=None))


class _Found(BaseException):
    """Stops a draw at its first failing input (a BaseException: Hypothesis lets it through)."""


def _seed_finds_it(problem, path: Path, seed: int, max_examples: int = 300) -> bool:
    """Whether the random phase, with this seed, draws an input the fixture gets wrong: the
    judge's own draw (search.draw's settings), stopped at the first failure."""
    shared = _load(problem, path)

    def judge_one(inp: dict) -> None:
        if _verdict(problem, shared, inp) is Verdict.WA and _verdict(problem, _load(problem, path), inp) is Verdict.WA:
            raise _Found

    try:
        search.draw(problem.strategy(), max_examples, seed, each=judge_one)
    except _Found:
        return True
    return False


def _load(problem, path: Path):
    entry = loader.load(planner.plan(path, problem.entry), problem.entry)
    return problem.runner(entry) if problem.is_design else entry


def _verdict(problem, run, inp: dict) -> Verdict:
    """The fixture's ``run`` on ``inp``, checked as the judge checks it."""
    expected = problem.runner(next(iter(problem.python_forms.values())))(inp)
    try:
        value = run(inp)
    except Exception:  # noqa: BLE001 - the fixture's error is an RE, as in the worker
        return Verdict.RE
    try:
        reply = {"status": "ok", "value": problem.plain(value), "type": type(value).__name__}
    except Unsupported as exc:
        reply = {"status": "ok", "unsupported": exc.type_name, "type": exc.type_name}
    return checker.check(problem, inp, problem.plain(expected), reply, cpu_limit_s=60.0).verdict


def _failing(problem, path: Path, inputs: list, verdicts: tuple = (Verdict.WA, Verdict.RE)) -> list:
    """The inputs the fixture fails. One loaded copy runs them all; a failure is checked again
    on a fresh copy, so a memo leaking from one input to the next is not taken for the bug."""
    shared = _load(problem, path)
    suspects = [inp for inp in inputs if _verdict(problem, shared, inp) in verdicts]
    return [inp for inp in suspects if _verdict(problem, _load(problem, path), inp) in verdicts]


@pytest.mark.parametrize("problem, path", WRONG, ids=lambda x: getattr(x, "stem", getattr(x, "slug", "")))
def test_every_wrong_fixture_gets_wa_on_twenty_seeds(problem, path):
    result = _run(problem.slug, path)
    assert result.verdict is Verdict.WA, result.message
    if result.failing_case.origin.startswith(SEED_FREE):
        return  # found before any seed was used: the same for every seed
    for seed in SEEDS[1:]:
        assert _seed_finds_it(problem, path, seed), f"seed {seed} misses it"


@pytest.mark.parametrize("problem, path", WRONG, ids=lambda x: getattr(x, "stem", getattr(x, "slug", "")))
def test_the_input_shown_is_as_small_as_the_report_says(problem, path):
    result = _run(problem.slug, path)
    shown = result.failing_case.input
    size = problem.size(shown)
    if any("only after" in note for note in result.notes):  # a leaking memo: no input fails alone
        assert result.minimality == NO_GUARANTEE and not _failing(problem, path, [shown])
        return
    assert result.minimality in (EXHAUSTIVE, ONE_MINIMAL), result.minimality
    assert _failing(problem, path, [shown], (Verdict.WA,)), "the input shown does not fail"
    if result.minimality == EXHAUSTIVE:
        smaller = [inp for _, inp in problem.small_scope.inputs(size[0]) if problem.size(inp) < size]
    else:
        extra = getattr(problem.package, "reductions", None)
        candidates = list(edits(shown)) + (list(extra(shown)) if extra else [])
        smaller = [c for c in candidates if problem.is_valid(c) and problem.size(c) < size]
    failing = _failing(problem, path, smaller, (Verdict.WA,) if result.minimality == ONE_MINIMAL else
                       (Verdict.WA, Verdict.RE))
    assert not failing, f"{failing[0]} is smaller than {shown} and fails too"


def test_a_bug_only_three_letters_show_is_shown_at_its_smallest():
    """One bit per letter is right for every two-letter input; the scope's three letters find it."""
    problem = registry.get("interleaving-string")
    result = _run(problem.slug, SUBMISSIONS / "interleaving_string" / "wa_one_bit_letters.py")
    assert result.failing_case.origin == "small scope" and result.minimality == EXHAUSTIVE
    assert len(set("".join(result.failing_case.input.values()))) == 3


def test_a_shortcut_for_equal_halves_is_found_past_the_scope_and_still_minimal():
    problem = registry.get("interleaving-string")
    result = _run(problem.slug, SUBMISSIONS / "interleaving_string" / "wa_equal_halves_shortcut.py")
    case = result.failing_case.input
    assert case["s1"] == case["s2"] and problem.size(case) == (result.scope.bound + 1,)
    assert result.minimality == EXHAUSTIVE  # every input up to the bound passed


def test_the_twins_reduction_reaches_the_smallest_twins_from_any_shrink():
    """Wherever Hypothesis's shrink stops (its budget is wall-clock), twins of any length
    reduce to the smallest failing twins: no single deletion keeps s1 == s2, the twins step does."""
    problem = registry.get("interleaving-string")
    wrong = runpy.run_path(str(SUBMISSIONS / "interleaving_string" / "wa_equal_halves_shortcut.py"))["is_interleave"]
    right = problem.runner(problem.forms["2d"])

    def first_failing(candidates):
        return next((k for k, c in enumerate(candidates) if wrong(**c) != right(c)), None)

    start = {"s1": "abcab", "s2": "abcab", "s3": "aabbccaabb"}
    assert first_failing([start]) == 0
    reduced, minimal = reduce(start, problem.size, problem.is_valid, first_failing, math.inf,
                              extra=problem.package.reductions)
    assert minimal and reduced["s1"] == reduced["s2"] and problem.size(reduced) == (8,)
    alone, _ = reduce(start, problem.size, problem.is_valid, first_failing, math.inf)
    assert alone == start, "without the twins step no single deletion still fails"
