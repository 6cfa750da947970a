"""Writing files atomically: into a temporary file beside the target, moved into place only once complete.

A reader never sees a half-written file, and an error or Ctrl-C leaves the old file (if any) as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["replacing", "write_bytes", "umask"]


def umask() -> int:
    """The process's file-creation mask, read without changing it (``os.umask`` would, racing other threads)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


@contextlib.contextmanager
def replacing(path, suffix: str | None = None):
    """Yield the name of a new empty temporary file beside ``path`` (ending in ``suffix``, by default ``path``'s
    own, so that writers that go by the extension pick the right format) for the caller to write. When the block
    ends normally the file is flushed to disk, given the permissions a new file would get and moved onto
    ``path``; on any error or interrupt it is removed. Raises OSError when the temporary file cannot be made."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix or path.suffix or ".tmp", dir=folder)
    os.close(fd)
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, 0o666 & ~umask())  # mkstemp made it private
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_bytes(path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically. Raises OSError."""
    with replacing(path) as tmp:
        with open(tmp, "wb") as f:
            f.write(data)
