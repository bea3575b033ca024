"""The paged KV allocator's forms agree with each other and with a slow naive model, keep
the spec's invariants after every step, and follow each exact rule; the problem's
strategies, families, validation and observations do what the spec says."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from problems import paged_kv_allocator as problem
from solutions import paged_kv_allocator as ref
from solutions.paged_kv_allocator import numba as nb
from tests.naive.paged_kv_allocator import NaiveBlockAllocator

ROOT = Path(__file__).resolve().parent.parent
CLASSES = {**ref.FORMS, "naive": NaiveBlockAllocator}
ALL_CLASSES = pytest.mark.parametrize("cls", list(CLASSES.values()), ids=list(CLASSES))


# -- replay and invariants ---------------------------------------------------------------------


def plain(value):
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    assert value is None or type(value) is int, f"{value!r} is {type(value).__name__}, not a plain int"
    return value


def call(obj, name, args):
    try:
        return ("ok", plain(getattr(obj, name)(*args)))
    except (KeyError, ValueError) as exc:
        return ("raise", type(exc).__name__)


def ceil_div(a: int, b: int) -> int:
    return -(-a // b)


def check_python(a: ref.BlockAllocator) -> None:
    """The spec's three invariants on the python form's state."""
    queue = list(a._free)
    held = Counter(b for table in a._tables.values() for b in table)
    assert len(queue) == len(set(queue))
    for block, refs in enumerate(a._refs):
        assert refs == held[block]
        assert (block in queue) == (refs == 0)
    for seq, table in a._tables.items():
        assert len(table) == len(set(table)) == ceil_div(a._tokens[seq], a.block_size)


def numba_table(a: nb.NumbaBlockAllocator, s: int) -> list[int]:
    """Sequence s's table, read off the arrays: the path from its last block back to a root."""
    table, block = [], int(a._last[s])
    for _ in range(int(a._nblk[s])):
        table.append(block)
        block = int(a._prev[block])
    assert block == -1, "a table's path ends at a root"
    return table[::-1]


def check_numba(a: nb.NumbaBlockAllocator) -> None:
    """The same invariants on the arrays, the ring's bounds, and the forest's counts: a block's
    refs are the sequences that end at it plus the in-use blocks that follow it, so a last
    block's refs exceed 1 exactly when another table holds it."""
    head, length = int(a._meta[0]), int(a._meta[1])
    num_blocks = a._refs.shape[0]
    assert 0 <= length <= num_blocks and (num_blocks == 0 or 0 <= head < num_blocks)
    queue = [int(a._ring[(head + i) % num_blocks]) for i in range(length)]
    live = [s for s in range(a.max_seqs) if a._ntok[s] >= 0]
    tables = {s: numba_table(a, s) for s in live}
    held = Counter(b for table in tables.values() for b in table)
    in_use = [b for b in range(num_blocks) if a._refs[b] > 0]
    forest = Counter(int(a._last[s]) for s in live) + Counter(int(a._prev[b]) for b in in_use)
    assert len(queue) == len(set(queue))
    for block in range(num_blocks):
        assert a._refs[block] == forest[block]
        assert (block in queue) == (a._refs[block] == 0) == (held[block] == 0)
    for s, table in tables.items():
        assert len(table) == len(set(table)) == ceil_div(int(a._ntok[s]), a.block_size)
        if table:  # what copy-on-write asks: is the last block in another table too?
            assert (a._refs[table[-1]] > 1) == (held[table[-1]] > 1)
        if a._room[s] >= 0:  # room is never wrongly set
            assert a._room[s] == len(table) * a.block_size and (not table or a._refs[table[-1]] == 1)
    assert all(a._room[s] == -1 for s in range(a.max_seqs) if a._ntok[s] < 0), "room implies live"


