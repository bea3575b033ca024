"""The model layer: problems, forms, values, verdicts and outcomes, as plain data.

Nothing here starts a process or prints; every other layer builds on it.
"""
