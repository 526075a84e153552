"""Atomic writes: a temp file with an ordinary file's mode (write, then os.replace), and a
staging folder for a set of outputs (report folder, worklist, findings.json) that replace
the previous ones together or not at all."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def create_temp_beside(path: Path) -> tuple[int, str]:
    """Create an empty temp file next to ``path``, open for writing; return (fd, name).

    tempfile.mkstemp always creates 0600, which os.replace would carry over to the output;
    this one is created 0666 minus the umask, like any file a plain open() writes.
    """
    name = str(path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp"))
    return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name


@contextmanager
def staged_outputs(out_dir: Path) -> Iterator[Path]:
    """A hidden folder inside ``out_dir`` to write outputs into.

    When the block ends normally, each file and folder written there replaces its namesake
    in ``out_dir`` (see ``move_in``); when it raises, the folder is removed and ``out_dir``
    is as it was: a failure halfway never leaves a half-written or emptied report.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stage = out_dir / f".outputs-{uuid.uuid4().hex}.tmp"
    stage.mkdir()
    try:
        yield stage
        move_in(stage, out_dir)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def move_in(stage: Path, out_dir: Path) -> None:
    """Move every entry of ``stage`` into ``out_dir``, replacing entries of the same name.

    Renames only (``stage`` is inside ``out_dir``, on the same file system): the old entries
    are moved aside first and deleted only once every new one is in; should a rename fail,
    the new entries moved so far go back and the old ones return.
    """
    names = sorted(entry.name for entry in stage.iterdir())
    aside = out_dir / f".outputs-old-{uuid.uuid4().hex}.tmp"
    aside.mkdir()
    set_aside: list[str] = []
    moved_in: list[str] = []
    try:
        for name in names:
            if os.path.lexists(out_dir / name):
                os.replace(out_dir / name, aside / name)
                set_aside.append(name)
        for name in names:
            os.replace(stage / name, out_dir / name)
            moved_in.append(name)
    except BaseException:
        for name in reversed(moved_in):
            os.replace(out_dir / name, stage / name)
        for name in reversed(set_aside):
            os.replace(aside / name, out_dir / name)
        aside.rmdir()  # empty again; had a rename back failed, the old outputs stay there
        raise
    shutil.rmtree(aside, ignore_errors=True)