def run_all(case: dict, check: bool = True) -> list:
    """Replay ``case`` on every class; assert they agree at each step (return value or error
    type, then the observations) and, if asked, that the invariants hold. Returns the trace."""
    objs = {name: cls(*case["init"]) for name, cls in CLASSES.items()}
    history, trace = [], []
    for name, args in case["ops"]:
        results = {k: call(o, name, args) for k, o in objs.items()}
        assert len(set(map(repr, results.values()))) == 1, (name, args, results)
        record = ["ok", results["python"][1]] if results["python"][0] == "ok" else ["raise", results["python"][1]]
        history.append((name, list(args), record))
        for o_name, o_args in problem.observations(history):
            seen = {k: call(o, o_name, o_args) for k, o in objs.items()}
            assert len(set(map(repr, seen.values()))) == 1, (name, args, o_name, o_args, seen)
        if check:
            check_python(objs["python"])
            check_numba(objs["numba"])
        trace.append(results["python"])
    return trace


def trace_of(case: dict) -> list:
    return run_all(case, check=False)


# -- agreement on Hypothesis cases -------------------------------------------------------------


@settings(max_examples=300)
@given(problem.inputs())
def test_forms_and_naive_agree_and_keep_the_invariants(case):
    problem.validate(case)
    run_all(case)


@settings(max_examples=25)
@given(problem.inputs(max_blocks=4096, max_ops=80))
def test_agree_on_larger_cases(case):
    run_all(case)


@pytest.mark.parametrize("family", sorted(problem.FAMILIES))
def test_families_agree_at_a_few_hundred_calls(family):
    run_all(problem.FAMILIES[family](300, random.Random(7)), check=family == "pressure")


# -- the batch entry -------------------------------------------------------------------------


def checksum(ids: list[int]) -> int:
    """run_stream's ids column: sum over j of (j + 1) * (id_j + 1), wrapped to int32."""
    total = sum((j + 1) * (block + 1) for j, block in enumerate(ids))
    return (total + 2**31) % 2**32 - 2**31


def python_results(init: list, ops: list) -> np.ndarray:
    """What run_stream should return, derived from the python form's public API: every id
    an allocate, append, free or block_table hands out or gives back, in order (an
    append's copy source after its new blocks)."""
    a = ref.BlockAllocator(*init)
    rows = []
    for name, args in ops:
        before = list(a._free)
        try:
            value = getattr(a, name)(*args)
        except KeyError:
            rows.append([nb.KEY_ERROR, 0])
            continue
        except ValueError:
            rows.append([nb.VALUE_ERROR, 0])
            continue
        if name in ("allocate", "append") and value is None:
            rows.append([nb.NONE, 0])
        elif name == "allocate":
            rows.append([len(value), checksum(value)])
        elif name == "append":
            new, copies = value
            rows.append([len(new), checksum(new + [src for src, _ in copies])])
        elif name == "fork":
            rows.append([0, 0])
        elif name == "free":
            after = list(a._free)
            released = after[len(before):] if a.reuse == "fifo" else after[:len(after) - len(before)]
            rows.append([len(released), checksum(released)])
        elif name == "block_table":
            rows.append([len(value), checksum(value)])
        else:
            rows.append([value, 0])
    return np.array(rows, dtype=np.int32).reshape(len(ops), 2)


@settings(max_examples=200)
@given(problem.inputs())
def test_batch_entry_equals_the_python_form(case):
    got = ref.run_stream(case["init"], ref.encode(case["ops"]))
    assert got.tolist() == python_results(case["init"], case["ops"]).tolist()


@pytest.mark.parametrize("family", sorted(problem.FAMILIES))
def test_batch_entry_equals_the_python_form_on_families(family):
    case = problem.FAMILIES[family](4000, random.Random(11))
    # probe the tables too: a block_table after every 50th call, of the last seq touched
    ops = []
    for i, op in enumerate(case["ops"]):
        ops.append(op)
        if i % 50 == 0 and op[0] != "num_free":
            ops += [["block_table", [op[1][0]]], ["num_free", []]]
    got = ref.run_stream(case["init"], ref.encode(ops))
    assert got.tolist() == python_results(case["init"], ops).tolist()


