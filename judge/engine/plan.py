"""Read a submission's source, never run it, and decide how it is called: the :class:`Plan`.

This runs in the judge. ``judge.engine.loader`` is its other half, in the worker:
it executes the file the plan names.
"""

from __future__ import annotations

import ast
from pathlib import Path

from judge.errors import CompileError, SubmissionError
from judge.model.problem import Entry
from judge.model.submission import Plan

CLASS_NAME = "Solution"


def where(path: Path, line: int | None) -> str:
    return f"{path.name}, line {line}" if line else path.name


def read_source(path: Path) -> str:
    if not path.is_file():
        raise SubmissionError(f"submission {str(path)!r} does not exist; pass the path of your .py file")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SubmissionError(f"cannot read submission {str(path)!r}: {exc}; save it as UTF-8 text") from exc


def _defined_names(tree: ast.Module) -> dict[str, ast.AST]:
    names: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names[node.name] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names[(alias.asname or alias.name).split(".")[0]] = node
    return names


def _imports_numba(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "numba" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "numba":
            return True
    return False


def plan(path: Path, entry: Entry) -> Plan:
    """Decide the style from the AST. Raises CompileError for CE, SubmissionError for a bad path."""
    source = read_source(path)
    try:
        tree = ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise CompileError(f"SyntaxError: {exc.msg} ({where(path, exc.lineno)})") from None
    names = _defined_names(tree)
    uses_numba = _imports_numba(tree)
    if entry.cls:
        if entry.cls not in names:  # a class statement, or a name bound to one (checked once loaded)
            raise CompileError(f"no class {entry.cls} found in {path.name}: "
                               f"define class {entry.cls} with the spec's methods")
        return Plan(str(path.resolve()), "design", entry.cls, uses_numba)
    function = next((n for n in entry.functions if n in names), None)
    solution = names.get(CLASS_NAME)
    if isinstance(solution, ast.ClassDef):
        methods = {n.name for n in solution.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        if entry.method not in methods:
            raise CompileError(
                f"class Solution has no method {entry.method} ({where(path, solution.lineno)}); "
                f"define {entry.method}(self, {', '.join(entry.params)})"
            )
        if entry.then is not None and entry.then[0] not in methods:
            raise CompileError(
                f"class Solution has no method {entry.then[0]} ({where(path, solution.lineno)}); "
                f"define {entry.then[0]}(self, {', '.join(entry.then[1])}) as well"
            )
        note = f"both class Solution and {function}() are defined; judging class Solution" if function else ""
        return Plan(str(path.resolve()), "class", entry.method, uses_numba, note)
    if function:
        if entry.then is not None and entry.then[0] not in names:
            raise CompileError(f"no {entry.then[0]} found in {path.name}: define "
                               f"{entry.then[0]}({', '.join(entry.then[1])}) beside {function}")
        return Plan(str(path.resolve()), "function", function, uses_numba)
    raise CompileError(
        f"no entry found in {path.name}: define {entry.signature()} "
        f"or class Solution with {entry.method}(self, {', '.join(entry.params)})"
    )
