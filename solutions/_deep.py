"""Run a recursive function; if it goes deep, on a thread with a big stack and a high recursion limit.

Top-down memo forms recurse once per DP step, so their depth grows with |s1| + |s2|.
The main thread's stack (often 8 MiB) and Python's default limit of 1000 frames are too
small for that; a fresh thread can be given a stack of any size.

Both settings are process-global. The stack size is changed only while the thread is
created (it is read at start) and put back right after; the recursion limit is set for
the duration of each attempt (the shallow one below may lower it) and put back afterwards.
Nested calls are fine; concurrent calls from several threads may restore the limit while
another call still needs it.

Starting a thread costs about 75 µs here, which at n = 10 is most of a memo form's time
and bent its fitted growth exponent towards 0.8. So a call first runs on the calling
thread, allowed SHALLOW_FRAMES more frames; only a RecursionError sends it to the deep
thread. The memo forms may be called again after that: their dicts keep what finished.
"""

import sys
import threading
from typing import Any, Callable, TypeVar

T = TypeVar("T")

_START_LOCK = threading.Lock()
SHALLOW_FRAMES = 500  # tried on the calling thread first: far inside any thread's C stack


def _frames_in_use() -> int:
    frame, count = sys._getframe(), 0
    while frame is not None:
        frame, count = frame.f_back, count + 1
    return count


def call_with_deep_stack(
    fn: Callable[..., T],
    *args: Any,
    stack_mib: int = 512,
    recursion_limit: int = 100_000,
) -> T:
    """Return ``fn(*args)``, run on a thread with a ``stack_mib`` MiB stack.

    An exception raised by ``fn`` (RecursionError and MemoryError included) is re-raised
    in the caller. 512 MiB over 100 000 frames leaves about 5 KiB of C stack per frame,
    enough for frames that pass through C (``functools.lru_cache``, ``min`` with a key).
    The stack is reserved address space; pages are only touched as the recursion grows.
    ``fn`` must be safe to call again after a RecursionError (see the module's docstring).
    """
    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_frames_in_use() + SHALLOW_FRAMES)
    try:
        return fn(*args)
    except RecursionError:
        pass  # too deep for this thread: go on on a thread with a deep stack
    finally:
        sys.setrecursionlimit(old_limit)

    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = fn(*args)
        except BaseException as exc:  # handed to the caller and re-raised there
            outcome["error"] = exc

    old_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old_limit, recursion_limit))
    try:
        thread = threading.Thread(target=target, name="deep-stack", daemon=True)
        with _START_LOCK:
            old_size = threading.stack_size(stack_mib * 1024 * 1024)
            try:
                thread.start()
            except RuntimeError as exc:
                raise RuntimeError(
                    f"could not start a thread with a {stack_mib} MiB stack ({exc}); "
                    "lower stack_mib or raise the address-space limit"
                ) from exc
            finally:
                threading.stack_size(old_size)
        thread.join()
    finally:
        sys.setrecursionlimit(old_limit)

    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