def test_encode_documents_its_rows_and_refuses_what_it_cannot_hold():
    rows = ref.encode([["allocate", [1, 3]], ["append", [1]], ["fork", [1, 2]], ["free", [1]],
                       ["block_table", [2]], ["num_free", []]])
    assert rows.dtype == np.int32 and rows.tolist() == [[0, 1, 3], [1, 1, 1], [2, 1, 2], [3, 1, 0], [4, 2, 0],
                                                          [5, 0, 0]]
    with pytest.raises(ValueError, match="encode only"):
        ref.encode([["evict", [1]]])
    with pytest.raises(ValueError, match="int32"):
        ref.encode([["allocate", [1, 2**40]]])
    with pytest.raises(nb.CapacityError, match="negative sequence id"):
        ref.run_stream([4, 2], ref.encode([["allocate", [-1, 3]]]))
    with pytest.raises(ValueError, match="opcode"):
        ref.run_stream([4, 2], np.array([[9, 0, 0]], dtype=np.int32))
    assert ref.run_stream([4, 2], ref.encode([])).shape == (0, 2)


# -- every rule, on every class ----------------------------------------------------------------


@ALL_CLASSES
def test_constructor_bounds(cls):
    for args in ((-1, 2), (4, 0), (4, -3)):
        with pytest.raises(ValueError):
            cls(*args)
    assert cls(0, 1).num_free() == 0


@ALL_CLASSES
def test_allocate_takes_ceil_blocks_from_the_head(cls):
    a = cls(8, 4)
    assert [a.allocate(s, n) for s, n in ((0, 1), (1, 4), (2, 5), (3, 0), (4, 8))] == [[0], [1], [2, 3], [], [4, 5]]
    assert a.num_free() == 2


@ALL_CLASSES
def test_allocate_none_changes_nothing(cls):
    a = cls(3, 2)
    assert a.allocate(0, 7) is None and a.num_free() == 3
    with pytest.raises(KeyError):
        a.block_table(0)
    assert a.allocate(0, 6) == [0, 1, 2]


@ALL_CLASSES
def test_allocate_errors(cls):
    a = cls(4, 2)
    a.allocate(0, 0)
    with pytest.raises(ValueError):
        a.allocate(0, 1)  # live, even with no blocks
    with pytest.raises(ValueError):
        a.allocate(1, -1)
    with pytest.raises(KeyError):
        a.block_table(1)
    a.free(0)
    assert a.allocate(0, 3) == [0, 1]  # a freed id comes back


@ALL_CLASSES
def test_append_zero_and_errors_in_order(cls):
    a = cls(4, 2)
    for n in (-1, 0, 1):
        with pytest.raises(KeyError):
            a.append(5, n)
    a.allocate(0, 1)
    a.fork(0, 1)
    assert plain(a.append(0, 0)) == [[], []] and a.num_free() == 3  # no copy-on-write on 0
    with pytest.raises(ValueError):
        a.append(0, -2)
    assert a.block_table(0) == [0] and a.block_table(1) == [0]


@ALL_CLASSES
def test_copy_on_write_dst_first_then_growth(cls):
    a = cls(8, 4)
    a.allocate(0, 6)  # [0, 1], block 1 half full
    a.fork(0, 1)
    assert plain(a.append(1, 7)) == [[2, 3, 4], [[1, 2]]]
    assert a.block_table(0) == [0, 1] and a.block_table(1) == [0, 2, 3, 4]
    assert plain(a.append(0, 2)) == [[], []]  # block 1 has one reference now: no copy


@ALL_CLASSES
def test_no_copy_when_the_shared_block_is_full(cls):
    a = cls(4, 2)
    a.allocate(0, 4)
    a.fork(0, 1)
    assert plain(a.append(0)) == [[2], []]
    assert a.block_table(1) == [0, 1]


@ALL_CLASSES
def test_append_all_or_nothing_counts_the_copy(cls):
    a = cls(4, 2)
    a.allocate(0, 3)
    a.fork(0, 1)
    a.allocate(2, 1)  # one block left
    assert a.append(1, 2) is None  # needs the copy's dst and one fresh block
    assert a.num_free() == 1 and a.block_table(1) == [0, 1]
    assert plain(a.append(1, 1)) == [[3], [[1, 3]]]  # the token count did not move


@ALL_CLASSES
def test_fork_errors_parent_first(cls):
    a = cls(4, 2)
    a.allocate(0, 1)
    for args in ((9, 0), (9, 9), (9, 8)):
        with pytest.raises(KeyError):
            a.fork(*args)
    for args in ((0, 0),):
        with pytest.raises(ValueError):
            a.fork(*args)
    a.allocate(1, 0)
    with pytest.raises(ValueError):
        a.fork(0, 1)
    assert a.num_free() == 3


