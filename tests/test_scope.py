"""The small scope's building blocks against brute force: every input of each size, each once, in order.

The brute force here enumerates by plain products and filters, with no composition
logic; a block that misses or repeats an input, or puts it at the wrong size, fails.
"""

import itertools

import pytest

from judge.model import registry, scope
from judge.model.size import design_size, measure

ALPHABET = "abc"


def sized(gen, up_to: int) -> list[tuple[int, object]]:
    return [(k, value) for k in range(up_to + 1) for value in gen(k)]


def assert_same(gen, brute: list, up_to: int) -> None:
    found = sized(gen, up_to)
    keys = [repr(v) for _, v in found]
    assert len(keys) == len(set(keys)), "an input is enumerated twice"
    assert set(keys) == {repr(v) for v in brute}


def canonical(text: str) -> str:
    """Rename letters in order of first use: 'cab' -> 'abc'."""
    names: dict[str, str] = {}
    out = []
    for ch in text:
        if ch in ALPHABET and ch not in names:
            names[ch] = ALPHABET[len(names)]
        out.append(names.get(ch, ch))
    return "".join(out)


def test_compositions_are_every_split_in_order():
    got = list(scope.compositions(4, 3, [0, 1, 0], [2, 4, 4]))
    brute = [c for c in itertools.product(range(5), repeat=3) if sum(c) == 4 and c[0] <= 2 and c[1] >= 1]
    assert got == sorted(brute)


def test_lists_of_integers_are_every_list_by_its_size():
    gen = scope.lists(scope.integers(0, 3), min_len=1)
    brute = [list(c) for n in range(1, 7) for c in itertools.product(range(4), repeat=n) if n + sum(c) <= 6]
    assert_same(gen, brute, 6)
    for k, value in sized(gen, 6):
        assert measure(value) == k


def test_unique_lists_of_positive_integers():
    gen = scope.lists(scope.integers(1, 9), min_len=1, item_min=1, unique=True)
    brute = [list(c) for n in range(1, 5) for c in itertools.product(range(1, 10), repeat=n)
             if len(set(c)) == n and n + sum(c) <= 9]
    assert_same(gen, brute, 9)


def test_negative_integers_come_before_positive_ones_of_one_size():
    assert list(scope.integers(-5, 5)(3)) == [-3, 3]
    assert list(scope.integers(0, 5)(3)) == [3]
    assert list(scope.integers(-5, 5)(0)) == [0]


def test_matrices_are_every_rectangle_by_cells_plus_values():
    gen = scope.matrices(scope.integers(0, 2))
    brute = []
    for m in range(1, 6):
        for n in range(1, 6 // m + 1):
            for cells in itertools.product(range(3), repeat=m * n):
                if m * n + sum(cells) <= 5:
                    brute.append([list(cells[r * n:(r + 1) * n]) for r in range(m)])
    assert_same(gen, brute, 5)
    for k, value in sized(gen, 5):
        assert measure(value) == k


def test_letter_fields_hold_one_input_per_renaming_class():
    gen = scope.letter_fields(["x", "y", "z"])
    brute = []
    for total in range(6):
        for text in itertools.product(ALPHABET, repeat=total):
            for cut1 in range(total + 1):
                for cut2 in range(cut1, total + 1):
                    word = canonical("".join(text))
                    brute.append({"x": word[:cut1], "y": word[cut1:cut2], "z": word[cut2:]})
    assert_same(gen, brute, 5)


def test_letter_fields_need_three_letters():
    with pytest.raises(ValueError, match="at least 3 letters"):
        scope.letter_fields(["s"], letters=2)


def test_letters_in_order_keeps_one_input_per_renaming_of_the_letters_only():
    ok = scope.letters_in_order(["s", "p"], ALPHABET)
    gen = scope.record({"s": scope.strings(ALPHABET, 1), "p": scope.strings(ALPHABET + ".*", 1)})
    kept = {repr(v) for _, v in sized(gen, 4) if ok(v)}
    brute = set()
    for ls in range(1, 4):
        for lp in range(1, 5 - ls):
            for s in itertools.product(ALPHABET, repeat=ls):
                for p in itertools.product(ALPHABET + ".*", repeat=lp):
                    both = canonical("".join(s) + "".join(p))
                    brute.add(repr({"s": both[:ls], "p": both[ls:]}))
    assert kept == brute


def test_call_sequences_rename_ids_in_order_of_first_use():
    gen = scope.call_sequences(scope.tuples(scope.integers(0, 1)), [("put", (scope.ID, scope.integers(0, 1))),
                                                                    ("drop", (scope.ID,))], max_arguments=9)
    found = [v for calls in range(3) for v in gen(calls)]
    brute = set()
    for calls in range(3):
        for init in (0, 1):
            ops_choices = [("put", (i, x)) for i in range(3) for x in range(2)] + [("drop", (i,)) for i in range(3)]
            for ops in itertools.product(ops_choices, repeat=calls):
                names: dict[int, int] = {}
                renamed = [[name, [names.setdefault(args[0], len(names)), *args[1:]]] for name, args in ops]
                case = {"init": [init], "ops": renamed}
                if design_size(case)[1] <= 9:
                    brute.add(repr(case))
    assert {repr(v) for v in found} == brute
    assert len(found) == len(brute)
    sizes = [design_size(v) for v in found]
    assert sizes == sorted(sizes), "call sequences come in increasing size"


@pytest.mark.parametrize("problem", [p for p in registry.all_problems().values() if p.small_scope],
                         ids=lambda p: p.slug)
def test_a_problems_scope_is_valid_sized_and_in_order(problem):
    """Every input the scope enumerates is valid and has the size it comes at, each once,
    in increasing size: so the first failure the phase meets is a smallest one."""
    sc = problem.small_scope
    bound = min(sc.bound, 2 if sc.unit == "calls" else 8)
    seen, last = set(), ()
    for k, inp in sc.inputs(bound):
        problem.validate(inp)
        size = problem.size(inp)
        assert size[0] == k, (inp, size, k)
        assert size >= last or size[0] > last[0], (inp, size, last)
        last = size
        key = repr(inp)
        assert key not in seen
        seen.add(key)
    assert seen, "the scope enumerates nothing"


@pytest.mark.parametrize("problem", [p for p in registry.all_problems().values() if p.small_scope],
                         ids=lambda p: p.slug)
def test_a_problems_spec_states_what_size_means(problem):
    spec = " ".join(problem.spec.split())
    assert " ".join(problem.small_scope.rule.split()) in spec, f"{problem.slug}'s README lacks its size rule"
