"""Load a submission in the worker: execute the file the plan names and return its entry.

``judge.engine.plan`` decided, from the source alone, which style applies; this runs
the file by path and returns a callable, or raises :class:`CompileError` with a
one-line reason.
"""

from __future__ import annotations

import importlib.util
import inspect
import sys
import traceback
from pathlib import Path
from typing import Any, Callable

from judge.engine.plan import CLASS_NAME, where
from judge.errors import CompileError
from judge.model.problem import Entry
from judge.model.submission import Plan

# LeetCode runs class-form code with these already imported; users paste such code as is.
_PRELUDE_SOURCE = """
from typing import *
import collections, heapq, bisect, functools, itertools, math, string, re
from collections import Counter, defaultdict, deque, OrderedDict
from functools import cache, lru_cache, reduce
from math import inf
"""


def _submission_line(exc: BaseException, path: str) -> int | None:
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == path:
            line = lineno
    if line is None and isinstance(exc, SyntaxError) and exc.filename == path:
        line = exc.lineno
    return line


def raised_in(exc: BaseException, path: str) -> str | None:
    """The submission's function that raised ``exc`` itself, e.g. ``"BlockAllocator.allocate"``;
    None when it came from deeper down (a library the submission called)."""
    frames = list(traceback.walk_tb(exc.__traceback__))
    if not frames or frames[-1][0].f_code.co_filename != path:
        return None
    code = frames[-1][0].f_code
    return getattr(code, "co_qualname", code.co_name)  # 3.11 adds the class


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
            f"arguments ({', '.join(params)}) ({where(Path(path), line)})"
        ) from None


def load(plan_: Plan, entry: Entry | tuple[str, ...]) -> Any:
    """Execute the submission by path and return ``call(input_dict) -> answer``, or the class
    itself for a design problem.

    ``entry`` is the problem's :class:`Entry` (a bare tuple of parameter names still works):
    it says which parameters become ndarrays and which second function, if any, the judge
    calls on what the first returned. A class-style submission gets a fresh ``Solution()``
    per call, as on LeetCode, while module and class state persist between calls in one worker.
    """
    if not isinstance(entry, Entry):
        entry = Entry((), "", tuple(entry))
    params = entry.params
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
        raise CompileError(f"{text} at import time ({where(Path(path), line)})") from None

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
        if entry.then is not None:
            second = getattr(cls, entry.then[0], None)
            if not callable(second):
                raise CompileError(f"class Solution has no callable {entry.then[0]} after import")
            _check_arity(second, f"Solution.{entry.then[0]}", ("self",) + entry.then[1], path)
            return entry.call(lambda *args: getattr(cls(), plan_.name)(*args),
                              lambda *args: getattr(cls(), entry.then[0])(*args))
        return entry.call(lambda *args: getattr(cls(), plan_.name)(*args))

    fn = getattr(module, plan_.name, None)
    if not callable(fn):
        raise CompileError(f"{plan_.name} is defined but is not callable ({type(fn).__name__})")
    _check_arity(fn, plan_.name, params, path)
    second = None
    if entry.then is not None:
        second = getattr(module, entry.then[0], None)
        if not callable(second):
            raise CompileError(f"{entry.then[0]} is defined but is not callable ({type(second).__name__})")
        _check_arity(second, entry.then[0], entry.then[1], path)
    return entry.call(fn, second)