@ALL_CLASSES
def test_fork_child_has_the_parents_tokens(cls):
    a = cls(4, 4)
    a.allocate(0, 4)
    a.fork(0, 1)
    a.free(0)
    assert plain(a.append(1)) == [[1], []]  # block 0 is full: the 5th token needs a new block


@ALL_CLASSES
def test_free_reverse_order_and_shared_blocks(cls):
    a = cls(6, 2)
    a.allocate(0, 6)  # [0, 1, 2]; queue [3, 4, 5]
    a.fork(0, 1)
    a.free(0)  # all still referenced by 1
    assert a.num_free() == 3
    a.free(1)  # queue [3, 4, 5, 2, 1, 0]
    assert a.allocate(2, 12) == [3, 4, 5, 2, 1, 0]
    with pytest.raises(KeyError):
        a.free(1)


@ALL_CLASSES
def test_returned_lists_are_fresh(cls):
    a = cls(4, 2)
    got = a.allocate(0, 4)
    got.append(99)
    a.block_table(0).append(98)
    assert a.block_table(0) == [0, 1]


def test_numba_capacity_is_checked():
    a = ref.NumbaBlockAllocator(4, 2, max_seqs=2)
    with pytest.raises(nb.CapacityError, match="raise max_seqs"):
        a.allocate(2, 1)
    with pytest.raises(nb.CapacityError):
        a.allocate(-1, 1)
    with pytest.raises(ValueError):
        a.allocate(5, -1)  # the spec's ValueError comes before the capacity check
    with pytest.raises(KeyError):
        a.free(7)  # out of range is simply unknown
    a.allocate(0, 1)
    with pytest.raises(nb.CapacityError):
        a.fork(0, 2)
    with pytest.raises(nb.CapacityError, match=r"1\.\.2147483647"):
        ref.NumbaBlockAllocator(4, 2, max_seqs=1 << 31)
    with pytest.raises(nb.CapacityError, match="at most 2147483647"):
        ref.NumbaBlockAllocator(1 << 31, 2)
    with pytest.raises(TypeError):
        a.allocate(1, 1.5)
    assert a.num_free() == 3


# -- the problem package -----------------------------------------------------------------------


def test_observations_follow_the_live_sequences():
    history = [
        ("allocate", [2, 1], ["ok", [0]]),
        ("allocate", [5, 9], ["ok", None]),  # None: not registered
        ("fork", [2, 0], ["ok", None]),
        ("fork", [2, 2], ["raise", "ValueError", []]),
        ("allocate", [3, 0], ["ok", []]),
        ("free", [3], ["ok", None]),
        ("free", [3], ["raise", "KeyError", []]),
    ]
    assert problem.observations(history) == [["num_free", []], ["block_table", [0]], ["block_table", [2]]]


def test_validate_accepts_the_warmup_and_the_default_append():
    problem.validate({"init": [0, 1], "ops": [["append", [3]], ["append", [3, -5]], ["num_free", []]]})
    assert problem.describe({"init": [8, 2], "ops": [["num_free", []]] * 12}) == "8 blocks of 2, 12 ops"


@pytest.mark.parametrize("family", sorted(problem.FAMILIES))
def test_families_are_valid_sized_and_deterministic(family):
    make = problem.FAMILIES[family]
    case = make(3000, random.Random(3))
    problem.validate(case)
    assert len(case["ops"]) == 3000 and case == make(3000, random.Random(3))
    a = ref.BlockAllocator(*case["init"])
    outcomes = [call(a, name, args) for name, args in case["ops"]]
    assert all(o[0] == "ok" for o in outcomes), "a serving stream makes no error calls"
    kinds = Counter(op[0] for op in case["ops"])
    assert kinds["append"] > len(case["ops"]) // 2 and kinds["allocate"] and kinds["free"] and kinds["fork"]


