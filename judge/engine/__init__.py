"""The judging engine: plan, load, supervise the worker, check, search, store.

It turns a submission and a problem into a :class:`~judge.model.outcomes.RunResult`,
and prints nothing.
"""
