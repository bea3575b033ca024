"""One exception hierarchy for the whole kit.

Each error also subclasses the builtin that fits, so callers that know only the
builtin still catch it (as Hypothesis does: ``InvalidArgument(HypothesisException,
TypeError)``). Messages name the value, the limit and the fix.

Every error class of the kit is defined here and nowhere else; a test checks that.
"""


class KitError(Exception):
    """Root of every error the kit raises on purpose."""


# -- the catalogue ------------------------------------------------------------------------------

class ProblemNotFound(KitError, LookupError):
    """An unknown problem slug."""


class FormNotFound(KitError, LookupError):
    """An unknown or inapplicable solution form."""


class MalformedProblem(KitError, ValueError):
    """A problem folder or solutions module that breaks the kit's conventions."""


class InvalidInput(KitError, ValueError):
    """An input (e.g. from --case) outside the problem's constraints."""


class Unsupported(KitError, TypeError):
    """A returned value that is not plain data; carries the offending type's name."""

    def __init__(self, type_name: str):
        super().__init__(type_name)
        self.type_name = type_name


# -- the submission -----------------------------------------------------------------------------

class SubmissionError(KitError, ValueError):
    """A submission file that cannot be judged at all (missing, unreadable): a usage error."""


class CompileError(KitError, ValueError):
    """The submission's entry could not be loaded: the CE verdict's one-line reason."""


# -- the judge's own failures (IE, never a verdict) ---------------------------------------------

class RunCancelled(KitError, InterruptedError):
    """A judging or profiling run stopped on request, its worker killed (a save landed mid-run)."""


class WorkerError(KitError, RuntimeError):
    """The worker process broke the protocol: a failure of the judge, not the submission."""


class DrawFailed(KitError, RuntimeError):
    """The process that draws Hypothesis's cases failed: the judge's own failure (IE)."""


class ReferenceDisagreement(KitError, AssertionError):
    """Two reference forms, or a form and cases.json, disagree: a bug in the kit (IE)."""


# -- the practice history ----------------------------------------------------------------------

class HistoryUnreadable(KitError, OSError):
    """The history database under .judge/ cannot be used (damaged, locked, not a database)."""


# -- saves, plots and labs ----------------------------------------------------------------------

class SaveNotFound(KitError, LookupError):
    """``--compare NAME`` found no save of that name."""


class PlotUnavailable(KitError, ImportError):
    """matplotlib is not installed."""


class UnknownPreset(KitError, LookupError):
    """A model, workload or dtype name a lab does not know."""


class NoFp8(UnknownPreset):
    """FP8 compute asked of a GPU without FP8 tensor cores."""


class BadConfig(InvalidInput):
    """A config.json the labs cannot read into a model shape."""


class InfeasibleShape(KitError, ValueError):
    """A replica shape whose weights and reserve do not fit in its GPUs' memory."""
