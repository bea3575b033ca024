"""Every small input, in order of size: the building blocks of the small-scope phase.

A *sized generator* is a function ``gen(k)`` that yields every value of size exactly
``k`` (see :mod:`judge.model.size`), each once, in a fixed order. Generators compose:
a list of integers, a record of fields, a matrix, a call sequence. A problem's
``SMALL_SCOPE`` is a :class:`SmallScope` built from them; the judge walks it in
increasing size, so the first failing input it meets is a smallest one.

Problems whose answer does not change when letters are renamed (Interleaving String,
LCS, edit distance, distinct subsequences) enumerate one input per renaming class: the
letters first appear in alphabetical order across the fields. That reaches a larger
size for the same cost. Alphabets have at least three letters, so a solution that
silently assumes two fails here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Sequence

from judge.model.size import float_cost

Gen = Callable[[int], Iterable[Any]]
INF = float("inf")
MIN_ALPHABET = 3


def compositions(total: int, parts: int, low: Sequence[int] | None = None,
                 high: Sequence[float] | None = None) -> Iterator[tuple[int, ...]]:
    """Every way to write ``total`` as ``parts`` ordered parts, part i within low[i]..high[i],
    in lexicographic order."""
    low = list(low) if low is not None else [0] * parts
    high = list(high) if high is not None else [INF] * parts
    if parts == 0:
        if total == 0:
            yield ()
        return
    rest_low = sum(low[1:])
    rest_high = sum(high[1:])
    first_low = max(low[0], total - rest_high) if rest_high != INF else low[0]
    first_high = min(high[0], total - rest_low)
    for first in range(int(first_low), int(min(first_high, total)) + 1):
        for rest in compositions(total - first, parts - 1, low[1:], high[1:]):
            yield (first, *rest)


# -- scalars --------------------------------------------------------------------------------

def integers(low: int, high: int) -> Gen:
    """Integers in low..high; size |v|. Of one size, the negative comes first."""
    def gen(k: int) -> Iterator[int]:
        for v in ((0,) if k == 0 else (-k, k)):
            if low <= v <= high:
                yield v
    return gen


def strings(alphabet: str, min_len: int = 0, max_len: float = INF) -> Gen:
    """Strings over ``alphabet``; size = length. Of one length, in alphabetical order."""
    def gen(k: int) -> Iterator[str]:
        if min_len <= k <= max_len:
            for letters in itertools.product(alphabet, repeat=k):
                yield "".join(letters)
    return gen


def floats(values: Sequence[float]) -> Gen:
    """Floats from a fixed set, each at its :func:`judge.model.size.float_cost` (0.0 at 0; -0.0,
    ±1 at 1; ±0.5, ±1.5, ±2 at 2; ...); of one size, in the order given."""
    return choice(values, float_cost)


def fixed(values: Sequence[Any]) -> Gen:
    """A parameter whose every value has size 0 (a bit width, a flag): all of them at k = 0."""
    return choice(values, lambda value: 0)


def choice(values: Sequence[Any], size: Callable[[Any], int]) -> Gen:
    """A value from a fixed set, e.g. a pattern token; ``size(value)`` places it."""
    def gen(k: int) -> Iterator[Any]:
        for value in values:
            if size(value) == k:
                yield value
    return gen


# -- containers -------------------------------------------------------------------------------

def _product_of(gens: Sequence[Gen], sizes: Sequence[int]) -> Iterator[tuple]:
    return itertools.product(*(list(g(s)) for g, s in zip(gens, sizes)))


def lists(item: Gen, min_len: int = 0, max_len: float = INF, item_min: int = 0,
          unique: bool = False, counts: bool = True) -> Gen:
    """Lists of ``item``; size = length (when ``counts``: each element counts one) plus the
    items' sizes. ``item_min`` is the least size an item can have (1 for positive ints),
    which bounds the work. Shorter lists first, then by the items' sizes left to right.
    ``counts=False`` is for lists of lists, whose rows do not count (their cells do)."""
    if not counts and item_min == 0 and max_len == INF:
        raise ValueError("a list of items that may have size 0 and do not count needs a max_len")

    def gen(k: int) -> Iterator[list]:
        length = 0
        while length <= max_len:
            budget = k - length if counts else k
            if budget < length * item_min:
                break
            if length >= min_len:
                for sizes in compositions(budget, length, [item_min] * length):
                    for values in _product_of([item] * length, sizes):
                        if not unique or len(set(values)) == length:
                            yield list(values)
            length += 1
    return gen


def matrices(item: Gen, min_rows: int = 1, min_cols: int = 1, max_rows: float = INF,
             max_cols: float = INF) -> Gen:
    """Row-major m × n matrices (lists of rows) of ``item``; size = m·n plus the items' sizes.
    Fewer cells first, then fewer rows, then by the items' sizes in reading order."""
    def gen(k: int) -> Iterator[list[list]]:
        for cells in range(min_rows * min_cols, k + 1):
            for m in range(min_rows, int(min(max_rows, cells)) + 1):
                if cells % m or not min_cols <= cells // m <= max_cols:
                    continue
                n = cells // m
                for sizes in compositions(k - cells, cells):
                    for values in _product_of([item] * cells, sizes):
                        yield [list(values[r * n:(r + 1) * n]) for r in range(m)]
    return gen


