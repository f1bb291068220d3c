"""Report folders: checked before a run starts, so a long run never ends in a traceback.

Strategy: the check does what writing will do, once, up front: it creates a probe
file in the folder (or in the nearest existing parent) and removes it.  Asking
``os.access`` is not enough: root passes every permission bit, yet a read-only mount
still refuses.  An existing folder is reused only when it is empty or holds a
previous report (its ``report.json``); anything else is someone's data and refused.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

REPORT_FILE = "report.json"


class FolderError(ValueError):
    """The report folder cannot be used; the message names it and says why."""


def _probe(directory: Path, what: str) -> None:
    try:
        fd, name = tempfile.mkstemp(prefix=".httpcts-probe-", dir=directory)
    except OSError as exc:
        raise FolderError(f"{what} {directory} is not writable ({exc.strerror})") from None
    os.close(fd)
    os.unlink(name)


def check_report_folder(path: str, option: str = "--report") -> Path:
    """The folder ``path`` if a report can be written there; raises FolderError."""
    folder = Path(path)
    what = f"{option} folder"
    if folder.exists() and not folder.is_dir():
        raise FolderError(f"{what} {folder} is a file, not a folder")
    if folder.is_dir():
        entries = [entry.name for entry in folder.iterdir()]
        if entries and REPORT_FILE not in entries:
            raise FolderError(
                f"{what} {folder} exists and holds no previous report ({REPORT_FILE}); "
                "refusing to write into it (name a new or empty folder)")
        _probe(folder, what)
        return folder
    parent = folder.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise FolderError(f"{what} {folder}: {parent} is not a folder")
    _probe(parent, what)
    return folder


def check_file_target(path: str, option: str, created_folder: str = "") -> None:
    """A file ``path`` can be written when the run ends (its folder may be ``created_folder``)."""
    target = Path(path)
    if target.is_dir():
        raise FolderError(f"{option} {target} is a folder, not a file")
    folder = target.parent
    if created_folder and folder.resolve() == Path(created_folder).resolve():
        return
    if not folder.is_dir():
        raise FolderError(f"{option} {target}: the folder {folder} does not exist")
    _probe(folder, f"{option} folder")
