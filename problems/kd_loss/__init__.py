"""Knowledge-distillation loss: what the data files can't express.

- ``inputs``: Hypothesis strategies that reach the edge cases (logits up to ±1e4, where a
  naive exp overflows and a log of a softmax is −inf; T from 0.5 to 20; α of exactly 0 and
  exactly 1; one class; tied logits; a teacher one-hot at a low T);
- ``SMALL_SCOPE``: every small batch of simple logits, with simple T and α;
- ``FAMILIES``: square batches and wide (vocabulary-sized) ones for profiling;
- ``validate``, ``describe``, ``size``, ``reductions`` and ``check`` (tolerances on the loss
  and on each gradient entry).
"""

from __future__ import annotations

import math
import random
from typing import Any, Callable, Iterator

import numpy as np
from hypothesis import strategies as st

from judge.errors import InvalidInput
from judge.model import scope
from judge.model.scope import SmallScope, valid_by
from judge.model.size import float_cost, measure
from problems import _arrays
from problems._inputs import check_keys, show

KEYS = ("student_logits", "teacher_logits", "labels", "temperature", "alpha")
SOURCE = "kd-loss"
MAX_SIDE = 4096
MAX_CELLS = 2**20
MAX_ABS = 1e4
T_RANGE = (0.5, 20.0)
EXAMPLE = {"student_logits": [[1.0, 0.0]], "teacher_logits": [[2.0, 0.0]], "labels": [0], "temperature": 2.0,
           "alpha": 0.5}
#: Tolerances. A correct float64 implementation is within 1e-12 of the reference here; a loss
#: computed as cross-entropy minus entropy, or sums in another order, stays far inside these.
LOSS_RTOL, LOSS_ATOL = 1e-7, 1e-8
GRAD_RTOL, GRAD_ATOL = 1e-6, 1e-9


# -- validation and size -------------------------------------------------------------------------


def _number(name: str, value: Any, low: float, high: float, why: str) -> float:
    if type(value) not in (int, float):
        raise InvalidInput(f"{name} is {type(value).__name__} {show(value)}, not a number; pass a float")
    if not (math.isfinite(value) and low <= value <= high):
        raise InvalidInput(f"{name} is {value}; {SOURCE} allows {low:g}..{high:g} ({why}) — bring it into range")
    return float(value)


def _labels(value: Any) -> list:
    return value.tolist() if isinstance(value, np.ndarray) else value


def validate(inp: dict) -> None:
    """Raise InvalidInput, with a one-line message, if ``inp`` breaks the spec's limits."""
    check_keys(inp, KEYS, SOURCE, EXAMPLE)
    rows, cols = _arrays.check_matrix("student_logits", inp["student_logits"], SOURCE, MAX_SIDE, MAX_SIDE, MAX_ABS)
    if rows * cols > MAX_CELLS:
        raise InvalidInput(f"student_logits has {rows} x {cols} = {rows * cols} logits; {SOURCE} allows "
                           f"{MAX_CELLS} — use a smaller batch")
    shape = _arrays.check_matrix("teacher_logits", inp["teacher_logits"], SOURCE, MAX_SIDE, MAX_SIDE, MAX_ABS)
    if shape != (rows, cols):
        raise InvalidInput(f"teacher_logits is {shape[0]} x {shape[1]} but student_logits is {rows} x {cols}; "
                           "give both one shape, batch x classes")
    labels = _labels(inp["labels"])
    if not isinstance(labels, list):
        raise InvalidInput(f"labels is {type(labels).__name__} {show(labels)}, not a list; pass one int per row")
    if len(labels) != rows:
        raise InvalidInput(f"labels has {len(labels)} entries for {rows} rows of logits; give one label per row")
    for i, y in enumerate(labels):
        if type(y) is not int or not 0 <= y < cols:
            raise InvalidInput(f"labels[{i}] is {show(y)}; a label is an int in 0..{cols - 1}, one of the "
                               f"{cols} classes")
    _number("temperature", inp["temperature"], *T_RANGE, "the temperatures distillation uses")
    _number("alpha", inp["alpha"], 0.0, 1.0, "the hard-label weight")


def size(inp: dict) -> tuple[int]:
    """Cells of both logit matrices plus their values' float costs, plus the labels (one per label
    plus its value), plus the float costs of temperature and alpha."""
    return (_arrays.matrix_size(inp["student_logits"], inp["teacher_logits"]) + measure(_labels(inp["labels"]))
            + float_cost(float(inp["temperature"])) + float_cost(float(inp["alpha"])),)


def describe(inp: dict) -> str:
    """'batch 2 × 3 classes, T = 2, α = 0.5'."""
    rows = _arrays.rows_of(inp["student_logits"])
    return f"batch {len(rows)} × {len(rows[0])} classes, T = {inp['temperature']:g}, α = {inp['alpha']:g}"


