"""The fixed vocabulary of solution forms, shared by every problem."""

CLASSIC = ("2d", "1d", "memo", "numba")
EXTRAS = ("bitset", "bitset-numba", "formula")
DESIGN = ("python", "numba")
#: Problems on numeric arrays: Python loops, vectorised numpy, a compiled kernel.
ARRAYS = ("python", "numpy", "numba")
VOCABULARY = tuple(dict.fromkeys(CLASSIC + EXTRAS + DESIGN + ARRAYS))

#: The name a user's own solution goes by in profiles and JSON.
SUBMISSION = "submission"


def is_jitted(form: str) -> bool:
    """Whether a form runs compiled code (so is not a pure-Python baseline)."""
    return "numba" in form
