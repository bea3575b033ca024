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


def _cache_dir_is_writable(package_dir: Path) -> bool:
    pycache = package_dir / "__pycache__"
    target = pycache if pycache.exists() else package_dir
    return os.access(target, os.W_OK)


if not _cache_dir_is_writable(Path(__file__).resolve().parent):
    _user_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(_user_cache) / "judge-kit" / "numba"))

import numba  # noqa: E402  (must follow the NUMBA_CACHE_DIR decision)

#: ``@jit`` compiles in nopython mode, caches to disk and releases the GIL while running.
jit = functools.partial(numba.njit, cache=True, nogil=True)
