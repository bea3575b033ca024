"""Find problems by slug. Every folder under ``problems/`` with a ``problem.json`` is one."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import problems
from judge.errors import MalformedProblem, ProblemNotFound
from judge.model.problem import Problem, module_name


def _problems_root() -> Path:
    return Path(problems.__file__).resolve().parent


@lru_cache(maxsize=None)
def all_problems() -> dict[str, Problem]:
    found: dict[str, Problem] = {}
    for meta in sorted(_problems_root().glob("*/problem.json")):
        problem = Problem.from_directory(meta.parent)
        if module_name(problem.slug) != meta.parent.name:
            raise MalformedProblem(
                f"malformed problem folder {meta.parent.name}: its slug {problem.slug!r} maps to "
                f"{module_name(problem.slug)!r}; rename the folder or fix the slug"
            )
        found[problem.slug] = problem
    return found


def get(slug: str) -> Problem:
    known = all_problems()
    try:
        return known[slug]
    except KeyError:
        hint = f"known problems: {', '.join(known)}" if known else "no problems are installed"
        raise ProblemNotFound(f"unknown problem {slug!r}; {hint}") from None
