"""Reading a spec (a problem's README.md) by its sections: what a mock shows, and asks after.

Every spec states the problem and ends that part with "## Submitting"; the DP, the
reference forms, the small scope and the interview questions follow (a design spec may
put its small scope or reference forms before Submitting: those are left out). So the
statement without spoilers is everything up to the end of "Submitting" but the sections
of the solution (a test holds every spec to it), and the follow-up questions are the
questions of its interview section, with the complexity of each form from its
"## The reference forms" table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STATEMENT_ENDS_AFTER = "Submitting"
#: Sections of the solution, left out of the statement wherever they stand.
SOLUTION_SECTIONS = ("The DP", "The reference forms", "The small scope", "Profiling families", "Complexity", "Speed",
                     "Rolling", "Bit-parallel", "The speed-limit forms")
_SECTION = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)
_QUESTION_HEADING = re.compile(r"^### +(.+?)\s*$", re.MULTILINE)
_QUESTION_BULLET = re.compile(r"^[-*] +\*(.+?)\*", re.MULTILINE)
_CELL_BORDER = re.compile(r"(?<!\\)\|")  # a pipe, but not an escaped one inside a cell


def _cells(row: str) -> list[str]:
    return [cell.strip().replace("\\|", "|") for cell in _CELL_BORDER.split(row.strip().strip("|"))]


@dataclass(frozen=True)
class Complexity:
    form: str
    time: str
    memory: str


def sections(spec: str) -> list[tuple[str, str]]:
    """(heading, body) of each "## " section, in order; the text before the first is ("", text)."""
    found = list(_SECTION.finditer(spec))
    parts = [("", spec[:found[0].start()] if found else spec)]
    for match, following in zip(found, found[1:] + [None]):
        end = following.start() if following is not None else len(spec)
        parts.append((match.group(1), spec[match.end():end]))
    return parts


def statement(spec: str) -> str | None:
    """The spec up to the end of its "## Submitting" section, less any section of the
    solution that comes before it (a design spec may place its reference forms or small scope
    earlier): the problem, its rules, its examples and how to submit. None if the spec has
    no "Submitting" section."""
    parts = sections(spec)
    ends = [i for i, (heading, _) in enumerate(parts) if heading == STATEMENT_ENDS_AFTER]
    if not ends:
        return None
    kept = [(heading, body) for heading, body in parts[:ends[0] + 1] if not _is_solution(heading)]
    return "".join(f"## {heading}{body}" if heading else body for heading, body in kept).rstrip() + "\n"


def _is_solution(heading: str) -> bool:
    return heading.startswith(SOLUTION_SECTIONS) or "interview" in heading.lower()


def interview_questions(spec: str) -> list[str]:
    """The questions of the spec's interview section: its "### " headings, or the italic
    question that opens each of its bullets."""
    for heading, body in sections(spec):
        if "interview" in heading.lower():
            return _QUESTION_HEADING.findall(body) or _QUESTION_BULLET.findall(body)
    return []


def complexities(spec: str) -> list[Complexity]:
    """Each form's time and memory, from the first table of "## The reference forms" whose
    header names a form, a time and a memory column."""
    for heading, body in sections(spec):
        if heading != "The reference forms":
            continue
        rows = [line.strip() for line in body.splitlines() if line.strip().startswith("|")]
        if len(rows) < 3:
            return []
        header = [cell.lower() for cell in _cells(rows[0])]
        try:
            form = header.index("form")
            time = header.index("time")
            memory = next(i for i, cell in enumerate(header) if "memory" in cell)
        except (ValueError, StopIteration):
            return []
        found = []
        for row in rows[2:]:
            cells = _cells(row)
            if len(cells) == len(header):
                found.append(Complexity(cells[form].strip("`"), cells[time], cells[memory]))
        return found
    return []