def test_strategy_reaches_the_interesting_cases():
    seen = Counter()

    @settings(max_examples=300, database=None)
    @given(problem.inputs())
    def collect(case):
        a = ref.BlockAllocator(*case["init"])
        for name, args in case["ops"]:
            outcome = call(a, name, args)
            if outcome[0] == "raise":
                seen[f"{name} {outcome[1]}"] += 1
            elif name in ("allocate", "append") and outcome[1] is None:
                seen[f"{name} None"] += 1
            elif name == "append" and outcome[1][1]:
                seen["copy-on-write"] += 1
            elif name == "allocate" and args[1] == 0:
                seen["allocate 0"] += 1
        seen["reused id"] += any(
            case["ops"][i][0] == "free" and any(op[0] == "allocate" and op[1][0] == case["ops"][i][1][0]
                                                for op in case["ops"][i + 1:])
            for i in range(len(case["ops"])))

    collect()
    for key in ("allocate None", "append None", "copy-on-write", "allocate ValueError", "append KeyError",
                "append ValueError", "fork KeyError", "fork ValueError", "free KeyError", "allocate 0",
                "reused id"):
        assert seen[key] > 0, (key, seen)


# -- without the JIT -------------------------------------------------------------------------------

NO_JIT_SCRIPT = """
import random
from problems import paged_kv_allocator as problem
from tests.test_paged_kv_allocator_forms import run_all, python_results
from solutions import paged_kv_allocator as ref
for name in sorted(problem.FAMILIES):
    case = problem.FAMILIES[name](80, random.Random(5))
    run_all(case)
    assert ref.run_stream(case["init"], ref.encode(case["ops"])).tolist() == python_results(
        case["init"], case["ops"]).tolist()
import json, pathlib
for c in json.loads(pathlib.Path(problem.__file__).with_name("cases.json").read_text())["cases"]:
    run_all(c["input"])
print("ok")
"""


def test_agreement_with_the_jit_disabled():
    env = {**os.environ, "NUMBA_DISABLE_JIT": "1"}
    done = subprocess.run([sys.executable, "-c", NO_JIT_SCRIPT], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


# -- the layout at vLLM sizes -------------------------------------------------------------------


@pytest.mark.parametrize("reuse", nb.REUSE_ORDERS)
def test_a_million_blocks_fit_in_o_blocks_plus_seqs_state(reuse):
    a = ref.NumbaBlockAllocator(1_000_000, 16, reuse)
    assert a.state_bytes() == 1_000_000 * (nb.BYTES_PER_BLOCK + 4) + 1024 * nb.BYTES_PER_SEQ + 24
    assert a.allocate(0, 16 * 999_998) == list(range(999_998))
    a.fork(0, 1)  # O(1): the child ends where the parent ends
    assert plain(a.append(1, 1)) == [[999_998], []]
    assert a.block_table(1)[-2:] == [999_997, 999_998] and a.num_free() == 1
    a.free(0)  # every block is still in 1's table
    assert a.num_free() == 1
    a.free(1)  # releases 999_998, 999_997, ..., 0: behind 999_999 (fifo) or in front of it (lifo)
    assert a.num_free() == 1_000_000 and a.allocate(2, 1) == ([999_998] if reuse == "lifo" else [999_999])


def test_run_stream_grows_its_rows_for_large_ids_and_refuses_negative_ones():
    ops = [["allocate", [5000, 3]], ["fork", [5000, 70_000]], ["append", [70_000, 1]], ["free", [5000]],
           ["block_table", [70_000]], ["free", [99_999]]]
    assert ref.run_stream([8, 2], ref.encode(ops)).tolist() == python_results([8, 2], ops).tolist()
    with pytest.raises(nb.CapacityError, match="negative sequence id"):
        ref.run_stream([4, 2], ref.encode([["allocate", [0, 1]], ["fork", [0, -3]]]))


def test_a_pool_too_big_for_memory_names_the_bytes_and_the_fix(monkeypatch):
    def no_memory(num_blocks, max_seqs):
        raise MemoryError

    monkeypatch.setattr(nb, "_fresh_state", no_memory)
    with pytest.raises(MemoryError, match=r"num_blocks=2147483647 .* need 34,359,762,928 bytes.*lower num_blocks"):
        ref.NumbaBlockAllocator(2**31 - 1, 16)
