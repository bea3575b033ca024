"""The Interleaving String forms agree with a brute-force oracle, and the problem's
strategies, families and validation do what the spec says."""

import itertools
import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from problems import interleaving_string as problem
from solutions import interleaving_string as ref
from tests.naive.interleaving_string import is_interleave_bruteforce

FORMS = pytest.mark.parametrize("form", sorted(ref.FORMS), ids=str)


def _strings_of_length(alphabet: str, length: int) -> list[str]:
    return ["".join(p) for p in itertools.product(alphabet, repeat=length)] if length >= 0 else []


def _strings_up_to(alphabet: str, length: int) -> list[str]:
    return [s for k in range(length + 1) for s in _strings_of_length(alphabet, k)]


@st.composite
def tiny_inputs(draw):
    """Lengths <= 6 over one to three letters; s3 a true interleaving, a random string of
    the right length, or a random string of any length."""
    alphabet = draw(st.sampled_from(["ab", "a", "abc"]))
    s1 = draw(st.text(alphabet, max_size=6))
    s2 = draw(st.text(alphabet, max_size=6))
    size = len(s1) + len(s2)
    kind = draw(st.sampled_from(["merge", "same-length", "any-length"]))
    if kind == "merge":
        order = draw(st.permutations([0] * len(s1) + [1] * len(s2)))
        parts = [iter(s1), iter(s2)]
        s3 = "".join(next(parts[k]) for k in order)
    elif kind == "same-length":
        s3 = draw(st.text(alphabet, min_size=size, max_size=size))
    else:
        s3 = draw(st.text(alphabet, max_size=13))
    return s1, s2, s3


@FORMS
@settings(max_examples=1500)
@given(tiny_inputs())
def test_form_agrees_with_the_oracle(form, case):
    s1, s2, s3 = case
    assert ref.FORMS[form](s1, s2, s3) == is_interleave_bruteforce(s1, s2, s3)


@FORMS
def test_form_agrees_with_the_oracle_exhaustively_up_to_length_3(form):
    """All s1, s2 over {a, b} up to length 3; s3 every string of length |s1| + |s2|,
    and of one more and one fewer character."""
    fn = ref.FORMS[form]
    words = _strings_up_to("ab", 3)
    for s1, s2 in itertools.product(words, repeat=2):
        size = len(s1) + len(s2)
        for length in (size - 1, size, size + 1):
            for s3 in _strings_of_length("ab", length):
                assert fn(s1, s2, s3) == is_interleave_bruteforce(s1, s2, s3), (s1, s2, s3)


def test_memo_survives_the_dense_family_at_n_2000():
    inp = problem.FAMILIES["dense"](2000, random.Random(0))
    assert ref.is_interleave_memo(**inp) is False