def reductions(inp: dict) -> Iterator[dict]:
    """A row of the batch dropped (from both logit matrices and the labels), or a class no label
    names dropped from both matrices (the labels above it renumbered)."""
    student, teacher = _arrays.rows_of(inp["student_logits"]), _arrays.rows_of(inp["teacher_logits"])
    labels = _labels(inp["labels"])
    if len(student) > 1:
        for b in range(len(student)):
            yield {**inp, "student_logits": student[:b] + student[b + 1:],
                   "teacher_logits": teacher[:b] + teacher[b + 1:], "labels": labels[:b] + labels[b + 1:]}
    for c in range(len(student[0])):
        if c not in labels and len(student[0]) > 1:
            yield {**inp, "student_logits": _arrays.drop_column(student, c),
                   "teacher_logits": _arrays.drop_column(teacher, c), "labels": [y - (y > c) for y in labels]}


# -- the checker -----------------------------------------------------------------------------------


def _loss_reason(want: float, got: Any) -> str | None:
    if isinstance(got, list) or isinstance(got, bool) or not isinstance(got, (int, float)):
        value, reason = _arrays.as_array("loss", got)
        if reason or value.size != 1:
            return reason or f"loss has shape {value.shape}; return one float, the batch mean"
        got = float(value.reshape(()))
    if not math.isfinite(got):
        return f"loss = {got}, expected {want!r}: a softmax or a log that over- or underflowed?"
    if abs(got - want) > LOSS_ATOL + LOSS_RTOL * abs(want):
        return f"loss = {got!r}, expected {want!r} (tolerance {LOSS_RTOL:g} relative + {LOSS_ATOL:g} absolute)"
    return None


def check(inp: dict, expected: Any, got: Any) -> str | None:
    """None if (loss, grad) match the reference within the tolerances; else one line naming the
    part, and for grad the first differing index and both values."""
    answer, reason = _arrays.parts(got, ("loss", "grad"), "kd_loss")
    if reason:
        return reason
    want_loss, want_grad = expected
    reason = _loss_reason(float(want_loss), answer[0])
    if reason:
        return reason
    return _arrays.compare("grad", want_grad, answer[1], False, rtol=GRAD_RTOL, atol=GRAD_ATOL)


# -- Hypothesis ------------------------------------------------------------------------------------


def _round(value: float) -> float:
    """A logit as a short binary fraction, so shrinking moves toward simple numbers."""
    return float(np.clip(round(value * 16) / 16, -MAX_ABS, MAX_ABS))


@st.composite
def _logits(draw, rows: int, cols: int, mode: str) -> list[list[float]]:
    if mode == "huge":  # gaps far past exp's range (e^709): the naive softmax overflows
        scale = draw(st.sampled_from((1e4, 4096.0, 1024.0)))
        cells = draw(st.lists(st.integers(-16, 16), min_size=rows * cols, max_size=rows * cols))
        return [[_round(cells[i * cols + j] / 16 * scale) for j in range(cols)] for i in range(rows)]
    if mode == "ties":  # equal logits within a row: a uniform softmax, or a tie for the top
        value = draw(st.sampled_from((0.0, 1.0, -3.0, 7.5)))
        grid = [[value] * cols for _ in range(rows)]
        for i, j in draw(st.lists(st.tuples(st.integers(0, rows - 1), st.integers(0, cols - 1)), max_size=cols)):
            grid[i][j] = draw(st.sampled_from((value, value + 1.0, value - 2.0)))
        return grid
    scale = draw(st.sampled_from((1.0, 4.0, 0.25, 32.0)))
    cells = draw(st.lists(st.integers(-64, 64), min_size=rows * cols, max_size=rows * cols))
    return [[_round(cells[i * cols + j] / 16 * scale) for j in range(cols)] for i in range(rows)]


@st.composite
def _one_hot(draw, rows: int, cols: int) -> list[list[float]]:
    """A teacher sure of one class: a gap of 40-400 logits, so at T <= 1 the other probabilities
    underflow to exactly 0 (0·log 0 terms of the KL), and at T = 20 they do not."""
    gap = draw(st.sampled_from((40.0, 100.0, 400.0)))
    grid = draw(_logits(rows, cols, "normal"))
    for row in grid:
        row[draw(st.integers(0, cols - 1))] += gap
    return [[_round(v) for v in row] for row in grid]


