"""Shared input checks for every problem's ``validate``: one-line messages naming the value,
the limit and the fix, worded the same way across the catalogue."""

from __future__ import annotations

import json
from typing import Any, Iterable

from judge.errors import InvalidInput


def show(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_keys(inp: Any, keys: Iterable[str], source: str, example: dict[str, Any]) -> None:
    """A dict with exactly ``keys``. ``source`` names the problem, e.g. 'LeetCode 97'."""
    keys = tuple(keys)
    if not isinstance(inp, dict):
        raise InvalidInput(
            f"input is {type(inp).__name__} {show(inp)}, not a dict; give a dict like {json.dumps(example)}"
        )
    missing = [k for k in keys if k not in inp]
    if missing:
        raise InvalidInput(f"input is missing {', '.join(missing)}; give all of {', '.join(keys)}")
    extra = [k for k in inp if k not in keys]
    if extra:
        raise InvalidInput(
            f"input has unexpected key {', '.join(map(show, extra))}; {source} takes only "
            f"{', '.join(keys)} — remove it"
        )


def check_int(name: str, value: Any, low: int, high: int, source: str) -> int:
    if type(value) is not int:
        raise InvalidInput(f"{name} is {type(value).__name__} {show(value)}, not int; pass a whole number")
    if not low <= value <= high:
        raise InvalidInput(f"{name} is {value}; {source} allows {low}..{high} — bring it into range")
    return value


def check_length(name: str, length: int, low: int, high: int, source: str, unit: str) -> None:
    if length > high:
        raise InvalidInput(f"{name} has {length} {unit}; {source} allows at most {high} — shorten {name}")
    if length < low:
        raise InvalidInput(f"{name} has {length} {unit}; {source} needs at least {low} — lengthen {name}")


def check_str(name: str, value: Any, low: int, high: int, alphabet: frozenset[str] | set[str], alphabet_label: str,
              source: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{name} is {type(value).__name__} {show(value)}, not str; pass {name} as a string")
    check_length(name, len(value), low, high, source, "characters")
    for index, char in enumerate(value):
        if char not in alphabet:
            raise InvalidInput(
                f"{name} has {char!r} at index {index}; {source} allows only {alphabet_label} — replace it"
            )
    return value


def check_int_list(name: str, value: Any, low_len: int, high_len: int, low: int, high: int, source: str,
                   unit: str = "numbers") -> list[int]:
    """``unit`` names the items in the length message: "prices has 0 days"."""
    if not isinstance(value, list):
        raise InvalidInput(f"{name} is {type(value).__name__} {show(value)}, not list; pass {name} as a list")
    check_length(name, len(value), low_len, high_len, source, unit)
    for index, item in enumerate(value):
        check_int(f"{name}[{index}]", item, low, high, source)
    return value


def check_calls(ops: Any, api: dict[str, tuple[str, ...]], max_calls: int, source: str,
                optional_last: frozenset[str] = frozenset()) -> list[tuple[int, str, list]]:
    """A design case's ops: a list of ``[name, [args...]]`` calls on the spec's API.

    Methods in ``optional_last`` may leave out their last argument (``append(seq)``).
    Returns ``(index, name, args)`` for the problem's own checks of each argument.
    """
    if not isinstance(ops, list):
        raise InvalidInput(f"ops is {type(ops).__name__} {show(ops)}, not list; pass a list of [name, [args]]")
    check_length("ops", len(ops), 0, max_calls, source, "calls")
    calls = []
    for i, op in enumerate(ops):
        if not (isinstance(op, list) and len(op) == 2 and isinstance(op[1], list)):
            raise InvalidInput(f"ops[{i}] is {show(op)}; write each call as [name, [args...]]")
        name, args = op
        if name not in api:
            raise InvalidInput(f"ops[{i}] calls {show(name)}; {source} has only {', '.join(api)}")
        params = api[name]
        if not (len(args) == len(params) or (name in optional_last and len(args) == len(params) - 1)):
            raise InvalidInput(f"ops[{i}] passes {len(args)} arguments to {name}({', '.join(params)}); match it")
        calls.append((i, name, args))
    return calls


def check_block_pool(init: Any, max_blocks: int, max_block_size: int, source: str) -> None:
    """``init`` = [num_blocks, block_size], the constructor of the KV-cache allocators."""
    if not isinstance(init, list) or len(init) != 2:
        raise InvalidInput(f"init is {show(init)}; pass [num_blocks, block_size], e.g. [4, 2]")
    check_int("num_blocks", init[0], 0, max_blocks, source)
    check_int("block_size", init[1], 1, max_block_size, source)


def live_sequences(history: list) -> set[int]:
    """The KV-cache allocators' live sequence ids after ``history`` (name, args, record):
    a successful allocate that did not return None, or a fork, adds one; a successful free
    removes one. Linear in the history."""
    live: set[int] = set()
    for name, args, record in history:
        if record[0] != "ok":
            continue
        if name == "allocate" and record[1] is not None:
            live.add(args[0])
        elif name == "fork":
            live.add(args[1])
        elif name == "free":
            live.discard(args[0])
    return live