def test_deep_stack_restores_the_process_settings_and_propagates_errors():
    import sys
    import threading

    from solutions._deep import call_with_deep_stack

    limit, size = sys.getrecursionlimit(), threading.stack_size()

    def depth(k: int) -> int:
        return 0 if k == 0 else 1 + depth(k - 1)

    assert call_with_deep_stack(depth, 20_000) == 20_000
    with pytest.raises(ZeroDivisionError):
        call_with_deep_stack(lambda: 1 // 0)
    with pytest.raises(ZeroDivisionError):
        call_with_deep_stack(lambda k: depth(k) // 0, 20_000)
    assert (sys.getrecursionlimit(), threading.stack_size()) == (limit, size)


def test_a_shallow_call_stays_on_the_calling_thread_and_a_deep_one_moves():
    """A thread start costs more than a small memo run: only a RecursionError pays it."""
    import threading

    from solutions._deep import SHALLOW_FRAMES, call_with_deep_stack

    def depth_on(k: int) -> tuple[int, str]:
        return (0, threading.current_thread().name) if k == 0 else depth_on(k - 1)

    here = threading.current_thread().name
    assert call_with_deep_stack(depth_on, SHALLOW_FRAMES - 50) == (0, here)
    assert call_with_deep_stack(depth_on, SHALLOW_FRAMES + 50) == (0, "deep-stack")
    assert ref.is_interleave_memo("a" * 3000, "b" * 3000, "ab" * 3000)  # 6000 deep, from a partial memo


def test_numba_wrapper_rejects_what_the_kernel_cannot_take():
    with pytest.raises(TypeError, match="s2 is int"):
        ref.is_interleave_numba("a", 5, "a5")
    with pytest.raises(ValueError, match="s3 has non-ASCII character 'é' at index 1"):
        ref.is_interleave_numba("a", "e", "aé")


def test_inputs_are_valid_and_give_both_answers_in_reasonable_shares():
    answers: list[bool] = []

    @settings(max_examples=600, database=None, suppress_health_check=list(HealthCheck))
    @given(problem.inputs())
    def collect(inp):
        problem.validate(inp)
        answers.append(ref.is_interleave_1d(**inp))

    collect()
    share = sum(answers) / len(answers)
    assert 0.25 <= share <= 0.75, f"{share:.0%} True over {len(answers)} inputs"


@settings(max_examples=200)
@given(problem.inputs(max_len=3))
def test_inputs_respect_a_smaller_max_len(inp):
    problem.validate(inp)
    assert len(inp["s1"]) <= 3 and len(inp["s2"]) <= 3


def test_inputs_reject_a_max_len_beyond_the_constraints():
    with pytest.raises(ValueError, match="max_len=101"):
        problem.inputs(max_len=101)


@pytest.mark.parametrize("n", [0, 1, 2, 7, 50, 300])
@pytest.mark.parametrize("family, answer", [("random", True), ("dense", False)])
def test_families_have_the_documented_answer_and_size(family, answer, n):
    make = problem.FAMILIES[family]
    assert make.__doc__
    inp = make(n, random.Random(n))
    assert len(inp["s1"]) == len(inp["s2"]) == n
    assert ref.is_interleave_numba(**inp) is answer
    assert make(n, random.Random(n)) == inp  # deterministic given the rng


def test_families_are_exactly_random_and_dense():
    assert set(problem.FAMILIES) == {"random", "dense"}


def test_describe_names_the_three_lengths():
    assert problem.describe({"s1": "a" * 50, "s2": "b" * 50, "s3": "ab" * 50}) == (
        "|s1|=50, |s2|=50, |s3|=100"
    )


def test_validate_accepts_the_limits():
    problem.validate({"s1": "z" * 100, "s2": "a" * 100, "s3": "m" * 200})
    problem.validate({"s1": "", "s2": "", "s3": ""})


# --- the speed-limit forms: a row of dp as a bitset ---------------------------------

BITSET_FORMS = pytest.mark.parametrize("form", ["bitset", "bitset-numba"], ids=str)


def _interleavings(s1: str, s2: str) -> set[str]:
    """Every interleaving of s1 and s2, built the way the oracle builds them (s1's
    positions in the result, in order), once per pair instead of once per s3."""
    total = len(s1) + len(s2)
    out = set()
    for s1_positions in itertools.combinations(range(total), len(s1)):
        chosen = set(s1_positions)
        from_s1, from_s2 = iter(s1), iter(s2)
        out.add("".join(next(from_s1) if k in chosen else next(from_s2) for k in range(total)))
    return out


def test_the_hoisted_interleavings_are_the_oracle():
    words = _strings_up_to("ab", 2)
    for s1, s2 in itertools.product(words, repeat=2):
        merged = _interleavings(s1, s2)
        for s3 in _strings_of_length("ab", len(s1) + len(s2)):
            assert (s3 in merged) == is_interleave_bruteforce(s1, s2, s3), (s1, s2, s3)


def test_the_bitset_forms_are_registered_after_the_classic_ladder():
    assert list(ref.FORMS) == ["2d", "1d", "memo", "numba", "bitset", "bitset-numba"]


@BITSET_FORMS
def test_bitset_form_agrees_with_the_oracle_on_every_input_up_to_length_4(form):
    """All s1, s2 over {a, b} up to length 4 and every s3 of length |s1| + |s2|
    (116281 inputs); plus, per pair, a true interleaving with one character more and
    one fewer, which a form that skips the length check would accept or index past."""
    fn = ref.FORMS[form]
    words = _strings_up_to("ab", 4)
    for s1, s2 in itertools.product(words, repeat=2):
        merged = _interleavings(s1, s2)
        for s3 in _strings_of_length("ab", len(s1) + len(s2)):
            assert fn(s1, s2, s3) == (s3 in merged), (s1, s2, s3)
        for s3 in (s1 + s2 + "a", (s1 + s2)[:-1], s2 + s1 + "b"):
            if len(s3) != len(s1) + len(s2):
                assert fn(s1, s2, s3) is False, (s1, s2, s3)


WORD_EDGES = (63, 64, 65, 127, 128, 129)


@st.composite
def around_word_edges(draw):
    """|s2| (the row) at a word edge, |s1| at an edge or short; s3 a true interleaving,
    or one substitution or swap away from one (a near miss that may still interleave)."""
    alphabet = draw(st.sampled_from(["ab", "ab", "abc", "a", "abcdefghijklmnopqrstuvwxyz"]))
    n = draw(st.sampled_from(WORD_EDGES))
    m = draw(st.sampled_from((0, 1, 2, 30) + WORD_EDGES))
    s1 = draw(st.text(alphabet, min_size=m, max_size=m))
    s2 = draw(st.text(alphabet, min_size=n, max_size=n))
    if draw(st.booleans()):
        s1, s2 = s2, s1  # the forms put the longer string in the row; check both orders
    order = draw(st.lists(st.booleans(), min_size=m + n, max_size=m + n))
    s3 = problem._merge(s1, s2, order)
    edit = draw(st.sampled_from(["none", "substitute", "swap", "swap-adjacent"]))
    if edit != "none" and s3:
        k = draw(st.integers(0, len(s3) - 1))
        if edit == "substitute":
            s3 = s3[:k] + draw(st.sampled_from("ab")) + s3[k + 1 :]
        else:
            far = draw(st.integers(0, len(s3) - 1)) if edit == "swap" else min(k + 1, len(s3) - 1)
            chars = list(s3)
            chars[k], chars[far] = chars[far], chars[k]
            s3 = "".join(chars)
    return s1, s2, s3


def test_bitset_forms_agree_with_1d_around_word_edges():
    answers: list[bool] = []

    @settings(max_examples=150, deadline=None, database=None)
    @given(around_word_edges())
    def check(case):
        expected = ref.is_interleave_1d(*case)
        assert ref.is_interleave_bitset(*case) == expected
        assert ref.is_interleave_bitset_numba(*case) == expected
        answers.append(expected)

    check()
    assert set(answers) == {True, False}


@BITSET_FORMS
@pytest.mark.parametrize("n", [200, 1000])
@pytest.mark.parametrize("family, answer", [("random", True), ("dense", False)])
def test_bitset_form_gives_the_documented_family_answer(form, family, answer, n):
    inp = problem.FAMILIES[family](n, random.Random(n))
    assert ref.FORMS[form](**inp) is answer


@BITSET_FORMS
@pytest.mark.parametrize("edge", [63, 127, 191])
def test_a_seed_at_the_top_bit_of_a_word_carries_into_the_next(form, edge):
    """Row 0 reaches columns 0..edge; row 1's only seed is column ``edge`` (s3[edge] is
    the 'c' of s1), bit 63 of its word when edge % 64 == 63. From there only the carry
    can walk the 'b' run up to column n, across the word boundary. A signed or float
    word would lose bit 63 or the carry."""
    s2 = "a" * edge + "b" * 70
    s3 = "a" * edge + "c" + "b" * 70
    fn = ref.FORMS[form]
    assert fn("c", s2, s3) is True
    assert fn("c", s2, s3[:-1] + "a") is False  # the carry must stop at a mismatch
    assert fn(s2, "c", s3) is True  # the longer string goes to the row either way
    assert fn("a" * edge + "b" * 70, "c", "b" + s3[1:]) is False


def _kernel_types(dispatcher) -> dict[str, set[str]]:
    """Variable name (SSA suffix dropped) -> the numba types it takes in the compiled
    kernel. A kernel loaded from the disk cache keeps its annotation only as text, one
    ``#   name = expr  :: type`` line per assignment, so then the text is read."""
    (signature,) = dispatcher.signatures
    annotation = dispatcher.overloads[signature].type_annotation
    types: dict[str, set[str]] = {}
    if hasattr(annotation, "typemap"):
        pairs = [(name, str(t)) for name, t in annotation.typemap.items()]
    else:
        pairs = re.findall(r"^\s*#\s+([A-Za-z_$][\w.$]*) = .*?::\s*(.+?)\s*$", str(annotation), re.M)
    for name, t in pairs:  # a call's text reads "(int64,) -> uint64": keep the result
        types.setdefault(name.split(".")[0], set()).add(t.rsplit(" -> ", 1)[-1])
    return types


def test_the_bitset_kernel_keeps_every_word_in_uint64():
    """numba widens uint64 mixed with int64 to float64 (or int64): no value in the
    kernel may be a float, and every word value and shift amount must be uint64."""
    ref.is_interleave_bitset_numba("ab", "c", "acb")  # compiled, or loaded from the cache
    types = _kernel_types(ref._interleave_bitset_kernel)
    assert len(types) > 30, "the kernel's types could not be read"
    floats = {name: t for name, t in types.items() if any("float" in x for x in t)}
    assert not floats
    for word in ("zero", "one", "full", "bits", "top", "bit", "tail", "shift", "back", "seeds",
                 "window", "steps", "reach", "total", "carry", "word", "alive"):
        assert types[word] == {"uint64"}, (word, types[word])


def test_bitset_numba_wrapper_rejects_what_the_kernel_cannot_take():
    with pytest.raises(TypeError, match="s1 is bytes"):
        ref.is_interleave_bitset_numba(b"a", "b", "ab")
    with pytest.raises(ValueError, match="s2 has non-ASCII character 'é' at index 0"):
        ref.is_interleave_bitset_numba("a", "é", "aé")
