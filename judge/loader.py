"""From a submission file to a callable entry.

``plan`` runs in the judge: it parses the file (never runs it) and decides which
style applies. ``load`` runs in the worker: it executes the file by path and
returns a callable, or raises :class:`CompileError` with a one-line reason.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from judge.errors import SubmissionError
from judge.problem import Entry

CLASS_NAME = "Solution"

# LeetCode runs class-form code with these already imported; users paste such code as is.
_PRELUDE_SOURCE = """
from typing import *
import collections, heapq, bisect, functools, itertools, math, string, re
from collections import Counter, defaultdict, deque, OrderedDict
from functools import cache, lru_cache, reduce
from math import inf
"""


class CompileError(Exception):
    """The entry could not be loaded: the CE verdict's reason, one line."""


@dataclass(frozen=True)
class Plan:
    """What the judge decided from the source alone."""

    path: str
    style: str  # "class", "function" or "design"
    name: str  # the function name, the method name on Solution, or the design problem's class
    uses_numba: bool
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "style": self.style, "name": self.name}


def _where(path: Path, line: int | None) -> str:
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
        raise CompileError(f"SyntaxError: {exc.msg} ({_where(path, exc.lineno)})") from None
    names = _defined_names(tree)
    uses_numba = _imports_numba(tree)
    if entry.cls:
        if entry.cls not in names:  # a class statement, or a name bound to one (checked once loaded)
            raise CompileError(f"no class {entry.cls} found in {path.name}: define class {entry.cls} with the spec's methods")
        return Plan(str(path.resolve()), "design", entry.cls, uses_numba)
    function = next((n for n in entry.functions if n in names), None)
    solution = names.get(CLASS_NAME)
    if isinstance(solution, ast.ClassDef):
        methods = {n.name for n in solution.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        if entry.method not in methods:
            raise CompileError(
                f"class Solution has no method {entry.method} ({_where(path, solution.lineno)}); "
                f"define {entry.method}(self, {', '.join(entry.params)})"
            )
        note = f"both class Solution and {function}() are defined; judging class Solution" if function else ""
        return Plan(str(path.resolve()), "class", entry.method, uses_numba, note)
    if function:
        return Plan(str(path.resolve()), "function", function, uses_numba)
    raise CompileError(
        f"no entry found in {path.name}: define {entry.signature()} "
        f"or class Solution with {entry.method}(self, {', '.join(entry.params)})"
    )


def _submission_line(exc: BaseException, path: str) -> int | None:
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == path:
            line = lineno
    if line is None and isinstance(exc, SyntaxError) and exc.filename == path:
        line = exc.lineno
    return line


def describe_exception(exc: BaseException, path: str) -> tuple[str, int | None]:
    """``("ZeroDivisionError: division by zero", 12)``: the type, message and submission line."""
    message = str(exc).splitlines()[0] if str(exc) else ""
    text = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return text, _submission_line(exc, path)


def _check_arity(fn: Callable[..., Any], label: str, params: tuple[str, ...], path: str) -> None:
    target = getattr(fn, "py_func", fn)  # a numba dispatcher keeps the Python function here
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return  # builtins and exotic callables: let the first call decide
    try:
        signature.bind(*params)
    except TypeError:
        code = getattr(target, "__code__", None)
        line = getattr(code, "co_firstlineno", None)
        raise CompileError(
            f"wrong number of parameters: {label}{signature} cannot take the {len(params)} "
            f"arguments ({', '.join(params)}) ({_where(Path(path), line)})"
        ) from None


def load(plan_: Plan, params: tuple[str, ...]) -> Any:
    """Execute the submission by path and return ``call(input_dict) -> answer``, or the class
    itself for a design problem.

    A class-style submission gets a fresh ``Solution()`` per call, as on LeetCode,
    while module and class state persist between calls in one worker.
    """
    path = plan_.path
    spec = importlib.util.spec_from_file_location("submission", path)
    if spec is None or spec.loader is None:
        raise CompileError(f"cannot load {Path(path).name} as a Python module")
    module = importlib.util.module_from_spec(spec)
    if plan_.style in ("class", "design"):
        exec(_PRELUDE_SOURCE, module.__dict__)
    sys.modules["submission"] = module
    try:
        spec.loader.exec_module(module)
    except BaseException as exc:  # noqa: BLE001 - anything at import time is the submission's CE
        text, line = describe_exception(exc, path)
        raise CompileError(f"{text} at import time ({_where(Path(path), line)})") from None

    if plan_.style == "design":
        cls = getattr(module, plan_.name, None)
        if not isinstance(cls, type):
            raise CompileError(f"{plan_.name} is {type(cls).__name__} after import, not a class")
        return cls  # the judge replays each case on a fresh instance

    if plan_.style == "class":
        cls = getattr(module, CLASS_NAME, None)
        method = getattr(cls, plan_.name, None)
        if not callable(method):
            raise CompileError(f"class Solution has no callable {plan_.name} after import")
        _check_arity(method, f"Solution.{plan_.name}", ("self",) + params, path)

        def call(inp: dict[str, Any]) -> Any:
            return getattr(cls(), plan_.name)(*(inp[p] for p in params))

        return call

    fn = getattr(module, plan_.name, None)
    if not callable(fn):
        raise CompileError(f"{plan_.name} is defined but is not callable ({type(fn).__name__})")
    _check_arity(fn, plan_.name, params, path)

    def call(inp: dict[str, Any]) -> Any:
        return fn(*(inp[p] for p in params))

    return call
