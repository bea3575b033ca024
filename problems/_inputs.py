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
