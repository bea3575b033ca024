"""A problem as the judge sees it: data from its folder plus the little Python beside it.

The CLI says ``interleaving-string``; the folder and the solutions module say
``interleaving_string``. ``module_name`` is the one place that maps between them.
"""

from __future__ import annotations

import importlib
import json
import random
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

from judge.errors import FormNotFound, KitError, MalformedProblem
from judge.model import arrays as array_form
from judge.model import forms as form_vocabulary
from judge.model.size import Size, design_size, measure
from judge.model.values import same, to_plain

PROBLEMS_PACKAGE = "problems"
#: Sizes n for the profile when problem.json names none: 16 .. 4096, doubling.
DEFAULT_PROFILE_SIZES = tuple(2**k for k in range(4, 13))
SOLUTIONS_PACKAGE = "solutions"


def module_name(slug: str) -> str:
    """``interleaving-string`` -> ``interleaving_string``."""
    return slug.replace("-", "_")


@dataclass(frozen=True)
class Entry:
    """How a submission is called: a module-level function or LeetCode's ``class Solution``."""

    functions: tuple[str, ...]
    method: str
    params: tuple[str, ...]
    cls: str | None = None  # design problems: the class the user writes
    methods: tuple[tuple[str, tuple[str, ...]], ...] = ()  # design problems: its API, for starters
    #: Array parameters and their dtypes, e.g. (("w", "float32"),): called with ndarrays.
    arrays: tuple[tuple[str, str], ...] = ()
    #: A second function the judge calls on what the first returned, e.g. ("dequantize", ("q",
    #: "scale", "zero")): the answer is then (first's result, second's result).
    then: tuple[str, tuple[str, ...]] | None = None

    def signature(self) -> str:
        if self.cls:
            return f"class {self.cls}"
        text = f"{self.functions[0]}({', '.join(self.params)})"
        if self.then:
            text += f" and {self.then[0]}({', '.join(self.then[1])})"
        return text

    @property
    def dtypes(self) -> dict[str, str]:
        """Array parameter -> dtype; empty for a problem without arrays."""
        return dict(self.arrays)

    def arguments(self, inp: dict[str, Any]) -> list[Any]:
        """The positional arguments of one call, array parameters as ndarrays."""
        return array_form.arguments(self.params, self.dtypes, inp)

    def call(self, fn: Callable[..., Any], then: Callable[..., Any] | None = None) -> Callable[[dict[str, Any]], Any]:
        """``run(input)``: ``fn`` on the input's arguments; with ``then``, the pair (fn's result,
        then(*fn's result)). A result that is not a tuple or list leaves nothing to unpack:
        (result, None), and the checker says what the first function should return."""
        if then is None:
            if not self.arrays:
                params = self.params
                return lambda inp: fn(*(inp[p] for p in params))
            return lambda inp: fn(*self.arguments(inp))

        def run(inp: dict[str, Any]) -> Any:
            first = fn(*self.arguments(inp))
            return (first, then(*first)) if isinstance(first, (tuple, list)) else (first, None)
        return run


@dataclass(frozen=True)
class Case:
    description: str
    input: dict[str, Any]
    expected: Any


