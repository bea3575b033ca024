"""The one place for numba options: every kernel in solutions/ uses ``jit`` from here.

``cache=True`` writes compiled machine code next to the source (``__pycache__``), so a
kernel compiles once per machine, not once per process. When the package is installed
somewhere read-only (site-packages owned by root), the cache goes to the user's cache
directory instead. NUMBA_CACHE_DIR is read when numba is imported, so it is set before.
An explicit NUMBA_CACHE_DIR from the environment always wins.
"""

import functools
import os
from pathlib import Path
from typing import Callable, Mapping


def user_cache_dir(environ: Mapping[str, str]) -> Path:
    base = environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "judge-kit" / "numba"


def choose_cache_dir(
    package_dir: Path,
    environ: Mapping[str, str],
    writable: Callable[[Path], bool] = lambda p: os.access(p, os.W_OK),
) -> str | None:
    """The NUMBA_CACHE_DIR to set, or None to keep numba's choice (in-tree, or the user's own)."""
    if environ.get("NUMBA_CACHE_DIR"):
        return None
    pycache = package_dir / "__pycache__"
    if writable(pycache if pycache.exists() else package_dir):
        return None
    return str(user_cache_dir(environ))


_chosen = choose_cache_dir(Path(__file__).resolve().parent, os.environ)
if _chosen is not None:
    os.environ["NUMBA_CACHE_DIR"] = _chosen

import numba  # noqa: E402  (must follow the NUMBA_CACHE_DIR decision)

#: ``@jit`` compiles in nopython mode, caches to disk and releases the GIL while running.
jit = functools.partial(numba.njit, cache=True, nogil=True)

#: ``@jit_inplace`` is ``@jit`` without numba's reference counting (NRT), for kernels that
#: only read and write the arrays they are given: they may not allocate an array or return
#: one (a view that stays inside the kernel, such as a row, is fine). Numba cannot prune the
#: incref/decref pairs around a call to a helper that branches or loops (numba#2345,
#: #2350), and each pair is an atomic add through a function pointer: measured here, 10 ns
#: per array argument per call, 30% of the prefix-cache stream kernel's time. ``_nrt`` is
#: numba's own switch for this (its maintainers use it in those issues); if a release drops
#: it, decoration fails loudly.
jit_inplace = functools.partial(numba.njit, cache=True, nogil=True, _nrt=False)
