"""The design-problem machinery on its own: replay, the first parting step, and the repro snippet."""

from judge.model.design import mismatch, replay, snippet


class Stack:
    def __init__(self, capacity):
        if capacity < 0:
            raise ValueError("capacity")
        self.items, self.capacity = [], capacity

    def push(self, x):
        if len(self.items) == self.capacity:
            return None
        self.items.append(x)
        return len(self.items)

    def pop(self):
        return self.items.pop()  # IndexError when empty

    def size(self):
        return len(self.items)

    def top_two(self):
        return tuple(self.items[-2:])


class LeakyStack(Stack):
    """pop forgets to remove: the observation after the pop tells."""

    def pop(self):
        if not self.items:
            raise LookupError("empty")  # a parent of IndexError: not what the spec names
        return self.items[-1]


class SubclassErrorStack(Stack):
    def pop(self):
        if not self.items:
            raise type("EmptyStack", (IndexError,), {})("empty")
        return super().pop()


def observe(history):
    return [["size", []]]


CASE = {"init": [2], "ops": [["push", [5]], ["push", [6]], ["push", [7]], ["pop", []], ["pop", []], ["pop", []]]}


def test_replay_records_values_none_errors_and_observations():
    steps = replay(Stack, CASE, observe)
    assert [s["result"][0] for s in steps] == ["ok", "ok", "ok", "ok", "ok", "ok", "raise"]
    assert steps[3]["result"] == ["ok", None]  # full: push refused
    assert steps[-1]["result"][1] == "IndexError"
    assert steps[2]["observed"] == [["size", [], ["ok", 2]]]


def test_tuples_come_back_as_lists():
    steps = replay(Stack, {"init": [3], "ops": [["push", [1]], ["push", [2]], ["top_two", []]]}, None)
    assert steps[-1]["result"] == ["ok", [1, 2]]


def test_the_first_parting_step_is_found_through_an_observation():
    expected = replay(Stack, CASE, observe)
    parted = mismatch(expected, replay(LeakyStack, CASE, observe), "Stack")
    assert parted == (4, "after a.pop(): a.size() returned 2, expected 1")


def test_exceptions_compare_by_isinstance_against_the_named_type():
    expected = replay(Stack, CASE, observe)
    assert mismatch(expected, replay(SubclassErrorStack, CASE, observe), "Stack") is None
    case = {"init": [1], "ops": [["pop", []]]}
    parted = mismatch(replay(Stack, case, observe), replay(LeakyStack, case, observe), "Stack")
    assert parted == (1, "a.pop() raised LookupError, expected IndexError")


def test_a_failing_constructor_is_one_step():
    steps = replay(Stack, {"init": [-1], "ops": [["push", [1]]]}, observe)
    assert len(steps) == 1 and steps[0]["result"][1] == "ValueError"


def test_snippet_stops_at_the_parting_step():
    assert snippet(CASE, "Stack", 2) == "a = Stack(2)\na.push(5)\na.push(6)"
    assert snippet(CASE, "Stack").count("\n") == len(CASE["ops"])
