"""A writable Numba cache for the command line: when neither the installed package (its ``__pycache__``
folders) nor the user's cache folder (``$XDG_CACHE_HOME`` or ``~/.cache``) can be written, Numba's ``cache=True``
fails on the first kernel. ``ensure_writable`` then points ``NUMBA_CACHE_DIR`` at a folder under the system's
temporary directory; it must run before numba is imported (numba reads the variable once)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

__all__ = ["KERNEL_FOLDERS", "ensure_writable"]

_PACKAGE = Path(__file__).resolve().parents[1]
# the folders of the modules with cached kernels: Numba caches each beside its source when it can
KERNEL_FOLDERS = tuple(_PACKAGE / p for p in ("engines", "engines/tiled", "engines/hashlife", "census"))


def _can_write(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (made if missing), tried the way Numba tries it."""
    try:
        os.makedirs(folder, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
        return True
    except OSError:
        return False


def _user_cache() -> Path | None:
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home directory
            return None
    return Path(base) / "numba"


def ensure_writable() -> str | None:
    """Give Numba a temporary cache folder when it has no writable one; returns the one-line notice to show, or
    None when nothing was changed (a cache folder works, ``NUMBA_CACHE_DIR`` is set, or numba is loaded)."""
    if os.environ.get("NUMBA_CACHE_DIR") or "numba" in sys.modules:
        return None
    if all(_can_write(f / "__pycache__") for f in KERNEL_FOLDERS):
        return None
    user = _user_cache()
    if user is not None and _can_write(user):
        return None
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    folder = Path(tempfile.gettempdir()) / f"life-numba-cache-{uid}"
    os.environ["NUMBA_CACHE_DIR"] = str(folder)
    where = "the install" + (f" and {user}" if user is not None else "")
    return (f"notice: Numba cannot cache compiled kernels in {where} (not writable); caching them in {folder} "
            "(kernels compile again after it is cleared)")