def tuples(*items: Gen) -> Gen:
    """A fixed-length list of positional items, e.g. ``[num_blocks, block_size]``; size = the
    number of items (each counts one, as a list element) plus theirs."""
    def gen(k: int) -> Iterator[list]:
        for sizes in compositions(k - len(items), len(items)):
            for values in _product_of(items, sizes):
                yield list(values)
    return gen


def record(fields: dict[str, Gen]) -> Gen:
    """A dict of the named fields; size = the sum of theirs. The size splits over the fields
    in lexicographic order of their sizes (the first field smallest first)."""
    names = list(fields)
    gens = [fields[name] for name in names]

    def gen(k: int) -> Iterator[dict]:
        for sizes in compositions(k, len(names)):
            for values in _product_of(gens, sizes):
                yield dict(zip(names, values))
    return gen


def _renaming_classes(length: int, letters: int) -> Iterator[str]:
    """Strings of ``length`` over the first ``letters`` letters of the alphabet in which
    each letter first appears after all the letters before it (restricted growth strings),
    in alphabetical order: one string per class of letter renamings."""
    alphabet = "abcdefghijklmnopqrstuvwxyz"[:letters]

    def grow(prefix: list[str], used: int) -> Iterator[str]:
        if len(prefix) == length:
            yield "".join(prefix)
            return
        for index in range(min(used + 1, letters)):
            prefix.append(alphabet[index])
            yield from grow(prefix, max(used, index + 1))
            prefix.pop()
    return grow([], 0)


def letter_fields(names: Sequence[str], letters: int = MIN_ALPHABET, min_len: dict[str, int] | None = None,
                  max_len: dict[str, float] | None = None, renaming: bool = True) -> Gen:
    """A dict of string fields; size = their total length. With ``renaming``, one input per
    class of letter renamings (the problem's answer must not depend on which letters are
    used): letters first appear in alphabetical order reading the fields in order.
    Of one total, the lengths split lexicographically, then the letters alphabetically."""
    if letters < MIN_ALPHABET:
        raise ValueError(f"letters={letters}: the small scope needs at least {MIN_ALPHABET} letters, "
                         "so that two-letter assumptions fail")
    low = [(min_len or {}).get(name, 0) for name in names]
    high = [(max_len or {}).get(name, INF) for name in names]
    plain = strings("abcdefghijklmnopqrstuvwxyz"[:letters])

    def gen(k: int) -> Iterator[dict[str, str]]:
        for lengths in compositions(k, len(names), low, high):
            whole = _renaming_classes(k, letters) if renaming else plain(k)
            for text in whole:
                parts, start = {}, 0
                for name, length in zip(names, lengths):
                    parts[name] = text[start:start + length]
                    start += length
                yield parts
    return gen


