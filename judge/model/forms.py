"""The fixed vocabulary of solution forms, shared by every problem."""

CLASSIC = ("2d", "1d", "memo", "numba")
EXTRAS = ("bitset", "bitset-numba", "formula")
DESIGN = ("python", "numba")
VOCABULARY = tuple(dict.fromkeys(CLASSIC + EXTRAS + DESIGN))

#: The name a user's own solution goes by in profiles and JSON.
SUBMISSION = "submission"


def is_jitted(form: str) -> bool:
    """Whether a form runs compiled code (so is not a pure-Python baseline)."""
    return "numba" in form
