"""One exception hierarchy for the whole kit.

Each error also subclasses the builtin that fits, so callers that know only the
builtin still catch it. Messages name the value, the limit and the fix.
"""


class KitError(Exception):
    """Root of every error the kit raises on purpose."""


class ProblemNotFound(KitError, LookupError):
    """An unknown problem slug."""


class FormNotFound(KitError, LookupError):
    """An unknown or inapplicable solution form."""


class MalformedProblem(KitError, ValueError):
    """A problem folder or solutions module that breaks the kit's conventions."""


class InvalidInput(KitError, ValueError):
    """An input (e.g. from --case) outside the problem's constraints."""


class SubmissionError(KitError, ValueError):
    """A submission file that cannot be judged at all (missing, unreadable)."""


class WorkerError(KitError, RuntimeError):
    """The worker process broke the protocol: a failure of the judge, not the submission."""
