import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from judge.errors import Unsupported
from judge.model.values import same, to_plain

plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=10,
)


@given(plain)
def test_plain_data_passes_through_and_equals_itself(value):
    assert same(value, to_plain(value))


def test_numpy_scalars_become_python_scalars():
    assert type(to_plain(np.bool_(True))) is bool
    assert type(to_plain(np.int64(3))) is int
    assert to_plain((np.int32(1), np.float64(2.5))) == [1, 2.5]


@pytest.mark.parametrize("value, name", [(np.array([1]), "ndarray"), (object(), "object"),
                                         ({1: 2}, "dict with non-str keys")])
def test_other_types_are_named(value, name):
    with pytest.raises(Unsupported) as info:
        to_plain(value)
    assert info.value.type_name == name


def test_int_subclass_with_lying_eq_is_unsupported():
    class Liar(int):
        def __eq__(self, other):
            return True

    with pytest.raises(Unsupported):
        to_plain(Liar(1))


def test_bool_and_int_are_kept_apart():
    assert not same(True, 1)
    assert not same(False, 0)
    assert not same([True], [1])
    assert same([1, {"a": False}], [1, {"a": False}])
