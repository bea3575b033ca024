"""Design problems (LRU-cache style): a case is a sequence of method calls on one object.

``replay`` runs a case on a class and records every return value, raised exception
and observation as plain data; the worker replays the user's class, the judge its
reference, and ``mismatch`` finds the first step where they part. ``snippet`` prints
the calls as Python a user can paste to reproduce it.
"""

from __future__ import annotations

from typing import Any, Callable

from judge.errors import Unsupported
from judge.model.values import same, short_repr, to_plain

Record = list  # ["ok", value] | ["raise", type_name, [mro names]] | ["unsupported", type_name]
Observations = Callable[[list[tuple[str, list, Record]]], list[list]]
VARIABLE = "a"


def _call(method: Callable[..., Any], args: list) -> Record:
    try:
        value = method(*args)
    except (MemoryError, RecursionError):
        raise  # MLE and RE, as anywhere else; never a wrong answer
    except Exception as exc:  # noqa: BLE001 - a raised error is an answer here, compared by type
        return ["raise", type(exc).__name__, [c.__name__ for c in type(exc).__mro__]]
    try:
        return ["ok", to_plain(value)]
    except Unsupported as exc:
        return ["unsupported", exc.type_name]


def run_calls(cls: type, case: dict[str, Any]) -> int:
    """Make the calls and record nothing: what profiles time. Returns how many calls were made."""
    obj = cls(*case["init"])
    for name, args in case["ops"]:
        getattr(obj, name)(*args)
    return len(case["ops"])


def replay(cls: type, case: dict[str, Any], observations: Observations | None) -> list[dict[str, Any]]:
    """Construct ``cls(*init)``, then make each call in ``ops``; observe after each when asked."""
    init, ops = case["init"], case["ops"]
    try:
        obj = cls(*init)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. the spec's ValueError for num_blocks < 0
        failed = ["raise", type(exc).__name__, [c.__name__ for c in type(exc).__mro__]]
        return [{"call": ["__init__", list(init)], "result": failed, "observed": []}]
    steps: list[dict[str, Any]] = [{"call": ["__init__", list(init)], "result": ["ok", None], "observed": []}]
    history: list[tuple[str, list, Record]] = []
    for name, args in ops:
        method = getattr(obj, name, None)
        if not callable(method):
            record: Record = ["raise", "AttributeError", ["AttributeError", "Exception"]]
        else:
            record = _call(method, list(args))
        history.append((name, list(args), record))
        observed = []
        if observations is not None:
            for o_name, o_args in observations(history):
                o_method = getattr(obj, o_name, None)
                o_record = _call(o_method, list(o_args)) if callable(o_method) else [
                    "raise", "AttributeError", ["AttributeError", "Exception"]]
                observed.append([o_name, list(o_args), o_record])
        steps.append({"call": [name, list(args)], "result": record, "observed": observed})
    return steps


def _matches(expected: Record, got: Record) -> bool:
    if expected[0] == "raise":
        return got[0] == "raise" and expected[1] in got[2]  # isinstance against the spec's type
    return got[0] == "ok" and expected[0] == "ok" and same(expected[1], got[1])


def describe_record(record: Record, expected: bool = False) -> str:
    """'returned [3, 4]' / 'raised KeyError'; with ``expected``: '[3, 4]' / 'KeyError'."""
    if record[0] == "ok":
        return short_repr(record[1]) if expected else f"returned {short_repr(record[1])}"
    if record[0] == "raise":
        return record[1] if expected else f"raised {record[1]}"
    return f"returned {record[1]}, which is not plain data"


def call_text(name: str, args: list, class_name: str) -> str:
    rendered = ", ".join(repr(a) for a in args)
    if name == "__init__":
        return f"{VARIABLE} = {class_name}({rendered})"
    return f"{VARIABLE}.{name}({rendered})"


def raised_unexpectedly(want: Record, have: Record) -> bool:
    """The user's call raised where the reference returned: a runtime error, not a wrong answer."""
    return have[0] == "raise" and want[0] == "ok"


def mismatch(expected: list[dict[str, Any]], got: Any, class_name: str) -> tuple[int, str] | None:
    """The first step where ``got`` parts from ``expected``: (step index, one-line reason)."""
    if not isinstance(got, list) or len(got) != len(expected):
        return 0, "the replay did not produce one record per call"
    for index, (want, have) in enumerate(zip(expected, got)):
        call = call_text(*want["call"], class_name)
        if not _matches(want["result"], have["result"]):
            return index, (f"{call} {describe_record(have['result'])}, "
                           f"expected {describe_record(want['result'], expected=True)}")
        for (o_name, o_args, o_want), (_, _, o_have) in zip(want["observed"], have["observed"]):
            if not _matches(o_want, o_have):
                seen = call_text(o_name, o_args, class_name)
                return index, (f"after {call}: {seen} {describe_record(o_have)}, "
                               f"expected {describe_record(o_want, expected=True)}")
    return None


def snippet(case: dict[str, Any], class_name: str, upto: int | None = None) -> str:
    """The calls as Python, up to and including step ``upto`` (0 is the constructor)."""
    lines = [call_text("__init__", list(case["init"]), class_name)]
    ops = case["ops"] if upto is None else case["ops"][:upto]
    lines += [call_text(name, list(args), class_name) for name, args in ops]
    return "\n".join(lines)