def letters_in_order(keys: Sequence[str], letters: str) -> Callable[[dict], bool]:
    """A filter for inputs whose answer does not change when ``letters`` are renamed but
    which have other symbols too (a pattern's '.' and '*'): the letters first appear in
    alphabetical order, reading the fields in order. One input per renaming class passes."""
    def ok(inp: dict) -> bool:
        following = 0
        for key in keys:
            for char in inp[key]:
                index = letters.find(char)
                if index > following:
                    return False
                if index == following:
                    following += 1
        return True
    return ok


# -- call sequences (design problems) ----------------------------------------------------------

#: An argument that names a sequence (or any object the case creates): ids are renamed in
#: order of first use, so a case that uses 7 and 3 is enumerated once, as 0 and 1.
ID = "id"


def call_sequences(init: Gen, api: Sequence[tuple[str, tuple]], max_arguments: int) -> Gen:
    """Design cases ``{"init": [...], "ops": [[name, args], ...]}`` of exactly k calls; an
    argument is a sized generator or :data:`ID`. Of one length, in increasing size of the
    arguments (see :func:`judge.model.size.design_size`), up to ``max_arguments``."""
    def calls(budget: int, used: int, left: int) -> Iterator[list]:
        if left == 0:
            if budget == 0:
                yield []
            return
        for name, specs in api:
            for args, spent, now_used in _arguments(specs, budget, used):
                for rest in calls(budget - spent, now_used, left - 1):
                    yield [[name, args], *rest]

    def gen(k: int) -> Iterator[dict]:
        for total in range(0, max_arguments + 1):
            for init_size in range(0, total + 1):
                for first in init(init_size):
                    for ops in calls(total - init_size, 0, k):
                        yield {"init": first, "ops": ops}
    return gen


def _arguments(specs: tuple, budget: int, used: int) -> Iterator[tuple[list, int, int]]:
    """(args, their size, ids in use after them) within ``budget``. An argument counts one
    (as a list element) plus its value's size; a list argument counts only its elements,
    as :func:`judge.model.size.measure` has it."""
    if not specs:
        yield [], 0, used
        return
    head, *tail = specs
    if head == ID:
        options = [(i, 1 + i, max(used, i + 1)) for i in range(min(used + 1, budget))]
    else:
        options = [(v, size + (not isinstance(v, list)), used) for size in range(budget + 1) for v in head(size)]
        options = [option for option in options if option[1] <= budget]
    for value, size, now_used in options:
        for rest, spent, final_used in _arguments(tuple(tail), budget - size, now_used):
            yield [value, *rest], size + spent, final_used


# -- the phase's plan -------------------------------------------------------------------------

@dataclass(frozen=True)
class SmallScope:
    """Every valid input up to a size bound, in increasing size.

    ``generate(k)`` yields the candidates of size k; ``valid`` drops those the problem's
    constraints rule out (it may be the problem's ``validate`` turned into a predicate).
    ``bound`` is the default bound: the phase then takes about half a second here.
    ``rule`` says, for the report and the spec, what size means and how ties are ordered.
    """

    generate: Gen
    bound: int
    rule: str
    valid: Callable[[dict], bool] | None = None
    unit: str = "size"  # what the bound counts: "size", or "calls" for a design problem
    within: str = ""  # a limit besides the bound, e.g. "arguments of size <= 14"
    up_to: str = ""  # an equivalence the enumeration skips, e.g. "renaming the letters"

    def inputs(self, bound: int | None = None) -> Iterator[tuple[int, dict]]:
        """(k, input) for every valid input of size k <= bound, in order."""
        for k in range(0, (self.bound if bound is None else bound) + 1):
            for candidate in self.generate(k):
                if self.valid is None or self.valid(candidate):
                    yield k, candidate

    def label(self, bound: int, count: int) -> str:
        """'all 6,480 inputs up to size 8', 'all 4,246 inputs of up to 2 calls, arguments of size <= 14'."""
        what = f"up to size {bound}" if self.unit == "size" else f"of up to {bound} {self.unit}"
        return f"all {count:,} inputs {what}" + (f", {self.within}" if self.within else "")


def valid_by(validate: Callable[[dict], None], error: type[Exception]) -> Callable[[dict], bool]:
    """A problem's ``validate`` (which raises) as a predicate."""
    def ok(inp: dict) -> bool:
        try:
            validate(inp)
        except error:
            return False
        return True
    return ok
