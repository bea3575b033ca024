"""What a mock reads out of every spec: the statement up to "## Submitting" and nothing of the
solution, and the follow-up questions of its interview section."""

import pytest

from judge.model import registry
from judge.model import spec as specs

#: Sections that give the solution away, in any spec that has them.
SPOILERS = ("## The DP", "## The reference forms", "## Rolling", "## The small scope", "## Profiling families",
            "## Complexity", "interview", "### Recurrence", "dp[")


@pytest.mark.parametrize("slug", sorted(registry.all_problems()))
def test_every_spec_states_the_problem_before_its_solution(slug):
    problem = registry.get(slug)
    statement = specs.statement(problem.spec)
    assert statement is not None, f"{slug}'s README.md needs a '## Submitting' section ending its statement"
    assert statement.startswith("# ") and "## Submitting" in statement
    for spoiler in SPOILERS:
        assert spoiler not in statement, f"{slug}'s statement gives away {spoiler!r}"


def test_sections_questions_and_complexities_are_read_from_markdown():
    spec = """# T

## The problem
text

## The small scope: every small input first
a spoiler before Submitting

## Submitting
how

## The reference forms

| form | how | time | memory |
|---|---|---|---|
| `2d` | table | O(mn) | O(mn), plus \\| bars |
| `1d` | row | O(mn) | O(n) |

## Interview follow-ups

- *Why rows?* Because.
- plain bullet
"""
    assert specs.statement(spec) == "# T\n\n## The problem\ntext\n\n## Submitting\nhow\n"
    assert specs.interview_questions(spec) == ["Why rows?"]
    assert specs.complexities(spec) == [specs.Complexity("2d", "O(mn)", "O(mn), plus | bars"),
                                        specs.Complexity("1d", "O(mn)", "O(n)")]
    assert [heading for heading, _ in specs.sections(spec)] == [
        "", "The problem", "The small scope: every small input first", "Submitting", "The reference forms",
        "Interview follow-ups"]