@st.composite
def _case(draw) -> dict:
    if draw(st.integers(0, 9)) == 0:
        rows, cols = draw(st.integers(1, 8)), draw(st.sampled_from((64, 128)))
    else:
        rows, cols = draw(st.integers(1, 5)), draw(st.sampled_from((1, 2, 2, 3, 4, 5, 8)))
    student_mode = draw(st.sampled_from(("normal", "normal", "huge", "ties")))
    teacher_mode = draw(st.sampled_from(("normal", "huge", "ties", "one-hot")))
    student = draw(_logits(rows, cols, student_mode))
    teacher = draw(_one_hot(rows, cols)) if teacher_mode == "one-hot" else draw(_logits(rows, cols, teacher_mode))
    if "huge" in (student_mode, teacher_mode) or teacher_mode == "one-hot":
        temperature = draw(st.sampled_from((0.5, 1.0, 0.75, 2.0)))  # low T: the gaps stay past exp's range
    else:
        temperature = draw(st.one_of(st.sampled_from((1.0, 2.0, 4.0, 8.0, 0.5, 20.0)),
                                     st.floats(*T_RANGE).map(lambda t: round(t * 8) / 8)))
    alpha = draw(st.one_of(st.sampled_from((0.0, 1.0, 0.5)), st.floats(0.0, 1.0).map(lambda a: round(a * 16) / 16)))
    labels = draw(st.lists(st.integers(0, cols - 1), min_size=rows, max_size=rows))
    return {"student_logits": student, "teacher_logits": teacher, "labels": labels, "temperature": temperature,
            "alpha": alpha}


def inputs() -> st.SearchStrategy[dict]:
    """Valid inputs: batches of 1-5 rows of 1-8 classes (one in ten 1-8 rows of 64 or 128); each
    side's logits normal-looking, huge (up to ±1e4, gaps far past e^709), tied within rows, or (the
    teacher) one-hot by a gap of 40-400; T of 0.5-20, low where the logits are huge; α exactly 0,
    1 or 0.5, or any sixteenth in between."""
    return _case()


# -- the small scope -------------------------------------------------------------------------------

SCOPE_T = (1.0, 2.0, 0.5)
SCOPE_ALPHA = (0.0, 1.0, 0.5)


def _batches(k: int) -> Iterator[dict]:
    """Every input of size k: the two logit matrices side by side as one matrix of 2C columns
    (so they share their shape), then the labels, then temperature and alpha."""
    pair = scope.matrices(scope.floats(_arrays.SCOPE_VALUES), min_cols=2)
    temperature, alpha = scope.floats(SCOPE_T), scope.floats(SCOPE_ALPHA)
    for k_pair, k_labels, k_t, k_alpha in scope.compositions(k, 4):
        for both in pair(k_pair):
            cols = len(both[0])
            if cols % 2:
                continue
            classes = cols // 2
            labels = scope.lists(scope.integers(0, classes - 1), min_len=len(both), max_len=len(both))
            for ys in labels(k_labels):
                for t in temperature(k_t):
                    for a in alpha(k_alpha):
                        yield {"student_logits": [row[:classes] for row in both],
                               "teacher_logits": [row[classes:] for row in both], "labels": ys, "temperature": t,
                               "alpha": a}


SMALL_SCOPE = SmallScope(
    _batches,
    bound=9,
    rule="size = the cells of both logit matrices plus the cost of each logit (0.0 costs 0; -0.0 and ±1 cost "
         "1; ±0.5, ±1.5 and ±2 cost 2), plus one per label and the label's value, plus the costs of "
         "temperature (1 costs 1; 2 and 0.5 cost 2) and alpha (0 costs 0, 1 costs 1, 0.5 costs 2); of one "
         "size, inputs whose logits take less of it come first, then less for the labels, then for "
         "temperature, then for alpha; logits of one size: fewer cells first, then fewer rows, then the "
         "costs in reading order, a row's student logits before its teacher logits",
    valid=valid_by(validate, InvalidInput),
    within="temperature 1, 2 or 0.5, alpha 0, 1 or 0.5",
)


# -- profiling -------------------------------------------------------------------------------------


def _batch(rows: int, cols: int, rng: random.Random) -> dict:
    """Student and teacher logits of a softmax classifier (normal, the teacher sharper), labels
    the teacher's own top class most of the time; T = 4, α = 0.5."""
    generator = np.random.default_rng(rng.randrange(2**32))
    teacher = generator.normal(0.0, 4.0, size=(rows, cols))
    student = 0.5 * teacher + generator.normal(0.0, 1.0, size=(rows, cols))
    labels = np.where(generator.random(rows) < 0.9, teacher.argmax(axis=1), generator.integers(0, cols, rows))
    return {"student_logits": student, "teacher_logits": teacher, "labels": labels.astype(np.int64),
            "temperature": 4.0, "alpha": 0.5}


def _square(n: int, rng: random.Random) -> dict:
    """A batch of n rows of n classes."""
    return _batch(n, n, rng)


def _wide(n: int, rng: random.Random) -> dict:
    """A batch of 16 rows of 16·n classes: a vocabulary-sized softmax."""
    return _batch(16, 16 * n, rng)


FAMILIES: dict[str, Callable[[int, random.Random], dict]] = {"square": _square, "wide": _wide}
