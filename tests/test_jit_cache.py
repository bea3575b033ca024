import os
import subprocess
import sys
from pathlib import Path

from solutions._jit import choose_cache_dir, user_cache_dir

ROOT = Path(__file__).resolve().parent.parent


def test_writable_package_keeps_numbas_in_tree_cache(tmp_path):
    assert choose_cache_dir(tmp_path, {}, writable=lambda p: True) is None


def test_read_only_site_packages_moves_the_cache_to_the_user(tmp_path):
    chosen = choose_cache_dir(tmp_path, {"XDG_CACHE_HOME": str(tmp_path / "cache")}, writable=lambda p: False)
    assert chosen == str(tmp_path / "cache" / "judge-kit" / "numba")
    assert user_cache_dir({}).parts[-3:] == (".cache", "judge-kit", "numba")


def test_an_explicit_cache_dir_wins(tmp_path):
    assert choose_cache_dir(tmp_path, {"NUMBA_CACHE_DIR": "/elsewhere"}, writable=lambda p: False) is None


def test_cached_kernel_lands_in_the_chosen_folder(tmp_path):
    """End to end, in a process of its own: the kernel's cache files go where NUMBA_CACHE_DIR says."""
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "nb"), "PYTHONPATH": str(ROOT)}
    code = "from solutions.interleaving_string import is_interleave_numba as f; assert f('ab', 'c', 'acb')"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "nb").rglob("*.nbi")), "no numba index file was written"
