"""Temp files for atomic writes (write, then os.replace) with an ordinary file's mode."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def create_temp_beside(path: Path) -> tuple[int, str]:
    """Create an empty temp file next to ``path``, open for writing; return (fd, name).

    tempfile.mkstemp always creates 0600, which os.replace would carry over to the output;
    this one is created 0666 minus the umask, like any file a plain open() writes.
    """
    name = str(path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp"))
    return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name