@dataclass(frozen=True)
class Problem:
    slug: str
    title: str
    leetcode: int | None
    entry: Entry
    returns: str
    kind: str  # "function" (one call per case) or "design" (a sequence of calls on one object)
    size_label: str  # what n means in the profile, e.g. 'n = |s1| = |s2|'
    constraints: str
    warmup: dict[str, Any]
    profile_sizes: tuple[int, ...]
    two_sizes: tuple[str, str] | None
    directory: Path = field(compare=False)

    @classmethod
    def from_directory(cls, directory: Path) -> "Problem":
        meta_path = directory / "problem.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            entry = meta["entry"]
            return cls(
                slug=meta["slug"],
                title=meta["title"],
                leetcode=meta.get("leetcode"),
                entry=Entry(
                    tuple(entry.get("functions", ())), entry.get("method", ""), tuple(entry["params"]),
                    cls=entry.get("class"),
                    methods=tuple((name, tuple(args)) for name, args in entry.get("methods", {}).items()),
                    arrays=tuple(array_form.check_dtypes(entry.get("arrays", {}), entry["params"]).items()),
                    then=(entry["then"]["name"], tuple(entry["then"]["params"])) if "then" in entry else None,
                ),
                kind=meta.get("kind", "function"),
                returns=meta["returns"],
                size_label=meta.get("size", ""),
                constraints=meta.get("constraints", ""),
                warmup=meta["warmup"],
                profile_sizes=tuple(meta.get("profile_sizes", DEFAULT_PROFILE_SIZES)),
                two_sizes=tuple(meta["two_sizes"]) if meta.get("two_sizes") else None,
                directory=directory,
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise MalformedProblem(
                f"malformed problem {directory.name}: {meta_path.name} is unreadable or lacks {exc}; "
                "see problems/interleaving_string/problem.json for the expected shape"
            ) from exc

    # -- the data ---------------------------------------------------------------------------

    @property
    def module(self) -> str:
        return module_name(self.slug)

    @cached_property
    def spec(self) -> str:
        return (self.directory / "README.md").read_text(encoding="utf-8")

    @cached_property
    def cases(self) -> tuple[Case, ...]:
        raw = json.loads((self.directory / "cases.json").read_text(encoding="utf-8"))
        return tuple(Case(c["description"], c["input"], c["expected"]) for c in raw["cases"])

    # -- the Python beside the data ---------------------------------------------------------

    @cached_property
    def package(self) -> ModuleType:
        return importlib.import_module(f"{PROBLEMS_PACKAGE}.{self.module}")

    @cached_property
    def solutions(self) -> ModuleType:
        try:
            return importlib.import_module(f"{SOLUTIONS_PACKAGE}.{self.module}")
        except ModuleNotFoundError as exc:
            raise MalformedProblem(
                f"malformed problem {self.slug}: no module {SOLUTIONS_PACKAGE}/{self.module}.py; "
                "every problem needs its reference forms"
            ) from exc

    def strategy(self):
        """The Hypothesis strategy over valid inputs."""
        return self.package.inputs()

    @property
    def families(self) -> dict[str, Callable[[int, random.Random], dict]]:
        return dict(self.package.FAMILIES)

    @property
    def two_size_families(self) -> dict[str, Callable[[int, int, random.Random], dict]]:
        """Families sized by two parameters (e.g. |s1| and |s2|), where the problem has them."""
        return dict(getattr(self.package, "TWO_SIZE_FAMILIES", {}))

    def validate(self, inp: dict[str, Any]) -> None:
        self.package.validate(inp)

    def is_valid(self, inp: Any) -> bool:
        """``validate`` as a predicate, for candidates the judge makes itself (reductions).
        Malformed structure counts as invalid, whatever the problem's checks raise on it."""
        try:
            self.package.validate(inp)
        except (KitError, TypeError, KeyError, IndexError, ValueError, AttributeError):
            return False
        return True

    def size(self, inp: dict[str, Any]) -> Size:
        """The input's size (see judge.model.size): the problem's own rule, if it has one."""
        own = getattr(self.package, "size", None)
        if own is not None:
            return tuple(own(inp))
        if self.is_design:
            return design_size(inp)
        return (measure(inp),)

    @property
    def small_scope(self):
        """The problem's :class:`judge.model.scope.SmallScope`, or None if it has none."""
        return getattr(self.package, "SMALL_SCOPE", None)

    def describe(self, inp: dict[str, Any]) -> str:
        return self.package.describe(inp)

    @property
    def arrays(self) -> bool:
        """Whether the problem's inputs are numeric arrays (and its answers may be ndarrays)."""
        return bool(self.entry.arrays)

    def plain(self, value: Any) -> Any:
        """An answer as plain data (judge.model.values.to_plain); ndarrays too if the problem has arrays."""
        return to_plain(value, arrays=self.arrays)

    def agrees(self, inp: dict[str, Any], expected: Any, got: Any) -> bool:
        """Whether two reference forms, or a form and cases.json, agree on plain answers: equal;
        for a problem with arrays, whose float answers may differ in the last bits from form to
        form (or whose cases.json lists arrays as plain lists), accepted by its checker."""
        if same(expected, got):
            return True
        return self.arrays and self.checker is not None and self.checker(inp, expected, got) is None

    @property
    def checker(self) -> Callable[[dict, Any, Any], str | None] | None:
        """A custom checker ``check(input, expected, got) -> reason | None``, if answers aren't unique."""
        return getattr(self.package, "check", None)

    # -- the reference forms ----------------------------------------------------------------

    @cached_property
    def forms(self) -> dict[str, Callable[..., Any]]:
        registered = getattr(self.solutions, "FORMS", None)
        if not isinstance(registered, dict) or not registered:
            raise MalformedProblem(
                f"malformed solutions module {self.module}: no FORMS dict found; "
                "declare FORMS = {'2d': ..., '1d': ...} at module end"
            )
        unknown = [name for name in registered if name not in form_vocabulary.VOCABULARY]
        if unknown:
            raise MalformedProblem(
                f"malformed solutions module {self.module}: form {unknown[0]!r} is not in the "
                f"vocabulary {', '.join(form_vocabulary.VOCABULARY)}; rename it"
            )
        return dict(registered)

    @property
    def not_applicable(self) -> dict[str, str]:
        return dict(getattr(self.solutions, "NOT_APPLICABLE", {}))

    def form(self, name: str) -> Callable[..., Any]:
        if name in self.forms:
            return self.forms[name]
        if name in self.not_applicable:
            raise FormNotFound(f"form {name!r} does not apply to {self.slug}: {self.not_applicable[name]}")
        raise FormNotFound(
            f"unknown form {name!r} for {self.slug}; choose from {', '.join(self.forms)}"
        )

    @property
    def is_design(self) -> bool:
        return self.kind == "design"

    def runner(self, form: Callable[..., Any], observe: bool = True) -> Callable[[dict[str, Any]], Any]:
        """``run(input) -> answer`` for a reference form: a call, or a replay of a design case."""
        if self.is_design:
            from judge.model.design import replay, run_calls

            if not observe:  # profiling: the calls alone, not the harness that records them
                return lambda inp: run_calls(form, inp)
            return lambda inp: replay(form, inp, self.package.observations)
        return self.entry.call(form)

    @property
    def python_forms(self) -> dict[str, Callable[..., Any]]:
        """The pure-Python forms: the baselines for the time limit."""
        return {n: f for n, f in self.forms.items() if not form_vocabulary.is_jitted(n)}
